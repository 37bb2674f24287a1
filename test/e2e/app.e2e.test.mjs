// End-to-end: the production build (dist/, from `npm run build`) served by `vite preview` on a free
// loopback port and driven like a user in headless Chromium (playwright-core). Every found nonce is
// re-checked here in Node with an independent Kerl (./kerl-pow-ref.mjs). Any page error, console
// error or request to a non-loopback address fails the test.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, dist, launchBrowser, startServer, stopChild, until } from './_harness.mjs';
import { patient, onboard } from './_identity.mjs';
import { counters, createBundle, setNetworkMwm, showDeviceCheck, showTangle, text as tangleText } from './_tangle.mjs';
import { kerlPow } from './kerl-pow-ref.mjs';

const RESULT_TIMEOUT = 60_000;
/** The network MWM the offline test bundle is made at: small, as in the Tangle e2e tests. */
const OFFLINE_MWM = 3;

let server = null;
let baseUrl = '';
let browser = null;
/** Non-loopback requests and errors seen in any page; checked after every test. */
const problems = new Problems();

function stopServer() {
  if (!server) return Promise.resolve();
  const { child } = server;
  server = null;
  return stopChild(child);
}

/** A browser context that aborts and records every request to a non-loopback address. */
function newContext() {
  return problems.newContext(browser);
}

/** A page that records page errors and console errors, opened on the Device check screen (through Advanced). */
async function openDeviceCheck(context, url = baseUrl) {
  const page = await problems.newPage(context);
  await page.goto(url);
  await showDeviceCheck(page);
  return page;
}

function assertNoProblems() {
  problems.assertNone();
}

/** Types the text and MWM, runs, waits for the result, and checks it against the Node reference. */
async function runAndVerify(page, text, mwm) {
  await page.getByTestId('pow-text').fill(text);
  await page.getByTestId('pow-mwm').fill(String(mwm));
  await page.getByTestId('pow-run').click();
  await page.getByTestId('pow-result').waitFor({ timeout: RESULT_TIMEOUT });
  const nonceText = (await page.getByTestId('pow-nonce').textContent()).trim();
  const hash = (await page.getByTestId('pow-hash').textContent()).trim();
  const weight = Number((await page.getByTestId('pow-weight').textContent()).trim());
  const time = (await page.getByTestId('pow-time').textContent()).trim();

  assert.match(nonceText, /^\d+$/, `the nonce is shown as a decimal number: ${nonceText}`);
  const nonce = BigInt(nonceText);
  assert.ok(nonce < 1n << 64n, 'the nonce is a u64');
  assert.match(hash, /^[9A-Z]{81}$/, `the hash is 81 trytes: ${hash}`);
  assert.ok(Number.isInteger(weight) && weight >= mwm, `weight ${weight} is at least the MWM ${mwm}`);
  assert.match(time, /second|minute/, `the time taken is shown: ${time}`);

  const ref = kerlPow(new TextEncoder().encode(text), nonce);
  assert.equal(ref.hashTrytes, hash, `the shown hash is Kerl-PoW v1 of the text and nonce ${nonce}`);
  assert.equal(ref.weight, weight, 'the shown weight is the hash weight');
  return { nonce, hash, weight };
}

before(async () => {
  assert.ok(existsSync(resolve(dist, 'index.html')), 'dist/ has no build: run `npm run build` first');
  server = await startServer();
  baseUrl = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer();
});

