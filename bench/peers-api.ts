// The message contract between the bench page (main thread) and the peers worker, shared by both
// sides so that the compiler checks them against each other.

/** The hash functions timed in the peers worker, by metric name. */
export const PEER_METRICS = [
  'peer.hashwasm.keccak384_per_s',
  'peer.noble.keccak384_per_s',
  'peer.iotajs.kerl_per_s',
  'core.kerl_per_s',
] as const;

export type PeerMetric = (typeof PEER_METRICS)[number];

/** One timed round: `calls` hashes in `elapsedMs`. `sink` folds the outputs so none is optimised away. */
export interface RoundResult {
  calls: number;
  elapsedMs: number;
  sink: number;
}

/** What the peers worker offers over comlink. */
export interface PeersApi {
  /** Loads every peer and the WASM core, and checks that they agree on one input. */
  init(): Promise<void>;
  /** Calls one hash function back to back for about durationMs. */
  round(metric: PeerMetric, durationMs: number): RoundResult;
}
