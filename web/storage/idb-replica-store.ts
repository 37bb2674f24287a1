// The replica store on IndexedDB, through idb. The layout and the upgrade ladder are in schema.ts.
// Every write is one readwrite transaction, and no call resolves before its transaction has
// completed (`tx.done`), so a resolved append has landed and a rejected one left nothing behind.
//
// Large segments are stored as Blobs, so that a read takes only the txs it asks for. A value read
// from IndexedDB comes back whole: reading 3 txs of a 4,096-tx segment stored as an ArrayBuffer
// reads its 5.2 MB, and 100 scattered bundles of a 10^5-tx replica took 1.6 to 2.2 s here (every
// segment read whole). A Blob comes back as a handle, and a slice of it reads only its bytes: the
// same 100 bundles took 73 to 112 ms (headless Chromium, 2 shared cores at load 7 to 9). Below
// _BLOB_MIN_BYTES a segment stays an ArrayBuffer: the browser keeps such values inline (it wraps
// bigger ones in a blob file of its own anyway), and reading one whole costs little.
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import {
  DEFAULT_SEGMENT_TXS,
  DEFAULT_TX_SIZE,
  GRAPH_BYTES_PER_TX,
  TAG_BYTES_PER_TX,
  type ReplicaStoreOptions,
  type AppendBatch,
  type QuarantineRecord,
  type ReplicaSnapshot,
  type ReplicaStats,
  type ReplicaStore,
  type StoredNetwork,
} from './replica-store.ts';
import { EMPTY_META, META_KEY, NETWORK_KEY, SCHEMA_VERSION, upgradeReplica, type MetaRecord, type ReplicaDB, type SegmentRecord } from './schema.ts';
import {
  _assertBatchShape,
  _assertIds,
  _assertIndices,
  _assertParents,
  _assertPositiveOption,
  _assertQuarantine,
  _assertRange,
  _assertRanges,
  _assertStoredIndex,
  _closedError,
  _assertExpectedFirst,
  _assertStoredNetwork,
} from './_checks.ts';
import { _bitsToIndices, _byPage, _CONFIRMED_PAGE_BITS, _hex, _joinGraph, _setBits, _splitBatch } from './_columns.ts';

/**
 * Test hooks (internal: test/storage only; not exported from index.ts, not part of the options type).
 * `abortAfterSegments: k` makes every append abort its transaction after writing k segment, graph
 * and tags records (or all of them, if fewer), before the counters.
 */
export interface _IdbTestOptions extends ReplicaStoreOptions {
  faultInjection?: { abortAfterSegments?: number };
}

type Db = IDBPDatabase<ReplicaDB>;

/**
 * Segments of at least this many bytes are stored as a Blob (52 txs of 1,280 bytes and up). 64 KiB
 * is where IndexedDB in Chromium starts keeping a value in a blob file of its own rather than inline
 * in its database, so storing a Blob from there on adds no file.
 */
const _BLOB_MIN_BYTES = 64 * 1024;

/** A stored segment's tx bytes as the store wrote them (a Blob from v4 on when large), or undefined when damaged. */
function _txsSize(txs: unknown): number | undefined {
  if (txs instanceof Blob) return txs.size;
  if (txs instanceof ArrayBuffer) return txs.byteLength;
  return undefined;
}

/** Where a read's bytes come from: a Blob slice (read later, outside any transaction) or bytes in hand. */
type _Part = Blob | Uint8Array<ArrayBuffer>;

/** A part of a segment's bytes, [from, to) in bytes: a Blob slice (not read yet) or a view. */
function _partOf(txs: Blob | ArrayBuffer | Uint8Array<ArrayBuffer>, from: number, to: number): _Part {
  if (txs instanceof Blob) return txs.slice(from, to);
  const bytes = txs instanceof Uint8Array ? txs : new Uint8Array(txs);
  return bytes.subarray(from, to);
}

/**
 * The parts (Blob slices, or views of ArrayBuffer segments) of txs first..first+count-1, taken from
 * `segs`, the segments that hold them in index order; a segment that does not fit is damage.
 */
