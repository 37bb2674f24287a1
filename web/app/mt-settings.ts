// Settings: the passphrase (changed by re-wrapping one key; the old passphrase is asked again), the
// auto-lock time, an encrypted backup file of the identity, and data safety: whether the browser
// keeps this app's storage, the last backup, installing the app, and deleting everything the app
// stored on this device (after a confirmation).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { AUTO_LOCK_CHOICES } from '../core/identity/index.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import { askPersistence, canInstall, deleteEverything, install, isPersisted, lastBackup, noteBackup, noteDeleteIncomplete } from './controllers/data-safety.ts';
import { closeAppTangleClient } from './controllers/tangle-controller.ts';
import { passphraseProblems } from './mt-passphrase-form.ts';
import { unlockErrorMessage } from './mt-unlock.ts';
import { nMinutes } from './i18n/plural.ts';
import { shared } from './styles.ts';

function _save(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The Settings screen.
 */
@customElement('mt-settings')
@localized()
export class MtSettings extends LitElement {
  static override styles = [
    shared,
    css`
      input[type='password'],
      select {
        max-width: 24rem;
      }
    `,
  ];

  readonly #identity = new IdentityController(this);
  @state() private _old = '';
  @state() private _new = '';
  @state() private _again = '';
  @state() private _pass: { state: 'idle' | 'running' | 'done' | 'failed'; progress: number; error: string; fields: Record<string, string> } = {
    state: 'idle',
    progress: 0,
    error: '',
    fields: {},
  };
  @state() private _lockSaved = false;
  @state() private _persisted: boolean | null = null;
  @state() private _lastBackup: number | null = null;
  @state() private _lastRecordsCopy: number | null = null;
  @state() private _confirmDelete = false;
  @state() private _deleting = false;
  @state() private _backupError = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void isPersisted().then((p) => (this._persisted = p));
    this._lastBackup = lastBackup('identity');
    this._lastRecordsCopy = lastBackup('records');
  }

  async #changePassphrase(e: Event): Promise<void> {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (this._old === '') fields.old = msg('Enter your current passphrase');
    const p = passphraseProblems(this._new, this._again);
    if (p.first) fields.new = p.first;
    if (p.second) fields.again = p.second;
    if (Object.keys(fields).length > 0) {
      this._pass = { ...this._pass, state: 'idle', fields };
      return;
    }
    const [oldP, newP] = [this._old, this._new];
    this._old = this._new = this._again = '';
    this._pass = { state: 'running', progress: 0, error: '', fields: {} };
    try {
      await this.#identity.client.changePassphrase(oldP, newP, (f) => (this._pass = { ...this._pass, progress: f }));
      this._pass = { ...this._pass, state: 'done' };
    } catch (err) {
      const wrong = (err as { reason?: string })?.reason === 'wrong-passphrase';
      this._pass = { state: 'failed', progress: 0, error: wrong ? msg('Your current passphrase is not right: nothing was changed.') : unlockErrorMessage(err), fields: {} };
    }
  }

  async #setAutoLock(e: Event): Promise<void> {
    await this.#identity.client.setAutoLock(Number((e.target as HTMLSelectElement).value));
    this._lockSaved = true;
  }

  async #backup(): Promise<void> {
    this._backupError = '';
    try {
      const bytes = await this.#identity.client.backup();
      const info = this.#identity.info;
      const day = new Date().toISOString().slice(0, 10);
      _save(bytes, `medtangle-identity-${(info?.label ?? 'backup').replace(/[^\p{L}\p{N}-]+/gu, '-')}-${day}.mtid`);
      noteBackup('identity');
      this._lastBackup = lastBackup('identity');
    } catch (err) {
      this._backupError = (err as Error)?.message ?? String(err);
    }
  }

  async #delete(): Promise<void> {
    this._deleting = true;
    // Every worker of this page lets go of its databases first: the identity worker ends with the
    // lock, the tangle worker is closed.
    this.#identity.client.lock('user');
    closeAppTangleClient();
    // The lock has taken this screen away; the app shell says after the reload if data was left.
    const { kept } = await deleteEverything();
    if (kept.length > 0) noteDeleteIncomplete();
    location.reload();
  }

  #field(id: string, label: string, value: string, set: (v: string) => void, auto: string) {
    const error = this._pass.fields[id];
    return html`<div class="field">
      <label for=${`pp-${id}`}>${label}</label>
      ${error ? html`<p id=${`pp-${id}-error`} class="field-error" data-testid=${`error-pp-${id}`}>${error}</p>` : nothing}
      <input
        id=${`pp-${id}`}
        type="password"
        autocomplete=${auto}
        data-testid=${`pp-${id}`}
        .value=${value}
        ?disabled=${this._pass.state === 'running'}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `pp-${id}-error` : nothing}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
      />
    </div>`;
  }

  override render() {
    const info = this.#identity.info;
    if (!info) return html`<h1 tabindex="-1">${msg('Settings')}</h1><p>${msg('Unlock your identity to change its settings.')}</p>`;
    const date = (ms: number) => new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'long', timeStyle: 'short' }).format(ms);
    const p = this._pass;
    return html`
      <h1 tabindex="-1">${msg('Settings')}</h1>
      <section class="card" aria-labelledby="pass-title">
        <h2 id="pass-title">${msg('Passphrase')}</h2>
        <form novalidate @submit=${this.#changePassphrase}>
          ${this.#field('old', msg('Current passphrase'), this._old, (v) => (this._old = v), 'current-password')}
          ${this.#field('new', msg('New passphrase'), this._new, (v) => (this._new = v), 'new-password')}
          ${this.#field('again', msg('New passphrase again'), this._again, (v) => (this._again = v), 'new-password')}
          <button type="submit" data-testid="pp-change" ?disabled=${p.state === 'running'}>${msg('Change passphrase')}</button>
        </form>
        ${p.state === 'running'
          ? html`<p role="status">${msg('Changing your passphrase…')}</p>
              <progress max="1" value=${p.progress} aria-label=${msg('Progress')}></progress>`
          : nothing}
        ${p.state === 'done' ? html`<p class="notice ok" role="status" data-testid="pp-done">${msg('Your passphrase is changed. Your records did not need to change.')}</p>` : nothing}
        ${p.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="pp-error">${p.error}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="lock-title">
        <h2 id="lock-title">${msg('Automatic lock')}</h2>
        <label for="auto-lock">${msg('Lock after this long without use')}</label>
        <select id="auto-lock" data-testid="auto-lock" @change=${this.#setAutoLock}>
          ${AUTO_LOCK_CHOICES.map((m) => html`<option value=${m} ?selected=${m === info.autoLockMinutes}>${nMinutes(m)}</option>`)}
        </select>
        ${this._lockSaved ? html`<p class="hint" role="status">${msg('Saved.')}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="backup-title">
        <h2 id="backup-title">${msg('Backup of this identity')}</h2>
        <p>${msg('A file with your identity, encrypted under your passphrase. With it and your passphrase you can restore this identity on another device. Your 24 words do the same without a file.')}</p>
        <button type="button" class="secondary" data-testid="identity-backup" @click=${this.#backup}>${msg('Save a backup file')}</button>
        ${this._backupError ? html`<p class="notice error" role="alert">${this._backupError}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="safety-title" data-testid="data-safety">
        <h2 id="safety-title">${msg('Keeping your data safe')}</h2>
        ${this._persisted === false
          ? html`<p class="notice warn" data-testid="not-persisted">
                ${msg('This browser may delete the app’s data when the device runs short of space. Installing the app, or allowing it to keep its data, prevents that.')}
              </p>
              <div class="row">
                <button type="button" class="secondary" data-testid="ask-persist" @click=${async () => (this._persisted = await askPersistence())}>
                  ${msg('Ask the browser to keep the data')}
                </button>
                ${canInstall() ? html`<button type="button" class="secondary" @click=${() => void install()}>${msg('Install the app')}</button>` : nothing}
              </div>`
          : this._persisted
            ? html`<p data-testid="persisted">${msg('This browser keeps the app’s data until you delete it.')}</p>`
            : nothing}
        <p data-testid="last-backup">
          ${this._lastBackup ? msg(str`Last backup file of your identity: ${date(this._lastBackup)}.`) : msg('No backup file of your identity has been made on this device yet.')}
        </p>
        <p data-testid="last-records-copy">
          ${this._lastRecordsCopy
            ? msg(str`Last copy of your records (Export, under Advanced on the Tangle screen): ${date(this._lastRecordsCopy)}.`)
            : msg('No copy of your records has been saved from this device yet (Export, under Advanced on the Tangle screen).')}
        </p>
        <p>${msg('Make both now and then, and keep them on another device: with them (or your 24 words and the copy of your records) everything comes back.')}</p>
      </section>
      <section class="card" aria-labelledby="delete-title">
        <h2 id="delete-title">${msg('Delete everything on this device')}</h2>
        <p>${msg('Deletes every identity, every record and every setting this app stored here. Make a backup first if you will need them.')}</p>
        ${this._confirmDelete
          ? html`<div class="notice warn" role="group" aria-labelledby="delete-confirm">
              <p id="delete-confirm">${msg('Delete everything this app stored on this device? This cannot be undone.')}</p>
              <div class="row">
                <button type="button" data-testid="delete-confirm" ?disabled=${this._deleting} @click=${this.#delete}>${msg('Yes, delete everything')}</button>
                <button type="button" class="secondary" data-testid="delete-keep" @click=${() => (this._confirmDelete = false)}>${msg('Keep it')}</button>
              </div>
            </div>`
          : html`<button type="button" class="secondary" data-testid="delete-everything" @click=${() => (this._confirmDelete = true)}>${msg('Delete everything…')}</button>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-settings': MtSettings;
  }
}
