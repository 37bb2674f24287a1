// The language switch: one button per language the app speaks, each named in itself ("English",
// "Українська") so that a person who reads only one of them finds it, with aria-pressed on the one
// in use. Choosing one switches the whole app at once and keeps the choice (web/app/i18n). It sits
// in the app's header, and on any screen that places it.
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { LANGUAGES, currentLanguage, setLanguage, type Language } from './i18n/index.ts';
import { tokens } from './styles.ts';

/** Detail of the `language-change` event: the language now shown. */
export interface LanguageChangeDetail {
  language: Language;
}

/**
 * The language switch.
 *
 * @fires language-change - The app now speaks the chosen language; detail is {@link LanguageChangeDetail}.
 * @csspart group - The group around the buttons.
 */
@customElement('mt-language-picker')
@localized()
export class MtLanguagePicker extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: inline-block;
        max-width: 100%;
      }
      /* The two languages sit side by side, and one above the other when the row has no room
         (320 px at 200% text, WCAG 1.4.10). */
      div {
        display: inline-flex;
        flex-wrap: wrap;
        border: 1px solid var(--mt-accent);
        border-radius: 8px;
        overflow: hidden;
      }
      button {
        font: inherit;
        font-size: 0.85rem;
        min-height: 2.75rem;
        min-width: 2.75rem;
        padding: 0.3rem 0.7rem;
        border: none;
        background: transparent;
        color: var(--mt-accent);
        cursor: pointer;
      }
      button[aria-pressed='true'] {
        background: var(--mt-accent);
        color: var(--mt-accent-text);
        font-weight: 600;
      }
      button:focus-visible {
        outline: 3px solid var(--mt-focus);
        outline-offset: -3px;
      }
    `,
  ];

  /** The language being loaded after a choice, until the app speaks it. */
  @state() private _pending: Language | null = null;

  private async _choose(language: Language): Promise<void> {
    if (language === currentLanguage() && this._pending === null) return;
    this._pending = language;
    try {
      await setLanguage(language);
    } finally {
      this._pending = null;
    }
    this.dispatchEvent(
      new CustomEvent<LanguageChangeDetail>('language-change', { detail: { language: currentLanguage() }, bubbles: true, composed: true }),
    );
  }

  override render() {
    const shown = this._pending ?? currentLanguage();
    return html`<div role="group" part="group" aria-label=${msg('Language')} data-testid="language-picker">
      ${LANGUAGES.map(
        (l) => html`<button
          type="button"
          lang=${l.code}
          data-testid=${`language-${l.code}`}
          aria-pressed=${l.code === shown ? 'true' : 'false'}
          @click=${() => void this._choose(l.code)}
        >
          ${l.name}
        </button>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-language-picker': MtLanguagePicker;
  }
}
