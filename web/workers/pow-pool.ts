// The PoW pool: the one owner of the PoW workers' lives (docs/design.md "Proof of work"; STYLE.md, the
// worker bridge). It starts workers lazily, hands them chunks of the nonce space from one shared
// cursor (so a slow worker never holds the others back), reports progress, stops all work at once
// on abort by terminating the workers, shuts idle workers down, and checks every nonce a worker
// returns with the plain TypeScript reference before handing it on.

import * as Comlink from 'comlink';
import { compileCore } from '../wasm/index.ts';
import { MIN_MWM, MAX_MWM, MAX_NONCE, expectedAttempts, powHashRef, tritWeight } from '../core/pow/index.ts';
import { tritsToTrytes } from '../core/ternary/index.ts';
import type { PowWorkerApi } from './pow-api.ts';

/** Progress of a search or a rate measurement, reported about every PROGRESS_MS. */
export interface PowProgress {
  attempts: number;
  attemptsPerSecond: number;
  expectedAttempts: number;
  /** Time left until the expected attempt count is reached at the current rate (0 once passed). */
  etaSeconds: number;
  elapsedMs: number;
  workers: number;
}

/** A verified proof of work. */
export interface PowFound {
  nonce: bigint;
  weight: number;
  hashTrits: Int8Array;
  hashTrytes: string;
  attempts: number;
  elapsedMs: number;
  workers: number;
}

/** The measured attempt rate of the pool. */
export interface RateReport {
  attemptsPerSecond: number;
  workers: number;
  attempts: number;
  elapsedMs: number;
}

/** A search job. */
export interface PowJob {
  digest: Uint8Array;
  mwm: number;
  /** First nonce of the shared cursor; 0 by default. */
  startNonce?: bigint;
  signal?: AbortSignal;
  onProgress?: (p: PowProgress) => void;
}

/** Counters that let tests see what the workers are doing. */
export interface PoolStats {
  liveWorkers: number;
  busyWorkers: number;
  chunksStarted: number;
}

// A chunk should take about CHUNK_MS on one worker: long enough that messaging costs < 1%, short
// enough that progress is smooth and a rate measurement ends on time.
const CHUNK_MS = 40;
const FIRST_CHUNK = 1 << 14;
const MIN_CHUNK = 1 << 12;
const MAX_CHUNK = 1 << 24;
const PROGRESS_MS = 100;
const IDLE_SHUTDOWN_MS = 30_000;
const MAX_WORKERS = 64;
/** An MWM no search reaches in practice (3^40 attempts): keeps workers busy while measuring the rate. */
const UNREACHABLE_MWM = MAX_MWM;

interface Slot {
  worker: Worker;
  api: Comlink.Remote<PowWorkerApi>;
  ready: Promise<void>;
  /** Rejects when the worker fails (a script that does not load, a crash); raced by every call. */
  failed: Promise<never>;
  busy: boolean;
}

function abortError(): DOMException {
  return new DOMException('The proof of work was cancelled', 'AbortError');
}

/** A pool of PoW workers. Created by `sharedPowPool` for the app; tests and benchmarks make their own. */
export class PowPool {
  readonly size: number;
  #slots: Slot[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #chunksStarted = 0;

  constructor(options: { size?: number } = {}) {
    if (options.size !== undefined && (!Number.isInteger(options.size) || options.size < 1 || options.size > MAX_WORKERS)) {
      throw new RangeError(`size must be an integer from 1 to ${MAX_WORKERS}, got ${String(options.size)}`);
    }
    // The device's cores by default, capped: a 128-thread workstation gets 64 workers, not an error.
    this.size = options.size ?? Math.min(MAX_WORKERS, Math.max(1, globalThis.navigator?.hardwareConcurrency || 2));
  }

  /** What the workers are doing now. */
  stats(): PoolStats {
    return {
      liveWorkers: this.#slots.length,
      busyWorkers: this.#slots.filter((s) => s.busy).length,
      chunksStarted: this.#chunksStarted,
    };
  }

