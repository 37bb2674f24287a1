// The Advanced screen: the parts of the app for the curious and for support, kept away from the
// everyday screens: this device's copy of the Tangle (and its network), the Device check, and the
// Simulation lab (docs/simulation.md).
import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { shared } from './styles.ts';

/**
 * The Advanced screen.
 */
@customElement('mt-advanced')
@localized()
export class MtAdvanced extends LitElement {
  static override styles = [shared];

  override render() {
    return html`
      <h1 tabindex="-1">${msg('Advanced')}</h1>
      <p>${msg('What happens under the hood. You do not need these screens to keep or share your records.')}</p>
      <section class="card">
        <h2><a href="#/tangle" data-testid="nav-tangle">${msg('Tangle and network')}</a></h2>
        <p>${msg('This device’s copy of the Tangle: the transactions it holds, which network it belongs to, and moving transactions by file.')}</p>
      </section>
      <section class="card">
        <h2><a href="#/device" data-testid="nav-device">${msg('Device check')}</a></h2>
        <p>${msg('How long this device takes for the proof of work that every record needs.')}</p>
      </section>
      <section class="card">
        <h2><a href="#/simulation" data-testid="nav-simulation">${msg('Simulation')}</a></h2>
        <p>${msg('Simulate many clinics sharing records on a Tangle, and the same work on a blockchain, on this device: how long records wait to be confirmed, and how much work they cost.')}</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-advanced': MtAdvanced;
  }
}
