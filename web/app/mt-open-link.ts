// Opening a link a patient shared (issue 10, "Shared links"): anyone, with no identity, in any
// browser. The link's fragment is read once and then cleared from the address bar; it says what it
// holds and until when; a passcode is asked for where the link has one; the records show read-only,
// and are kept only in this page's memory. Nothing is stored and nothing is sent anywhere. A link can
// also come pasted, from a file the patient gave, or from a QR code read with the camera.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { readCareRecord } from '../core/care/index.ts';
import type { MyRecord } from '../identity/index.ts';
import { LinkController, fragmentOf, linkInAddress } from './controllers/link-controller.ts';
import { canScanQr, startQrScan, type QrScan } from './controllers/qr-scanner.ts';
import { careEntry, careEntryStyles } from './mt-care-entry.ts';
import { formatDay, formatPercent, formatTime } from './format.ts';
import { shared } from './styles.ts';

/** Largest file taken as a link: a link is at most 64 KiB, and a file holds one line of it. */
const MAX_FILE = 256 * 1024;

/**
 * The open-a-link screen.
 */
@customElement('mt-open-link')
@localized()
export class MtOpenLink extends LitElement {
  static override styles = [
    shared,
    careEntryStyles,
    css`
      ol.records {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ol.records > li {
        border-top: 1px solid var(--mt-border);
        padding: 0.75rem 0;
      }
      textarea {
        width: 100%;
        max-width: 100%;
        min-height: 4rem;
        word-break: break-all;
      }
      video {
        width: min(22rem, 100%);
      }
    `,
  ];

  readonly #link = new LinkController(this);
  /** The link being opened: in memory only (the address bar no longer shows it). */
  #fragment = '';
  @state() private _passcode = '';
  @state() private _pasted = '';
  @state() private _inputProblem = '';
  @state() private _scanning = false;
  @state() private _scanFailed = false;
  #scan: QrScan | null = null;

