// The tangle client: the one owner of the tangle worker's life on the main thread (lazy start,
// calls in order, PoW routed to the shared pool, progress back to the caller). Used by the app's
// explorer controller; tests make their own with another database name.

import * as Comlink from 'comlink';
import { compileCore } from '../wasm/index.ts';
import { DEFAULT_NETWORK, assertNetwork, networkProblem, sameNetwork, type Network } from '../core/network/index.ts';
import type { ExportFilter, HeldTx, ImportReport, TaggedBundle, TxDetails, TxSummary } from '../ledger/index.ts';
import { sharedPowPool, type PowPool, type PowProgress } from './pow-pool.ts';
import type { SyncProgress, SyncResult, Transport } from '../sync/index.ts';
import type { AttachProgressMessage, NewBundle, SyncStartOptions, SyncWire, TangleStats, TangleWorkerApi } from './tangle-api.ts';

/** The replica database of the default network (and of every device before networks were recorded). */
export const DEFAULT_DB_NAME = 'medtangle-replica';
const _DB_PREFIX = `${DEFAULT_DB_NAME}--`;

/**
 * The database that holds a network's replica: one per network, so that switching networks never
 * mixes their txs (a replica belongs to its network for good). Used by TangleClient and by the
 * Network card's list of this device's networks.
 */
export function replicaDbName(network: Network): string {
  assertNetwork(network, 'network');
  return sameNetwork(network, DEFAULT_NETWORK) ? DEFAULT_DB_NAME : `${_DB_PREFIX}${network.name}--${network.mwm}`;
}

/**
 * The networks that have a replica on this device, from the browser's list of databases (names
 * made by replicaDbName); [] where the browser cannot list them. Called by the Network card.
 */
