// End-to-end: the Sync screen of the production build (dist/, from `npm run build`), in two browser
// contexts (two devices, each with its own storage) on the test network. Each makes a test bundle;
// A shows its code, the test reads the text off the page and pastes it into B, B's answer is read
// and pasted into A, and the two replicas sync over a real WebRTC data channel on loopback (no STUN
// or TURN). Both copies end equal: the counts on the screen, and the ids in the files each exports
// from the same screen. The QR code A drew decodes back to the very text A showed (jsQR, an
// independent decoder, on the SVG rasterised by the page). Bad codes are named in words. A second
// pass: B only receives, so A gets nothing of B's. axe-core runs on each state.
// Loopback only (TOOLCHAIN.md "WebRTC in headless Chromium"): each page calls getUserMedia once so
// Chromium offers a 127.0.0.1 candidate, and the test drops every other candidate from the code it
// pastes (decoding the text by docs/sync.md, independently of the app's codec); the QR check uses
// the text as shown.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, decodeQr, dist, launchBrowser, root, startServer, stopChild, until } from './_harness.mjs';
import { patient } from './_identity.mjs';
import { STEP_TIMEOUT, createBundle, openTangle, setNetworkMwm, text } from './_tangle.mjs';

const MWM = 3;
const OUT = resolve(root, 'build/e2e-sync');

let server = null;
let browser = null;
const problems = new Problems();

before(async () => {
  assert.ok(existsSync(resolve(dist, 'index.html')), 'dist/ has no build: run `npm run build` first');
  mkdirSync(OUT, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server) await stopChild(server.child);
});

/** The bytes of a code text ("mt1." + base64url), by docs/sync.md. */
function codeBytes(code) {
  assert.ok(code.startsWith('mt1.'), `a code starts with mt1.: ${code}`);
  return Buffer.from(code.slice(4), 'base64url');
}

/**
 * The code with only its 127.0.0.1 candidates, read and written by the layout in docs/sync.md
 * ("The cut-down offer and answer"), so the devices' checks and traffic stay on loopback.
 */
function loopbackOnly(code) {
  const b = codeBytes(code);
  let at = 2;
  at += 1 + b[at]; // ufrag
  at += 1 + b[at]; // pwd
  at += 32 + 2; // fingerprint, SCTP port
  const countAt = at;
  const n = b[at++];
  const kept = [];
  for (let i = 0; i < n; i++) {
    const start = at;
    at += 1; // type
    const kind = b[at++];
    const addr = kind === 4 ? b.subarray(at, at + 4) : null;
    at += kind === 4 ? 4 : kind === 6 ? 16 : 1 + b[at];
    at += 2; // port
    if (addr && addr.join('.') === '127.0.0.1') kept.push(b.subarray(start, at));
  }
  assert.equal(at, b.length, 'the code ends after its candidates');
  assert.ok(kept.length > 0, 'the code offers a loopback candidate');
  const out = Buffer.concat([b.subarray(0, countAt), Buffer.from([kept.length]), ...kept]);
  return `mt1.${out.toString('base64url')}`;
}

/** The txs' ids (hex, sorted) in a format-2 archive file (docs/formats.md "Archive files"). */
function archiveIds(bytes) {
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'MTX2');
  const count = bytes.readUInt32LE(40);
  assert.equal(bytes.length, 44 + count * 1312, 'the file holds whole records');
  const ids = [];
  for (let k = 0; k < count; k++) ids.push(bytes.subarray(44 + k * 1312, 44 + k * 1312 + 32).toString('hex'));
  return ids.sort();
}

/** A device: a guarded page with an identity (so it can make bundles) on the test network, with `bundles` test bundles of one tx. */
async function device(label, bundles) {
  const context = await problems.newContext(browser, { viewport: { width: 1000, height: 1200 }, acceptDownloads: true });
  const page = await openTangle(problems, context, server.url, { as: patient(label) });
  await setNetworkMwm(page, MWM);
  for (let i = 0; i < bundles; i++) await createBundle(page, `Sync test ${label} ${i}`, 1);
  // Without one getUserMedia call Chromium offers no 127.0.0.1 candidate (TOOLCHAIN.md).
  await page.evaluate(async () => {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of s.getTracks()) t.stop();
  });
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-flow').waitFor();
  assert.equal(await page.title(), 'Sync · medtangle');
  await until(() => txCount(page), (n) => n === bundles, `${label}'s Sync screen counts its ${bundles} txs`, STEP_TIMEOUT);
  return { context, page };
}

/** The tx count the Sync screen shows. */
async function txCount(page) {
  const m = /holds ([\d,]+) transactions?/.exec(await text(page, 'sync-tx-count'));
  return m ? Number(m[1].replace(/,/g, '')) : null;
}

