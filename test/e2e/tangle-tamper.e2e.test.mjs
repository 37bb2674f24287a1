// End-to-end: the Tangle screen's file import refuses a tampered archive whose framing, proof of work
// and ids are all good, so that only a deeper check can catch it. The test exports a real one-tx
// bundle from one browser, changes one payload byte in Node, and re-does the proof of work with the
// independent reference (./kerl-pow-ref.mjs) and the id with @noble/hashes:
//   - bad bundle hash: the payload changed, the bundle hash field left as it was (BUNDLE_HASH);
//   - bad signature: the payload changed and the bundle hash re-computed to match, so the tail's
//     signature, made over the old hash, no longer verifies (SIGNATURE_INVALID).
// A second browser imports each file: the report names that refusal and nothing else, and the stored
// counters do not move. The untouched file is then taken, which shows the tampering was the cause.
// Byte layout: web/core/tx/layout.ts (docs/design.md "Transactions and bundles", "Proof of work").
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { blake2b } from '@noble/hashes/blake2.js';
import { Problems, assertAccessible, dist, launchBrowser, startServer, stopChild, until } from './_harness.mjs';
import { patient } from './_identity.mjs';
import { counters, createBundle, openTangle, setNetworkMwm, text } from './_tangle.mjs';
import { kerlPow } from './kerl-pow-ref.mjs';

/** The test network's MWM, as in tangle.e2e.test.mjs. */
const MWM = 3;

// Layout v1 (web/core/tx/layout.ts), restated here so the test does not read the code under test.
const TX_SIZE = 1280;
const PAYLOAD_OFFSET = 80; // payload bytes start here (after PAYLOAD_LENGTH at 78)
const BUNDLE_OFFSET = 1104; // the bundle hash field; the hash covers each member's [0, 1104)
const BUNDLE_LENGTH = 32;
const NONCE_OFFSET = 1272; // u64 little-endian, the last field; PoW covers [0, 1272)
// Archive "MTX2": magic (4) | network name (32) | MWM (1) | 3 zero bytes | count (u32 LE) | count × ( id (32) | tx (1280) ).
const HEADER = 44;
const COUNT_OFFSET = 40;
const ID_LENGTH = 32;

let server = null;
let browser = null;
const problems = new Problems();

before(async () => {
  assert.ok(existsSync(resolve(dist, 'index.html')), 'dist/ has no build: run `npm run build` first');
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server) await stopChild(server.child);
});

const blake256 = (bytes) => blake2b(bytes, { dkLen: 32 });

/** The one tx of a one-record archive, checked to be well framed. */
function onlyTx(archive) {
  assert.equal(archive.subarray(0, 4).toString('latin1'), 'MTX2', 'the export is a format-2 archive');
  assert.equal(archive.readUInt32LE(COUNT_OFFSET), 1, 'it holds one tx');
  assert.equal(archive.length, HEADER + ID_LENGTH + TX_SIZE, 'one whole record, nothing after it');
  const tx = new Uint8Array(archive.subarray(HEADER + ID_LENGTH));
  assert.deepEqual(Buffer.from(archive.subarray(HEADER, HEADER + ID_LENGTH)), Buffer.from(blake256(tx)), 'the claimed id is BLAKE2b-256 of the tx');
  return tx;
}

/** The smallest nonce giving `tx` a weight of at least MWM under the reference Kerl-PoW v1, written into a copy. */
function redoPow(tx) {
  const out = tx.slice();
  const message = out.subarray(0, NONCE_OFFSET);
  for (let nonce = 0n; ; nonce++) {
    // 3^MWM = 27 attempts on average; 100,000 without a hit would mean the reference is broken.
    assert.ok(nonce < 100_000n, 'no nonce found: the reference PoW cannot be right');
    if (kerlPow(message, nonce).weight >= MWM) {
      new DataView(out.buffer, out.byteOffset).setBigUint64(NONCE_OFFSET, nonce, true);
      return out;
    }
  }
}

/** A one-record archive of `tx` with its true id, under the header of `like` (same network). */
function archiveOf(tx, like) {
  const out = Buffer.alloc(HEADER + ID_LENGTH + TX_SIZE);
  like.copy(out, 0, 0, HEADER);
  out.writeUInt32LE(1, COUNT_OFFSET);
  out.set(blake256(tx), HEADER);
  out.set(tx, HEADER + ID_LENGTH);
  return out;
}

/** The reason codes of the report's refused list. */
const refusedReasons = (page) =>
  page.locator('[data-testid="import-rejected"] [data-reason]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')));

