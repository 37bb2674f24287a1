// The About screen: what medtangle is and what it does with your data, in a few plain sentences.
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { shared } from './styles.ts';

/**
 * About medtangle.
 *
 * @csspart card - The card with the text.
 */
@customElement('mt-about')
@localized()
export class MtAbout extends LitElement {
  static override styles = [
    shared,
    css`
      h1 {
        font-size: 1.5rem;
        margin: 0 0 0.5rem;
      }
      li {
        margin: 0 0 0.4rem;
      }
    `,
  ];

  override render() {
    return html`
      <h1 tabindex="-1">${msg('About medtangle')}</h1>
      <section class="card" part="card">
        <p>
          ${msg('medtangle keeps your medical records on your own device and lets you share them with the doctors you choose. There is no medtangle server: the app is a set of files that your browser keeps, and it works without a network.')}
        </p>
        <ul>
          <li>
            ${msg('Records are meant to be stored encrypted, readable only by those you allow. That is not built yet: this version holds only test bundles, and their text is stored and exported as you type it, unencrypted. Do not enter real medical details in it.')}
          </li>
          <li>
            ${msg('Devices exchange records by a file you carry (Export and Import on the Tangle screen). Direct exchange between nearby devices comes later.')}
          </li>
          <li>
            ${msg('Each record travels as small transactions with a proof of work, in a shared structure called a Tangle. The Device check shows how long that takes on this device.')}
          </li>
        </ul>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-about': MtAbout;
  }
}
