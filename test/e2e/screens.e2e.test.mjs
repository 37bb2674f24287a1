// End-to-end: moving between screens of the production build (dist/, from `npm run build`), served
// by `vite preview` on loopback and driven like a user in headless Chromium (playwright-core).
// Leaving a screen stops its proof of work, and coming back says so and keeps what was typed; the
// update banner never hides the page's last controls. Same guards as app.e2e.test.mjs: any page
// error, console error or request to a non-loopback address fails the test.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, dist, launchBrowser, until, startServer, stopChild } from './_harness.mjs';

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
    await page.getByTestId('network-mwm').fill('18');
    await page.getByTestId('network-mwm-save').click();
    await until(() => text(page, 'network-mwm-current'), (t) => t === '18', 'the network MWM becomes 18');
    await until(() => page.getByTestId('bundle-create').isEnabled(), Boolean, 'the replica reopens');
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
    [{ width: 1280, height: 800 }, 'tangle', 'network-mwm-save'],
    [{ width: 390, height: 844 }, 'tangle', 'network-mwm-save'],
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