const step = (page) => page.getByTestId('sync-flow').getAttribute('data-step');

/** The ids of every tx the page's replica holds, from the file it exports on the Sync screen. */
async function exportedIds(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-file').click()]);
  const file = resolve(OUT, name);
  await download.saveAs(file);
  return archiveIds(readFileSync(file));
}

/**
 * The steps on both screens: A shows a code, B enters it (after two bad ones), B's answer goes to
 * A, and both sync. `receiveOnly`: B only receives. Returns the codes as shown.
 */
async function connect(a, b, { receiveOnly = false, checks = false } = {}) {
  if (checks) await assertAccessible(a, 'Sync, first step');
  if (receiveOnly) await b.getByTestId('sync-direction-receive').check();
  await a.getByTestId('sync-show').click();
  await until(() => step(a), (s) => s === 'offer', 'A shows its code', STEP_TIMEOUT);
  const offer = await a.getByTestId('sync-code').inputValue();
  assert.match(offer, /^mt1\.[A-Za-z0-9_-]+$/);
  assert.equal(await decodeQr(a, 'sync-qr'), offer, "the QR code A drew decodes to A's code as shown");
  if (checks) await assertAccessible(a, 'Sync, this device shows its code');

  await b.getByTestId('sync-enter').click();
  await b.getByTestId('sync-code-input').waitFor();
  if (checks) {
    // Bad codes are named in words, and nothing else happens.
    await b.getByTestId('sync-code-input').fill('hello');
    await b.getByTestId('sync-code-submit').click();
    assert.match(await text(b, 'sync-code-error'), /^This is not a medtangle sync code: a sync code starts with mt1\./);
    assert.equal(await b.getByTestId('sync-code-input').getAttribute('aria-invalid'), 'true');
    await assertAccessible(b, 'Sync, a code that is not one');
    await b.getByTestId('sync-code-input').fill(offer.slice(0, 60));
    await b.getByTestId('sync-code-submit').click();
    assert.match(await text(b, 'sync-code-error'), /^The code is cut short/);
    assert.equal(await step(b), 'enter-offer');
  }
  await b.getByTestId('sync-code-input').fill(loopbackOnly(offer));
  await b.getByTestId('sync-code-submit').click();
  await until(() => step(b), (s) => s === 'answer' || s === 'syncing' || s === 'done', 'B shows its answer', STEP_TIMEOUT);
  const answer = await b.getByTestId('sync-code').inputValue();
  assert.notEqual(answer, offer);
  assert.equal(await decodeQr(b, 'sync-qr'), answer, "the QR code B drew decodes to B's code as shown");
  if (checks) {
    await assertAccessible(b, 'Sync, the other device shows its answer');
    // A's own code (an offer) pasted back into A is named as the wrong kind of code.
    await a.getByTestId('sync-code-input').fill(offer);
    await a.getByTestId('sync-code-submit').click();
    assert.match(await text(a, 'sync-code-error'), /^This is a first code, not an answer/);
  }
  await a.getByTestId('sync-code-input').fill(loopbackOnly(answer));
  await a.getByTestId('sync-code-submit').click();
  for (const [who, page] of [['A', a], ['B', b]]) {
    await until(() => step(page), (s) => s === 'done' || s === 'failed', `${who}'s sync ends`, STEP_TIMEOUT);
    assert.equal(await step(page), 'done', `${who}: ${await text(page, 'sync-flow')}`);
  }
  return { offer, answer };
}

test('two devices sync both ways over a real WebRTC data channel, through the codes their Sync screens show', async () => {
  const A = await device('Sync A', 2);
  const B = await device('Sync B', 1);
  try {
    const a = A.page;
    const b = B.page;
    await connect(a, b, { checks: true });
    // A had 2 txs, B had 1: each received the other's.
    assert.equal(await text(a, 'sync-stored'), '1');
    assert.equal(await text(a, 'sync-sent'), '2');
    assert.equal(await text(b, 'sync-stored'), '2');
    assert.equal(await text(b, 'sync-sent'), '1');
    await assertAccessible(a, 'Sync, done');
    for (const p of [a, b]) await until(() => txCount(p), (n) => n === 3, 'the screen counts 3 txs', STEP_TIMEOUT);
    const idsA = await exportedIds(a, 'a.mtx');
    const idsB = await exportedIds(b, 'b.mtx');
    assert.equal(idsA.length, 3);
    assert.deepEqual(idsB, idsA, 'both replicas hold the same txs');
    // The history names the other device by the name drawn from its code, and what moved.
    for (const p of [a, b]) {
      const items = p.getByTestId('sync-history-item');
      assert.equal(await items.count(), 1);
      assert.equal(await items.first().getAttribute('data-outcome'), 'done');
    }
    assert.match(await text(a, 'sync-history'), /device [0-9A-F]{4}-[0-9A-F]{4}, done\. Received 1 transaction, sent 2 transactions;/);
    assert.match(await text(b, 'sync-history'), /device [0-9A-F]{4}-[0-9A-F]{4}, done\. Received 2 transactions, sent 1 transaction;/);
    await assertAccessible(b, 'Sync, done, with its history');

    // Sync again at once: nothing new either way.
    await a.getByTestId('sync-again').click();
    await b.getByTestId('sync-again').click();
    await connect(a, b);
    assert.match(await text(a, 'sync-done'), /both devices already had the same transactions/);
    assert.equal(await text(b, 'sync-stored'), '0');
    problems.assertNone();
  } finally {
    await A.context.close();
    await B.context.close();
  }
});

