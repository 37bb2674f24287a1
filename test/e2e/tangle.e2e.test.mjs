// End-to-end: the Tangle screen of the production build (dist/, from `npm run build`), served by
// `vite preview` on loopback and driven like a user in headless Chromium (playwright-core): test
// bundles signed by the unlocked identity and attached in the tangle worker with PoW on the pool
// (refused while locked), the drawing, confirmation by approval, the details panel, persistence across a reload, and export / import by file into a
// second browser context with its own storage. Same guards as app.e2e.test.mjs: any page error,
// console error or request to a non-loopback address fails the test.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, dist, launchBrowser, until, root, startServer, stopChild } from './_harness.mjs';
import { patient } from './_identity.mjs';
import { STEP_TIMEOUT, counters, createBundle, openTangle as openTangleAt, ready, setNetworkMwm, statuses, text } from './_tangle.mjs';

const MWM = 3;
const SCREENSHOTS = resolve(root, 'build/e2e-screenshots');

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


/** A guarded page of `context`, on the Tangle screen, once the replica has answered; with `as`, that identity is made first. */
const openTangle = (context, as = null) => openTangleAt(problems, context, server.url, { as });

const LONG_TEXT = `Long test record. ${'Blood pressure 128/82, pulse 71, at rest. '.repeat(40)}`.slice(0, 1500);

