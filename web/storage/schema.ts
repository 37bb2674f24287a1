// The replica's IndexedDB schema (idb's DBSchema typing) and its upgrade ladder.
//
// Why segments: TOOLCHAIN.md measured 100,000 single-record puts in one transaction at 3–4.4 s,
// while a getAll of 100,000 takes about 0.55 s. One record per tx would cap ingest near 30,000 txs
// per second, so txs are stored in segments of up to `segmentTxs` txs (default 4,096), one or more
// per appended batch. The light graph columns sit in a separate store, so a cold start reads about
// 48 bytes per tx (5 MB for 10^5 txs), not the 1,280-byte txs (128 MB).
//
// | store      | since | key                               | value                                                      |
// | ---------- | ----- | --------------------------------- | ---------------------------------------------------------- |
// | segments   | v1    | segment number (0, 1, 2, …)       | { first, count, txs: ArrayBuffer (count × txSize) }; from   |
// |            |       |                                   | v4, txs is a Blob when it has 64 KiB or more                |
// |            |       | index `by-first` on `first`       | finds the segment that holds a replica index                |
// | graph      | v1    | segment number (same as segments) | { first, count, ids: ArrayBuffer (count × 32),              |
// |            |       |                                   |   trunks: ArrayBuffer (u32 × count), branches: (u32 × count),|
// |            |       |                                   |   attachedAt: ArrayBuffer (f64 × count) }                   |
// | meta       | v1    | 'replica'                         | { txCount, nextSegment, bytes }                             |
// | quarantine | v2    | tx id as 64 lower-case hex chars  | { id: ArrayBuffer (32), bytes: ArrayBuffer (txSize), since } |
// | confirmed  | v2    | page number p                     | { bits: ArrayBuffer (8,192 bytes) }: bit i of the page is   |
// |            |       |                                   | index p × 65,536 + i; a set bit means confirmed             |
// | network    | v3    | 'network'                         | { name, mwm, since }: the network this replica belongs to,  |
// |            |       |                                   | written once (claimNetwork) and never changed               |
// | tags       | v4    | segment number (same as segments) | { first, count, tags: ArrayBuffer (count × 32) }: each tx's |
// |            |       |                                   | tag, the layout's TAG field (a bundle's members share it)   |
//
// - `first` is the replica index of a segment's first tx; segment k+1 starts where segment k ends,
//   so segments, read in key order, cover 1..txCount with no gap. The typed-array columns are stored
//   as the platform's (little-endian) bytes.
// - meta.txCount is the number of stored txs, meta.nextSegment the key of the next segment, and
//   meta.bytes = txCount × (txSize + 48): the tx bytes plus the graph-column bytes.
// - An append writes its segments, their graph and tags records and meta in one readwrite
//   transaction over segments + graph + tags + meta. So either all of them land or none does, and
//   meta always agrees with the segments. Segments are never changed once written.
// - meta.bytes keeps its v1 meaning (tx bytes + 48 per tx: it tells the tx size at open); stats()
//   adds the tag column's 32 bytes per tx to it.
// - Confirmed indices are bitmap pages, not one record per call: 10^5 txs take two 8 KB pages, and
//   marking is a read-modify-write of the few pages touched, in one transaction.
//
// - The network record makes the network a property of the data (docs/design.md "Proof of work": MWM is
//   a network parameter): a replica's MWM never changes, so no stored tx ever becomes invalid under
//   its own network's rule. A database from before v3 has none; the ledger claims one when it opens
//   it (web/ledger/replica.ts), after checking the stored txs against it.
// - The tag column lets an unlocked identity find its records (the txs that carry tags it expects)
//   from memory, without reading 1,280-byte txs: the ledger loads it at open with the graph columns
//   (32 bytes per tx, 3.2 MB for 10^5 txs) into its tag index. The v4 step fills it for the
//   segments already stored, inside the versionchange transaction, by cutting the TAG field out of
//   each stored tx: so an upgraded replica has every tag, or (if the step fails) stays at v3.
//
// The ladder: every version adds one `if (oldVersion < N)` step, and the steps never change once
// shipped. Each shipped version is frozen in test/fixtures/replica-schema-vN.ts, and
// test/storage/upgrade.test.ts upgrades a database written by each in a real browser.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

/** The current schema version; opened by IdbReplicaStore, re-exported for diagnostics. */
export const SCHEMA_VERSION = 4;

/** The one key of the meta store; used by IdbReplicaStore. */
export const META_KEY = 'replica';
/** The one key of the network store (v3); used by IdbReplicaStore. */
export const NETWORK_KEY = 'network';

/**
 * A segment's tx bytes (store `segments`); written and read by IdbReplicaStore. From v4 a large
 * segment's bytes are a Blob, so that a read can take a slice of it (idb-replica-store.ts says why);
 * segments written before stay ArrayBuffers, and both are read.
 */
export interface SegmentRecord {
  first: number;
  count: number;
  txs: ArrayBuffer | Blob;
}

/** A segment's light columns (store `graph`); written by append, read by load. */
export interface GraphRecord {
  first: number;
  count: number;
  ids: ArrayBuffer;
  trunks: ArrayBuffer;
  branches: ArrayBuffer;
  attachedAt: ArrayBuffer;
}