test('a device that only receives gets the other one’s txs and sends none of its own', async () => {
  const A = await device('Sync C', 1);
  const B = await device('Sync D', 1);
  try {
    const a = A.page;
    const b = B.page;
    const before = await exportedIds(b, 'd-before.mtx');
    await connect(a, b, { receiveOnly: true });
    assert.equal(await text(b, 'sync-stored'), '1');
    assert.equal(await text(b, 'sync-sent'), '0');
    assert.equal(await text(a, 'sync-stored'), '0', 'A got nothing from a device that only receives');
    await until(() => txCount(b), (n) => n === 2, 'B counts 2 txs', STEP_TIMEOUT);
    await until(() => txCount(a), (n) => n === 1, 'A still counts 1 tx', STEP_TIMEOUT);
    const idsA = await exportedIds(a, 'c.mtx');
    const idsB = await exportedIds(b, 'd.mtx');
    assert.deepEqual(idsB, [...idsA, ...before].sort(), "B holds A's tx and its own");
    assert.ok(!idsA.includes(before[0]), "A does not hold B's tx");
    assert.match(await text(b, 'sync-history'), /This device only received\./);
    await assertAccessible(b, 'Sync, done, receive only');
    problems.assertNone();
  } finally {
    await A.context.close();
    await B.context.close();
  }
});

test('a code sent as a link: it opens the other device’s Sync screen with the code filled in, the code leaves the address bar, and the devices sync', async () => {
  const A = await device('Sync E', 1);
  const B = await device('Sync F', 1);
  try {
    const a = A.page;
    const b = B.page;
    await a.getByTestId('sync-show').click();
    await until(() => step(a), (s) => s === 'offer', 'A shows its code', STEP_TIMEOUT);
    const offer = await a.getByTestId('sync-code').inputValue();
    const link = await a.getByTestId('sync-link').getAttribute('href');
    const base = server.url.replace(/\/$/, '');
    assert.equal(link, `${base}/#/sync?code=${encodeURIComponent(offer)}`, 'the link is the app with the code in its fragment');
    // The test keeps the loopback candidates only (as `connect` does): the link's code, so changed.
    await b.goto(link.replace(encodeURIComponent(offer), encodeURIComponent(loopbackOnly(offer))));
    await b.getByTestId('sync-linked').waitFor();
    assert.equal(new URL(b.url()).hash, '#/sync', 'the code left the address bar once read');
    await assertAccessible(b, 'Sync, opened from a link');
    await b.getByTestId('sync-enter').click();
    await b.getByTestId('sync-code-input').waitFor();
    assert.equal(await b.getByTestId('sync-code-input').inputValue(), loopbackOnly(offer), 'the code is filled in');
    await b.getByTestId('sync-code-submit').click();
    await until(() => step(b), (s) => s === 'answer' || s === 'syncing' || s === 'done', 'B shows its answer', STEP_TIMEOUT);
    const answerLink = await b.getByTestId('sync-link').getAttribute('href');
    const answer = await b.getByTestId('sync-code').inputValue();
    assert.equal(answerLink, `${base}/#/sync?code=${encodeURIComponent(answer)}`);
    // A opens B's link while its Sync screen shows: the answer field fills in.
    await a.goto(answerLink.replace(encodeURIComponent(answer), encodeURIComponent(loopbackOnly(answer))));
    await until(() => a.getByTestId('sync-code-input').inputValue(), (v) => v === loopbackOnly(answer), 'the answer is filled in on A');
    await a.getByTestId('sync-code-submit').click();
    for (const [who, page] of [['A', a], ['B', b]]) {
      await until(() => step(page), (s) => s === 'done' || s === 'failed', `${who}'s sync ends`, STEP_TIMEOUT);
      assert.equal(await step(page), 'done', `${who}: ${await text(page, 'sync-flow')}`);
    }
    assert.equal(await text(b, 'sync-stored'), '1');
    await assertAccessible(a, 'Sync, done after a link');
    problems.assertNone();
  } finally {
    await A.context.close();
    await B.context.close();
  }
});
