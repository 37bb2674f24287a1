// A doctor's inbox. Requests from patients arrive with the care screens; until then the inbox says
// so plainly and shows the doctor what patients will need to reach them.
import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { IdentityController } from './controllers/identity-controller.ts';
import { shared } from './styles.ts';

/**
 * The doctor's inbox.
 */
@customElement('mt-inbox')
@localized()
export class MtInbox extends LitElement {
  static override styles = [shared];
  readonly #identity = new IdentityController(this);

  override render() {
    const info = this.#identity.info;
    return html`
      <h1 tabindex="-1">${msg('Inbox')}</h1>
      <section class="card">
        <p data-testid="inbox-empty">${msg('No requests yet. When a patient sends you a request, it appears here.')}</p>
        ${info
          ? html`<p class="hint">
              ${msg('Patients reach you through your public profile, which you can publish once the doctors’ directory arrives. Your key for first contacts:')}
              <span class="mono" data-testid="agreement-key">${info.agreementKey}</span>
            </p>`
          : ''}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-inbox': MtInbox;
  }
}
