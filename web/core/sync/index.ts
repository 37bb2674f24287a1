// Sync's pure core (docs/sync.md): the item set with its fingerprints, the versioned wire format,
// and the reconciliation state machine. No I/O and no clock: web/sync runs it over a transport
// against a replica.
export { ItemSet, END_BOUND, START_BOUND, ID_LENGTH, FINGERPRINT_LENGTH, MAX_TIME, compareBounds } from './items.ts';
export type { Bound } from './items.ts';
export { encodeMessage, decodeMessage, SyncFormatError, SYNC_VERSION, LIMITS, MSG, MODE, BYE } from './codec.ts';
export type { Message, Range, ByeReason } from './codec.ts';
export { Reconciler, SyncProtocolError, BUCKETS, ID_LIST_MAX, DEFAULT_BUDGET, DEFAULT_MAX_ROUNDS } from './reconcile.ts';
export type { ReconcileOptions } from './reconcile.ts';
