// The onboarding screens as a person meets them, in a real browser: the registration form has a
// message for every rule (beside the field once it was left, and in a summary on submit that links
// to the field), saves nothing until it is valid; the passphrase rules; the flow with the words and
// their check (against a fake identity client that records what reaches it: never more than the
// flow must send); restore errors that name the position; and the unlock messages.
import { expect } from 'chai';
import { problemMessage, type MtProfileForm, type ProfileSubmitDetail } from '../../web/app/mt-profile-form.ts';
import '../../web/app/mt-profile-form.ts';
import { passphraseProblems } from '../../web/app/mt-passphrase-form.ts';
import { wordsProblemMessage, type MtOnboarding } from '../../web/app/mt-onboarding.ts';
import '../../web/app/mt-onboarding.ts';
import { unlockErrorMessage } from '../../web/app/mt-unlock.ts';
import { PROFILE_FIELDS, seedToWords, wordsToSeed, type Profile, type ProfileField, type ProfileProblem } from '../../web/core/identity/index.ts';
import type { IdentityClient } from '../../web/workers/index.ts';

const q = <T extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
const tick = () => new Promise((r) => setTimeout(r, 0));

async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  el.value = value;
  el.dispatchEvent(new Event('input'));
  el.dispatchEvent(new Event('blur'));
  await tick();
}

