// End-to-end: identities and private records in the production build (dist/, from `npm run build`),
// served by `vite preview` on loopback and driven like a person in headless Chromium
// (playwright-core). A patient onboards (the 24 words and their check), writes a note sealed for
// themself, locks, unlocks, works offline, and restores the identity from the 24 words in another
// browser, where a file of the first browser's Tangle brings the note back. No secret (the words, the
// passphrase, a note while locked) is ever in the page or in a URL. Two identities share a device
// without seeing each other's records; the inactivity lock works through the Settings screen, as do a
// passphrase change, a backup file restored in a fresh browser and Delete everything; and
// onboarding and a note work with the keyboard alone, on a 320 px screen with text at 200%.
// axe-core checks every screen state reached (serious or critical fails). Same guards as the other
// e2e tests: any page error, console error or request to a non-loopback address fails the test.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Problems, assertAccessible, assertFits, dist, holdDatabase, launchBrowser, startServer, stopChild, until } from './_harness.mjs';
import { KDF_TIMEOUT, doctor, fillDetails, lock, onboard, patient, recordTexts, restore, unlock, writeNote } from './_identity.mjs';
import { setNetworkMwm, showAdvanced, showTangle, text } from './_tangle.mjs';
import { mnemonicToEntropy } from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** The test network's MWM (the default network's 13 makes a note's PoW take long here). */
const MWM = 3;
/** The replica of that network, where a note is written (web/ledger names it by network). */
const REPLICA_DB = `medtangle-replica--test--${MWM}`;
/** The vault, where onboarding stores the identity. */
const VAULT_DB = 'medtangle-vault';

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

/** Switches the page to the test network through Advanced → Tangle, then goes back Home. */
async function useTestNetwork(page) {
  await showTangle(page);
  await setNetworkMwm(page, MWM);
  await page.getByTestId('nav-home').click();
}

/**
 * Everything the page shows or holds where a person or a script could read it: every text node,
 * attribute value and field value of the document and of every shadow root, the title, the URL,
 * localStorage, sessionStorage and cookies; whitespace collapsed.
 */
const everything = (page) =>
  page.evaluate(() => {
    const parts = [document.title, location.href, document.cookie];
    const visit = (node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.data);
      if (node.nodeType === Node.ELEMENT_NODE) {
        for (const a of node.attributes) parts.push(a.value);
        if (typeof node.value === 'string') parts.push(node.value);
        if (node.shadowRoot) visit(node.shadowRoot);
      }
      for (const child of node.childNodes) visit(child);
    };
    visit(document.documentElement);
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) parts.push(storage.key(i), storage.getItem(storage.key(i)));
    }
    return parts.join('\n').replace(/\s+/g, ' ');
  });

/**
 * The secret keys the 24 words make, derived here as docs/design.md says the app does (HKDF-SHA256
 * over the seed, salt "medtangle/v1", one info string per use), from other code than the app's: the
 * seed, the identity's Ed25519 and X25519 secrets, and its own stream's signing secret and tag
 * secret. `issuer` is the own stream's public signing key, which the records carry, so a test can
 * show that the derivation matches the app's (else a search for these would prove nothing).
 */
function keysOf(words) {
  const seed = mnemonicToEntropy(words.join(' '), english);
  const derive = (info) => hkdf(sha256, seed, utf8ToBytes('medtangle/v1'), utf8ToBytes(info), 32);
  const agreement = derive('medtangle/v1/identity/agreement');
  const self = Buffer.from(x25519.getPublicKey(agreement)).toString('hex');
  const streamSigning = derive(`medtangle/v1/relationship/signing/${self}`);
  return {
    keys: [
      ['the seed', seed],
      ['the identity signing key', derive('medtangle/v1/identity/signing')],
      ['the agreement key', agreement],
      ['the own stream signing key', streamSigning],
      ['the own stream tag secret', derive(`medtangle/v1/relationship/tag/${self}`)],
    ],
    issuer: ed25519.getPublicKey(streamSigning),
  };
}

/**
 * Which of the secrets appear in `hay`: the 24 words in order (any separators), the passphrase, the
 * note, and each key as hex (either case), base64 or base64url.
 */
function secretsIn(hay, { words = null, passphrase, note = null, keys = [] }) {
  const found = [];
  if (words !== null && new RegExp(words.join('[^a-z]+'), 'i').test(hay)) found.push('the 24 words');
  if (hay.includes(passphrase)) found.push('the passphrase');
  if (note !== null && hay.includes(note)) found.push('the note');
  const lower = hay.toLowerCase();
  for (const [name, bytes] of keys) {
    const b = Buffer.from(bytes);
    const forms = [b.toString('base64').replace(/=+$/, ''), b.toString('base64url')];
    if (lower.includes(b.toString('hex')) || forms.some((f) => hay.includes(f))) found.push(name);
  }
  return found;
}

