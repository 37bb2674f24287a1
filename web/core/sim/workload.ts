// The arrivals a run sees: bundles of txs at times, the same for the Tangle and for the blockchain
// model. Two kinds: a Poisson process of single txs at rate lambda (the theory's workload), and the
// medical workload (presets in ./medical.ts): patients' consultations arriving with a daily rhythm,
// each a request bundle followed by the doctor's three answers.

import { _stream } from './_rng.ts';

/** Single txs (or bundles of `bundleTxs`) as a Poisson process of `lambda` bundles per time unit. */
export interface PoissonWorkload {
  kind: 'poisson';
  lambda: number;
  /** Bundles to generate. */
  bundles: number;
  /** Txs per bundle (1: the theory's single txs). */
  bundleTxs?: number;
}

/** Txs per bundle of each record of a consultation, as the app's care forms make them (./medical.ts). */
export interface ConsultationTxs {
  request: number;
  diagnosis: number;
  prescription: number;
  exercises: number;
}

/**
 * Consultations at `consultationsPerDay` in all, over `days` days (time unit: seconds), with a daily
 * rhythm: requests come at `nightLevel` of the peak rate outside 08:00 to 20:00 and rise to the peak
 * at 14:00 (sin^2 over the 12 open hours); the doctor answers after an exponential delay of mean
 * `answerDelayMean` seconds with a diagnosis, then a prescription and an exercise plan, a minute apart.
 */
export interface MedicalWorkload {
  kind: 'medical';
  consultationsPerDay: number;
  days: number;
  nightLevel: number;
  answerDelayMean: number;
  txs: ConsultationTxs;
}

export type Workload = PoissonWorkload | MedicalWorkload;

/** Bundles in time order: bundle b arrives at times[b] with sizes[b] txs (head first in the graph). */
export interface Arrivals {
  times: Float64Array;
  sizes: Uint16Array;
  bundles: number;
  txs: number;
  /** The last arrival's time: the run's end. */
  duration: number;
}

const DAY = 86_400;
const OPEN_FROM = 8 * 3600;
const OPEN_HOURS = 12 * 3600;

/** Requests per second per unit of the rhythm's shape (the shape is 1 at the 14:00 peak). */
function shape(t: number, night: number): number {
  const s = t % DAY;
  if (s < OPEN_FROM || s >= OPEN_FROM + OPEN_HOURS) return night;
  const x = Math.sin((Math.PI * (s - OPEN_FROM)) / OPEN_HOURS);
  return night + (1 - night) * x * x;
}

/** The mean of the shape over a day: night * 12 h + (night + (1 - night) / 2) * 12 h, over 24 h. */
function meanShape(night: number): number {
  return night + (1 - night) / 4;
}

/** Checks a workload; throws a RangeError naming the field. Called by generateArrivals and the screen. */
export function checkWorkload(w: Workload): void {
  const pos = (name: string, v: number, integer = false) => {
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) throw new RangeError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${v}`);
  };
  if (w.kind === 'poisson') {
    pos('lambda', w.lambda);
    pos('bundles', w.bundles, true);
    if (w.bundleTxs !== undefined) pos('bundleTxs', w.bundleTxs, true);
  } else if (w.kind === 'medical') {
    pos('consultationsPerDay', w.consultationsPerDay);
    pos('days', w.days);
    pos('answerDelayMean', w.answerDelayMean);
    if (!(w.nightLevel >= 0 && w.nightLevel <= 1)) throw new RangeError(`nightLevel must be from 0 to 1, got ${w.nightLevel}`);
    for (const k of ['request', 'diagnosis', 'prescription', 'exercises'] as const) pos(`txs.${k}`, w.txs[k], true);
  } else {
    throw new RangeError('workload.kind must be poisson or medical');
  }
}

/** The arrivals of a workload for a seed. Called by runSimulation, the CLI and tests. */
export function generateArrivals(w: Workload, seed: number): Arrivals {
  checkWorkload(w);
  const rng = _stream(seed, 'arrivals');
  if (w.kind === 'poisson') {
    const n = w.bundles;
    const m = w.bundleTxs ?? 1;
    const times = new Float64Array(n);
    let t = 0;
    for (let i = 0; i < n; i++) times[i] = t += rng.exp(1 / w.lambda);
    return { times, sizes: new Uint16Array(n).fill(m), bundles: n, txs: n * m, duration: t };
  }
  // Requests by thinning (Lewis and Shedler): candidates at the peak rate, kept with shape(t).
  const end = w.days * DAY;
  const peak = w.consultationsPerDay / DAY / meanShape(w.nightLevel);
  const t: number[] = [];
  const size: number[] = [];
  for (let c = rng.exp(1 / peak); c < end; c += rng.exp(1 / peak)) {
    if (rng.next() >= shape(c, w.nightLevel)) continue;
    t.push(c);
    size.push(w.txs.request);
    const answer = c + rng.exp(w.answerDelayMean);
    t.push(answer, answer + 60, answer + 120);
    size.push(w.txs.diagnosis, w.txs.prescription, w.txs.exercises);
  }
  // Answers after the end are dropped, so the run ends with its last request's day.
  const order = Array.from(t.keys()).filter((i) => t[i] < end);
  order.sort((a, b) => t[a] - t[b] || a - b);
  const times = Float64Array.from(order, (i) => t[i]);
  const sizes = Uint16Array.from(order, (i) => size[i]);
  let txs = 0;
  for (const s of sizes) txs += s;
  return { times, sizes, bundles: times.length, txs, duration: times.length ? times[times.length - 1] : 0 };
}
