// The replica store's contract (docs/design.md "The ledger"; TOOLCHAIN.md "IndexedDB in headless Chromium").
// A replica is the patient's local copy of the Tangle. The store treats each tx as an opaque,
// fixed-size byte record of `txSize` bytes. It numbers stored txs 1, 2, 3, … in the order they were
// stored. Index 0 is the virtual genesis and is never stored. Parents are stored before their
// children, so every trunk and branch index of a tx is smaller than the tx's own index.
// Two implementations keep this contract: IdbReplicaStore (IndexedDB through idb) and
// MemoryReplicaStore (its in-memory twin for tests). One suite, test/storage/contract.ts, checks both.

/** Bytes in a tx id (BLAKE2b-256); used by both stores' checks and by the ledger's id column. */
export const ID_BYTES = 32;

/** The default tx size in bytes, used by both stores; the ledger passes the layout's TX_SIZE as `txSize`. */
export const DEFAULT_TX_SIZE = 1280;

/** The default largest segment, used by both stores: 4,096 txs of 1,280 bytes is about 5 MB a record. */
export const DEFAULT_SEGMENT_TXS = 4096;

/** Options of IdbReplicaStore.open and of the MemoryReplicaStore constructor (ledger setup, tests). */
export interface ReplicaStoreOptions {
  /** Bytes per tx; the ledger passes the layout's TX_SIZE. Default 1280. */
  txSize?: number;
  /** Largest segment in txs; a bigger batch is split into several segments, all stored atomically. */
  segmentTxs?: number;
}

/**
 * Bytes that the light graph columns take per tx: id (32), trunk (4), branch (4), attachedAt (8).
 * Used by both stores' byte counters and by IdbReplicaStore.open's txSize check.
 * The `bytes` counter and `stats()` count `txSize + GRAPH_BYTES_PER_TX` per stored tx.
 */
export const GRAPH_BYTES_PER_TX = ID_BYTES + 4 + 4 + 8;

/**
 * Bytes of a tx's tag (the layout's TAG field, 32 bytes), kept per tx in the tag column (schema v4,
 * store `tags`) so that a replica finds the txs of given tags without reading tx bytes. Used by both
 * stores' checks and byte counters, and by the ledger's tag index.
 */
export const TAG_BYTES_PER_TX = 32;

/** The light columns of n txs in index order: what the walk and the ledger keep in memory. */
export interface GraphColumns {
  /** n × 32 bytes: tx ids. */
  ids: Uint8Array;
  /** Replica index of each tx's trunk (0 = genesis). */
  trunks: Uint32Array;
  /** Replica index of each tx's branch (0 = genesis). */
  branches: Uint32Array;
  /** Attachment timestamps (ms since the epoch, as the layout stores them). */
  attachedAt: Float64Array;
}

/** The tag of each of n txs in index order: what the ledger's tag index is built from. */
export interface TagColumn {
  /** n × TAG_BYTES_PER_TX bytes: each tx's tag (a bundle's members share theirs). */
  tags: Uint8Array;
}

/** Every stored tx's graph columns and tag, returned by load() to the ledger. Row i holds the tx with index i + 1. */
export interface ReplicaSnapshot extends GraphColumns, TagColumn {
  txCount: number;
}

/**
 * A batch the ledger appends: n txs (n × txSize bytes), their graph columns and their tags, in the
 * same order. The store keeps the tags as given: it never reads a field of the tx bytes.
 */
export interface AppendBatch extends GraphColumns, TagColumn {
  txs: Uint8Array;
  /**
   * The index the caller numbered the batch's first tx with. When given and the store would put it
   * elsewhere (another writer appended meanwhile), append stores nothing and rejects: the graph
   * columns name parents by index, so a shifted batch would point at the wrong txs.
   */
  expectedFirst?: number;
}

/** A tx that waits for its parents (solidification); kept by the sync code through the store. */
export interface QuarantineRecord {
  /** The tx id, 32 bytes. It is the record's key: putting the same id again replaces the record. */
  id: Uint8Array;
  /** The tx bytes, txSize bytes. */
  bytes: Uint8Array;
  /** When it entered quarantine (ms since the epoch, from the caller's clock). */
  since: number;
}

