// The Tangle screen's "Network" card: the network MWM this device uses, with a field to change it.
// It validates the field and asks for the change; the Tangle controller stores it and reopens the
// replica with it.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { parseMwm } from './mwm.ts';
import { shared } from './styles.ts';

/** Detail of the `mwm-change` event. */
export interface MwmChangeDetail {
  mwm: number;
}

/**
 * The network's MWM setting.
 *
 * @fires mwm-change - The user saved a valid MWM; detail is {@link MwmChangeDetail}.
 * @csspart card - The card around the section.
 */
@customElement('mt-network-settings')
export class MtNetworkSettings extends LitElement {
  static override styles = [
    shared,
    css`
      .field {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
      }
      .field > div {
        flex: 0 1 10rem;
      }
    `,
  ];

  /** The MWM in use. */
  @property({ type: Number }) mwm = 13;
  @property({ type: Number, attribute: 'min-mwm' }) minMwm = 1;
  @property({ type: Number, attribute: 'max-mwm' }) maxMwm = 20;
  /** True while other work runs, so the MWM cannot change. */
  @property({ type: Boolean }) disabled = false;

  @state() private _raw: string | null = null;
  @state() private _error = '';

  private _onInput(e: Event): void {
    this._raw = (e.target as HTMLInputElement).value;
    if (this._error) this._error = '';
  }

  private _onSubmit(e: Event): void {
    e.preventDefault();
    if (this.disabled) return;
    const parsed = parseMwm(this._raw ?? String(this.mwm), this.minMwm, this.maxMwm);
    if ('error' in parsed) {
      this._error = parsed.error;
      this.renderRoot.querySelector<HTMLInputElement>('#network-mwm')?.focus();
      return;
    }
    this._error = '';
    this._raw = null;
    if (parsed.mwm === this.mwm) return;
    this.dispatchEvent(new CustomEvent<MwmChangeDetail>('mwm-change', { detail: { mwm: parsed.mwm }, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <section class="card" part="card" aria-labelledby="network-title">
        <h2 id="network-title">Network</h2>
        <p class="hint">
          This device uses MWM <strong data-testid="network-mwm-current">${this.mwm}</strong>: each
          transaction's proof of work needs at least that many zero trits. Every device of one network
          must use the same MWM, or they refuse each other's transactions; tests use small values such
          as 3 so that they run fast.
        </p>
        <form @submit=${this._onSubmit} novalidate>
          <div class="field">
            <div>
              <label for="network-mwm">Network MWM</label>
              <input
                id="network-mwm"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                data-testid="network-mwm"
                .value=${this._raw ?? String(this.mwm)}
                aria-invalid=${this._error ? 'true' : 'false'}
                aria-describedby="network-mwm-hint network-mwm-error"
                ?disabled=${this.disabled}
                @input=${this._onInput}
              />
            </div>
            <button type="submit" class="secondary" data-testid="network-mwm-save" ?disabled=${this.disabled}>Use this MWM</button>
          </div>
          <div id="network-mwm-hint" class="hint">
            ${this.minMwm} to ${this.maxMwm}. Changing it reopens this device's copy of the Tangle.
          </div>
          <div id="network-mwm-error" aria-live="assertive">
            ${this._error ? html`<p class="notice error" data-testid="network-mwm-error">${this._error}</p>` : nothing}
          </div>
        </form>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-network-settings': MtNetworkSettings;
  }
}