test('a well-framed archive with a bad bundle hash or a bad signature is refused, and nothing stored changes', async () => {
  const source = await problems.newContext(browser);
  const target = await problems.newContext(browser);
  try {
    // One browser makes a one-tx bundle at the test MWM and exports it.
    const page = await openTangle(problems, source, server.url, { as: patient('Source') });
    await setNetworkMwm(page, MWM);
    const body = 'Tamper test: pulse 64 at rest.';
    await createBundle(page, body, 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-file').click()]);
    const good = readFileSync(await download.path());
    const tx = onlyTx(good);
    // The reference PoW agrees with the app on the exported tx: re-doing it below is meaningful.
    const nonce = new DataView(tx.buffer, tx.byteOffset).getBigUint64(NONCE_OFFSET, true);
    assert.ok(kerlPow(tx.subarray(0, NONCE_OFFSET), nonce).weight >= MWM, 'the exported tx has PoW weight >= MWM by the reference');
    const payloadLength = new DataView(tx.buffer, tx.byteOffset).getUint16(PAYLOAD_OFFSET - 2, true);
    assert.equal(
      Buffer.from(tx.subarray(PAYLOAD_OFFSET, PAYLOAD_OFFSET + payloadLength)).toString('utf8'),
      body,
      'a test bundle\'s payload is the text as typed',
    );

    // 'T' (0x54) becomes 'U': still text, inside the payload, so no layout or padding rule objects.
    const changed = tx.slice();
    changed[PAYLOAD_OFFSET] ^= 0x01;
    const badHash = redoPow(changed);
    const resigned = changed.slice();
    resigned.set(blake256(resigned.subarray(0, BUNDLE_OFFSET)), BUNDLE_OFFSET);
    assert.notDeepEqual(resigned.subarray(BUNDLE_OFFSET, BUNDLE_OFFSET + BUNDLE_LENGTH), tx.subarray(BUNDLE_OFFSET, BUNDLE_OFFSET + BUNDLE_LENGTH));
    const badSignature = redoPow(resigned);

    // A second browser, with its own storage and a bundle of its own, so the counters are not zero.
    const other = await openTangle(problems, target, server.url, { as: patient('Target') });
    await setNetworkMwm(other, MWM);
    await createBundle(other, 'Receiving browser: its own record.', 1);
    const start = await counters(other);

    const cases = [
      { file: 'bad-bundle-hash.mtx', tx: badHash, reason: 'BUNDLE_HASH', message: /The bundle’s fingerprint \(hash\) does not match its transactions\. code: BUNDLE_HASH/ },
      { file: 'bad-signature.mtx', tx: badSignature, reason: 'SIGNATURE_INVALID', message: /The signature does not match the issuer’s key: the bundle was changed, or not signed by its issuer\. code: SIGNATURE_INVALID/ },
    ];
    let rejected = start.rejected;
    for (const c of cases) {
      await other.getByTestId('import-file').setInputFiles({ name: c.file, mimeType: 'application/octet-stream', buffer: archiveOf(c.tx, good) });
      const report = await until(() => text(other, 'import-report'), (t) => t.includes(c.file), `the import of ${c.file} reports`);
      assert.match(report, new RegExp(`^Nothing was stored from ${c.file.replace('.', '\\.')}`), report);
      assert.deepEqual(await refusedReasons(other), [c.reason], `${c.file}: the one refusal is ${c.reason}: ${report}`);
      await assertAccessible(other, `Tangle, ${c.file} refused`);
      assert.match(report, c.message, report);
      // The shallower checks passed: the file was read whole and the PoW and id were good.
      assert.doesNotMatch(report, /POW|ID_MISMATCH|GARBAGE|TRUNCATED|not a medtangle/, report);
      rejected++;
      await until(() => counters(other), (v) => v.rejected === rejected, `${c.file}: the rejected count goes up by one`);
      assert.deepEqual(await counters(other), { ...start, rejected }, `${c.file}: nothing stored changes`);
      assert.match(await text(other, 'stat-rejected-reasons'), new RegExp(`\\(1 of them\\) code: ${c.reason}`), 'the stats name the reason, in words with its code in small print');
    }

    // The untouched export is taken: the refusals came from the tampering, not from the file's origin.
    await other.getByTestId('import-file').setInputFiles({ name: 'untouched.mtx', mimeType: 'application/octet-stream', buffer: good });
    await until(() => text(other, 'import-report'), (t) => /^Stored 1 transaction/.test(t), 'the untouched file is stored');
    await until(() => counters(other), (v) => v.txs === start.txs + 1, 'the counters show the stored tx');
    problems.assertNone();
  } finally {
    await source.close();
    await target.close();
  }
});
