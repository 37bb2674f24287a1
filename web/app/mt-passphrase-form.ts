// The passphrase step of onboarding and restore: a passphrase typed twice, with the rules said up
// front and each error beside its field (GOV.UK style, with a summary on submit). The passphrase
// goes up in the event and straight to the identity worker; nothing keeps it here after the submit.
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { MIN_PASSPHRASE } from '../core/identity/index.ts';
import './mt-error-summary.ts';
import type { MtErrorSummary, SummaryError } from './mt-error-summary.ts';
import { nCharacters } from './i18n/plural.ts';
import { shared } from './styles.ts';

/** Detail of the `passphrase-submit` event. */
export interface PassphraseSubmitDetail {
  passphrase: string;
}

/** What is wrong with a new passphrase and its repetition, per field. Used by this form and its tests. */
export function passphraseProblems(first: string, second: string): { first?: string; second?: string } {
  const out: { first?: string; second?: string } = {};
  const n = [...first.normalize('NFKC')].length;
  if (n === 0) out.first = msg('Enter a passphrase');
  else if (n < MIN_PASSPHRASE) out.first = msg(str`Your passphrase must have at least ${nCharacters(MIN_PASSPHRASE)}; it has ${nCharacters(n)}`);
  if (!out.first) {
    if (second === '') out.second = msg('Enter the passphrase again');
    else if (second.normalize('NFKC') !== first.normalize('NFKC')) out.second = msg('The two passphrases are not the same: type it again');
  }
  return out;
}

/**
 * A new passphrase, typed twice.
 *
 * @fires passphrase-submit - Both fields are valid; detail is {@link PassphraseSubmitDetail}.
 * @fires passphrase-back - The user went back (no detail).
 */
@customElement('mt-passphrase-form')
@localized()
export class MtPassphraseForm extends LitElement {
  static override styles = [shared];

  @state() private _first = '';
  @state() private _second = '';
  @state() private _submitted = false;

  /** Empties both fields: called once the passphrase has been used. */
  clear(): void {
    this._first = '';
    this._second = '';
    this._submitted = false;
  }

  async #onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    this._submitted = true;
    const p = passphraseProblems(this._first, this._second);
    if (p.first || p.second) {
      await this.updateComplete;
      this.renderRoot.querySelector<MtErrorSummary>('mt-error-summary')?.focus();
      return;
    }
    const passphrase = this._first;
    this.clear();
    this.dispatchEvent(new CustomEvent<PassphraseSubmitDetail>('passphrase-submit', { detail: { passphrase }, bubbles: true, composed: true }));
  }

  override render() {
    const p = this._submitted ? passphraseProblems(this._first, this._second) : {};
    const summary: SummaryError[] = [
      ...(p.first ? [{ field: 'passphrase', message: p.first }] : []),
      ...(p.second ? [{ field: 'passphrase-again', message: p.second }] : []),
    ];
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        <mt-error-summary .errors=${summary} .root=${this.renderRoot as ShadowRoot}></mt-error-summary>
        <p>${msg('Your passphrase locks this identity on this device. Choose one you will remember: a few words you do not say together is easier than a short, strange one.')}</p>
        <p class="hint">${msg('Nobody can recover a forgotten passphrase. If you forget it, you can restore your identity from your 24 words and choose a new one.')}</p>
        <div class="field">
          <label for="passphrase">${msg('Passphrase')}</label>
          <div id="passphrase-hint" class="hint">${msg(str`At least ${nCharacters(MIN_PASSPHRASE)}.`)}</div>
          ${p.first ? html`<p id="passphrase-error" class="field-error" data-testid="error-passphrase">${p.first}</p>` : nothing}
          <input
            id="passphrase"
            type="password"
            autocomplete="new-password"
            data-testid="input-passphrase"
            .value=${this._first}
            aria-invalid=${p.first ? 'true' : 'false'}
            aria-describedby=${p.first ? 'passphrase-hint passphrase-error' : 'passphrase-hint'}
            @input=${(e: Event) => (this._first = (e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="passphrase-again">${msg('Passphrase again')}</label>
          ${p.second ? html`<p id="passphrase-again-error" class="field-error" data-testid="error-passphrase-again">${p.second}</p>` : nothing}
          <input
            id="passphrase-again"
            type="password"
            autocomplete="new-password"
            data-testid="input-passphrase-again"
            .value=${this._second}
            aria-invalid=${p.second ? 'true' : 'false'}
            aria-describedby=${p.second ? 'passphrase-again-error' : nothing}
            @input=${(e: Event) => (this._second = (e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="row">
          <button type="submit" data-testid="passphrase-continue">${msg('Continue')}</button>
          <button type="button" class="secondary" data-testid="passphrase-back" @click=${() => this.dispatchEvent(new CustomEvent('passphrase-back', { bubbles: true, composed: true }))}>
            ${msg('Back')}
          </button>
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-passphrase-form': MtPassphraseForm;
  }
}
