// The tangle worker: it owns the replica (IndexedDB store, WASM graph, validation) off the main
// thread, so importing and walking never stall the UI. PoW is not done here: the client passes a
// function that runs it on the PoW pool, and comlink proxies the calls.

import * as Comlink from 'comlink';
import { Replica, coreServices } from '../ledger/index.ts';
import { IdbReplicaStore, type ReplicaStore } from '../storage/index.ts';
import { loadCore, loadGraph, type Core } from '../wasm/index.ts';
import { NONCE_OFFSET, TX_SIZE } from '../core/tx/index.ts';
import { encodeArchive } from '../core/validate/index.ts';
import { SyncSession, type Transport } from '../sync/index.ts';
import type { SyncWire, TangleStats, TangleWorkerApi } from './tangle-api.ts';
import { _keepErrorReasons } from './_errors.ts';

_keepErrorReasons();

let replica: Replica | null = null;
let store: ReplicaStore | null = null;

/** Takes the exclusive lock for `dbName` for the rest of this worker's life, or throws. */
async function holdReplicaLock(dbName: string): Promise<void> {
  const locks = (navigator as { locks?: LockManager }).locks;
  if (!locks) return; // no Web Locks (very old engines): one tab at a time is then up to the user
  const granted = await new Promise<boolean>((resolve) => {
    void locks.request(`medtangle:${dbName}`, { ifAvailable: true }, (lock: Lock | null) => {
      resolve(lock !== null);
      // Never resolves while the worker lives, so the lock is released only when it ends.
      return lock ? new Promise<void>(() => undefined) : undefined;
    });
  });
  if (!granted) throw new Error('medtangle is open in another tab or window: close it there to use the Tangle here');
}

function need(): Replica {
  if (!replica) throw new Error('the tangle worker is used before open()');
  return replica;
}

async function stats(): Promise<TangleStats> {
  const s: TangleStats = await need().stats();
  try {
    const e = await navigator.storage?.estimate?.();
    if (e) Object.assign(s, { usage: e.usage, quota: e.quota });
  } catch {
    // an estimate is a nicety; its absence is not an error
  }
  return s;
}

/**
 * The worker's end of a sync connection: the session's messages go to the page (which sends them on
 * its data channel), and the page hands over the peer's. The page's channel keeps message order, and
 * comlink's calls arrive in the order made, so the session sees the peer's messages in order.
 */
