// The Tangle screen's "Move transactions by file" card: Export saves every stored tx as a .mtx
// file; Import reads one and shows what happened to each part of it. It asks; the Tangle controller
// reads, writes and validates.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { ArchiveError, Reason } from '../core/validate/index.ts';
import type { FilesView } from './controllers/tangle-controller.ts';
import type { ImportReport } from '../ledger/index.ts';
import { formatByteCount, formatCount } from './format.ts';
import { nBundles, nTransactions, plural } from './i18n/plural.ts';
import { reasonInWords } from './i18n/reasons.ts';
import { shared } from './styles.ts';

/** Detail of the `file-import` event. */
export interface FileImportDetail {
  file: File;
}

/**
 * Reasons the report says in sentences of their own, not as refused txs: txs that wait (held), and
 * txs the device already had (a tx that is already there is not refused; a re-imported backup
 * listed under "Refused" made a healthy import look like a failure).
 */
const _NOT_REFUSED: readonly Reason[] = ['BUNDLE_INCOMPLETE', 'PARENT_MISSING', 'WRITE_PENDING', 'DUPLICATE', 'NETWORK_MISMATCH'];

/**
 * A report's refused txs by reason, most frequent first, from its exact counts (its list of refused
 * txs is only the first few). `framing`, the file's framing problem, is said in words about the
 * file and left out here (the replica counts it once, under its reason). Used by this card's report
 * and its tests.
 */
export function rejectionsByReason(report: ImportReport, framing: ArchiveError | null = null): { reason: Reason; message: string; count: number }[] {
  return (Object.entries(report.counts) as [Reason, number][])
    .map(([reason, count]): [Reason, number] => [reason, reason === framing?.reason ? count - 1 : count])
    .filter(([reason, count]) => count > 0 && !_NOT_REFUSED.includes(reason))
    .map(([reason, count]) => ({ reason, message: reasonInWords(reason), count }))
    .sort((a, b) => b.count - a.count);
}

const _txs = nTransactions;
const fileNameOf = (v: FilesView) => v.fileName || msg('The file');
const _bytes = formatByteCount;
/** Where to get a real file, said after every "this is not a medtangle file". */
const _choose = () => msg('Choose a .mtx file made with Export a file on the other device.');

/**
 * Export and import of transactions by file.
 *
 * @fires file-export - The user asked to save every stored tx as a file (no detail).
 * @fires file-import - The user chose a file to import; detail is {@link FileImportDetail}.
 * @fires quarantine-clear - The user asked to let go of the txs that wait in quarantine (no detail).
 * @csspart card - The card around the section.
 */
@customElement('mt-tangle-files')
@localized()
export class MtTangleFiles extends LitElement {
  static override styles = [
    shared,
    css`
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        margin: -1px;
        padding: 0;
        overflow: hidden;
        clip: rect(0 0 0 0);
        border: 0;
      }
      .report ul {
        margin: 0.4rem 0 0;
        padding-left: 1.2rem;
      }
      .report p:last-child {
        margin-bottom: 0;
      }
      code {
        font-family: var(--mt-mono);
        font-size: 0.85em;
      }
      small.code {
        font-family: var(--mt-mono);
        font-size: 0.8em;
        color: var(--mt-muted);
      }
    `,
  ];

  /** The export and import state, from the Tangle controller. */
  @property({ attribute: false }) view: FilesView | null = null;
  /** True while the replica is busy with something else. */
  @property({ type: Boolean }) disabled = false;

  private _onExport(): void {
    this.dispatchEvent(new CustomEvent('file-export', { bubbles: true, composed: true }));
  }

  private _onChoose(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#import-file')?.click();
  }

  private _onFile(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same file can be chosen again
    if (!file) return;
    this.dispatchEvent(new CustomEvent<FileImportDetail>('file-import', { detail: { file }, bubbles: true, composed: true }));
  }