/** Fails if any of the secrets is in the page now. */
async function assertNoSecretInPage(page, secrets, when) {
  assert.deepEqual(secretsIn(await everything(page), secrets), [], `secrets in the page ${when}`);
}

/** A word of the list that is not `right`, for a wrong answer in the check. */
const wrongWord = (right) => (right === 'abandon' ? 'ability' : 'abandon');

test('a new patient onboards with the backup check, writes a test record, locks, unlocks, sees the record, reloads offline, and restores the same identity from the 24 words in a fresh browser context, where the record imported from an exported replica file opens', async () => {
  const person = patient('Olena');
  const note = 'Test note: slight fever 37.6 since Tuesday, no cough.';
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  const fresh = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await problems.newPage(context);
    // Every URL the page visits or asks for, to search for secrets at the end.
    const urls = [];
    page.on('framenavigated', (f) => urls.push(f.url()));
    context.on('request', (r) => urls.push(r.url()));
    await page.goto(server.url);

    // The welcome, with no identity yet: no unlock form, the ways in.
    await page.getByTestId('welcome-new').waitFor();
    assert.equal(await page.getByTestId('unlock-form').count(), 0, 'nothing to unlock on a new device');
    assert.deepEqual((await page.locator('nav a').allTextContents()).map((t) => t.trim()), ['Home', 'Open a shared link', 'Sync', 'Advanced', 'About']);
    await assertAccessible(page, 'welcome, no identity');
    await page.getByTestId('nav-about').click();
    await page.locator('mt-about h1').waitFor();
    await assertAccessible(page, 'About');
    await showAdvanced(page);
    await assertAccessible(page, 'Advanced');
    await useTestNetwork(page);

    // Onboarding, step by step, with the errors a person meets on the way.
    await page.getByTestId('welcome-new').click();
    await until(() => text(page, 'onboarding-heading'), (t) => t === 'Create your identity', 'the role step');
    await assertAccessible(page, 'onboarding: role');
    await page.getByTestId('role-continue').click();
    assert.equal(await text(page, 'error-role'), 'Choose whether you are a patient, a doctor or a clinic');
    await assertAccessible(page, 'onboarding: role, not chosen');
    await page.getByTestId('role-patient').check();
    await page.getByTestId('role-continue').click();

    await until(() => text(page, 'onboarding-heading'), (t) => t === 'Your details', 'the details step');
    await page.getByTestId('profile-continue').click();
    await page.getByTestId('error-summary').waitFor();
    assert.equal(await text(page, 'error-familyName'), 'Enter your last name');
    assert.equal(await text(page, 'error-birthDate'), 'Enter your date of birth');
    await assertAccessible(page, 'onboarding: details with errors');
    // A date that does not exist.
    await fillDetails(page, 'patient', { ...person, birthDate: '1985-02-31' });
    assert.equal(await text(page, 'error-birthDate'), 'Date of birth must be a real date');
    await fillDetails(page, 'patient', person);

    await until(() => text(page, 'onboarding-heading'), (t) => t === 'Choose a passphrase', 'the passphrase step');
    await assertAccessible(page, 'onboarding: passphrase');
    await page.getByTestId('input-passphrase').fill('short');
    await page.getByTestId('passphrase-continue').click();
    assert.match(await text(page, 'error-passphrase'), /^Your passphrase must have at least \d+ characters; it has 5 characters$/);
    await assertAccessible(page, 'onboarding: passphrase with an error');
    await page.getByTestId('input-passphrase').fill(person.passphrase);
    await page.getByTestId('input-passphrase-again').fill(person.passphrase);
    // The search below finds what is typed in a field (so it can fail): here, the passphrase.
    assert.deepEqual(secretsIn(await everything(page), { passphrase: person.passphrase }), ['the passphrase']);
    await page.getByTestId('passphrase-continue').click();

    await page.getByTestId('seed-words').waitFor();
    assert.equal(await text(page, 'onboarding-heading'), 'Write down your 24 words');
    const words = (await page.getByTestId('seed-words').locator('li').allTextContents()).map((w) => w.trim());
    assert.equal(words.length, 24);
    for (const w of words) assert.match(w, /^[a-z]{3,8}$/, `a word of the English list: ${w}`);
    const { keys, issuer } = keysOf(words);
    const secrets = { words, passphrase: person.passphrase, keys };
    // The key search finds a key when it is there (so it can fail).
    assert.deepEqual(secretsIn(`x${Buffer.from(keys[2][1]).toString('base64url')}x`, { passphrase: '\0', keys }), ['the agreement key']);
    // And it finds the words while they are shown, and the passphrase is already gone from the page.
    assert.deepEqual(secretsIn(await everything(page), secrets), ['the 24 words'], 'the words are found while shown');
    await assertAccessible(page, 'onboarding: the 24 words');
    await page.getByTestId('words-written').click();

    await until(() => text(page, 'onboarding-heading'), (t) => t === 'Check your words', 'the check step');
    assert.equal(await page.getByTestId('seed-words').count(), 0, 'the words are no longer shown');
    const asked = [];
    for (const input of await page.locator('input[data-testid^="check-"]').all()) {
      asked.push(Number((await input.getAttribute('data-testid')).slice('check-'.length)));
    }
    assert.equal(asked.length, 4, `four words are asked: ${asked}`);
    // One wrong word: it is named, and nothing is stored.
    for (const [k, p] of asked.entries()) await page.getByTestId(`check-${p}`).fill(k === 0 ? wrongWord(words[p - 1]) : words[p - 1]);
    await page.getByTestId('check-continue').click();
    assert.equal(await text(page, `error-check-${asked[0]}`), `Word ${asked[0]} is not the word you were shown: check what you wrote down`);
    await assertAccessible(page, 'onboarding: check with an error');
    await page.getByTestId(`check-${asked[0]}`).fill(words[asked[0] - 1]);
    // The vault is kept busy, so the saving step stays on screen while axe looks at it.
    const releaseVault = await holdDatabase(page, VAULT_DB);
    await page.getByTestId('check-continue').click();
    await until(() => text(page, 'onboarding-heading'), (t) => t === 'Locking your identity with your passphrase…', 'the saving step');
    await assertAccessible(page, 'onboarding: saving');
    assert.equal(await text(page, 'onboarding-heading'), 'Locking your identity with your passphrase…', 'the saving step was looked at whole');
    await releaseVault();
    await page.getByTestId('who').waitFor({ timeout: KDF_TIMEOUT });
    assert.equal(await text(page, 'who'), 'Olena (patient)');

    // My record, empty; then a note, looked at while it is being written (the replica kept busy).
    assert.deepEqual(await recordTexts(page), []);
    assert.equal(await page.title(), 'My record · medtangle');
    assert.deepEqual((await page.locator('nav a').allTextContents()).map((t) => t.trim()), ['My record', 'Find a doctor', 'Who can see my records', 'Sync', 'Settings', 'Advanced', 'About']);
    await assertAccessible(page, 'My record, empty');
    await assertNoSecretInPage(page, secrets, 'after onboarding');
    const releaseReplica = await holdDatabase(page, REPLICA_DB);
    await page.getByTestId('note-text').fill(note);
    await page.getByTestId('note-save').click();
    await page.getByTestId('note-progress').waitFor();
    await assertAccessible(page, 'My record, writing');
    assert.equal(await page.getByTestId('note-progress').count(), 1, 'the writing state was looked at whole');
    await releaseReplica();
    await until(() => recordTexts(page), (t) => t.includes(note), 'the note is listed');
    await page.getByTestId('note-done').waitFor();
    assert.deepEqual(await recordTexts(page), [note]);
    await assertAccessible(page, 'My record, with a record');
    await assertNoSecretInPage(page, secrets, 'after writing');

    // Lock: the welcome lists the identity to unlock; the note is not in the page any more.
    await lock(page);
    assert.equal(await text(page, 'unlock-who'), 'Unlock Olena (patient)');
    await assertAccessible(page, 'welcome, with an identity');
    await assertNoSecretInPage(page, { ...secrets, note }, 'while locked');
    await page.goto(`${server.url}#/record`);
    await page.getByTestId('unlock-passphrase').waitFor();
    await assertNoSecretInPage(page, { ...secrets, note }, 'while locked, at #/record');
    await unlock(page, person);
    assert.deepEqual(await recordTexts(page), [note], 'the note, after unlocking');
    await assertNoSecretInPage(page, secrets, 'after unlocking');

    // Offline: a reload comes from the service worker's cache; unlocking and reading work.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('offline-badge').waitFor();
    await page.getByTestId('unlock-passphrase').waitFor();
    assert.equal(await page.getByTestId('who').count(), 0, 'a reload locks');
    await unlock(page, person);
    assert.deepEqual(await recordTexts(page), [note], 'the note, offline');

    // The Tangle of this device, exported to a file (still offline). The note in it is sealed.
    await showTangle(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-file').click()]);
    const file = readFileSync(await download.path());
    assert.equal(file.subarray(0, 4).toString('latin1'), 'MTX2');
    assert.equal(file.subarray(4, 36).toString('latin1').replace(/\0+$/, ''), 'test', 'the file names the test network');
    assert.ok(file.readUInt32LE(40) >= 1, 'the file holds the note');
    const fileText = file.toString('latin1');
    assert.equal(fileText.includes(note), false, 'the note is not in the file in clear');
    // The note's bundle is signed by the own stream's key as derived above: the key search is real.
    assert.ok(file.includes(Buffer.from(issuer)), "the file holds the note's issuer key, derived here from the words");
    for (const [name, bytes] of keys) assert.equal(file.includes(Buffer.from(bytes)), false, `${name} is not in the file, raw`);
    assert.deepEqual(secretsIn(fileText, { ...secrets, note }), [], 'no secret in the file');
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'the page was offline throughout');

    // No secret in any URL visited or asked for, decoded or not.
    assert.ok(urls.length > 10, `the URLs were recorded: ${urls.length}`);
    for (const u of urls) {
      let decoded = u;
      try {
        decoded = decodeURIComponent(u);
      } catch {
        // not percent-encoded text: the raw URL is searched
      }
      for (const v of [u, decoded.replace(/\+/g, ' ')]) assert.deepEqual(secretsIn(v, { ...secrets, note }), [], `secrets in the URL ${u}`);
    }
    problems.assertNone();

    // A fresh browser context (its own storage): the same identity from the 24 words, then the file.
    const other = await problems.newPage(fresh);
    await other.goto(server.url);
    await restore(other, person, words, assertAccessible);
    assert.equal(await text(other, 'who'), 'Olena (patient)');
    assert.deepEqual(await recordTexts(other), [], 'nothing on this device yet');
    await showTangle(other);
    await setNetworkMwm(other, MWM);
    await other.getByTestId('import-file').setInputFiles({ name: 'olena.mtx', mimeType: 'application/octet-stream', buffer: file });
    await until(() => text(other, 'import-headline'), (t) => /^Stored \d+ transactions?/.test(t), 'the file is imported');
    await other.getByTestId('nav-record').click();
    assert.deepEqual(await recordTexts(other), [note], 'the restored identity opens the note from the file');
    problems.assertNone();
  } finally {
    await context.close();
    await fresh.close();
  }
});

