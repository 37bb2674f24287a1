// The tangle client: the one owner of the tangle worker's life on the main thread (lazy start,
// calls in order, PoW routed to the shared pool, progress back to the caller). Used by the app's
// explorer controller; tests make their own with another database name.

import * as Comlink from 'comlink';
import { compileCore } from '../wasm/index.ts';
import type { ExportFilter, HeldTx, ImportReport, TxDetails, TxSummary } from '../ledger/index.ts';
import { sharedPowPool, type PowPool, type PowProgress } from './pow-pool.ts';
import type { AttachProgressMessage, NewBundle, TangleStats, TangleWorkerApi } from './tangle-api.ts';

/** The app's replica database. */
export const DEFAULT_DB_NAME = 'medtangle-replica';

/** The error every pending and later call of a closed session rejects with. */
function closedError(): DOMException {
  return new DOMException('the tangle client was closed', 'AbortError');
}

/** One life of the worker: opened once, closed once; a closed session settles every call. */
interface Session {
  worker: Worker | null;
  api: Comlink.Remote<TangleWorkerApi> | null;
  opened: Promise<TangleStats>;
  /** Rejects when the session closes, so no call waits on a terminated worker. */
  closed: Promise<never>;
  close(reason?: Error): void;
  isClosed: boolean;
}

/** A handle on the tangle worker. */
export class TangleClient {
  readonly dbName: string;
  readonly mwm: number;
  readonly #pool: PowPool;
  #session: Session | null = null;

  constructor(options: { dbName?: string; mwm: number; pool?: PowPool }) {
    if (!Number.isInteger(options.mwm) || options.mwm < 1 || options.mwm > 40) {
      throw new RangeError(`mwm must be an integer from 1 to 40, got ${String(options.mwm)}`);
    }
    this.dbName = options.dbName ?? DEFAULT_DB_NAME;
    this.mwm = options.mwm;
    this.#pool = options.pool ?? sharedPowPool();
  }

  /** Starts the worker and opens the replica (once). Resolves with the first counters. */
  open(): Promise<TangleStats> {
    return (this.#session ??= this.#start()).opened;
  }

  #start(): Session {
    // Persistent storage is asked from the page (workers cannot): a patient's records must not be
    // evicted under storage pressure. A refusal is shown in the explorer's counters.
    void navigator.storage?.persist?.().catch(() => false);
    let reject!: (e: unknown) => void;
    const closed = new Promise<never>((_, r) => (reject = r));
    closed.catch(() => undefined); // observed by the calls that race it
    const s: Session = {
      worker: null,
      api: null,
      closed,
      isClosed: false,
      opened: Promise.resolve() as unknown as Promise<TangleStats>,
      close(reason?: Error) {
        if (s.isClosed) return;
        s.isClosed = true;
        reject(reason ?? closedError());
        const { api, worker } = s;
        s.api = null;
        s.worker = null;
        // Let the worker close IndexedDB if it answers soon; terminate it either way.
        if (api) void Promise.race([api.close(), new Promise((r) => setTimeout(r, 500))]).finally(() => worker?.terminate());
        else worker?.terminate();
      },
    };
    s.opened = (async () => {
      const module = await compileCore();
      if (s.isClosed) throw closedError();
      s.worker = new Worker(new URL('./tangle.worker.ts', import.meta.url), { type: 'module', name: 'tangle' });
      // A worker that fails to load or crashes would otherwise leave every call waiting for ever.
      s.worker.addEventListener('error', (e) => {
        if (this.#session === s) this.#session = null;
        s.close(new Error(`the tangle worker failed: ${e.message || 'it could not start'}`));
      });
      s.api = Comlink.wrap<TangleWorkerApi>(s.worker);
      return Promise.race([s.api.open({ dbName: this.dbName, mwm: this.mwm, module }), s.closed]);
    })();
    s.opened.catch(() => {
      if (this.#session === s) this.close();
    });
    return s;
  }

  /** Runs one call on the open worker; it rejects as soon as the client is closed. */
  async #call<T>(f: (api: Comlink.Remote<TangleWorkerApi>) => Promise<T>): Promise<T> {
    const s = (this.#session ??= this.#start());
    await s.opened;
    if (s.isClosed || !s.api) throw closedError();
    return Promise.race([f(s.api), s.closed]);
  }

  /** Validates and stores an archive; see Replica.importTransactions. */
  importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    return this.#call((api) => api.importTransactions(Comlink.transfer(bytes, [bytes.buffer])));
  }

  /** Which of the given txs (hex ids) still wait in quarantine, and why; see Replica.stillHeld. Called by the Tangle controller at the end of a file import. */
  stillHeld(ids: string[]): Promise<HeldTx[]> {
    return this.#call((api) => api.stillHeld(ids));
  }

  /** The archive of the chosen txs; see Replica.exportTransactions. */
  exportTransactions(filter?: ExportFilter): Promise<Uint8Array> {
    return this.#call((api) => api.exportTransactions(filter));
  }

  /**
   * Signs, attaches (PoW on the shared pool) and stores a new bundle. The signal cancels the PoW;
   * progress reports txs done and the pool's rate.
   */
  createBundle(
    bundle: NewBundle,
    options: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void } = {},
  ): Promise<{ ids: string[]; report: ImportReport }> {
    let txDone = 0;
    let txTotal = 0;
    const report = (p: Partial<AttachProgressMessage>) => options.onProgress?.({ txDone, txTotal, ...p });
    const pow = async (digest: Uint8Array, mwm: number) => {
      const found = await this.#pool.search({
        digest,
        mwm,
        signal: options.signal,
        onProgress: (p: PowProgress) => report({ attempts: p.attempts, attemptsPerSecond: p.attemptsPerSecond, etaSeconds: p.etaSeconds }),
      });
      return found.nonce;
    };
    const onTx = (p: AttachProgressMessage) => {
      txDone = p.txDone;
      txTotal = p.txTotal;
      report({});
    };
    return this.#call((api) => api.createBundle(bundle, Comlink.proxy(pow), Comlink.proxy(onTx)));
  }

  refreshConfirmation(): Promise<{ newlyConfirmed: number[] }> {
    return this.#call((api) => api.refreshConfirmation());
  }
  recent(limit = 40): Promise<TxSummary[]> {
    return this.#call((api) => api.recent(limit));
  }
  details(index: number): Promise<TxDetails> {
    return this.#call((api) => api.details(index));
  }
  stats(): Promise<TangleStats> {
    return this.#call((api) => api.stats());
  }

  /** Closes the replica and stops the worker; pending calls reject with an AbortError. */
  close(): void {
    const s = this.#session;
    this.#session = null;
    s?.close();
  }
}
