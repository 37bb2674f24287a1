// The Simulation screen (issue 12; docs/simulation.md): choose a scenario, set its parameters, run
// it in the simulation worker with a progress bar and Cancel, then read the Tangle and the
// blockchain side by side, with plots of tips over time and of the latencies, and save the result
// as CSV or JSON. The simulator is the one `npm run sim` runs, on the app's own WASM core.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { localized, msg, str } from '@lit/localize';
import { formatNumber, type MetricRow, type SimResult } from '../core/sim/index.ts';
import { svgHistograms, svgLines } from '../core/sim/plot.ts';
import type { SimRequest } from '../workers/sim-api.ts';
import { SimController } from './controllers/sim-controller.ts';
import { LongJobFocus } from './controllers/long-job-focus.ts';
import type { MtErrorSummary, SummaryError } from './mt-error-summary.ts';
import './mt-error-summary.ts';
import { shared } from './styles.ts';

type Scenario = SimRequest['scenario'];
type Field = 'lambda' | 'bundles' | 'h' | 'alpha' | 'mwm' | 'seed' | 'blockInterval' | 'blockBytes' | 'k' | 'deviceHashRate' | 'miners';

/** A number field: its limits, and whether it must be whole. */
const LIMITS: Record<Field, { min: number; max: number; integer: boolean }> = {
  lambda: { min: 0.01, max: 10_000, integer: false },
  bundles: { min: 100, max: 2_000_000, integer: true },
  h: { min: 0.01, max: 1000, integer: false },
  alpha: { min: 0, max: 10, integer: false },
  mwm: { min: 1, max: 20, integer: true },
  seed: { min: 0, max: 2 ** 21 - 1, integer: true },
  blockInterval: { min: 0.01, max: 1e6, integer: false },
  blockBytes: { min: 1360, max: 1e9, integer: true },
  k: { min: 0, max: 100, integer: true },
  deviceHashRate: { min: 1, max: 1e12, integer: false },
  miners: { min: 1, max: 1e6, integer: true },
};

const DEFAULTS: Record<Field, string> = {
  lambda: '10',
  bundles: '20000',
  h: '1',
  alpha: '0.1',
  mwm: '13',
  seed: '1',
  blockInterval: '10',
  blockBytes: '1000000',
  k: '6',
  deviceHashRate: '1000000',
  miners: '100',
};

/** The blockchain's defaults for the medical presets (time in seconds). */
const PRESET_CHAIN: Partial<Record<Field, string>> = { blockInterval: '60' };

/**
 * The simulation screen. Self-contained: it owns its controller and worker.
 */
@customElement('mt-simulation')
@localized()
export class MtSimulation extends LitElement {
  static override styles = [
    shared,
    css`
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 1rem;
      }
      legend {
        font-weight: bold;
        margin-bottom: 0.5rem;
      }
      .field {
        margin-bottom: 0.75rem;
        max-width: 22rem;
      }
      .field.error {
        border-left: 4px solid #d4351c;
        padding-left: 0.75rem;
      }
      .error-message {
        color: #d4351c;
        font-weight: bold;
        margin: 0.25rem 0;
      }
      .radios label {
        display: block;
        font-weight: normal;
        margin: 0.25rem 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid #b1b4b6;
        vertical-align: top;
      }
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .plot {
        max-width: 100%;
        overflow-x: auto;
        margin: 1rem 0;
      }
      .plot svg {
        max-width: 100%;
        height: auto;
      }
    `,
  ];

  readonly #sim = new SimController(this);

  constructor() {
    super();
    new LongJobFocus(this, {
      running: () => this.#sim.view.state === 'running',
      cancel: () => this.#sim.cancel(),
      cancelSelector: '[data-testid="sim-cancel"]',
      returnSelector: '[data-testid="sim-run"]',
    });
  }

  @state() private _scenario: Scenario = 'walk';
  @state() private _values: Record<Field, string> = { ...DEFAULTS };
  @state() private _errors: Partial<Record<Field, string>> = {};

