// Unlocking: the user picks who they are among this device's identities (their labels, the only
// clear data of the vault) and types the passphrase. The key derivation runs in the identity
// worker with a progress bar; a wrong passphrase or a damaged identity gets a plain message and
// changes nothing.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { VaultSummary } from '../vault/index.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import type { IdentityClient } from '../workers/index.ts';
import { shared } from './styles.ts';

/** The words for a failed unlock, by the vault's reason. Used by this form, settings and their tests. */
export function unlockErrorMessage(e: unknown): string {
  const reason = (e as { reason?: string } | null)?.reason;
  switch (reason) {
    case 'wrong-passphrase':
      return msg('The passphrase is not right. Check it (capital letters count) and try again.');
    case 'weak-passphrase':
      return msg('The passphrase is not right: it is too short to be this identity’s. Check it and try again.');
    case 'damaged':
      return msg('This identity’s stored data is damaged, so it cannot be unlocked here. Restore it from your 24 words or a backup file.');
    case 'unknown-identity':
      return msg('This identity is no longer on this device.');
    default:
      return msg(str`The identity could not be unlocked: ${(e as Error)?.message ?? String(e)}`);
  }
}

/**
 * The unlock form, with the list of this device's identities.
 *
 * @fires unlocked - The identity is unlocked (no detail).
 */
@customElement('mt-unlock')
@localized()
export class MtUnlock extends LitElement {
  static override styles = [
    shared,
    css`
      .who {
        display: block;
      }
      .who small {
        color: var(--mt-muted);
      }
      input[type='password'] {
        max-width: 24rem;
      }
    `,
  ];

  /** The identities of this device. */
  @property({ attribute: false }) identities: VaultSummary[] = [];
  /** The identity client (the app's by default; tests pass their own). */
  @property({ attribute: false }) client: IdentityClient | null = null;

  @state() private _chosen = '';
  @state() private _passphrase = '';
  @state() private _error = '';
  @state() private _running = false;
  @state() private _progress = 0;
  readonly #identity = new IdentityController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('identities') && !this.identities.some((i) => i.id === this._chosen)) this._chosen = this.identities[0]?.id ?? '';
  }

  async #onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    if (this._running) return;
    if (this._passphrase === '') {
      this._error = msg('Enter your passphrase');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#unlock-passphrase')?.focus();
      return;
    }
    const passphrase = this._passphrase;
    this._passphrase = '';
    this._error = '';
    this._running = true;
    this._progress = 0;
    try {
      await (this.client ?? this.#identity.client).unlock(this._chosen, passphrase, (f) => (this._progress = f));
      this.dispatchEvent(new CustomEvent('unlocked', { bubbles: true, composed: true }));
    } catch (err) {
      this._error = unlockErrorMessage(err);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#unlock-passphrase')?.focus();
    } finally {
      this._running = false;
    }
  }

  #role(r: VaultSummary['role']): string {
    return r === 'doctor' ? msg('doctor') : r === 'clinic' ? msg('clinic') : msg('patient');
  }

  override render() {
    if (this.identities.length === 0) return nothing;
    const date = (ms: number) => new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium' }).format(ms);
    return html`
      <form novalidate @submit=${this.#onSubmit} data-testid="unlock-form">
        ${this.identities.length > 1
          ? html`<fieldset>
              <legend>${msg('Who are you?')}</legend>
              ${this.identities.map(
                (i) => html`<div class="choice">
                  <input
                    type="radio"
                    name="who"
                    id=${`who-${i.id}`}
                    data-testid=${`who-${i.label}`}
                    .checked=${this._chosen === i.id}
                    ?disabled=${this._running}
                    @change=${() => (this._chosen = i.id)}
                  />
                  <label for=${`who-${i.id}`} class="who">
                    ${i.label} <small>(${this.#role(i.role)}, ${msg(str`made ${date(i.createdAt)}`)})</small>
                  </label>
                </div>`,
              )}
            </fieldset>`
          : html`<p data-testid="unlock-who">
              ${msg(str`Unlock ${this.identities[0].label}`)} <small class="hint">(${this.#role(this.identities[0].role)})</small>
            </p>`}
        <div class="field">
          <label for="unlock-passphrase">${msg('Passphrase')}</label>
          ${this._error ? html`<p id="unlock-error" class="field-error" role="alert" data-testid="unlock-error">${this._error}</p>` : nothing}
          <input
            id="unlock-passphrase"
            type="password"
            autocomplete="current-password"
            data-testid="unlock-passphrase"
            .value=${this._passphrase}
            ?disabled=${this._running}
            aria-invalid=${this._error ? 'true' : 'false'}
            aria-describedby=${this._error ? 'unlock-error' : nothing}
            @input=${(e: Event) => (this._passphrase = (e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" data-testid="unlock-submit" ?disabled=${this._running}>${this._running ? msg('Unlocking…') : msg('Unlock')}</button>
        ${this._running
          ? html`<p class="hint" role="status">${msg('Checking your passphrase: this takes a few seconds.')}</p>
              <progress max="1" value=${this._progress} aria-label=${msg('Progress')}></progress>`
          : nothing}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-unlock': MtUnlock;
  }
}