export async function deviceNetworks(): Promise<Network[]> {
  let names: string[] = [];
  try {
    names = ((await indexedDB.databases?.()) ?? []).map((d) => d.name ?? '');
  } catch {
    return [];
  }
  const out: Network[] = [];
  for (const name of names) {
    if (name === DEFAULT_DB_NAME) out.push({ ...DEFAULT_NETWORK });
    else if (name.startsWith(_DB_PREFIX)) {
      const m = /^(.+)--(\d+)$/.exec(name.slice(_DB_PREFIX.length));
      const n = m ? { name: m[1], mwm: Number(m[2]) } : null;
      if (n && networkProblem(n) === null) out.push(n);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.mwm - b.mwm);
}

/** Signs a new bundle with the unlocked identity: the identity client's signBundle. */
export type BundleSigner = (spec: { kind: number; payload: Uint8Array }) => Promise<Uint8Array[]>;

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

/**
 * A handle on the tangle worker. It fires `stored` (a CustomEvent whose detail is `{ accepted }`,
 * the txs stored) after an import or an attach of this client stored any tx, so the screens that
 * show the user's records look for them as they arrive.
 */
export class TangleClient extends EventTarget {
  readonly dbName: string;
  /** The network whose replica this client opens. */
  readonly network: Network;
  readonly #pool: PowPool;
  readonly #signer: BundleSigner | null;
  #session: Session | null = null;
  #syncIds = 0;

  constructor(options: { dbName?: string; network: Network; pool?: PowPool; signer?: BundleSigner }) {
    super();
    assertNetwork(options.network, 'options.network');
    this.network = Object.freeze({ name: options.network.name, mwm: options.network.mwm });
    this.dbName = options.dbName ?? replicaDbName(this.network);
    this.#pool = options.pool ?? sharedPowPool();
    this.#signer = options.signer ?? null;
  }

  /** The network's minimum weight magnitude. */
  get mwm(): number {
    return this.network.mwm;
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
      return Promise.race([s.api.open({ dbName: this.dbName, network: { ...this.network }, module }), s.closed]);
    })();
    s.opened.catch((e: unknown) => {
      // A replica that is damaged or of another network keeps its worker: every call rejects with
      // that error, but salvage and deleteReplica work on its store.
      const name = (e as { name?: unknown } | null)?.name;
      if (name === 'ReplicaDamagedError' || name === 'NetworkMismatchError') return;
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
  async importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    const report = await this.#call((api) => api.importTransactions(Comlink.transfer(bytes, [bytes.buffer])));
    this.#stored(report.accepted);
    return report;
  }

  #stored(accepted: number): void {
    if (accepted > 0) this.dispatchEvent(new CustomEvent('stored', { detail: { accepted } }));
  }

  /** Which of the given txs (hex ids) still wait in quarantine, and why; see Replica.stillHeld. Called by the Tangle controller at the end of a file import. */
  stillHeld(ids: string[]): Promise<HeldTx[]> {
    return this.#call((api) => api.stillHeld(ids));
  }

  /** Lets go of every tx waiting in quarantine; see Replica.clearQuarantine. Called by the Tangle controller. */
  clearQuarantine(): Promise<{ cleared: number; saved: boolean }> {
    return this.#call((api) => api.clearQuarantine());
  }

  /** The archive of the chosen txs; see Replica.exportTransactions. */
  exportTransactions(filter?: ExportFilter): Promise<Uint8Array> {
    return this.#call((api) => api.exportTransactions(filter));
  }

  /**
   * Signs a new test bundle with the unlocked identity (the `signer` this client was made with),
   * then attaches and stores it like attachSigned. Rejects when there is no signer or the identity
   * is locked.
   */
  async createBundle(
    bundle: NewBundle,
    options: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void } = {},
  ): Promise<{ ids: string[]; report: ImportReport }> {
    if (!this.#signer) throw Object.assign(new Error('the identity is locked'), { name: 'IdentityError', reason: 'locked' });
    const txs = await this.#signer({ kind: bundle.kind, payload: bundle.payload });
    return this.attachSigned(txs, options);
  }

  /**
   * Attaches a bundle signed by the identity worker (PoW on the shared pool, head to tail) and
   * stores it. The signal cancels the PoW; progress reports txs done and the pool's rate. Called by
   * the records controller and createBundle.
   */
  attachSigned(
    txs: Uint8Array[],
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
    return this.#call((api) => api.attachSigned(txs, Comlink.proxy(pow), Comlink.proxy(onTx))).then((done) => {
      this.#stored(done.report.accepted);
      return done;
    });
  }

  /**
   * Every tx the replica's store can still read, as an archive file of its network, even when the
   * replica could not open (ReplicaDamagedError). Called by the Tangle controller's rescue.
   */
  async salvage(): Promise<{ bytes: Uint8Array; txs: number }> {
    const s = (this.#session ??= this.#start());
    await s.opened.catch(() => undefined); // a damaged replica fails to open; its store is open
    if (s.isClosed || !s.api) throw closedError();
    return Promise.race([s.api.salvage(), s.closed]);
  }

  /**
   * Deletes this replica's database for good, then closes the worker; the next call starts a
   * fresh, empty replica. Called by the Tangle controller once the user has confirmed.
   */
  async deleteReplica(): Promise<void> {
    const s = (this.#session ??= this.#start());
    await s.opened.catch(() => undefined);
    if (s.isClosed || !s.api) throw closedError();
    await Promise.race([s.api.deleteReplica(), s.closed]);
    this.close();
  }

  refreshConfirmation(): Promise<{ newlyConfirmed: number[] }> {
    return this.#call((api) => api.refreshConfirmation());
  }

  /**
   * Every stored bundle that carries one of `tags` (32 bytes each), in the order stored, with its
   * payload joined; see Replica.findTagged. Called by the records service to find an identity's
   * records. The arguments are checked here too, so a mistake is named before the worker starts.
   */
  findTagged(tags: Uint8Array[]): Promise<TaggedBundle[]> {
    if (!Array.isArray(tags)) return Promise.reject(new TypeError('tags must be an array of 32-byte tags (Uint8Array)'));
    for (const [i, t] of tags.entries()) {
      if (!(t instanceof Uint8Array)) return Promise.reject(new TypeError(`tags[${i}] must be a Uint8Array`));
      if (t.length !== 32) return Promise.reject(new RangeError(`tags[${i}] must be 32 bytes, got ${t.length}`));
    }
    // Copies (32 bytes each) go over: the caller keeps its own arrays.
    const copies = tags.map((t) => t.slice());
    return this.#call((api) => api.findTagged(copies));
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

  /**
   * Syncs the replica with a peer over `transport` (the page's data channel): the session runs in
   * the worker, next to the replica, and this bridges its messages both ways. Messages that arrive
   * before the worker is ready wait here, in order. Resolves with the session's result; fires
   * `stored` for the txs it brought. Called by the sync screen's controller.
   */
  async sync(transport: Transport, options: SyncStartOptions, onProgress?: (p: SyncProgress) => void): Promise<SyncResult> {
    const early: Uint8Array[] = [];
    let closedEarly = false;
    transport.onmessage = (bytes) => early.push(bytes);
    transport.onclose = () => (closedEarly = true);
    const s = (this.#session ??= this.#start());
    try {
      await s.opened;
    } catch (e) {
      transport.close();
      throw e;
    }
    if (s.isClosed || !s.api) {
      transport.close();
      throw closedError();
    }
    const api = s.api;
    const id = ++this.#syncIds;
    const wire = (w: SyncWire) => (w.type === 'send' ? transport.send(w.bytes) : transport.close());
    // Posted before any syncReceive below (comlink posts each call at once), so the worker's
    // session exists before the first message reaches it.
    const run = api.syncStart(id, { ...options }, Comlink.proxy(wire), onProgress ? Comlink.proxy(onProgress) : undefined);
    const deliver = (bytes: Uint8Array) => void api.syncReceive(id, Comlink.transfer(bytes, [bytes.buffer]));
    for (const bytes of early) deliver(bytes);
    transport.onmessage = deliver;
    transport.onclose = () => void api.syncClosed(id);
    if (closedEarly) void api.syncClosed(id);
    try {
      const result = await Promise.race([run, s.closed]);
      this.#stored(result.stored);
      return result;
    } finally {
      transport.onmessage = null;
      transport.onclose = null;
    }
  }

  /** Closes the replica and stops the worker; pending calls reject with an AbortError. */
  close(): void {
    const s = this.#session;
    this.#session = null;
    s?.close();
  }
}
