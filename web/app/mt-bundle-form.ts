// The Tangle screen's "Create a test bundle" card: a text, Create and Cancel, the progress of the
// proof of work tx by tx, and the outcome. It checks the text's size and asks; the Tangle
// controller signs, attaches and stores the bundle.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { MAX_BUNDLE_PAYLOAD } from '../core/bundle/index.ts';
import { MAX_PAYLOAD } from '../core/tx/index.ts';
import type { CreateView } from './controllers/tangle-controller.ts';
import { formatByteCount, formatCount, formatRate } from './format.ts';
import { nAttempts, nTransactions, plural } from './i18n/plural.ts';
import { LongJobFocus } from './controllers/long-job-focus.ts';
import { shared } from './styles.ts';

/** Detail of the `bundle-create` event. */
export interface BundleCreateDetail {
  text: string;
}

/** Detail of the `bundle-draft` event: the text as typed. Read by mt-tangle-explorer, which keeps it. */
export interface BundleDraftDetail {
  text: string;
}

/** The text the form starts with, in the language shown. */
const _exampleText = () => msg('Test: blood pressure 128/82, taken at rest.');

const _encoder = new TextEncoder();

/** "1 byte", "3,096 bytes": exact, since the split into txs goes by the byte. */
function _bytes(n: number): string {
  return formatByteCount(n);
}

/**
 * A form that makes a bundle of kind `test` from a text.
 *
 * @fires bundle-create - The user asked for a bundle; detail is {@link BundleCreateDetail}.
 * @fires bundle-cancel - The user asked to stop the bundle being made (no detail).
 * @fires bundle-draft - The user typed; detail is {@link BundleDraftDetail}, for the host to keep
 *   (this element goes away when the user leaves the screen).
 * @csspart card - The card around the section.
 */
@customElement('mt-bundle-form')
@localized()
export class MtBundleForm extends LitElement {

  static override styles = [
    shared,
    css`
      textarea {
        resize: vertical;
      }
      .size {
        margin-top: 0.25rem;
      }
    `,
  ];

  /** The bundle's state, from the Tangle controller. */

  constructor() {
    super();
    // Focus to Cancel while the proof of work runs and back to the text after; Escape cancels.
    new LongJobFocus(this, {
      running: () => this.view?.state === 'running',
      cancel: () => this._onCancel(),
      cancelSelector: '[data-testid="bundle-cancel"]',
      returnSelector: '#bundle-text',
    });
  }

  @property({ attribute: false }) view: CreateView | null = null;
  /** True while the replica is busy with something else, so Create is unavailable. */
  @property({ type: Boolean }) disabled = false;
  /** The text as last typed (kept by the host across visits); null shows the example. */
  @property({ attribute: false }) draft: string | null = null;

  @state() private _error = '';

  private get _text(): string {
    return this.draft ?? _exampleText();
  }

  private _onText(e: Event): void {
    this.draft = (e.target as HTMLTextAreaElement).value;
    if (this._error) this._error = '';
    this.dispatchEvent(new CustomEvent<BundleDraftDetail>('bundle-draft', { detail: { text: this.draft }, bubbles: true, composed: true }));
  }

  private _onSubmit(e: Event): void {
    e.preventDefault();
    if (this.view?.state === 'running' || this.disabled) return;
    const bytes = _encoder.encode(this._text).length;
    if (this._text.trim() === '') {
      this._error = msg('Type a text first: it becomes the bundle’s payload.');
    } else if (bytes > MAX_BUNDLE_PAYLOAD) {
      this._error = msg(str`The text is ${_bytes(bytes)} as UTF-8; one bundle carries at most ${_bytes(MAX_BUNDLE_PAYLOAD)}.`);
    } else {
      this._error = '';
      this.dispatchEvent(new CustomEvent<BundleCreateDetail>('bundle-create', { detail: { text: this._text }, bubbles: true, composed: true }));
      return;
    }
    this.renderRoot.querySelector<HTMLTextAreaElement>('#bundle-text')?.focus();
  }

