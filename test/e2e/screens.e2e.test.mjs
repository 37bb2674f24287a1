// End-to-end: moving between screens of the production build (dist/, from `npm run build`), served
// by `vite preview` on loopback and driven like a user in headless Chromium (playwright-core).
// Leaving a screen stops its proof of work, and coming back says so and keeps what was typed; a file
// import goes on while the user is away, and coming back shows its report; the offline-ready banner
// never covers a control. Same guards as app.e2e.test.mjs: any page
// error, console error or request to a non-loopback address fails the test.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, dist, launchBrowser, until, startServer, stopChild } from './_harness.mjs';
import { onboard, patient } from './_identity.mjs';
import { setNetworkMwm, showAdvanced, showDeviceCheck, showTangle } from './_tangle.mjs';

const STEP_TIMEOUT = 60_000;

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


const text = async (page, testid) => ((await page.getByTestId(testid).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Switches the Tangle screen to the test network with `mwm` and waits until its replica has opened. */
async function useMwm(page, mwm) {
  await until(() => page.getByTestId('bundle-create').isEnabled(), Boolean, 'the replica opens');
  await setNetworkMwm(page, mwm);
}

/** The Tangle screen's stored tx count. */
const storedTxs = async (page) => Number((await text(page, 'stat-txs')).replace(/\D/g, ''));

test('leaving the Tangle during a proof of work cancels it; coming back says so and keeps the text', async () => {
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 800 } });
  try {
    const page = await problems.newPage(context);
    await page.goto(server.url);
    await onboard(page, patient('Leaving'));
    await showTangle(page);
    // MWM 18: the search would take minutes, so the user leaves well before it ends.
    await setNetworkMwm(page, 18);
    const body = `Leaving test. ${'x'.repeat(2986)}`;
    await page.getByTestId('bundle-text').fill(body);
    await page.getByTestId('bundle-create').click();
    await until(() => text(page, 'bundle-progress'), (t) => /Proof of work for tx 1 of 3/.test(t), 'the proof of work starts');

    // Away to the Device check (through Advanced) and back.
    await showDeviceCheck(page);
    await showAdvanced(page);
    await page.getByTestId('nav-tangle').click();
    const note = await until(
      async () => ((await page.getByTestId('bundle-cancelled').count()) ? text(page, 'bundle-cancelled') : ''),
      Boolean,
      'the cancelled note on return',
    );
    assert.equal(note, 'Cancelled because you left this screen; nothing of this bundle was stored.');
    assert.equal(await page.getByTestId('bundle-text').inputValue(), body, 'the typed text is kept');
    assert.equal(await page.getByTestId('bundle-progress').count(), 0, 'nothing runs');
    await until(() => storedTxs(page), (n) => n === 0, 'nothing was stored');
    await until(() => page.getByTestId('bundle-create').isEnabled(), Boolean, 'Create is available again');
    problems.assertNone();
  } finally {
    await context.close();
  }
});

test('a file import goes on while the user is on another screen; coming back shows its report and the new counters', async () => {
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 800 } });
  const fresh = await problems.newContext(browser, { viewport: { width: 1280, height: 800 } });
  try {
    // A file of two test bundles (four txs) made at MWM 3, as the Tangle tests make theirs.
    const source = await problems.newPage(context);
    await source.goto(server.url);
    await onboard(source, patient('Away'));
    await showTangle(source);
    await useMwm(source, 3);
    for (const [body, txs] of [['Import while away, one', 1], [`Import while away, two. ${'y'.repeat(2100)}`, 3]]) {
      const before = await storedTxs(source);
      await source.getByTestId('bundle-text').fill(body);
      await source.getByTestId('bundle-create').click();
      await until(() => storedTxs(source), (n) => n === before + txs, `a bundle of ${txs} txs is stored`);
      await until(() => source.getByTestId('bundle-create').isEnabled(), Boolean, 'Create is available again');
    }
    const [download] = await Promise.all([source.waitForEvent('download'), source.getByTestId('export-file').click()]);
    const buffer = readFileSync(await download.path());
    assert.equal(buffer.readUInt32LE(40), 4, 'the file holds the four txs');

    // Another browser at the same MWM imports it, and the user goes to Device check at once.
    const page = await problems.newPage(fresh);
    await page.goto(server.url);
    await showTangle(page);
    await useMwm(page, 3);
    await page.getByTestId('import-file').setInputFiles({ name: 'away.mtx', mimeType: 'application/octet-stream', buffer });
    await showDeviceCheck(page);
    await showAdvanced(page);
    await page.getByTestId('nav-tangle').click();
    const report = await until(
      async () => ((await page.getByTestId('import-report').count()) ? text(page, 'import-report') : ''),
      Boolean,
      'the import report on return',
      30_000,
    );
    assert.match(report, /^Stored 4 transactions \(2 bundles\) from away\.mtx\./);
    await assertAccessible(page, 'Tangle, the report of an import finished on another screen');
    await until(() => storedTxs(page), (n) => n === 4, 'the counters show the import');
    assert.equal(await page.getByTestId('import-choose').isEnabled(), true, 'Import is available again');
    problems.assertNone();
  } finally {
    await context.close();
    await fresh.close();
  }
});

