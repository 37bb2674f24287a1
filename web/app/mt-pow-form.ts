// The "Try a proof of work" card of the Device check: a text, an MWM, Run and Cancel, a progress
// bar, and the found nonce with its hash. It validates its own fields and asks for a run; the
// search itself happens in the PoW controller.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { PowDraft, SearchView } from './controllers/pow-controller.ts';
import { formatAboutDuration, formatCount, formatElapsed, formatRate } from './format.ts';
import { nAttempts, nWorkers } from './i18n/plural.ts';
import { parseMwm } from './mwm.ts';
import { LongJobFocus } from './controllers/long-job-focus.ts';
import { shared } from './styles.ts';

export { parseMwm };

/** Detail of the `pow-run` event. */
export interface PowRunDetail {
  text: string;
  mwm: number;
}

/** The text the form starts with, in the language shown. */
const _exampleText = () => msg('Headache since Tuesday, worse in the morning.');

/**
 * A form that runs one proof of work over a text and shows the result.
 *
 * @fires pow-run - The user asked for a run; detail is {@link PowRunDetail}.
 * @fires pow-cancel - The user asked to stop the running search (no detail).
 * @fires pow-draft - The user typed in a field; detail is the fields as typed, a PowDraft, for
 *   the host to keep (this element goes away when the user leaves the screen).
 * @csspart card - The card around the whole section.
 */
@customElement('mt-pow-form')
@localized()
export class MtPowForm extends LitElement {

  static override styles = shared;

  /** The search's state, from the PoW controller. */

  constructor() {
    super();
    // Focus to Cancel while the search runs and back to Run after; Escape cancels.
    new LongJobFocus(this, {
      running: () => this.view?.state === 'running',
      cancel: () => this._onCancel(),
      cancelSelector: '[data-testid="pow-cancel"]',
      returnSelector: '[data-testid="pow-run"]',
    });
  }

  @property({ attribute: false }) view: SearchView | null = null;

  /** The MWM the field starts with (the network's). */
  @property({ type: Number, attribute: 'default-mwm' }) defaultMwm = 13;
  @property({ type: Number, attribute: 'min-mwm' }) minMwm = 1;
  @property({ type: Number, attribute: 'max-mwm' }) maxMwm = 20;

  /** True when the workers are busy with something else, so Run is unavailable. */
  @property({ type: Boolean }) disabled = false;

  /** The fields as last typed (kept by the host across visits); null shows the defaults. */
  @property({ attribute: false }) draft: PowDraft | null = null;

  @state() private _mwmError = '';

  private get _text(): string {
    return this.draft?.text ?? _exampleText();
  }

  private get _mwmRaw(): string | null {
    return this.draft?.mwm ?? null;
  }

  private _setDraft(patch: Partial<PowDraft>): void {
    this.draft = { text: this.draft?.text ?? null, mwm: this.draft?.mwm ?? null, ...patch };
    this.dispatchEvent(new CustomEvent<PowDraft>('pow-draft', { detail: this.draft, bubbles: true, composed: true }));
  }

  private _onText(e: Event): void {
    this._setDraft({ text: (e.target as HTMLTextAreaElement).value });
  }

  private _onMwm(e: Event): void {
    this._setDraft({ mwm: (e.target as HTMLInputElement).value });
    if (this._mwmError) this._mwmError = '';
  }

  private _onSubmit(e: Event): void {
    e.preventDefault();
    if (this.view?.state === 'running' || this.disabled) return;
    const parsed = parseMwm(this._mwmRaw ?? String(this.defaultMwm), this.minMwm, this.maxMwm);
    if ('error' in parsed) {
      this._mwmError = parsed.error;
      this.renderRoot.querySelector<HTMLInputElement>('#mwm')?.focus();
      return;
    }
    this._mwmError = '';
    const detail: PowRunDetail = { text: this._text, mwm: parsed.mwm };
    this.dispatchEvent(new CustomEvent<PowRunDetail>('pow-run', { detail, bubbles: true, composed: true }));
  }

