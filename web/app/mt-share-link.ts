// "Share with a link" (issue 10): the patient chooses records, a last day and maybe a passcode; the
// app makes a link of its own address whose fragment holds the records, encrypted, and their key.
// The link is shown as text to copy and as a QR code, or, when a QR code cannot hold it, offered as
// a file. Making it writes an entry to the patient's access log. The screen says honestly what a link
// can and cannot do: expiry is checked by the doctor's device, and a link cannot be taken back.
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { qrModules } from '../core/links/index.ts';
import { ConsentController } from './controllers/consent-controller.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import { LinkController } from './controllers/link-controller.ts';
import { saveDownload } from './controllers/download.ts';
import { recordLabel } from './mt-care-entry.ts';
import { medicalRecords } from './timeline.ts';
import { formatDay, formatPercent, isoDate } from './format.ts';
import { writeProgress } from './write-progress.ts';
import type { LinkSubmitDetail } from './mt-link-form.ts';
import './mt-link-form.ts';
import { shared } from './styles.ts';

/** The dark modules of a QR code as one SVG path, with its size (quiet zone included). */
function _qrPath(url: string): { size: number; d: string } {
  const grid = qrModules(url);
  let d = '';
  grid.forEach((row, y) => row.forEach((dark, x) => (dark ? (d += `M${x} ${y}h1v1h-1z`) : undefined)));
  return { size: grid.length, d };
}

/**
 * The link screen.
 */
@customElement('mt-share-link')
@localized()
export class MtShareLink extends LitElement {
  static override styles = [
    shared,
    css`
      svg.qr {
        width: min(22rem, 100%);
        height: auto;
        display: block;
        background: #fff;
      }
      textarea {
        width: 100%;
        max-width: 100%;
        min-height: 5rem;
        font-family: ui-monospace, monospace;
        word-break: break-all;
      }
    `,
  ];

  readonly #consent = new ConsentController(this);
  readonly #link = new LinkController(this);
  readonly #identity = new IdentityController(this);
  @state() private _copied = false;

  #choices() {
    return medicalRecords(this.#consent.records).map((r) => ({ place: r.place, label: recordLabel(r.resource, r.issuedAt), record: r }));
  }

  async #onMake(e: CustomEvent<LinkSubmitDetail>): Promise<void> {
    const d = e.detail;
    const chosen = this.#choices().filter((c) => d.places.includes(c.place));
    const p = this.#identity.info?.profile;
    const made = await this.#link.make(
      { patientName: p ? `${p.givenName} ${p.familyName}`.trim() : msg('A patient'), records: chosen.map((c) => c.record.resource) },
      d.until,
      d.passcode,
    );
    this._copied = false;
    // The access log keeps every link made: which records, until when (never the link itself).
    if (made) await this.#consent.logLink(chosen.map((c) => ({ place: c.place, label: c.label })), d.until);
  }

  async #copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this._copied = true;
    } catch {
      this._copied = false; // No clipboard permission: the text can be selected.
    }
  }

  #renderMade() {
    const m = this.#link.made;
    if (!m) return nothing;
    const qr = m.fitsQr ? _qrPath(m.url) : null;
    return html`<section class="card" aria-labelledby="made-title" data-testid="link-made">
      <h2 id="made-title">${msg('Your link')}</h2>
      <p data-testid="link-says">
        ${msg(str`It holds ${m.header.recordCount} of your records and works until ${formatDay(m.header.expiresAt)}.`)}
        ${m.header.passcode ? msg('It needs the passcode you chose.') : msg('It needs no passcode: anyone who has it can open it.')}
      </p>
      ${qr
        ? html`<figure style="margin: 0 0 1rem">
            <svg class="qr" data-testid="link-qr" role="img" aria-label=${msg('QR code of the link')} viewBox=${`0 0 ${qr.size} ${qr.size}`} shape-rendering="crispEdges">
              ${svg`<rect width=${qr.size} height=${qr.size} fill="#fff"></rect><path d=${qr.d} fill="#000"></path>`}
            </svg>
            <figcaption class="hint">${msg('The doctor scans this with a phone camera.')}</figcaption>
          </figure>`
        : html`<p class="notice warn" data-testid="link-too-large">${msg('This link is too large for a QR code. Send the link itself, or save it as a file and give the doctor the file.')}</p>`}
      <div class="field">
        <label for="link-text">${msg('The link')}</label>
        <textarea id="link-text" readonly data-testid="link-text" .value=${m.url}></textarea>
      </div>
      <div class="row">
        <button type="button" data-testid="link-copy" @click=${() => this.#copy(m.url)}>${msg('Copy the link')}</button>
        <button type="button" class="secondary" data-testid="link-file" @click=${() => saveDownload(`${m.url}\n`, `medtangle-link-${isoDate()}.txt`, 'text/plain')}>
          ${msg('Save it as a file')}
        </button>
        <button type="button" class="secondary" data-testid="link-new" @click=${() => this.#link.close()}>${msg('Make another link')}</button>
      </div>
      ${this._copied ? html`<p role="status" class="notice ok">${msg('Copied.')}</p>` : nothing}
      <h3>${msg('Before you send it')}</h3>
      <ul>
        <li>${msg('The records are in the link itself, encrypted. The key is in the part after #, which browsers never send to any server.')}</li>
        <li>${msg('The doctor’s device checks the last day by its own clock. A device with a wrong clock may still open it.')}</li>
        <li>${msg('You cannot take a link back: whoever has it can open it until its last day, and keep what they saw. Withdrawing a doctor’s access in the app reaches their device only when it syncs with yours; it does not stop a link.')}</li>
      </ul>
    </section>`;
  }

  override render() {
    const l = this.#link;
    const c = this.#consent;
    const working = l.state === 'working' || c.write.state === 'running';
    return html`
      <h1 tabindex="-1">${msg('Share records with a link')}</h1>
      <p>${msg('For a doctor who does not use medtangle: the link opens your chosen records in their browser, read-only. It needs no account and nothing is stored on a server.')}</p>
      ${this.#renderMade()}
      ${l.made
        ? nothing
        : html`<section class="card" aria-labelledby="form-title">
            <h2 id="form-title">${msg('Make a link')}</h2>
            ${c.state === 'loading' && c.records.length === 0 ? html`<p role="status">${msg('Finding your records…')}</p>` : nothing}
            <mt-link-form
              .records=${this.#choices().map(({ place, label }) => ({ place, label }))}
              ?disabled=${working}
              @link-submit=${this.#onMake}
              @link-cancel=${() => (location.hash = '#/consents')}
            ></mt-link-form>
          </section>`}
      ${l.state === 'working'
        ? html`<div role="status" data-testid="link-progress"><p>${msg(str`Protecting the link with your passcode… ${formatPercent(l.progress)}`)}</p><progress max="1" value=${l.progress}></progress></div>`
        : nothing}
      ${l.state === 'failed'
        ? html`<p class="notice error" role="alert" data-testid="link-failed">
            ${l.problem === 'too-large' ? msg('These records are too many for one link. Choose fewer records.') : msg('The link could not be made. Try again.')}
          </p>`
        : nothing}
      ${writeProgress(c.write, () => c.cancelWrite(), 'link-log')}
      ${c.write.state === 'done' && l.made ? html`<p class="notice ok" role="status" data-testid="link-logged">${msg('The link is noted in your access log.')}</p>` : nothing}
      ${c.write.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`The link was made, but it could not be noted in your access log: ${c.write.error}`)}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-share-link': MtShareLink;
  }
}
