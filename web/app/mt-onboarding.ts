// Making an identity, or restoring one from its 24 words, step by step: who you are (patient or
// doctor), your details, a passphrase, then the 24 words (shown once, with a check of 4 of them); a
// restore asks for the words you wrote down first, then your details and a new passphrase. Nothing is stored until the last step: the
// identity worker keeps the new seed in memory only, and stores it in the vault, under the
// passphrase, once the check has passed. The words leave the page when the flow ends.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { SEED_WORDS, splitWords, type Profile, type Role, type WordsProblem } from '../core/identity/index.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import type { IdentityClient } from '../workers/index.ts';
import './mt-error-summary.ts';
import type { MtErrorSummary, SummaryError } from './mt-error-summary.ts';
import './mt-passphrase-form.ts';
import type { PassphraseSubmitDetail } from './mt-passphrase-form.ts';
import './mt-profile-form.ts';
import type { ProfileSubmitDetail } from './mt-profile-form.ts';
import { nWords } from './i18n/plural.ts';
import { shared } from './styles.ts';

type Step = 'role' | 'details' | 'passphrase' | 'words' | 'check' | 'restore-words' | 'saving' | 'failed';

/** What to say about words that are not a seed, with the position of the fault. Used by this flow and its tests. */
export function wordsProblemMessage(p: WordsProblem): string {
  switch (p.kind) {
    case 'count':
      return msg(str`Enter all ${nWords(SEED_WORDS)}: you entered ${nWords(p.count)}`);
    case 'unknown-word':
      return msg(str`Word ${p.position}, “${p.word}”, is not one of the backup words: check its spelling`);
    case 'checksum':
      return msg(str`The words do not fit together. Word ${p.position} is a check on the others, so one of the words is wrong or two are swapped: check them against what you wrote down`);
  }
}

/**
 * The onboarding and restore flow.
 *
 * @fires onboarding-done - The identity is stored and unlocked (no detail).
 * @fires onboarding-cancel - The user left the flow; nothing was stored (no detail).
 */
@customElement('mt-onboarding')
@localized()
export class MtOnboarding extends LitElement {
  static override styles = [
    shared,
    css`
      ol.words {
        columns: 3 9rem;
        column-gap: 1.5rem;
        padding-left: 2.5rem;
        font-family: var(--mt-mono);
        font-size: 1.05rem;
      }
      ol.words li {
        padding: 0.15rem 0;
        break-inside: avoid;
      }
      .check input {
        max-width: 14rem;
      }
      textarea {
        min-height: 8rem;
        font-family: var(--mt-mono);
      }
    `,
  ];

  /** 'new' makes an identity; 'restore' restores one from its 24 words. */
  @property() mode: 'new' | 'restore' = 'new';
  /** The identity client (the app's by default; tests pass their own). */
  @property({ attribute: false }) client: IdentityClient | null = null;

  @state() private _step: Step = 'role';
  @state() private _role: Role | null = null;
  @state() private _roleError = '';
  @state() private _profile: Profile | null = null;
  @state() private _label = '';
  @state() private _words: string[] = [];
  @state() private _check: number[] = [];
  @state() private _answers: Record<number, string> = {};
  @state() private _checkErrors: Record<number, string> = {};
  @state() private _restoreText = '';
  @state() private _restoreError = '';
  @state() private _progress = 0;
  @state() private _failure = '';
  #passphrase = '';
  readonly #identity = new IdentityController(this);