describe('registration form', function () {
  afterEach(() => document.body.replaceChildren());

  async function mount(role: 'patient' | 'doctor'): Promise<MtProfileForm> {
    const el = document.createElement('mt-profile-form');
    el.profileRole = role;
    document.body.append(el);
    await el.updateComplete;
    return el;
  }

  it('has a message for every rule of every field, each saying how to fix it', function () {
    const problems: ProfileProblem[] = ['required', 'too-long', 'characters', 'id-format', 'date-format', 'date-invalid', 'date-future', 'date-too-old'];
    const seen = new Set<string>();
    for (const field of [...new Set([...PROFILE_FIELDS.patient, ...PROFILE_FIELDS.doctor]), 'label'] as (ProfileField | 'label')[]) {
      for (const p of problems) {
        const m = problemMessage(field, p, 'doctor');
        expect(m, `${field} ${p}`).to.match(/^[A-Z]/);
        expect(m, `${field} ${p}: no code in words`).to.not.match(/[a-z]-[a-z]+|Field|_/);
        seen.add(m);
      }
    }
    expect(problemMessage('personId', 'required', 'patient')).to.equal('Enter your patient ID');
    expect(problemMessage('personId', 'required', 'doctor')).to.equal('Enter your doctor ID');
    expect(problemMessage('birthDate', 'date-future')).to.equal('Date of birth must be in the past');
    expect(seen.size).to.be.greaterThan(30);
  });

  it('says nothing until a field is left, then the error beside it; on submit, a summary that links to each field', async function () {
    const el = await mount('patient');
    const root = el.shadowRoot!;
    const submitted: ProfileSubmitDetail[] = [];
    el.addEventListener('profile-submit', (e) => submitted.push((e as CustomEvent<ProfileSubmitDetail>).detail));
    const family = q<HTMLInputElement>(root, 'input-familyName')!;
    family.value = 'Ko';
    family.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(q(root, 'error-familyName'), 'not while typing into a fresh field').to.equal(null);
    await type(family, 'Ko3');
    await el.updateComplete;
    expect(q(root, 'error-familyName')!.textContent).to.equal('Last name must only use letters, spaces, hyphens and apostrophes');
    expect(family.getAttribute('aria-invalid')).to.equal('true');
    expect(family.getAttribute('aria-describedby')).to.contain('field-familyName-error');
    q<HTMLButtonElement>(root, 'profile-continue')!.click();
    await el.updateComplete;
    await tick();
    const summary = root.querySelector('mt-error-summary')!;
    await summary.updateComplete;
    expect(summary.shadowRoot!.activeElement, 'the summary takes focus').to.equal(q(summary.shadowRoot!, 'error-summary'));
    const links = [...summary.shadowRoot!.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).to.deep.equal([
      ['#field-familyName', 'Last name must only use letters, spaces, hyphens and apostrophes'],
      ['#field-givenName', 'Enter your first name'],
      ['#field-birthDate', 'Enter your date of birth'],
      ['#field-personId', 'Enter your patient ID'],
      ['#field-label', 'Enter a name for this device’s list'],
    ]);
    expect(submitted, 'nothing is sent while the form is invalid').to.deep.equal([]);
    // A link moves focus to its field.
    (summary.shadowRoot!.querySelectorAll('a')[1] as HTMLAnchorElement).click();
    expect(root.activeElement?.id).to.equal('field-givenName');
  });

  it('takes a date of birth as day, month and year, and sends a trimmed profile once valid', async function () {
    const el = await mount('patient');
    const root = el.shadowRoot!;
    const submitted: ProfileSubmitDetail[] = [];
    el.addEventListener('profile-submit', (e) => submitted.push((e as CustomEvent<ProfileSubmitDetail>).detail));
    await type(q<HTMLInputElement>(root, 'input-familyName')!, ' Kovalenko ');
    await type(q<HTMLInputElement>(root, 'input-givenName')!, 'Olena');
    await type(q<HTMLInputElement>(root, 'input-personId')!, 'P-100');
    await type(q<HTMLInputElement>(root, 'input-label')!, 'Olena');
    for (const [d, m, y, message] of [
      ['31', '2', '1990', 'Date of birth must be a real date'],
      ['1', '1', '2099', 'Date of birth must be in the past'],
      ['1', '1', '1850', 'Date of birth must be after 1 January 1900'],
      ['x', '1', '1990', 'Date of birth must be a real date, in numbers: day, month and year'],
    ]) {
      await type(q<HTMLInputElement>(root, 'input-birthDate-day')!, d);
      await type(q<HTMLInputElement>(root, 'input-birthDate-month')!, m);
      await type(q<HTMLInputElement>(root, 'input-birthDate-year')!, y);
      await el.updateComplete;
      expect(q(root, 'error-birthDate')?.textContent, `${d}/${m}/${y}`).to.equal(message);
    }
    await type(q<HTMLInputElement>(root, 'input-birthDate-day')!, '12');
    await type(q<HTMLInputElement>(root, 'input-birthDate-month')!, '4');
    await type(q<HTMLInputElement>(root, 'input-birthDate-year')!, '1985');
    q<HTMLButtonElement>(root, 'profile-continue')!.click();
    await el.updateComplete;
    expect(submitted).to.deep.equal([
      { profile: { role: 'patient', familyName: 'Kovalenko', givenName: 'Olena', birthDate: '1985-04-12', personId: 'P-100' }, label: 'Olena' },
    ]);
  });

  it('asks a doctor for the doctor\'s fields, not a date of birth', async function () {
    const el = await mount('doctor');
    const ids = [...el.shadowRoot!.querySelectorAll('input')].map((i) => i.id);
    expect(ids).to.deep.equal(['field-familyName', 'field-givenName', 'field-personId', 'field-specialty', 'field-clinic', 'field-licence', 'field-label']);
  });
});

describe('passphrase and word messages', function () {
  it('says what is wrong with a new passphrase, per field', function () {
    expect(passphraseProblems('', '')).to.deep.equal({ first: 'Enter a passphrase' });
    expect(passphraseProblems('short', 'short')).to.deep.equal({ first: 'Your passphrase must have at least 8 characters; it has 5 characters' });
    expect(passphraseProblems('long enough', '')).to.deep.equal({ second: 'Enter the passphrase again' });
    expect(passphraseProblems('long enough', 'long enougH')).to.deep.equal({ second: 'The two passphrases are not the same: type it again' });
    expect(passphraseProblems('long enough', 'long enough')).to.deep.equal({});
  });

  it('names the position of a fault in the 24 words', function () {
    const words = seedToWords(new Uint8Array(32).fill(3));
    const typo = [...words];
    typo[6] = 'apples';
    const r = wordsToSeed(typo);
    expect('problem' in r && wordsProblemMessage(r.problem)).to.equal('Word 7, “apples”, is not one of the backup words: check its spelling');
    expect(wordsProblemMessage({ kind: 'count', count: 12 })).to.equal('Enter all 24 words: you entered 12 words');
    expect(wordsProblemMessage({ kind: 'checksum', position: 24 })).to.match(/^The words do not fit together\. Word 24 is a check on the others/);
  });

  it('words every unlock failure without a code', function () {
    expect(unlockErrorMessage({ reason: 'wrong-passphrase' })).to.equal('The passphrase is not right. Check it (capital letters count) and try again.');
    expect(unlockErrorMessage({ reason: 'damaged' })).to.match(/damaged, so it cannot be unlocked here\. Restore it from your 24 words/);
  });
});

