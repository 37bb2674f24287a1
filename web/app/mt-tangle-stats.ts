// The Tangle screen's counters: txs, tips, confirmed and pending, quarantine, rejections by reason,
// storage used and whether the browser keeps it for good. It renders the replica's counters.
// Rejected txs, txs it already had and broken files are three counts, not one: a re-imported backup
// or a wrong file counted as rejected txs made a healthy device look broken. They are the replica's
// counts since it was opened (kept in memory, see web/ledger Replica), and the card says so.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Reason } from '../core/validate/index.ts';
import type { BadArchiveCounts } from '../ledger/index.ts';
import type { TangleStats } from '../workers/index.ts';
import { formatBytes, formatCount } from './format.ts';
import { plural } from './i18n/plural.ts';
import { reasonInWords } from './i18n/reasons.ts';
import { shared } from './styles.ts';

/** The total of a by-reason count. */
export function totalRejected(rejected: Partial<Record<Reason, number>>): number {
  let n = 0;
  for (const v of Object.values(rejected)) n += v ?? 0;
  return n;
}

/** The broken files in words ('' when none): "1 was not a medtangle file, 2 were incomplete". Used by this card and its tests. */
export function badFilesInWords(files: BadArchiveCounts): string {
  // Counted by file: "1 was", "2 were"; each phrase names its count, so each has its plural forms.
  const parts: string[] = [];
  if (files.unreadable > 0) {
    const n = files.unreadable;
    const c = formatCount(n);
    parts.push(
      plural(n, {
        one: msg(str`${c} was not a medtangle file`, { id: 'files-unreadable.one' }),
        few: msg(str`${c} were not medtangle files`, { id: 'files-unreadable.few' }),
        many: msg(str`${c} were not medtangle files`, { id: 'files-unreadable.many' }),
        other: msg(str`${c} were not medtangle files`, { id: 'files-unreadable.other' }),
      }),
    );
  }
  if (files.incomplete > 0) {
    const n = files.incomplete;
    const c = formatCount(n);
    parts.push(
      plural(n, {
        one: msg(str`${c} was incomplete`, { id: 'files-incomplete.one' }),
        few: msg(str`${c} were incomplete`, { id: 'files-incomplete.few' }),
        many: msg(str`${c} were incomplete`, { id: 'files-incomplete.many' }),
        other: msg(str`${c} were incomplete`, { id: 'files-incomplete.other' }),
      }),
    );
  }
  if (files.trailing > 0) {
    const n = files.trailing;
    const c = formatCount(n);
    parts.push(
      plural(n, {
        one: msg(str`${c} had extra bytes at the end (ignored)`, { id: 'files-trailing.one' }),
        few: msg(str`${c} had extra bytes at the end (ignored)`, { id: 'files-trailing.few' }),
        many: msg(str`${c} had extra bytes at the end (ignored)`, { id: 'files-trailing.many' }),
        other: msg(str`${c} had extra bytes at the end (ignored)`, { id: 'files-trailing.other' }),
      }),
    );
  }
  if (files.otherNetwork > 0) {
    const n = files.otherNetwork;
    const c = formatCount(n);
    parts.push(
      plural(n, {
        one: msg(str`${c} was from another network (not read)`, { id: 'files-other-network.one' }),
        few: msg(str`${c} were from another network (not read)`, { id: 'files-other-network.few' }),
        many: msg(str`${c} were from another network (not read)`, { id: 'files-other-network.many' }),
        other: msg(str`${c} were from another network (not read)`, { id: 'files-other-network.other' }),
      }),
    );
  }
  return parts.join(msg(', ', { desc: 'Separates the items of a list in a sentence.' }));
}

/**
 * The replica's counters.
 *
 * @csspart card - The card around the section.
 */
