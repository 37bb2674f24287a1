// The Device check's I/O: drives the app-wide proof-of-work pool (web/workers) for a rate
// measurement and for a search over a text, and keeps what the screen shows as plain state.
// The host re-renders whenever that state changes. Leaving the screen cancels what is running:
// it uses every processor core, and nothing should run that the user can neither see nor stop.
// What the screen shows, and what the user typed, is kept in a PowMemory that outlives the screen,
// so coming back shows the text and MWM as typed and says that the run stopped because of leaving.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { expectedAttempts, powDigest } from '../../core/pow/index.ts';
import { sharedPowPool, type PowPool, type PowProgress } from '../../workers/index.ts';
import { errorInWords } from '../i18n/errors.ts';
import { loadNetwork } from './network-settings.ts';

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
  /** True when the run was cancelled because the user left the screen (not by Cancel). */
  leftScreen?: boolean;
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
  /** True when the run was cancelled because the user left the screen (not by Cancel). */
  leftScreen?: boolean;
}

/**
 * The proof-of-work form's fields as typed: the text, and the MWM field's raw text (it may be
 * invalid). null for a field not typed in, which shows its default (the MWM follows the network's).
 */
export interface PowDraft {
  text: string | null;
  mwm: string | null;
}

/**
 * What the Device check keeps while the user is on another screen; the PowController reads and
 * writes it. The screen's element, and so its controller, is made anew on every visit; this is not.
 */
export interface PowMemory {
  /** The form's fields as last typed; null until the user types (the form shows its example). */
  draft: PowDraft | null;
  /** The last measurement and search with their outcomes; null before the first controller. */
  rate: RateView | null;
  search: SearchView | null;
  /** The run in progress, or still settling after its screen was left; null when none. */
  run: Promise<void> | null;
}

/** An empty memory. Called for appPowMemory, and by tests that play several visits of the screen. */
export function newPowMemory(): PowMemory {
  return { draft: null, rate: null, search: null, run: null };
}

/** The app's one Device check memory; mt-device-check passes it to its PowController. */
export const appPowMemory: PowMemory = newPowMemory();

/** The abort reason of a run stopped because its screen was left, so the outcome can say so. */
class LeftScreen extends DOMException {
  constructor() {
    super('the screen was left', 'AbortError');
  }
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
  /** What outlives the screen; a fresh one by default (mt-device-check passes appPowMemory). */
  memory?: PowMemory;
}

function _isAbort(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'AbortError';
}

/** What went wrong, in words in the language shown (web/app/i18n/errors.ts). */
function _message(e: unknown): string {
  return errorInWords(e);
}

export class PowController implements ReactiveController {
  readonly networkMwm: number;

  private readonly _host: ReactiveControllerHost;
  private readonly _pool: () => PowPool;
  private readonly _transactionsPerRecord: number;
  private readonly _memory: PowMemory;
  private _rateAbort: AbortController | null = null;
  private _searchAbort: AbortController | null = null;

  constructor(host: ReactiveControllerHost, options: PowControllerOptions = {}) {
    this._host = host;
    this._pool = options.pool ?? sharedPowPool;
    this._transactionsPerRecord = options.transactionsPerRecord ?? 3;
    this.networkMwm = options.networkMwm ?? loadNetwork().mwm;
    this._memory = options.memory ?? newPowMemory();
    this._memory.rate ??= { state: 'idle', durationMs: options.rateDurationMs ?? 2000, progress: null, summary: null, error: '' };
    this._memory.search ??= { state: 'idle', mwm: this.networkMwm, expectedAttempts: expectedAttempts(this.networkMwm), progress: null, result: null, error: '' };
    // A rate measured on an earlier visit stays true of the device, but the network MWM may have
    // changed since (Tangle screen): its times are worked out again for today's.
    const kept = this._memory.rate.summary;
    if (kept && kept.networkMwm !== this.networkMwm) {
      this._memory.rate = { ...this._memory.rate, summary: this._summary(kept.attemptsPerSecond, kept.workers) };
    }
    host.addController(this);
  }

  /** What a rate means at the network's MWM. */
  private _summary(attemptsPerSecond: number, workers: number): RateSummary {
    const expected = expectedAttempts(this.networkMwm);
    const perTx = attemptsPerSecond > 0 ? expected / attemptsPerSecond : Infinity;
    return {
      attemptsPerSecond,
      workers,
      networkMwm: this.networkMwm,
      expectedAttempts: expected,
      transactionsPerRecord: this._transactionsPerRecord,
      secondsPerTransaction: perTx,
      secondsPerRecord: perTx * this._transactionsPerRecord,
    };
  }

  /** The measurement's state (kept in the memory, so it outlives the screen). */
  get rate(): RateView {
    return this._memory.rate!;
  }
  set rate(view: RateView) {
    this._memory.rate = view;
  }

  /** The search's state (kept in the memory, so it outlives the screen). */
  get search(): SearchView {
    return this._memory.search!;
  }
  set search(view: SearchView) {
    this._memory.search = view;
  }

  /** The form's fields as last typed; null until the user types. */
  get draft(): PowDraft | null {
    return this._memory.draft;
  }

  /** True while a measurement or a search uses the workers. */
  get busy(): boolean {
    return this.rate.state === 'running' || this.search.state === 'running';
  }

  hostConnected(): void {
    // A run stopped by leaving may still be settling (the pool stops its workers first): show
    // how it ended once it has.
    const run = this._memory.run;
    if (run) void run.then(() => this._host.requestUpdate(), () => this._host.requestUpdate());
  }

  hostDisconnected(): void {
    this._rateAbort?.abort(new LeftScreen());
    this._searchAbort?.abort(new LeftScreen());
  }

  /** Keeps the form's fields as typed, for the next visit of the screen. Called by mt-device-check on pow-draft. */
  setDraft(draft: PowDraft): void {
    this._memory.draft = { text: draft.text ?? null, mwm: draft.mwm ?? null };
  }

  /** Runs `work` as the memory's run, so that a later visit of the screen can wait for its end. */
  private async _track(work: Promise<void>): Promise<void> {
    this._memory.run = work;
    try {
      await work;
    } finally {
      if (this._memory.run === work) this._memory.run = null;
    }
  }

  /** Measure attempts per second with every worker of the pool. */
  measureRate(): Promise<void> {
    if (this.busy) return Promise.resolve();
    return this._track(this._measureRate());
  }

  private async _measureRate(): Promise<void> {
    const abort = new AbortController();
    this._rateAbort = abort;
    this.rate = { ...this.rate, state: 'running', progress: null, error: '', leftScreen: false };
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
      this.rate = { ...this.rate, state: 'done', summary: this._summary(report.attemptsPerSecond, report.workers) };
    } catch (e) {
      this.rate = _isAbort(e) || abort.signal.aborted
        ? { ...this.rate, state: 'cancelled', leftScreen: abort.signal.reason instanceof LeftScreen }
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
    await this._track(this._runSearch(text, mwm));
  }

  private async _runSearch(text: string, mwm: number): Promise<void> {
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
        this.search = { ...this.search, state: 'cancelled', leftScreen: abort.signal.reason instanceof LeftScreen };
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
        ? { ...this.search, state: 'cancelled', leftScreen: abort.signal.reason instanceof LeftScreen }
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
