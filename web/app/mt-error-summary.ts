// The error summary at the top of a form (in the style of the GOV.UK Design System's): on a failed
// submit it takes focus, says there is a problem, and lists each error as a link to its field. The
// same message stands beside the field. Properties in, nothing out: the links are plain fragment
// links within the host, handled here by focusing the field.
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { shared } from './styles.ts';

/** One error of the summary: the field's element id in the host's shadow root, and the message. */
export interface SummaryError {
  field: string;
  message: string;
}

/**
 * The error summary.
 *
 * @csspart box - The summary's box.
 */
@customElement('mt-error-summary')
@localized()
export class MtErrorSummary extends LitElement {
  static override styles = [shared];

  @property({ attribute: false }) errors: SummaryError[] = [];
  /** The root in which the fields live (the form's shadow root). */
  @property({ attribute: false }) root: ShadowRoot | Document | null = null;

  /** Moves focus to the summary; called by the form on a failed submit. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('[role="alert"]')?.focus();
  }

  private _go(e: Event, field: string): void {
    e.preventDefault();
    const el = this.root?.getElementById(field) as HTMLElement | null;
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  }

  override render() {
    if (this.errors.length === 0) return nothing;
    return html`
      <div class="notice error" role="alert" tabindex="-1" part="box" data-testid="error-summary" aria-labelledby="summary-title">
        <h2 id="summary-title">${msg('There is a problem')}</h2>
        <ul>
          ${this.errors.map((e) => html`<li><a href=${`#${e.field}`} @click=${(ev: Event) => this._go(ev, e.field)}>${e.message}</a></li>`)}
        </ul>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-error-summary': MtErrorSummary;
  }
}