/** A segment's tags (store `tags`, v4): TAG_BYTES_PER_TX bytes per tx; written by append, read by load. */
export interface TagRecord {
  first: number;
  count: number;
  tags: ArrayBuffer;
}

/** The replica's counters (store `meta`); updated by every append. */
export interface MetaRecord {
  txCount: number;
  nextSegment: number;
  bytes: number;
}

/** A quarantined tx (store `quarantine`, v2); used by the quarantine methods. */
export interface QuarantineValue {
  id: ArrayBuffer;
  bytes: ArrayBuffer;
  since: number;
}

/** One page of the confirmed bitmap (store `confirmed`, v2); used by markConfirmed and confirmed. */
export interface ConfirmedPage {
  bits: ArrayBuffer;
}

/** The network the replica belongs to (store `network`, v3); written once by claimNetwork. */
export interface NetworkRecord {
  name: string;
  mwm: number;
  /** When it was claimed (ms since the epoch, from the caller's clock). */
  since: number;
}

/** The schema at version 4: the DBSchema type IdbReplicaStore opens the database with. */
export interface ReplicaDB extends DBSchema {
  segments: { key: number; value: SegmentRecord; indexes: { 'by-first': number } };
  graph: { key: number; value: GraphRecord };
  meta: { key: string; value: MetaRecord };
  quarantine: { key: string; value: QuarantineValue };
  confirmed: { key: number; value: ConfirmedPage };
  network: { key: string; value: NetworkRecord };
  tags: { key: number; value: TagRecord };
}

/** The counters of an empty replica (no meta record yet); used by IdbReplicaStore. */
export const EMPTY_META: MetaRecord = { txCount: 0, nextSegment: 0, bytes: 0 };

/**
 * Where the v4 step cuts a tag out of a stored tx: the TAG field of tx layout v1 (bytes 38..69 of
 * 1,280; web/core/tx/layout.ts). Written here as numbers, not imported: a shipped step never changes,
 * whatever later layouts do. Every tx stored before v4 is a layout v1 tx (the ledger stores nothing
 * else); a replica of shorter txs (tests of the store only) has no tag field, and gets zero tags.
 */
const _V4_TAG_OFFSET = 38;
const _V4_TAG_BYTES = 32;

/**
 * The tags record of a segment stored before v4, or null if its bytes are not whole txs (a damaged
 * segment: it then has no tags record, and load() names the replica as damaged, which leaves its
 * other segments to the salvage, rather than failing the upgrade and with it every later open).
 */
function _tagsOfSegment(seg: { first: unknown; count: unknown; txs: unknown }): TagRecord | null {
  const { first, count, txs } = seg;
  if (typeof first !== 'number' || typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) return null;
  if (!(txs instanceof ArrayBuffer) || txs.byteLength % count !== 0) return null;
  const size = txs.byteLength / count;
  const bytes = new Uint8Array(txs);
  const tags = new Uint8Array(count * _V4_TAG_BYTES);
  if (size >= _V4_TAG_OFFSET + _V4_TAG_BYTES) {
    for (let k = 0; k < count; k++) {
      const at = k * size + _V4_TAG_OFFSET;
      tags.set(bytes.subarray(at, at + _V4_TAG_BYTES), k * _V4_TAG_BYTES);
    }
  }
  return { first, count, tags: tags.buffer };
}

/**
 * Fills the tags store from every stored segment, one segment at a time (a cursor, so a replica of
 * 10^5 txs never sits in memory whole). Only IndexedDB requests are awaited, so the versionchange
 * transaction stays active until the last put.
 */
async function _fillTags(tx: IDBPTransaction<ReplicaDB, StoreNames<ReplicaDB>[], 'versionchange'>): Promise<void> {
  const out = tx.objectStore('tags');
  for (let c = await tx.objectStore('segments').openCursor(); c; c = await c.continue()) {
    const record = _tagsOfSegment(c.value);
    if (record) await out.put(record, c.key);
  }
}

/** The upgrade ladder; called by IdbReplicaStore.open through openDB's `upgrade`. */
export function upgradeReplica(
  db: IDBPDatabase<ReplicaDB>,
  oldVersion: number,
  tx: IDBPTransaction<ReplicaDB, StoreNames<ReplicaDB>[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const segments = db.createObjectStore('segments');
    segments.createIndex('by-first', 'first', { unique: true });
    db.createObjectStore('graph');
    db.createObjectStore('meta');
  }
  if (oldVersion < 2) {
    db.createObjectStore('quarantine');
    db.createObjectStore('confirmed');
  }
  if (oldVersion < 3) {
    db.createObjectStore('network');
  }
  if (oldVersion < 4) {
    db.createObjectStore('tags');
    // A database made at this version has no segments yet. For an older one, a fill that fails (a
    // full disk) aborts the whole upgrade: the database stays at its old version, whole, and the
    // next open tries again; a half-filled tag column would hide records.
    if (oldVersion >= 1) {
      _fillTags(tx).catch(() => {
        try {
          tx.abort();
        } catch {
          // already aborted by the failed request
        }
      });
    }
  }
}
