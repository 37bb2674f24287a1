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
            ${msg('Your identity is 24 words that only you hold. What you add to your record is encrypted on this device before it is stored, with keys made from those words: a copy of your data cannot be read without them.')}
          </li>
          <li>
            ${msg('Your passphrase unlocks the app on this device, and the app locks itself when you leave it. If you forget the passphrase, your 24 words bring everything back.')}
          </li>
          <li>
            ${msg('Devices exchange records by a file you carry (Export and Import, under Advanced on the Tangle screen). Direct exchange between nearby devices comes later.')}
          </li>
          <li>
            ${msg('Each record travels as small transactions with a proof of work, in a shared structure called a Tangle. The Device check shows how long that takes on this device.')}
          </li>
          <li>
            ${msg('The test messages under Advanced are not encrypted: put no real medical details in them.')}
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
