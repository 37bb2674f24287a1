// The Simulation screen of issue 12 in the built app, as a curious user reaches it (Advanced →
// Simulation, no identity needed): a wrong field is named; a run goes in its worker while the page
// keeps drawing its progress; the Tangle and blockchain table and the three plots appear; CSV and
// JSON are saved. axe runs on each state.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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

test('the Simulation screen: a wrong field is named, a run goes in its worker with progress while the page answers, and the table, plots and files follow', async () => {
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await problems.newPage(context);
    await page.goto(server.url);
    await page.getByTestId('nav-advanced').click();
    await page.getByTestId('nav-simulation').click();
    const screen = page.locator('mt-simulation');
    await screen.getByTestId('sim-run').waitFor();
    await assertAccessible(page, 'simulation: the form');
    await screen.locator('input[name="scenario"][value="walk"]').check();
    await screen.getByTestId('sim-lambda').fill('ten');
    await screen.getByTestId('sim-run').click();
    await screen.locator('#lambda-error').waitFor();
    assert.equal(await screen.getByTestId('sim-progress').count(), 0, 'nothing runs with a wrong field');
    await assertAccessible(page, 'simulation: a wrong field');
    await screen.getByTestId('sim-lambda').fill('10');
    await screen.getByTestId('sim-bundles').fill('4000');
    await screen.getByTestId('sim-seed').fill('7');
    await screen.getByTestId('sim-run').click();
    await screen.getByTestId('sim-progress').waitFor();
    // The page draws the run's progress as it goes (the run is in a worker, so the page is free).
    const seen = new Set();
    await until(
      async () => {
        if ((await screen.getByTestId('sim-result').count()) > 0) return 'done';
        seen.add(await screen.getByTestId('sim-progress').locator('progress').getAttribute('value').catch(() => null));
        return seen.size;
      },
      (v) => v === 'done' || v >= 3,
      'the progress moves while the run goes',
      120_000,
    );
    await assertAccessible(page, 'simulation: running or done');
    await screen.getByTestId('sim-result').waitFor({ timeout: 300_000 });
    const rows = await screen.getByTestId('sim-table').locator('tbody tr').count();
    assert.ok(rows >= 5, `the Tangle and blockchain table has its rows: ${rows}`);
    for (const id of ['sim-plot-tips', 'sim-plot-first-approval', 'sim-plot-confirmation']) {
      assert.ok((await screen.getByTestId(id).locator('svg').count()) === 1, `${id} is drawn`);
    }
    await assertAccessible(page, 'simulation: the result');
    const [csv] = await Promise.all([page.waitForEvent('download'), screen.getByTestId('sim-save-csv').click()]);
    const text = readFileSync(await csv.path(), 'utf8');
    assert.ok(text.split('\n').length >= rows, 'the CSV holds a line per figure');
    const [json] = await Promise.all([page.waitForEvent('download'), screen.getByTestId('sim-save-json').click()]);
    const data = JSON.parse(readFileSync(await json.path(), 'utf8'));
    assert.equal(typeof data, 'object');
    problems.assertNone();
  } finally {
    await context.close();
  }
});
