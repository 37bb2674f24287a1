// The first screen: what medtangle is, in plain words, and the way in: unlock an identity of this
// device, make a new one, or restore one from its 24 words. It lists the identities through the
// identity client (their labels are the vault's only clear data).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { VaultSummary } from '../vault/index.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import './mt-unlock.ts';
import { shared } from './styles.ts';

/**
 * The welcome screen.
 *
 * @fires welcome-new - The user wants to make an identity (no detail).
 * @fires welcome-restore - The user wants to restore one from the 24 words (no detail).
 */
@customElement('mt-welcome')
@localized()
export class MtWelcome extends LitElement {
  static override styles = [
    shared,
    css`
      .lead {
        font-size: 1.1rem;
      }
      ul.points {
        padding-left: 1.25rem;
      }
    `,
  ];

  /** Why the last lock happened, said once above the unlock form. */
  @property({ attribute: false }) lockReason: string | null = null;

  @state() private _identities: VaultSummary[] | null = null;
  @state() private _error = '';
  readonly #identity = new IdentityController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this._identities = await this.#identity.client.list();
    } catch (e) {
      this._error = (e as Error)?.message ?? String(e);
      this._identities = [];
    }
  }

  #emit(name: 'welcome-new' | 'welcome-restore'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  override render() {
    const ids = this._identities;
    return html`
      <h1 tabindex="-1">${msg('Your medical records, on your own device')}</h1>
      <p class="lead">
        ${msg('medtangle keeps your medical history on this device, encrypted, and shares it only with the doctors you choose. There is no server: your records travel between devices directly.')}
      </p>
      <ul class="points">
        <li>${msg('Patients find a doctor, send their symptoms, and receive a diagnosis, prescriptions and exercises.')}</li>
        <li>${msg('Doctors answer the requests that patients send them.')}</li>
        <li>${msg('It works without an internet connection once it is installed.')}</li>
      </ul>
      ${this.lockReason === 'idle'
        ? html`<p class="notice warn" role="status" data-testid="locked-idle">${msg('Your identity was locked because the app was not used for a while. Unlock it to go on.')}</p>`
        : nothing}
      ${this._error ? html`<p class="notice error" role="alert">${msg('The identities of this device could not be read.')} ${this._error}</p>` : nothing}
      ${ids && ids.length > 0
        ? html`<section class="card" aria-labelledby="unlock-title">
            <h2 id="unlock-title">${msg('Unlock')}</h2>
            <mt-unlock .identities=${ids}></mt-unlock>
          </section>`
        : nothing}
      <section class="card" aria-labelledby="start-title">
        <h2 id="start-title">${ids && ids.length > 0 ? msg('Someone else, or a new identity') : msg('Get started')}</h2>
        <div class="row">
          <button type="button" data-testid="welcome-new" @click=${() => this.#emit('welcome-new')}>${msg('Create a new identity')}</button>
          <button type="button" class="secondary" data-testid="welcome-restore" @click=${() => this.#emit('welcome-restore')}>
            ${msg('Restore from my 24 words')}
          </button>
        </div>
        <p class="hint">${msg('One device can hold several identities, for example a family’s phone or a clinic’s tablet. Each has its own passphrase.')}</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-welcome': MtWelcome;
  }
}
