// End-to-end: what a clinic sees when data goes wrong, in the built app (dist/) driven like a user.
//   - Networks: each keeps its own copy. Txs made on a test network never show under the main
//     network's rule (an earlier version drew them green "confirmed" and "invalid now" at once),
//     and switching back finds them.
//   - A damaged file: one flipped byte in its first tx. The report says which part is damaged,
//     and "Let go of what waits" empties the quarantine.
//   - A damaged copy: a stored tx changed in IndexedDB behind the app's back. After a reload the
//     Tangle screen says what is wrong and offers to save what can be read, then to start a fresh
//     copy, into which the saved file imports (the damaged tx refused, the rest stored).
// Every screen state reached is checked with axe-core. Same guards as the other e2e tests.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, dist, launchBrowser, startServer, stopChild, until } from './_harness.mjs';
import { patient } from './_identity.mjs';
import { counters, createBundle, openTangle, ready, setNetwork, setNetworkMwm, statuses, text } from './_tangle.mjs';

const MWM = 3;
/** Archive format 2: magic (4) | network (32) | MWM (1) | 3 zero bytes | count (4), then records of id (32) | tx (1280). */
const HEADER = 44;
const RECORD = 32 + 1280;

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

test('each network keeps its own copy: a test network\'s txs never show under the main network', async () => {
  const context = await problems.newContext(browser);
  try {
    const page = await openTangle(problems, context, server.url, { as: patient('Networks') });
    await assertAccessible(page, 'Tangle, default network, empty');
    await setNetworkMwm(page, MWM);
    await createBundle(page, 'Network test one', 1);
    await createBundle(page, 'Network test two', 1);
    const onTest = await statuses(page);
    // Back to the main network: its own, empty copy, not the test txs under a stronger rule.
    await setNetwork(page, { name: 'medtangle', mwm: 13 });
    assert.deepEqual(await counters(page), { txs: 0, tips: 1, confirmed: 0, pending: 0, quarantined: 0, rejected: 0 });
    assert.deepEqual(await statuses(page), {}, 'nothing of the test network is drawn');
    await until(() => text(page, 'network-others'), (t) => /test \(MWM 3\)/.test(t), 'the test network is listed as on this device');
    await assertAccessible(page, 'Tangle, network card with another network listed');
    // And back: the test network's copy, as it was.
    await page.getByTestId('network-others').getByRole('button', { name: 'Switch to test' }).click();
    await until(() => text(page, 'network-current'), (t) => t === 'test', 'the test network is back');
    await until(() => ready(page), Boolean, 'its replica opens');
    await until(() => counters(page), (c) => c.txs === 2, 'its two txs are there');
    assert.deepEqual(await statuses(page), onTest);
    problems.assertNone();
  } finally {
    await context.close();
  }
});