  private _onCancel(): void {
    this.dispatchEvent(new CustomEvent('bundle-cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const v = this.view;
    const running = v?.state === 'running';
    const bytes = _encoder.encode(this._text).length;
    const txs = Math.max(1, Math.ceil(bytes / MAX_PAYLOAD));
    return html`
      <section class="card" part="card" aria-labelledby="bundle-title">
        <h2 id="bundle-title">${msg('Create a test bundle')}</h2>
        <p class="hint">
          ${msg(str`This screen is for seeing the ledger work: a test bundle carries only the text you type, signed by this device and attached with its proof of work. Real records arrive with the records feature. Texts over ${_bytes(MAX_PAYLOAD)} span several transactions of one bundle.`)}
        </p>
        <p id="bundle-plain" class="notice warn" style="margin: 0 0 0.75rem" data-testid="bundle-plain-note">
          ${msg('The text is stored and exported as written, not encrypted: put no real medical details in it.')}
        </p>
        <form @submit=${this._onSubmit} novalidate>
          <label for="bundle-text">${msg('Text')}</label>
          <textarea
            id="bundle-text"
            rows="3"
            data-testid="bundle-text"
            ?data-example=${this.draft == null}
            .value=${this._text}
            aria-describedby="bundle-plain bundle-size bundle-error"
            aria-invalid=${this._error ? 'true' : 'false'}
            ?disabled=${running}
            @input=${this._onText}
          ></textarea>
          <div id="bundle-size" class="hint size" data-testid="bundle-size">
            ${msg(str`${_bytes(bytes)} as UTF-8, so ${nTransactions(txs)} of up to ${_bytes(MAX_PAYLOAD)}.`)}
          </div>
          <div id="bundle-error" aria-live="assertive">
            ${this._error ? html`<p class="notice error" data-testid="bundle-text-error">${this._error}</p>` : nothing}
          </div>
          <div class="row" style="margin-top: 0.75rem">
            <button type="submit" data-testid="bundle-create" ?disabled=${running || this.disabled}>${msg('Create')}</button>
            <button type="button" class="secondary" data-testid="bundle-cancel" ?disabled=${!running} @click=${this._onCancel}>
              ${msg('Cancel')}
            </button>
          </div>
        </form>
        ${running && v ? this._renderProgress(v) : nothing} ${v ? this._renderOutcome(v) : nothing}
      </section>
    `;
  }

  private _renderProgress(v: CreateView) {
    const current = Math.min(v.txDone + 1, Math.max(v.txTotal, 1));
    return html`
      <div data-testid="bundle-progress" role="status" style="margin-top: 0.75rem">
        <progress max=${Math.max(v.txTotal, 1)} value=${v.txDone} aria-label=${msg('Transactions attached so far')}></progress>
        <p class="hint">
          ${msg(str`Proof of work for tx ${formatCount(current)} of ${formatCount(Math.max(v.txTotal, 1))}`)} ·
          ${nAttempts(v.attempts)}${v.attemptsPerSecond > 0 ? html` · ${msg(str`${formatRate(v.attemptsPerSecond)} per second`)}` : nothing}
        </p>
      </div>
    `;
  }

  private _renderOutcome(v: CreateView) {
    switch (v.state) {
      case 'cancelled':
        return html`<p class="notice warn" role="status" data-testid="bundle-cancelled">
          ${v.leftScreen
            ? msg('Cancelled because you left this screen; nothing of this bundle was stored.')
            : msg('Cancelled: nothing of this bundle was stored.')}
        </p>`;
      case 'failed':
        return html`<p class="notice error" role="alert" data-testid="bundle-error">${msg(str`The bundle was not made: ${v.error}`)}</p>`;
      case 'done': {
        // The indices are the replica's (the whole bundle), not the drawing's, which may show only part.
        const first = v.indices.length > 0 ? Math.min(...v.indices) : 0;
        const last = v.indices.length > 0 ? Math.max(...v.indices) : 0;
        const n = v.txTotal;
        const c = formatCount(n);
        const stored = plural(n, {
          one: msg(str`Stored a bundle of ${c} transaction`, { id: 'bundle-stored.one' }),
          few: msg(str`Stored a bundle of ${c} transactions`, { id: 'bundle-stored.few' }),
          many: msg(str`Stored a bundle of ${c} transactions`, { id: 'bundle-stored.many' }),
          other: msg(str`Stored a bundle of ${c} transactions`, { id: 'bundle-stored.other' }),
        });
        const range =
          v.indices.length === 0
            ? ''
            : first === last
              ? msg(str` (tx ${formatCount(first)})`)
              : msg(str` (tx ${formatCount(first)} to ${formatCount(last)})`);
        return html`<p class="notice ok" role="status" data-testid="bundle-done">
          ${msg(str`${stored}${range}. Its tail was selected in the drawing.`)}
        </p>`;
      }
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-bundle-form': MtBundleForm;
  }
}
