// The consultation of issue 9, end to end in the built app, as people do it: four browser contexts
// (a doctor, a clinic, a patient and an outsider), each with its own storage, whose transactions
// travel only by the replica file, in both directions. The doctor publishes a profile; the clinic
// vouches for it; the patient trusts the clinic by its code, finds the doctor by typing part of the
// specialty, sees the clinic's check, and sends symptoms; the doctor's inbox shows the request and
// the doctor answers with a diagnosis, a prescription and exercises; the patient's timeline shows
// all three, and they survive a reload offline. The outsider, holding the same replica, finds the
// doctor's profile but opens nothing of the consultation. An XSS payload in every free-text field
// stays text on both sides, and no alert fires. axe runs on every screen.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, assertFits, dist, launchBrowser, startServer, stopChild, until } from './_harness.mjs';
import { KDF_TIMEOUT, clinic, doctor, patient, unlock } from './_identity.mjs';
import { text } from './_tangle.mjs';
import { WRITE_TIMEOUT, exportFile, importFile, newPerson, texts, written } from './_people.mjs';

/** The test network's MWM: small, so each record's proof of work is quick. */
const MWM = 3;
const XSS = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=1;alert(1)</script>';

let server = null;
let browser = null;
const problems = new Problems();
/** The messages of every dialog any page opened (none may). */
const dialogs = [];

before(async () => {
  assert.ok(existsSync(resolve(dist, 'index.html')), 'dist/ has no build: run `npm run build` first');
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server) await stopChild(server.child);
});

/** Every text node of the page, shadow roots included, and whether the XSS ran. */
async function inert(page) {
  return page.evaluate(() => {
    const imgs = [];
    const scripts = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') imgs.push(el);
        if (el.tagName === 'SCRIPT' && el.textContent.includes('__xss')) scripts.push(el);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return { ran: window.__xss !== undefined, imgs: imgs.length, scripts: scripts.length };
  });
}

/** Fills the symptom form: two coded symptoms, one typed, the onset, the severity, details (with the XSS). */
async function fillSymptoms(page) {
  const form = page.locator('mt-symptom-form');
  await form.getByTestId('symptom-submit').click();
  await form.getByTestId('error-symptoms').waitFor();
  await assertAccessible(page, 'patient: symptom form with errors');
  await form.getByTestId('input-symptom-49727002').check(); // Cough
  await form.getByTestId('input-symptom-386661006').check(); // Fever
  await form.getByTestId('add-symptom').click();
  await form.getByTestId('input-typed.0').fill(`Aching ${XSS}`);
  await form.getByTestId('input-onset-day').fill('1');
  await form.getByTestId('input-onset-month').fill('12');
  await form.getByTestId('input-onset-year').fill('2026');
  await form.getByTestId('input-severity-moderate').check();
  await form.getByTestId('input-details').fill(`Worse at night. ${XSS}`);
}

/** The diagnosis: a condition in words, active, a note with the XSS. */
async function answerDiagnosis(page) {
  await page.getByTestId('answer-diagnosis').click();
  const form = page.locator('mt-diagnosis-form');
  await form.getByTestId('diagnosis-submit').click();
  await form.getByTestId('error-condition').waitFor();
  await assertAccessible(page, 'doctor: diagnosis form with errors');
  await form.getByTestId('input-condition').fill('Acute bronchitis');
  await form.getByTestId('input-clinicalStatus-active').check();
  await form.getByTestId('input-note').fill(`Viral. ${XSS}`);
  await form.getByTestId('diagnosis-submit').click();
}

/** The prescription: 1 tablet by mouth, 3 times a day, for 7 days, 21 tablets, a note with the XSS. */
async function answerPrescription(page) {
  await page.getByTestId('answer-prescription').click();
  const form = page.locator('mt-prescription-form');
  await form.getByTestId('input-medication').fill(`Paracetamol 500 mg ${XSS}`);
  await form.getByTestId('input-doseAmount').fill('1');
  await form.getByTestId('input-doseUnit').selectOption('{tablet}');
  await form.getByTestId('input-route').selectOption('26643006');
  await form.getByTestId('input-timesPerPeriod').fill('3');
  await form.getByTestId('input-durationDays').fill('7');
  await form.getByTestId('input-quantity').fill('21');
  await form.getByTestId('input-note').fill(`Rest. ${XSS}`);
  await assertAccessible(page, 'doctor: prescription form, filled');
  await form.getByTestId('prescription-submit').click();
}