test('the build precaches the app shell and the release and compat WASM cores, not the debug one', () => {
  const sw = readFileSync(resolve(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(urls.includes('index.html'), 'index.html is precached');
  assert.ok(urls.includes('manifest.webmanifest'), 'the web manifest is precached');
  const wasm = urls.filter((u) => u.endsWith('.wasm'));
  // The app loads `release`, or `compat` where SIMD is missing: both must work offline. The debug
  // build is never loaded by the app and stays out of every install.
  assert.ok(wasm.some((u) => /\/core-[\w-]+\.wasm$/.test(u)), `the release core is precached: ${wasm.join(', ')}`);
  assert.ok(wasm.some((u) => /\/core\.compat-[\w-]+\.wasm$/.test(u)), `the compat core is precached: ${wasm.join(', ')}`);
  assert.ok(!wasm.some((u) => u.includes('core.debug')), `the debug core is not precached: ${wasm.join(', ')}`);
  for (const u of wasm) assert.ok(existsSync(resolve(dist, u)), `${u} exists in dist/`);
  assert.equal(new Set(urls).size, urls.length, 'no URL is precached twice');
  assert.doesNotMatch(sw, /importScripts\(/, 'the service worker loads nothing from elsewhere');
});

test('measures the proof-of-work rate and says what it means', async () => {
  const context = await newContext();
  try {
    const page = await openDeviceCheck(context);
    await page.getByTestId('rate-measure').click();
    const result = page.getByTestId('rate-result');
    await result.waitFor({ timeout: RESULT_TIMEOUT });
    const text = (await result.textContent()).replace(/\s+/g, ' ');
    assert.match(text, /attempts per second/);
    assert.match(text, /one transaction/);
    assert.match(text, /record of 3 transactions/);
    await assertAccessible(page, 'Device check, the rate measured');
    const workers = Number((await page.getByTestId('rate-workers').textContent()).match(/\d+/)[0]);
    assert.ok(workers >= 1, `at least one worker: ${workers}`);
    assertNoProblems();
  } finally {
    await context.close();
  }
});

test('runs a proof of work at MWM 5 and shows a nonce that checks out', async () => {
  const context = await newContext();
  try {
    const page = await openDeviceCheck(context);
    await runAndVerify(page, 'Fièvre 38,5 °C depuis hier soir; headache. 头痛', 5);
    await assertAccessible(page, 'Device check, a proof of work found');
    assertNoProblems();
  } finally {
    await context.close();
  }
});

test('an invalid MWM is named in an error and nothing runs', async () => {
  const context = await newContext();
  try {
    const page = await openDeviceCheck(context);
    for (const bad of ['0', 'abc', '21', '2.5', '']) {
      await page.getByTestId('pow-mwm').fill(bad);
      await page.getByTestId('pow-run').click();
      const error = page.getByTestId('pow-mwm-error');
      await error.waitFor();
      assert.match(await error.textContent(), /MWM/, `the error for "${bad}" names the MWM`);
      if (bad === '0') await assertAccessible(page, 'Device check, an invalid MWM');
      await page.waitForTimeout(200);
      assert.equal(await page.getByTestId('pow-progress').count(), 0, `nothing runs for "${bad}"`);
      assert.equal(await page.getByTestId('pow-result').count(), 0, `no result for "${bad}"`);
      assert.ok(await page.getByTestId('pow-run').isEnabled(), 'Run stays available');
    }
    // Correcting the field clears the error.
    await page.getByTestId('pow-mwm').fill('4');
    assert.equal(await page.getByTestId('pow-mwm-error').count(), 0, 'the error goes once the field changes');
    assertNoProblems();
  } finally {
    await context.close();
  }
});

test('Cancel stops a running search and says so', async () => {
  const context = await newContext();
  try {
    const page = await openDeviceCheck(context);
    // MWM 20 (3^20 ≈ 3.5 billion attempts, minutes on any device): still running when Cancel is
    // clicked. At the network's MWM 13 a fast device can finish before the click lands.
    await page.getByTestId('pow-mwm').fill('20');
    await page.getByTestId('pow-run').click();
    await page.getByTestId('pow-progress').waitFor();
    await page.waitForFunction(
      () => {
        const find = (root) => {
          const hit = root.querySelector('[data-testid="pow-attempts"]');
          if (hit) return hit;
          for (const el of root.querySelectorAll('*')) {
            const inner = el.shadowRoot && find(el.shadowRoot);
            if (inner) return inner;
          }
          return null;
        };
        const el = find(document);
        return el && Number(el.textContent.replace(/\D/g, '')) > 0;
      },
      null,
      { timeout: RESULT_TIMEOUT },
    );
    assert.ok(await page.getByTestId('pow-cancel').isEnabled(), 'Cancel is available while running');
    await assertAccessible(page, 'Device check, searching');
    await page.getByTestId('pow-cancel').click();
    const cancelled = page.getByTestId('pow-cancelled');
    await cancelled.waitFor({ timeout: 10_000 });
    assert.match(await cancelled.textContent(), /cancel/i);
    await assertAccessible(page, 'Device check, cancelled');
    assert.equal(await page.getByTestId('pow-progress').count(), 0, 'the progress bar is gone');
    assert.equal(await page.getByTestId('pow-result').count(), 0, 'no result is shown');
    assert.ok(await page.getByTestId('pow-run').isEnabled(), 'Run is available again');

    // The workers are free again: a small search right after the cancel completes.
    await runAndVerify(page, 'after a cancel', 3);
    assertNoProblems();
  } finally {
    await context.close();
  }
});

test('a new version waits for the user: Update waits while a field holds typed text (never for the app\'s own example text), then switches and reloads; Later keeps it waiting', async () => {
  // A copy of dist/ on its own server; changing the copy's sw.js makes a new version.
  const dir = mkdtempSync(resolve(tmpdir(), 'medtangle-e2e-'));
  cpSync(dist, dir, { recursive: true });
  const own = await startServer(dir);
  const context = await newContext();
  const newVersion = (n) => appendFileSync(resolve(dir, 'sw.js'), `\n// version ${n}\n`);
  try {
    // First on the welcome screen; at the end on the Device check, whose example text counts as
    // nothing typed.
    const page = await problems.newPage(context);
    await page.goto(own.url);
    await page.getByTestId('welcome-new').waitFor();
    const checkForUpdate = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const waiting = () => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration()).waiting));
    await page.getByTestId('offline-ready').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    assert.equal(await page.getByTestId('update-banner').count(), 0, 'no update offered yet');

    // A name typed in the onboarding's details: Update waits and says why, and nothing reloads.
    newVersion(2);
    await checkForUpdate();
    await page.getByTestId('update-banner').waitFor({ timeout: 30_000 });
    await page.evaluate(() => (window.__beforeUpdate = true));
    await page.getByTestId('welcome-new').click();
    await page.getByTestId('role-patient').check();
    await page.getByTestId('role-continue').click();
    await page.getByTestId('input-familyName').fill('Koval');
    await page.getByTestId('update-accept').click();
    await page.getByTestId('update-waits').waitFor();
    assert.match(await page.getByTestId('update-waits').textContent(), /The update waits: you have typed something that is not saved yet/);
    await assertAccessible(page, 'an update waiting for typed text');
    assert.equal(await page.evaluate(() => window.__beforeUpdate), true, 'the page did not reload');
    assert.equal(await page.getByTestId('input-familyName').inputValue(), 'Koval', 'what was typed is kept');
    assert.equal(await waiting(), true, 'the new version still waits');

    // Update, on the very page that installed the app, once the field is cleared: the new version
    // takes over and the page reloads.
    await page.getByTestId('input-familyName').fill('');
    await page.getByTestId('update-accept').click();
    await page.waitForFunction(() => !window.__beforeUpdate, null, { timeout: 30_000 });
    await page.getByTestId('welcome-new').waitFor();
    assert.equal(await waiting(), false, 'nothing waits after the update');
    assert.equal(await page.getByTestId('update-banner').count(), 0, 'no offer after the update');
    assert.equal(await page.getByTestId('update-waits').count(), 0, 'no waiting note after the update');
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the new version controls the page');

    // Later: the offer goes away, the version keeps waiting, and the offer is back on the next start.
    newVersion(3);
    await checkForUpdate();
    await page.getByTestId('update-banner').waitFor({ timeout: 30_000 });
    await page.getByTestId('update-later').click();
    assert.equal(await page.getByTestId('update-banner').count(), 0, 'Later hides the offer');
    assert.equal(await waiting(), true, 'the new version still waits');
    await page.reload();
    await page.getByTestId('update-banner').waitFor({ timeout: 30_000 });

    // On the Device check, whose text and MWM still show the app's own example: nothing of the
    // user's would be lost, so Update applies at once.
    await page.evaluate(() => (location.hash = '#/device'));
    await page.getByTestId('pow-text').waitFor();
    await page.evaluate(() => (window.__beforeUpdate = true));
    await page.getByTestId('update-accept').click();
    await page.waitForFunction(() => !window.__beforeUpdate, null, { timeout: 30_000 });
    assert.equal(await page.getByTestId('update-waits').count(), 0, 'the update did not wait');
    assert.equal(await waiting(), false, 'the new version took over from the Device check');
    assertNoProblems();
  } finally {
    await context.close();
    await stopChild(own.child);
    rmSync(dir, { recursive: true, force: true });
  }
});