function _partsOf(segs: SegmentRecord[], first: number, count: number, size: number, damaged: (why: string) => Error): _Part[] {
  const last = first + count - 1;
  const parts: _Part[] = [];
  let filled = 0;
  for (const s of segs) {
    const from = Math.max(first, s.first);
    const to = Math.min(last, s.first + s.count - 1);
    if (from !== first + filled || _txsSize(s.txs) !== s.count * size) throw damaged(`segment at index ${s.first} does not fit`);
    parts.push(_partOf(s.txs, (from - s.first) * size, (to - s.first + 1) * size));
    filled += to - from + 1;
  }
  if (filled !== count) throw damaged(`indices ${first}..${last} not all stored`);
  return parts;
}

/**
 * Joins parts into one fresh array of `length` bytes. Blob parts are read in one go, as one Blob made
 * of every slice: one read of the browser's for the whole call, however many segments it spans.
 */
async function _join(parts: _Part[], length: number, damaged: (why: string) => Error): Promise<Uint8Array> {
  if (parts.every((p) => p instanceof Uint8Array)) {
    const out = new Uint8Array(length);
    let at = 0;
    for (const p of parts as Uint8Array[]) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await new Blob(parts).arrayBuffer();
  } catch (e) {
    throw damaged(`its stored txs cannot be read (${(e as Error)?.message ?? String(e)})`);
  }
  if (bytes.byteLength !== length) throw damaged(`a read gave ${bytes.byteLength} bytes, not ${length}`);
  return new Uint8Array(bytes);
}

type Tx<S extends StoreNames<ReplicaDB>[], M extends IDBTransactionMode> = IDBPTransaction<ReplicaDB, S, M>;

/**
 * Runs `body` in `tx` and resolves only when both the body and the transaction are done. If either
 * fails, the transaction is aborted (a readwrite one then writes nothing), and the body's own error,
 * when it has one, wins over the transaction's generic AbortError.
 */
async function _inTx<S extends StoreNames<ReplicaDB>[], M extends IDBTransactionMode, T>(
  tx: Tx<S, M>,
  body: (tx: Tx<S, M>) => Promise<T>,
): Promise<T> {
  const work = body(tx);
  try {
    const [value] = await Promise.all([work, tx.done]);
    return value;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // already committed or aborted
    }
    await tx.done.catch(() => undefined);
    const own = await work.then(
      () => undefined,
      (e: unknown) => e ?? err,
    );
    throw own ?? err;
  }
}

/**
 * Asks the browser to keep this origin's storage: a patient's records must never be evicted under
 * storage pressure. A refusal is not an error (the data is still stored, only evictable); stats()
 * reports it as `persisted: false`. persist() exists only in windows, so a worker asks persisted().
 */
async function _requestPersistence(): Promise<boolean> {
  try {
    // Typed by hand: the worker lib's StorageManager has no persist().
    const storage = globalThis.navigator?.storage as (StorageManager & { persist?: () => Promise<boolean> }) | undefined;
    if (typeof storage?.persist === 'function') return await storage.persist();
    if (typeof storage?.persisted === 'function') return await storage.persisted();
  } catch {
    // an unavailable StorageManager counts as not persisted
  }
  return false;
}

/** The replica store on IndexedDB. Open it with IdbReplicaStore.open. */
export class IdbReplicaStore implements ReplicaStore {
  readonly name: string;
  readonly txSize: number;
  readonly segmentTxs: number;
  #db: Db;
  #closed: string | null = null;
  #persisted: Promise<boolean>;
  #abortAfterSegments: number | undefined;
  /**
   * The last segment read: its bytes, or its Blob handle (then a read of it reads only its slice).
   * Segments never change once written, so this never goes stale.
   */
  #cache: { first: number; count: number; txs: Blob | Uint8Array<ArrayBuffer> } | null = null;

  private constructor(name: string, db: Db, txSize: number, segmentTxs: number, persisted: Promise<boolean>, abortAfterSegments?: number) {
    this.name = name;
    this.#db = db;
    this.txSize = txSize;
    this.segmentTxs = segmentTxs;
    this.#persisted = persisted;
    this.#abortAfterSegments = abortAfterSegments;
  }

