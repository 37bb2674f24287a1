// The Tangle screen's counters: txs, tips, confirmed and pending, quarantine, rejections by reason,
// storage used and whether the browser keeps it for good. It renders the replica's counters.
// Rejected txs, txs it already had and broken files are three counts, not one: a re-imported backup
// or a wrong file counted as rejected txs made a healthy device look broken. They are the replica's
// counts since it was opened (kept in memory, see web/ledger Replica), and the card says so.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { reasonMessage, type Reason } from '../core/validate/index.ts';
import type { BadArchiveCounts } from '../ledger/index.ts';
import type { TangleStats } from '../workers/index.ts';
import { formatBytes, formatCount } from './format.ts';
import { shared } from './styles.ts';

/** The total of a by-reason count. */
export function totalRejected(rejected: Partial<Record<Reason, number>>): number {
  let n = 0;
  for (const v of Object.values(rejected)) n += v ?? 0;
  return n;
}

/** The broken files in words ('' when none): "1 was not a medtangle file, 2 were incomplete". Used by this card and its tests. */
export function badFilesInWords(files: BadArchiveCounts): string {
  const was = (n: number) => `${formatCount(n)} ${n === 1 ? 'was' : 'were'}`;
  const parts: string[] = [];
  if (files.unreadable > 0) parts.push(`${was(files.unreadable)} not a medtangle file`);
  if (files.incomplete > 0) parts.push(`${was(files.incomplete)} incomplete`);
  if (files.trailing > 0) parts.push(`${formatCount(files.trailing)} had extra bytes at the end (ignored)`);
  if (files.otherNetwork > 0) parts.push(`${was(files.otherNetwork)} from another network (not read)`);
  return parts.join(', ');
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

  private _storage(s: TangleStats) {
    const stored = `${formatBytes(s.storedBytes)} of transactions`;
    if (s.usage === undefined || s.quota === undefined) return stored;
    if (s.usage >= s.storedBytes) return `${stored}; this app uses ${formatBytes(s.usage)} of the ${formatBytes(s.quota)} the browser allows`;
    // storedBytes is the replica's own count (txs plus graph columns, uncompressed); usage is
    // navigator.storage.estimate(), what the browser measures on disk. Chromium stores IndexedDB
    // values compressed (a tx is mostly zero padding) and updates the estimate late, so usage can be
    // far below storedBytes ("3.8 MiB of transactions; this app uses 747.8 KiB"). Said as the
    // browser's own count, with the reason, both figures stand.
    return (
      `${stored}. The browser counts ${formatBytes(s.usage)} on disk for this app, of the ${formatBytes(s.quota)} it allows: ` +
      'it stores data compressed, and its count can lag behind.'
    );
  }

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
    const files = badFilesInWords(s.badArchives);
    return html`
      <ul class="counts">
        ${this._count('stat-txs', s.txCount, s.txCount === 1 ? 'transaction' : 'transactions')}
        ${this._count('stat-tips', s.tips, s.tips === 1 ? 'tip' : 'tips')}
        ${this._count('stat-confirmed', s.confirmed, 'confirmed')}
        ${this._count('stat-pending', s.pending, 'pending')}
        ${this._count('stat-quarantined', s.quarantined, 'waiting in quarantine')}
        ${this._count('stat-rejected', rejected, 'rejected this session')}
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
      ${s.duplicates > 0
        ? html`<p class="hint" data-testid="stat-duplicates">
            Already had: ${formatCount(s.duplicates)} ${s.duplicates === 1 ? 'transaction arrived again and was' : 'transactions arrived again and were'} skipped.
          </p>`
        : nothing}
      ${files
        ? html`<p class="hint" data-testid="stat-files">Files not read whole: ${files}.</p>`
        : nothing}
      ${rejected > 0 || s.duplicates > 0 || files
        ? html`<p class="hint" data-testid="stat-session">
            These counts cover what arrived since the app opened this device's copy: they start again at 0 on a reload or a
            change of network MWM. What waits in quarantine is kept across a reload; a higher MWM refuses
            the waiting transactions whose proof of work falls below it.
          </p>`
        : nothing}
      <dl>
        <dt>Storage used</dt>
        <dd data-testid="stat-storage">${this._storage(s)}</dd>
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
