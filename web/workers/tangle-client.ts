// The tangle client: the one owner of the tangle worker's life on the main thread (lazy start,
// calls in order, PoW routed to the shared pool, progress back to the caller). Used by the app's
// explorer controller; tests make their own with another database name.

import * as Comlink from 'comlink';
import { compileCore } from '../wasm/index.ts';
import type { ExportFilter, ImportReport, TxDetails, TxSummary } from '../ledger/index.ts';
import { sharedPowPool, type PowPool, type PowProgress } from './pow-pool.ts';
import type { AttachProgressMessage, NewBundle, TangleStats, TangleWorkerApi } from './tangle-api.ts';

/** The app's replica database. */
export const DEFAULT_DB_NAME = 'medtangle-replica';

/** A handle on the tangle worker. */
export class TangleClient {
  readonly dbName: string;
  readonly mwm: number;
  readonly #pool: PowPool;
  #worker: Worker | null = null;
  #api: Comlink.Remote<TangleWorkerApi> | null = null;
  #opened: Promise<TangleStats> | null = null;

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
    if (!this.#opened) {
      // Persistent storage is asked from the page (workers cannot): a patient's records must not be
      // evicted under storage pressure. A refusal is shown in the explorer's counters.
      void navigator.storage?.persist?.().catch(() => false);
      this.#opened = (async () => {
        const module = await compileCore();
        this.#worker = new Worker(new URL('./tangle.worker.ts', import.meta.url), { type: 'module', name: 'tangle' });
        this.#api = Comlink.wrap<TangleWorkerApi>(this.#worker);
        return this.#api.open({ dbName: this.dbName, mwm: this.mwm, module });
      })();
      this.#opened.catch(() => this.close());
    }
    return this.#opened;
  }

  async #ready(): Promise<Comlink.Remote<TangleWorkerApi>> {
    await this.open();
    return this.#api!;
  }

  /** Validates and stores an archive; see Replica.importTransactions. */
  async importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    const api = await this.#ready();
    return api.importTransactions(Comlink.transfer(bytes, [bytes.buffer]));
  }

  /** The archive of the chosen txs; see Replica.exportTransactions. */
  async exportTransactions(filter?: ExportFilter): Promise<Uint8Array> {
    return (await this.#ready()).exportTransactions(filter);
  }

  /**
   * Signs, attaches (PoW on the shared pool) and stores a new bundle. The signal cancels the PoW;
   * progress reports txs done and the pool's rate.
   */
  async createBundle(
    bundle: NewBundle,
    options: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void } = {},
  ): Promise<{ ids: string[]; report: ImportReport }> {
    const api = await this.#ready();
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
    return api.createBundle(bundle, Comlink.proxy(pow), Comlink.proxy(onTx));
  }

  async refreshConfirmation(): Promise<{ newlyConfirmed: number[] }> {
    return (await this.#ready()).refreshConfirmation();
  }
  async recent(limit = 40): Promise<TxSummary[]> {
    return (await this.#ready()).recent(limit);
  }
  async details(index: number): Promise<TxDetails> {
    return (await this.#ready()).details(index);
  }
  async stats(): Promise<TangleStats> {
    return (await this.#ready()).stats();
  }

  /** Closes the replica and stops the worker. */
  close(): void {
    const api = this.#api;
    const worker = this.#worker;
    this.#api = null;
    this.#worker = null;
    this.#opened = null;
    if (api) void api.close().finally(() => worker?.terminate());
    else worker?.terminate();
  }
}
