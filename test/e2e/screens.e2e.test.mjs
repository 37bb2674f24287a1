// End-to-end: moving between screens of the production build (dist/, from `npm run build`), served
// by `vite preview` on loopback and driven like a user in headless Chromium (playwright-core).
// Leaving a screen stops its proof of work, and coming back says so and keeps what was typed; a file
// import goes on while the user is away, and coming back shows its report; the update banner never
// hides the page's last controls. Same guards as app.e2e.test.mjs: any page
// error, console error or request to a non-loopback address fails the test.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, dist, launchBrowser, until, startServer, stopChild } from './_harness.mjs';
import { setNetworkMwm } from './_tangle.mjs';

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
    await page.getByTestId('nav-tangle').click();
    await until(() => page.getByTestId('bundle-create').isEnabled(), Boolean, 'the replica opens');
    // MWM 18: the search would take minutes, so the user leaves well before it ends.
    await setNetworkMwm(page, 18);
    const body = `Leaving test. ${'x'.repeat(2986)}`;
    await page.getByTestId('bundle-text').fill(body);
    await page.getByTestId('bundle-create').click();
    await until(() => text(page, 'bundle-progress'), (t) => /Proof of work for tx 1 of 3/.test(t), 'the proof of work starts');

    await page.getByTestId('nav-device').click();
    await page.getByTestId('pow-run').waitFor();
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
    await source.getByTestId('nav-tangle').click();
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
    await page.getByTestId('nav-tangle').click();
    await useMwm(page, 3);
    await page.getByTestId('import-file').setInputFiles({ name: 'away.mtx', mimeType: 'application/octet-stream', buffer });
    await page.getByTestId('nav-device').click();
    await page.getByTestId('pow-run').waitFor();
    await page.getByTestId('nav-tangle').click();
    const report = await until(
      async () => ((await page.getByTestId('import-report').count()) ? text(page, 'import-report') : ''),
      Boolean,
      'the import report on return',
      30_000,
    );
    assert.match(report, /^Stored 4 transactions \(2 bundles\) from away\.mtx\./);
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
    await page.getByTestId('nav-device').click();
    await page.getByTestId('pow-text').fill('Leaving the device check');
    await page.getByTestId('pow-mwm').fill('18');
    await page.getByTestId('pow-run').click();
    await page.getByTestId('pow-progress').waitFor({ timeout: STEP_TIMEOUT });
    await page.getByTestId('nav-about').click();
    await page.getByTestId('nav-device').click();
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

test('the update banner leaves the page room: scrolled to the end, its last controls are clear of it', async () => {
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
      const overlap = await until(
        () =>
          page.evaluate((id) => {
            const find = (root, sel) => {
              const hit = root.querySelector(sel);
              if (hit) return hit;
              for (const el of root.querySelectorAll('*')) {
                const inner = el.shadowRoot && find(el.shadowRoot, sel);
                if (inner) return inner;
              }
              return null;
            };
            window.scrollTo(0, document.documentElement.scrollHeight);
            const banner = find(document, '[data-testid="offline-ready"]').getBoundingClientRect();
            const control = find(document, `[data-testid="${id}"]`).getBoundingClientRect();
            return Math.ceil(control.bottom - banner.top);
          }, last),
        (px) => px <= 0,
        `${where}: ${last} is clear of the banner once scrolled to the end (px of overlap)`,
        5_000,
      );
      assert.ok(overlap <= 0, where);
      // Once dismissed, the room goes too.
      await page.getByTestId('offline-ready-dismiss').click();
      await until(
        () => page.evaluate(() => document.querySelector('mt-app').shadowRoot.querySelector('main').style.getPropertyValue('--mt-banner-space')),
        (v) => v.trim() === '0px',
        `${where}: no room is kept once the banner is gone`,
        5_000,
      );
      problems.assertNone();
    } finally {
      await context.close();
    }
  }
});
