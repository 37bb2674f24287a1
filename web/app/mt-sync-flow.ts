// The Sync screen's steps and history, drawn from the sync flow's plain state (controllers/
// sync-controller.ts): choose a direction, show a code or enter one, the other device's code, the
// progress with an estimate of the time left, done or failed in words, and the past syncs. It asks
// (events); the flow connects and syncs. Codes are shown as text and as a QR code, drawn as SVG from
// the module grid that the `qr` package encodes; where the browser has a BarcodeDetector, a code
// can be scanned with the camera.
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import encodeQR from 'qr';
import { canScanQr, startQrScan } from './controllers/qr-scanner.ts';
import type { CodeProblem, FailCause, SyncRecord, SyncView } from './controllers/sync-controller.ts';
import type { Reason } from '../core/validate/index.ts';
import { formatAboutDuration, formatBytes, formatCount, formatTime } from './format.ts';
import { reasonInWords } from './i18n/reasons.ts';
import { nTransactions } from './i18n/plural.ts';
import { shared } from './styles.ts';

/** Detail of `sync-direction`. */
export interface SyncDirectionDetail {
  direction: 'both' | 'receive';
}
/** Detail of `sync-stun`: the STUN server URL typed ('' for none). */
export interface SyncStunDetail {
  text: string;
}
/** Detail of `sync-code`: the text typed, pasted or scanned. */
export interface SyncCodeDetail {
  text: string;
}

/**
 * The app's own link that carries a sync code: the code sits in the URL's fragment, which a browser
 * never sends anywhere, so a messenger or a server that passes the link on sees only the app's
 * address. Called by this element; the Sync screen reads such a link (syncLinkCode).
 */
export function syncLink(code: string): string {
  return `${location.origin}${location.pathname}#/sync?code=${encodeURIComponent(code)}`;
}

/** The sync code in the page's address (`#/sync?code=…`), or null. Called by the Sync screen. */
export function syncLinkCode(): string | null {
  const q = location.hash.indexOf('?');
  if (q < 0 || !location.hash.startsWith('#/sync')) return null;
  return new URLSearchParams(location.hash.slice(q + 1)).get('code');
}