class _PageLink implements Transport {
  onmessage: ((bytes: Uint8Array) => void) | null = null;
  onclose: (() => void) | null = null;
  #closed = false;
  constructor(private readonly wire: (w: SyncWire) => void) {}
  /**
   * Moves the message's buffer to the page instead of copying it (a sync moves every tx body this
   * way): the session never reads a message after sending it. A view into a larger buffer is
   * copied first, so that nothing else of that buffer is taken.
   */
  send(bytes: Uint8Array): void {
    if (this.#closed) return;
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    void this.wire(Comlink.transfer({ type: 'send', bytes: own }, [own.buffer]));
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.wire({ type: 'close' });
    this.onclose?.();
  }
  /** A message from the peer. */
  deliver(bytes: Uint8Array): void {
    if (!this.#closed) this.onmessage?.(bytes);
  }
  /** The page's channel ended. */
  ended(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.();
  }
}

const links = new Map<number, _PageLink>();

let openedDb: string | null = null;
let core: Core | null = null;

const api: TangleWorkerApi = {
  async open({ dbName, network, module }) {
    if (replica) return stats();
    // One writer per database: two tabs appending to one replica would number txs differently
    // (each from its own count) and corrupt the stored graph. The lock is held until this worker
    // ends; a second tab gets a plain message instead of a corrupted replica.
    if (openedDb === null) await holdReplicaLock(dbName);
    openedDb = dbName;
    core ??= await loadCore({ module });
    store ??= await IdbReplicaStore.open(dbName);
    // A damaged replica (ReplicaDamagedError) or one of another network (NetworkMismatchError)
    // leaves the store open: salvage and deleteReplica still work on it.
    replica = await Replica.open({
      store,
      graph: await loadGraph({ module }),
      ...coreServices(core),
      network,
    });
    return stats();
  },
  async salvage() {
    if (!store || !core) throw new Error('the tangle worker is used before open()');
    // Every readable tx, whatever the counters say. Each keeps the id stored for it where there is
    // one: a tx whose bytes were damaged then fails as ID_MISMATCH under the id its approvers name,
    // so the import's report can say which damaged tx they wait for. The archive goes through full
    // validation wherever it is imported.
    const records: { id: Uint8Array; bytes: Uint8Array }[] = [];
    for await (const segment of store.salvageSegments()) {
      for (let k = 0; (k + 1) * TX_SIZE <= segment.txs.length; k++) {
        const bytes = segment.txs.slice(k * TX_SIZE, (k + 1) * TX_SIZE);
        const id = segment.ids ? segment.ids.slice(k * 32, (k + 1) * 32) : core.txHashes(bytes, NONCE_OFFSET).id;
        records.push({ id, bytes });
      }
    }
    // The file names the network the copy recorded, not the one it was opened for (a copy of
    // another network is rescued as what it is). A copy from before networks were recorded names
    // none (format 1): its txs are then checked against whichever network imports the file.
    const recorded = await store.network();
    const bytes = encodeArchive(records, recorded ? { name: recorded.name, mwm: recorded.mwm } : null);
    return Comlink.transfer({ bytes, txs: records.length }, [bytes.buffer]);
  },
  async deleteReplica() {
    if (!openedDb) throw new Error('the tangle worker is used before open()');
    store?.close();
    store = null;
    replica = null;
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(openedDb!);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error ?? new Error('the copy of the Tangle could not be deleted'));
      // Nothing else holds this database (the lock is ours), so blocked only means "wait".
    });
  },
  importTransactions: (bytes) => need().importTransactions(bytes),
  stillHeld: (ids) => need().stillHeld(ids),
  clearQuarantine: () => need().clearQuarantine(),
  async exportTransactions(filter) {
    const out = await need().exportTransactions(filter);
    return Comlink.transfer(out, [out.buffer]);
  },
  async attachSigned(txs, pow, onProgress) {
    const r = await need().attachSigned(txs, {
      pow: (digest, mwm) => pow(digest, mwm),
      onProgress: onProgress ? (p) => void onProgress({ txDone: p.txDone, txTotal: p.txTotal }) : undefined,
    });
    await need().refreshConfirmation();
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return { ids: r.ids.map(hex), report: r.report };
  },
  refreshConfirmation: () => need().refreshConfirmation(),
  async findTagged(tags) {
    const found = await need().findTagged(tags);
    // Each payload has a buffer of its own (joined by the replica): moved, not copied, to the page.
    return Comlink.transfer(found, found.map((b) => b.payload.buffer as ArrayBuffer));
  },
  recent: (limit) => need().recent(limit),
  details: (index) => need().details(index),
  stats,
  async syncStart(id, options, wire, onProgress) {
    if (links.has(id)) throw new Error(`sync session ${id} is already running`);
    const link = new _PageLink(wire);
    links.set(id, link);
    try {
      const session = new SyncSession(need(), link, {
        role: options.role,
        direction: options.direction,
        peer: options.peer,
        onProgress: onProgress ? (p) => void onProgress(p) : undefined,
      });
      return await session.run();
    } finally {
      links.delete(id);
    }
  },
  syncReceive(id, bytes) {
    links.get(id)?.deliver(bytes);
  },
  syncClosed(id) {
    links.get(id)?.ended();
  },
  async close() {
    store?.close();
    store = null;
    replica = null;
  },
};

Comlink.expose(api);