test('a damaged file says which part is damaged, and what waits for it can be let go', async () => {
  const source = await problems.newContext(browser);
  const target = await problems.newContext(browser);
  try {
    const page = await openTangle(problems, source, server.url, { as: patient('Ward') });
    await setNetworkMwm(page, MWM);
    for (let i = 1; i <= 4; i++) await createBundle(page, `Chain ${i}`, 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-file').click()]);
    const good = readFileSync(await download.path());
    assert.equal(good.readUInt32LE(HEADER - 4), 4);
    // One flipped byte in the first tx's payload area, past its text: the file's first record.
    const damaged = Buffer.from(good);
    damaged[HEADER + 32 + 600] ^= 1;

    const other = await openTangle(problems, target, server.url);
    await setNetworkMwm(other, MWM);
    await other.getByTestId('import-file').setInputFiles({ name: 'ward.mtx', mimeType: 'application/octet-stream', buffer: damaged });
    await until(() => text(other, 'import-report'), (t) => /damaged/.test(t), 'the damaged file is reported');
    assert.equal(await text(other, 'import-headline'), 'Nothing was stored from ward.mtx.');
    assert.match(
      await text(other, 'import-damaged'),
      /^ward\.mtx is damaged: 3 transactions in it depend on the transaction at position 1 \(.+\), so they cannot be stored from this file\. Get an undamaged copy of the file and import it again\.$/,
    );
    assert.equal((await counters(other)).quarantined, 3);
    await assertAccessible(other, 'Tangle, report of a damaged file');
    await other.getByTestId('quarantine-clear').click();
    await until(() => text(other, 'import-cleared'), (t) => t === '3 transactions that waited were let go.', 'what waited is let go');
    await until(() => counters(other), (c) => c.quarantined === 0, 'the quarantine is empty');
    // The undamaged file is stored whole.
    await other.getByTestId('import-file').setInputFiles({ name: 'ward-good.mtx', mimeType: 'application/octet-stream', buffer: good });
    await until(() => text(other, 'import-headline'), (t) => /^Stored 4 transactions/.test(t), 'the good copy is stored');
    problems.assertNone();
  } finally {
    await source.close();
    await target.close();
  }
});

test('a damaged copy is refused after a reload, what it holds is saved, and a fresh copy takes the valid part', async () => {
  const context = await problems.newContext(browser);
  try {
    const page = await openTangle(problems, context, server.url, { as: patient('Rescue') });
    await setNetworkMwm(page, MWM);
    for (let i = 1; i <= 3; i++) await createBundle(page, `Rescue ${i}`, 1);
    // Damage the newest stored tx behind the app's back, as a disk fault could.
    await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const req = indexedDB.open('medtangle-replica--test--3');
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const db = req.result;
            const tx = db.transaction('segments', 'readwrite');
            const store = tx.objectStore('segments');
            const cursor = store.openCursor(null, 'prev');
            cursor.onsuccess = () => {
              const c = cursor.result;
              const txs = new Uint8Array(c.value.txs);
              txs[txs.length - 1280 + 700] ^= 1;
              c.update({ ...c.value, txs: txs.buffer });
            };
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await page.getByTestId('nav-advanced').click();
    await page.getByTestId('nav-tangle').click();
    const problem = await until(
      async () => ((await page.getByTestId('rescue-problem').count()) ? text(page, 'rescue-problem') : ''),
      (t) => t !== '',
      'the rescue card appears',
    );
    assert.match(problem, /^This device’s copy of the Tangle for network test \(MWM 3\) cannot be used: its stored data is damaged \(details for support: transaction 3 does not match its stored id [0-9a-f]{16}…\)\.$/);
    assert.equal(await page.getByTestId('bundle-create').isEnabled(), false, 'nothing can be added to a damaged copy');
    await assertAccessible(page, 'Tangle, rescue card');

    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rescue-save').click()]);
    assert.match(saved.suggestedFilename(), /^medtangle-rescued-\d{4}-\d{2}-\d{2}\.mtx$/);
    await until(() => text(page, 'rescue-saved'), (t) => /^Saved 3 transactions as medtangle-rescued-/.test(t), 'the save is confirmed');
    const rescued = readFileSync(await saved.path());

    await page.getByTestId('rescue-fresh').click();
    await until(() => page.getByTestId('rescue-confirm').count(), (n) => n === 1, 'a confirmation is asked');
    assert.match(await text(page, 'rescue-confirm'), /What you have not saved to a file is gone for good/);
    await assertAccessible(page, 'Tangle, rescue confirmation');
    await page.getByTestId('rescue-delete').click();
    await until(() => ready(page), Boolean, 'a fresh copy opens');
    assert.equal(await page.getByTestId('rescue').count(), 0, 'the rescue card is gone');
    assert.equal((await counters(page)).txs, 0);

    await page.getByTestId('import-file').setInputFiles({ name: 'rescued.mtx', mimeType: 'application/octet-stream', buffer: rescued });
    await until(() => text(page, 'import-headline'), (t) => /^Stored 2 transactions/.test(t), 'the valid part is stored');
    const refused = await page.locator('[data-testid="import-rejected"] [data-reason]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')));
    assert.deepEqual(refused, ['PADDING'], 'the damaged tx (a byte set past its text) is refused, alone');
    await until(() => counters(page), (c) => c.txs === 2, 'the counters show the two');
    problems.assertNone();
  } finally {
    await context.close();
  }
});
