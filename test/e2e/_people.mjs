// People in the e2e tests of the care and consent issues: a fresh browser context with an identity
// made through the screens, on a test network of small MWM; replica files carried between them (the
// Tangle screen's export and import); a write awaited by its done notice. Shared by
// care.e2e.test.mjs and consent.e2e.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { until } from './_harness.mjs';
import { onboard } from './_identity.mjs';
import { setNetworkMwm, showTangle, text } from './_tangle.mjs';

/** Time for a write: sealing and the proof of work of a few txs at a small MWM. */
export const WRITE_TIMEOUT = 120_000;

/** The text of every element with `testid`, whitespace collapsed. */
export const texts = async (page, testid) => (await page.getByTestId(testid).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

/** A page of `context` at `url` on the test network (MWM `mwm`), with an identity made through the screens; `large`: text at 200%; every dialog's message goes to `dialogs`. */
export async function newPerson(problems, url, context, who, { large = false, mwm = 3, dialogs = [] } = {}) {
  const page = await problems.newPage(context);
  await page.goto(url);
  if (large) await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
  await showTangle(page);
  await setNetworkMwm(page, mwm);
  await page.getByTestId('nav-home').click();
  await onboard(page, who);
  // Any dialog would be an XSS payload run: the tests check that none opened.
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return page;
}

/** Exports the page's replica as a file (the Tangle screen), and comes back to `back`. */
export async function exportFile(page, back) {
  await showTangle(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-file').click()]);
  const file = readFileSync(await download.path());
  await page.getByTestId(`nav-${back}`).click();
  return file;
}

/** Imports a replica file (the Tangle screen) and waits until it is stored, then goes to `back`. */
export async function importFile(page, file, back) {
  await showTangle(page);
  await page.getByTestId('import-file').setInputFiles({ name: 'replica.mtx', mimeType: 'application/octet-stream', buffer: file });
  await until(() => text(page, 'import-headline'), (t) => /^Stored \d+ transactions?|^Nothing new/.test(t), 'the file is imported', WRITE_TIMEOUT);
  await page.getByTestId(`nav-${back}`).click();
}

/** Waits for a write's done notice `done`, failing on its failed notice `failed`. */
export async function written(page, done, failed) {
  await until(
    async () => ({ done: await page.getByTestId(done).count(), failed: failed && (await page.getByTestId(failed).count()) ? await text(page, failed) : '' }),
    (v) => {
      if (v.failed) assert.fail(`the write failed: ${v.failed}`);
      return v.done > 0;
    },
    `${done} shows`,
    WRITE_TIMEOUT,
  );
}