  /**
   * Opens (creating or upgrading) the replica database `name`. Called by the ledger's setup, the
   * crash-test worker and the benchmarks. RangeError if `options.txSize` disagrees with the txs the
   * database already holds.
   */
  static async open(name: string, options: ReplicaStoreOptions = {}): Promise<IdbReplicaStore> {
    if (typeof name !== 'string' || name === '') throw new TypeError('name must be a non-empty string');
    const txSize = options.txSize ?? DEFAULT_TX_SIZE;
    const segmentTxs = options.segmentTxs ?? DEFAULT_SEGMENT_TXS;
    _assertPositiveOption(txSize, 'options.txSize');
    _assertPositiveOption(segmentTxs, 'options.segmentTxs');
    const abortAfterSegments = (options as _IdbTestOptions).faultInjection?.abortAfterSegments;

    // Asked once per open, in parallel with opening: in some browsers persist() waits for the user's
    // answer, and opening the replica must not wait for it. The promise is kept and read by stats().
    const persisted = _requestPersistence();
    let store: IdbReplicaStore | undefined;
    const db = await openDB<ReplicaDB>(name, SCHEMA_VERSION, {
      upgrade: (db, oldVersion, _newVersion, tx) => upgradeReplica(db, oldVersion, tx),
      // A newer app version in another tab wants to upgrade: step aside, and say why on every call.
      blocking: () => store && store.#shut('closed: a newer version of the app upgraded the database; reload the page'),
      terminated: () => store && store.#shut('closed: the browser closed the database unexpectedly'),
    });
    const meta = (await db.get('meta', META_KEY)) ?? EMPTY_META;
    if (meta.txCount > 0 && meta.bytes !== meta.txCount * (txSize + GRAPH_BYTES_PER_TX)) {
      db.close();
      const held = meta.bytes / meta.txCount - GRAPH_BYTES_PER_TX;
      throw new RangeError(`options.txSize: ${txSize} does not match replica "${name}", which holds ${held}-byte txs`);
    }
    store = new IdbReplicaStore(name, db, txSize, segmentTxs, persisted, abortAfterSegments);
    return store;
  }

  #shut(reason: string): void {
    if (this.#closed) return;
    this.#closed = reason;
    this.#db.close();
  }

  #open(): Db {
    if (this.#closed) throw _closedError(`IdbReplicaStore "${this.name}"`, this.#closed);
    return this.#db;
  }

  async load(): Promise<ReplicaSnapshot> {
    const tx = this.#open().transaction(['graph', 'tags', 'meta'], 'readonly');
    return _inTx(tx, async (tx) => {
      const [graphKeys, records, tagKeys, tagRecords, meta] = await Promise.all([
        tx.objectStore('graph').getAllKeys(),
        tx.objectStore('graph').getAll(),
        tx.objectStore('tags').getAllKeys(),
        tx.objectStore('tags').getAll(),
        tx.objectStore('meta').get(META_KEY),
      ]);
      const where = `replica "${this.name}" is damaged`;
      // Both stores are keyed by segment number and written together: they pair up key by key.
      const tagsAt = new Map(tagKeys.map((k, i) => [k, tagRecords[i]]));
      const parts = records.map((r, i) => {
        const t = tagsAt.get(graphKeys[i]);
        if (!t || t.first !== r.first || t.count !== r.count || !(t.tags instanceof ArrayBuffer)) {
          throw new Error(`${where}: the segment starting at index ${r.first} has no tags that fit it`);
        }
        return {
          first: r.first,
          count: r.count,
          ids: new Uint8Array(r.ids),
          trunks: new Uint32Array(r.trunks),
          branches: new Uint32Array(r.branches),
          attachedAt: new Float64Array(r.attachedAt),
          tags: new Uint8Array(t.tags),
        };
      });
      return _joinGraph(parts, (meta ?? EMPTY_META).txCount, where);
    });
  }