/** A fake identity client: the onboarding's calls, recorded; the seed is a fixed one. */
function fakeClient() {
  const words = seedToWords(new Uint8Array(32).fill(7));
  const calls: unknown[][] = [];
  let checked = false;
  const client = {
    info: null,
    async beginNew(role: string) {
      calls.push(['beginNew', role]);
      return { words: [...words], check: [2, 9, 17, 24] };
    },
    async checkBackup(answers: { position: number; word: string }[]) {
      calls.push(['checkBackup', answers]);
      const wrong = answers.filter((a) => a.word.trim() !== words[a.position - 1]).map((a) => a.position);
      checked = wrong.length === 0;
      return { ok: checked, wrong };
    },
    async beginRestore(role: string, w: string[]) {
      calls.push(['beginRestore', role, w.length]);
      const r = wordsToSeed(w);
      return 'problem' in r ? { ok: false, problem: r.problem } : { ok: true };
    },
    async create(options: { profile: Profile; label: string; passphrase: string }, onProgress?: (f: number) => void) {
      calls.push(['create', options.profile.role, options.label, options.passphrase.length]);
      onProgress?.(0.5);
      onProgress?.(1);
      return {};
    },
    lock() {
      calls.push(['lock']);
    },
    addEventListener() {},
    removeEventListener() {},
  };
  return { client: client as unknown as IdentityClient, calls, words };
}

