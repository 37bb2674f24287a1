// End-to-end: the app in Ukrainian, on the production build (dist/, from `npm run build`) served by
// `vite preview` on loopback in headless Chromium (playwright-core). Choosing Українська in the
// header turns the navigation, the title and the Advanced, Device check and Tangle screens into Ukrainian,
// sets <html lang="uk">, and is kept across a reload; a browser that prefers Ukrainian starts in it;
// and the Ukrainian messages are precached, so switching works offline too. The other e2e tests run
// in English (Chromium's default language here). Same guards as app.e2e.test.mjs: any page error,
// console error or request to a non-loopback address fails the test.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, dist, launchBrowser, startServer, stopChild, until } from './_harness.mjs';

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

const text = async (page, testid) => ((await page.getByTestId(testid).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const heading = async (page, level) => ((await page.locator(level).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const lang = (page) => page.evaluate(() => document.documentElement.lang);

/** The header's navigation while locked, as shown: Home, Advanced, About. */
const nav = async (page) => [await text(page, 'nav-home'), await text(page, 'nav-advanced'), await text(page, 'nav-about')];
const NAV_EN = ['Home', 'Advanced', 'About'];
const NAV_UK = ['Головна', 'Додатково', 'Про застосунок'];

test('choosing Українська shows the navigation, Advanced, the Device check and Tangle screens in Ukrainian, and is kept', async () => {
  const context = await problems.newContext(browser, { locale: 'en-US', viewport: { width: 1280, height: 900 } });
  try {
    const page = await problems.newPage(context);
    await page.goto(server.url);
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_EN), 'the app starts in English');
    assert.equal(await lang(page), 'en');
    await page.getByTestId('nav-advanced').click();
    await page.getByTestId('nav-device').click();
    await page.getByTestId('pow-run').waitFor();

    await page.getByTestId('language-uk').click();
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_UK), 'the navigation turns Ukrainian');
    assert.equal(await lang(page), 'uk');
    assert.equal(await page.title(), 'Перевірка пристрою · medtangle');
    assert.equal(await page.getByTestId('language-uk').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByTestId('nav-advanced').getAttribute('aria-current'), 'page', 'the Device check is under Advanced');
    assert.equal(await heading(page, 'mt-device-check h1'), 'Перевірка пристрою');
    assert.equal(await heading(page, 'mt-rate-check h2'), 'Наскільки швидкий цей пристрій?');
    assert.equal(await heading(page, 'mt-pow-form h2'), 'Спробувати доказ роботи');
    assert.equal(await text(page, 'pow-run'), 'Запустити');
    await assertAccessible(page, 'the Device check in Ukrainian');

    await page.getByTestId('nav-advanced').click();
    await until(() => heading(page, 'mt-advanced h1'), (t) => t === 'Додатково', 'the Advanced screen is in Ukrainian');
    assert.equal(await page.title(), 'Додатково · medtangle');
    assert.deepEqual([await text(page, 'nav-tangle'), await text(page, 'nav-device')], ['Тангл і мережа', 'Перевірка пристрою']);
    await assertAccessible(page, 'the Advanced screen in Ukrainian');

    await page.getByTestId('nav-tangle').click();
    await until(() => heading(page, 'mt-tangle-explorer h1'), (t) => t === 'Тангл', 'the Tangle screen is in Ukrainian');
    assert.equal(await page.title(), 'Тангл · medtangle');
    assert.equal(await heading(page, 'mt-tangle-explorer #drawing-title'), 'Останні транзакції');
    await until(() => page.getByTestId('bundle-create').isEnabled(), Boolean, 'the replica opens');
    assert.equal(await heading(page, 'mt-bundle-form h2'), 'Створити тестовий пакет');
    assert.equal(await heading(page, 'mt-tangle-files h2'), 'Перенесення транзакцій через файл');
    assert.equal(await text(page, 'export-file'), 'Експортувати файл');
    assert.match(await text(page, 'tangle-legend'), /Підтверджена \(коло\)/);
    await assertAccessible(page, 'the Tangle screen in Ukrainian');

    // Kept for the next visit.
    await page.reload();
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_UK), 'Ukrainian after a reload');
    await until(() => heading(page, 'mt-tangle-explorer h1'), (t) => t === 'Тангл', 'the Tangle screen is in Ukrainian after a reload');
    assert.equal(await lang(page), 'uk');

    // And back.
    await page.getByTestId('language-en').click();
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_EN), 'English again');
    assert.equal(await lang(page), 'en');
    problems.assertNone();
  } finally {
    await context.close();
  }
});

test('a browser that prefers Ukrainian starts in Ukrainian; switching works offline', async () => {
  const uk = await problems.newContext(browser, { locale: 'uk-UA' });
  try {
    const page = await problems.newPage(uk);
    await page.goto(server.url);
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_UK), 'a Ukrainian browser starts in Ukrainian');
    assert.equal(await lang(page), 'uk');
    assert.equal(await page.title(), 'Головна · medtangle');
  } finally {
    await uk.close();
  }

  // English first, so the Ukrainian messages are not loaded yet when the network goes away: they must
  // come from the service worker's precache.
  const context = await problems.newContext(browser, { locale: 'en-US' });
  try {
    const page = await problems.newPage(context);
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_EN), 'English first');
    await context.setOffline(true);
    await page.getByTestId('language-uk').click();
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_UK), 'Ukrainian, offline');
    await page.reload();
    await until(() => nav(page), (t) => JSON.stringify(t) === JSON.stringify(NAV_UK), 'Ukrainian after an offline reload');
    problems.assertNone();
  } finally {
    await context.close();
  }
});