test('two identities on one device: both are listed, each unlocks with its own passphrase only, a wrong one gets the plain message, and each sees only its own records', async () => {
  const a = patient('Iryna');
  const b = patient('Bohdan');
  const noteA = 'Iryna: knee pain after running.';
  const noteB = 'Bohdan: seasonal allergy, sneezing.';
  const wrong = 'The passphrase is not right. Check it (capital letters count) and try again.';
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await problems.newPage(context);
    await page.goto(server.url);
    await useTestNetwork(page);
    await onboard(page, a);
    await writeNote(page, noteA);
    await lock(page);
    // The second identity, made from the welcome screen once the first is locked.
    await onboard(page, b);
    assert.deepEqual(await recordTexts(page), [], 'the second identity starts with no records');
    await writeNote(page, noteB);
    assert.deepEqual(await recordTexts(page), [noteB], 'only its own note');
    await lock(page);

    // Both are listed, by the names chosen for this device's list.
    const listed = (await page.locator('mt-unlock label.who').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.equal(listed.length, 2, `two identities: ${listed}`);
    assert.match(listed.find((t) => t.startsWith('Iryna')) ?? '', /^Iryna \(patient, made .+\)$/);
    assert.match(listed.find((t) => t.startsWith('Bohdan')) ?? '', /^Bohdan \(patient, made .+\)$/);
    await assertAccessible(page, 'welcome, with two identities');

    // Each with the other's passphrase: refused with the plain message, still locked.
    for (const [who, other] of [[a, b], [b, a]]) {
      await page.getByTestId(`who-${who.label}`).check();
      await page.getByTestId('unlock-passphrase').fill(other.passphrase);
      await page.getByTestId('unlock-submit').click();
      // Done when the form is back (Unlock available) with an error.
      const said = await until(
        async () => ((await page.getByTestId('unlock-submit').isEnabled()) && (await page.getByTestId('unlock-error').count()) ? text(page, 'unlock-error') : ''),
        Boolean,
        `${who.label} refuses ${other.label}'s passphrase`,
        KDF_TIMEOUT,
      );
      assert.equal(said, wrong);
      assert.equal(await page.getByTestId('who').count(), 0, 'still locked');
      assert.equal(await page.getByTestId('unlock-passphrase').inputValue(), '', 'the wrong passphrase is not kept in the field');
    }
    await assertAccessible(page, 'unlock, with an error');

    // Each with its own: only its own note.
    await unlock(page, a);
    assert.equal(await text(page, 'who'), 'Iryna (patient)');
    assert.deepEqual(await recordTexts(page), [noteA], 'Iryna sees only her note');
    await lock(page);

    // In Ukrainian: the welcome with both identities, and the other's records.
    await page.getByTestId('language-uk').click();
    await until(() => page.evaluate(() => document.documentElement.lang), (l) => l === 'uk', 'the page is in Ukrainian');
    await until(() => page.locator('mt-welcome h1').textContent(), (t) => t.trim() === 'Ваші медичні записи — на вашому власному пристрої', 'the welcome in Ukrainian');
    await assertAccessible(page, 'welcome, with two identities, in Ukrainian');
    await unlock(page, b);
    await until(() => page.locator('mt-my-record h1').textContent(), (t) => t.trim() === 'Моя медична карта', 'My record in Ukrainian');
    assert.deepEqual(await recordTexts(page), [noteB], 'Bohdan sees only his note');
    await assertAccessible(page, 'My record, with a record, in Ukrainian');
    problems.assertNone();
  } finally {
    await context.close();
  }
});

