// The simulation lab (issue 12; docs/simulation.md): the same arrivals run through the Tangle, on
// the app's own WASM DAG and walk, and through a blockchain model, with the same metrics for both.
// Pure: no clock, no DOM; randomness only from the seed. Used by the CLI (scripts/sim.mjs), the
// simulation worker (web/workers/sim.worker.ts), the bench and tests.

import type { SimGraph } from './_core.ts';
import { ChainRun, type ChainParams, type ChainResult } from './chain.ts';
import { TangleRun, type MeasureParams, type TangleParams, type TangleResult } from './tangle.ts';
import { generateArrivals, type Workload } from './workload.ts';

export { loadSimGraph, SimGraph } from './_core.ts';
export { ChainRun, checkChainParams } from './chain.ts';
export type { ChainParams, ChainResult } from './chain.ts';
export { TangleRun, checkTangleParams } from './tangle.ts';
export type { TangleParams, TangleResult, MeasureParams } from './tangle.ts';
export { generateArrivals, checkWorkload } from './workload.ts';
export type { Arrivals, Workload, PoissonWorkload, MedicalWorkload, ConsultationTxs } from './workload.ts';
export { measureConsultationTxs, medicalPreset, defaultTangleParams } from './medical.ts';
export type { ConsultationSizes, MedicalPreset } from './medical.ts';
export type { Summary } from './_stats.ts';

/** Everything a run depends on: the same params and seed give the same result, to the byte. */
export interface SimParams {
  workload: Workload;
  tangle: TangleParams | null;
  chain: ChainParams | null;
  measure: MeasureParams;
  seed: number;
}

export interface SimResult {
  params: SimParams;
  arrivals: { bundles: number; txs: number; duration: number };
  tangle: TangleResult | null;
  chain: ChainResult | null;
}

/** The default measurement: 20% warm-up discarded, the last 10% only as time for approvals, 400 plot points. */
export const DEFAULT_MEASURE: MeasureParams = { warmup: 0.2, tail: 0.1, seriesPoints: 400 };

/** A whole run, Tangle then blockchain, advanced in steps. Used by runSimulation and the worker. */
export class Simulation {
  readonly params: SimParams;
  readonly #arrivals;
  readonly #tangle: TangleRun | null;
  readonly #chain: ChainRun | null;

  constructor(sg: SimGraph | null, params: SimParams) {
    const { warmup, tail, seriesPoints } = params.measure;
    if (!(warmup >= 0 && tail >= 0 && warmup + tail < 1)) throw new RangeError('measure.warmup and measure.tail must be >= 0 and leave part of the run');
    if (!Number.isInteger(seriesPoints) || seriesPoints < 0) throw new RangeError('measure.seriesPoints must be an integer >= 0');
    if (!Number.isSafeInteger(params.seed) || params.seed < 0 || params.seed >= 2 ** 21) throw new RangeError(`seed must be an integer from 0 to 2^21 - 1, got ${params.seed}`);
    if (params.tangle && !sg) throw new RangeError('a Tangle run needs a SimGraph');
    this.params = params;
    this.#arrivals = generateArrivals(params.workload, params.seed);
    this.#tangle = params.tangle ? new TangleRun(sg!, this.#arrivals, params.tangle, params.measure, params.seed) : null;
    this.#chain = params.chain ? new ChainRun(this.#arrivals, params.chain, params.measure, params.seed) : null;
  }

  /** Share of the work done (the Tangle counts for most of it: it is the slower side). */
  get progress(): number {
    const t = this.#tangle ? this.#tangle.progress : 1;
    const c = this.#chain ? this.#chain.progress : 1;
    return this.#tangle && this.#chain ? 0.9 * t + 0.1 * c : Math.min(t, c);
  }

  /** Runs up to about `maxEvents` events; true when both sides are over. */
  step(maxEvents: number): boolean {
    if (this.#tangle && !this.#tangle.done) {
      this.#tangle.step(maxEvents);
      return false;
    }
    if (this.#chain && !this.#chain.done) {
      this.#chain.step(maxEvents);
      return false;
    }
    return true;
  }

  result(): SimResult {
    const a = this.#arrivals;
    return {
      params: this.params,
      arrivals: { bundles: a.bundles, txs: a.txs, duration: a.duration },
      tangle: this.#tangle ? this.#tangle.result() : null,
      chain: this.#chain ? this.#chain.result() : null,
    };
  }
}

