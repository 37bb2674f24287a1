// The Tangle screen's "Move transactions by file" card: Export saves every stored tx as a .mtx
// file; Import reads one and shows what happened to each part of it. It asks; the Tangle controller
// reads, writes and validates.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { reasonMessage, type Reason } from '../core/validate/index.ts';
import type { FilesView } from './controllers/tangle-controller.ts';
import type { ImportReport } from '../ledger/index.ts';
import { formatCount } from './format.ts';
import { shared } from './styles.ts';

/** Detail of the `file-import` event. */
export interface FileImportDetail {
  file: File;
}

/** The reasons of txs that wait: the report says them as held, not as refused. */
const _WAITING: readonly Reason[] = ['BUNDLE_INCOMPLETE', 'PARENT_MISSING'];

/**
 * A report's refusals by reason, most frequent first, from its exact counts (its list of refused
 * txs is only the first few). Used by this card's report and its tests.
 */
export function rejectionsByReason(report: ImportReport): { reason: Reason; message: string; count: number }[] {
  return (Object.entries(report.counts) as [Reason, number][])
    .filter(([reason, count]) => count > 0 && !_WAITING.includes(reason))
    .map(([reason, count]) => ({ reason, message: reasonMessage(reason), count }))
    .sort((a, b) => b.count - a.count);
}

const _txs = (n: number) => `${formatCount(n)} ${n === 1 ? 'transaction' : 'transactions'}`;

/**
 * Export and import of transactions by file.
 *
 * @fires file-export - The user asked to save every stored tx as a file (no detail).
 * @fires file-import - The user chose a file to import; detail is {@link FileImportDetail}.
 * @csspart card - The card around the section.
 */
@customElement('mt-tangle-files')
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
    return html`
      <section class="card" part="card" aria-labelledby="files-title">
        <h2 id="files-title">Move transactions by file</h2>
        <p class="hint">
          Export saves every transaction of this device's copy as a <code>.mtx</code> file. Import reads
          such a file from another device: each bundle in it is checked (proof of work, signature, parents)
          before it is stored, and anything that fails is refused with the reason.
        </p>
        <div class="row">
          <button type="button" data-testid="export-file" ?disabled=${working || this.disabled} @click=${this._onExport}>
            Export a file
          </button>
          <button type="button" class="secondary" data-testid="import-choose" ?disabled=${working || this.disabled} @click=${this._onChoose}>
            Import a file…
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
        ${v ? this._renderState(v) : nothing}
      </section>
    `;
  }

  private _renderState(v: FilesView) {
    switch (v.state) {
      case 'exporting':
        return html`<p class="hint" role="status">Writing ${v.fileName}…</p>`;
      case 'importing':
        return this._renderProgress(v);
      case 'exported':
        return html`<p class="notice ok" role="status" data-testid="export-done">Saved ${_txs(v.exportedTxs)} as ${v.fileName}.</p>`;
      case 'failed':
        return html`<p class="notice error" role="alert" data-testid="import-report">${v.error}</p>`;
      case 'imported':
        return v.report ? this._renderReport(v.fileName, v.report) : nothing;
      default:
        return nothing;
    }
  }

  private _renderProgress(v: FilesView) {
    // Screen readers hear the start (the status line, whose text stays the same while the chunks come
    // in, so it is not announced again) and the end (the report, a live region of its own); the
    // counts and the bar change with every chunk and are read only when the user goes to them.
    // The total is known once the file's header is read; until then there is nothing to count.
    const checked = `${formatCount(v.recordsDone)} of ${_txs(v.recordsTotal)} checked`;
    return html`
      <div data-testid="import-progress">
        <p class="hint" role="status">Reading and checking ${v.fileName}…</p>
        ${v.recordsTotal === 0
          ? nothing
          : html`<p class="hint">${checked}, ${formatCount(v.importedTxs)} stored so far.</p>
              <progress
                max=${v.recordsTotal}
                value=${v.recordsDone}
                aria-label="Transactions of the file checked so far"
                aria-valuetext=${checked}
              ></progress>`}
      </div>
    `;
  }

  private _renderReport(fileName: string, r: ImportReport) {
    const groups = rejectionsByReason(r);
    const onlyDuplicates = groups.length > 0 && groups.every((g) => g.reason === 'DUPLICATE');
    const tone = r.accepted > 0 || onlyDuplicates ? 'ok' : groups.length > 0 ? 'error' : 'warn';
    const headline =
      r.accepted > 0
        ? `Stored ${_txs(r.accepted)} (${formatCount(r.acceptedBundles)} ${r.acceptedBundles === 1 ? 'bundle' : 'bundles'}) from ${fileName}.`
        : onlyDuplicates
          ? `Nothing new in ${fileName}: this device already has all of its transactions.`
          : r.rejected.some((x) => x.reason === 'GARBAGE' && (x.position ?? -1) < 0)
            ? `Nothing was stored: ${fileName} is not a medtangle transaction file.`
            : `Nothing was stored from ${fileName}.`;
    return html`
      <div class=${`notice ${tone} report`} role=${tone === 'error' ? 'alert' : 'status'} data-testid="import-report">
        <p data-testid="import-headline">${headline}</p>
        ${r.held > 0
          ? html`<p data-testid="import-held">
              ${_txs(r.held)} ${r.held === 1 ? 'waits' : 'wait'} in quarantine for their parents or the rest of their bundle.
            </p>`
          : nothing}
        ${!r.quarantineSaved && r.quarantined > 0
          ? html`<p data-testid="import-unsaved">
              The ${_txs(r.quarantined)} waiting in quarantine could not be saved on this device:
              ${r.quarantined === 1 ? 'it is' : 'they are'} kept while the app stays open and saved by the next import, but
              lost if the app is closed or reloaded before then.
            </p>`
          : nothing}
        ${groups.length > 0
          ? html`<p>Refused:</p>
              <ul data-testid="import-rejected">
                ${groups.map(
                  (g) => html`<li data-reason=${g.reason}>
                    <code>${g.reason}</code>${g.count > 1 ? ` × ${formatCount(g.count)}` : ''}: ${g.message}
                  </li>`,
                )}
              </ul>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tangle-files': MtTangleFiles;
  }
}
