// The Tangle screen: this device's copy of the Tangle, drawn, counted and explained, with test
// bundles, file export and import, the network, and the rescue of a damaged copy. The Tangle controller does the work; this
// page wires its state into the cards and their events back into it.
import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { TangleController, appTangleMemory } from './controllers/tangle-controller.ts';
import { MAX_NETWORK_MWM, MIN_NETWORK_MWM } from './controllers/network-settings.ts';
import './mt-tangle-rescue.ts';
import { formatCount } from './format.ts';
import type { BundleCreateDetail, BundleDraftDetail } from './mt-bundle-form.ts';
import type { NetworkChangeDetail } from './mt-network-settings.ts';
import type { TxSelectDetail } from './mt-tangle-graph.ts';
import type { FileImportDetail } from './mt-tangle-files.ts';
import type { TxTextWholeDetail } from './mt-tx-details.ts';
import './mt-bundle-form.ts';
import './mt-network-settings.ts';
import './mt-tangle-files.ts';
import './mt-tangle-graph.ts';
import './mt-tangle-stats.ts';
import './mt-tx-details.ts';
import { shared } from './styles.ts';

/**
 * The Tangle explorer page.
 *
 * @csspart drawing - The card with the drawing.
 * @csspart details - The selected tx's card.
 * @csspart create - The test-bundle card.
 * @csspart stats - The counters' card.
 * @csspart files - The export and import card.
 * @csspart network - The network card.
 */
@customElement('mt-tangle-explorer')
@localized()
export class MtTangleExplorer extends LitElement {
  static override styles = [
    shared,
    css`
      h1 {
        font-size: 1.5rem;
        margin: 0 0 0.5rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        margin: 0 0 0.75rem;
      }
      .head h2 {
        margin: 0;
      }
      .head .hint {
        margin: 0;
      }
    `,
  ];

  // The app's memory: this element is made anew on every visit, the typed text, the last bundle's
  // outcome, the selection and the last file export or import (still running, or its report) are not.
  private readonly _tangle = new TangleController(this, { memory: appTangleMemory });

  private _onSelect(e: CustomEvent<TxSelectDetail>): void {
    void this._tangle.select(e.detail.index);
  }

  private _onRefresh(): void {
    void this._tangle.refresh();
  }

  private _onCreate(e: CustomEvent<BundleCreateDetail>): void {
    void this._tangle.createBundle(e.detail.text);
  }

  private _onCancel(): void {
    this._tangle.cancelCreate();
  }

  private _onDraft(e: CustomEvent<BundleDraftDetail>): void {
    this._tangle.setDraft(e.detail.text);
  }

  private _onWholeText(e: CustomEvent<TxTextWholeDetail>): void {
    void this._tangle.showWholeText(e.detail.index);
  }

  private _onNetwork(e: CustomEvent<NetworkChangeDetail>): void {
    void this._tangle.setNetwork(e.detail.network);
  }

  private _onSaveReadable(): void {
    void this._tangle.saveReadable();
  }

  private _onStartFresh(): void {
    void this._tangle.startFresh();
  }

  private _onExport(): void {
    void this._tangle.exportFile();
  }

  private _onImport(e: CustomEvent<FileImportDetail>): void {
    void this._tangle.importFile(e.detail.file);
  }

  private _onClearWaiting(): void {
    void this._tangle.clearWaiting();
  }

  override render() {
    const t = this._tangle;
    const shown = t.nodes.length;
    const total = t.stats?.txCount ?? 0;
    return html`
      <h1 tabindex="-1">${msg('Tangle')}</h1>
      <p class="hint">
        ${msg("This device's copy of the Tangle: every transaction carries a proof of work and approves two earlier ones, so each new one adds weight to those before it.")}
      </p>
      <section class="card" part="drawing" aria-labelledby="drawing-title">
        <div class="head">
          <h2 id="drawing-title">${msg('Recent transactions')}</h2>
          <button
            type="button"
            class="secondary"
            data-testid="tangle-refresh"
            ?disabled=${t.refreshing}
            @click=${this._onRefresh}
          >
            ${t.refreshing ? msg('Refreshing…') : msg('Refresh')}
          </button>
        </div>
        <p class="hint" data-testid="tangle-shown" role="status">
          ${t.status === 'opening' && shown === 0
            ? msg('Opening this device’s copy of the Tangle…')
            : total > shown
              ? msg(str`The newest ${formatCount(shown)} of ${formatCount(total)} transactions, older on the left. Pick one to see its details.`)
              : total > 0
                ? msg('Older on the left, newer on the right. Pick one to see its details.')
                : ''}
        </p>
        ${t.error && t.status !== 'damaged'
          ? html`<p class="notice error" role="alert" data-testid="tangle-error">
              ${msg(str`The Tangle could not be read: ${t.error}. Try Refresh.`)}
            </p>`
          : nothing}
        ${t.status === 'damaged'
          ? html`<mt-tangle-rescue
              .problem=${t.error}
              .network=${t.network}
              .view=${t.rescue}
              @rescue-save=${this._onSaveReadable}
              @rescue-fresh=${this._onStartFresh}
            ></mt-tangle-rescue>`
          : nothing}
        <mt-tangle-graph .nodes=${t.nodes} .selected=${t.selected} @tx-select=${this._onSelect}></mt-tangle-graph>
      </section>
      <mt-tx-details
        exportparts="card: details"
        .selected=${t.selected}
        .details=${t.details}
        .error=${t.detailsError}
        .text=${t.text}
        .oldestDrawn=${shown > 0 ? t.nodes.reduce((m, n) => Math.min(m, n.index), Infinity) : null}
        network-mwm=${t.network.mwm}
        @tx-select=${this._onSelect}
        @tx-text-whole=${this._onWholeText}
      ></mt-tx-details>
      <mt-bundle-form
        exportparts="card: create"
        .view=${t.create}
        .draft=${t.draft}
        ?disabled=${t.status !== 'ready' || t.files.state === 'importing'}
        @bundle-create=${this._onCreate}
        @bundle-cancel=${this._onCancel}
        @bundle-draft=${this._onDraft}
      ></mt-bundle-form>
      <mt-tangle-stats exportparts="card: stats" .stats=${t.stats}></mt-tangle-stats>
      <mt-tangle-files
        exportparts="card: files"
        .view=${t.files}
        ?disabled=${t.status !== 'ready' || t.create.state === 'running'}
        @file-export=${this._onExport}
        @file-import=${this._onImport}
        @quarantine-clear=${this._onClearWaiting}
      ></mt-tangle-files>
      <mt-network-settings
        exportparts="card: network"
        .network=${t.network}
        .known=${t.known}
        min-mwm=${MIN_NETWORK_MWM}
        max-mwm=${MAX_NETWORK_MWM}
        ?disabled=${t.busy || t.rescue.state === 'saving' || t.rescue.state === 'deleting'}
        @network-change=${this._onNetwork}
      ></mt-network-settings>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tangle-explorer': MtTangleExplorer;
  }
}
