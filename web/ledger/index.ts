// The ledger's one door: the replica service that joins validation, storage, the DAG and PoW.
// It sits above the adapters (web/storage, web/wasm, web/crypto) and below web/workers.
export { Replica, DEFAULT_ALPHA, DEFAULT_DEPTH } from './replica.ts';
export { coreServices } from './services.ts';
export { ReplicaDamagedError, NetworkMismatchError } from './_open-checks.ts';
export type { ReplicaOptions, ImportReport, HeldTx, ExportFilter, TxSummary, TxDetails, ReplicaStats, BadArchiveCounts, TaggedBundle } from './replica.ts';
