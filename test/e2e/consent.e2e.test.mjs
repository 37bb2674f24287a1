// Consent and shared links of issue 10, end to end in the built app: three browser contexts (a
// patient and two doctors), whose transactions travel only by replica file. The patient lets both
// doctors see everything from now on, writes a record, withdraws one doctor's access and writes
// another. The withdrawn doctor opened the first record and is offered nothing after; the other opens
// both; the patient's access log shows every opening. Then links: a link of one record, drawn as a
// QR code that jsQR decodes to the same link, opened in a fresh browser with no identity, showing
// exactly that record, with no key in any request or in storage after it closes; a changed link, a
// wrong passcode, and an expired link are refused. axe runs on every screen.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, assertFits, decodeQr, dist, launchBrowser, startServer, stopChild, until } from './_harness.mjs';
import { doctor, patient, writeNote } from './_identity.mjs';
import { text } from './_tangle.mjs';
import { exportFile, importFile, newPerson, texts, written } from './_people.mjs';

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

/** Fills a date's three boxes (`path` of the form's field) with a day `days` from today. */
async function fillDay(form, path, days) {
  const d = new Date(Date.now() + days * 86_400_000);
  await form.getByTestId(`input-${path}-day`).fill(String(d.getDate()));
  await form.getByTestId(`input-${path}-month`).fill(String(d.getMonth() + 1));
  await form.getByTestId(`input-${path}-year`).fill(String(d.getFullYear()));
}

/** The patient finds a doctor by name and gives access to everything from now on, for 30 days. */
async function grantFromNowOn(pat, name, { axe = false } = {}) {
  await pat.getByTestId('nav-doctors').click();
  await pat.getByTestId('search').fill(name);
  await pat.getByTestId('search-go').click();
  await until(() => texts(pat, 'result-name'), (t) => t.length === 1, `the doctor ${name} is found`);
  await pat.getByTestId('result-give-access').click();
  const form = pat.locator('mt-consent-form');
  await form.waitFor();
  if (axe) {
    await form.getByTestId('consent-give').click();
    await form.getByTestId('error-scope').waitFor();
    await assertAccessible(pat, 'patient: consent form with errors');
  }
  await form.getByTestId('input-scope-from-now-on').check();
  await fillDay(form, 'until', 30);
  await form.getByTestId('consent-give').click();
  await written(pat, 'grant-done', 'consent-failed');
}

/** A doctor opens the one shared record `label` not opened before (logging the opening first) and sees `expected`. */
async function openShared(doc, label, expected) {
  await doc.getByTestId('nav-shared').click();
  const button = doc.locator('[data-testid="shared-record"][data-opened="no"]').getByTestId('shared-open').filter({ hasText: label });
  await until(() => button.count(), (n) => n === 1, `the record ${label} is offered`);
  await button.click();
  await until(() => texts(doc, 'shared-opened'), (t) => t.some((x) => x.includes(expected)), `the record ${label} opens`, 120_000);
}