  private _label(f: Field): string {
    const medical = this._scenario === 'district' || this._scenario === 'national';
    switch (f) {
      case 'lambda':
        return msg('Transactions arriving per time unit (λ)');
      case 'bundles':
        return msg('Transactions to simulate');
      case 'h':
        return msg('Network delay (h), in time units');
      case 'alpha':
        return msg('Randomness of the walk (α)');
      case 'mwm':
        return msg('MWM (minimum weight magnitude)');
      case 'seed':
        return msg('Seed');
      case 'blockInterval':
        return medical ? msg('Time between blocks, in seconds') : msg('Time between blocks, in time units');
      case 'blockBytes':
        return msg('Block size limit, in bytes');
      case 'k':
        return msg('Blocks on top before a transaction counts as confirmed');
      case 'deviceHashRate':
        return msg('Proof-of-work speed of one device, in attempts a second');
      case 'miners':
        return msg('Devices mining blocks');
    }
  }

  private _hint(f: Field): string {
    switch (f) {
      case 'alpha':
        return msg('0 walks at random; larger values follow the heaviest path more strictly. The app uses 0.1.');
      case 'mwm':
        return msg('Each transaction takes 3 to the power of MWM attempts on average. The network uses 13.');
      case 'seed':
        return msg('The same seed and fields always give the same result.');
      case 'deviceHashRate':
        return msg('The Device check measures this device. Every clinic, or every mining device, mines at this speed.');
      case 'bundles':
        return msg('More takes longer: 100,000 take a few seconds with uniform tips.');
      default:
        return '';
    }
  }

  /** Checks every shown field; returns the request, or null after setting the errors. */
  private _check(): SimRequest | null {
    const errors: Partial<Record<Field, string>> = {};
    const n: Partial<Record<Field, number>> = {};
    for (const f of this._fields()) {
      const raw = this._values[f].trim().replace(/[\s,]/g, '');
      const v = Number(raw);
      const { min, max, integer } = LIMITS[f];
      const label = this._label(f);
      if (raw === '') errors[f] = msg(str`Enter ${label.toLowerCase()}`);
      else if (!Number.isFinite(v)) errors[f] = msg(str`${label} must be a number`);
      else if (integer && !Number.isInteger(v)) errors[f] = msg(str`${label} must be a whole number`);
      else if (v < min || v > max) errors[f] = msg(str`${label} must be from ${formatNumber(min)} to ${formatNumber(max)}`);
      else n[f] = v;
    }
    this._errors = errors;
    if (Object.keys(errors).length > 0) return null;
    const get = (f: Field) => n[f] ?? Number(DEFAULTS[f]);
    return {
      scenario: this._scenario,
      lambda: get('lambda'),
      bundles: get('bundles'),
      h: get('h'),
      alpha: this._scenario === 'urts' ? 0 : get('alpha'),
      mwm: get('mwm'),
      seed: get('seed'),
      blockInterval: get('blockInterval'),
      blockBytes: get('blockBytes'),
      k: get('k'),
      deviceHashRate: get('deviceHashRate'),
      miners: get('miners'),
    };
  }

  /** The fields the scenario uses, in the order shown. */
  private _fields(): Field[] {
    const theory = this._scenario === 'urts' || this._scenario === 'walk';
    return [
      ...(theory ? (['lambda', 'bundles', 'h'] as Field[]) : []),
      ...(this._scenario === 'walk' ? (['alpha'] as Field[]) : []),
      'mwm',
      'seed',
      'blockInterval',
      'blockBytes',
      'k',
      'deviceHashRate',
      ...(theory ? (['miners'] as Field[]) : []),
    ];
  }

  private _onScenario(s: Scenario): void {
    const wasMedical = this._scenario === 'district' || this._scenario === 'national';
    const medical = s === 'district' || s === 'national';
    this._scenario = s;
    if (medical !== wasMedical) this._values = { ...this._values, blockInterval: medical ? PRESET_CHAIN.blockInterval! : DEFAULTS.blockInterval };
    this._errors = {};
  }