  readonly #onHash = (): void => this.#takeFromAddress();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    this.#takeFromAddress();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHash);
    this.#scan?.stop();
    this.#fragment = '';
    super.disconnectedCallback();
  }

  /** A link in the address is read, then the address keeps only the screen's name: the key does not stay in the address bar or in the history's newest entry. */
  #takeFromAddress(): void {
    const f = linkInAddress();
    if (!f) return;
    history.replaceState(null, '', '#/link');
    void this.#take(f);
  }

  async #take(fragment: string): Promise<void> {
    this.#fragment = fragment;
    this._passcode = '';
    const header = this.#link.read(fragment);
    if (header && !header.passcode && this.#link.problem === '') await this.#link.open(fragment, '');
  }

  async #onPasted(e: Event): Promise<void> {
    e.preventDefault();
    const f = fragmentOf(this._pasted);
    this._inputProblem = f ? '' : msg('This is not a medtangle link. A link from a patient contains #/link/. Copy all of it again.');
    if (f) await this.#take(f);
  }

  async #onFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE) {
      this._inputProblem = msg('This file is too large to be a link from a patient. Choose the file the patient gave you.');
      return;
    }
    const f = fragmentOf(await file.text());
    this._inputProblem = f ? '' : msg('This file holds no medtangle link. Choose the file the patient gave you.');
    if (f) await this.#take(f);
  }

  async #startScan(): Promise<void> {
    this._scanFailed = false;
    this._scanning = true;
    this.#scan = await startQrScan(
      async () => (await this.updateComplete, this.renderRoot.querySelector('video')),
      (text) => {
        const f = fragmentOf(text);
        if (f) void this.#take(f);
        return f !== '';
      },
      () => {
        this._scanning = false;
        this.#scan = null;
      },
    );
    if (this.#scan === null) {
      this._scanning = false;
      this._scanFailed = true;
    }
  }

  #close(): void {
    this.#fragment = '';
    this._pasted = '';
    this.#link.close();
  }

  #problemText(): string {
    const l = this.#link;
    switch (l.problem) {
      case 'expired':
        return msg(str`This link stopped working on ${formatDay(l.header?.expiresAt ?? 0)}. Ask the patient for a new one.`);
      case 'changed':
        return msg('This link was changed or cut short, so it does not open. Ask the patient to send it again, whole.');
      case 'not-a-link':
        return msg('This is not a medtangle link. Ask the patient to send it again, whole.');
      case 'too-new':
        return msg('This link was made by a newer version of medtangle. Update the app, then open the link again.');
      case 'wrong-passcode':
        return msg('The passcode is wrong. Check it with the patient and try again.');
      case 'passcode-needed':
        return msg('Enter the passcode the patient gave you.');
      default:
        return msg('This link could not be opened. Ask the patient to send it again.');
    }
  }

  #renderOpened() {
    const o = this.#link.opened!;
    const records: MyRecord[] = o.contents.records.map((resource, i) => ({
      id: `link-${i}`,
      resource: resource as MyRecord['resource'],
      issuedAt: o.header.createdAt,
      attachedAt: o.header.createdAt,
      confirmed: true,
      author: 'counterpart',
      with: null,
      place: '',
    }));
    return html`<section class="card" aria-labelledby="opened-title" data-testid="link-opened">
      <h2 id="opened-title">${msg(str`Records from ${o.contents.patientName}`)}</h2>
      <p>${msg(str`Shared on ${formatTime(o.header.createdAt)}. The link works until ${formatDay(o.header.expiresAt)}.`)}</p>
      <p class="notice" data-testid="link-readonly">${msg('Read-only. Nothing was saved on this device. To see them again, open the link again.')}</p>
      ${o.contents.note ? html`<p class="text" data-testid="link-note">${o.contents.note}</p>` : nothing}
      ${records.length === 0
        ? html`<p data-testid="link-no-records">${msg('This link holds no records.')}</p>`
        : html`<ol class="records">
            ${records.map((r) => html`<li data-testid="link-record">${careEntry(readCareRecord(r.resource), r, o.contents.patientName, false)}</li>`)}
          </ol>`}
      <button type="button" class="secondary" data-testid="link-close" @click=${() => this.#close()}>${msg('Close these records')}</button>
    </section>`;
  }

  #renderHeader() {
    const l = this.#link;
    const h = l.header!;
    if (l.opened) return nothing;
    return html`<section class="card" aria-labelledby="header-title" data-testid="link-header">
      <h2 id="header-title">${msg('A patient shared records with you')}</h2>
      <p>${msg(str`The link holds ${h.recordCount} records and works until ${formatDay(h.expiresAt)}.`)}</p>
      ${h.passcode && l.problem !== 'expired'
        ? html`<form novalidate @submit=${async (e: Event) => (e.preventDefault(), await l.open(this.#fragment, this._passcode))}>
            <div class="field">
              <label for="link-passcode">${msg('Passcode')}</label>
              <div id="link-passcode-hint" class="hint">${msg('The patient tells you the passcode separately.')}</div>
              ${l.problem === 'wrong-passcode' || l.problem === 'passcode-needed'
                ? html`<p id="link-passcode-error" class="field-error" data-testid="link-passcode-error">${this.#problemText()}</p>`
                : nothing}
              <input
                id="link-passcode"
                type="password"
                autocomplete="off"
                data-testid="link-passcode"
                .value=${this._passcode}
                aria-invalid=${l.problem === 'wrong-passcode' ? 'true' : 'false'}
                aria-describedby=${l.problem === 'wrong-passcode' || l.problem === 'passcode-needed' ? 'link-passcode-hint link-passcode-error' : 'link-passcode-hint'}
                @input=${(e: Event) => (this._passcode = (e.target as HTMLInputElement).value)}
              />
            </div>
            <button type="submit" data-testid="link-open" ?disabled=${l.state === 'working'}>${msg('Open the records')}</button>
          </form>`
        : nothing}
    </section>`;
  }

  #renderInput() {
    return html`<section class="card" aria-labelledby="input-title">
      <h2 id="input-title">${msg('Open a link a patient gave you')}</h2>
      <form novalidate @submit=${this.#onPasted}>
        <div class="field">
          <label for="link-input">${msg('Paste the link')}</label>
          ${this._inputProblem ? html`<p id="link-input-error" class="field-error" data-testid="link-input-error">${this._inputProblem}</p>` : nothing}
          <textarea
            id="link-input"
            spellcheck="false"
            data-testid="link-input"
            .value=${this._pasted}
            aria-invalid=${this._inputProblem ? 'true' : 'false'}
            aria-describedby=${this._inputProblem ? 'link-input-error' : nothing}
            @input=${(e: Event) => (this._pasted = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
        <div class="row">
          <button type="submit" data-testid="link-input-open">${msg('Open')}</button>
          ${canScanQr() && !this._scanning ? html`<button type="button" class="secondary" data-testid="link-scan" @click=${this.#startScan}>${msg('Scan a QR code')}</button>` : nothing}
          ${this._scanning ? html`<button type="button" class="secondary" @click=${() => this.#scan?.stop()}>${msg('Stop the camera')}</button>` : nothing}
        </div>
      </form>
      ${this._scanning ? html`<video muted playsinline aria-label=${msg('Camera picture')}></video>` : nothing}
      ${this._scanFailed ? html`<p class="field-error" role="alert">${msg('The camera could not be used: paste the link instead.')}</p>` : nothing}
      <div class="field">
        <label for="link-file-input">${msg('Or open the file the patient gave you')}</label>
        <input id="link-file-input" type="file" accept=".txt,text/plain" data-testid="link-file-input" @change=${this.#onFile} />
      </div>
    </section>`;
  }

  override render() {
    const l = this.#link;
    const showProblem = l.problem !== '' && l.problem !== 'wrong-passcode' && l.problem !== 'passcode-needed';
    return html`
      <h1 tabindex="-1">${msg('Records shared with a link')}</h1>
      <p class="hint">${msg('You need no account. What a link holds opens in this browser only, and nothing is saved.')}</p>
      ${showProblem ? html`<p class="notice error" role="alert" data-testid="link-problem" data-problem=${l.problem}>${this.#problemText()}</p>` : nothing}
      ${l.state === 'working'
        ? html`<div role="status" data-testid="link-opening"><p>${msg(str`Opening… ${formatPercent(l.progress)}`)}</p><progress max="1" value=${l.progress}></progress></div>`
        : nothing}
      ${l.header && l.problem !== 'expired' ? this.#renderHeader() : nothing} ${l.opened ? this.#renderOpened() : nothing}
      ${l.opened ? nothing : this.#renderInput()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-open-link': MtOpenLink;
  }
}
