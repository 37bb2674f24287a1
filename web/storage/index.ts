// The storage adapter's one door: the patient's replica of the Tangle, kept in IndexedDB (idb), and
// its in-memory twin. Layout and upgrade ladder: schema.ts. Files starting with `_` stay private, and
// so do the test hooks of idb-replica-store.ts.

/** The contract both stores keep; used by the ledger, the sync code and tests. */
export type {
  ReplicaStore,
  ReplicaStoreOptions,
  GraphColumns,
  TagColumn,
  ReplicaSnapshot,
  AppendBatch,
  QuarantineRecord,
  ReplicaStats,
  StoredNetwork,
} from './replica-store.ts';

/** Sizes the ledger checks its layout against (ids, default tx and segment sizes, column bytes per tx). */
export { ID_BYTES, DEFAULT_TX_SIZE, DEFAULT_SEGMENT_TXS, GRAPH_BYTES_PER_TX, TAG_BYTES_PER_TX } from './replica-store.ts';

/** The IndexedDB replica; opened by the app's ledger setup, workers and benchmarks. */
export { IdbReplicaStore } from './idb-replica-store.ts';

/** The in-memory twin; used by tests of the ledger, sync and UI controllers. */
export { MemoryReplicaStore } from './memory-replica-store.ts';

/** The schema version the store opens; read by diagnostics and the about page. */
export { SCHEMA_VERSION } from './schema.ts';