/** Runs to the end. Called by the CLI and tests. */
export function runSimulation(sg: SimGraph | null, params: SimParams): SimResult {
  const s = new Simulation(sg, params);
  while (!s.step(1 << 16));
  return s.result();
}

/** The result as JSON (NaN and infinities become null). Called by the CLI, the screen's export and tests. */
export function resultJson(r: SimResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

/** One row of the side-by-side table: a metric, its unit, and each side's value (null: not measured). */
export interface MetricRow {
  key: string;
  label: string;
  unit: string;
  tangle: number | null;
  chain: number | null;
}

const num = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** The metrics both sides report, in one table. Called by the CLI, the report, the screen and the CSV export. */
export function metricRows(r: SimResult): MetricRow[] {
  const t = r.tangle;
  const c = r.chain;
  return [
    { key: 'pending_mean', label: 'Mean tips (Tangle) / txs waiting for a block (chain)', unit: 'txs', tangle: num(t?.meanTips), chain: num(c?.meanPending) },
    { key: 'first_approval_mean', label: 'Mean time to first approval / to a block', unit: 'time', tangle: num(t?.firstApproval.mean), chain: num(c?.inclusion.mean) },
    { key: 'first_approval_p90', label: '90th percentile of that time', unit: 'time', tangle: num(t?.firstApproval.p90), chain: num(c?.inclusion.p90) },
    { key: 'confirmation_mean', label: 'Mean time to confirmation', unit: 'time', tangle: num(t?.confirmation?.mean), chain: num(c?.confirmation.mean) },
    { key: 'confirmation_p90', label: '90th percentile of that time', unit: 'time', tangle: num(t?.confirmation?.p90), chain: num(c?.confirmation.p90) },
    { key: 'confirmed_share', label: 'Share of txs confirmed by the end', unit: 'share', tangle: num(t?.confirmedShare), chain: num(c?.confirmedShare) },
    { key: 'left_behind', label: 'Share of the middle half never approved / included', unit: 'share', tangle: num(t?.leftBehind), chain: num(c?.leftBehind) },
    { key: 'attempts_per_tx', label: 'Hash attempts per tx', unit: 'attempts', tangle: num(t?.attemptsPerTx), chain: num(c?.attemptsPerTx) },
    { key: 'bytes_per_tx', label: 'Bytes per tx', unit: 'bytes', tangle: num(t?.bytesPerTx), chain: num(c?.bytesPerTx) },
    { key: 'fee_per_tx', label: 'Fee per tx', unit: 'fee units', tangle: t ? 0 : null, chain: num(c?.feePerTx) },
    { key: 'throughput', label: 'Txs confirmed per time unit (chain: included)', unit: 'txs/time', tangle: num(t?.confirmedRate ?? null), chain: num(c?.includedRate) },
    { key: 'arrival_rate', label: 'Txs arriving per time unit', unit: 'txs/time', tangle: num(t?.arrivalRate), chain: num(t?.arrivalRate ?? null) },
  ];
}

/** Numbers as the tables print them: 4 significant digits, whole numbers from 10,000 up. */
export function formatNumber(v: number | null): string {
  if (v === null) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e9) return v.toExponential(3);
  if (a >= 10_000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(4)).toString();
}

/** The rows as CSV (metric key, unit, tangle, chain). Called by the CLI and the screen's export. */
export function resultCsv(r: SimResult): string {
  const cell = (v: number | null) => (v === null ? '' : String(v));
  return ['metric,unit,tangle,blockchain', ...metricRows(r).map((m) => `${m.key},${m.unit},${cell(m.tangle)},${cell(m.chain)}`)].join('\n') + '\n';
}

/** The rows as a plain-text table for a terminal. Called by the CLI. */
export function formatTable(r: SimResult): string {
  const rows = metricRows(r).map((m) => [m.label, m.unit, formatNumber(m.tangle), formatNumber(m.chain)]);
  const head = ['metric', 'unit', 'Tangle', 'blockchain'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)));
  const line = (x: string[]) => `${x[0].padEnd(w[0])}  ${x[1].padEnd(w[1])}  ${x[2].padStart(w[2])}  ${x[3].padStart(w[3])}`;
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}
