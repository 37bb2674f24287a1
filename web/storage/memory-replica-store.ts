// The replica store's in-memory twin: the same contract, checks and segmenting as IdbReplicaStore,
// with no I/O. Every input is copied on the way in and every output on the way out, so no buffer is
// ever shared with a caller. An append checks everything before it changes anything, so it is all or
// nothing as well.
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
import { _hex, _joinGraph, _splitBatch, type _SegmentPart } from './_columns.ts';

type Segment = _SegmentPart & { first: number };

/** The in-memory replica store: for tests, and for a session that must leave nothing behind. */
export class MemoryReplicaStore implements ReplicaStore {
  readonly txSize: number;
  readonly segmentTxs: number;
  #segments: Segment[] = [];
  #txCount = 0;
  #quarantine = new Map<string, QuarantineRecord>();
  #confirmed = new Set<number>();
  #network: StoredNetwork | null = null;
  #closed = false;

  /** Creates an empty store; called by tests and by code that wants a throwaway replica. */
  constructor(options: ReplicaStoreOptions = {}) {
    const txSize = options.txSize ?? DEFAULT_TX_SIZE;
    const segmentTxs = options.segmentTxs ?? DEFAULT_SEGMENT_TXS;
    _assertPositiveOption(txSize, 'options.txSize');
    _assertPositiveOption(segmentTxs, 'options.segmentTxs');
    this.txSize = txSize;
    this.segmentTxs = segmentTxs;
  }

  #open(): void {
    if (this.#closed) throw _closedError('MemoryReplicaStore');
  }

  async load(): Promise<ReplicaSnapshot> {
    this.#open();
    return _joinGraph(this.#segments, this.#txCount, 'MemoryReplicaStore');
  }

  async append(batch: AppendBatch): Promise<{ first: number }> {
    this.#open();
    const n = _assertBatchShape(batch, this.txSize);
    const first = this.#txCount + 1;
    _assertExpectedFirst(batch.expectedFirst, first);
    const parts = _splitBatch(batch, n, this.txSize, this.segmentTxs);
    for (const p of parts) _assertParents(p, p.offset, first);
    for (const p of parts) this.#segments.push({ ...p, first: first + p.offset });
    this.#txCount += n;
    return { first };
  }

  async readTx(index: number): Promise<Uint8Array> {
    this.#open();
    _assertStoredIndex(index, this.#txCount);
    return this.#read(index, 1);
  }

  async readRange(first: number, count: number): Promise<Uint8Array> {
    this.#open();
    _assertRange(first, count, this.#txCount);
    return this.#read(first, count);
  }

  async readRanges(ranges: [number, number][]): Promise<Uint8Array[]> {
    this.#open();
    _assertRanges(ranges, this.#txCount);
    return ranges.map(([first, count]) => this.#read(first, count));
  }

  #read(first: number, count: number): Uint8Array {
    const size = this.txSize;
    const out = new Uint8Array(count * size);
    const last = first + count - 1;
    // binary search: the last segment that starts at or before `first`
    const segs = this.#segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segs[mid].first <= first) lo = mid;
      else hi = mid - 1;
    }
    for (let k = lo; k < segs.length && segs[k].first <= last; k++) {
      const s = segs[k];
      const from = Math.max(first, s.first);
      const to = Math.min(last, s.first + s.count - 1);
      out.set(s.txs.subarray((from - s.first) * size, (to - s.first + 1) * size), (from - first) * size);
    }
    return out;
  }

  async putQuarantine(records: QuarantineRecord[]): Promise<void> {
    this.#open();
    _assertQuarantine(records, this.txSize);
    for (const r of records) this.#quarantine.set(_hex(r.id), { id: r.id.slice(), bytes: r.bytes.slice(), since: r.since });
  }

  async takeQuarantine(): Promise<QuarantineRecord[]> {
    this.#open();
    return [...this.#quarantine.keys()]
      .sort()
      .map((k) => this.#quarantine.get(k)!)
      .map((r) => ({ id: r.id.slice(), bytes: r.bytes.slice(), since: r.since }));
  }

  async deleteQuarantine(ids: Uint8Array[]): Promise<void> {
    this.#open();
    _assertIds(ids);
    for (const id of ids) this.#quarantine.delete(_hex(id));
  }

  async markConfirmed(indices: number[]): Promise<void> {
    this.#open();
    _assertIndices(indices, this.#txCount);
    for (const x of indices) this.#confirmed.add(x);
  }

  async confirmed(): Promise<Uint32Array> {
    this.#open();
    return Uint32Array.from(this.#confirmed).sort();
  }

  async stats(): Promise<ReplicaStats> {
    this.#open();
    return {
      txCount: this.#txCount,
      segments: this.#segments.length,
      bytes: this.#txCount * (this.txSize + GRAPH_BYTES_PER_TX + TAG_BYTES_PER_TX),
      persisted: false,
    };
  }

  /** Closes the store; every later call rejects. */
  close(): void {
    this.#closed = true;
  }

  async *salvageSegments(): AsyncGenerator<{ txs: Uint8Array; ids: Uint8Array | null }, void, undefined> {
    this.#open();
    for (const seg of this.#segments.slice()) yield { txs: seg.txs.slice(), ids: seg.ids.slice() };
  }

  async network(): Promise<StoredNetwork | null> {
    this.#open();
    return this.#network ? { ...this.#network } : null;
  }

  async claimNetwork(network: StoredNetwork): Promise<StoredNetwork> {
    this.#open();
    _assertStoredNetwork(network);
    this.#network ??= { name: network.name, mwm: network.mwm, since: network.since };
    return { ...this.#network };
  }
}