test('leaving the Device check during a proof of work cancels it; coming back says so and keeps the text and MWM', async () => {
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 800 } });
  try {
    const page = await problems.newPage(context);
    await page.goto(server.url);
    await showDeviceCheck(page);
    await page.getByTestId('pow-text').fill('Leaving the device check');
    await page.getByTestId('pow-mwm').fill('18');
    await page.getByTestId('pow-run').click();
    await page.getByTestId('pow-progress').waitFor({ timeout: STEP_TIMEOUT });
    await page.getByTestId('nav-about').click();
    await showDeviceCheck(page);
    const note = await until(
      async () => ((await page.getByTestId('pow-cancelled').count()) ? text(page, 'pow-cancelled') : ''),
      Boolean,
      'the cancelled note on return',
    );
    assert.equal(note, 'Cancelled because you left this screen: the search was stopped before a nonce was found.');
    assert.equal(await page.getByTestId('pow-text').inputValue(), 'Leaving the device check');
    assert.equal(await page.getByTestId('pow-mwm').inputValue(), '18');
    assert.equal(await page.getByTestId('pow-run').isEnabled(), true, 'Run is available again');
    problems.assertNone();
  } finally {
    await context.close();
  }
});

test('the offline-ready banner covers no control: at the top and scrolled to the end, every control is clear of it', async () => {
  for (const [viewport, route, last] of [
    [{ width: 390, height: 844 }, 'device', 'pow-run'],
    [{ width: 1280, height: 800 }, 'device', 'pow-run'],
    [{ width: 1280, height: 800 }, 'tangle', 'network-switch'],
    [{ width: 390, height: 844 }, 'tangle', 'network-switch'],
  ]) {
    const where = `${route} at ${viewport.width}×${viewport.height}`;
    const context = await problems.newContext(browser, { viewport });
    try {
      const page = await problems.newPage(context);
      await page.goto(`${server.url}#/${route}`);
      // The first visit stores the app for offline use, and the banner says so.
      await page.getByTestId('offline-ready').waitFor({ timeout: STEP_TIMEOUT });
      await page.getByTestId(last).waitFor();
      // Every control of the page (shadow roots included, the banner's own excepted) that overlaps
      // the banner on screen, with the page scrolled to `y`; the banner sits in the page's flow
      // above the screen, so none may.
      const covered = (y) =>
        page.evaluate((y) => {
          window.scrollTo(0, y === 'end' ? document.documentElement.scrollHeight : 0);
          const all = [];
          const walk = (root) => {
            for (const el of root.querySelectorAll('*')) {
              all.push(el);
              if (el.shadowRoot) walk(el.shadowRoot);
            }
          };
          walk(document);
          const host = all.find((el) => el.localName === 'mt-update-banner');
          const banner = host.shadowRoot.querySelector('[data-testid="offline-ready"]').getBoundingClientRect();
          const mine = new Set([...host.shadowRoot.querySelectorAll('*')]);
          return all
            .filter((el) => !mine.has(el) && el.matches('button, a[href], input, textarea, select, [tabindex]:not([tabindex="-1"])'))
            .map((el) => [el.getAttribute('data-testid') ?? el.localName, el.getBoundingClientRect()])
            .filter(([, r]) => r.width > 0 && r.height > 0 && r.left < banner.right && banner.left < r.right && r.top < banner.bottom && banner.top < r.bottom)
            .map(([name]) => name);
        }, y);
      assert.deepEqual(await covered('top'), [], `${where}: controls under the banner at the top of the page`);
      assert.deepEqual(await covered('end'), [], `${where}: controls under the banner scrolled to the end`);
      // The last control is on screen once scrolled to the end.
      const lastBox = await page.getByTestId(last).boundingBox();
      assert.ok(lastBox && lastBox.y + lastBox.height <= viewport.height, `${where}: ${last} is on screen at the end`);
      // Once dismissed, the banner takes no room.
      await page.getByTestId('offline-ready-dismiss').click();
      await until(
        () => page.evaluate(() => document.querySelector('mt-app').shadowRoot.querySelector('mt-update-banner').getBoundingClientRect().height),
        (h) => h === 0,
        `${where}: no room is kept once the banner is gone`,
        5_000,
      );
      problems.assertNone();
    } finally {
      await context.close();
    }
  }
});
