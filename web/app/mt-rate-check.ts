// The "How fast is this device?" card of the Device check: a Measure button, a short progress bar
// and the result in plain words. It only renders what it is given and asks for a measurement.
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { RateView } from './controllers/pow-controller.ts';
import { formatAboutDuration, formatCount, formatRate } from './format.ts';
import { nAttempts, nTransactions, nWorkers } from './i18n/plural.ts';
import { shared } from './styles.ts';

/**
 * Measures proof-of-work speed and explains what it means for sending records.
 *
 * @fires rate-measure - The user asked for a measurement (no detail).
 * @csspart card - The card around the whole section.
 */
@customElement('mt-rate-check')
@localized()
export class MtRateCheck extends LitElement {
  static override styles = shared;

  /** The measurement's state, from the PoW controller. */
  @property({ attribute: false }) view: RateView | null = null;

  /** True when the workers are busy with something else, so Measure is unavailable. */
  @property({ type: Boolean }) disabled = false;

  private _onMeasure(): void {
    this.dispatchEvent(new CustomEvent('rate-measure', { bubbles: true, composed: true }));
  }

  override render() {
    const v = this.view;
    const running = v?.state === 'running';
    return html`
      <section class="card" part="card" aria-labelledby="rate-title">
        <h2 id="rate-title">${msg('How fast is this device?')}</h2>
        <p class="hint">
          ${msg(str`Every transaction carries a proof of work: the device tries numbers until one gives a hash with enough zeros. Measuring takes ${formatAboutDuration((v?.durationMs ?? 2000) / 1000)} and uses all of the device's processor cores.`)}
        </p>
        <div class="row">
          <button data-testid="rate-measure" ?disabled=${running || this.disabled} @click=${this._onMeasure}>
            ${running ? msg('Measuring…') : v?.summary ? msg('Measure again') : msg('Measure')}
          </button>
        </div>
        ${running ? this._renderProgress(v) : nothing}
        ${v?.state === 'failed'
          ? html`<p class="notice error" role="alert" data-testid="rate-error">
              ${msg(str`The measurement failed: ${v.error}`)}
            </p>`
          : nothing}
        ${v?.state === 'cancelled'
          ? html`<p class="notice warn" role="status" data-testid="rate-cancelled">
              ${v.leftScreen ? msg('The measurement was stopped because you left this screen.') : msg('The measurement was stopped.')}
            </p>`
          : nothing}
        ${v?.summary && !running ? this._renderSummary(v) : nothing}
      </section>
    `;
  }

  private _renderProgress(v: RateView) {
    const elapsed = Math.min(v.progress?.elapsedMs ?? 0, v.durationMs);
    return html`
      <div data-testid="rate-progress" role="status">
        <progress max=${v.durationMs} value=${elapsed} aria-label=${msg('Measurement progress')}></progress>
        <p class="hint">
          ${v.progress
            ? msg(
                str`${nAttempts(v.progress.attempts)} so far, about ${formatRate(v.progress.attemptsPerSecond)} per second with ${nWorkers(v.progress.workers)}.`,
              )
            : msg('Starting the workers…')}
        </p>
      </div>
    `;
  }

  private _renderSummary(v: RateView) {
    const s = v.summary!;
    return html`
      <div class="notice ok" data-testid="rate-result" role="status">
        <p>
          ${msg(
            html`This device makes about <strong data-testid="rate-aps">${formatRate(s.attemptsPerSecond)}</strong> attempts per second, using <strong data-testid="rate-workers">${nWorkers(s.workers)}</strong> (one per processor core).`,
          )}
        </p>
        <p>
          ${msg(
            html`At the network's difficulty (MWM ${s.networkMwm}), one transaction needs about ${formatCount(s.expectedAttempts)} attempts on average. So sending <strong>one transaction</strong> takes <strong data-testid="rate-tx-time">${formatAboutDuration(s.secondsPerTransaction)}</strong>, and a typical <strong>record of ${nTransactions(s.transactionsPerRecord)}</strong> takes <strong data-testid="rate-record-time">${formatAboutDuration(s.secondsPerRecord)}</strong>.`,
          )}
        </p>
        <p class="hint">
          ${msg('These are averages. The search is a matter of luck: a single transaction can take several times longer, or much less.')}
        </p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-rate-check': MtRateCheck;
  }
}
