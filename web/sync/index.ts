// Sync's one door (docs/sync.md): the transport interface, its adapters, and the session that
// reconciles a replica with one peer over a transport. Above web/ledger (it drives a Replica) and
// web/core/sync (the pure reconciliation and wire format); below web/workers and web/app.
export { realTimers } from './transport.ts';
export type { Transport, Timers } from './transport.ts';
export { MemoryNetwork } from './memory.ts';
export type { NetworkFaults, NetworkStats } from './memory.ts';
export { SyncSession, MAX_BATCH_TXS } from './session.ts';
export type { SyncReplica, SyncOptions, SyncProgress, SyncResult } from './session.ts';
export { DataChannelTransport, CHUNK_BYTES, HIGH_WATER, LOW_WATER } from './webrtc.ts';
export { cutSdp, buildSdp, encodeSignal, decodeSignal, SignalFormatError, SIGNAL_PREFIX, MAX_CANDIDATES } from './signal.ts';
export type { Signal } from './signal.ts';