// Last: it stops the server to prove that nothing comes from the network.
test('after the first visit the app works offline, WASM core and Tangle screen included', async () => {
  const context = await newContext();
  try {
    const page = await openDeviceCheck(context);
    await page.getByTestId('offline-ready').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

    await context.setOffline(true);
    await stopServer();
    await page.reload();
    await page.getByTestId('pow-run').waitFor();
    await page.getByTestId('offline-badge').waitFor();
    assert.equal(await page.title(), 'Device check · medtangle');

    // Every precached WASM file loads and compiles from the cache.
    const sw = readFileSync(resolve(dist, 'sw.js'), 'utf8');
    const wasmUrls = [...sw.matchAll(/"url":"([^"]+\.wasm)"/g)].map((m) => m[1]);
    const compiled = await page.evaluate(async (urls) => {
      const out = [];
      for (const u of urls) {
        const res = await fetch(new URL(u, location.href));
        const module = await WebAssembly.compile(await res.arrayBuffer());
        out.push({ u, status: res.status, exports: WebAssembly.Module.exports(module).length });
      }
      return out;
    }, wasmUrls);
    for (const c of compiled) {
      assert.equal(c.status, 200, `${c.u} is served offline`);
      assert.ok(c.exports > 0, `${c.u} compiles offline`);
    }

    // A navigation to another path in scope gets the app too.
    await page.goto(new URL('some/deep/path', baseUrl).href);
    await page.getByTestId('nav-advanced').waitFor();
    await showDeviceCheck(page);

    await runAndVerify(page, 'offline: cough for three days', 5);

    // An identity is made offline (the identity worker and its key derivation start from the
    // cache), since a test bundle is signed by the unlocked identity.
    await page.getByTestId('nav-home').click();
    await onboard(page, patient('Offline'));

    // The Tangle screen, still offline and with the server gone: the tangle worker, the replica in
    // IndexedDB and the graph (tip selection and confirmation, in the WASM core) all start from the
    // cache. The counters appear, and a test bundle is signed, attached with PoW, stored and drawn.
    await showTangle(page);
    assert.equal((await counters(page)).txs, 0, 'a fresh browser context starts with an empty replica');
    await setNetworkMwm(page, OFFLINE_MWM);
    const [index] = await createBundle(page, 'offline: test record, pulse 70', 1);
    assert.equal(index, 1, 'the first tx of the replica');
    const c = await counters(page);
    assert.equal(c.txs, 1, JSON.stringify(c));
    assert.equal(c.confirmed + c.pending, 1, `the tx is pending or confirmed: ${JSON.stringify(c)}`);
    assert.ok(c.tips >= 1, `the new tx is a tip: ${JSON.stringify(c)}`);
    await until(() => tangleText(page, 'detail-index'), (t) => t === '1', 'the details show the new tx');
    assert.match(await tangleText(page, 'detail-validity'), /^valid/);
    const weight = Number(await tangleText(page, 'detail-weight-value'));
    assert.ok(weight >= OFFLINE_MWM, `weight ${weight} is at least the MWM ${OFFLINE_MWM}`);
    // The walks of the graph have run: a share of them is shown, not "not computed yet".
    await until(() => tangleText(page, 'detail-confidence'), (t) => /^\d+%$/.test(t), 'the confidence is computed offline');
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is still offline');
    await page.getByTestId('offline-badge').waitFor();
    assertNoProblems();
  } finally {
    await context.close();
  }
});
