// The Tangle screen's details card: everything about the selected tx, with its parents and
// approvers as links that select them. It renders what it is given and says which tx to show next.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { TX_KINDS } from '../core/tx/index.ts';
import type { TxDetails } from '../ledger/index.ts';
import { CONFIRMATION_CHECK_SAMPLES, CONFIRMATION_SAMPLES, CONFIRMATION_THRESHOLD } from '../wasm/index.ts';
import { formatCount, formatPercent, formatTime, shortHex, toHex } from './format.ts';
import type { TxSelectDetail } from './mt-tangle-graph.ts';
import { shared } from './styles.ts';

const KIND_NAMES = new Map<number, string>(Object.entries(TX_KINDS).map(([name, code]) => [code, name]));

/** A kind byte's name ("test", "record", …), or "unknown (n)". */
export function kindName(kind: number): string {
  return KIND_NAMES.get(kind) ?? `unknown (${kind})`;
}

/** The plain sentence that says what confirmed means. */
export const CONFIRMED_MEANS =
  `Confirmed means that the tips chosen by at least ${Math.round(CONFIRMATION_THRESHOLD * CONFIRMATION_SAMPLES)} of ` +
  `${CONFIRMATION_SAMPLES} random walks approve this transaction, directly or through others, and so do those of at least ` +
  `${Math.round(CONFIRMATION_THRESHOLD * CONFIRMATION_CHECK_SAMPLES)} of ${CONFIRMATION_CHECK_SAMPLES} more walks: the network has built on it.`;

/**
 * Details of one tx.
 *
 * @fires tx-select - The user followed a link to another tx; detail is {@link TxSelectDetail}.
 * @csspart card - The card around the section.
 */
@customElement('mt-tx-details')
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

  private _onLink(e: Event): void {
    const index = Number((e.currentTarget as HTMLElement).dataset.index);
    this.dispatchEvent(new CustomEvent<TxSelectDetail>('tx-select', { detail: { index }, bubbles: true, composed: true }));
  }

  private _link(index: number, testid?: string) {
    if (index === 0) return html`<span data-testid=${testid ?? nothing}>the genesis</span>`;
    return html`<button type="button" class="link" data-index=${index} data-testid=${testid ?? nothing} @click=${this._onLink}>
      tx ${index}
    </button>`;
  }

  override render() {
    return html`
      <section class="card" part="card" aria-labelledby="details-title" data-testid="tx-details" aria-live="polite">
        <h2 id="details-title">${this.selected === null ? 'Transaction details' : `Transaction ${this.selected}`}</h2>
        ${this._renderBody()}
      </section>
    `;
  }

  private _renderBody() {
    if (this.error) {
      return html`<p class="notice error" role="alert" data-testid="details-error">The details could not be read: ${this.error}</p>`;
    }
    if (this.selected === null) {
      return html`<p class="hint" data-testid="details-empty">Pick a transaction in the drawing to see everything about it.</p>`;
    }
    const d = this.details;
    if (!d || d.index !== this.selected) return html`<p class="hint" role="status">Reading tx ${this.selected}…</p>`;
    const issuer = toHex(d.fields.issuer);
    const enoughWork = d.weight >= this.networkMwm;
    return html`
      <dl>
        <dt>Index</dt>
        <dd data-testid="detail-index">${d.index}</dd>
        <dt>Id</dt>
        <dd class="mono" data-testid="detail-id">${d.id}</dd>
        <dt>Kind</dt>
        <dd data-testid="detail-kind">${kindName(d.kind)}</dd>
        <dt>Bundle position</dt>
        <dd data-testid="detail-bundle">
          ${d.bundleIndex + 1} of ${d.lastIndex + 1}${d.lastIndex === 0
            ? ' (a bundle of one transaction)'
            : d.bundleIndex === 0
              ? ' (the tail, which carries the signature)'
              : d.bundleIndex === d.lastIndex
                ? ' (the head)'
                : ''}
        </dd>
        <dt>Issuer</dt>
        <dd class="mono" data-testid="detail-issuer" title=${issuer}>${shortHex(issuer)}</dd>
        <dt>Issued</dt>
        <dd data-testid="detail-issued">${formatTime(d.fields.issuedAt)}</dd>
        <dt>Attached</dt>
        <dd data-testid="detail-attached">${formatTime(d.attachedAt)}</dd>
        <dt>Trunk</dt>
        <dd>${this._link(d.trunk, 'detail-trunk')}</dd>
        <dt>Branch</dt>
        <dd>${this._link(d.branch, 'detail-branch')}</dd>
        <dt>Proof of work</dt>
        <dd data-testid="detail-weight">
          weight <span data-testid="detail-weight-value">${d.weight}</span>
          ${enoughWork ? '≥' : '<'} the network's MWM ${this.networkMwm}
        </dd>
        <dt>Validity</dt>
        <dd data-testid="detail-validity" class=${d.valid ? '' : 'status'}>${d.validity}</dd>
        <dt>Approvers</dt>
        <dd data-testid="detail-approvers">
          ${d.approvers.length === 0
            ? 'none yet: it is a tip'
            : [...d.approvers].sort((a, b) => a - b).map((a) => this._link(a, `detail-approver-${a}`))}
        </dd>
        <dt>Cumulative weight</dt>
        <dd data-testid="detail-cw">
          ${d.cumulativeWeight === null ? 'outside the window' : formatCount(d.cumulativeWeight)}
        </dd>
        <dt>Confidence</dt>
        <dd data-testid="detail-confidence">${formatPercent(d.confidence, 'not computed yet')}</dd>
        <dt>Status</dt>
        <dd>
          <span class=${`status ${d.confirmed ? 'confirmed' : 'pending'}`} data-testid="detail-status"
            >${d.confirmed ? 'confirmed' : 'pending'}</span
          >${d.tip ? ' (a tip: nothing approves it yet)' : ''}
          <span class="hint">${CONFIRMED_MEANS}</span>
        </dd>
        ${d.kind === TX_KINDS.test
          ? html`<dt>Text (start)</dt>
              <dd class="preview" data-testid="detail-text">${d.fields.payloadPreview}</dd>`
          : nothing}
      </dl>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tx-details': MtTxDetails;
  }
}
