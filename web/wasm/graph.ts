// The typed wrapper around the core's DAG, tip selection and confidence (assembly/dag.ts, walk.ts,
// grow.ts). Each TangleGraph owns its own WASM instance, so its memory is apart from the PoW
// instances. Every argument is checked here, and errors name it; data is copied in and out, and no
// caller ever holds a view of WASM memory (the graph's memory grows, so views are made per call).
//
// Transactions are indices: 0 is the virtual genesis, and a tx's parents must be earlier indices
// (the replica inserts parents first). Confirmation: the app calls a record confirmed when
// `confidence({ samples: 100, alpha, depth, seed })` gives it >= 0.95, i.e. at least 95 of 100 fresh
// tip selections approve it, as IRI's getInclusionStates did (CONFIRMATION_THRESHOLD below), AND a
// second, independent run of 400 walks (CONFIRMATION_CHECK_SAMPLES, another seed) gives it >= 0.95
// too. Why two stages: confirmation is sticky and the replica refreshes it often, each time with a
// fresh sample, so a one-stage test is retried until it passes. A tx whose true approval share is
// only 0.90 passes 95 of 100 with P(Bin(100, 0.9) >= 95) = 0.0576 per refresh: after 17 refreshes
// it is more likely confirmed than not (1 - 0.9424^17 = 0.64). Both stages together pass it with
// 0.0576 * P(Bin(400, 0.9) >= 380) = 0.0576 * 2.09e-4 = 1.20e-5 per refresh, while a tx at a true
// share of 0.99 still passes both with 0.99947 (P(Bin(100, 0.99) >= 95) = 0.999465; the 400-walk
// stage misses with 1.4e-9). The second run is needed only when the first finds new candidates, so
// a refresh usually costs 100 walks, as before (web/ledger/replica.ts refreshConfirmation).

import { compileCore, instantiateCore, type CoreVariant } from './load.ts';
import { CoreError } from './core.ts';
import type { GraphExports } from './graph-exports.ts';

/** Walks per confidence call: 1 .. MAX_SAMPLES. */
export const MAX_SAMPLES = 10_000;
/** maxWindow: 1 .. MAX_WINDOW (the window rebuild costs O(W^2 / 64)); 4096 by default. */
export const MAX_WINDOW = 2 ** 20;
export const DEFAULT_MAX_WINDOW = 4096;
/** Walks of the first confirmation stage (at least 95 of 100 approve); used by the replica and the details card. */
export const CONFIRMATION_SAMPLES = 100;
/** Share of walks both stages need; used by the replica and the details card. */
export const CONFIRMATION_THRESHOLD = 0.95;
/**
 * Walks of the second, independent stage a first-stage candidate must also pass (at least 380 of
 * 400), so that retrying the first stage at every refresh cannot confirm a tx by luck (see the top
 * of this file); used by the replica and the details card.
 */
export const CONFIRMATION_CHECK_SAMPLES = 400;

const U64_MAX = (1n << 64n) - 1n;
const I32_MAX = 2 ** 31 - 1;

/** Options of one tip selection. */
export interface SelectOptions {
  /** Randomness of the walk: 0 is uniform, larger follows weight more strictly. Finite, >= 0. */
  alpha: number;
  /** Trunk steps from the newest tx back to the entry point (clamped to the window). */
  depth: number;
  /** The walk's seed, 0 .. 2^64 - 1. */
  seed: bigint;
}

export interface ConfidenceOptions extends SelectOptions {
  /** Walks to run, 1 .. 10,000. */
  samples: number;
}

/** confidence(x) for x = start + i is values[i]; start is the window's start. */
export interface Confidence {
  start: number;
  values: Float64Array;
}

