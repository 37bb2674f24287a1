// The Device check screen: how fast this device does proof of work, and a proof of work to try.
// The PoW controller does the work; this page wires its state into the two cards and their events
// back into it.
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { MAX_MWM, MIN_MWM, PowController, appPowMemory, type PowDraft } from './controllers/pow-controller.ts';
import type { PowRunDetail } from './mt-pow-form.ts';
import './mt-pow-form.ts';
import './mt-rate-check.ts';
import { shared } from './styles.ts';

/**
 * The Device check page.
 *
 * @csspart rate - The rate measurement card.
 * @csspart pow - The proof-of-work form card.
 */
@customElement('mt-device-check')
@localized()
export class MtDeviceCheck extends LitElement {
  static override styles = [
    shared,
    css`
      h1 {
        font-size: 1.5rem;
        margin: 0 0 0.5rem;
      }
    `,
  ];

  // The app's memory: this element is made anew on every visit, the typed text and outcomes are not.
  private readonly _pow = new PowController(this, { memory: appPowMemory });

  private _onMeasure(): void {
    void this._pow.measureRate();
  }

  private _onRun(e: CustomEvent<PowRunDetail>): void {
    void this._pow.runSearch(e.detail.text, e.detail.mwm);
  }

  private _onCancel(): void {
    this._pow.cancelSearch();
  }

  private _onDraft(e: CustomEvent<PowDraft>): void {
    this._pow.setDraft(e.detail);
  }

  override render() {
    const pow = this._pow;
    return html`
      <h1 tabindex="-1">${msg('Device check')}</h1>
      <p class="hint">
        ${msg('Before this device sends records, check how long its proof of work takes. Everything here runs on this device, offline too.')}
      </p>
      <mt-rate-check
        exportparts="card: rate"
        .view=${pow.rate}
        ?disabled=${pow.search.state === 'running'}
        @rate-measure=${this._onMeasure}
      ></mt-rate-check>
      <mt-pow-form
        exportparts="card: pow"
        .view=${pow.search}
        .draft=${pow.draft}
        default-mwm=${pow.networkMwm}
        min-mwm=${MIN_MWM}
        max-mwm=${MAX_MWM}
        ?disabled=${pow.rate.state === 'running'}
        @pow-run=${this._onRun}
        @pow-cancel=${this._onCancel}
        @pow-draft=${this._onDraft}
      ></mt-pow-form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-device-check': MtDeviceCheck;
  }
}
