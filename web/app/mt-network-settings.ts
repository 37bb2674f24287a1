// The Tangle screen's "Network" card: which network this device works on, the other networks that
// have a copy of the Tangle on it, and a form to switch. A network is a property of the data: each
// has its own copy, so switching never changes a stored transaction. It validates the fields and
// asks for the switch; the Tangle controller stores the choice and opens that network's copy.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { NETWORK_NAME_MAX, type Network } from '../core/network/index.ts';
import { parseMwm } from './mwm.ts';
import { shared } from './styles.ts';

/** Detail of the `network-change` event. */
export interface NetworkChangeDetail {
  network: Network;
}

/** Checks the network name as typed: the name, or a message that says how to fix it. Used by this card and its tests. */
export function parseNetworkName(raw: string): { name: string } | { error: string } {
  const s = raw.trim().toLowerCase();
  if (s === '') return { error: msg('Enter the network’s name, as every device of the network uses it (for example: test).') };
  if (s.length > NETWORK_NAME_MAX) return { error: msg(str`The network’s name must be at most ${NETWORK_NAME_MAX} characters; this one has ${s.length}.`) };
  if (!/^[a-z0-9][a-z0-9-]*$/.test(s)) {
    return { error: msg('The network’s name may use only letters a to z, digits and hyphens, and must start with a letter or digit.') };
  }
  return { name: s };
}

/**
 * The network card.
 *
 * @fires network-change - The user asked to switch to a valid network; detail is {@link NetworkChangeDetail}.
 * @csspart card - The card around the section.
 */
@customElement('mt-network-settings')
@localized()
export class MtNetworkSettings extends LitElement {
  static override styles = [
    shared,
    css`
      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
      }
      .fields > div {
        flex: 0 1 12rem;
      }
      ul.networks {
        list-style: none;
        margin: 0 0 0.75rem;
        padding: 0;
      }
      ul.networks li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin: 0.25rem 0;
      }
    `,
  ];

  /** The network in use. */
  @property({ attribute: false }) network: Network = { name: 'medtangle', mwm: 13 };
  /** Networks that have a copy of the Tangle on this device (the one in use among them or not). */
  @property({ attribute: false }) known: Network[] = [];
  @property({ type: Number, attribute: 'min-mwm' }) minMwm = 1;
  @property({ type: Number, attribute: 'max-mwm' }) maxMwm = 20;
  /** True while other work runs, so the network cannot change. */
  @property({ type: Boolean }) disabled = false;

  @state() private _name = '';
  @state() private _mwm = '';
  @state() private _nameError = '';
  @state() private _mwmError = '';

  private _switch(network: Network): void {
    this.dispatchEvent(new CustomEvent<NetworkChangeDetail>('network-change', { detail: { network }, bubbles: true, composed: true }));
  }

  private _onSubmit(e: Event): void {
    e.preventDefault();
    if (this.disabled) return;
    const name = parseNetworkName(this._name);
    const mwm = parseMwm(this._mwm, this.minMwm, this.maxMwm);
    this._nameError = 'error' in name ? name.error : '';
    this._mwmError = 'error' in mwm ? mwm.error : '';
    if ('error' in name || 'error' in mwm) {
      this.renderRoot.querySelector<HTMLInputElement>('error' in name ? '#network-name' : '#network-mwm')?.focus();
      return;
    }
    this._name = '';
    this._mwm = '';
    if (name.name === this.network.name && mwm.mwm === this.network.mwm) return;
    this._switch({ name: name.name, mwm: mwm.mwm });
  }

  override render() {
    const n = this.network;
    const others = this.known.filter((k) => k.name !== n.name || k.mwm !== n.mwm);
    return html`
      <section class="card" part="card" aria-labelledby="network-title">
        <h2 id="network-title">${msg('Network')}</h2>
        <p class="hint">
          ${msg(
            html`This device works on network <strong data-testid="network-current">${n.name}</strong> with MWM <strong data-testid="network-mwm-current">${n.mwm}</strong>: each of its transactions needs a proof of work of at least that many zero trits. Each network keeps its own copy of the Tangle on this device, so switching never changes a stored transaction, and a file from another network is refused with both names.`,
          )}
        </p>
        ${others.length > 0
          ? html`<h3>${msg('Other networks on this device')}</h3>
              <ul class="networks" data-testid="network-others">
                ${others.map(
                  (k) => html`<li>
                    <span>${msg(str`${k.name} (MWM ${k.mwm})`)}</span>
                    <button type="button" class="secondary" ?disabled=${this.disabled} @click=${() => this._switch(k)}>
                      ${msg(str`Switch to ${k.name}`)}
                    </button>
                  </li>`,
                )}
              </ul>`
          : nothing}
        <form @submit=${this._onSubmit} novalidate>
          <h3>${msg('Join or start another network')}</h3>
          <div class="fields">
            <div>
              <label for="network-name">${msg('Network name')}</label>
              <div id="network-name-hint" class="hint">${msg('Letters, digits and hyphens, as the other devices spell it.')}</div>
              <input
                id="network-name"
                type="text"
                autocomplete="off"
                spellcheck="false"
                data-testid="network-name"
                .value=${this._name}
                aria-invalid=${this._nameError ? 'true' : 'false'}
                aria-describedby="network-name-hint network-name-error"
                ?disabled=${this.disabled}
                @input=${(e: Event) => {
                  this._name = (e.target as HTMLInputElement).value;
                  this._nameError = '';
                }}
              />
              <div id="network-name-error" aria-live="assertive">
                ${this._nameError ? html`<p class="notice error" data-testid="network-name-error">${this._nameError}</p>` : nothing}
              </div>
            </div>
            <div>
              <label for="network-mwm">${msg('Network MWM')}</label>
              <div id="network-mwm-hint" class="hint">${msg(str`${this.minMwm} to ${this.maxMwm}; tests use small values such as 3.`)}</div>
              <input
                id="network-mwm"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                data-testid="network-mwm"
                .value=${this._mwm}
                aria-invalid=${this._mwmError ? 'true' : 'false'}
                aria-describedby="network-mwm-hint network-mwm-error"
                ?disabled=${this.disabled}
                @input=${(e: Event) => {
                  this._mwm = (e.target as HTMLInputElement).value;
                  this._mwmError = '';
                }}
              />
              <div id="network-mwm-error" aria-live="assertive">
                ${this._mwmError ? html`<p class="notice error" data-testid="network-mwm-error">${this._mwmError}</p>` : nothing}
              </div>
            </div>
          </div>
          <button type="submit" class="secondary" data-testid="network-switch" ?disabled=${this.disabled}>${msg('Switch network')}</button>
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