/** The exercises: one breathing exercise, twice a day for 14 days, instructions with the XSS. */
async function answerExercises(page) {
  await page.getByTestId('answer-exercises').click();
  const form = page.locator('mt-exercises-form');
  await form.getByTestId('input-exercises.0.name').fill('Deep breathing');
  await form.getByTestId('input-exercises.0.timesPerPeriod').fill('2');
  await form.getByTestId('input-exercises.0.durationDays').fill('14');
  await form.getByTestId('input-exercises.0.instructions').fill(`Ten slow breaths. ${XSS}`);
  await assertAccessible(page, 'doctor: exercises form, filled');
  await form.getByTestId('exercises-submit').click();
}

/** A page of a fresh context on the test network, with an identity made through the screens; dialogs are collected. */
const person = (context, who, options = {}) => newPerson(problems, server.url, context, who, { ...options, mwm: MWM, dialogs });

test('the consultation: a doctor publishes a profile, a clinic vouches for it, a patient finds the doctor and asks, the doctor answers three times, and the patient reads it all, offline too; an outsider with the same replica opens none of it', async () => {
  const contexts = [];
  const context = async () => {
    const c = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
    contexts.push(c);
    return c;
  };
  try {
    const dr = doctor('Taras');
    const cl = clinic('Rivne');
    const pt = patient('Olena');

    // 1. The doctor publishes the profile.
    const doc = await person(await context(), dr);
    await doc.getByTestId('nav-profile').click();
    await until(() => doc.getByTestId('profile-status').getAttribute('data-status'), (s) => s === 'none', 'the profile is not published yet');
    await assertAccessible(doc, 'doctor: public profile, not published');
    assert.match(await text(doc, 'profile-preview'), /Cardiology/);
    await doc.getByTestId('profile-publish').click();
    await written(doc, 'profile-done', 'profile-failed');
    await until(() => doc.getByTestId('profile-status').getAttribute('data-status'), (s) => s === 'pending' || s === 'confirmed', 'the profile is published');
    await assertAccessible(doc, 'doctor: public profile, published');
    await until(() => doc.getByTestId('profile-unattested').count(), (n) => n === 1, 'no clinic vouches yet');
    const doctorFile = await exportFile(doc, 'profile');

    // 2. The clinic imports it and vouches for the doctor after checking the licence.
    const cli = await person(await context(), cl);
    await importFile(cli, doctorFile, 'clinic');
    await until(() => texts(cli, 'doctor-name'), (t) => t.includes('Taras Shevchenko'), 'the clinic sees the doctor');
    await assertAccessible(cli, 'clinic: doctors');
    await cli.getByTestId('vouch').click();
    await cli.getByTestId('vouch-confirm').click();
    assert.equal(await text(cli, 'checked-error'), 'Confirm that you checked the licence in person');
    await assertAccessible(cli, 'clinic: vouching, not confirmed');
    await cli.getByTestId('checked').check();
    await cli.getByTestId('vouch-confirm').click();
    await written(cli, 'vouch-done');
    await until(() => cli.getByTestId('vouched').count(), (n) => n === 1, 'the clinic vouched');
    const code = await text(cli, 'clinic-code');
    assert.match(code, /^MTC1-/);
    const link = await cli.getByTestId('clinic-link').getAttribute('href');
    assert.ok(link.startsWith(`${server.url.replace(/\/$/, '')}/`) && link.includes('#/doctors?clinic=MTC1-'), `the clinic's link opens the app, its code in the fragment: ${link}`);
    const clinicFile = await exportFile(cli, 'clinic');

    // 3. The patient imports, trusts the clinic by its code, finds the doctor by part of the
    //    specialty, sees the clinic's check, and sends symptoms.
    const pat = await person(await context(), pt);
    await importFile(pat, clinicFile, 'doctors');
    await pat.getByTestId('clinic-code-add').click();
    assert.equal(await text(pat, 'clinic-code-error'), 'Enter the clinic’s code');
    await pat.getByTestId('clinic-code-input').fill(code.slice(0, -3) + (code.endsWith('A') ? 'BBB' : 'AAA'));
    await pat.getByTestId('clinic-code-add').click();
    assert.match(await text(pat, 'clinic-code-error'), /mistake|too short|characters/);
    await assertAccessible(pat, 'patient: find a doctor, wrong code');
    await pat.getByTestId('clinic-code-input').fill(code);
    await pat.getByTestId('clinic-code-add').click();
    await until(() => texts(pat, 'trusted-name'), (t) => t.includes('Rivne District Clinic'), 'the clinic is trusted');
    await pat.getByTestId('search').fill('CARDÍ');
    await until(() => texts(pat, 'suggestion'), (t) => t.some((x) => /^Cardiology/.test(x)), 'the specialty is suggested as the patient types (accents and case ignored)');
    await assertAccessible(pat, 'patient: find a doctor, suggestions');
    await pat.getByTestId('search').press('ArrowDown');
    await pat.getByTestId('search').press('Enter');
    await until(() => texts(pat, 'result-name'), (t) => t.length === 1 && t[0] === 'Dr Taras Shevchenko', 'the doctor is found');
    assert.equal(await text(pat, 'result-attested'), 'Licence checked by Rivne District Clinic');
    await assertAccessible(pat, 'patient: find a doctor, results');
    await pat.getByTestId('result-choose').click();
    await fillSymptoms(pat);
    await assertAccessible(pat, 'patient: symptom form, filled');
    await pat.getByTestId('symptom-submit').click();
    await written(pat, 'request-sent', 'request-failed');
    const patientFile = await exportFile(pat, 'record');

    // 4. The doctor's inbox shows the request; the doctor answers three times.
    await importFile(doc, patientFile, 'inbox');
    await until(() => texts(doc, 'request-patient'), (t) => t.includes('Olena Olenaenko'), 'the request is in the inbox');
    assert.match((await texts(doc, 'request-symptoms'))[0], /Cough/);
    await assertAccessible(doc, 'doctor: inbox');
    await doc.getByTestId('request-open-button').click();
    await doc.getByTestId('request-open').waitFor();
    assert.equal(await text(doc, 'request-details'), `Worse at night. ${XSS}`);
    assert.deepEqual(await inert(doc), { ran: false, imgs: 0, scripts: 0 }, 'the patient’s text is inert on the doctor’s side');
    await assertAccessible(doc, 'doctor: request');
    await answerDiagnosis(doc);
    await written(doc, 'answer-sent', 'answer-failed');
    await answerPrescription(doc);
    await written(doc, 'answer-sent', 'answer-failed');
    await answerExercises(doc);
    await written(doc, 'answer-sent', 'answer-failed');
    await until(() => doc.getByTestId('entry').count(), (n) => n === 3, 'the three answers are listed');
    await assertAccessible(doc, 'doctor: request answered');
    const answersFile = await exportFile(doc, 'inbox');

    // 5. The patient's timeline shows all three, grouped with the request.
    await importFile(pat, answersFile, 'record');
    const timeline = async () => ({ kinds: await texts(pat, 'entry-kind'), authors: await texts(pat, 'entry-author') });
    await until(timeline, (t) => t.kinds.length === 4, 'the timeline lists the request and the three answers');
    assert.deepEqual(await timeline(), {
      kinds: ['Request for advice', 'Diagnosis', 'Prescription', 'Exercises'],
      authors: ['You', 'Dr Taras Shevchenko', 'Dr Taras Shevchenko', 'Dr Taras Shevchenko'],
    });
    assert.equal(await pat.getByTestId('consultation').count(), 1, 'one consultation');
    assert.equal(await text(pat, 'entry-condition'), 'Acute bronchitis');
    assert.equal(await text(pat, 'entry-dosage'), '1 tablet, 3 times a day, for 7 days, by mouth');
    assert.deepEqual(await inert(pat), { ran: false, imgs: 0, scripts: 0 }, 'the doctor’s text is inert on the patient’s side');
    assert.ok((await pat.locator('mt-my-record').evaluate((el) => el.shadowRoot.textContent)).includes(`Rest. ${XSS}`), 'the note shows as text');
    await assertAccessible(pat, 'patient: timeline');

    // Offline, reloaded: the timeline is still all there.
    await pat.context().setOffline(true);
    await pat.reload();
    await unlock(pat, pt);
    await pat.getByTestId('nav-record').click();
    await until(timeline, (t) => t.kinds.length === 4, 'the timeline after an offline reload', KDF_TIMEOUT);
    assert.deepEqual((await timeline()).kinds, ['Request for advice', 'Diagnosis', 'Prescription', 'Exercises']);
    await pat.context().setOffline(false);

    // The record as a FHIR file: a broken IPS file is refused with the path named, nothing stored;
    // the HL7 IPS example imports, each resource becoming a record of the patient's own; the
    // summary file saved is an IPS-shaped document Bundle.
    const ips = JSON.parse(readFileSync(resolve(import.meta.dirname, '../vectors/ips-example.json'), 'utf8')).text;
    const broken = JSON.parse(ips);
    const condition = broken.entry.find((e) => e.resource.resourceType === 'Condition');
    delete condition.resource.subject;
    await pat.getByTestId('fhir-import').setInputFiles({ name: 'broken-ips.json', mimeType: 'application/fhir+json', buffer: Buffer.from(JSON.stringify(broken)) });
    await pat.getByTestId('fhir-refused').waitFor({ timeout: WRITE_TIMEOUT });
    const paths = await pat.getByTestId('fhir-error').evaluateAll((els) => els.map((e) => [e.getAttribute('data-rule'), e.getAttribute('data-path')]));
    assert.deepEqual(paths, [['required', 'Condition.subject']]);
    await assertAccessible(pat, 'patient: a FHIR file refused');
    await pat.getByTestId('fhir-import').setInputFiles({ name: 'ips.json', mimeType: 'application/fhir+json', buffer: Buffer.from(ips) });
    await pat.getByTestId('fhir-ready').waitFor({ timeout: WRITE_TIMEOUT });
    const before = await pat.getByTestId('entry').count();
    await pat.getByTestId('fhir-store').click();
    await pat.getByTestId('fhir-stored').waitFor({ timeout: 5 * WRITE_TIMEOUT });
    const stored = Number((await text(pat, 'fhir-stored')).replace(/\D/g, ''));
    assert.ok(stored > 0, 'records were stored from the file');
    await until(() => pat.getByTestId('entry').count(), (n) => n === before + stored, 'the imported records are listed');
    assert.equal(await pat.getByTestId('consultation').count(), 1, 'still one consultation');
    const [summary] = await Promise.all([pat.waitForEvent('download'), pat.getByTestId('fhir-export').click()]);
    const summaryDoc = JSON.parse(readFileSync(await summary.path(), 'utf8'));
    assert.equal(summaryDoc.resourceType, 'Bundle');
    assert.equal(summaryDoc.type, 'document');
    assert.equal(summaryDoc.entry[0].resource.resourceType, 'Composition');
    assert.ok(summaryDoc.entry.some((e) => e.resource.resourceType === 'MedicationRequest'), 'the prescription is in the summary');

    // 6. An outsider with the same replica finds the doctor, unvouched for, and opens nothing.
    const out = await person(await context(), patient('Ivan'));
    await importFile(out, answersFile, 'doctors');
    await out.getByTestId('search').fill('shev');
    await out.getByTestId('search-go').click();
    await until(() => texts(out, 'result-name'), (t) => t.includes('Dr Taras Shevchenko'), 'the outsider finds the public profile');
    assert.equal(await text(out, 'result-unattested'), 'No clinic you trust has checked this doctor’s licence');
    // Following the clinic's link, the outsider is asked, trusts it, and then sees its check.
    await out.goto(link);
    await out.getByTestId('linked-clinic').waitFor();
    await assertAccessible(out, 'patient: a clinic’s link');
    await out.getByTestId('linked-trust').click();
    await until(() => texts(out, 'trusted-name'), (t) => t.includes('Rivne District Clinic'), 'the clinic of the link is trusted');
    await out.getByTestId('search').fill('shev');
    await out.getByTestId('search-go').click();
    await until(() => texts(out, 'result-attested'), (t) => t[0] === 'Licence checked by Rivne District Clinic', 'the check shows once the clinic is trusted');
    await out.getByTestId('nav-record').click();
    await out.getByTestId('records-empty').waitFor();
    assert.equal(await out.getByTestId('entry').count(), 0, 'nothing of the consultation opens');
    assert.deepEqual(dialogs, [], 'no dialog opened');
    problems.assertNone();
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('on a 320 px screen with text at 200%, every care screen of each role fits: nothing wider than the screen', async () => {
  const contexts = [];
  const small = async () => {
    const c = await problems.newContext(browser, { viewport: { width: 320, height: 640 } });
    contexts.push(c);
    return c;
  };
  try {
    const doc = await person(await small(), doctor('Petro'), { large: true });
    await doc.getByTestId('nav-profile').click();
    await until(() => doc.getByTestId('profile-status').getAttribute('data-status'), (s) => s === 'none', 'the profile screen opens');
    await assertFits(doc, 'doctor: public profile');
    await doc.getByTestId('profile-publish').click();
    await written(doc, 'profile-done', 'profile-failed');
    await assertFits(doc, 'doctor: public profile, published');
    await doc.getByTestId('profile-withdraw').click();
    await doc.getByTestId('withdraw-confirm').waitFor();
    await assertFits(doc, 'doctor: withdrawing');
    await doc.getByTestId('nav-inbox').click();
    await doc.getByTestId('inbox-empty').waitFor();
    await assertFits(doc, 'doctor: inbox');
    const file = await exportFile(doc, 'inbox');

    const cli = await person(await small(), clinic('Lutsk'), { large: true });
    await importFile(cli, file, 'clinic');
    await until(() => texts(cli, 'doctor-name'), (t) => t.length === 1, 'the clinic sees the doctor');
    await assertFits(cli, 'clinic: its code, QR code and the doctors');
    await cli.getByTestId('vouch').click();
    await cli.getByTestId('vouch-confirm').click();
    await cli.getByTestId('checked-error').waitFor();
    await assertFits(cli, 'clinic: vouching, with its error');
    const code = await text(cli, 'clinic-code');
    const clinicFile = await exportFile(cli, 'clinic');

    const pat = await person(await small(), patient('Daria'), { large: true });
    await importFile(pat, clinicFile, 'doctors');
    await assertFits(pat, 'patient: find a doctor');
    await pat.getByTestId('clinic-code-input').fill(code.slice(0, 20));
    await pat.getByTestId('clinic-code-add').click();
    await pat.getByTestId('clinic-code-error').waitFor();
    await assertFits(pat, 'patient: find a doctor, a wrong code');
    await pat.getByTestId('search').fill('card');
    await until(() => pat.getByTestId('suggestion').count(), (n) => n > 0, 'suggestions show');
    await assertFits(pat, 'patient: find a doctor, suggestions');
    await pat.getByTestId('search-go').click();
    await until(() => pat.getByTestId('result').count(), (n) => n === 1, 'the doctor is found');
    await assertFits(pat, 'patient: find a doctor, results');
    await pat.getByTestId('result-choose').click();
    await pat.locator('mt-symptom-form').getByTestId('symptom-submit').click();
    await pat.locator('mt-symptom-form').getByTestId('error-symptoms').waitFor();
    await assertFits(pat, 'patient: the symptom form with errors');
    await pat.getByTestId('nav-record').click();
    await pat.getByTestId('records-empty').waitFor();
    await assertFits(pat, 'patient: my record, with the FHIR file card');
    problems.assertNone();
  } finally {
    for (const c of contexts) await c.close();
  }
});