test('revocation: the patient lets two doctors see new records, writes one, withdraws one doctor and writes another; the withdrawn doctor opened the first and is offered nothing more, the other opens both, and the access log shows each opening', async () => {
  const contexts = [];
  const context = async () => {
    const c = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
    contexts.push(c);
    return c;
  };
  const person = async (who) => newPerson(problems, server.url, await context(), who);
  try {
    // The doctors publish their profiles; the patient takes both files.
    const taras = await person(doctor('Taras'));
    const lesia = await person(doctor('Lesia'));
    const files = [];
    for (const doc of [taras, lesia]) {
      await doc.getByTestId('nav-profile').click();
      await doc.getByTestId('profile-publish').click();
      await written(doc, 'profile-done', 'profile-failed');
      files.push(await exportFile(doc, 'shared'));
    }
    await until(() => taras.getByTestId('shared-empty').count(), (n) => n === 1, 'nothing is shared with the doctor yet');
    await assertAccessible(taras, 'doctor: shared with you, empty');
    const pat = await person(patient('Olena'));
    for (const f of files) await importFile(pat, f, 'consents');
    await pat.getByTestId('grants-empty').waitFor();
    await assertAccessible(pat, 'patient: who can see my records, none yet');

    // 1. Both doctors get access to everything from now on; the patient writes a record.
    await grantFromNowOn(pat, 'Taras', { axe: true });
    await grantFromNowOn(pat, 'Lesia');
    await until(() => pat.getByTestId('grant').count(), (n) => n === 2, 'both grants are listed');
    const statuses = await texts(pat, 'grant-status');
    assert.ok(statuses.length === 2 && statuses.every((s) => /^Can see them until /.test(s)), `both grants are active: ${statuses}`);
    await assertAccessible(pat, 'patient: two grants');
    await pat.getByTestId('nav-record').click();
    await writeNote(pat, 'Blood pressure 150/95');
    const first = await exportFile(pat, 'record');

    // 2. Each doctor opens the first record: the opening is logged to the patient first.
    for (const doc of [taras, lesia]) {
      await importFile(doc, first, 'shared');
      await until(() => texts(doc, 'shared-access'), (t) => /^You can see what Olena Olenaenko shared until /.test(t[0] ?? ''), 'access is shown');
      await openShared(doc, 'Note', 'Blood pressure 150/95');
    }
    await assertAccessible(taras, 'doctor: a shared record opened');
    const tarasOpened = await exportFile(taras, 'shared');
    const lesiaOpenedFirst = await exportFile(lesia, 'shared');

    // 3. The patient withdraws Taras's access (the screen warns first) and writes another record.
    await importFile(pat, tarasOpened, 'consents');
    await importFile(pat, lesiaOpenedFirst, 'consents');
    const tarasGrant = pat.getByTestId('grant-doctor').filter({ hasText: 'Dr Taras Shevchenko' });
    await tarasGrant.getByTestId('grant-withdraw').click();
    assert.match(await text(pat, 'withdraw-confirm'), /What they already opened stays with them: it cannot be taken back/);
    await assertAccessible(pat, 'patient: withdrawing access');
    await pat.getByTestId('withdraw-yes').click();
    await written(pat, 'revoke-done', 'consent-failed');
    assert.match(await text(pat, 'revoke-done'), /What they already opened cannot be taken back/);
    await until(() => tarasGrant.getByTestId('grant').getAttribute('data-status'), (s) => s === 'revoked', 'the grant shows as withdrawn');
    await pat.getByTestId('nav-record').click();
    await writeNote(pat, 'Blood pressure 130/85');
    const second = await exportFile(pat, 'consents');

    // 4. Taras's app, once it has the withdrawal, offers nothing; Lesia opens the second record too.
    await importFile(taras, second, 'shared');
    await until(() => taras.getByTestId('shared-access').getAttribute('data-access'), (a) => a === 'revoked', 'the withdrawal is shown');
    assert.equal(await taras.getByTestId('shared-record').count(), 0, 'no record is offered after the withdrawal');
    await assertAccessible(taras, 'doctor: access withdrawn');
    await importFile(lesia, second, 'shared');
    await until(() => lesia.getByTestId('shared-record').count(), (n) => n === 2, 'both records are offered to the other doctor');
    await openShared(lesia, 'Note', 'Blood pressure 130/85');
    const lesiaOpened = await exportFile(lesia, 'shared');

    // 5. The patient's access log: both doctors' openings, once each; filtered by doctor.
    await importFile(pat, lesiaOpened, 'consents');
    const opens = async () => (await texts(pat, 'log-entry')).filter((t) => / opened your record: /.test(t));
    await until(opens, (t) => t.length === 3, 'three openings are logged (Taras one, Lesia two)');
    const all = await opens();
    assert.equal(all.filter((t) => t.startsWith('Dr Taras Shevchenko opened your record: Note, ')).length, 1);
    assert.equal(all.filter((t) => t.startsWith('Dr Lesia Shevchenko opened your record: Note, ')).length, 2);
    const actions = async () => (await pat.getByTestId('log-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).sort();
    assert.deepEqual(await actions(), ['grant', 'grant', 'open', 'open', 'open', 'revoke', 'share', 'share', 'share'], 'one entry per action');
    const tarasKey = await pat.getByTestId('log-filter').locator('option', { hasText: 'Dr Taras Shevchenko' }).getAttribute('value');
    await pat.getByTestId('log-filter').selectOption(tarasKey);
    assert.deepEqual(await actions(), ['grant', 'open', 'revoke', 'share'], "Taras's entries only");
    await assertAccessible(pat, 'patient: access log, one doctor');
    // The medical timeline holds the two notes and none of the access log's entries.
    await pat.getByTestId('nav-record').click();
    await until(() => texts(pat, 'record-text'), (t) => t.length === 2, 'the timeline holds the two notes only');
    problems.assertNone();
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('links: a link of chosen records, drawn as a QR code that decodes to the same link, opens in a fresh browser with no identity showing exactly those records, and leaves no key in a request or in storage; a changed link, a wrong passcode and an expired link are refused', async () => {
  const contexts = [];
  const context = async (options = {}) => {
    const c = await problems.newContext(browser, { viewport: { width: 1280, height: 900 }, ...options });
    contexts.push(c);
    return c;
  };
  try {
    const pat = await newPerson(problems, server.url, await context(), patient('Daria'));
    await pat.getByTestId('nav-record').click();
    await writeNote(pat, 'Allergic to penicillin');
    await writeNote(pat, 'Private: not for the link');
    await pat.getByTestId('nav-consents').click();
    await pat.getByTestId('to-share').click();
    const form = pat.locator('mt-link-form');
    await form.waitFor();
    await form.getByTestId('link-make').click();
    await form.getByTestId('error-records').waitFor();
    await assertAccessible(pat, 'patient: link form with errors');
    const boxes = form.locator('input[type=checkbox]');
    await until(() => boxes.count(), (n) => n === 2, 'both notes can be chosen');
    // The older note (listed last: newest first) is the one for the link.
    await boxes.nth(1).check();
    await fillDay(form, 'until', 7);
    await form.getByTestId('link-make').click();
    await pat.getByTestId('link-made').waitFor({ timeout: 120_000 });
    await written(pat, 'link-logged');
    const url = await pat.getByTestId('link-text').inputValue();
    assert.ok(url.startsWith(`${server.url.replace(/\/$/, '')}/#/link/`), `the link is the app's own address, its payload in the fragment: ${url.slice(0, 80)}`);
    assert.match(await text(pat, 'link-says'), /^It holds 1 of your records and works until .+ It needs no passcode/);
    assert.equal(await decodeQr(pat, 'link-qr'), url, 'the QR code drawn decodes to the link shown');
    await assertAccessible(pat, 'patient: a link made');
    const fragment = url.slice(url.indexOf('#') + 1);
    const secretPart = fragment.slice('/link/'.length);

    // A fresh browser with no identity opens it: exactly the chosen record, read-only.
    const fresh = await context();
    const requests = [];
    fresh.on('request', (r) => requests.push(r.url()));
    const doc = await problems.newPage(fresh);
    await doc.goto(url);
    await doc.getByTestId('link-opened').waitFor({ timeout: 60_000 });
    assert.deepEqual(await texts(doc, 'record-text'), ['Allergic to penicillin'], 'exactly the chosen record');
    assert.match(await text(doc, 'link-readonly'), /Nothing was saved on this device/);
    assert.ok(doc.url().endsWith('#/link'), `the link leaves the address bar once read: ${doc.url()}`);
    assert.equal(await doc.getByTestId('who').count(), 0, 'no identity was made');
    await assertAccessible(doc, 'doctor without the app: a link opened');
    await doc.getByTestId('link-close').click();
    // No request carried any of the fragment, and nothing of it is stored.
    for (const r of requests) assert.ok(!r.includes(secretPart.slice(0, 24)) && !r.includes('/link/'), `a request carried the link: ${r.slice(0, 120)}`);
    const stored = await doc.evaluate(async () => {
      const out = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
      for (const info of await indexedDB.databases()) {
        const db = await new Promise((ok, ko) => {
          const q = indexedDB.open(info.name);
          q.onsuccess = () => ok(q.result);
          q.onerror = () => ko(q.error);
        });
        for (const name of db.objectStoreNames) {
          const all = await new Promise((ok) => {
            const q = db.transaction(name).objectStore(name).getAll();
            q.onsuccess = () => ok(q.result);
          });
          out.push(JSON.stringify(all, (_k, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Array.from(new Uint8Array(v.buffer ?? v)).join(',') : v)));
        }
        db.close();
      }
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(req.url);
      return out.join('\n');
    });
    assert.ok(!stored.includes(secretPart.slice(0, 24)) && !stored.includes('penicillin'), 'no part of the link or its record is stored in the fresh browser');

    // A changed character is refused with a clear error.
    const at = url.length - 10;
    const changed = url.slice(0, at) + (url[at] === 'A' ? 'B' : 'A') + url.slice(at + 1);
    const tampered = await problems.newPage(await context());
    await tampered.goto(changed);
    await until(() => tampered.getByTestId('link-problem').getAttribute('data-problem'), (p) => p === 'changed', 'the changed link is refused');
    assert.match(await text(tampered, 'link-problem'), /^This link was changed or cut short/);
    assert.equal(await tampered.getByTestId('link-record').count(), 0);
    await assertAccessible(tampered, 'doctor without the app: a changed link');

    // A link with a passcode: the wrong one is refused, the right one opens.
    await pat.getByTestId('link-new').click();
    await boxes.nth(1).check();
    await fillDay(form, 'until', 7);
    await form.getByTestId('input-passcode').fill('river lamp orchard');
    await form.getByTestId('link-make').click();
    await pat.getByTestId('link-made').waitFor({ timeout: 120_000 });
    const withCode = await pat.getByTestId('link-text').inputValue();
    const guarded = await problems.newPage(await context());
    await guarded.goto(withCode);
    await guarded.getByTestId('link-passcode').waitFor();
    await guarded.getByTestId('link-passcode').fill('river lamp orchart');
    await guarded.getByTestId('link-open').click();
    await until(() => guarded.getByTestId('link-passcode-error').count(), (n) => n === 1, 'the wrong passcode is refused', 60_000);
    assert.match(await text(guarded, 'link-passcode-error'), /^The passcode is wrong/);
    await assertAccessible(guarded, 'doctor without the app: a wrong passcode');
    await guarded.getByTestId('link-passcode').fill('river lamp orchard');
    await guarded.getByTestId('link-open').click();
    await guarded.getByTestId('link-opened').waitFor({ timeout: 60_000 });
    assert.deepEqual(await texts(guarded, 'record-text'), ['Allergic to penicillin']);

    // The first link, on a device whose clock is past its last day, says it expired and shows nothing.
    const late = await context();
    await late.clock?.install?.({ time: new Date(Date.now() + 9 * 86_400_000) });
    const expired = await problems.newPage(late);
    await expired.goto(url);
    await until(() => expired.getByTestId('link-problem').getAttribute('data-problem'), (p) => p === 'expired', 'the expired link is refused');
    assert.match(await text(expired, 'link-problem'), /^This link stopped working on /);
    assert.equal(await expired.getByTestId('link-record').count(), 0);
    problems.assertNone();
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('on a 320 px screen with text at 200%, the consent, link and shared-records screens fit: nothing wider than the screen', async () => {
  const contexts = [];
  const small = async () => {
    const c = await problems.newContext(browser, { viewport: { width: 320, height: 640 } });
    contexts.push(c);
    return c;
  };
  const person = async (who) => newPerson(problems, server.url, await small(), who, { large: true });
  try {
    const doc = await person(doctor('Petro'));
    await doc.getByTestId('nav-profile').click();
    await doc.getByTestId('profile-publish').click();
    await written(doc, 'profile-done', 'profile-failed');
    const file = await exportFile(doc, 'shared');
    await doc.getByTestId('shared-empty').waitFor();
    await assertFits(doc, 'doctor: shared with you, empty');

    const pat = await person(patient('Daria'));
    await importFile(pat, file, 'record');
    await writeNote(pat, 'Blood pressure 150/95, taken at rest after a long walk');
    await pat.getByTestId('nav-doctors').click();
    await pat.getByTestId('search').fill('petro');
    await pat.getByTestId('search-go').click();
    await pat.getByTestId('result-give-access').click();
    const form = pat.locator('mt-consent-form');
    await form.getByTestId('consent-give').click();
    await form.getByTestId('error-scope').waitFor();
    await assertFits(pat, 'patient: the consent form with errors');
    await form.getByTestId('input-scope-records').check();
    await form.locator('input[type=checkbox]').first().check();
    await fillDay(form, 'until', 30);
    await form.getByTestId('consent-give').click();
    await written(pat, 'grant-done', 'consent-failed');
    await pat.getByTestId('grant-withdraw').click();
    await pat.getByTestId('withdraw-confirm').waitFor();
    await assertFits(pat, 'patient: grants, withdrawing, and the access log');
    await pat.getByTestId('withdraw-no').click();
    const granted = await exportFile(pat, 'consents');
    await pat.getByTestId('to-share').click();
    const link = pat.locator('mt-link-form');
    await link.getByTestId('link-make').click();
    await link.getByTestId('error-records').waitFor();
    await assertFits(pat, 'patient: the link form with errors');
    await link.locator('input[type=checkbox]').first().check();
    await fillDay(link, 'until', 7);
    await link.getByTestId('link-make').click();
    await pat.getByTestId('link-made').waitFor({ timeout: 120_000 });
    await assertFits(pat, 'patient: a link made, with its QR code');
    const url = await pat.getByTestId('link-text').inputValue();

    await importFile(doc, granted, 'shared');
    await openShared(doc, 'Note', 'Blood pressure 150/95');
    await assertFits(doc, 'doctor: a shared record opened');

    const fresh = await problems.newPage(await small());
    await fresh.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const s = document.createElement('style');
        s.textContent = 'html { font-size: 200% !important; }';
        document.head.append(s);
      });
    });
    await fresh.goto(url);
    await fresh.getByTestId('link-opened').waitFor({ timeout: 60_000 });
    await assertFits(fresh, 'doctor without the app: a link opened');
    await fresh.getByTestId('nav-advanced').click();
    await fresh.getByTestId('nav-simulation').click();
    await fresh.locator('mt-simulation').getByTestId('sim-run').waitFor();
    await assertFits(fresh, 'the Simulation screen');
    problems.assertNone();
  } finally {
    for (const c of contexts) await c.close();
  }
});