describe('onboarding flow', function () {
  afterEach(() => document.body.replaceChildren());

  async function flow(mode: 'new' | 'restore'): Promise<{ el: MtOnboarding; root: ShadowRoot } & ReturnType<typeof fakeClient>> {
    const fake = fakeClient();
    const el = document.createElement('mt-onboarding');
    el.mode = mode;
    el.client = fake.client;
    document.body.append(el);
    await el.updateComplete;
    return { el, root: el.shadowRoot!, ...fake };
  }

  async function details(root: ShadowRoot): Promise<void> {
    const form = root.querySelector('mt-profile-form')!;
    await form.updateComplete;
    const r = form.shadowRoot!;
    await type(q<HTMLInputElement>(r, 'input-familyName')!, 'Kovalenko');
    await type(q<HTMLInputElement>(r, 'input-givenName')!, 'Olena');
    await type(q<HTMLInputElement>(r, 'input-birthDate-day')!, '12');
    await type(q<HTMLInputElement>(r, 'input-birthDate-month')!, '4');
    await type(q<HTMLInputElement>(r, 'input-birthDate-year')!, '1985');
    await type(q<HTMLInputElement>(r, 'input-personId')!, 'P-100');
    await type(q<HTMLInputElement>(r, 'input-label')!, 'Olena');
    q<HTMLButtonElement>(r, 'profile-continue')!.click();
    await tick();
  }

  async function passphrase(root: ShadowRoot, el: MtOnboarding): Promise<void> {
    await el.updateComplete;
    const form = root.querySelector('mt-passphrase-form')!;
    await form.updateComplete;
    await type(q<HTMLInputElement>(form.shadowRoot!, 'input-passphrase')!, 'a long passphrase');
    await type(q<HTMLInputElement>(form.shadowRoot!, 'input-passphrase-again')!, 'a long passphrase');
    q<HTMLButtonElement>(form.shadowRoot!, 'passphrase-continue')!.click();
    await tick();
    await tick();
    await el.updateComplete;
  }

  it('asks the role, the details and a passphrase, shows the words once, checks four, and only then stores', async function () {
    const { el, root, calls, words } = await flow('new');
    q<HTMLButtonElement>(root, 'role-continue')!.click();
    await el.updateComplete;
    expect(q(root, 'error-role')!.textContent).to.equal('Choose whether you are a patient, a doctor or a clinic');
    q<HTMLInputElement>(root, 'role-patient')!.click();
    q<HTMLButtonElement>(root, 'role-continue')!.click();
    await el.updateComplete;
    await details(root);
    await passphrase(root, el);
    expect([...q(root, 'seed-words')!.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(words);
    expect(root.activeElement?.tagName, 'the new step\'s heading has focus').to.equal('H1');
    q<HTMLButtonElement>(root, 'words-written')!.click();
    await el.updateComplete;
    expect(q(root, 'seed-words'), 'the words are gone from the screen').to.equal(null);
    // One wrong word: named, nothing stored.
    await type(q<HTMLInputElement>(root, 'check-2')!, words[1]);
    await type(q<HTMLInputElement>(root, 'check-9')!, 'zoo');
    await type(q<HTMLInputElement>(root, 'check-17')!, words[16]);
    q<HTMLButtonElement>(root, 'check-continue')!.click();
    await tick();
    await el.updateComplete;
    expect(q(root, 'error-check-24')!.textContent).to.equal('Enter word 24');
    await type(q<HTMLInputElement>(root, 'check-24')!, words[23]);
    q<HTMLButtonElement>(root, 'check-continue')!.click();
    await tick();
    await el.updateComplete;
    expect(q(root, 'error-check-9')!.textContent).to.equal('Word 9 is not the word you were shown: check what you wrote down');
    expect(calls.filter((c) => c[0] === 'create'), 'nothing stored yet').to.deep.equal([]);
    await type(q<HTMLInputElement>(root, 'check-9')!, words[8]);
    let done = 0;
    el.addEventListener('onboarding-done', () => done++);
    q<HTMLButtonElement>(root, 'check-continue')!.click();
    for (let i = 0; i < 10 && done === 0; i++) await tick();
    expect(done).to.equal(1);
    expect(calls.map((c) => c[0])).to.deep.equal(['beginNew', 'checkBackup', 'checkBackup', 'create']);
    expect(calls.at(-1)).to.deep.equal(['create', 'patient', 'Olena', 'a long passphrase'.length]);
  });

  it('restores: the words first, with the position of a fault, then the details and a new passphrase', async function () {
    const { el, root, calls, words } = await flow('restore');
    q<HTMLInputElement>(root, 'role-patient')!.click();
    q<HTMLButtonElement>(root, 'role-continue')!.click();
    await el.updateComplete;
    const text = q<HTMLTextAreaElement>(root, 'restore-words')!;
    await type(text, words.slice(0, 20).join(' '));
    q<HTMLButtonElement>(root, 'restore-continue')!.click();
    await tick();
    await el.updateComplete;
    expect(q(root, 'error-restore-words')!.textContent).to.equal('Enter all 24 words: you entered 20 words');
    await type(q<HTMLTextAreaElement>(root, 'restore-words')!, words.map((w, i) => `${i + 1}. ${w}`).join('\n'));
    q<HTMLButtonElement>(root, 'restore-continue')!.click();
    await tick();
    await el.updateComplete;
    await details(root);
    await passphrase(root, el);
    for (let i = 0; i < 10 && !calls.some((c) => c[0] === 'create'); i++) await tick();
    expect(calls.map((c) => c[0])).to.deep.equal(['beginRestore', 'beginRestore', 'create']);
  });

  it('cancelling ends the worker, so an unsaved seed goes with it', async function () {
    const { el, root, calls } = await flow('new');
    let cancelled = 0;
    el.addEventListener('onboarding-cancel', () => cancelled++);
    q<HTMLButtonElement>(root, 'onboarding-cancel')!.click();
    expect(cancelled).to.equal(1);
    expect(calls).to.deep.equal([['lock']]);
  });
});