function assertInt(name: string, v: unknown, min: number, max: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
}
function assertIndex(name: string, v: unknown, size: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= size) {
    throw new RangeError(`${name} must be an index from 0 to ${size - 1}, got ${String(v)}`);
  }
}
function assertAlpha(v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`alpha must be a finite number >= 0, got ${String(v)}`);
  }
}
function assertTime(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number, got ${String(v)}`);
}
function assertSeed(v: unknown): asserts v is bigint {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) throw new RangeError(`seed must be a bigint in [0, 2^64), got ${String(v)}`);
}
function assertOptions(name: string, v: unknown): asserts v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) throw new TypeError(`${name} must be an object`);
}

/**
 * One replica's graph in its own core instance. Created by `loadGraph`; used by the tangle worker,
 * the simulation lab, benchmarks and tests.
 */
export class TangleGraph {
  readonly #x: GraphExports;
  readonly #inputPtr: number;
  readonly #inputCap: number;
  readonly #maxTxs: number;

  constructor(instance: WebAssembly.Instance) {
    this.#x = instance.exports as unknown as GraphExports;
    this.#inputPtr = this.#x.graphInputPtr();
    this.#inputCap = this.#x.graphInputCap();
    this.#maxTxs = this.#x.graphMaxTxs();
    this.#x.graphReset();
  }

  /** Runs `f`, turning a core abort into a CoreError that names `what`. */
  #call<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError(`${what}: ${e.message}`);
      if (e instanceof WebAssembly.RuntimeError) {
        throw new CoreError(`${what}: the graph core trapped (${e.message}); reset() before using it again`);
      }
      throw e;
    }
  }

  #u32(ptr: number, len: number): Uint32Array {
    return new Uint32Array(this.#x.memory.buffer, ptr, len);
  }

  /** Back to the genesis alone. Keeps maxWindow and the memory already reserved. */
  reset(): void {
    this.#x.graphReset();
  }

  /** Transactions including the genesis (so an empty graph has size 1). */
  get size(): number {
    return this.#x.graphSize();
  }
  /** Transactions the graph holds before it grows its memory. */
  get capacity(): number {
    return this.#x.graphCapacity();
  }
  /** The most transactions a graph can hold (2^22). */
  get maxSize(): number {
    return this.#maxTxs;
  }
  get tipCount(): number {
    return this.#x.graphTipCount();
  }
  /** The lowest index whose cumulative weight is kept (size - windowStart <= maxWindow). */
  get windowStart(): number {
    return this.#x.graphWindowStart();
  }
  get maxWindow(): number {
    return this.#x.graphMaxWindow();
  }

  /** Sets how many of the newest txs keep exact cumulative weights (1 .. 2^20; default 4096). */
  setMaxWindow(n: number): void {
    assertInt('maxWindow', n, 1, MAX_WINDOW);
    this.#call('setMaxWindow', () => this.#x.graphSetMaxWindow(n));
  }

  /** Appends one tx approving `trunk` and `branch` (earlier indices); returns its index. */
  insert(trunk: number, branch: number, attachedAt: number): number {
    const size = this.size;
    if (size >= this.#maxTxs) throw new RangeError(`the graph is full (${this.#maxTxs} transactions)`);
    assertIndex('trunk', trunk, size);
    assertIndex('branch', branch, size);
    assertTime('attachedAt', attachedAt);
    return this.#call('insert', () => this.#x.graphInsert(trunk, branch, attachedAt));
  }

  /**
   * Appends trunks.length txs in order (tx i may approve earlier txs of the same batch), then
   * brings the window's weights up to date once. Everything is checked before anything is inserted.
   */
  insertMany(trunks: Uint32Array, branches: Uint32Array, attachedAts: Float64Array): void {
    if (!(trunks instanceof Uint32Array)) throw new TypeError('trunks must be a Uint32Array');
    if (!(branches instanceof Uint32Array)) throw new TypeError('branches must be a Uint32Array');
    if (!(attachedAts instanceof Float64Array)) throw new TypeError('attachedAts must be a Float64Array');
    const n = trunks.length;
    if (branches.length !== n) throw new RangeError(`branches.length must equal trunks.length (${n}), got ${branches.length}`);
    if (attachedAts.length !== n) throw new RangeError(`attachedAts.length must equal trunks.length (${n}), got ${attachedAts.length}`);
    const size = this.size;
    if (size + n > this.#maxTxs) throw new RangeError(`trunks.length: ${n} more transactions would pass the limit of ${this.#maxTxs}`);
    for (let i = 0; i < n; i++) {
      if (trunks[i] >= size + i) throw new RangeError(`trunks[${i}] must be an earlier index (< ${size + i}), got ${trunks[i]}`);
      if (branches[i] >= size + i) throw new RangeError(`branches[${i}] must be an earlier index (< ${size + i}), got ${branches[i]}`);
      if (!Number.isFinite(attachedAts[i])) throw new RangeError(`attachedAts[${i}] must be a finite number, got ${attachedAts[i]}`);
    }
    const cap = this.#inputCap;
    const x = this.#x;
    this.#call('insertMany', () => {
      try {
        for (let off = 0; off < n; off += cap) {
          const k = Math.min(cap, n - off);
          const buf = x.memory.buffer;
          new Uint32Array(buf, this.#inputPtr, k).set(trunks.subarray(off, off + k));
          new Uint32Array(buf, this.#inputPtr + cap * 4, k).set(branches.subarray(off, off + k));
          new Float64Array(buf, this.#inputPtr + cap * 8, k).set(attachedAts.subarray(off, off + k));
          x.graphInsertInput(k);
        }
      } finally {
        x.graphSettle();
      }
    });
  }

  /**
   * Makes room for `count` more txs, and for settling their weights, so that an insertMany of that
   * many cannot run out of memory half way. Throws a CoreError (out of memory, or the graph would be
   * full) with the graph unchanged. Called by the replica before it writes a batch to its store.
   */
  reserve(count: number): void {
    assertInt('count', count, 0, this.#maxTxs);
    if (this.size + count > this.#maxTxs) throw new RangeError(`count: ${count} more transactions would pass the limit of ${this.#maxTxs}`);
    this.#call('reserve', () => this.#x.graphReserve(count));
  }

  /** The current tips (a copy, in no particular order). */
  tips(): Uint32Array {
    const n = this.#x.graphTipCount();
    return this.#u32(this.#x.graphTipsPtr(), n).slice();
  }

  /** The txs that approve tx i directly (a copy, newest first). */
  approvers(i: number): Uint32Array {
    assertIndex('i', i, this.size);
    const n = this.#x.graphApprovers(i);
    return this.#u32(this.#x.graphListPtr(), n).slice();
  }

  trunk(i: number): number {
    assertIndex('i', i, this.size);
    return this.#x.graphTrunk(i);
  }
  branch(i: number): number {
    assertIndex('i', i, this.size);
    return this.#x.graphBranch(i);
  }
  attachedAt(i: number): number {
    assertIndex('i', i, this.size);
    return this.#x.graphAttachedAt(i);
  }

  /** 1 + the number of txs approving tx i directly or indirectly; kept only for i >= windowStart. */
  cumulativeWeight(i: number): number {
    assertIndex('i', i, this.size);
    const ws = this.windowStart;
    if (i < ws) throw new RangeError(`i must be >= windowStart (${ws}) for its cumulative weight, got ${i}`);
    return this.#x.graphCumulativeWeight(i) >>> 0;
  }

  /** The heaviest tx between `depth` and 2·depth below the newest, clamped to the window; genesis when empty. */
  entryPoint(depth: number): number {
    assertInt('depth', depth, 0, I32_MAX);
    return this.#call('entryPoint', () => this.#x.graphEntryPoint(depth));
  }

  /** One weighted random walk from `entry` (windowStart <= entry < size); returns the tip reached. */
  walk(entry: number, alpha: number, seed: bigint): number {
    const ws = this.windowStart;
    const size = this.size;
    if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < ws || entry >= size) {
      throw new RangeError(`entry must be an index in the window, from ${ws} to ${size - 1}, got ${String(entry)}`);
    }
    assertAlpha(alpha);
    assertSeed(seed);
    return this.#call('walk', () => this.#x.graphWalk(entry, alpha, seed));
  }

  /** Two tips for a new tx: two walks from entryPoint(depth), seeds derived from `seed`. */
  selectTips(options: SelectOptions): [number, number] {
    assertOptions('options', options);
    const { alpha, depth, seed } = options;
    assertAlpha(alpha);
    assertInt('depth', depth, 0, I32_MAX);
    assertSeed(seed);
    const r = BigInt.asUintN(64, this.#call('selectTips', () => this.#x.graphSelectTips(alpha, depth, seed)));
    return [Number(r & 0xffffffffn), Number(r >> 32n)];
  }

  /**
   * The share of `samples` walks from entryPoint(depth) whose tip approves x (directly, indirectly,
   * or is x), for every x in the window: values[i] belongs to tx start + i. A tx is confirmed at
   * >= CONFIRMATION_THRESHOLD with CONFIRMATION_SAMPLES walks and again with
   * CONFIRMATION_CHECK_SAMPLES walks of another seed.
   */
  confidence(options: ConfidenceOptions): Confidence {
    assertOptions('options', options);
    const { samples, alpha, depth, seed } = options;
    assertInt('samples', samples, 1, MAX_SAMPLES);
    assertAlpha(alpha);
    assertInt('depth', depth, 0, I32_MAX);
    assertSeed(seed);
    const n = this.#call('confidence', () => this.#x.graphConfidence(samples, alpha, depth, seed));
    const start = this.#x.graphWindowStart();
    const values = new Float64Array(this.#x.memory.buffer, this.#x.graphValuesPtr(), n).slice();
    return { start, values };
  }

  /**
   * Appends `count` txs of the uniform random tip model with a delay of `lambdaH` txs (each tx is
   * invisible to the next lambdaH): the steady-state tip count is then about 2 lambdaH (Popov).
   */
  growUniform(count: number, lambdaH: number, seed: bigint): void {
    assertInt('count', count, 0, this.#maxTxs - this.size);
    assertInt('lambdaH', lambdaH, 0, I32_MAX);
    assertSeed(seed);
    this.#call('growUniform', () => this.#x.graphGrowUniform(count, lambdaH, seed));
  }
}

/**
 * A new, empty graph in its own instance of the core. Pass a compiled `module` to skip fetching
 * (the tangle worker compiles once).
 */
export async function loadGraph(options: { module?: WebAssembly.Module; variant?: CoreVariant } = {}): Promise<TangleGraph> {
  const module = options.module ?? (await compileCore(options.variant));
  const instance = await instantiateCore(module);
  return new TangleGraph(instance);
}
