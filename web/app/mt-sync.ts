// The Sync screen (issue 11, part 4): the step-by-step sync with a device in the same room, the
// past syncs, and moving transactions by file (issue 3's export and import, the same card as on
// the Tangle screen) for devices that cannot connect. The sync flow and the Tangle controller do
// the work; this page wires their state into the cards and their events back into them.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { SyncController, appSyncFlow, type SyncFlow } from './controllers/sync-controller.ts';
import { TangleController, appTangleMemory, type TangleControllerOptions } from './controllers/tangle-controller.ts';
import { nTransactions } from './i18n/plural.ts';
import type { FileImportDetail } from './mt-tangle-files.ts';
import type { SyncCodeDetail, SyncDirectionDetail, SyncStunDetail } from './mt-sync-flow.ts';
import { syncLinkCode } from './mt-sync-flow.ts';
import './mt-tangle-files.ts';
import { shared } from './styles.ts';

/**
 * The Sync screen.
 */
@customElement('mt-sync')
@localized()
export class MtSync extends LitElement {
  static override styles = [shared];

  /** The flow to show: the app's own unless a test gives one. Set before the element is connected. */
  @property({ attribute: false }) flow: SyncFlow | null = null;
  /** The Tangle controller's options: the app's by default; tests give their own client. */
  @property({ attribute: false }) tangleOptions: TangleControllerOptions | null = null;

  #sync: SyncController | null = null;
  #tangle: TangleController | null = null;
  #storedAt = -1;
  /** A code that came in a link; it fills the code field of the step that asks for one. */
  @state() private _linked = '';
  readonly #onHash = (): void => {
    const code = syncLinkCode();
    if (code === null) return;
    this._linked = code;
    // Read once: the code leaves the address bar, so a reload or a bookmark does not keep it.
    history.replaceState(history.state, '', `${location.pathname}${location.search}#/sync`);
  };

  override connectedCallback(): void {
    // Made on first connection, from the properties set before it (the app's defaults otherwise).
    this.#sync ??= new SyncController(this, this.flow ?? appSyncFlow());
    this.#tangle ??= new TangleController(this, this.tangleOptions ?? { memory: appTangleMemory });
    super.connectedCallback();
    this.#onHash();
    window.addEventListener('hashchange', this.#onHash);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHash);
    super.disconnectedCallback();
  }

  override updated(): void {
    // After a sync that stored txs, the counters and the file card count them.
    const v = this.#sync!.flow.view;
    const n = v.step === 'done' || v.step === 'failed' ? this.#sync!.flow.history.length : -1;
    if (n !== this.#storedAt) {
      this.#storedAt = n;
      if (n >= 0) void this.#tangle!.refresh();
    }
  }

  private _onDirection(e: CustomEvent<SyncDirectionDetail>): void {
    this.#sync!.flow.setDirection(e.detail.direction);
  }

  private _onCode(e: CustomEvent<SyncCodeDetail>): void {
    this._linked = '';
    void this.#sync!.flow.submitCode(e.detail.text);
  }

  override render() {
    const flow = this.#sync!.flow;
    const t = this.#tangle!;
    const txs = t.stats?.txCount;
    return html`
      <h1 tabindex="-1">${msg('Sync')}</h1>
      <p data-testid="sync-tx-count">
        ${txs === undefined ? msg('Opening this device’s copy of the Tangle…') : msg(str`This device holds ${nTransactions(txs)} on network ${t.network.name}.`)}
      </p>
      ${this._linked && flow.view.step === 'start'
        ? html`<p class="notice" role="status" data-testid="sync-linked">
            ${msg('This link holds the other device’s code. Choose how to sync, then Enter a code: the code is filled in for you.')}
          </p>`
        : nothing}
      <mt-sync-flow
        .view=${flow.view}
        prefill=${this._linked}
        .history=${flow.history}
        network=${t.network.name}
        stun=${flow.stun}
        .stunInvalid=${flow.stunInvalid}
        @sync-direction=${this._onDirection}
        @sync-show=${() => void flow.showCode()}
        @sync-enter=${() => flow.enterCode()}
        @sync-code=${this._onCode}
        @sync-reset=${() => flow.reset()}
        @sync-stun=${(e: CustomEvent<SyncStunDetail>) => flow.setStun(e.detail.text)}
      ></mt-sync-flow>
      <mt-tangle-files
        .view=${t.files}
        ?disabled=${t.status !== 'ready' || t.create.state === 'running'}
        @file-export=${() => void t.exportFile()}
        @file-import=${(e: CustomEvent<FileImportDetail>) => void t.importFile(e.detail.file)}
        @quarantine-clear=${() => void t.clearWaiting()}
      ></mt-tangle-files>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-sync': MtSync;
  }
}
