// The Device check's I/O: drives the app-wide proof-of-work pool (web/workers) for a rate
// measurement and for a search over a text, and keeps what the screen shows as plain state.
// The host re-renders whenever that state changes. Leaving the screen cancels what is running.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { expectedAttempts, powDigest } from '../../core/pow/index.ts';
import { sharedPowPool, type PowPool, type PowProgress } from '../../workers/index.ts';
import { loadNetworkMwm } from './network-settings.ts';

/** The MWM range the Device check accepts. */
export const MIN_MWM = 1;
export const MAX_MWM = 20;

/** Where a run stands. */
export type RunState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** What a rate measurement found, with what it means at the network's difficulty. */
export interface RateSummary {
  attemptsPerSecond: number;
  workers: number;
  /** The network's minimum weight magnitude. */
  networkMwm: number;
  /** 3^networkMwm: attempts one transaction needs on average. */
  expectedAttempts: number;
  transactionsPerRecord: number;
  /** Average seconds to attach one transaction. */
  secondsPerTransaction: number;
  /** Average seconds to attach a typical record (transactionsPerRecord transactions). */
  secondsPerRecord: number;
}

export interface RateView {
  state: RunState;
  durationMs: number;
  progress: PowProgress | null;
  summary: RateSummary | null;
  error: string;
}

/** A found nonce as the screen shows it. */
export interface SearchResult {
  /** The nonce in decimal (a u64). */
  nonce: string;
  hashTrytes: string;
  weight: number;
  mwm: number;
  attempts: number;
  elapsedMs: number;
  workers: number;
}

export interface SearchView {
  state: RunState;
  mwm: number;
  expectedAttempts: number;
  progress: PowProgress | null;
  result: SearchResult | null;
  error: string;
}

export interface PowControllerOptions {
  /** The pool to use; the app-wide shared pool by default (tests pass their own). */
  pool?: () => PowPool;
  /** How long a rate measurement runs. */
  rateDurationMs?: number;
  /** How many transactions a typical record takes. */
  transactionsPerRecord?: number;
  /** The network's MWM; by default the app's setting (see network-settings.ts). */
  networkMwm?: number;
}

function _isAbort(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'AbortError';
}

function _message(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  return String(e);
}

export class PowController implements ReactiveController {
  readonly networkMwm: number;
  rate: RateView;
  search: SearchView;

  private readonly _host: ReactiveControllerHost;
  private readonly _pool: () => PowPool;
  private readonly _transactionsPerRecord: number;
  private _rateAbort: AbortController | null = null;
  private _searchAbort: AbortController | null = null;

  constructor(host: ReactiveControllerHost, options: PowControllerOptions = {}) {
    this._host = host;
    this._pool = options.pool ?? sharedPowPool;
    this._transactionsPerRecord = options.transactionsPerRecord ?? 3;
    this.networkMwm = options.networkMwm ?? loadNetworkMwm();
    this.rate = { state: 'idle', durationMs: options.rateDurationMs ?? 2000, progress: null, summary: null, error: '' };
    this.search = { state: 'idle', mwm: this.networkMwm, expectedAttempts: expectedAttempts(this.networkMwm), progress: null, result: null, error: '' };
    host.addController(this);
  }

  /** True while a measurement or a search uses the workers. */
  get busy(): boolean {
    return this.rate.state === 'running' || this.search.state === 'running';
  }

  hostDisconnected(): void {
    this._rateAbort?.abort();
    this._searchAbort?.abort();
  }

  /** Measure attempts per second with every worker of the pool. */
  async measureRate(): Promise<void> {
    if (this.busy) return;
    const abort = new AbortController();
    this._rateAbort = abort;
    this.rate = { ...this.rate, state: 'running', progress: null, error: '' };
    this._host.requestUpdate();
    try {
      const report = await this._pool().measureRate({
        durationMs: this.rate.durationMs,
        signal: abort.signal,
        onProgress: (p) => {
          if (this._rateAbort !== abort) return;
          this.rate = { ...this.rate, progress: p };
          this._host.requestUpdate();
        },
      });
      const expected = expectedAttempts(this.networkMwm);
      const perTx = report.attemptsPerSecond > 0 ? expected / report.attemptsPerSecond : Infinity;
      this.rate = {
        ...this.rate,
        state: 'done',
        summary: {
          attemptsPerSecond: report.attemptsPerSecond,
          workers: report.workers,
          networkMwm: this.networkMwm,
          expectedAttempts: expected,
          transactionsPerRecord: this._transactionsPerRecord,
          secondsPerTransaction: perTx,
          secondsPerRecord: perTx * this._transactionsPerRecord,
        },
      };
    } catch (e) {
      this.rate = _isAbort(e) || abort.signal.aborted
        ? { ...this.rate, state: 'cancelled' }
        : { ...this.rate, state: 'failed', error: _message(e) };
    } finally {
      if (this._rateAbort === abort) this._rateAbort = null;
      this._host.requestUpdate();
    }
  }

  /**
   * Search a nonce for `text` (UTF-8, digested with powDigest) at weight `mwm`. The caller has
   * validated mwm; it is checked again here.
   */
  async runSearch(text: string, mwm: number): Promise<void> {
    if (this.busy) return;
    if (!Number.isInteger(mwm) || mwm < MIN_MWM || mwm > MAX_MWM) {
      throw new RangeError(`mwm must be an integer from ${MIN_MWM} to ${MAX_MWM}, got ${mwm}`);
    }
    const abort = new AbortController();
    this._searchAbort = abort;
    this.search = { state: 'running', mwm, expectedAttempts: expectedAttempts(mwm), progress: null, result: null, error: '' };
    this._host.requestUpdate();
    try {
      const digest = powDigest(new TextEncoder().encode(text));
      const found = await this._pool().search({
        digest,
        mwm,
        signal: abort.signal,
        onProgress: (p) => {
          if (this._searchAbort !== abort) return;
          this.search = { ...this.search, progress: p };
          this._host.requestUpdate();
        },
      });
      if (abort.signal.aborted) {
        this.search = { ...this.search, state: 'cancelled' };
      } else {
        this.search = {
          ...this.search,
          state: 'done',
          result: {
            nonce: found.nonce.toString(),
            hashTrytes: found.hashTrytes,
            weight: found.weight,
            mwm,
            attempts: found.attempts,
            elapsedMs: found.elapsedMs,
            workers: found.workers,
          },
        };
      }
    } catch (e) {
      this.search = _isAbort(e) || abort.signal.aborted
        ? { ...this.search, state: 'cancelled' }
        : { ...this.search, state: 'failed', error: _message(e) };
    } finally {
      if (this._searchAbort === abort) this._searchAbort = null;
      this._host.requestUpdate();
    }
  }

  /** Stop the running search; the screen then says it was cancelled. */
  cancelSearch(): void {
    this._searchAbort?.abort();
  }
}
