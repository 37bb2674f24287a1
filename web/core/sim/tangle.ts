// The Tangle side of a run: a discrete-event simulation on the app's own DAG and walk (the WASM core).
//
// The graph holds only what every node can see. A bundle that arrives at time t chooses its two
// tips on the graph as it stands (the txs that arrived before t - h), and its txs are inserted into
// the graph at t + h, when they become visible. The delay h is the same for every tx, so txs are
// inserted in the order they arrived and the graph index of a tx is its arrival order (index 0 is
// the genesis). A bundle is attached as the app attaches one (web/core/bundle/attach.ts): the head
// approves tips A and B, every other tx approves the tx after it and B, and only the tail is new as
// a tip. Tip selection is uniform (URTS: the two tips drawn uniformly and independently among the
// visible tips, assembly/sim.ts) or the app's alpha walk (selectTips: two walks from the entry point).
//
// The simulator keeps its own record of every approval, so the tip count it reports is that of the
// whole Tangle (visible or not) and the time to first approval is the time from a tx's arrival to
// the arrival of the first tx that approves it. Confirmation is judged as the app judges it
// (web/wasm/graph.ts): every `confirm.every` time units, `confidence` runs `confirm.samples` walks
// on the visible graph, and a tx is confirmed the first time at least `threshold` of them approve it.
// Proof of work is not run: each tx draws the attempts its nonce search would take, geometric with
// success probability 3^-MWM per attempt (mean 3^MWM).

import { TX_SIZE } from '../tx/index.ts';
import { _EventQueue } from './_queue.ts';
import { _stream, type _Rng } from './_rng.ts';
import { _Series, _summarise, type Summary } from './_stats.ts';
import type { SimGraph } from './_core.ts';
import type { Arrivals } from './workload.ts';

/** How the Tangle is run. */
export interface TangleParams {
  /** 'urts': uniform random tips; 'alpha': the app's weighted walk from its entry point. */
  tipSelection: 'urts' | 'alpha';
  /** The walk's alpha (tip selection 'alpha'; confirmation walks use it too, or 0 under URTS). */
  alpha: number;
  /** Entry point depth in txs (the heaviest tx depth to 2 depth below the newest visible one). */
  depth: number;
  /** Network delay: a tx is visible to the others h time units after it arrived. */
  h: number;
  /** PoW difficulty: 3^mwm expected attempts per tx. */
  mwm: number;
  /** Confirmation checks, or null for none. */
  confirm: { every: number; samples: number; threshold: number } | null;
  /** Exact cumulative weights for the newest maxWindow txs (the core's window, 1 .. 2^20). */
  maxWindow: number;
}

/** Fractions of the run: the first `warmup` is discarded, and latencies are measured on txs that arrive before the last `tail`. */
export interface MeasureParams {
  warmup: number;
  tail: number;
  /** Points of the tips-over-time series. */
  seriesPoints: number;
}

/** What one Tangle run measured (all times in the workload's unit). */
export interface TangleResult {
  txs: number;
  duration: number;
  /** The measured interval [from, to): after the warm-up, before the tail. */
  interval: { from: number; to: number };
  /** Time average of the tip count over the interval. */
  meanTips: number;
  /** Txs arriving per time unit in the interval. */
  arrivalRate: number;
  firstApproval: Summary;
  /** Txs of the interval not approved by the end of the run. */
  unapprovedInInterval: number;
  /** Share of the middle half of the txs (by arrival) that nothing approved by the end. */
  leftBehind: number;
  confirmation: Summary | null;
  /** Share of the interval's txs confirmed by the end (null without checks). */
  confirmedShare: number | null;
  /** Txs confirmed per time unit in the interval (null without checks). */
  confirmedRate: number | null;
  attemptsPerTx: number;
  expectedAttemptsPerTx: number;
  bytesPerTx: number;
  tipsSeries: { t: number[]; v: number[] };
}

const REVEAL = 0;
const CHECK = 1;
const ARRIVE = 2;