  /**
   * Finds a nonce with weight >= mwm for the digest, using every worker. Rejects with an AbortError
   * when the signal fires; all workers are stopped before the promise settles.
   */
  search(job: PowJob): Promise<PowFound> {
    const { digest, mwm } = job;
    if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new RangeError('digest must be 32 bytes');
    if (!Number.isInteger(mwm) || mwm < MIN_MWM || mwm > MAX_MWM) {
      throw new RangeError(`mwm must be an integer from ${MIN_MWM} to ${MAX_MWM}, got ${String(mwm)}`);
    }
    const start = job.startNonce ?? 0n;
    if (typeof start !== 'bigint' || start < 0n || start > MAX_NONCE) throw new RangeError('startNonce must be a bigint in [0, 2^64)');
    return this.#serialize(async () => {
      const run = await this.#run({ digest, mwm, start, signal: job.signal, onProgress: job.onProgress, stopAfterMs: Infinity });
      if (run.nonce === null) throw new Error('the nonce space ran out without a proof of work');
      // Never trust a worker: recompute the weight with the reference before using the nonce.
      const hashTrits = powHashRef(digest, run.nonce);
      const weight = tritWeight(hashTrits);
      if (weight < mwm) throw new Error(`a PoW worker returned nonce ${run.nonce} of weight ${weight} < ${mwm}`);
      return {
        nonce: run.nonce,
        weight,
        hashTrits,
        hashTrytes: tritsToTrytes(hashTrits),
        attempts: run.attempts,
        elapsedMs: run.elapsedMs,
        workers: this.size,
      };
    });
  }

  /** Measures attempts per second with every worker for about durationMs (default 2 s). */
  measureRate(options: { durationMs?: number; signal?: AbortSignal; onProgress?: (p: PowProgress) => void } = {}): Promise<RateReport> {
    const durationMs = options.durationMs ?? 2000;
    if (!(durationMs > 0)) throw new RangeError(`durationMs must be positive, got ${durationMs}`);
    const digest = new Uint8Array(32);
    crypto.getRandomValues(digest);
    return this.#serialize(async () => {
      // A short warm-up lets the engine optimise the WASM before the clock starts.
      await this.#run({ digest, mwm: UNREACHABLE_MWM, start: 0n, signal: options.signal, stopAfterMs: 150 });
      const r = await this.#run({
        digest,
        mwm: UNREACHABLE_MWM,
        start: 1n << 40n,
        signal: options.signal,
        onProgress: options.onProgress,
        stopAfterMs: durationMs,
      });
      return { attemptsPerSecond: (r.attempts / r.elapsedMs) * 1000, workers: this.size, attempts: r.attempts, elapsedMs: r.elapsedMs };
    });
  }

  /** Stops every worker now. The pool can still be used: workers restart on demand. */
  dispose(): void {
    clearTimeout(this.#idleTimer);
    for (const s of this.#slots) {
      s.api[Comlink.releaseProxy]();
      s.worker.terminate();
    }
    this.#slots = [];
  }

  // Calls run one at a time, in order.
  #serialize<T>(f: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(f, f);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #ensureWorkers(): Promise<Slot[]> {
    clearTimeout(this.#idleTimer);
    if (this.#slots.length < this.size) {
      const module = await compileCore();
      while (this.#slots.length < this.size) {
        const i = this.#slots.length;
        const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module', name: `pow-${i}` });
        // Without this a worker whose script fails to load (say, an old tab after an update) or
        // that crashes would leave its call, and every call queued behind it, waiting for ever.
        const failed = new Promise<never>((_, reject) => {
          worker.addEventListener('error', (e) => {
            this.dispose(); // the next call starts with fresh workers
            reject(new Error(`a PoW worker failed: ${e.message || 'it could not start'}`));
          });
        });
        failed.catch(() => undefined); // observed by the calls that race it
        const api = Comlink.wrap<PowWorkerApi>(worker);
        this.#slots.push({ worker, api, ready: Promise.race([api.init(module), failed]), failed, busy: false });
      }
    }
    try {
      await Promise.all(this.#slots.map((s) => s.ready));
    } catch (e) {
      this.dispose(); // a failed start must not stay in the pool: the next call starts afresh
      throw e;
    }
    return this.#slots;
  }


  #scheduleIdleShutdown(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.dispose(), IDLE_SHUTDOWN_MS);
  }

  /** Runs workers over the shared cursor until a hit, the time limit, or an abort. */
  async #run(o: {
    digest: Uint8Array;
    mwm: number;
    start: bigint;
    signal?: AbortSignal;
    onProgress?: (p: PowProgress) => void;
    stopAfterMs: number;
  }): Promise<{ nonce: bigint | null; attempts: number; elapsedMs: number }> {
    if (o.signal?.aborted) throw abortError();
    const slots = await this.#ensureWorkers();
    if (o.signal?.aborted) throw abortError();

    const expected = expectedAttempts(o.mwm);
    const t0 = performance.now();
    let cursor = o.start;
    let attempts = 0;
    let found: bigint | null = null;
    let stopped = false;
    let chunk = FIRST_CHUNK;
    let lastProgress = t0;

    const report = (force: boolean) => {
      const now = performance.now();
      if (!o.onProgress || (!force && now - lastProgress < PROGRESS_MS)) return;
      lastProgress = now;
      const elapsedMs = now - t0;
      const rate = elapsedMs > 0 ? (attempts / elapsedMs) * 1000 : 0;
      o.onProgress({
        attempts,
        attemptsPerSecond: rate,
        expectedAttempts: expected,
        etaSeconds: rate > 0 ? Math.max(0, expected - attempts) / rate : Infinity,
        elapsedMs,
        workers: slots.length,
      });
    };

    const loop = async (slot: Slot) => {
      while (!stopped) {
        if (performance.now() - t0 >= o.stopAfterMs) break;
        const count = Number(MAX_NONCE + 1n - cursor < BigInt(chunk) ? MAX_NONCE + 1n - cursor : BigInt(chunk));
        if (count <= 0) break;
        const from = cursor;
        cursor += BigInt(count);
        slot.busy = true;
        this.#chunksStarted++;
        const c0 = performance.now();
        let r: { nonce: bigint | null; attempts: number };
        try {
          r = await Promise.race([slot.api.search(o.digest, from, count, o.mwm), slot.failed]);
        } finally {
          slot.busy = false;
        }
        if (stopped) break;
        attempts += r.attempts;
        // Adapt the chunk to this device: about CHUNK_MS of work per call.
        const ms = performance.now() - c0;
        if (ms > 0) chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.round((r.attempts / ms) * CHUNK_MS)));
        if (r.nonce !== null) {
          found = r.nonce;
          stopped = true;
          break;
        }
        report(false);
      }
    };

    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        stopped = true;
        this.dispose(); // terminate: no chunk outlives the cancel
        reject(abortError());
      };
      o.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([Promise.all(slots.map(loop)), aborted]);
    } finally {
      if (onAbort) o.signal?.removeEventListener('abort', onAbort);
      stopped = true;
    }
    report(true);
    this.#scheduleIdleShutdown();
    return { nonce: found, attempts, elapsedMs: performance.now() - t0 };
  }
}

let shared: PowPool | null = null;

/** The app-wide pool, created on first use. Called by the app's PoW controller. */
export function sharedPowPool(): PowPool {
  shared ??= new PowPool();
  return shared;
}