test('the inactivity lock through the screens: a doctor sets 1 minute in Settings, and after a minute without use the welcome says why it locked', async () => {
  const person = doctor('Taras');
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await problems.newPage(context);
    // The page's clock is the test's: time runs, and the test jumps it forward.
    await page.clock.install();
    await page.goto(server.url);
    await onboard(page, person);

    // A doctor's home is the Inbox.
    await page.getByTestId('inbox-empty').waitFor();
    assert.equal(await page.title(), 'Inbox · medtangle');
    assert.deepEqual((await page.locator('nav a').allTextContents()).map((t) => t.trim()), ['Inbox', 'Shared with you', 'My public profile', 'Sync', 'Settings', 'Advanced', 'About']);
    assert.match(await text(page, 'inbox-empty'), /^No requests yet\./);
    await assertAccessible(page, 'Inbox');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('auto-lock').waitFor();
    assert.equal(await page.getByTestId('auto-lock').inputValue(), '5', 'the auto-lock starts at 5 minutes');
    await assertAccessible(page, 'Settings');
    await page.getByTestId('delete-everything').click();
    await page.getByTestId('delete-confirm').waitFor();
    await assertAccessible(page, 'Settings, delete confirmation');
    await page.getByTestId('delete-keep').click();
    assert.equal(await page.getByTestId('delete-confirm').count(), 0);

    await page.getByTestId('auto-lock').selectOption('1');
    await page.locator('mt-settings [role="status"]', { hasText: 'Saved.' }).waitFor();
    // Half a minute without use: still unlocked. Past the minute: locked, and the welcome says why.
    await page.clock.fastForward('00:30');
    await page.waitForTimeout(200);
    assert.equal(await text(page, 'who'), 'Taras (doctor)', 'still unlocked after 30 s');
    await page.clock.fastForward('00:35');
    await page.getByTestId('locked-idle').waitFor({ timeout: 10_000 });
    assert.equal(await text(page, 'locked-idle'), 'Your identity was locked because the app was not used for a while. Unlock it to go on.');
    assert.equal(await page.getByTestId('who').count(), 0, 'nobody is shown once locked');
    assert.equal(await page.title(), 'Home · medtangle');
    await assertAccessible(page, 'welcome, locked for inactivity');

    // Unlocking again: the notice goes, and the setting was kept (it is stored with the identity).
    await unlock(page, person);
    assert.equal(await page.getByTestId('locked-idle').count(), 0);
    await page.getByTestId('nav-settings').click();
    assert.equal(await page.getByTestId('auto-lock').inputValue(), '1', 'the auto-lock is still 1 minute');
    problems.assertNone();
  } finally {
    await context.close();
  }
});