  #client(): IdentityClient {
    return this.client ?? this.#identity.client;
  }

  /** The step's heading takes focus, so a screen reader starts there and Tab goes on from it. */
  override async updated(changed: Map<string, unknown>): Promise<void> {
    if (changed.has('_step')) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#forget();
  }

  /** Drops the words and the passphrase from this element. */
  #forget(): void {
    this._words = [];
    this._answers = {};
    this._restoreText = '';
    this.#passphrase = '';
  }

  #cancel(): void {
    this.#forget();
    // Ending the worker drops the unsaved seed with it.
    if (!this.#client().info) this.#client().lock('user');
    this.dispatchEvent(new CustomEvent('onboarding-cancel', { bubbles: true, composed: true }));
  }

  #chooseRole(e: Event): void {
    e.preventDefault();
    if (!this._role) {
      this._roleError = msg('Choose whether you are a patient, a doctor or a clinic');
      return;
    }
    this._roleError = '';
    // A restore checks the words first, so nobody fills in a form for words that will not do.
    this._step = this.mode === 'restore' ? 'restore-words' : 'details';
  }

  #onProfile(e: CustomEvent<ProfileSubmitDetail>): void {
    this._profile = e.detail.profile;
    this._label = e.detail.label;
    this._step = 'passphrase';
  }

  async #onPassphrase(e: CustomEvent<PassphraseSubmitDetail>): Promise<void> {
    this.#passphrase = e.detail.passphrase;
    if (this.mode === 'restore') {
      await this.#save();
      return;
    }
    const { words, check } = await this.#client().beginNew(this._role!);
    this._words = words;
    this._check = check;
    this._answers = {};
    this._checkErrors = {};
    this._step = 'words';
  }

  async #onCheck(e: Event): Promise<void> {
    e.preventDefault();
    const answers = this._check.map((position) => ({ position, word: this._answers[position] ?? '' }));
    const errors: Record<number, string> = {};
    for (const a of answers) if (a.word.trim() === '') errors[a.position] = msg(str`Enter word ${a.position}`);
    if (Object.keys(errors).length === 0) {
      const r = await this.#client().checkBackup(answers);
      for (const p of r.wrong) errors[p] = msg(str`Word ${p} is not the word you were shown: check what you wrote down`);
    }
    this._checkErrors = errors;
    if (Object.keys(errors).length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<MtErrorSummary>('mt-error-summary')?.focus();
      return;
    }
    await this.#save();
  }

  async #onRestoreWords(e: Event): Promise<void> {
    e.preventDefault();
    const r = await this.#client().beginRestore(this._role!, splitWords(this._restoreText));
    if (!r.ok) {
      this._restoreError = wordsProblemMessage(r.problem);
      await this.updateComplete;
      this.renderRoot.querySelector<MtErrorSummary>('mt-error-summary')?.focus();
      return;
    }
    this._restoreError = '';
    this._restoreText = '';
    this._step = 'details';
  }

  async #save(): Promise<void> {
    this._step = 'saving';
    this._progress = 0;
    const passphrase = this.#passphrase;
    this.#forget();
    try {
      await this.#client().create({ profile: this._profile!, label: this._label, passphrase }, (f) => (this._progress = f));
      this.dispatchEvent(new CustomEvent('onboarding-done', { bubbles: true, composed: true }));
    } catch (err) {
      this._failure = (err as Error)?.message ?? String(err);
      this._step = 'failed';
    }
  }

  #heading(text: string) {
    return html`<h1 tabindex="-1" data-testid="onboarding-heading">${text}</h1>`;
  }

  #renderRole() {
    const restore = this.mode === 'restore';
    return html`
      ${this.#heading(restore ? msg('Restore your identity') : msg('Create your identity'))}
      <p>
        ${restore
          ? msg('You will need the 24 words you wrote down when you made your identity.')
          : msg('Your identity lets you keep your medical records on this device and share them only with the doctors you choose. It takes a few minutes.')}
      </p>
      <form novalidate @submit=${this.#chooseRole}>
        <fieldset aria-describedby=${this._roleError ? 'role-error' : nothing}>
          <legend>${msg('Who are you?')}</legend>
          ${this._roleError ? html`<p id="role-error" class="field-error" role="alert" data-testid="error-role">${this._roleError}</p>` : nothing}
          ${(['patient', 'doctor', 'clinic'] as const).map(
            (r) => html`<div class="choice">
              <input
                type="radio"
                name="role"
                id=${`role-${r}`}
                data-testid=${`role-${r}`}
                .checked=${this._role === r}
                @change=${() => {
                  this._role = r;
                  this._roleError = '';
                }}
              />
              <label for=${`role-${r}`}>
                ${r === 'patient' ? msg('I am a patient') : r === 'doctor' ? msg('I am a doctor') : msg('We are a clinic')}
                <span class="hint"
                  >${r === 'patient'
                    ? msg('You keep your own record and send it to doctors.')
                    : r === 'doctor'
                      ? msg('Patients send you requests and you answer them.')
                      : msg('You check doctors’ licences in person and vouch for their profiles, so patients know whom to trust.')}</span
                >
              </label>
            </div>`,
          )}
        </fieldset>
        <div class="row">
          <button type="submit" data-testid="role-continue">${msg('Continue')}</button>
          <button type="button" class="secondary" data-testid="onboarding-cancel" @click=${this.#cancel}>${msg('Cancel')}</button>
        </div>
      </form>
    `;
  }

  #renderWords() {
    return html`
      ${this.#heading(msg('Write down your 24 words'))}
      <p>
        ${msg('These words are your identity. With them you can restore it on a new device if this one is lost. They are shown only this once.')}
      </p>
      <ul>
        <li>${msg('Write them on paper, in order, and keep it somewhere safe.')}</li>
        <li>${msg('Never share them: anyone with these words can read your records.')}</li>
        <li>${msg('Do not keep them in a photo, an email or a note on this device.')}</li>
      </ul>
      <ol class="words" data-testid="seed-words" aria-label=${msg('Your 24 words, in order')}>
        ${this._words.map((w) => html`<li>${w}</li>`)}
      </ol>
      <div class="row">
        <button type="button" data-testid="words-written" @click=${() => (this._step = 'check')}>${msg('I have written them down')}</button>
        <button type="button" class="secondary" @click=${this.#cancel}>${msg('Cancel')}</button>
      </div>
    `;
  }

  #renderCheck() {
    const summary: SummaryError[] = Object.entries(this._checkErrors).map(([p, m]) => ({ field: `check-${p}`, message: m }));
    return html`
      ${this.#heading(msg('Check your words'))}
      <p>${msg('To be sure you can restore your identity, enter these words from your paper.')}</p>
      <form novalidate class="check" @submit=${this.#onCheck}>
        <mt-error-summary .errors=${summary} .root=${this.renderRoot as ShadowRoot}></mt-error-summary>
        ${this._check.map((p) => {
          const error = this._checkErrors[p];
          return html`<div class="field">
            <label for=${`check-${p}`}>${msg(str`Word ${p}`)}</label>
            ${error ? html`<p id=${`check-${p}-error`} class="field-error" data-testid=${`error-check-${p}`}>${error}</p>` : nothing}
            <input
              id=${`check-${p}`}
              type="text"
              autocomplete="off"
              autocapitalize="none"
              spellcheck="false"
              data-testid=${`check-${p}`}
              .value=${this._answers[p] ?? ''}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${error ? `check-${p}-error` : nothing}
              @input=${(e: Event) => (this._answers = { ...this._answers, [p]: (e.target as HTMLInputElement).value })}
            />
          </div>`;
        })}
        <div class="row">
          <button type="submit" data-testid="check-continue">${msg('Check and create my identity')}</button>
          <button type="button" class="secondary" data-testid="check-back" @click=${() => (this._step = 'words')}>${msg('Show the words again')}</button>
        </div>
      </form>
    `;
  }

  #renderRestoreWords() {
    const summary: SummaryError[] = this._restoreError ? [{ field: 'restore-words', message: this._restoreError }] : [];
    return html`
      ${this.#heading(msg('Enter your 24 words'))}
      <form novalidate @submit=${this.#onRestoreWords}>
        <mt-error-summary .errors=${summary} .root=${this.renderRoot as ShadowRoot}></mt-error-summary>
        <div class="field">
          <label for="restore-words">${msg('Your 24 words, in order')}</label>
          <div id="restore-words-hint" class="hint">${msg('Separate them with spaces or new lines. Numbers before them are fine.')}</div>
          ${this._restoreError ? html`<p id="restore-words-error" class="field-error" data-testid="error-restore-words">${this._restoreError}</p>` : nothing}
          <textarea
            id="restore-words"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            data-testid="restore-words"
            .value=${this._restoreText}
            aria-invalid=${this._restoreError ? 'true' : 'false'}
            aria-describedby=${this._restoreError ? 'restore-words-hint restore-words-error' : 'restore-words-hint'}
            @input=${(e: Event) => (this._restoreText = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
        <div class="row">
          <button type="submit" data-testid="restore-continue">${msg('Restore my identity')}</button>
          <button type="button" class="secondary" data-testid="restore-cancel" @click=${this.#cancel}>${msg('Cancel')}</button>
        </div>
      </form>
    `;
  }

  override render() {
    switch (this._step) {
      case 'role':
        return this.#renderRole();
      case 'details':
        return html`${this.#heading(msg('Your details'))}
          <p class="hint">${msg('They are stored only on this device, encrypted under your passphrase.')}</p>
          <mt-profile-form
            profile-role=${this._role!}
            .initial=${this._profile ? { ...this._profile, label: this._label } : {}}
            @profile-submit=${this.#onProfile}
            @profile-back=${() => (this._step = 'role')}
          ></mt-profile-form>`;
      case 'passphrase':
        return html`${this.#heading(msg('Choose a passphrase'))}
          <mt-passphrase-form @passphrase-submit=${this.#onPassphrase} @passphrase-back=${() => (this._step = 'details')}></mt-passphrase-form>`;
      case 'words':
        return this.#renderWords();
      case 'check':
        return this.#renderCheck();
      case 'restore-words':
        return this.#renderRestoreWords();
      case 'saving':
        return html`${this.#heading(msg('Locking your identity with your passphrase…'))}
          <p role="status">${msg('This takes a few seconds: the key is made slow to guess on purpose.')}</p>
          <progress max="1" value=${this._progress} aria-label=${msg('Progress')}></progress>`;
      case 'failed':
        return html`${this.#heading(msg('Your identity was not stored'))}
          <p class="notice error" role="alert" data-testid="onboarding-error">
            ${msg(str`Something went wrong while storing it: ${this._failure}. Nothing was stored. Start again.`)}
          </p>
          <button type="button" @click=${this.#cancel}>${msg('Start again')}</button>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-onboarding': MtOnboarding;
  }
}
