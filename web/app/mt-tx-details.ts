// The Tangle screen's details card: everything about the selected tx, with its parents and
// approvers as links that select them, and a test tx's text: its own part, and on request the
// whole bundle's. It renders what it is given and says which tx, or which text, to show next.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { TX_KINDS } from '../core/tx/index.ts';
import { REASON_CODES, reasonMessage, type Reason } from '../core/validate/index.ts';
import type { TxDetails } from '../ledger/index.ts';
import { CONFIRMATION_CHECK_SAMPLES, CONFIRMATION_SAMPLES, CONFIRMATION_THRESHOLD } from '../wasm/index.ts';
import type { TxTextView } from './controllers/bundle-text.ts';
import { formatCount, formatPercent, formatTime, previewText, shortHex, toHex } from './format.ts';
import { nTransactions } from './i18n/plural.ts';
import { reasonInWords } from './i18n/reasons.ts';
import type { TxSelectDetail } from './mt-tangle-graph.ts';
import { shared } from './styles.ts';

/** Characters of a tx's text the card shows before "Show the whole text"; exported for the card's tests. */
export const TEXT_PREVIEW_CHARS = 200;

/** Detail of the `tx-text-whole` event: the tx whose bundle's whole text the user wants. Read by mt-tangle-explorer. */
export interface TxTextWholeDetail {
  index: number;
}

/** A kind byte's name in the language shown ("test", "record", …), or "unknown (n)". */
export function kindName(kind: number): string {
  switch (kind) {
    case TX_KINDS.record:
      return msg('record', { desc: 'A transaction kind: part of a medical record.' });
    case TX_KINDS.profile:
      return msg('profile', { desc: 'A transaction kind: a person’s profile.' });
    case TX_KINDS.consent:
      return msg('consent', { desc: 'A transaction kind: a consent given to a doctor.' });
    case TX_KINDS.audit:
      return msg('audit', { desc: 'A transaction kind: an audit entry.' });
    case TX_KINDS.test:
      return msg('test', { desc: 'A transaction kind: a test bundle’s text.' });
    default:
      return msg(str`unknown (${kind})`, { desc: 'A transaction kind this app does not know, with its number.' });
  }
}

/** The plain sentence that says what confirmed means, in the language shown. */
export function confirmedMeans(): string {
  const first = Math.round(CONFIRMATION_THRESHOLD * CONFIRMATION_SAMPLES);
  const second = Math.round(CONFIRMATION_THRESHOLD * CONFIRMATION_CHECK_SAMPLES);
  return msg(
    str`Confirmed means that the tips chosen by at least ${first} of ${CONFIRMATION_SAMPLES} random walks approve this transaction, directly or through others, and so do those of at least ${second} of ${CONFIRMATION_CHECK_SAMPLES} more walks: the network has built on it.`,
  );
}

/**
 * The reason a stored tx fails its checks now, read back from the replica's validity sentence
 * ("invalid now: <the core's message>"), so it can be said in the language shown; null when the
 * sentence names no known reason.
 */
function _invalidReason(validity: string): Reason | null {
  return REASON_CODES.find((code) => validity.endsWith(reasonMessage(code))) ?? null;
}

/**
 * Details of one tx.
 *
 * @fires tx-select - The user followed a link to another tx; detail is {@link TxSelectDetail}.
 * @fires tx-text-whole - The user asked for the whole text of the tx's bundle, not read yet;
 *   detail is {@link TxTextWholeDetail}.
 * @csspart card - The card around the section.
 */
@customElement('mt-tx-details')
@localized()
export class MtTxDetails extends LitElement {
  static override styles = [
    shared,
    css`
      button.link {
        min-height: 0;
        padding: 0.1rem 0.2rem;
        margin: -0.1rem 0.15rem -0.1rem -0.2rem;
        border: none;
        background: none;
        color: var(--mt-accent);
        text-decoration: underline;
        font-weight: 600;
      }
      .status {
        font-weight: 700;
      }
      .status.confirmed {
        color: var(--mt-ok);
      }
      dd .hint {
        display: block;
        margin-top: 0.15rem;
      }
      .preview {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .whole {
        display: block;
        margin-top: 0.4rem;
        padding: 0.5rem 0.6rem;
        border-left: 3px solid var(--mt-border);
        max-height: 24rem;
        overflow-y: auto;
      }
      dd button.link {
        margin-top: 0.25rem;
      }
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: 1fr;
          gap: 0.1rem;
        }
        dd {
          margin-bottom: 0.45rem;
        }
      }
    `,
  ];

