// The message contract between the tangle worker (which owns the replica) and its client on the
// main thread, shared by both sides so the compiler checks them against each other.
import type { ExportFilter, HeldTx, ImportReport, ReplicaStats, TaggedBundle, TxDetails, TxSummary } from '../ledger/index.ts';
import type { Network } from '../core/network/index.ts';
import type { SyncProgress, SyncResult } from '../sync/index.ts';

/** Everything the explorer needs besides the replica's own counters. */
export interface TangleStats extends ReplicaStats {
  /** Bytes used and available for this origin (navigator.storage.estimate), when the browser says. */
  usage?: number;
  quota?: number;
}

/** What a new test bundle carries. The identity worker signs it; the UI never sees a key. */
export interface NewBundle {
  kind: number;
  payload: Uint8Array;
}

/** Progress of attaching a bundle: txs done, plus the PoW pool's own progress while a tx is worked. */
export interface AttachProgressMessage {
  txDone: number;
  txTotal: number;
  attempts?: number;
  attemptsPerSecond?: number;
  etaSeconds?: number;
}

/** A sync session's settings that cross to the worker (docs/sync.md "The session"). */
export interface SyncStartOptions {
  role: 'initiator' | 'responder';
  direction: 'both' | 'receive';
  /** The peer's name, as the result and the history show it. */
  peer: string;
}

/** What the worker's side of a sync asks the page's channel to do, in order: send a message, or close. */
export type SyncWire = { type: 'send'; bytes: Uint8Array } | { type: 'close' };

/** What the tangle worker offers over comlink. */
export interface TangleWorkerApi {
  /**
   * Opens the replica of `network` in `dbName`. Rejects with a ReplicaDamagedError or a
   * NetworkMismatchError (by name) when the stored replica cannot be used; the store then stays open
   * for salvage and deleteReplica.
   */
  open(options: { dbName: string; network: Network; module: WebAssembly.Module }): Promise<TangleStats>;
  /** Every tx the store can still read, as an archive of the network: the rescue of a damaged replica. */
  salvage(): Promise<{ bytes: Uint8Array; txs: number }>;
  /** Deletes this replica's database (after the user confirmed); the client then closes the worker. */
  deleteReplica(): Promise<void>;
  importTransactions(bytes: Uint8Array): Promise<ImportReport>;
  stillHeld(ids: string[]): Promise<HeldTx[]>;
  clearQuarantine(): Promise<{ cleared: number; saved: boolean }>;
  exportTransactions(filter?: ExportFilter): Promise<Uint8Array>;
  /** Attaches (PoW through `pow`, on the main thread's pool) and stores a bundle signed by the identity worker. */
  attachSigned(
    txs: Uint8Array[],
    pow: (digest: Uint8Array, mwm: number) => Promise<bigint>,
    onProgress?: (p: AttachProgressMessage) => void,
  ): Promise<{ ids: string[]; report: ImportReport }>;
  refreshConfirmation(): Promise<{ newlyConfirmed: number[] }>;
  /** Every stored bundle that carries one of `tags`, with its payload; see Replica.findTagged. */
  findTagged(tags: Uint8Array[]): Promise<TaggedBundle[]>;
  recent(limit: number): Promise<TxSummary[]>;
  details(index: number): Promise<TxDetails>;
  stats(): Promise<TangleStats>;
  /**
   * Runs sync session `id` with a peer against this replica; resolves with its result when it ends.
   * The page owns the connection (RTCPeerConnection exists only there): the session's messages go
   * out through `wire`, and the peer's come in by syncReceive, in the order they arrived.
   */
  syncStart(id: number, options: SyncStartOptions, wire: (w: SyncWire) => void, onProgress?: (p: SyncProgress) => void): Promise<SyncResult>;
  /** One whole message from session `id`'s peer. */
  syncReceive(id: number, bytes: Uint8Array): void;
  /** Session `id`'s connection ended on the page's side. */
  syncClosed(id: number): void;
  close(): Promise<void>;
}