/** Counters returned by stats(), read by the UI and the benchmarks. */
export interface ReplicaStats {
  txCount: number;
  /** Stored segments (a batch is split into segments of at most `segmentTxs` txs). */
  segments: number;
  /** Tx bytes plus the light columns: txCount × (txSize + GRAPH_BYTES_PER_TX + TAG_BYTES_PER_TX). */
  bytes: number;
  /** Whether the browser granted persistent storage (always false for the in-memory twin). */
  persisted: boolean;
}

/** The network a replica belongs to, as the store keeps it (see schema.ts, store `network`). */
export interface StoredNetwork {
  name: string;
  mwm: number;
  since: number;
}

/** The replica store contract, used by the ledger and sync code. Inputs and outputs are copied: no buffer is shared. */
export interface ReplicaStore {
  /** The size of every tx in bytes. */
  readonly txSize: number;
  /** Loads the light graph columns and the tag of every stored tx (never the tx bytes), in index order. */
  load(): Promise<ReplicaSnapshot>;
  /**
   * Stores a batch atomically: its tx bytes, graph columns, tags and the counters, all or nothing. Returns
   * the index given to its first tx. An empty batch stores nothing and returns the next free index.
   * TypeError or RangeError (naming the argument) for a malformed batch or a parent that is not an
   * earlier index; nothing is stored then.
   */
  append(batch: AppendBatch): Promise<{ first: number }>;
  /** Tx bytes by replica index (1-based); RangeError for an index not stored. */
  readTx(index: number): Promise<Uint8Array>;
  /** Tx bytes of indices first .. first+count-1 (count × txSize bytes); RangeError past the end. */
  readRange(first: number, count: number): Promise<Uint8Array>;
  /**
   * Tx bytes of several ranges at once, each [first, count] as readRange takes them; one array per
   * range, in the order asked. For scattered reads (a user's bundles among everyone's): the store
   * looks every range up in one go and reads them together. RangeError naming ranges[i] for a range
   * not stored (nothing is read then), TypeError for a malformed list.
   */
  readRanges(ranges: [first: number, count: number][]): Promise<Uint8Array[]>;
  /** Persists quarantined txs, so an interrupted sync loses nothing. Replaces records with the same id. */
  putQuarantine(records: QuarantineRecord[]): Promise<void>;
  /** Reads every quarantined tx, ordered by id (bytewise). Does not delete them. */
  takeQuarantine(): Promise<QuarantineRecord[]>;
  /** Deletes quarantined txs by id; unknown ids are ignored. */
  deleteQuarantine(ids: Uint8Array[]): Promise<void>;
  /** Records stored indices that reached confirmation; marking one twice is harmless. */
  markConfirmed(indices: number[]): Promise<void>;
  /** Every confirmed index, ascending. */
  confirmed(): Promise<Uint32Array>;
  stats(): Promise<ReplicaStats>;
  /** The network this replica belongs to, or null before one is claimed. */
  network(): Promise<StoredNetwork | null>;
  /**
   * Records `network` as this replica's, unless it already has one; returns the one it has after
   * the call (so a caller learns, in one transaction, whether its claim or an earlier one stands).
   * The store checks only the shape (name a non-empty string, mwm a positive integer, since finite);
   * which networks are valid is the ledger's business.
   */
  claimNetwork(network: StoredNetwork): Promise<StoredNetwork>;
  /**
   * The tx bytes of every stored segment that can still be read, in key order, without trusting the
   * counters: the way to save what a damaged replica still holds. `txs` is a whole number of txs (a
   * segment whose bytes are not is skipped); `ids` are the ids stored for them in the graph columns
   * when those can be read and have the right length, else null. Called by the tangle worker's salvage.
   */
  salvageSegments(): AsyncGenerator<{ txs: Uint8Array; ids: Uint8Array | null }, void, undefined>;
  /** Closes the store; every later call rejects with an Error. */
  close(): void;
}
