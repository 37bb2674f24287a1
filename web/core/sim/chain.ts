// The blockchain model on the same arrivals as the Tangle. Miners hold one mempool: a tx enters it
// h after it arrives (the same network delay), and waits in arrival order. Blocks are found at
// intervals that are exponential with mean `blockInterval` (proof of work: each attempt succeeds
// with the same small probability, so the wait for the next block does not depend on how long the
// miners have tried) or, for comparison, exactly `blockInterval` apart. A block takes up to
// floor((blockBytes - headerBytes) / txBytes) txs from the head of the mempool. A tx is confirmed
// when `k` blocks have been found on top of the one that includes it (no forks: a block reaches
// every miner before the next is found).
//
// Theory this reproduces (test/sim/chain.test.ts): below capacity the mean time from arrival to
// confirmation is h + W + k·interval, where W, the wait from entering the mempool to the next block,
// is the mean residual interval E[I^2] / (2 E[I]): the full interval when intervals are exponential,
// half of it when they are fixed; above capacity the txs confirmed per time unit level off at the
// block capacity / interval. Proof of work: the difficulty is set for the interval, so the miners'
// whole hash rate R finds a block every interval on average (R · interval expected attempts per
// block) and the attempts per tx are R times the time mined over the txs included.

import { _EventQueue } from './_queue.ts';
import { _stream } from './_rng.ts';
import { _Series, _summarise, type Summary } from './_stats.ts';
import type { Arrivals } from './workload.ts';
import type { MeasureParams } from './tangle.ts';

/** How the blockchain is run. */
export interface ChainParams {
  /** Mean time between blocks. */
  blockInterval: number;
  /** 'exponential' (proof of work) or 'fixed'. */
  intervals: 'exponential' | 'fixed';
  /** Block size limit, header included. */
  blockBytes: number;
  headerBytes: number;
  /** Bytes of one tx (the app's 1,280-byte tx by default, so both sides carry the same payload). */
  txBytes: number;
  /** Blocks on top of the including one before a tx counts as confirmed. */
  k: number;
  /** Network delay from arrival to the mempool. */
  h: number;
  /** All miners together, attempts per time unit. */
  hashRate: number;
  /** Fee per byte of tx, in any currency unit (reported per tx). */
  feePerByte: number;
}

/** What one blockchain run measured, in the workload's time unit. */
export interface ChainResult {
  txs: number;
  blocks: number;
  txsPerBlock: number;
  interval: { from: number; to: number };
  /** Time average of the txs that arrived and are not yet in a block (mempool and in flight). */
  meanPending: number;
  /** From arrival to the block that includes the tx (the Tangle's first approval). */
  inclusion: Summary;
  confirmation: Summary;
  confirmedShare: number;
  /** Txs included per time unit in the interval (the throughput), and its cap. */
  includedRate: number;
  capacityRate: number;
  leftBehind: number;
  attemptsPerTx: number;
  attemptsPerBlock: number;
  bytesPerTx: number;
  feePerTx: number;
  pendingSeries: { t: number[]; v: number[] };
}

const ENTER = 0;
const BLOCK = 1;
const ARRIVE = 2;

/** Checks the parameters; throws a RangeError naming the field. Called by ChainRun and the screen. */
export function checkChainParams(p: ChainParams): void {
  const pos = (name: string, v: number) => {
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`${name} must be a positive number, got ${v}`);
  };
  pos('blockInterval', p.blockInterval);
  pos('blockBytes', p.blockBytes);
  pos('txBytes', p.txBytes);
  if (p.intervals !== 'exponential' && p.intervals !== 'fixed') throw new RangeError('intervals must be exponential or fixed');
  if (!(p.headerBytes >= 0) || p.blockBytes - p.headerBytes < p.txBytes) throw new RangeError('blockBytes must hold the header and at least one tx');
  if (!Number.isInteger(p.k) || p.k < 0) throw new RangeError(`k must be an integer >= 0, got ${p.k}`);
  if (!(p.h >= 0 && Number.isFinite(p.h))) throw new RangeError(`h must be a finite number >= 0, got ${p.h}`);
  if (!(p.hashRate >= 0 && Number.isFinite(p.hashRate))) throw new RangeError(`hashRate must be a finite number >= 0, got ${p.hashRate}`);
  if (!(p.feePerByte >= 0 && Number.isFinite(p.feePerByte))) throw new RangeError(`feePerByte must be a finite number >= 0, got ${p.feePerByte}`);
}

/** One blockchain run, advanced in steps like TangleRun. Used by runSimulation, the CLI and tests. */
export class ChainRun {
  readonly #a: Arrivals;
  readonly #p: ChainParams;
  readonly #q = new _EventQueue();
  readonly #blockRng;
  readonly #capacity: number;
  readonly at: Float64Array;
  /** Per tx (0 .. txs - 1, arrival order): the block that includes it, or -1. */
  readonly blockOf: Int32Array;
  readonly blockTimes: number[] = [];
  readonly #from: number;
  readonly #to: number;
  #arrived = 0;
  #entered = 0;
  #included = 0;
  #pendingArea = 0;
  #clock = 0;
  #done = false;
  readonly #series: _Series;