  private _onCancel(): void {
    this.dispatchEvent(new CustomEvent('pow-cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const v = this.view;
    const running = v?.state === 'running';
    return html`
      <section class="card" part="card" aria-labelledby="pow-title">
        <h2 id="pow-title">${msg('Try a proof of work')}</h2>
        <p class="hint">
          ${msg('Type any text. It is hashed on this device (nothing is sent anywhere), and the workers look for a number, the nonce, that gives a hash beginning with at least MWM zero trits (ternary digits). Each extra zero makes the search three times longer on average.')}
        </p>
        <form @submit=${this._onSubmit} novalidate>
          <label for="text">${msg('Text')}</label>
          <textarea
            id="text"
            rows="3"
            data-testid="pow-text"
            ?data-example=${this.draft?.text == null}
            .value=${this._text}
            ?disabled=${running}
            @input=${this._onText}
          ></textarea>
          <div style="margin-top: 0.75rem; max-width: 22rem">
            <label for="mwm">${msg('MWM (minimum weight magnitude)')}</label>
            <input
              id="mwm"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              data-testid="pow-mwm"
              ?data-example=${this._mwmRaw === null}
              .value=${this._mwmRaw ?? String(this.defaultMwm)}
              aria-invalid=${this._mwmError ? 'true' : 'false'}
              aria-describedby="mwm-hint mwm-error"
              ?disabled=${running}
              @input=${this._onMwm}
            />
            <div id="mwm-hint" class="hint">
              ${msg(str`${this.minMwm} to ${this.maxMwm}; the network uses ${this.defaultMwm}.`)}
            </div>
          </div>
          <div id="mwm-error" aria-live="assertive">
            ${this._mwmError
              ? html`<p class="notice error" data-testid="pow-mwm-error">${this._mwmError}</p>`
              : nothing}
          </div>
          <div class="row" style="margin-top: 0.75rem">
            <button type="submit" data-testid="pow-run" ?disabled=${running || this.disabled}>${msg('Run')}</button>
            <button
              type="button"
              class="secondary"
              data-testid="pow-cancel"
              ?disabled=${!running}
              @click=${this._onCancel}
            >
              ${msg('Cancel')}
            </button>
          </div>
        </form>
        ${running && v ? this._renderProgress(v) : nothing} ${v ? this._renderOutcome(v) : nothing}
      </section>
    `;
  }

  private _renderProgress(v: SearchView) {
    const p = v.progress;
    const attempts = p?.attempts ?? 0;
    const expected = v.expectedAttempts;
    const beyond = attempts > expected;
    return html`
      <div data-testid="pow-progress" role="status" style="margin-top: 0.75rem">
        <progress
          max=${expected}
          value=${Math.min(attempts, expected)}
          aria-label=${msg('Attempts so far, out of the expected number')}
        ></progress>
        <p class="hint">
          ${msg(html`<span data-testid="pow-attempts">${formatCount(attempts)}</span> of about ${formatCount(expected)} expected attempts`)}
          ${p
            ? html` · ${msg(str`${formatRate(p.attemptsPerSecond)} per second with ${nWorkers(p.workers)}`)} ·
                ${beyond
                  ? msg('taking longer than average, which happens: the search is a matter of luck')
                  : msg(str`${formatAboutDuration(p.etaSeconds)} left`)}`
            : html` · ${msg('starting the workers…')}`}
        </p>
      </div>
    `;
  }

  private _renderOutcome(v: SearchView) {
    switch (v.state) {
      case 'cancelled':
        return html`<p class="notice warn" role="status" data-testid="pow-cancelled">
          ${v.leftScreen
            ? msg('Cancelled because you left this screen: the search was stopped before a nonce was found.')
            : msg('Cancelled: the search was stopped before a nonce was found.')}
        </p>`;
      case 'failed':
        return html`<p class="notice error" role="alert" data-testid="pow-error">
          ${msg(str`The proof of work failed: ${v.error}`)}
        </p>`;
      case 'done': {
        const r = v.result!;
        return html`
          <div class="notice ok" data-testid="pow-result" role="status">
            <p>
              ${msg(str`Found a nonce with weight ${r.weight} (at least ${r.mwm} needed) after ${nAttempts(r.attempts)}.`)}
            </p>
            <dl>
              <dt>${msg('Nonce')}</dt>
              <dd class="mono" data-testid="pow-nonce">${r.nonce}</dd>
              <dt>${msg('Hash (trytes)')}</dt>
              <dd class="mono" data-testid="pow-hash">${r.hashTrytes}</dd>
              <dt>${msg('Weight')}</dt>
              <dd data-testid="pow-weight">${r.weight}</dd>
              <dt>${msg('Time taken')}</dt>
              <dd data-testid="pow-time">${msg(str`${formatElapsed(r.elapsedMs)} with ${nWorkers(r.workers)}`)}</dd>
            </dl>
          </div>
        `;
      }
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-pow-form': MtPowForm;
  }
}
