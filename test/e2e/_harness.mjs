// Shared helpers of the end-to-end tests: `vite preview` of the production build (dist/) on a free
// loopback port, headless Chromium (playwright-core), and the guards every test keeps: any page
// error, console error or request to a non-loopback address is recorded and fails the test.
// Not a test file itself (scripts/test.mjs and `npm run test:e2e` run only *.e2e.test.mjs here).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import jsQR from 'jsqr';
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../../scripts/chromium.mjs';

export const root = resolve(import.meta.dirname, '../..');
export const dist = resolve(root, 'dist');

export function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** `vite preview` of dist/ (or of `outDir`) on a free loopback port. Resolves with { child, url }. */
export async function startServer(outDir = null) {
  const port = await freePort();
  const args = ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'];
  if (outDir) args.push('--outDir', outDir);
  const child = spawn(resolve(root, 'node_modules/.bin/vite'), args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite preview did not answer at ${url}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url };
}

/** Stops a child process (the preview server) and waits for it to exit. */
export function stopChild(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

export function isLoopback(url) {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  const u = new URL(url);
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

/** Headless Chromium with the project's flags (TOOLCHAIN.md). */
export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
}

/**
 * What went wrong in any page of a test file: non-loopback requests, page errors and console
 * errors. Checked (and emptied) at the end of every test.
 */
export class Problems {
  list = [];

  add(p) {
    this.list.push(p);
  }

  /** Fails with every recorded problem, and starts a new list. */
  assertNone() {
    const seen = this.list.splice(0);
    assert.deepEqual(seen, [], `problems in the page:\n${seen.join('\n')}`);
  }

  /** A browser context that aborts and records every request to a non-loopback address. */
  async newContext(browser, options = {}) {
    const context = await browser.newContext({ serviceWorkers: 'allow', ...options });
    context.on('request', (r) => {
      if (!isLoopback(r.url())) this.add(`request to a non-loopback address: ${r.url()}`);
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      this.add(`request to a non-loopback address: ${url}`);
      return route.abort('blockedbyclient');
    });
    return context;
  }

  /** A new page of `context` whose page errors and console errors are recorded. */
  async newPage(context) {
    const page = await context.newPage();
    page.on('pageerror', (e) => this.add(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.add(`console error: ${m.text()}`);
    });
    return page;
  }
}

/** Polls `read` every 100 ms until `ok(value)` holds; fails with `what` and the last value after `timeout` ms. Used by the e2e tests. */
export async function until(read, ok, what, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const AXE = resolve(root, 'node_modules/axe-core/axe.min.js');

/**
 * Runs axe-core on the page as it is now (shadow roots included) and fails on any serious or
 * critical violation, naming each rule and the elements it found. `where` names the screen and
 * state in the message. Called by the e2e tests on every screen state they reach.
 */
export async function assertAccessible(page, where) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `accessibility (${where}): ${bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`).join('; ')}`);
}

/**
 * Keeps IndexedDB database `name` of the page busy: a read-write transaction over all its stores,
 * kept open by one read after another, so that any write the app starts on it waits (as on a slow
 * disk). The screen stays in its "working" state meanwhile, for a test to look at it; nothing is
 * written. Resolves with a function that ends the hold and waits until the transaction is done.
 * Used by the identity e2e tests.
 */
export async function holdDatabase(page, name) {
  await page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const stores = [...db.objectStoreNames];
          if (stores.length === 0) {
            db.close();
            reject(new Error(`database ${name} has no stores yet`));
            return;
          }
          const tx = db.transaction(stores, 'readwrite');
          const store = tx.objectStore(stores[0]);
          const hold = { release: false };
          hold.done = new Promise((r) => {
            tx.oncomplete = tx.onabort = () => {
              db.close();
              r();
            };
          });
          globalThis.__e2eHold = hold;
          const spin = () => {
            if (!hold.release) store.count().onsuccess = spin;
          };
          spin();
          resolve();
        };
      }),
    name,
  );
  return () =>
    page.evaluate(async () => {
      globalThis.__e2eHold.release = true;
      await globalThis.__e2eHold.done;
    });
}

/**
 * What is wider than the screen: the document's overflow in px, the elements and text runs (shadow
 * roots included) whose right edge passes the viewport (in page coordinates, so a page scrolled sideways
 * counts too), and the main navigation's rows and overflow.
 */
const widths = (page) =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const out = { width, overflow: document.documentElement.scrollWidth - width, past: [], nav: null };
    const header = document.querySelector('mt-app').shadowRoot.querySelector('header');
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        const right = r.right + window.scrollX;
        if (r.width > 0 && r.height > 0 && right > width + 0.5) {
          out.past.push({ name: `${el.localName}${el.id ? `#${el.id}` : ''}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}`, right: Math.round(right) });
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
      // Text that overflows its box (a long word in a heading) widens the page without widening
      // any element, so text runs are measured too.
      const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        if (r.width > 0 && r.right + window.scrollX > width + 0.5) {
          out.past.push({ name: `text "${node.data.trim().slice(0, 40)}" in ${node.parentElement?.localName}`, right: Math.round(r.right + window.scrollX) });
        }
      }
    };
    walk(document);
    const ul = header.querySelector('nav ul');
    const links = [...ul.querySelectorAll('a')].map((a) => a.getBoundingClientRect());
    out.nav = {
      rows: new Set(links.map((r) => Math.round(r.top))).size,
      overflow: ul.scrollWidth - ul.clientWidth,
      outside: links.filter((r) => r.left + window.scrollX < 0 || r.right + window.scrollX > width).length,
    };
    return out;
  });

/** Nothing is wider than the 320 px screen (WCAG 1.4.10, reflow), and the navigation wraps onto rows instead. Used by the e2e tests at 320 px. */
export async function assertFits(page, where) {
  const w = await widths(page);
  assert.deepEqual(w.past, [], `${where}: elements past the right edge of the screen`);
  assert.ok(w.overflow <= 0, `${where}: the page is ${w.overflow} px wider than the screen`);
  assert.equal(w.nav.overflow, 0, `${where}: the navigation does not overflow`);
  assert.equal(w.nav.outside, 0, `${where}: every link of the navigation is on screen`);
  assert.ok(w.nav.rows >= 2, `${where}: at 200% text the navigation wraps onto ${w.nav.rows} rows`);
}

/** The QR code the page drew in the SVG with test id `testid`, rasterised by the page (8 px a module) and decoded by jsQR, an independent decoder. */
export async function decodeQr(page, testid) {
  const image = await page.getByTestId(testid).evaluate(async (svg) => {
    const size = svg.viewBox.baseVal.width * 8;
    const markup = new XMLSerializer().serializeToString(svg);
    const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
    try {
      const img = new Image(size, size);
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0, size, size);
      return { width: size, height: size, data: Array.from(ctx.getImageData(0, 0, size, size).data) };
    } finally {
      URL.revokeObjectURL(url);
    }
  });
  const found = jsQR(Uint8ClampedArray.from(image.data), image.width, image.height);
  assert.ok(found, 'jsQR finds a QR code in the drawing');
  return found.data;
}
