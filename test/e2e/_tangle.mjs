// Helpers that drive the Tangle screen of the built app, shared by the end-to-end tests
// (tangle.e2e.test.mjs, tangle-tamper.e2e.test.mjs, and the offline test in app.e2e.test.mjs).
// The Tangle screen and the Device check are reached through Advanced, as a person does; new test
// bundles are signed by the unlocked identity, so a page that creates bundles makes one first.
// Not a test file itself (scripts/test.mjs and `npm run test:e2e` run only *.e2e.test.mjs here).
import assert from 'node:assert/strict';
import { until } from './_harness.mjs';
import { onboard } from './_identity.mjs';

/** Time for one step of the screen (a replica opening, a bundle's PoW at a small MWM). */
export const STEP_TIMEOUT = 60_000;

/** The text of the element with `testid`, whitespace collapsed. */
export const text = async (page, testid) => ((await page.getByTestId(testid).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** The counters of the stats card, as numbers. */
export async function counters(page) {
  const out = {};
  for (const name of ['txs', 'tips', 'confirmed', 'pending', 'quarantined', 'rejected']) {
    out[name] = Number((await text(page, `stat-${name}`)).replace(/\D/g, ''));
  }
  return out;
}

/** Every drawn tx node as { index: status }. */
export async function statuses(page) {
  const pairs = await page
    .locator('[data-testid^="tx-node-"]')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-index'), e.getAttribute('data-status')]));
  return Object.fromEntries(pairs);
}

/** True when the replica is open and nothing runs: Create is available. */
export const ready = (page) => page.getByTestId('bundle-create').isEnabled();

/**
 * A page of `context` (made by `problems.newPage`, so it is guarded) on the Tangle screen at `url`,
 * once the replica has answered. With `as` (a person of _identity.mjs), that identity is made
 * through the onboarding screens first, so the page can sign bundles; without it the page stays
 * locked (enough to import or look).
 */
export async function openTangle(problems, context, url, { as = null } = {}) {
  const page = await problems.newPage(context);
  await page.goto(url);
  if (as) await onboard(page, as);
  await showTangle(page);
  return page;
}

/** Clicks Advanced in the header and waits for its links. */
export async function showAdvanced(page) {
  await page.getByTestId('nav-advanced').click();
  await page.getByTestId('nav-tangle').waitFor();
}

/** Clicks through Advanced to the Device check of an open page and waits for its form. */
export async function showDeviceCheck(page) {
  await showAdvanced(page);
  await page.getByTestId('nav-device').click();
  await page.getByTestId('pow-run').waitFor();
  assert.equal(await page.title(), 'Device check · medtangle');
}

/** Clicks through Advanced to the Tangle screen of an open page and waits for the replica to answer. */
export async function showTangle(page) {
  await showAdvanced(page);
  await page.getByTestId('nav-tangle').click();
  await page.getByTestId('stat-txs').waitFor({ timeout: STEP_TIMEOUT });
  await until(() => ready(page), Boolean, 'the replica opens');
  assert.equal(await page.title(), 'Tangle · medtangle');
}

/** Switches to network `name` with `mwm` through the Network card and waits for its replica to open. */
export async function setNetwork(page, { name, mwm }) {
  await page.getByTestId('network-name').fill(name);
  await page.getByTestId('network-mwm').fill(String(mwm));
  await page.getByTestId('network-switch').click();
  await until(
    async () => [await text(page, 'network-current'), await text(page, 'network-mwm-current')],
    ([n, m]) => n === name && m === String(mwm),
    `the network becomes ${name} with MWM ${mwm}`,
  );
  await until(() => ready(page), Boolean, `the replica of ${name} opens`);
}

/** Switches to the test network "test" with `mwm` (tests use small MWMs so that PoW is quick). */
export const setNetworkMwm = (page, mwm) => setNetwork(page, { name: 'test', mwm });

/** Creates a test bundle of `body` and waits until its `txs` txs are drawn and counted; returns their indices. */
export async function createBundle(page, body, txs) {
  const before = (await counters(page)).txs;
  await page.getByTestId('bundle-text').fill(body);
  await page.getByTestId('bundle-create').click();
  await until(
    async () => {
      if (await page.getByTestId('bundle-error').count()) return { error: await text(page, 'bundle-error') };
      return { txs: (await counters(page)).txs, done: await page.getByTestId('bundle-done').count(), ready: await ready(page) };
    },
    (v) => {
      if (v.error) assert.fail(`the bundle failed: ${v.error}`);
      return v.txs === before + txs && v.done === 1 && v.ready;
    },
    `a bundle of ${txs} txs is stored`,
  );
  const drawn = await statuses(page);
  for (let i = before + 1; i <= before + txs; i++) assert.ok(drawn[i], `tx ${i} is drawn`);
  return Array.from({ length: txs }, (_, k) => before + 1 + k);
}
