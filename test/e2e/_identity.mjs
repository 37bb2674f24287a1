// Helpers that make and unlock identities through the built app's screens, as a person does, shared
// by the end-to-end tests. Not a test file itself. The words shown at onboarding are read off the
// page (as a person writes them down) and returned, so a test can restore the identity and search
// storage for them.
import assert from 'node:assert/strict';
import { until } from './_harness.mjs';

/** Time for a step that runs the passphrase's key derivation (scrypt N = 2^17, about a second). */
export const KDF_TIMEOUT = 60_000;

/** Fills the registration form of `role` in the page's onboarding screen and continues. Used by onboard, restore and the identity tests. */
export async function fillDetails(page, role, person) {
  await page.getByTestId('input-familyName').fill(person.familyName);
  await page.getByTestId('input-givenName').fill(person.givenName);
  if (role === 'patient') {
    const [y, m, d] = person.birthDate.split('-');
    await page.getByTestId('input-birthDate-day').fill(String(Number(d)));
    await page.getByTestId('input-birthDate-month').fill(String(Number(m)));
    await page.getByTestId('input-birthDate-year').fill(y);
  } else if (role === 'doctor') {
    await page.getByTestId('input-specialty').fill(person.specialty);
    await page.getByTestId('input-clinic').fill(person.clinic);
    await page.getByTestId('input-licence').fill(person.licence);
  } else {
    await page.getByTestId('input-clinic').fill(person.clinic);
  }
  await page.getByTestId('input-personId').fill(person.personId);
  await page.getByTestId('input-label').fill(person.label);
  await page.getByTestId('profile-continue').click();
}

/** A patient's details for the forms. */
export function patient(label = 'Olena') {
  return { role: 'patient', familyName: `${label}enko`, givenName: label, birthDate: '1985-04-12', personId: `P-${label}-100`, label, passphrase: `${label} has a long passphrase` };
}

/** A doctor's details for the forms. */
export function doctor(label = 'Taras') {
  return { role: 'doctor', familyName: 'Shevchenko', givenName: label, personId: `D-${label}-7`, specialty: 'Cardiology', clinic: 'Kharkiv Clinic 3', licence: 'UA-2231', label, passphrase: `Dr ${label} has a long passphrase` };
}

/** A clinic's details for the forms: the clinic's name and register number, and the staff member's name. */
export function clinic(label = 'Rivne') {
  return { role: 'clinic', familyName: 'Melnyk', givenName: 'Iryna', personId: `C-${label}-1`, clinic: `${label} District Clinic`, label, passphrase: `${label} clinic has a long passphrase` };
}

/**
 * Makes an identity through the screens, from the welcome screen: role, details, passphrase, the
 * 24 words (read off the page), their check; waits until it is unlocked. Returns the words.
 */
export async function onboard(page, person) {
  await page.getByTestId('welcome-new').click();
  await page.getByTestId(`role-${person.role}`).check();
  await page.getByTestId('role-continue').click();
  await fillDetails(page, person.role, person);
  await page.getByTestId('input-passphrase').fill(person.passphrase);
  await page.getByTestId('input-passphrase-again').fill(person.passphrase);
  await page.getByTestId('passphrase-continue').click();
  await page.getByTestId('seed-words').waitFor();
  const words = (await page.getByTestId('seed-words').locator('li').allTextContents()).map((w) => w.trim());
  assert.equal(words.length, 24, 'the 24 words are shown');
  await page.getByTestId('words-written').click();
  for (const input of await page.locator('input[data-testid^="check-"]').all()) {
    const position = Number((await input.getAttribute('data-testid')).slice('check-'.length));
    await input.fill(words[position - 1]);
  }
  await page.getByTestId('check-continue').click();
  await page.getByTestId('who').waitFor({ timeout: KDF_TIMEOUT });
  assert.match(await page.getByTestId('who').textContent(), new RegExp(person.label));
  return words;
}

/**
 * Restores an identity from its words through the screens (from the welcome screen). `check(page,
 * where)` runs at each step (the accessibility check, in the tests that want it).
 */
export async function restore(page, person, words, check = async () => {}) {
  await page.getByTestId('welcome-restore').click();
  await page.getByTestId(`role-${person.role}`).waitFor();
  await check(page, 'restore: role');
  await page.getByTestId(`role-${person.role}`).check();
  await page.getByTestId('role-continue').click();
  await page.getByTestId('restore-words').waitFor();
  await check(page, 'restore: the 24 words');
  await page.getByTestId('restore-words').fill(words.join(' '));
  await page.getByTestId('restore-continue').click();
  await page.getByTestId('input-familyName').waitFor();
  await check(page, 'restore: details');
  await fillDetails(page, person.role, person);
  await page.getByTestId('input-passphrase').waitFor();
  await check(page, 'restore: passphrase');
  await page.getByTestId('input-passphrase').fill(person.passphrase);
  await page.getByTestId('input-passphrase-again').fill(person.passphrase);
  await page.getByTestId('passphrase-continue').click();
  await page.getByTestId('who').waitFor({ timeout: KDF_TIMEOUT });
}

/** Unlocks `label` from the welcome screen with its passphrase. */
export async function unlock(page, person) {
  const chooser = page.getByTestId(`who-${person.label}`);
  if (await chooser.count()) await chooser.check();
  await page.getByTestId('unlock-passphrase').fill(person.passphrase);
  await page.getByTestId('unlock-submit').click();
  await page.getByTestId('who').waitFor({ timeout: KDF_TIMEOUT });
}

/** The texts of the records listed on My record, once it has loaded them. */
export async function recordTexts(page) {
  await until(
    async () => (await page.getByTestId('records-empty').count()) + (await page.getByTestId('record').count()),
    (n) => n > 0,
    'My record has loaded the records',
  );
  return (await page.getByTestId('record-text').allTextContents()).map((t) => t.trim());
}

/** Locks with the header's Lock button and waits for the welcome's unlock form. */
export async function lock(page) {
  await page.getByTestId('lock').click();
  await page.getByTestId('unlock-passphrase').waitFor();
  assert.equal(await page.getByTestId('who').count(), 0, 'nobody is shown once locked');
}

/** Writes a note on My record and waits until it is listed. */
export async function writeNote(page, text) {
  await page.getByTestId('note-text').fill(text);
  await page.getByTestId('note-save').click();
  await until(
    async () => {
      if (await page.getByTestId('note-failed').count()) return { failed: await page.getByTestId('note-failed').textContent() };
      return { texts: await page.getByTestId('record-text').allTextContents() };
    },
    (v) => {
      if (v.failed) assert.fail(`the note was not stored: ${v.failed}`);
      return v.texts.includes(text);
    },
    'the note is listed on My record',
  );
}