test('Settings, as a patient: a passphrase change (the old one refused after it, the same record opens), a backup file that holds no secret in clear and brings the identity back in a fresh browser, and Delete everything, which leaves nobody to unlock', async () => {
  const person = patient('Oksana');
  const newPassphrase = 'Oksana has a brand new passphrase';
  const note = 'Oksana: blood pressure 135/85 in the evening.';
  const wrong = 'The passphrase is not right. Check it (capital letters count) and try again.';
  const context = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  const fresh = await problems.newContext(browser, { viewport: { width: 1280, height: 900 } });
  // A browser that refuses to keep the app's data (the app asks when the Tangle opens) until the
  // test lets it grant the next request.
  await context.addInitScript(() => {
    let granted = false;
    Object.defineProperty(navigator.storage, 'persisted', { value: async () => granted });
    Object.defineProperty(navigator.storage, 'persist', { value: async () => (granted ||= window.__grantPersist === true) });
  });
  try {
    const page = await problems.newPage(context);
    await page.goto(server.url);
    await useTestNetwork(page);
    const words = await onboard(page, person);
    await writeNote(page, note);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('pp-change').waitFor();
    assert.equal(await text(page, 'last-backup'), 'No backup file of your identity has been made on this device yet.');
    // Storage not kept: said in words, and asking again changes it.
    await page.getByTestId('not-persisted').waitFor();
    assert.match(await text(page, 'not-persisted'), /^This browser may delete the app’s data when the device runs short of space\./);
    await assertAccessible(page, 'Settings, storage not kept');
    await page.evaluate(() => (window.__grantPersist = true));
    await page.getByTestId('ask-persist').click();
    await page.getByTestId('persisted').waitFor();
    assert.equal(await page.getByTestId('not-persisted').count(), 0);

    // The form names what is missing, then a wrong current passphrase changes nothing.
    await page.getByTestId('pp-change').click();
    assert.equal(await text(page, 'error-pp-old'), 'Enter your current passphrase');
    await assertAccessible(page, 'Settings, passphrase form with errors');
    for (const [id, v] of [['pp-old', 'not my passphrase at all'], ['pp-new', newPassphrase], ['pp-again', newPassphrase]]) await page.getByTestId(id).fill(v);
    await page.getByTestId('pp-change').click();
    await until(() => (page.getByTestId('pp-error').count()), (n) => n === 1, 'the wrong current passphrase is said', KDF_TIMEOUT);
    assert.equal(await text(page, 'pp-error'), 'Your current passphrase is not right: nothing was changed.');
    for (const [id, v] of [['pp-old', person.passphrase], ['pp-new', newPassphrase], ['pp-again', newPassphrase]]) await page.getByTestId(id).fill(v);
    await page.getByTestId('pp-change').click();
    await page.getByTestId('pp-done').waitFor({ timeout: KDF_TIMEOUT });
    await assertAccessible(page, 'Settings, passphrase changed');

    // The backup file, made with the new passphrase: a file, and no secret in it in clear.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('identity-backup').click()]);
    assert.match(download.suggestedFilename(), /^medtangle-identity-Oksana-\d{4}-\d{2}-\d{2}\.mtid$/);
    const backup = readFileSync(await download.path());
    assert.ok(backup.length > 100 && backup.length < 1024 * 1024, `a backup file of ${backup.length} bytes`);
    const secrets = { words, passphrase: person.passphrase, keys: keysOf(words).keys };
    for (const [name, bytes] of secrets.keys) assert.equal(backup.includes(Buffer.from(bytes)), false, `${name} is not in the backup file, raw`);
    for (const form of [backup.toString('latin1'), backup.toString('utf8')]) {
      assert.deepEqual(secretsIn(form, { ...secrets, note }), [], 'no secret in the backup file');
      assert.equal(form.includes(newPassphrase), false, 'not the new passphrase either');
      assert.equal(form.includes(person.familyName), false, 'the profile is sealed too');
    }
    await until(() => text(page, 'last-backup'), (t) => t.startsWith('Last backup file of your identity: '), 'Settings notes the backup');

    // The old passphrase is refused; the new one opens the same record.
    await lock(page);
    await page.getByTestId('unlock-passphrase').fill(person.passphrase);
    await page.getByTestId('unlock-submit').click();
    const said = await until(
      async () => ((await page.getByTestId('unlock-submit').isEnabled()) && (await page.getByTestId('unlock-error').count()) ? text(page, 'unlock-error') : ''),
      Boolean,
      'the old passphrase is refused',
      KDF_TIMEOUT,
    );
    assert.equal(said, wrong);
    await unlock(page, { ...person, passphrase: newPassphrase });
    assert.deepEqual(await recordTexts(page), [note], 'the note opens after the change');

    // A fresh browser: the backup file brings the identity back, which unlocks with the new passphrase.
    const other = await problems.newPage(fresh);
    await other.goto(server.url);
    await other.getByTestId('backup-file').setInputFiles({ name: 'oksana.mtid', mimeType: 'application/octet-stream', buffer: Buffer.from('not a backup') });
    await other.getByTestId('backup-file-restore').click();
    await until(() => other.getByTestId('backup-file-error').count(), (n) => n === 1, 'a wrong file is refused');
    assert.equal(await text(other, 'backup-file-error'), 'This file is not an identity backup, or it is damaged. Choose the file saved from Settings (it ends in .mtid).');
    await assertAccessible(other, 'welcome, a wrong backup file');
    await other.getByTestId('backup-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: backup });
    await other.getByTestId('backup-file-restore').click();
    await other.getByTestId('backup-file-restored').waitFor();
    assert.equal(await text(other, 'backup-file-restored'), 'Oksana is back on this device. Unlock it above with its passphrase.');
    await unlock(other, { ...person, passphrase: newPassphrase });
    assert.equal(await text(other, 'who'), 'Oksana (patient)');

    // Delete everything: confirmed, then after the reload nobody is left to unlock and the app's
    // databases are gone.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('delete-everything').click();
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    await page.getByTestId('delete-confirm').click();
    await reloaded;
    await page.getByTestId('welcome-new').waitFor();
    assert.equal(await page.getByTestId('delete-incomplete').count(), 0, 'the browser deleted it all');
    assert.equal(await page.getByTestId('unlock-form').count(), 0, 'nothing to unlock after Delete everything');
    const left = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('medtangle')));
    assert.equal(left.includes(REPLICA_DB), false, `the replica is deleted (left: ${left})`);
    // The welcome opens the vault again to list who is here: if it is there, it is empty.
    const inVault = await page.evaluate(async (name) => {
      if (!(await indexedDB.databases()).some((d) => d.name === name)) return 0;
      const db = await new Promise((ok, fail) => Object.assign(indexedDB.open(name), { onsuccess: (e) => ok(e.target.result), onerror: (e) => fail(e.target.error) }));
      let n = 0;
      for (const store of db.objectStoreNames) {
        n += await new Promise((ok, fail) => Object.assign(db.transaction(store).objectStore(store).count(), { onsuccess: (e) => ok(e.target.result), onerror: (e) => fail(e.target.error) }));
      }
      db.close();
      return n;
    }, VAULT_DB);
    assert.equal(inVault, 0, 'nothing is left in the vault');
    problems.assertNone();
  } finally {
    await context.close();
    await fresh.close();
  }
});