@customElement('mt-tangle-stats')
@localized()
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
      code,
      small.code {
        font-family: var(--mt-mono);
        font-size: 0.8em;
        color: var(--mt-muted);
      }
    `,
  ];

  /** The counters, from the Tangle controller; null until the replica answers. */
  @property({ attribute: false }) stats: TangleStats | null = null;

  private _storage(s: TangleStats) {
    const stored = msg(str`${formatBytes(s.storedBytes)} of transactions`);
    if (s.usage === undefined || s.quota === undefined) return stored;
    if (s.usage >= s.storedBytes) return msg(str`${stored}; this app uses ${formatBytes(s.usage)} of the ${formatBytes(s.quota)} the browser allows`);
    // storedBytes is the replica's own count (txs plus graph columns, uncompressed); usage is
    // navigator.storage.estimate(), what the browser measures on disk. Chromium stores IndexedDB
    // values compressed (a tx is mostly zero padding) and updates the estimate late, so usage can be
    // far below storedBytes ("3.8 MiB of transactions; this app uses 747.8 KiB"). Said as the
    // browser's own count, with the reason, both figures stand.
    return msg(
      str`${stored}. The browser counts ${formatBytes(s.usage)} on disk for this app, of the ${formatBytes(s.quota)} it allows: it stores data compressed, and its count can lag behind.`,
    );
  }

  private _count(testid: string, n: number, label: string) {
    return html`<li><strong data-testid=${testid}>${formatCount(n)}</strong><span>${label}</span></li>`;
  }

  override render() {
    const s = this.stats;
    return html`
      <section class="card" part="card" aria-labelledby="stats-title" data-testid="tangle-stats">
        <h2 id="stats-title">${msg("This device's copy of the Tangle")}</h2>
        ${s ? this._renderStats(s) : html`<p class="hint" role="status">${msg('Opening the replica…')}</p>`}
      </section>
    `;
  }

  private _renderStats(s: TangleStats) {
    const rejected = totalRejected(s.rejected);
    const reasons = (Object.entries(s.rejected) as [Reason, number][]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    const files = badFilesInWords(s.badArchives);
    return html`
      <ul class="counts">
        ${this._count(
          'stat-txs',
          s.txCount,
          plural(s.txCount, {
            one: msg('transaction', { id: 'stat-transactions.one' }),
            few: msg('transactions', { id: 'stat-transactions.few' }),
            many: msg('transactions', { id: 'stat-transactions.many' }),
            other: msg('transactions', { id: 'stat-transactions.other' }),
          }),
        )}
        ${this._count(
          'stat-tips',
          s.tips,
          plural(s.tips, {
            one: msg('tip', { id: 'stat-tips.one' }),
            few: msg('tips', { id: 'stat-tips.few' }),
            many: msg('tips', { id: 'stat-tips.many' }),
            other: msg('tips', { id: 'stat-tips.other' }),
          }),
        )}
        ${this._count('stat-confirmed', s.confirmed, msg('confirmed', { id: 'stat-confirmed', desc: 'A count label: transactions confirmed.' }))}
        ${this._count('stat-pending', s.pending, msg('pending', { id: 'stat-pending', desc: 'A count label: transactions not confirmed yet.' }))}
        ${this._count('stat-quarantined', s.quarantined, msg('waiting in quarantine'))}
        ${this._count('stat-rejected', rejected, msg('rejected this session'))}
      </ul>
      ${s.quarantined > 0
        ? html`<p class="hint">
            ${msg('Transactions in quarantine wait for their parents or the rest of their bundle; they are stored once those arrive.')}
          </p>`
        : nothing}
      ${reasons.length > 0
        ? html`<details data-testid="stat-rejected-reasons">
            <summary>
              ${plural(rejected, {
                one: msg(str`Why ${formatCount(rejected)} transaction was rejected`, { id: 'stat-why-rejected.one' }),
                few: msg(str`Why ${formatCount(rejected)} transactions were rejected`, { id: 'stat-why-rejected.few' }),
                many: msg(str`Why ${formatCount(rejected)} transactions were rejected`, { id: 'stat-why-rejected.many' }),
                other: msg(str`Why ${formatCount(rejected)} transactions were rejected`, { id: 'stat-why-rejected.other' }),
              })}
            </summary>
            <ul>
              ${reasons.map(
                ([reason, n]) =>
                  html`<li data-reason=${reason}>
                    ${reasonInWords(reason)} ${msg(str`(${formatCount(n)} of them)`, { desc: 'How many transactions were refused for this reason.' })}
                    <small class="code">${msg(str`code: ${reason}`)}</small>
                  </li>`,
              )}
            </ul>
          </details>`
        : nothing}
      ${s.duplicates > 0
        ? html`<p class="hint" data-testid="stat-duplicates">
            ${plural(s.duplicates, {
              one: msg(str`Already had: ${formatCount(s.duplicates)} transaction arrived again and was skipped.`, { id: 'stat-duplicates.one' }),
              few: msg(str`Already had: ${formatCount(s.duplicates)} transactions arrived again and were skipped.`, { id: 'stat-duplicates.few' }),
              many: msg(str`Already had: ${formatCount(s.duplicates)} transactions arrived again and were skipped.`, { id: 'stat-duplicates.many' }),
              other: msg(str`Already had: ${formatCount(s.duplicates)} transactions arrived again and were skipped.`, { id: 'stat-duplicates.other' }),
            })}
          </p>`
        : nothing}
      ${files
        ? html`<p class="hint" data-testid="stat-files">${msg(str`Files not read whole: ${files}.`)}</p>`
        : nothing}
      ${rejected > 0 || s.duplicates > 0 || files
        ? html`<p class="hint" data-testid="stat-session">
            ${msg("These counts cover what arrived since the app opened this device's copy: they start again at 0 on a reload or a change of network MWM. What waits in quarantine is kept across a reload; a higher MWM refuses the waiting transactions whose proof of work falls below it.")}
          </p>`
        : nothing}
      <dl>
        <dt>${msg('Storage used')}</dt>
        <dd data-testid="stat-storage">${this._storage(s)}</dd>
        <dt>${msg('Kept for good')}</dt>
        <dd data-testid="stat-persisted">
          ${s.persisted
            ? msg('Yes: the browser keeps this storage until you delete it.')
            : msg('No: the browser may clear it under storage pressure. Export a file now and then to keep a copy.')}
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
