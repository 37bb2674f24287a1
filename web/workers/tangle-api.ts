// The message contract between the tangle worker (which owns the replica) and its client on the
// main thread, shared by both sides so the compiler checks them against each other.
import type { ExportFilter, HeldTx, ImportReport, ReplicaStats, TxDetails, TxSummary } from '../ledger/index.ts';

/** Everything the explorer needs besides the replica's own counters. */
export interface TangleStats extends ReplicaStats {
  /** Bytes used and available for this origin (navigator.storage.estimate), when the browser says. */
  usage?: number;
  quota?: number;
}

/** What a new bundle carries. The worker signs it with the device key; the UI never sees a key. */
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

/** What the tangle worker offers over comlink. */
export interface TangleWorkerApi {
  open(options: { dbName: string; mwm: number; module: WebAssembly.Module }): Promise<TangleStats>;
  importTransactions(bytes: Uint8Array): Promise<ImportReport>;
  stillHeld(ids: string[]): Promise<HeldTx[]>;
  exportTransactions(filter?: ExportFilter): Promise<Uint8Array>;
  createBundle(
    bundle: NewBundle,
    pow: (digest: Uint8Array, mwm: number) => Promise<bigint>,
    onProgress?: (p: AttachProgressMessage) => void,
  ): Promise<{ ids: string[]; report: ImportReport }>;
  refreshConfirmation(): Promise<{ newlyConfirmed: number[] }>;
  recent(limit: number): Promise<TxSummary[]>;
  details(index: number): Promise<TxDetails>;
  stats(): Promise<TangleStats>;
  close(): Promise<void>;
}