test('test bundles are drawn, the first is confirmed by approval, and all of it survives a reload', async () => {
  assert.equal(new TextEncoder().encode(LONG_TEXT).length, 1500);
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await openTangle(context, patient('Tangle'));
    // (An empty replica has one tip: the genesis, which the first tx approves.)
    const empty = await counters(page);
    assert.deepEqual({ ...empty, tips: 0 }, { txs: 0, tips: 0, confirmed: 0, pending: 0, quarantined: 0, rejected: 0 }, JSON.stringify(empty));
    assert.equal(await text(page, 'network-current'), 'medtangle', 'the default network');
    assert.equal(await text(page, 'network-mwm-current'), '13', 'the network MWM is 13 by default');

    // An invalid MWM or name is named in an error and changes nothing.
    await page.getByTestId('network-name').fill('test');
    await page.getByTestId('network-mwm').fill('0');
    await page.getByTestId('network-switch').click();
    assert.match(await text(page, 'network-mwm-error'), /MWM/);
    await page.getByTestId('network-name').fill('my network');
    await page.getByTestId('network-mwm').fill('3');
    await page.getByTestId('network-switch').click();
    assert.match(await text(page, 'network-name-error'), /only letters a to z, digits and hyphens/);
    assert.equal(await text(page, 'network-mwm-current'), '13');
    await setNetworkMwm(page, MWM);

    // Two bundles: a short text (one tx) and 1500 bytes (two txs, stored head first).
    const first = await createBundle(page, 'Short test: pulse 72 at rest.', 1);
    const second = await createBundle(page, LONG_TEXT, 2);
    assert.deepEqual(first, [1]);
    assert.deepEqual(second, [2, 3]);
    let drawn = await statuses(page);
    assert.equal(Object.keys(drawn).length, 3, `three nodes are drawn: ${JSON.stringify(drawn)}`);
    assert.equal(drawn[3], 'tip', 'the newest tail is a tip');
    assert.equal(drawn[2], 'pending', 'the head of the newest bundle is approved by its tail only: pending');
    assert.ok(['pending', 'confirmed'].includes(drawn[1]), `tx 1 is pending or confirmed: ${drawn[1]}`);
    assert.equal(await page.getByTestId('bundle-3').getAttribute('data-members'), '2 3', 'the two-tx bundle is outlined as one');
    assert.equal(await page.getByTestId('edge-3-trunk').getAttribute('data-to'), '2', 'the tail approves the head as its trunk');
    assert.equal(await page.getByTestId('edge-2-trunk').getAttribute('data-to'), '1', 'the head approves the first bundle');
    assert.equal(await page.getByTestId('genesis').count(), 1, 'the genesis is drawn: tx 1 approves it');
    assert.equal(await page.getByTestId('tx-node-3').getAttribute('aria-current'), 'true', 'the new tail is selected');
    assert.equal(await text(page, 'detail-index'), '3');

    // More small bundles until the first one is confirmed (a later bundle approves it).
    let extra = 0;
    while ((await statuses(page))[1] !== 'confirmed') {
      if (extra === 6) assert.fail(`tx 1 is still not confirmed after ${extra} more bundles: ${JSON.stringify(await statuses(page))}`);
      await createBundle(page, `Small test ${++extra}`, 1);
    }
    drawn = await statuses(page);
    const newest = Math.max(...Object.keys(drawn).map(Number));
    assert.equal(drawn[newest], 'tip');
    const c = await counters(page);
    assert.equal(c.txs, 3 + extra);
    assert.equal(c.confirmed + c.pending, c.txs);
    assert.ok(c.confirmed >= 1 && c.tips >= 1, JSON.stringify(c));
    assert.equal(Object.values(drawn).filter((s) => s === 'confirmed').length, c.confirmed);

    // The details of tx 1.
    await page.getByTestId('tx-node-1').click();
    await until(() => text(page, 'detail-index'), (t) => t === '1', 'the details show tx 1');
    const weight = Number(await text(page, 'detail-weight-value'));
    assert.ok(weight >= MWM, `weight ${weight} is at least the MWM ${MWM}`);
    assert.match(await text(page, 'detail-weight'), new RegExp(`MWM ${MWM}$`));
    assert.equal(await text(page, 'detail-status'), 'confirmed');
    assert.equal(await text(page, 'detail-kind'), 'test');
    assert.equal(await text(page, 'detail-bundle'), '1 of 1 (a bundle of one transaction)');
    assert.equal(await text(page, 'detail-branch'), 'the genesis');
    assert.match(await text(page, 'detail-text'), /^Short test: pulse 72/);
    assert.match(await text(page, 'detail-validity'), /^valid/);
    assert.match(await text(page, 'detail-confidence'), /^\d+%$/);
    assert.match(await text(page, 'tx-details'), /at least 95 of 100 random walks/);
    await assertAccessible(page, 'Tangle, a transaction\'s details');
    assert.match(await text(page, 'detail-id'), /^[0-9a-f]{64}$/);
    assert.match(await page.getByTestId('detail-issuer').getAttribute('title'), /^[0-9a-f]{64}$/);
    // Its approver, by link; then back by keyboard on the drawing.
    await page.getByTestId('detail-approver-2').click();
    await until(() => text(page, 'detail-index'), (t) => t === '2', 'the approver link selects tx 2');
    assert.equal(await text(page, 'detail-bundle'), '2 of 2 (the head)');
    await page.getByTestId('tx-node-1').focus();
    await page.keyboard.press('Enter');
    await until(() => text(page, 'detail-index'), (t) => t === '1', 'Enter on a node selects it');

    // Screenshots, desktop and a 390 px phone, for people to look at (build/e2e-screenshots/).
    mkdirSync(SCREENSHOTS, { recursive: true });
    const dismiss = page.getByTestId('offline-ready-dismiss');
    if (await dismiss.count()) await dismiss.click(); // the banner floats over the page
    await page.screenshot({ path: resolve(SCREENSHOTS, 'tangle-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'tangle-mobile.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing is wider than a 390 px screen (the drawing scrolls in its box): ${overflow} px over`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // A reload: the same nodes, statuses, counters and MWM.
    const beforeReload = { drawn: await statuses(page), counters: await counters(page) };
    await page.reload();
    await page.getByTestId('stat-txs').waitFor({ timeout: STEP_TIMEOUT });
    await until(() => ready(page), Boolean, 'the replica opens after the reload');
    await until(() => counters(page), (v) => v.txs === beforeReload.counters.txs, 'the counters are back');
    assert.equal(await text(page, 'network-current'), 'test', 'the network is kept');
    assert.equal(await text(page, 'network-mwm-current'), String(MWM), 'the network MWM is kept');
    assert.deepEqual(await statuses(page), beforeReload.drawn, 'the same nodes with the same statuses');
    assert.deepEqual(await counters(page), beforeReload.counters, 'the same counters');
    problems.assertNone();
  } finally {
    await context.close();
  }
});

test('an exported file gives a fresh browser the same Tangle; a garbage file stores nothing', async () => {
  const context = await problems.newContext(browser);
  const fresh = await problems.newContext(browser);
  try {
    const page = await openTangle(context, patient('Export'));
    await setNetworkMwm(page, MWM);
    await createBundle(page, 'Export test one', 1);
    await createBundle(page, LONG_TEXT, 2);
    await createBundle(page, 'Export test three', 1);
    const source = await counters(page);
    assert.equal(source.txs, 4);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-file').click()]);
    assert.match(download.suggestedFilename(), /^medtangle-\d{4}-\d{2}-\d{2}\.mtx$/);
    const file = resolve(SCREENSHOTS, '..', 'e2e-export.mtx');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'MTX2', 'the file is a format-2 archive');
    assert.equal(bytes.subarray(4, 36).toString('latin1').replace(/\0+$/, ''), 'test', 'it names its network');
    assert.equal(bytes[36], MWM, 'and the network MWM');
    assert.equal(bytes.readUInt32LE(40), 4, 'it holds the four txs');
    assert.match(await text(page, 'export-done'), /Saved 4 transactions as medtangle-/);

    // A second browser context: its own storage, an empty replica.
    const other = await openTangle(fresh);
    assert.equal((await counters(other)).txs, 0);
    // This browser has no unlocked identity, so it cannot sign: Create is refused in words and
    // nothing is stored (importing needs no identity).
    await other.getByTestId('bundle-text').fill('Unsigned test');
    await other.getByTestId('bundle-create').click();
    const refused = await until(async () => ((await other.getByTestId('bundle-error').count()) ? text(other, 'bundle-error') : ''), Boolean, 'a Create while locked is refused');
    assert.match(refused, /^The bundle was not made: .*locked/);
    await until(() => ready(other), Boolean, 'Create is available again');
    assert.equal((await counters(other)).txs, 0, 'nothing is stored by a locked page');
    // On the default network the same file is refused whole: the networks differ, and both are named.
    await other.getByTestId('import-file').setInputFiles(file);
    await until(() => text(other, 'import-report'), (t) => /Nothing was read/.test(t), 'the import on another network reports');
    assert.equal(
      await text(other, 'import-headline'),
      `Nothing was read from e2e-export.mtx: it belongs to network test with MWM ${MWM}, and this device works on network medtangle with MWM 13.`,
    );
    assert.match(await text(other, 'import-network-hint'), new RegExp(`switch to network test with MWM ${MWM} in the Network card`));
    assert.equal((await counters(other)).txs, 0, 'nothing is stored from another network');
    assert.match(await text(other, 'stat-files'), /1 was from another network \(not read\)/);

    // On the file's network it is taken whole.
    await setNetworkMwm(other, MWM);
    await other.getByTestId('import-file').setInputFiles(file);
    await until(() => text(other, 'import-report'), (t) => /^Stored 4 transactions \(3 bundles\)/.test(t), 'the import reports 4 txs stored');
    await until(() => counters(other), (v) => v.txs === 4, 'the counters show the import');
    const imported = await counters(other);
    for (const k of ['txs', 'tips', 'confirmed', 'pending', 'quarantined']) assert.equal(imported[k], source[k], `${k} match the exporting browser`);
    assert.deepEqual(await statuses(other), await statuses(page), 'the same drawing');

    // Importing the same file again stores nothing new.
    await other.getByTestId('import-file').setInputFiles(file);
    await until(() => text(other, 'import-report'), (t) => /Nothing new/.test(t), 'a second import stores nothing new');

    // A garbage file: a clear report in plain words; nothing stored changes, and it is counted as
    // one file that was not read, not as a rejected transaction.
    const beforeGarbage = await counters(other);
    await other.getByTestId('import-file').setInputFiles({
      name: 'garbage.mtx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('GARBAGE: this is not a transaction archive at all'),
    });
    const report = await until(() => text(other, 'import-report'), (t) => /garbage\.mtx/.test(t), 'the garbage file is reported');
    assert.match(report, /Nothing was stored: garbage\.mtx is not a medtangle transaction file/);
    assert.match(report, /It does not start the way a medtangle file does, so nothing in it was read/);
    assert.doesNotMatch(report, /GARBAGE|framing/, 'no developer wording');
    const files = async () => ((await other.getByTestId('stat-files').count()) ? text(other, 'stat-files') : '');
    await until(files, (t) => t === 'Files not read whole: 1 was not a medtangle file.', 'the file is counted as a file');
    assert.deepEqual(await counters(other), beforeGarbage, 'the counters, rejected txs included, are unchanged');
    assert.match(await text(other, 'stat-duplicates'), /Already had: 4 transactions arrived again and were skipped/);
    problems.assertNone();
  } finally {
    await context.close();
    await fresh.close();
  }
});