  async append(batch: AppendBatch): Promise<{ first: number }> {
    const db = this.#open();
    const n = _assertBatchShape(batch, this.txSize);
    // Copy before the transaction starts: the caller may change its buffers as soon as we return.
    const parts = _splitBatch(batch, n, this.txSize, this.segmentTxs);
    const abortAt = this.#abortAfterSegments;
    const tx = db.transaction(['segments', 'graph', 'tags', 'meta'], 'readwrite');
    return _inTx(tx, async (tx) => {
      const meta = (await tx.objectStore('meta').get(META_KEY)) ?? EMPTY_META;
      const first = meta.txCount + 1;
      _assertExpectedFirst(batch.expectedFirst, first); // inside the transaction: nothing is written
      for (const p of parts) _assertParents(p, p.offset, first);
      if (n === 0) return { first };
      const segments = tx.objectStore('segments');
      const graph = tx.objectStore('graph');
      const tags = tx.objectStore('tags');
      const writes: Promise<unknown>[] = [];
      const toWrite = abortAt === undefined ? parts.length : Math.min(abortAt, parts.length);
      for (let k = 0; k < toWrite; k++) {
        const p = parts[k];
        const key = meta.nextSegment + k;
        const at = first + p.offset;
        // A Blob for a large segment, so that later reads take only the txs they ask for.
        const txs = p.txs.byteLength >= _BLOB_MIN_BYTES ? new Blob([p.txs]) : p.txs.buffer;
        writes.push(
          segments.put({ first: at, count: p.count, txs }, key),
          graph.put(
            {
              first: at,
              count: p.count,
              ids: p.ids.buffer,
              trunks: p.trunks.buffer,
              branches: p.branches.buffer,
              attachedAt: p.attachedAt.buffer,
            },
            key,
          ),
          tags.put({ first: at, count: p.count, tags: p.tags.buffer }, key),
        );
      }
      if (abortAt !== undefined) {
        tx.abort();
        await Promise.allSettled(writes);
        throw new DOMException(`fault injection: append aborted after ${toWrite} segments`, 'AbortError');
      }
      const next: MetaRecord = {
        txCount: meta.txCount + n,
        nextSegment: meta.nextSegment + parts.length,
        bytes: meta.bytes + n * (this.txSize + GRAPH_BYTES_PER_TX),
      };
      writes.push(tx.objectStore('meta').put(next, META_KEY));
      await Promise.all(writes);
      return { first };
    });
  }

  async readTx(index: number): Promise<Uint8Array> {
    return this.#read(index, 1, (txCount) => _assertStoredIndex(index, txCount));
  }

  async readRange(first: number, count: number): Promise<Uint8Array> {
    return this.#read(first, count, (txCount) => _assertRange(first, count, txCount));
  }

