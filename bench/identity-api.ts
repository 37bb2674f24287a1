// The message contract between the bench page and the bench's identity worker (identity.worker.ts),
// shared by both sides so that the compiler checks them against each other.
import type { FoundBundle, MyRecord } from '../web/identity/index.ts';

/** Parameters of the identity metrics; the page records them in `_meta.identity`. */
export const IDENTITY_PARAMS = {
  /** Timed unlock rounds (after one warm-up), each unlock followed by hash-wasm's scrypt. */
  unlockRounds: 5,
  /** Readers of each record sealed or opened by the records metrics. */
  readers: 3,
  /** Records per openFound call of `records.open_per_s`: as many as the scan opens at unlock. */
  openBatch: 100,
  /** Distinct records sealed in turn (values, times and ids of their own). */
  distinctRecords: 16,
} as const;

/** One unlock round: ms, and how many progress reports reached the page. */
export interface UnlockRound {
  ms: number;
  progressCalls: number;
}

/** One rate round: `count` operations in `elapsedMs`. */
export interface RateRound {
  count: number;
  elapsedMs: number;
}

/** What the worker made in init, for `_meta.identity`. */
export interface IdentitySetup {
  /** The vault's scrypt parameters (DEFAULT_KDF) and the time it took to make the identity (one scrypt). */
  kdf: { N: number; r: number; p: number };
  createMs: number;
  /** The record: its JSON, deflated and envelope sizes (3 readers) and txs per bundle. */
  recordJsonBytes: number;
  recordDeflatedBytes: number;
  envelopeBytes: number;
  bundleTxs: number;
  /** The parameters at which hash-wasm's scrypt and @noble/hashes' (the vault's) were checked equal before timing. */
  scryptCheckedAt: { N: number; r: number; p: number };
  workerCrossOriginIsolated: boolean;
}

/** Context figures of the records metrics: where the time of one seal and one open goes. */
export interface RecordsBreakdown {
  /** Median µs per record of each step, over a batch of the distinct records, in the order they run. */
  sealUs: { json: number; deflate: number; sealEnvelope: number; tag: number; buildBundle: number };
  openUs: { openEnvelopeWith: number; inflate: number; parse: number };
  /** openEnvelopeWith as the first of the 3 readers (one wrap tried instead of three), µs. */
  openEnvelopeWithFirstReaderUs: number;
  /** openEnvelope with the last reader's secret (@noble/curves' X25519, its public key computed per call), µs. */
  openEnvelopeNobleUs: number;
  /** openFound of the batch with the identity the first of the 3 readers: records/s. */
  openFirstReaderPerS: number;
  /** One X25519 (@noble/curves), and the same through WebCrypto when the engine has it (else null), µs. */
  x25519NobleUs: number;
  x25519WebCryptoUs: number | null;
  /**
   * Context, 3 rounds after the timed ones, taking turns: VaultStore.unlock without a progress
   * callback; @noble/hashes' scryptAsync alone with the vault's options (asyncTick 20, no progress);
   * hash-wasm's scrypt. ms.
   */
  unlockNoProgressMs: number[];
  nobleScryptMs: number[];
  hashwasmScryptMs: number[];
  /** IdentityService.sealRecord(resource, { to }) (2 readers: the app's own path), vault index write included: records/s. */
  sealRecordServicePerS: number;
  /** The page's view of one openFound of the batch (structured clone both ways, as between the app's workers) minus the worker's own time, ms. */
  openFoundHopMs: number;
}

/** What the identity worker offers over comlink. Every call runs alone. */
export interface IdentityBenchApi {
  /** Makes an identity at DEFAULT_KDF on a fresh vault database, the records, and checks the peers. */
  init(): Promise<IdentitySetup>;
  /** VaultStore.unlock of that identity with a progress callback to the page, as the app's identity worker passes it. */
  unlockRound(onProgress: (fraction: number) => void): Promise<UnlockRound>;
  /** hash-wasm's scrypt at the same parameters, same passphrase and a salt of the same length, ms. */
  hashwasmScryptRound(): Promise<number>;
  /** Seals records back to back for about durationMs (JSON → deflate → 3 readers → signed bundle). */
  sealRound(durationMs: number): Promise<RateRound>;
  /** IdentityService.openFound of openBatch records back to back for about durationMs. */
  openRound(durationMs: number): Promise<RateRound>;
  /** The batch openFound is given, for the page's hop measurement. */
  batch(): Promise<FoundBundle[]>;
  /** openFound of bundles sent by the page: the worker's own time and the records. */
  openFoundOnce(bundles: FoundBundle[]): Promise<{ innerMs: number; records: MyRecord[] }>;
  breakdown(): Promise<Omit<RecordsBreakdown, 'openFoundHopMs'>>;
  /** Locks the identity and deletes the vault database. */
  dispose(): Promise<void>;
}