/**
 * The deepest focused element (through shadow roots): its name (test id, else tag and id), and
 * whether its focus is drawn (an outline or a box shadow), or null when nothing has focus.
 */
const focused = (page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const cs = getComputedStyle(el);
    return {
      name: el.getAttribute('data-testid') ?? `${el.localName}${el.id ? `#${el.id}` : ''}`,
      tag: el.localName,
      drawn: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none',
      style: `outline ${cs.outlineStyle} ${cs.outlineWidth}, box-shadow ${cs.boxShadow}`,
    };
  });

/** Presses `key` and checks that a control has focus and that its focus is drawn. Returns it. */
async function press(page, key) {
  await page.keyboard.press(key);
  const f = await focused(page);
  assert.ok(f, `something has focus after ${key}`);
  assert.ok(f.drawn, `the focus on ${f.name} is visible after ${key} (${f.style})`);
  return f;
}

/** Presses Tab (or Shift+Tab) until `testid` has focus, checking at each stop that the focus is visible. */
async function tabTo(page, testid, { back = false, max = 60 } = {}) {
  const passed = [];
  for (let i = 0; i < max; i++) {
    const f = await press(page, back ? 'Shift+Tab' : 'Tab');
    if (f.name === testid) return;
    passed.push(f.name);
  }
  assert.fail(`${testid} is not reached by ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}; passed ${passed.join(', ')}`);
}