/** Checks the parameters; throws a RangeError naming the field. Called by TangleRun and the screen. */
export function checkTangleParams(p: TangleParams): void {
  if (p.tipSelection !== 'urts' && p.tipSelection !== 'alpha') throw new RangeError('tipSelection must be urts or alpha');
  if (!(p.alpha >= 0 && Number.isFinite(p.alpha))) throw new RangeError(`alpha must be a finite number >= 0, got ${p.alpha}`);
  if (!Number.isInteger(p.depth) || p.depth < 0) throw new RangeError(`depth must be an integer >= 0, got ${p.depth}`);
  if (!(p.h >= 0 && Number.isFinite(p.h))) throw new RangeError(`h must be a finite number >= 0, got ${p.h}`);
  if (!Number.isInteger(p.mwm) || p.mwm < 0 || p.mwm > 40) throw new RangeError(`mwm must be an integer from 0 to 40, got ${p.mwm}`);
  if (!Number.isInteger(p.maxWindow) || p.maxWindow < 1 || p.maxWindow > 2 ** 20) throw new RangeError(`maxWindow must be an integer from 1 to 2^20, got ${p.maxWindow}`);
  if (p.confirm) {
    const c = p.confirm;
    if (!(c.every > 0 && Number.isFinite(c.every))) throw new RangeError(`confirm.every must be a positive number, got ${c.every}`);
    if (!Number.isInteger(c.samples) || c.samples < 1 || c.samples > 10_000) throw new RangeError(`confirm.samples must be an integer from 1 to 10,000, got ${c.samples}`);
    if (!(c.threshold > 0 && c.threshold <= 1)) throw new RangeError(`confirm.threshold must be in (0, 1], got ${c.threshold}`);
  }
}

/** One Tangle run, advanced in steps (so a worker can report progress and stop). Used by runSimulation, the CLI and tests. */
export class TangleRun {
  readonly #g: SimGraph;
  readonly #a: Arrivals;
  readonly #p: TangleParams;
  readonly #q = new _EventQueue();
  readonly #pow: _Rng;
  readonly #seedBase: bigint;
  /** Per graph index (0 = genesis): arrival time, parents, first approval, confirmation. */
  readonly at: Float64Array;
  readonly trunk: Uint32Array;
  readonly branch: Uint32Array;
  readonly firstApproval: Float64Array;
  readonly confirmedAt: Float64Array;
  /** Graph index of each bundle's head. */
  readonly #head: Uint32Array;
  readonly #from: number;
  readonly #to: number;
  #nextId = 1;
  #tips = 1;
  #tipArea = 0;
  #clock = 0;
  #attempts = 0;
  #selections = 0;
  #checks = 0;
  #done = false;
  readonly #series: _Series;
  /** Called at each confirmation check, after it (tests compare the core's weights with their own count). */
  onCheck: ((run: TangleRun, time: number) => void) | null = null;

  constructor(g: SimGraph, arrivals: Arrivals, p: TangleParams, m: MeasureParams, seed: number) {
    checkTangleParams(p);
    if (arrivals.txs + 1 > g.graph.maxSize) throw new RangeError(`the workload has ${arrivals.txs} txs; the graph holds at most ${g.graph.maxSize - 1}`);
    this.#g = g;
    this.#a = arrivals;
    this.#p = p;
    this.#pow = _stream(seed, 'pow');
    // WASM seeds: one per selection, seedBase + i (the core expands each with splitmix64).
    this.#seedBase = BigInt.asUintN(64, BigInt(seed) << 32n);
    const n = arrivals.txs + 1;
    this.at = new Float64Array(n);
    this.trunk = new Uint32Array(n);
    this.branch = new Uint32Array(n);
    this.firstApproval = new Float64Array(n).fill(NaN);
    this.confirmedAt = new Float64Array(n).fill(NaN);
    this.#head = new Uint32Array(arrivals.bundles);
    const T = arrivals.duration;
    this.#from = T * m.warmup;
    this.#to = T * (1 - m.tail);
    this.#series = new _Series(T, m.seriesPoints);
    g.graph.reset();
    g.graph.setMaxWindow(p.maxWindow);
    if (arrivals.bundles > 0) this.#q.push(arrivals.times[0], ARRIVE, 0);
    if (p.confirm) this.#q.push(p.confirm.every, CHECK, 0);
  }

  /** Share of the arrivals processed. */
  get progress(): number {
    return this.#a.bundles === 0 ? 1 : Math.min(1, (this.#nextId - 1) / this.#a.txs);
  }
  get done(): boolean {
    return this.#done;
  }
  /** The graph the run grows (read-only use: tests read weights through it). */
  get graph(): SimGraph {
    return this.#g;
  }

  /** Runs up to `maxEvents` events; returns true when the run is over. */
  step(maxEvents: number): boolean {
    const q = this.#q;
    const end = this.#a.duration;
    for (let e = 0; e < maxEvents; e++) {
      if (q.peekTime() > end || !q.pop()) {
        this.#advance(end);
        this.#done = true;
        return true;
      }
      this.#advance(q.time);
      if (q.kind === ARRIVE) this.#arrive(q.arg, q.time);
      else if (q.kind === REVEAL) this.#reveal(q.arg);
      else this.#check(q.time);
    }
    return false;
  }

  /** Moves the clock to t, adding the tip count's area inside the measured interval. */
  #advance(t: number): void {
    const lo = Math.max(this.#clock, this.#from);
    const hi = Math.min(t, this.#to);
    if (hi > lo) this.#tipArea += this.#tips * (hi - lo);
    this.#clock = t;
  }

  #approve(x: number, t: number): void {
    if (Number.isNaN(this.firstApproval[x])) {
      this.firstApproval[x] = t;
      this.#tips--;
    }
  }