  constructor(arrivals: Arrivals, p: ChainParams, m: MeasureParams, seed: number) {
    checkChainParams(p);
    this.#a = arrivals;
    this.#p = p;
    this.#blockRng = _stream(seed, 'blocks');
    this.#capacity = Math.floor((p.blockBytes - p.headerBytes) / p.txBytes);
    this.at = new Float64Array(arrivals.txs);
    this.blockOf = new Int32Array(arrivals.txs).fill(-1);
    const T = arrivals.duration;
    this.#from = T * m.warmup;
    this.#to = T * (1 - m.tail);
    this.#series = new _Series(T, m.seriesPoints);
    if (arrivals.bundles > 0) this.#q.push(arrivals.times[0], ARRIVE, 0);
    this.#q.push(this.#nextInterval(), BLOCK, 0);
  }

  get progress(): number {
    return this.#a.txs === 0 ? 1 : this.#arrived / this.#a.txs;
  }
  get done(): boolean {
    return this.#done;
  }

  #nextInterval(): number {
    return this.#p.intervals === 'fixed' ? this.#p.blockInterval : this.#blockRng.exp(this.#p.blockInterval);
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
      else if (q.kind === ENTER) this.#entered += this.#a.sizes[q.arg];
      else this.#block(q.time);
    }
    return false;
  }

  #advance(t: number): void {
    const lo = Math.max(this.#clock, this.#from);
    const hi = Math.min(t, this.#to);
    if (hi > lo) this.#pendingArea += (this.#arrived - this.#included) * (hi - lo);
    this.#clock = t;
  }

  #arrive(b: number, t: number): void {
    const m = this.#a.sizes[b];
    for (let k = 0; k < m; k++) this.at[this.#arrived + k] = t;
    this.#arrived += m;
    this.#series.offer(t, this.#arrived - this.#included);
    this.#q.push(t + this.#p.h, ENTER, b);
    if (b + 1 < this.#a.bundles) this.#q.push(this.#a.times[b + 1], ARRIVE, b + 1);
  }

  #block(t: number): void {
    const j = this.blockTimes.length;
    this.blockTimes.push(t);
    const take = Math.min(this.#capacity, this.#entered - this.#included);
    for (let i = this.#included; i < this.#included + take; i++) this.blockOf[i] = j;
    this.#included += take;
    this.#series.offer(t, this.#arrived - this.#included);
    this.#q.push(t + this.#nextInterval(), BLOCK, 0);
  }

  /** The metrics; call when step() has returned true. */
  result(): ChainResult {
    if (!this.#done) throw new Error('the run is not over');
    const p = this.#p;
    const n = this.#arrived;
    const from = this.#from;
    const to = this.#to;
    const incl = new Float64Array(n);
    const conf = new Float64Array(n);
    let ni = 0;
    let nc = 0;
    let inInterval = 0;
    let includedIn = 0;
    const blocks = this.blockTimes.length;
    for (let i = 0; i < n; i++) {
      const j = this.blockOf[i];
      if (j >= 0 && this.blockTimes[j] >= from && this.blockTimes[j] < to) includedIn++;
      const t = this.at[i];
      if (t < from || t >= to) continue;
      inInterval++;
      if (j < 0) continue;
      incl[ni++] = this.blockTimes[j] - t;
      if (j + p.k < blocks) conf[nc++] = this.blockTimes[j + p.k] - t;
    }
    const lo = Math.floor(n / 4);
    const hi = Math.floor((3 * n) / 4);
    let behind = 0;
    for (let i = lo; i < hi; i++) if (this.blockOf[i] < 0) behind++;
    const span = to - from;
    // Mined time in the interval over the txs the interval's blocks included.
    const attemptsPerTx = includedIn > 0 ? (p.hashRate * span) / includedIn : Infinity;
    let blocksIn = 0;
    for (const bt of this.blockTimes) if (bt >= from && bt < to) blocksIn++;
    const txsPerBlock = blocksIn > 0 ? includedIn / blocksIn : 0;
    return {
      txs: n,
      blocks,
      txsPerBlock,
      interval: { from, to },
      meanPending: span > 0 ? this.#pendingArea / span : NaN,
      inclusion: _summarise(incl, ni),
      confirmation: _summarise(conf, nc),
      confirmedShare: inInterval ? nc / inInterval : 0,
      includedRate: span > 0 ? includedIn / span : NaN,
      capacityRate: this.#capacity / p.blockInterval,
      leftBehind: hi > lo ? behind / (hi - lo) : 0,
      attemptsPerTx,
      attemptsPerBlock: p.hashRate * p.blockInterval,
      bytesPerTx: p.txBytes + (txsPerBlock > 0 ? p.headerBytes / txsPerBlock : p.headerBytes),
      feePerTx: p.feePerByte * p.txBytes,
      pendingSeries: { t: this.#series.t, v: this.#series.v },
    };
  }
}