  async readRanges(ranges: [number, number][]): Promise<Uint8Array[]> {
    const db = this.#open();
    if (!Array.isArray(ranges)) throw new TypeError('ranges must be an array of [first, count] pairs');
    const asked = ranges.map((r) => (Array.isArray(r) ? (r.slice() as [number, number]) : r)); // a copy, checked in the transaction
    const size = this.txSize;
    const damaged = this.#damaged;
    // Every range is looked up in one transaction, its requests all in flight at once.
    const tx = db.transaction(['segments', 'meta'], 'readonly');
    const found = await _inTx(tx, async (tx) => {
      const meta = (await tx.objectStore('meta').get(META_KEY)) ?? EMPTY_META;
      _assertRanges(asked, meta.txCount);
      return Promise.all(asked.map(([first, count]) => (count === 0 ? [] : this.#segmentsOf(tx, first, count))));
    });
    // Then every slice of every range in one read (see _join), cut back into ranges.
    const parts: _Part[] = [];
    const lengths = asked.map(([first, count], i) => {
      if (count > 0) parts.push(..._partsOf(found[i], first, count, size, damaged));
      return count * size;
    });
    const all = await _join(parts, lengths.reduce((x, y) => x + y, 0), damaged);
    let at = 0;
    return lengths.map((n) => all.slice(at, (at += n)));
  }

  /** The error for a store whose records do not agree. */
  readonly #damaged = (why: string) => new Error(`replica "${this.name}" is damaged: ${why}`);

  /** Inside a transaction: the segments that hold first..first+count-1 (count >= 1), in index order. */
  async #segmentsOf(tx: Tx<['segments', 'meta'], 'readonly'>, first: number, count: number): Promise<SegmentRecord[]> {
    const last = first + count - 1;
    const byFirst = tx.objectStore('segments').index('by-first');
    const start = await byFirst.openCursor(IDBKeyRange.upperBound(first), 'prev');
    if (!start) throw this.#damaged(`no segment holds index ${first}`);
    const segs = [start.value];
    if (start.value.first + start.value.count - 1 < last) {
      segs.push(...(await byFirst.getAll(IDBKeyRange.bound(start.value.first, last, true, false))));
    }
    return segs;
  }

  /**
   * Reads txs first..first+count-1 after `check` has accepted the arguments against txCount. The
   * segments are looked up in one transaction; their Blob slices are read after it (a read of a Blob
   * is not an IndexedDB request, and the transaction would not wait for it).
   */
  async #read(first: number, count: number, check: (txCount: number) => void): Promise<Uint8Array> {
    const db = this.#open();
    const size = this.txSize;
    const damaged = this.#damaged;
    const c = this.#cache;
    if (
      c && Number.isSafeInteger(first) && Number.isSafeInteger(count) && count >= 1 &&
      first >= c.first && first + count <= c.first + c.count
    ) {
      return _join([_partOf(c.txs, (first - c.first) * size, (first - c.first + count) * size)], count * size, damaged);
    }
    const tx = db.transaction(['segments', 'meta'], 'readonly');
    const segs = await _inTx(tx, async (tx) => {
      const meta = (await tx.objectStore('meta').get(META_KEY)) ?? EMPTY_META;
      check(meta.txCount);
      return count === 0 ? [] : this.#segmentsOf(tx, first, count);
    });
    if (count === 0) return new Uint8Array(0);
    const parts = _partsOf(segs, first, count, size, damaged);
    const tail = segs[segs.length - 1];
    this.#cache = { first: tail.first, count: tail.count, txs: tail.txs instanceof Blob ? tail.txs : new Uint8Array(tail.txs) };
    return _join(parts, count * size, damaged);
  }

  async putQuarantine(records: QuarantineRecord[]): Promise<void> {
    const db = this.#open();
    _assertQuarantine(records, this.txSize);
    if (records.length === 0) return;
    // Copies made now, before the caller gets control back.
    const values = records.map((r) => ({ key: _hex(r.id), id: r.id.slice().buffer, bytes: r.bytes.slice().buffer, since: r.since }));
    const tx = db.transaction('quarantine', 'readwrite');
    await _inTx(tx, async (tx) => {
      await Promise.all(values.map(({ key, ...value }) => tx.store.put(value, key)));
    });
  }

  async takeQuarantine(): Promise<QuarantineRecord[]> {
    const tx = this.#open().transaction('quarantine', 'readonly');
    const values = await _inTx(tx, (tx) => tx.store.getAll());
    return values.map((v) => ({ id: new Uint8Array(v.id), bytes: new Uint8Array(v.bytes), since: v.since }));
  }

  async deleteQuarantine(ids: Uint8Array[]): Promise<void> {
    const db = this.#open();
    _assertIds(ids);
    if (ids.length === 0) return;
    const keys = ids.map(_hex);
    const tx = db.transaction('quarantine', 'readwrite');
    await _inTx(tx, async (tx) => {
      await Promise.all(keys.map((k) => tx.store.delete(k)));
    });
  }

  async markConfirmed(indices: number[]): Promise<void> {
    const db = this.#open();
    if (!Array.isArray(indices)) throw new TypeError('indices must be an array of numbers');
    const list = indices.slice();
    const tx = db.transaction(['meta', 'confirmed'], 'readwrite');
    await _inTx(tx, async (tx) => {
      const meta = (await tx.objectStore('meta').get(META_KEY)) ?? EMPTY_META;
      _assertIndices(list, meta.txCount);
      const pages = [..._byPage(list)];
      const store = tx.objectStore('confirmed');
      const old = await Promise.all(pages.map(([p]) => store.get(p)));
      await Promise.all(
        pages.map(([p, xs], i) => {
          const bits = old[i] ? new Uint8Array(old[i].bits) : new Uint8Array(_CONFIRMED_PAGE_BITS / 8);
          _setBits(bits, p, xs);
          return store.put({ bits: bits.buffer }, p);
        }),
      );
    });
  }

  async confirmed(): Promise<Uint32Array> {
    const tx = this.#open().transaction('confirmed', 'readonly');
    const [pageNos, pages] = await _inTx(tx, (tx) => Promise.all([tx.store.getAllKeys(), tx.store.getAll()]));
    return _bitsToIndices(pages.map((v, i) => ({ page: pageNos[i], bits: new Uint8Array(v.bits) })));
  }

  async stats(): Promise<ReplicaStats> {
    const tx = this.#open().transaction(['meta', 'segments'], 'readonly');
    const [meta, segments] = await _inTx(tx, (tx) =>
      Promise.all([tx.objectStore('meta').get(META_KEY), tx.objectStore('segments').count()]),
    );
    const m = meta ?? EMPTY_META;
    // meta.bytes counts tx bytes and graph columns (its v1 meaning); the tag column comes on top.
    return { txCount: m.txCount, segments, bytes: m.bytes + m.txCount * TAG_BYTES_PER_TX, persisted: await this.#persisted };
  }

  async *salvageSegments(): AsyncGenerator<{ txs: Uint8Array; ids: Uint8Array | null }, void, undefined> {
    const keys = await _inTx(this.#open().transaction('segments', 'readonly'), (tx) => tx.store.getAllKeys());
    for (const key of keys) {
      // One transaction per segment: the caller may take its time between yields.
      let stored: unknown;
      let ids: ArrayBuffer | undefined;
      try {
        const [seg, graph] = await _inTx(this.#open().transaction(['segments', 'graph'], 'readonly'), (tx) =>
          Promise.all([tx.objectStore('segments').get(key), tx.objectStore('graph').get(key)]),
        );
        stored = seg?.txs;
        ids = graph?.ids;
      } catch {
        continue; // an unreadable record: skip it, read the rest
      }
      let txs: ArrayBuffer;
      try {
        if (stored instanceof Blob) txs = await stored.arrayBuffer();
        else if (stored instanceof ArrayBuffer) txs = stored;
        else continue;
      } catch {
        continue; // a Blob whose bytes are gone: skip it too
      }
      if (txs.byteLength === 0 || txs.byteLength % this.txSize !== 0) continue;
      const n = txs.byteLength / this.txSize;
      yield { txs: new Uint8Array(txs), ids: ids instanceof ArrayBuffer && ids.byteLength === n * 32 ? new Uint8Array(ids) : null };
    }
  }

  async network(): Promise<StoredNetwork | null> {
    const tx = this.#open().transaction('network', 'readonly');
    const v = await _inTx(tx, (tx) => tx.store.get(NETWORK_KEY));
    return v ? { name: v.name, mwm: v.mwm, since: v.since } : null;
  }

  async claimNetwork(network: StoredNetwork): Promise<StoredNetwork> {
    const db = this.#open();
    _assertStoredNetwork(network);
    const claim = { name: network.name, mwm: network.mwm, since: network.since };
    const tx = db.transaction('network', 'readwrite');
    // Read and write in one transaction: two claims can never both stand.
    const v = await _inTx(tx, async (tx) => {
      const had = await tx.store.get(NETWORK_KEY);
      if (had) return had;
      await tx.store.put(claim, NETWORK_KEY);
      return claim;
    });
    return { name: v.name, mwm: v.mwm, since: v.since };
  }

  close(): void {
    this.#shut('closed');
  }
}
