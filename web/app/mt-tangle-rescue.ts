// The Tangle screen's rescue card, shown when this device's copy of the Tangle cannot be used (it
// is damaged, or it belongs to another network than the one chosen). It says what is wrong in plain
// words and offers, in order: save what can still be read to a file, then delete the copy and start
// a fresh one (after a confirmation), into which that file can be imported; every transaction in it
// is checked again there. The Tangle controller does the work.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Network } from '../core/network/index.ts';
import type { TangleController } from './controllers/tangle-controller.ts';
import { plural } from './i18n/plural.ts';
import { formatCount } from './format.ts';
import { shared } from './styles.ts';

/**
 * The rescue of a copy of the Tangle that cannot be used.
 *
 * @fires rescue-save - The user asked to save what can be read (no detail).
 * @fires rescue-fresh - The user confirmed deleting the copy to start a fresh one (no detail).
 * @csspart card - The card around the section.
 */
@customElement('mt-tangle-rescue')
@localized()
export class MtTangleRescue extends LitElement {
  static override styles = [shared];

  /** What is wrong, as the replica said it. */
  @property({ attribute: false }) problem = '';
  /** The network whose copy this is. */
  @property({ attribute: false }) network: Network | null = null;
  /** The rescue's state, from the Tangle controller. */
  @property({ attribute: false }) view: TangleController['rescue'] | null = null;

  @state() private _confirming = false;

  private _emit(name: 'rescue-save' | 'rescue-fresh'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  private async _ask(): Promise<void> {
    this._confirming = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="rescue-keep"]')?.focus();
  }

  override render() {
    const v = this.view;
    const busy = v?.state === 'saving' || v?.state === 'deleting';
    const name = this.network ? msg(str`network ${this.network.name} (MWM ${this.network.mwm})`) : msg('this network');
    return html`
      <section class="card" part="card" aria-labelledby="rescue-title" data-testid="rescue">
        <h2 id="rescue-title">${msg('This copy of the Tangle cannot be used')}</h2>
        <p class="notice error" role="alert" data-testid="rescue-problem">
          ${msg(str`This device’s copy of the Tangle for ${name} cannot be used: ${this.problem}.`)}
        </p>
        <p>${msg('Nothing is shown or changed until you choose what to do:')}</p>
        <ol>
          <li>${msg('Save what can still be read to a file, so nothing readable is lost.')}</li>
          <li>
            ${msg('Delete this copy and start a fresh one, then import the saved file in “Move transactions by file”: every transaction in it is checked again, and only valid ones are stored.')}
          </li>
        </ol>
        <p class="hint">${msg('Or switch to another network in the Network card below: this copy stays as it is.')}</p>
        <div class="row">
          <button type="button" data-testid="rescue-save" ?disabled=${busy} @click=${() => this._emit('rescue-save')}>
            ${v?.state === 'saving' ? msg('Saving…') : msg('Save what can be read')}
          </button>
          ${this._confirming
            ? nothing
            : html`<button type="button" class="secondary" data-testid="rescue-fresh" ?disabled=${busy} @click=${() => void this._ask()}>
                ${msg('Delete this copy and start fresh…')}
              </button>`}
        </div>
        ${this._confirming
          ? html`<div class="notice warn" role="group" aria-labelledby="rescue-confirm-text" data-testid="rescue-confirm">
              <p id="rescue-confirm-text">
                ${msg(str`Delete this device’s copy of the Tangle for ${name}? What you have not saved to a file is gone for good.`)}
              </p>
              <div class="row">
                <button
                  type="button"
                  data-testid="rescue-delete"
                  ?disabled=${busy}
                  @click=${() => {
                    this._confirming = false;
                    this._emit('rescue-fresh');
                  }}
                >
                  ${msg('Yes, delete it')}
                </button>
                <button type="button" class="secondary" data-testid="rescue-keep" @click=${() => (this._confirming = false)}>${msg('Keep it')}</button>
              </div>
            </div>`
          : nothing}
        ${v?.state === 'saved'
          ? html`<p class="notice ok" role="status" data-testid="rescue-saved">
              ${plural(v.txs, {
                one: msg(str`Saved ${formatCount(v.txs)} transaction as ${v.fileName}.`, { id: 'rescue-saved.one' }),
                few: msg(str`Saved ${formatCount(v.txs)} transactions as ${v.fileName}.`, { id: 'rescue-saved.few' }),
                many: msg(str`Saved ${formatCount(v.txs)} transactions as ${v.fileName}.`, { id: 'rescue-saved.many' }),
                other: msg(str`Saved ${formatCount(v.txs)} transactions as ${v.fileName}.`, { id: 'rescue-saved.other' }),
              })}
            </p>`
          : nothing}
        ${v?.state === 'deleting' ? html`<p class="hint" role="status">${msg('Deleting this copy…')}</p>` : nothing}
        ${v?.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="rescue-error">${v.error}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tangle-rescue': MtTangleRescue;
  }
}