  private _onSubmit(e: Event): void {
    e.preventDefault();
    if (this.#sim.view.state === 'running') return;
    const req = this._check();
    if (!req) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<MtErrorSummary>('mt-error-summary')?.focus());
      return;
    }
    this.#sim.run(req);
  }

  override render() {
    const v = this.#sim.view;
    const running = v.state === 'running';
    const summary: SummaryError[] = this._fields()
      .filter((f) => this._errors[f])
      .map((f) => ({ field: f, message: this._errors[f]! }));
    return html`
      <section class="card" aria-labelledby="sim-title">
        <h1 id="sim-title">${msg('Simulation')}</h1>
        <p class="hint">
          ${msg('Compare the Tangle this app uses with a blockchain on the same workload. The simulation runs on this device, with the same code the app uses to choose where new records attach. Nothing is sent anywhere.')}
        </p>
        <mt-error-summary .errors=${summary} .root=${this.renderRoot as ShadowRoot}></mt-error-summary>
        <form @submit=${this._onSubmit} novalidate>
          <fieldset class="radios" ?disabled=${running}>
            <legend>${msg('Scenario')}</legend>
            ${this._radio('urts', msg('Theory: uniform random tips'))} ${this._radio('walk', msg('Theory: the app\'s weighted walk'))}
            ${this._radio('district', msg('A district of 50 clinics, for a week'))} ${this._radio('national', msg('A national network of 2,000 clinics, for a day'))}
          </fieldset>
          <fieldset ?disabled=${running}>
            <legend>${msg('Parameters')}</legend>
            ${this._fields().map((f) => this._field(f))}
          </fieldset>
          <div class="row">
            <button type="submit" data-testid="sim-run" ?disabled=${running}>${msg('Run')}</button>
            <button type="button" class="secondary" data-testid="sim-cancel" ?disabled=${!running} @click=${() => this.#sim.cancel()}>${msg('Cancel')}</button>
          </div>
        </form>
        ${running
          ? html`<div role="status" data-testid="sim-progress" style="margin-top: 0.75rem">
              <progress max="1" value=${v.progress} aria-label=${msg('Simulation progress')}></progress>
              <p class="hint">${v.stage === 'sizes' ? msg('Measuring the size of care records…') : msg(str`${Math.floor(v.progress * 100)}% done`)}</p>
            </div>`
          : nothing}
        ${v.state === 'cancelled' ? html`<p class="notice warn" role="status" data-testid="sim-cancelled">${msg('Cancelled: the simulation was stopped.')}</p>` : nothing}
        ${v.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="sim-error">${msg(str`The simulation failed: ${v.error}`)}</p>` : nothing}
      </section>
      ${v.state === 'done' && v.result ? this._renderResult(v.rows, this._plots(v.result)) : nothing}
    `;
  }

  private _radio(s: Scenario, text: string) {
    return html`<label><input type="radio" name="scenario" value=${s} .checked=${this._scenario === s} @change=${() => this._onScenario(s)} /> ${text}</label>`;
  }

  private _field(f: Field) {
    const err = this._errors[f];
    const hint = this._hint(f);
    return html`
      <div class="field ${err ? 'error' : ''}">
        <label for=${f}>${this._label(f)}</label>
        ${hint ? html`<div id=${`${f}-hint`} class="hint">${hint}</div>` : nothing}
        ${err ? html`<p id=${`${f}-error`} class="error-message">${err}</p>` : nothing}
        <input
          id=${f}
          type="text"
          inputmode="decimal"
          autocomplete="off"
          data-testid=${`sim-${f}`}
          .value=${this._values[f]}
          aria-invalid=${err ? 'true' : 'false'}
          aria-describedby=${[hint ? `${f}-hint` : '', err ? `${f}-error` : ''].filter(Boolean).join(' ')}
          @input=${(e: Event) => (this._values = { ...this._values, [f]: (e.target as HTMLInputElement).value })}
        />
      </div>
    `;
  }

  /** The three plots, labelled in the language shown. */
  private _plots(r: SimResult): { tips: string; firstApproval: string; confirmation: string } {
    const t = r.tangle!;
    const c = r.chain!;
    const x = r.params.workload.kind === 'medical' ? msg('time in seconds') : msg('time in time units');
    const share = msg('share of transactions');
    const tangle = msg('Tangle');
    const chain = msg('Blockchain');
    return {
      tips: svgLines({
        id: 'sim-tips',
        title: msg('Tips (Tangle) and transactions waiting for a block (blockchain) over time'),
        xLabel: x,
        yLabel: msg('transactions'),
        lines: [{ name: tangle, ...t.tipsSeries }, { name: chain, ...c.pendingSeries }],
      }),
      firstApproval: svgHistograms({
        id: 'sim-first',
        title: msg('Time to a first approval (Tangle) or to a block (blockchain)'),
        xLabel: x,
        yLabel: share,
        hists: [{ name: tangle, ...t.firstApproval.histogram }, { name: chain, ...c.inclusion.histogram }],
      }),
      confirmation: svgHistograms({
        id: 'sim-conf',
        title: msg('Time to confirmation'),
        xLabel: x,
        yLabel: share,
        hists: [...(t.confirmation ? [{ name: tangle, ...t.confirmation.histogram }] : []), { name: chain, ...c.confirmation.histogram }],
      }),
    };
  }

  private _rowLabel(r: MetricRow): string {
    switch (r.key) {
      case 'pending_mean':
        return msg('Average transactions waiting: tips (Tangle), not yet in a block (blockchain)');
      case 'first_approval_mean':
        return msg('Average time to a first approval (Tangle) or to a block (blockchain)');
      case 'first_approval_p90':
        return msg('9 in 10 get it within');
      case 'confirmation_mean':
        return msg('Average time to confirmation');
      case 'confirmation_p90':
        return msg('9 in 10 are confirmed within');
      case 'confirmed_share':
        return msg('Share confirmed by the end');
      case 'left_behind':
        return msg('Share never approved or never put in a block');
      case 'attempts_per_tx':
        return msg('Proof-of-work attempts per transaction');
      case 'bytes_per_tx':
        return msg('Bytes per transaction');
      case 'fee_per_tx':
        return msg('Fee per transaction');
      case 'throughput':
        return msg('Transactions confirmed per time unit (blockchain: put in blocks)');
      case 'arrival_rate':
        return msg('Transactions arriving per time unit');
      default:
        return r.label;
    }
  }

  private _renderResult(rows: MetricRow[], svgs: { tips: string; firstApproval: string; confirmation: string }) {
    return html`
      <section class="card" aria-labelledby="sim-result-title" data-testid="sim-result">
        <h2 id="sim-result-title">${msg('Tangle and blockchain side by side')}</h2>
        <table data-testid="sim-table">
          <thead>
            <tr>
              <th scope="col">${msg('Measure')}</th>
              <th scope="col" class="num">${msg('Tangle')}</th>
              <th scope="col" class="num">${msg('Blockchain')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) => html`<tr data-key=${r.key}>
                <th scope="row">${this._rowLabel(r)}</th>
                <td class="num">${formatNumber(r.tangle)}</td>
                <td class="num">${formatNumber(r.chain)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        <div class="row" style="margin-top: 0.75rem">
          <button type="button" class="secondary" data-testid="sim-save-csv" @click=${() => this.#sim.save('csv')}>${msg('Save as CSV')}</button>
          <button type="button" class="secondary" data-testid="sim-save-json" @click=${() => this.#sim.save('json')}>${msg('Save as JSON')}</button>
        </div>
        <div class="plot" data-testid="sim-plot-tips">${unsafeHTML(svgs.tips)}</div>
        <div class="plot" data-testid="sim-plot-first-approval">${unsafeHTML(svgs.firstApproval)}</div>
        <div class="plot" data-testid="sim-plot-confirmation">${unsafeHTML(svgs.confirmation)}</div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-simulation': MtSimulation;
  }
}