  /** The selected tx's index, or null when none is selected. */
  @property({ attribute: false }) selected: number | null = null;
  /** The selected tx's details, once loaded. */
  @property({ attribute: false }) details: TxDetails | null = null;
  /** The network's MWM, to compare with the tx's weight. */
  @property({ type: Number, attribute: 'network-mwm' }) networkMwm = 13;
  /** Why the details could not be loaded ('' when fine). */
  @property() error = '';
  /** The selected test tx's text, from the Tangle controller; null when not read (or not a test tx). */
  @property({ attribute: false }) text: TxTextView | null = null;
  /** The oldest tx the drawing shows, to say when the selected one is older; null when it shows none. */
  @property({ attribute: false }) oldestDrawn: number | null = null;

  /** The whole text is shown (once read). */
  @state() private _showWhole = false;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('selected')) this._showWhole = false;
  }

  private _onWhole(): void {
    this._showWhole = !this._showWhole;
    const t = this.text;
    if (!this._showWhole || this.selected === null) return;
    if (t?.index === this.selected && (t.whole !== null || t.reading === 'whole')) return;
    this.dispatchEvent(new CustomEvent<TxTextWholeDetail>('tx-text-whole', { detail: { index: this.selected }, bubbles: true, composed: true }));
  }

  private _onLink(e: Event): void {
    const index = Number((e.currentTarget as HTMLElement).dataset.index);
    this.dispatchEvent(new CustomEvent<TxSelectDetail>('tx-select', { detail: { index }, bubbles: true, composed: true }));
  }

  private _link(index: number, testid?: string) {
    if (index === 0) return html`<span data-testid=${testid ?? nothing}>${msg('the genesis')}</span>`;
    return html`<button type="button" class="link" data-index=${index} data-testid=${testid ?? nothing} @click=${this._onLink}>
      ${msg(str`tx ${formatCount(index)}`)}
    </button>`;
  }

  /** The stored tx's validity in words: the replica re-checked it (TxDetails.valid). */
  private _validity(d: TxDetails): string {
    if (d.valid) return msg('valid: every check passed on arrival and the stored bytes pass again now');
    const reason = _invalidReason(d.validity);
    return reason ? msg(str`invalid now: ${reasonInWords(reason)}`) : msg('invalid now');
  }

  override render() {
    return html`
      <section class="card" part="card" aria-labelledby="details-title" data-testid="tx-details" aria-live="polite">
        <h2 id="details-title">${this.selected === null ? msg('Transaction details') : msg(str`Transaction ${formatCount(this.selected)}`)}</h2>
        ${this._renderBody()}
      </section>
    `;
  }

  private _renderBody() {
    if (this.error) {
      return html`<p class="notice error" role="alert" data-testid="details-error">${msg(str`The details could not be read: ${this.error}`)}</p>`;
    }
    if (this.selected === null) {
      return html`<p class="hint" data-testid="details-empty">${msg('Pick a transaction in the drawing to see everything about it.')}</p>`;
    }
    const d = this.details;
    if (!d || d.index !== this.selected) return html`<p class="hint" role="status">${msg(str`Reading tx ${formatCount(this.selected)}…`)}</p>`;
    const issuer = toHex(d.fields.issuer);
    const enoughWork = d.weight >= this.networkMwm;
    // The drawing holds only the newest txs: a link can lead to one it does not show.
    const older = this.oldestDrawn !== null && d.index < this.oldestDrawn;
    return html`
      ${older
        ? html`<p class="hint" data-testid="details-not-drawn">
            ${msg(str`tx ${formatCount(d.index)} is older than the drawing shows (it starts at tx ${formatCount(this.oldestDrawn!)}).`)}
          </p>`
        : nothing}
      <dl>
        <dt>${msg('Index')}</dt>
        <dd data-testid="detail-index">${formatCount(d.index)}</dd>
        <dt>${msg('Id')}</dt>
        <dd class="mono" data-testid="detail-id">${d.id}</dd>
        <dt>${msg('Kind')}</dt>
        <dd data-testid="detail-kind">${kindName(d.kind)}</dd>
        <dt>${msg('Bundle position')}</dt>
        <dd data-testid="detail-bundle">
          ${msg(str`${formatCount(d.bundleIndex + 1)} of ${formatCount(d.lastIndex + 1)}`)}${d.lastIndex === 0
            ? msg(' (a bundle of one transaction)')
            : d.bundleIndex === 0
              ? msg(' (the tail, which carries the signature)')
              : d.bundleIndex === d.lastIndex
                ? msg(' (the head)')
                : ''}
        </dd>
        <dt>${msg('Issuer')}</dt>
        <dd class="mono" data-testid="detail-issuer" title=${issuer}>${shortHex(issuer)}</dd>
        <dt>${msg('Issued')}</dt>
        <dd data-testid="detail-issued">${formatTime(d.fields.issuedAt)}</dd>
        <dt>${msg('Attached')}</dt>
        <dd data-testid="detail-attached">${formatTime(d.attachedAt)}</dd>
        <dt>${msg('Trunk')}</dt>
        <dd>${this._link(d.trunk, 'detail-trunk')}</dd>
        <dt>${msg('Branch')}</dt>
        <dd>${this._link(d.branch, 'detail-branch')}</dd>
        <dt>${msg('Proof of work')}</dt>
        <dd data-testid="detail-weight">
          ${enoughWork
            ? msg(html`weight <span data-testid="detail-weight-value">${d.weight}</span> ≥ the network's MWM ${this.networkMwm}`)
            : msg(html`weight <span data-testid="detail-weight-value">${d.weight}</span> &lt; the network's MWM ${this.networkMwm}`)}
        </dd>
        <dt>${msg('Validity')}</dt>
        <dd data-testid="detail-validity" class=${d.valid ? '' : 'status'}>${this._validity(d)}</dd>
        <dt>${msg('Approvers')}</dt>
        <dd data-testid="detail-approvers">
          ${d.approvers.length === 0
            ? msg('none yet: it is a tip')
            : [...d.approvers].sort((a, b) => a - b).map((a) => this._link(a, `detail-approver-${a}`))}
        </dd>
        <dt>${msg('Cumulative weight')}</dt>
        <dd data-testid="detail-cw">
          ${d.cumulativeWeight === null ? msg('outside the window') : formatCount(d.cumulativeWeight)}
        </dd>
        <dt>${msg('Confidence')}</dt>
        <dd data-testid="detail-confidence">${formatPercent(d.confidence, msg('not computed yet'))}</dd>
        <dt>${msg('Status')}</dt>
        <dd>
          <span class=${`status ${d.confirmed ? 'confirmed' : 'pending'}`} data-testid="detail-status"
            >${d.confirmed
              ? msg('confirmed', { desc: 'A transaction’s status.' })
              : msg('pending', { desc: 'A transaction’s status: not confirmed yet.' })}</span
          >${d.tip ? msg(' (a tip: nothing approves it yet)') : ''}
          <span class="hint">${confirmedMeans()}</span>
        </dd>
        ${d.kind === TX_KINDS.test ? this._renderText(d) : nothing}
      </dl>
    `;
  }

  /**
   * A test tx's text: its own part of the bundle's text (a bundle's text is split over its txs in
   * order, part 1 in the tail), a preview of it, and the whole bundle's text on request.
   */
  private _renderText(d: TxDetails) {
    const t = this.text?.index === d.index ? this.text : null;
    const parts = d.lastIndex + 1;
    // Until this tx's part is read, the replica's preview (the start of the part) stands in for it.
    const preview = t?.part != null ? previewText(t.part, TEXT_PREVIEW_CHARS) : { text: d.fields.payloadPreview, cut: false };
    const partKnown = t?.part != null;
    const offerWhole = parts > 1 || preview.cut || !partKnown;
    const label = parts === 1 ? msg('Text') : msg(str`Text in this transaction (part ${formatCount(d.bundleIndex + 1)} of ${formatCount(parts)})`);
    return html`<dt>${label}</dt>
      <dd>
        <span class="preview" data-testid="detail-text">${preview.text}</span>
        ${t?.error ? html`<p class="notice error" role="alert" data-testid="detail-text-error">${t.error}</p>` : nothing}
        ${offerWhole
          ? html`<div>
              <button
                type="button"
                class="link"
                data-testid="detail-text-toggle"
                aria-expanded=${this._showWhole ? 'true' : 'false'}
                @click=${this._onWhole}
              >
                ${this._showWhole ? msg('Hide the whole text') : parts > 1 ? msg('Show the whole text of the bundle') : msg('Show the whole text')}
              </button>
            </div>`
          : nothing}
        ${this._showWhole ? this._renderWhole(t, parts) : nothing}
      </dd>`;
  }

  private _renderWhole(t: TxTextView | null, parts: number) {
    if (t?.reading === 'whole' || (t?.whole == null && !t?.error)) {
      return html`<span class="hint" role="status" data-testid="detail-text-reading">${msg('Reading the whole text…')}</span>`;
    }
    if (t.whole === null) return nothing;
    return html`<span class="hint">${parts > 1 ? msg(str`The whole text, from its ${nTransactions(parts)}:`) : msg('The whole text:')}</span>
      <span class="preview whole" data-testid="detail-text-whole">${t.whole}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tx-details': MtTxDetails;
  }
}