/** The dark modules of `text`'s QR code as one SVG path, with a quiet zone of 4 modules. Used by this element and its tests. */
export function qrPath(text: string): { size: number; d: string } {
  // Error correction "medium" (15%): a phone camera reading a screen needs little more, and the
  // code stays small enough to scan from a phone held at arm's length.
  const grid = encodeQR(text, 'raw', { ecc: 'medium' });
  const q = 4;
  let d = '';
  grid.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x + q} ${y + q}h1v1h-1z`;
    }),
  );
  return { size: grid.length + 2 * q, d };
}

/** A code's problem in words, with what to do. */
function _problem(p: CodeProblem): string {
  switch (p) {
    case 'empty':
      return msg('Enter the code that the other device shows.');
    case 'not-a-code':
      return msg('This is not a medtangle sync code: a sync code starts with mt1. Copy the code from the other device’s Sync screen.');
    case 'cut':
      return msg('The code is cut short or has a wrong character: copy all of it again, to the end.');
    case 'damaged':
      return msg('The code is damaged: copy it again from the other device.');
    case 'newer':
      return msg('The code was made by another version of medtangle: update the app on both devices, then start again.');
    case 'offer-not-answer':
      return msg('This is a first code, not an answer: on the other device choose Enter a code and enter this device’s code there, then enter the code it shows here.');
    case 'answer-not-offer':
      return msg('This is an answer code: enter it on the device that showed the first code. Here, enter the first code that the other device shows.');
    case 'no-address':
      return msg('The code holds no network address of the other device: connect it to the same Wi-Fi or hotspot as this one, then make a new code there.');
  }
}

function _failure(cause: FailCause | null, r: SyncView['result']): string {
  if (r) {
    if (r.outcome === 'dropped') {
      return msg('The sync was stopped: the other device sent data that is not valid. What was valid is kept; nothing invalid was stored.');
    }
    return msg('The connection was lost before the sync finished. Everything that arrived is kept: sync again to get the rest.');
  }
  switch (cause) {
    case 'unreachable':
      return msg('The devices could not reach each other. Check that both are on the same Wi-Fi or hotspot, then start again on both.');
    case 'worker':
      return msg('This device’s copy of the Tangle could not be used for the sync. Reload the app, then start again.');
    default:
      return msg('The connection could not be set up. Start again on both devices.');
  }
}

/**
 * The steps of a sync and the past syncs.
 *
 * @fires sync-direction - The user chose a direction; detail is {@link SyncDirectionDetail}.
 * @fires sync-show - The user chose "Show a code" (no detail).
 * @fires sync-enter - The user chose "Enter a code" (no detail).
 * @fires sync-code - The user entered the other device's code; detail is {@link SyncCodeDetail}.
 * @fires sync-reset - The user cancelled, or asked to start again (no detail).
 * @fires sync-stun - The user saved their own STUN server; detail is {@link SyncStunDetail}.
 */
@customElement('mt-sync-flow')
@localized()
export class MtSyncFlow extends LitElement {
  static override styles = [
    shared,
    css`
      .qr {
        display: block;
        width: min(18rem, 100%);
        height: auto;
        margin: 0 0 0.75rem;
        border: 1px solid var(--mt-border);
        background: #fff;
      }
      textarea {
        font-family: var(--mt-mono);
        min-height: 5rem;
        word-break: break-all;
      }
      ol.steps {
        padding-left: 1.3rem;
      }
      ol.steps li {
        margin: 0 0 0.4rem;
      }
      .history {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .history > li {
        border-top: 1px solid var(--mt-border);
        padding: 0.5rem 0;
      }
      .history ul {
        margin: 0.25rem 0 0;
        padding-left: 1.2rem;
      }
      video {
        width: min(18rem, 100%);
        display: block;
        margin: 0.5rem 0;
      }
    `,
  ];

  /** The flow's state. */
  @property({ attribute: false }) view: SyncView | null = null;
  /** Past syncs, newest first. */
  @property({ attribute: false }) history: SyncRecord[] = [];
  /** The current network's name: the history shows its syncs. */
  @property() network = '';
  /** The user's own STUN server URL; '' for none. */
  @property() stun = '';
  /** The last STUN server URL typed could not be used. */
  @property({ type: Boolean }) stunInvalid = false;
  /** A code that came in a link (the app's own URL, the code in the fragment): it fills the code field. */
  @property() prefill = '';

  /** A camera scan runs. */
  @state() private _scanning = false;
  @state() private _scanFailed = false;
  @state() private _copied = false;
  @query('#code-input') private _input!: HTMLTextAreaElement | null;
  #stopScan: (() => void) | null = null;

  /**
   * A new step replaces the button that led to it, so the focus goes to the step's heading, from
   * where a screen reader reads on and Tab reaches the step's controls; a bad code puts it on the
   * field, whose error is read with it. Only when the focus was in this card or lost: a step the
   * other device causes (the sync starting, its end) never takes it from elsewhere.
   */
  override updated(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('view')) return;
    const before = changed.get('view') as SyncView | null | undefined;
    const v = this.view;
    if (!before || !v) return;
    const ours = this.shadowRoot!.activeElement !== null || document.activeElement === document.body || document.activeElement === null;
    if (!ours) return;
    if (v.codeProblem && v.codeProblem !== before.codeProblem) this._input?.focus();
    else if (v.step !== before.step) this.renderRoot.querySelector<HTMLElement>('#sync-steps-title')?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopScan?.();
  }

  #fire(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private _onSubmit(e: Event): void {
    e.preventDefault();
    this.#stopScan?.();
    this.#fire('sync-code', { text: this._input?.value ?? '' } satisfies SyncCodeDetail);
  }

  /** Whether this browser can read QR codes from the camera. */
  private get _canScan(): boolean {
    return canScanQr();
  }

  private async _scan(): Promise<void> {
    this._scanFailed = false;
    this._scanning = true;
    const scan = await startQrScan(
      async () => (await this.updateComplete, this.renderRoot.querySelector('video')),
      (text) => {
        if (!text.startsWith('mt1.') || !this._input) return false;
        this._input.value = text;
        this.#fire('sync-code', { text } satisfies SyncCodeDetail);
        return true;
      },
      () => {
        this._scanning = false;
        this.#stopScan = null;
      },
    );
    if (scan === null) {
      this._scanning = false;
      this._scanFailed = true;
      return;
    }
    this.#stopScan = () => scan.stop();
  }

  private async _copy(code: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      this._copied = true;
    } catch {
      // No clipboard (permissions): the text is selectable.
      this._copied = false;
    }
  }

  override render() {
    const v = this.view;
    return html`
      <section class="card" aria-labelledby="sync-steps-title" data-testid="sync-flow" data-step=${v?.step ?? ''}>
        <h2 id="sync-steps-title" tabindex="-1">${msg('Sync with a device in this room')}</h2>
        ${v ? this._renderStep(v) : nothing}
      </section>
      ${this._renderHistory()}
    `;
  }

  private _renderStep(v: SyncView) {
    switch (v.step) {
      case 'start':
        return this._renderStart(v);
      case 'making-offer':
      case 'making-answer':
        return html`<p role="status" data-testid="sync-making">${msg('Making this device’s code…')}</p>
          ${this._cancel()}`;
      case 'offer':
        return html`
          <ol class="steps">
            <li>${msg('On the other device, open Sync, choose Enter a code, and scan or paste the code below.')}</li>
            <li>${msg('The other device then shows a code of its own: enter it here and choose Connect.')}</li>
          </ol>
          ${this._renderCode(v.code, msg('This device’s code'))} ${this._renderInput(v, msg('The other device’s code'), msg('Connect'))} ${this._cancel()}
        `;
      case 'enter-offer':
        return html`
          <p>${msg('On the other device, open Sync and choose Show a code. Then scan or paste its code here.')}</p>
          ${this._renderInput(v, msg('The other device’s code'), msg('Next'))} ${this._cancel()}
        `;
      case 'answer':
        return html`
          <p>${msg('Now show this code to the other device: it enters it and chooses Connect. The sync starts by itself.')}</p>
          ${this._renderCode(v.code, msg('This device’s code'))}
          <p role="status" data-testid="sync-waiting">${msg('Waiting for the other device…')}</p>
          ${this._cancel()}
        `;
      case 'connecting':
        return html`<p role="status" data-testid="sync-connecting">${msg('Connecting to the other device…')}</p>
          ${this._cancel()}`;
      case 'syncing':
        return html`${this._renderProgress(v)} ${this._cancel()}`;
      case 'done':
        return this._renderDone(v);
      case 'failed':
        return html`<div class="notice error" role="alert" data-testid="sync-failed">
            <p>${_failure(v.failCause, v.result)}</p>
            ${v.result ? this._renderCounts(v.result.stored, v.result.sent, v.result.bytesIn + v.result.bytesOut, v.result.refused) : nothing}
          </div>
          ${this._again()}`;
    }
  }

  private _renderStart(v: SyncView) {
    const pick = (direction: 'both' | 'receive') => this.#fire('sync-direction', { direction } satisfies SyncDirectionDetail);
    return html`
      <p>
        ${msg(
          'Two devices in one room can give each other the transactions that one has and the other lacks, with no internet and no server. Both must be on the same Wi-Fi or hotspot. Every transaction is checked before it is stored.',
        )}
      </p>
      <fieldset>
        <legend>${msg('What this device does')}</legend>
        <div class="choice">
          <input type="radio" id="dir-both" name="direction" data-testid="sync-direction-both" .checked=${v.direction === 'both'} @change=${() => pick('both')} />
          <label for="dir-both">${msg('Send and receive (both devices end with the same transactions)')}</label>
        </div>
        <div class="choice">
          <input
            type="radio"
            id="dir-receive"
            name="direction"
            data-testid="sync-direction-receive"
            .checked=${v.direction === 'receive'}
            @change=${() => pick('receive')}
          />
          <label for="dir-receive">${msg('Only receive (this device sends nothing)')}</label>
        </div>
      </fieldset>
      <p>${msg('One device shows a code, the other enters it. Which is which does not matter.')}</p>
      <div class="row">
        <button type="button" data-testid="sync-show" @click=${() => this.#fire('sync-show')}>${msg('Show a code')}</button>
        <button type="button" class="secondary" data-testid="sync-enter" @click=${() => this.#fire('sync-enter')}>${msg('Enter a code')}</button>
      </div>
      ${this._renderStun()}
    `;
  }

  private _onStun(e: Event): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#stun');
    this.#fire('sync-stun', { text: input?.value ?? '' } satisfies SyncStunDetail);
  }

  /** The user's own STUN server: closed unless one is set or the last one typed was wrong. */
  private _renderStun() {
    return html`
      <details data-testid="sync-stun" ?open=${this.stun !== '' || this.stunInvalid} style="margin-top: 1rem">
        <summary>${msg('Connecting devices that are not in the same room')}</summary>
        <form novalidate @submit=${this._onStun} style="margin-top: 0.75rem">
          <div class="field">
            <label for="stun">${msg('Your own STUN server (optional)')}</label>
            <p class="hint" id="stun-hint">
              ${msg('Devices in one room need none. A STUN server tells each device the address that others see from farther away; this app uses none unless you give one here. For example:')}
              <code>stun:192.0.2.10:3478</code>
            </p>
            ${this.stunInvalid
              ? html`<p class="field-error" id="stun-error" data-testid="sync-stun-error">
                  ${msg('This is not a STUN server address: it starts with stun: then a host name or IP address, and may end with a colon and a port.')}
                </p>`
              : nothing}
            <input
              id="stun"
              type="text"
              spellcheck="false"
              autocomplete="off"
              data-testid="sync-stun-input"
              .value=${this.stun}
              aria-invalid=${this.stunInvalid ? 'true' : 'false'}
              aria-describedby=${this.stunInvalid ? 'stun-hint stun-error' : 'stun-hint'}
            />
          </div>
          <button type="submit" class="secondary" data-testid="sync-stun-save">${msg('Save')}</button>
          ${this.stun && !this.stunInvalid ? html`<p class="hint" data-testid="sync-stun-used">${msg('The next connection uses this server.')}</p>` : nothing}
        </form>
      </details>
    `;
  }

  private _renderCode(code: string, label: string) {
    const qr = qrPath(code);
    return html`
      <figure style="margin: 0 0 1rem">
        <svg
          class="qr"
          data-testid="sync-qr"
          role="img"
          aria-label=${msg('QR code of this device’s code')}
          viewBox=${`0 0 ${qr.size} ${qr.size}`}
          shape-rendering="crispEdges"
        >
          ${svg`<rect width=${qr.size} height=${qr.size} fill="#fff"></rect><path d=${qr.d} fill="#000"></path>`}
        </svg>
        <figcaption>
          <label for="my-code">${label}</label>
          <textarea id="my-code" readonly rows="3" data-testid="sync-code" .value=${code}></textarea>
          <div class="row" style="margin-top: 0.5rem">
            <button type="button" class="secondary" data-testid="sync-copy" @click=${() => this._copy(code)}>${msg('Copy the code')}</button>
            <button type="button" class="secondary" data-testid="sync-copy-link" @click=${() => this._copy(syncLink(code))}>${msg('Copy as a link')}</button>
            ${this._copied ? html`<span role="status">${msg('Copied.')}</span>` : nothing}
          </div>
          <p class="hint">
            ${msg('Or send it as a link, in a message you trust: it opens medtangle’s Sync screen with the code filled in.')}
            <a href=${syncLink(code)} data-testid="sync-link">${msg('Link with this code')}</a>
          </p>
        </figcaption>
      </figure>
    `;
  }

  private _renderInput(v: SyncView, label: string, action: string) {
    const problem = v.codeProblem;
    return html`
      <form novalidate @submit=${this._onSubmit}>
        <div class="field">
          <label for="code-input">${label}</label>
          <p class="hint" id="code-hint">${msg('It starts with mt1. and is about 200 characters long.')}</p>
          ${problem
            ? html`<p class="field-error" id="code-error" data-testid="sync-code-error" data-problem=${problem}>${_problem(problem)}</p>`
            : nothing}
          <textarea
            id="code-input"
            rows="3"
            spellcheck="false"
            autocomplete="off"
            data-testid="sync-code-input"
            aria-invalid=${problem ? 'true' : 'false'}
            aria-describedby=${problem ? 'code-hint code-error' : 'code-hint'}
            .value=${this.prefill}
          ></textarea>
        </div>
        ${this._scanning ? html`<video muted playsinline aria-label=${msg('Camera picture')}></video>` : nothing}
        ${this._scanFailed ? html`<p class="field-error" role="alert">${msg('The camera could not be used: paste the code instead.')}</p>` : nothing}
        <div class="row">
          <button type="submit" data-testid="sync-code-submit">${action}</button>
          ${this._canScan && !this._scanning
            ? html`<button type="button" class="secondary" data-testid="sync-scan" @click=${this._scan}>${msg('Scan with the camera')}</button>`
            : nothing}
          ${this._scanning ? html`<button type="button" class="secondary" @click=${() => this.#stopScan?.()}>${msg('Stop the camera')}</button>` : nothing}
        </div>
      </form>
    `;
  }

  private _renderProgress(v: SyncView) {
    const p = v.progress!;
    const total = p.wanted + p.toSend;
    const done = p.stored + p.sent;
    const counts = msg(str`Transactions received: ${formatCount(p.stored)} of ${formatCount(p.wanted)}; sent: ${formatCount(p.sent)} of ${formatCount(p.toSend)}.`);
    return html`
      <div data-testid="sync-progress">
        <p role="status">${msg('Syncing with the other device…')}</p>
        <progress max=${Math.max(total, 1)} value=${total === 0 ? 0 : done} aria-label=${msg('Sync progress')} aria-valuetext=${counts}></progress>
        <p data-testid="sync-progress-counts">${counts}</p>
        <p class="hint" data-testid="sync-progress-bytes">${msg(str`Data so far: ${formatBytes(p.bytesIn + p.bytesOut)}.`)}</p>
        ${v.etaSeconds !== null ? html`<p class="hint" data-testid="sync-eta">${msg(str`Time left: ${formatAboutDuration(v.etaSeconds)}.`)}</p>` : nothing}
      </div>
    `;
  }

  private _renderDone(v: SyncView) {
    const r = v.result!;
    const nothingNew = r.stored === 0 && r.sent === 0;
    return html`
      <div class="notice ok" role="status" data-testid="sync-done">
        <p>${nothingNew ? msg('Sync done: both devices already had the same transactions.') : msg('Sync done.')}</p>
        ${this._renderCounts(r.stored, r.sent, r.bytesIn + r.bytesOut, r.refused)}
      </div>
      ${this._again()}
    `;
  }

  private _renderCounts(stored: number, sent: number, bytes: number, refused: Partial<Record<Reason, number>>) {
    const groups = (Object.entries(refused) as [Reason, number][]).filter(([, n]) => n > 0);
    return html`
      <dl>
        <dt>${msg('Transactions received')}</dt>
        <dd data-testid="sync-stored">${formatCount(stored)}</dd>
        <dt>${msg('Transactions sent')}</dt>
        <dd data-testid="sync-sent">${formatCount(sent)}</dd>
        <dt>${msg('Data')}</dt>
        <dd>${formatBytes(bytes)}</dd>
      </dl>
      ${groups.length > 0 ? this._renderRefused(groups) : nothing}
    `;
  }

  private _renderRefused(groups: [Reason, number][]) {
    return html`<p style="margin-top: 0.75rem">${msg('Refused from the other device:')}</p>
      <ul data-testid="sync-refused">
        ${groups.map(([reason, n]) => html`<li data-reason=${reason}>${formatCount(n)}: ${reasonInWords(reason)}</li>`)}
      </ul>`;
  }

  private _cancel() {
    return html`<p style="margin-top: 1rem">
      <button type="button" class="secondary" data-testid="sync-cancel" @click=${() => this.#fire('sync-reset')}>${msg('Cancel')}</button>
    </p>`;
  }

  private _again() {
    return html`<p style="margin-top: 1rem">
      <button type="button" data-testid="sync-again" @click=${() => this.#fire('sync-reset')}>${msg('Sync again')}</button>
    </p>`;
  }

  private _outcome(r: SyncRecord): string {
    switch (r.outcome) {
      case 'done':
        return msg('done');
      case 'interrupted':
        return msg('cut off before the end');
      case 'dropped':
        return msg('stopped: the other device sent data that is not valid');
      default:
        return msg('the devices could not reach each other');
    }
  }

  private _renderHistory() {
    const list = this.history.filter((r) => r.network === this.network);
    return html`
      <section class="card" aria-labelledby="sync-history-title">
        <h2 id="sync-history-title">${msg('Past syncs')}</h2>
        ${list.length === 0
          ? html`<p class="hint" data-testid="sync-history-empty">${msg('No sync yet on this network.')}</p>`
          : html`<ul class="history" data-testid="sync-history">
              ${list.map((r) => {
                const groups = (Object.entries(r.refused) as [Reason, number][]).filter(([, n]) => n > 0);
                return html`<li data-testid="sync-history-item" data-outcome=${r.outcome}>
                  <strong>${formatTime(r.at)}</strong>: ${msg(str`device ${r.peer}`)}, ${this._outcome(r)}.
                  ${r.direction === 'receive' ? msg('This device only received.') : nothing}
                  ${msg(str`Received ${nTransactions(r.stored)}, sent ${nTransactions(r.sent)}; ${formatBytes(r.bytes)} of data.`)}
                  ${groups.length > 0
                    ? html`<ul>
                        ${groups.map(([reason, n]) => html`<li data-reason=${reason}>${msg(str`Refused ${formatCount(n)}: ${reasonInWords(reason)}`)}</li>`)}
                      </ul>`
                    : nothing}
                </li>`;
              })}
            </ul>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-sync-flow': MtSyncFlow;
  }
}