/** Activates the focused control with `key` (Enter or Space); the app then moves focus to the heading of the next screen or step, `heading`. */
async function activateTo(page, key, heading) {
  await page.keyboard.press(key);
  await until(
    async () => {
      const f = await focused(page);
      return f?.tag === 'h1' ? await page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el.textContent.replace(/\s+/g, ' ').trim();
      }) : f?.name ?? null;
    },
    (h) => h === heading,
    `focus goes to the heading “${heading}” after ${key}`,
    KDF_TIMEOUT,
  );
}

/** Tabs to the field `testid`, selects what it holds and types `value`. */
async function typeInto(page, testid, value) {
  await tabTo(page, testid);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(value);
}

test('keyboard only, on a 320 px screen with text at 200%: a patient onboards and writes a record, the focus always visible and nothing wider than the screen', async (t) => {
  const fits = (where) => assertFits(page, where);
  const person = patient('Maria');
  const note = 'Keyboard note: dizzy in the morning.';
  const context = await problems.newContext(browser, { viewport: { width: 320, height: 640 } });
  let page = null;
  try {
    page = await problems.newPage(context);
    await page.goto(server.url);
    await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
    await page.getByTestId('welcome-new').waitFor();
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '32px', 'the text is at 200%');
    await fits('welcome');

    // The test network, through Advanced → Tangle → the Network card.
    await tabTo(page, 'nav-advanced');
    await activateTo(page, 'Enter', 'Advanced');
    await tabTo(page, 'nav-tangle');
    // The shell sets the title first and moves focus once the screen has rendered.
    await activateTo(page, 'Enter', 'Tangle');
    await until(() => page.title(), (title) => title === 'Tangle · medtangle', 'the Tangle screen opens');
    await until(() => page.getByTestId('bundle-create').isEnabled(), Boolean, 'the replica opens');
    await typeInto(page, 'network-name', 'test');
    await typeInto(page, 'network-mwm', String(MWM));
    await tabTo(page, 'network-switch');
    await press(page, 'Enter');
    await until(() => text(page, 'network-mwm-current'), (t) => t === String(MWM), 'the network switches');
    await until(() => page.getByTestId('bundle-create').isEnabled(), Boolean, 'its replica opens');
    // Back to Home, through the header (Shift+Tab goes back up the page to it).
    await tabTo(page, 'nav-home', { back: true, max: 80 });
    await activateTo(page, 'Enter', 'Your medical records, on your own device');

    // Onboarding.
    await tabTo(page, 'welcome-new');
    await activateTo(page, 'Enter', 'Create your identity');
    await fits('onboarding: role');
    await tabTo(page, 'role-patient');
    await page.keyboard.press('Space');
    assert.equal(await page.getByTestId('role-patient').isChecked(), true, 'Space chooses the role');
    await tabTo(page, 'role-continue');
    await activateTo(page, 'Enter', 'Your details');
    await fits('onboarding: details');
    const [y, m, d] = person.birthDate.split('-');
    for (const [id, value] of [
      ['input-familyName', person.familyName],
      ['input-givenName', person.givenName],
      ['input-birthDate-day', String(Number(d))],
      ['input-birthDate-month', String(Number(m))],
      ['input-birthDate-year', y],
      ['input-personId', person.personId],
      ['input-label', person.label],
    ]) {
      await typeInto(page, id, value);
    }
    await tabTo(page, 'profile-continue');
    await activateTo(page, 'Enter', 'Choose a passphrase');
    await fits('onboarding: passphrase');
    await typeInto(page, 'input-passphrase', person.passphrase);
    await typeInto(page, 'input-passphrase-again', person.passphrase);
    await tabTo(page, 'passphrase-continue');
    // Shift+Tab back to the field: it holds what was typed; then on to Continue again.
    await tabTo(page, 'input-passphrase-again', { back: true });
    assert.equal((await page.getByTestId('input-passphrase-again').inputValue()).length, person.passphrase.length);
    await tabTo(page, 'passphrase-continue');
    await activateTo(page, 'Space', 'Write down your 24 words');
    await fits('onboarding: the 24 words');
    const words = (await page.getByTestId('seed-words').locator('li').allTextContents()).map((w) => w.trim());
    assert.equal(words.length, 24);
    await tabTo(page, 'words-written');
    await activateTo(page, 'Space', 'Check your words');
    await fits('onboarding: check');
    for (const input of await page.locator('input[data-testid^="check-"]').all()) {
      const id = await input.getAttribute('data-testid');
      await typeInto(page, id, words[Number(id.slice('check-'.length)) - 1]);
    }
    await tabTo(page, 'check-continue');
    await activateTo(page, 'Enter', 'My record');
    assert.equal(await text(page, 'who'), 'Maria (patient)');
    assert.deepEqual(await recordTexts(page), []);
    await fits('My record, empty');

    // A note, by keyboard; focus comes back to the field once it is stored.
    await typeInto(page, 'note-text', note);
    await tabTo(page, 'note-save');
    await page.keyboard.press('Enter');
    await until(() => recordTexts(page), (t) => t.includes(note), 'the note is listed');
    await until(() => focused(page), (f) => f?.name === 'note-text', 'focus is back on the note field');
    assert.ok((await focused(page)).drawn, 'and it is visible');
    await fits('My record, with a record');
    problems.assertNone();
  } finally {
    await context.close();
  }
});