  #arrive(b: number, t: number): void {
    const g = this.#g;
    const seed = this.#seedBase + BigInt(this.#selections++);
    let A: number;
    let B: number;
    if (this.#p.tipSelection === 'urts') [A, B] = g.uniformTips(seed);
    else [A, B] = g.graph.selectTips({ alpha: this.#p.alpha, depth: this.#p.depth, seed });
    const m = this.#a.sizes[b];
    const head = this.#nextId;
    this.#head[b] = head;
    const p = 1 / 3 ** this.#p.mwm;
    for (let k = 0; k < m; k++) {
      const x = head + k;
      const tr = k === 0 ? A : x - 1;
      this.at[x] = t;
      this.trunk[x] = tr;
      this.branch[x] = B;
      this.#tips++;
      this.#approve(tr, t);
      this.#approve(B, t);
      this.#attempts += this.#pow.geometric(p);
    }
    this.#nextId = head + m;
    this.#series.offer(t, this.#tips);
    this.#q.push(t + this.#p.h, REVEAL, b);
    if (b + 1 < this.#a.bundles) this.#q.push(this.#a.times[b + 1], ARRIVE, b + 1);
  }

  #reveal(b: number): void {
    const head = this.#head[b];
    const m = this.#a.sizes[b];
    for (let x = head; x < head + m; x++) {
      const i = this.#g.insertDeferred(this.trunk[x], this.branch[x], this.at[x]);
      if (i !== x) throw new Error(`the graph gave index ${i} to tx ${x}: the reveal order broke`);
    }
  }

  #check(t: number): void {
    const c = this.#p.confirm!;
    const alpha = this.#p.tipSelection === 'alpha' ? this.#p.alpha : 0;
    const seed = BigInt.asUintN(64, ~this.#seedBase) - BigInt(this.#checks++);
    const { start, values } = this.#g.graph.confidence({ samples: c.samples, alpha, depth: this.#p.depth, seed });
    for (let i = 0; i < values.length; i++) {
      const x = start + i;
      if (x > 0 && values[i] >= c.threshold && Number.isNaN(this.confirmedAt[x])) this.confirmedAt[x] = t;
    }
    this.onCheck?.(this, t);
    this.#q.push(t + c.every, CHECK, 0);
  }

  /** The metrics; call when step() has returned true. */
  result(): TangleResult {
    if (!this.#done) throw new Error('the run is not over');
    const n = this.#nextId; // txs created + genesis
    const from = this.#from;
    const to = this.#to;
    const fa = new Float64Array(n);
    const conf = new Float64Array(n);
    let nfa = 0;
    let nconf = 0;
    let inInterval = 0;
    let unapproved = 0;
    let confirmedIn = 0;
    for (let x = 1; x < n; x++) {
      const t = this.at[x];
      if (!Number.isNaN(this.confirmedAt[x]) && this.confirmedAt[x] >= from && this.confirmedAt[x] < to) confirmedIn++;
      if (t < from || t >= to) continue;
      inInterval++;
      if (Number.isNaN(this.firstApproval[x])) unapproved++;
      else fa[nfa++] = this.firstApproval[x] - t;
      if (!Number.isNaN(this.confirmedAt[x])) conf[nconf++] = this.confirmedAt[x] - t;
    }
    const lo = Math.floor((n - 1) / 4) + 1;
    const hi = Math.floor((3 * (n - 1)) / 4);
    let behind = 0;
    for (let x = lo; x <= hi; x++) if (Number.isNaN(this.firstApproval[x])) behind++;
    const span = to - from;
    const checks = this.#p.confirm !== null;
    return {
      txs: n - 1,
      duration: this.#a.duration,
      interval: { from, to },
      meanTips: span > 0 ? this.#tipArea / span : NaN,
      arrivalRate: span > 0 ? inInterval / span : NaN,
      firstApproval: _summarise(fa, nfa),
      unapprovedInInterval: unapproved,
      leftBehind: hi >= lo ? behind / (hi - lo + 1) : 0,
      confirmation: checks ? _summarise(conf, nconf) : null,
      confirmedShare: checks ? (inInterval ? nconf / inInterval : 0) : null,
      confirmedRate: checks && span > 0 ? confirmedIn / span : null,
      attemptsPerTx: n > 1 ? this.#attempts / (n - 1) : 0,
      expectedAttemptsPerTx: 3 ** this.#p.mwm,
      bytesPerTx: TX_SIZE,
      tipsSeries: { t: this.#series.t, v: this.#series.v },
    };
  }
}
