// The Tangle screen's counters: txs, tips, confirmed and pending, quarantine, rejections by reason,
// storage used and whether the browser keeps it for good. It renders the replica's counters.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { reasonMessage, type Reason } from '../core/validate/index.ts';
import type { TangleStats } from '../workers/index.ts';
import { formatBytes, formatCount } from './format.ts';
import { shared } from './styles.ts';

/** The total of a by-reason count. */
export function totalRejected(rejected: Partial<Record<Reason, number>>): number {
  let n = 0;
  for (const v of Object.values(rejected)) n += v ?? 0;
  return n;
}

/**
 * The replica's counters.
 *
 * @csspart card - The card around the section.
 */
@customElement('mt-tangle-stats')
export class MtTangleStats extends LitElement {
  static override styles = [
    shared,
    css`
      .counts {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.5rem;
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
      }
      .counts li {
        border: 1px solid var(--mt-border);
        border-radius: 8px;
        padding: 0.4rem 0.6rem;
        background: var(--mt-bg);
      }
      .counts strong {
        display: block;
        font-size: 1.3rem;
        line-height: 1.2;
      }
      .counts span {
        color: var(--mt-muted);
        font-size: 0.85rem;
      }
      @media (max-width: 30rem) {
        .counts {
          grid-template-columns: repeat(2, 1fr);
        }
      }
      details {
        margin: 0 0 0.75rem;
      }
      summary {
        cursor: pointer;
      }
      details ul {
        margin: 0.4rem 0 0;
        padding-left: 1.2rem;
      }
      code {
        font-family: var(--mt-mono);
        font-size: 0.85em;
      }
    `,
  ];

  /** The counters, from the Tangle controller; null until the replica answers. */
  @property({ attribute: false }) stats: TangleStats | null = null;

  private _count(testid: string, n: number, label: string) {
    return html`<li><strong data-testid=${testid}>${formatCount(n)}</strong><span>${label}</span></li>`;
  }

  override render() {
    const s = this.stats;
    return html`
      <section class="card" part="card" aria-labelledby="stats-title" data-testid="tangle-stats">
        <h2 id="stats-title">This device's copy of the Tangle</h2>
        ${s ? this._renderStats(s) : html`<p class="hint" role="status">Opening the replica…</p>`}
      </section>
    `;
  }

  private _renderStats(s: TangleStats) {
    const rejected = totalRejected(s.rejected);
    const reasons = (Object.entries(s.rejected) as [Reason, number][]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    return html`
      <ul class="counts">
        ${this._count('stat-txs', s.txCount, s.txCount === 1 ? 'transaction' : 'transactions')}
        ${this._count('stat-tips', s.tips, s.tips === 1 ? 'tip' : 'tips')}
        ${this._count('stat-confirmed', s.confirmed, 'confirmed')}
        ${this._count('stat-pending', s.pending, 'pending')}
        ${this._count('stat-quarantined', s.quarantined, 'waiting in quarantine')}
        ${this._count('stat-rejected', rejected, 'rejected')}
      </ul>
      ${s.quarantined > 0
        ? html`<p class="hint">
            Transactions in quarantine wait for their parents or the rest of their bundle; they are
            stored once those arrive.
          </p>`
        : nothing}
      ${reasons.length > 0
        ? html`<details data-testid="stat-rejected-reasons">
            <summary>Why ${formatCount(rejected)} ${rejected === 1 ? 'transaction was' : 'transactions were'} rejected</summary>
            <ul>
              ${reasons.map(([reason, n]) => html`<li><code>${reason}</code> × ${formatCount(n)}: ${reasonMessage(reason)}</li>`)}
            </ul>
          </details>`
        : nothing}
      <dl>
        <dt>Storage used</dt>
        <dd data-testid="stat-storage">
          ${formatBytes(s.storedBytes)} of transactions${s.usage !== undefined && s.quota !== undefined
            ? html`; this app uses ${formatBytes(s.usage)} of the ${formatBytes(s.quota)} the browser allows`
            : nothing}
        </dd>
        <dt>Kept for good</dt>
        <dd data-testid="stat-persisted">
          ${s.persisted
            ? 'Yes: the browser keeps this storage until you delete it.'
            : 'No: the browser may clear it under storage pressure. Export a file now and then to keep a copy.'}
        </dd>
      </dl>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tangle-stats': MtTangleStats;
  }
}
