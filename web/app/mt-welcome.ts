// The first screen: what medtangle is, in plain words, and the way in: unlock an identity of this
// device, make a new one, or restore one from its 24 words. It lists the identities through the
// identity client (their labels are the vault's only clear data).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { VaultSummary } from '../vault/index.ts';
import type { IdentityClient } from '../workers/index.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import './mt-unlock.ts';
import { shared } from './styles.ts';

/** Largest file taken as an identity backup (one vault record is a few kilobytes). */
const MAX_BACKUP_BYTES = 1 << 20;

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

  /** The identity client (the app's own unless given; tests give their own). */
  @property({ attribute: false }) client: IdentityClient | undefined;

  /** Why the last lock happened, said once above the unlock form. */
  @property({ attribute: false }) lockReason: string | null = null;

  @state() private _identities: VaultSummary[] | null = null;
  /** Identities whose stored data is damaged: they cannot be unlocked, only restored and deleted. */
  @state() private _damaged: string[] = [];
  /** The damaged identity whose deletion waits for a yes. */
  @state() private _confirmDelete: string | null = null;
  @state() private _error = '';
  /** Restoring from a backup file: what went wrong, or the label restored. */
  @state() private _fileError = '';
  @state() private _fileRestored = '';
  @state() private _fileBusy = false;
  readonly #identity = new IdentityController(this);

  get #client(): IdentityClient {
    return this.client ?? this.#identity.client;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this._identities = await this.#client.list();
      this._damaged = await this.#client.damaged();
    } catch (e) {
      this._error = (e as Error)?.message ?? String(e);
      this._identities = [];
    }
  }

  async #deleteDamaged(id: string): Promise<void> {
    this._confirmDelete = null;
    try {
      await this.#client.remove(id);
    } catch (e) {
      this._error = (e as Error)?.message ?? String(e);
    }
    await this.#load();
  }

  #renderDamaged() {
    if (this._damaged.length === 0) return nothing;
    return html`<section class="card" aria-labelledby="damaged-title" data-testid="damaged-identities">
      <h2 id="damaged-title">${msg('Damaged identities on this device')}</h2>
      <p>
        ${msg('The stored data of an identity on this device is damaged, so it cannot be unlocked here. Restore it from your 24 words (Restore from my 24 words, below). Then delete the damaged copy.')}
      </p>
      <ul class="points">
        ${this._damaged.map(
          (id, k) => html`<li>
            ${msg(str`Damaged identity ${k + 1}`)}
            ${this._confirmDelete === id
              ? html`<div class="notice warn" role="group" aria-labelledby=${`damaged-confirm-${k}`}>
                  <p id=${`damaged-confirm-${k}`}>${msg('Delete this damaged copy? Do it once the identity is restored, or if you no longer need it: its records stay in the Tangle, readable again after a restore from the 24 words.')}</p>
                  <div class="row">
                    <button type="button" data-testid=${`damaged-delete-yes-${k}`} @click=${() => this.#deleteDamaged(id)}>${msg('Yes, delete it')}</button>
                    <button type="button" class="secondary" @click=${() => (this._confirmDelete = null)}>${msg('Keep it')}</button>
                  </div>
                </div>`
              : html`<button type="button" class="secondary" data-testid=${`damaged-delete-${k}`} @click=${() => (this._confirmDelete = id)}>
                  ${msg(str`Delete damaged identity ${k + 1}…`)}
                </button>`}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  async #restoreFromFile(e: Event): Promise<void> {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#backup-file');
    const file = input?.files?.[0];
    this._fileRestored = '';
    if (!file) {
      this._fileError = msg('Choose your backup file (it ends in .mtid)');
      input?.focus();
      return;
    }
    // A backup holds one identity: a few kilobytes. Anything far larger is another kind of file.
    if (file.size > MAX_BACKUP_BYTES) {
      this._fileError = msg('This file is too large to be an identity backup. Choose the file saved from Settings (it ends in .mtid).');
      input?.focus();
      return;
    }
    this._fileError = '';
    this._fileBusy = true;
    try {
      const restored = await this.#client.restoreBackup(new Uint8Array(await file.arrayBuffer()));
      this._fileRestored = restored.label;
      if (input) input.value = '';
      await this.#load();
    } catch (err) {
      const reason = (err as { reason?: unknown } | null)?.reason;
      this._fileError =
        reason === 'already-here'
          ? msg('This identity is already on this device: unlock it above.')
          : reason === 'bad-backup'
            ? msg('This file is not an identity backup, or it is damaged. Choose the file saved from Settings (it ends in .mtid).')
            : msg(str`The backup could not be restored: ${(err as Error)?.message ?? String(err)}`);
      input?.focus();
    } finally {
      this._fileBusy = false;
    }
  }

  #renderFromFile() {
    return html`<section class="card" aria-labelledby="from-file-title">
      <h2 id="from-file-title">${msg('Restore from a backup file')}</h2>
      <form novalidate @submit=${this.#restoreFromFile}>
        <div class="field">
          <label for="backup-file">${msg('Backup file')}</label>
          <p id="backup-file-hint" class="hint">${msg('The file saved from Settings, ending in .mtid. You will unlock the identity with the passphrase it had then.')}</p>
          ${this._fileError ? html`<p id="backup-file-error" class="field-error" role="alert" data-testid="backup-file-error">${this._fileError}</p>` : nothing}
          <input
            id="backup-file"
            type="file"
            accept=".mtid"
            data-testid="backup-file"
            ?disabled=${this._fileBusy}
            aria-invalid=${this._fileError ? 'true' : 'false'}
            aria-describedby=${this._fileError ? 'backup-file-hint backup-file-error' : 'backup-file-hint'}
          />
        </div>
        <button type="submit" class="secondary" data-testid="backup-file-restore" ?disabled=${this._fileBusy}>${msg('Restore from this file')}</button>
        ${this._fileRestored
          ? html`<p class="notice" role="status" data-testid="backup-file-restored">${msg(str`${this._fileRestored} is back on this device. Unlock it above with its passphrase.`)}</p>`
          : nothing}
      </form>
    </section>`;
  }

  #emit(name: 'welcome-new' | 'welcome-restore'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  override render() {
    const ids = this._identities;
    return html`
      <h1 tabindex="-1">${msg('Your medical records, on your own device')}</h1>
      <p class="lead">
        ${msg('medtangle keeps your medical history on this device, encrypted under keys that only your 24 words make. There is no server: the app is a set of files your browser keeps.')}
      </p>
      <ul class="points">
        <li>${msg('Write down how you are: each note is encrypted on this device before it is stored.')}</li>
        <li>${msg('Carry a copy to another device as a file, and restore your identity there from your 24 words.')}</li>
        <li>${msg('Find a doctor by specialty, send your symptoms, and receive a diagnosis, prescriptions and exercises, sealed so that only you and your doctor can read them.')}</li>
        <li>${msg('It works without an internet connection once it is installed.')}</li>
      </ul>
      ${this.lockReason === 'idle'
        ? html`<p class="notice warn" role="status" data-testid="locked-idle">${msg('Your identity was locked because the app was not used for a while. Unlock it to go on.')}</p>`
        : nothing}
      ${this._error ? html`<p class="notice error" role="alert">${msg('The identities of this device could not be read.')} ${this._error}</p>` : nothing}
      ${ids && ids.length > 0
        ? html`<section class="card" aria-labelledby="unlock-title">
            <h2 id="unlock-title">${msg('Unlock')}</h2>
            <mt-unlock .identities=${ids} .client=${this.client ?? null}></mt-unlock>
          </section>`
        : nothing}
      ${this.#renderDamaged()}
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
      ${this.#renderFromFile()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-welcome': MtWelcome;
  }
}