  override render() {
    const v = this.view;
    const working = v?.state === 'exporting' || v?.state === 'importing';
    // The run may have been started on an earlier visit of the screen, so the buttons say why they
    // wait, not only that they do.
    const describedBy = working ? 'files-busy' : nothing;
    return html`
      <section class="card" part="card" aria-labelledby="files-title">
        <h2 id="files-title">${msg('Move transactions by file')}</h2>
        <p class="hint">
          ${msg(
            html`Export saves every transaction of this device's copy as a <code>.mtx</code> file. Import reads such a file from another device: each bundle in it is checked (proof of work, signature, parents) before it is stored, and anything that fails is refused with the reason.`,
          )}
        </p>
        <div class="row">
          <button type="button" data-testid="export-file" aria-describedby=${describedBy} ?disabled=${working || this.disabled} @click=${this._onExport}>
            ${msg('Export a file')}
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="import-choose"
            aria-describedby=${describedBy}
            ?disabled=${working || this.disabled}
            @click=${this._onChoose}
          >
            ${msg('Import a file…')}
          </button>
          <input
            id="import-file"
            class="visually-hidden"
            type="file"
            accept=".mtx,application/octet-stream"
            tabindex="-1"
            aria-hidden="true"
            data-testid="import-file"
            ?disabled=${working || this.disabled}
            @change=${this._onFile}
          />
        </div>
        ${working
          ? html`<p id="files-busy" class="hint" data-testid="files-busy">
              ${v.state === 'importing'
                ? msg('One file at a time: wait for this import’s report.')
                : msg('One file at a time: wait until this file is saved.')}
            </p>`
          : nothing}
        ${v ? this._renderState(v) : nothing}
      </section>
    `;
  }

  private _renderState(v: FilesView) {
    switch (v.state) {
      case 'exporting':
        return html`<p class="hint" role="status">${msg(str`Writing ${v.fileName}…`)}</p>`;
      case 'importing':
        return this._renderProgress(v);
      case 'exported':
        return html`<p class="notice ok" role="status" data-testid="export-done">
          ${plural(v.exportedTxs, {
            one: msg(str`Saved ${formatCount(v.exportedTxs)} transaction as ${v.fileName}.`, { id: 'export-saved.one' }),
            few: msg(str`Saved ${formatCount(v.exportedTxs)} transactions as ${v.fileName}.`, { id: 'export-saved.few' }),
            many: msg(str`Saved ${formatCount(v.exportedTxs)} transactions as ${v.fileName}.`, { id: 'export-saved.many' }),
            other: msg(str`Saved ${formatCount(v.exportedTxs)} transactions as ${v.fileName}.`, { id: 'export-saved.other' }),
          })}
        </p>`;
      case 'failed':
        return html`<p class="notice error" role="alert" data-testid="import-report">${v.error}</p>`;
      case 'imported':
        return v.report ? this._renderReport(v, v.report) : nothing;
      default:
        return nothing;
    }
  }

  private _renderProgress(v: FilesView) {
    // Screen readers hear the start (the status line, whose text stays the same while the chunks come
    // in, so it is not announced again) and the end (the report, a live region of its own); the
    // counts and the bar change with every chunk and are read only when the user goes to them.
    // The total is known once the file's header is read; until then there is nothing to count.
    // A cut file is said from the start (the header's count against the whole records), so nobody
    // waits for a total the file cannot reach; the report then says it again, as a warning.
    const checked = msg(str`${formatCount(v.recordsDone)} of ${_txs(v.recordsTotal)} checked`);
    return html`
      <div data-testid="import-progress">
        <p class="hint" role="status">${msg(str`Reading and checking ${v.fileName}…`)}</p>
        ${v.recordsTotal === 0
          ? nothing
          : html`<p class="hint">${msg(str`${checked}, ${formatCount(v.importedTxs)} stored so far.`)}</p>
              ${v.recordsAnnounced > v.recordsTotal
                ? html`<p class="hint" data-testid="import-progress-short">
                    ${plural(v.recordsTotal, {
                      one: msg(str`The file announces ${_txs(v.recordsAnnounced)} but holds only ${formatCount(v.recordsTotal)} whole one: it is incomplete.`, { id: 'import-progress-short.one' }),
                      few: msg(str`The file announces ${_txs(v.recordsAnnounced)} but holds only ${formatCount(v.recordsTotal)} whole ones: it is incomplete.`, { id: 'import-progress-short.few' }),
                      many: msg(str`The file announces ${_txs(v.recordsAnnounced)} but holds only ${formatCount(v.recordsTotal)} whole ones: it is incomplete.`, { id: 'import-progress-short.many' }),
                      other: msg(str`The file announces ${_txs(v.recordsAnnounced)} but holds only ${formatCount(v.recordsTotal)} whole ones: it is incomplete.`, { id: 'import-progress-short.other' }),
                    })}
                  </p>`
                : nothing}
              <progress
                max=${v.recordsTotal}
                value=${v.recordsDone}
                aria-label=${msg('Transactions of the file checked so far')}
                aria-valuetext=${checked}
              ></progress>`}
      </div>
    `;
  }

  /**
   * The sentences about the file itself, from its framing (the Tangle controller's `framing`, in
   * file positions): position -1 is the header (nothing was read), TRUNCATED further on is a cut
   * file, GARBAGE further on is bytes after the last record. The reason codes stay for the txs.
   */
  private _fileFacts(v: FilesView) {
    const f = v.framing;
    const unreadable = f !== null && f.position < 0;
    const cut = f !== null && f.position >= 0 && f.reason === 'TRUNCATED';
    const trailing = f !== null && f.position >= 0 && f.reason === 'GARBAGE';
    let about = '';
    if (unreadable) {
      about =
        v.fileBytes === 0
          ? msg(str`An empty file is not a medtangle file. ${_choose()}`)
          : f.reason === 'TRUNCATED'
            ? msg(str`It is only ${_bytes(v.fileBytes)} long, too short to be one. ${_choose()}`)
            : msg(str`It does not start the way a medtangle file does, so nothing in it was read. ${_choose()}`);
    } else if (cut) {
      about = msg('Get a complete copy of the file and import it again: what is already stored is skipped.');
    } else if (trailing) {
      const extra = Math.max(0, v.fileBytes - f.offset);
      const n = v.recordsTotal;
      const ignored = plural(extra, {
        one: msg(str`The ${formatCount(extra)} extra byte at the end of the file was ignored;`, { id: 'import-trailing.one' }),
        few: msg(str`The ${formatCount(extra)} extra bytes at the end of the file were ignored;`, { id: 'import-trailing.few' }),
        many: msg(str`The ${formatCount(extra)} extra bytes at the end of the file were ignored;`, { id: 'import-trailing.many' }),
        other: msg(str`The ${formatCount(extra)} extra bytes at the end of the file were ignored;`, { id: 'import-trailing.other' }),
      });
      const read =
        n === 0
          ? msg('it holds no transactions.')
          : n === 1
            ? msg('its one transaction was read.')
            : plural(n, {
                one: msg(str`all ${formatCount(n)} transaction in it were read.`, { id: 'import-trailing-read.one' }),
                few: msg(str`all ${formatCount(n)} transactions in it were read.`, { id: 'import-trailing-read.few' }),
                many: msg(str`all ${formatCount(n)} transactions in it were read.`, { id: 'import-trailing-read.many' }),
                other: msg(str`all ${formatCount(n)} transactions in it were read.`, { id: 'import-trailing-read.other' }),
              });
      about = `${ignored} ${read}`;
    }
    return { unreadable, cut, about };
  }

  /**
   * What waits after the import, in words, with a way to clear it. Txs that wait for a tx this file
   * held but that failed its checks can never be stored from it: the file is damaged, and the report
   * says where. The others wait for parents the file does not hold, which a later file or peer may bring.
   */
  private _renderWaiting(v: FilesView, r: ImportReport) {
    // The count is exact; the list names the waiting txs (blockedBy says which wait in vain).
    const count = r.held - (r.counts.WRITE_PENDING ?? 0);
    const waiting = r.heldTxs.filter((h) => h.reason !== 'WRITE_PENDING');
    if (v.cleared !== null) {
      return html`<p data-testid="import-cleared">
        ${v.cleared === 0
          ? msg('Nothing was waiting any more.')
          : plural(v.cleared, {
              one: msg(str`${formatCount(v.cleared)} transaction that waited was let go.`, { id: 'import-cleared.one' }),
              few: msg(str`${formatCount(v.cleared)} transactions that waited were let go.`, { id: 'import-cleared.few' }),
              many: msg(str`${formatCount(v.cleared)} transactions that waited were let go.`, { id: 'import-cleared.many' }),
              other: msg(str`${formatCount(v.cleared)} transactions that waited were let go.`, { id: 'import-cleared.other' }),
            })}
      </p>`;
    }
    if (count <= 0) return nothing;
    const blocked = waiting.filter((h) => h.blockedBy);
    const causes = new Map<string, Reason>();
    for (const h of blocked) causes.set(h.blockedBy!.id, h.blockedBy!.reason);
    const where = [...causes].map(([id, reason]) => {
      const at = r.rejected.find((x) => x.id === id)?.position;
      return at !== undefined && at >= 0
        ? msg(str`the transaction at position ${formatCount(at + 1)} (${reasonInWords(reason)})`)
        : msg(str`a transaction (${reasonInWords(reason)})`);
    });
    const free = count - blocked.length;
    return html`
      ${blocked.length > 0
        ? html`<p data-testid="import-damaged">
            ${this._damaged(v, blocked.length, where)}
          </p>`
        : nothing}
      ${free > 0
        ? html`<p data-testid="import-held">
            ${plural(free, {
              one: msg(str`${formatCount(free)} transaction waits in quarantine for their parents or the rest of their bundle, which this file does not hold: a later file or a peer may bring them.`, { id: 'import-held.one' }),
              few: msg(str`${formatCount(free)} transactions wait in quarantine for their parents or the rest of their bundle, which this file does not hold: a later file or a peer may bring them.`, { id: 'import-held.few' }),
              many: msg(str`${formatCount(free)} transactions wait in quarantine for their parents or the rest of their bundle, which this file does not hold: a later file or a peer may bring them.`, { id: 'import-held.many' }),
              other: msg(str`${formatCount(free)} transactions wait in quarantine for their parents or the rest of their bundle, which this file does not hold: a later file or a peer may bring them.`, { id: 'import-held.other' }),
            })}
          </p>`
        : nothing}
      <div class="row">
        <button type="button" class="secondary" data-testid="quarantine-clear" ?disabled=${this.disabled} @click=${this._onClear}>
          ${msg('Let go of what waits')}
        </button>
      </div>
    `;
  }

  /** "<file> is damaged: N transactions in it depend on …, so they cannot be stored from this file." */
  private _damaged(v: FilesView, blocked: number, where: string[]): string {
    const on =
      where.length === 1
        ? where[0]
        : msg(
            str`${formatCount(where.length)} transactions that failed their checks: ${where.slice(0, 3).join('; ')}${where.length > 3 ? '; …' : ''}`,
          );
    const file = fileNameOf(v);
    const c = formatCount(blocked);
    return plural(blocked, {
      one: msg(str`${file} is damaged: ${c} transaction in it depends on ${on}, so it cannot be stored from this file. Get an undamaged copy of the file and import it again.`, { id: 'import-damaged.one' }),
      few: msg(str`${file} is damaged: ${c} transactions in it depend on ${on}, so they cannot be stored from this file. Get an undamaged copy of the file and import it again.`, { id: 'import-damaged.few' }),
      many: msg(str`${file} is damaged: ${c} transactions in it depend on ${on}, so they cannot be stored from this file. Get an undamaged copy of the file and import it again.`, { id: 'import-damaged.many' }),
      other: msg(str`${file} is damaged: ${c} transactions in it depend on ${on}, so they cannot be stored from this file. Get an undamaged copy of the file and import it again.`, { id: 'import-damaged.other' }),
    });
  }

  private _onClear(): void {
    this.dispatchEvent(new CustomEvent('quarantine-clear', { bubbles: true, composed: true }));
  }

  private _renderReport(v: FilesView, r: ImportReport) {
    const fileName = v.fileName;
    const file = this._fileFacts(v);
    const groups = rejectionsByReason(r, v.framing);
    const duplicates = r.counts.DUPLICATE ?? 0;
    const onlyDuplicates = duplicates > 0 && r.accepted === 0 && r.held === 0 && groups.length === 0;
    const outcome =
      r.accepted > 0
        ? msg(str`Stored ${_txs(r.accepted)} (${nBundles(r.acceptedBundles)}) from ${fileName}.`)
        : onlyDuplicates
          ? duplicates === 1
            ? msg(str`Nothing new in ${fileName}: this device already has its transaction.`)
            : msg(str`Nothing new in ${fileName}: this device already has all of its ${_txs(duplicates)}.`)
          : file.unreadable
            ? v.fileBytes === 0
              ? msg(str`Nothing was stored: ${fileName} is empty.`)
              : msg(str`Nothing was stored: ${fileName} is not a medtangle transaction file.`)
            : v.framing === null && v.recordsAnnounced === 0 && r.held === 0 && groups.length === 0
              ? msg(str`${fileName} holds no transactions: there was nothing to store.`)
              : msg(str`Nothing was stored from ${fileName}.`);
    // A cut file is the headline whatever was stored: a clinic restoring a backup must not read a
    // partial restore as a success. Never green, for the same reason.
    const missing = v.recordsAnnounced - v.recordsTotal;
    const pow = r.counts.POW ?? 0;
    // When nothing was stored and the proof of work was too low, the network's MWM is the cause to
    // fix first: a complete copy of a cut file would be refused all the same.
    const powFirst = pow > 0 && r.accepted === 0;
    const cutText =
      v.recordsTotal === 0
        ? msg(str`${fileName} is incomplete: it announces ${_txs(v.recordsAnnounced)} but holds none of them whole.`)
        : msg(
            str`${fileName} is incomplete: it announces ${_txs(v.recordsAnnounced)} but holds only ${formatCount(v.recordsTotal)} of them whole (${formatCount(missing)} missing).`,
          );
    const headline = file.cut && !powFirst ? cutText : outcome;
    const tone = file.unreadable
      ? 'error'
      : file.cut
        ? r.accepted === 0 && groups.length > 0
          ? 'error'
          : 'warn'
        : r.accepted > 0 || onlyDuplicates
          ? 'ok'
          : groups.length > 0
            ? 'error'
            : 'warn';
    const mine = v.network;
    const powHint = html`<p data-testid="import-pow-hint">
      ${mine
        ? msg(
            str`Their proof of work is below the MWM of this network (${mine.name}, MWM ${mine.mwm}). The file names no network (an older version of the app made it), so it was probably made on a test network with a lower MWM: switch to that network in the Network card on this screen, then import the file again.`,
          )
        : msg(
            'Their proof of work is below the MWM of this network. The file names no network (an older version of the app made it), so it was probably made on a test network with a lower MWM: switch to that network in the Network card on this screen, then import the file again.',
          )}
    </p>`;
    const other = r.otherNetwork;
    if (other) {
      return html`
        <div class="notice error report" role="alert" data-testid="import-report">
          <p data-testid="import-headline">
            ${mine
              ? msg(
                  str`Nothing was read from ${fileName}: it belongs to network ${other.name} with MWM ${other.mwm}, and this device works on network ${mine.name} with MWM ${mine.mwm}.`,
                )
              : msg(str`Nothing was read from ${fileName}: it belongs to network ${other.name} with MWM ${other.mwm}, and this device works on another network.`)}
          </p>
          <p data-testid="import-network-hint">
            ${msg(
              str`To import it, switch to network ${other.name} with MWM ${other.mwm} in the Network card on this screen, then import the file again. Each network keeps its own copy of the Tangle, so this one stays as it is.`,
            )}
          </p>
        </div>
      `;
    }
    return html`
      <div class=${`notice ${tone} report`} role=${tone === 'error' ? 'alert' : 'status'} data-testid="import-report">
        <p data-testid="import-headline">${headline}</p>
        ${powFirst ? powHint : nothing}
        ${file.about ? html`<p data-testid="import-file-note">${file.about}</p>` : nothing}
        ${file.cut ? html`<p data-testid="import-outcome">${powFirst ? cutText : outcome}</p>` : nothing}
        ${this._renderWaiting(v, r)}
        ${(r.counts.WRITE_PENDING ?? 0) > 0
          ? html`<p data-testid="import-write-pending">
              ${msg(
                str`Passed every check but could not be written to this device yet (its storage refused): ${_txs(r.counts.WRITE_PENDING ?? 0)}. They are kept while the app stays open and written by the next import: free some space, then import a file again.`,
              )}
            </p>`
          : nothing}
        ${!r.quarantineSaved && r.quarantined > 0
          ? html`<p data-testid="import-unsaved">
              ${msg(
                str`What waits in quarantine (${_txs(r.quarantined)}) could not be saved on this device: it is kept while the app stays open and saved by the next import, but lost if the app is closed or reloaded before then.`,
              )}
            </p>`
          : nothing}
        ${duplicates > 0 && !onlyDuplicates
          ? html`<p data-testid="import-duplicates">
              ${plural(duplicates, {
                one: msg(str`${formatCount(duplicates)} transaction of the file was already on this device, so it was skipped.`, { id: 'import-duplicates.one' }),
                few: msg(str`${formatCount(duplicates)} transactions of the file were already on this device, so they were skipped.`, { id: 'import-duplicates.few' }),
                many: msg(str`${formatCount(duplicates)} transactions of the file were already on this device, so they were skipped.`, { id: 'import-duplicates.many' }),
                other: msg(str`${formatCount(duplicates)} transactions of the file were already on this device, so they were skipped.`, { id: 'import-duplicates.other' }),
              })}
            </p>`
          : nothing}
        ${groups.length > 0
          ? html`<p>${msg('Refused:')}</p>
              <ul data-testid="import-rejected">
                ${groups.map(
                  (g) => html`<li data-reason=${g.reason}>
                    ${g.count > 1 ? msg(str`${_txs(g.count)}: ${g.message}`) : g.message}
                    <small class="code">${msg(str`code: ${g.reason}`)}</small>
                  </li>`,
                )}
              </ul>`
          : nothing}
        ${pow > 0 && !powFirst ? powHint : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tangle-files': MtTangleFiles;
  }
}
