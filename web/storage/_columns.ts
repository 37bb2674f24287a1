// Column helpers shared by both replica stores (internal: not exported from index.ts): cutting a
// batch into segments, joining segments back into columns, hex keys, and the confirmed bitmap pages.
import { ID_BYTES, TAG_BYTES_PER_TX, type AppendBatch, type ReplicaSnapshot } from './replica-store.ts';

/** One segment's worth of a batch, made by _splitBatch for both stores: copies with exactly sized buffers. */
export interface _SegmentPart {
  /** Row of the part's first tx within the batch (its index is the batch's first index + offset). */
  offset: number;
  count: number;
  txs: Uint8Array<ArrayBuffer>;
  ids: Uint8Array<ArrayBuffer>;
  trunks: Uint32Array<ArrayBuffer>;
  branches: Uint32Array<ArrayBuffer>;
  attachedAt: Float64Array<ArrayBuffer>;
  tags: Uint8Array<ArrayBuffer>;
}

/**
 * Cuts a checked batch of n txs into parts of at most `segmentTxs` txs. Every part is a copy
 * (`slice`, so each has its own exactly sized buffer): the caller's buffers are never shared.
 */
export function _splitBatch(batch: AppendBatch, n: number, txSize: number, segmentTxs: number): _SegmentPart[] {
  const parts: _SegmentPart[] = [];
  for (let start = 0; start < n; start += segmentTxs) {
    const end = Math.min(n, start + segmentTxs);
    parts.push({
      offset: start,
      count: end - start,
      txs: batch.txs.slice(start * txSize, end * txSize),
      ids: batch.ids.slice(start * ID_BYTES, end * ID_BYTES),
      trunks: batch.trunks.slice(start, end),
      branches: batch.branches.slice(start, end),
      attachedAt: batch.attachedAt.slice(start, end),
      tags: batch.tags.slice(start * TAG_BYTES_PER_TX, end * TAG_BYTES_PER_TX),
    });
  }
  return parts;
}

/** The light columns and tags of one segment, as either store keeps them; joined by _joinGraph. */
export interface _GraphPart {
  first: number;
  count: number;
  ids: Uint8Array;
  trunks: Uint32Array;
  branches: Uint32Array;
  attachedAt: Float64Array;
  tags: Uint8Array;
}

/**
 * Joins segments (in index order) into one snapshot of fresh arrays. Throws if the segments do not
 * cover 1..txCount without a gap or an overlap, or if a segment's tags are not one per tx: the store
 * is then damaged, and the message says where.
 */
export function _joinGraph(parts: _GraphPart[], txCount: number, where: string): ReplicaSnapshot {
  const snap: ReplicaSnapshot = {
    txCount,
    ids: new Uint8Array(txCount * ID_BYTES),
    trunks: new Uint32Array(txCount),
    branches: new Uint32Array(txCount),
    attachedAt: new Float64Array(txCount),
    tags: new Uint8Array(txCount * TAG_BYTES_PER_TX),
  };
  let next = 1;
  for (const p of parts) {
    if (p.first !== next || p.first + p.count - 1 > txCount) {
      throw new Error(`${where}: segment starting at index ${p.first} (${p.count} txs) does not follow index ${next - 1} of ${txCount}`);
    }
    if (p.tags.length !== p.count * TAG_BYTES_PER_TX) {
      throw new Error(`${where}: the tags of the segment starting at index ${p.first} are ${p.tags.length} bytes, not ${p.count} × ${TAG_BYTES_PER_TX}`);
    }
    const row = p.first - 1;
    snap.ids.set(p.ids, row * ID_BYTES);
    snap.tags.set(p.tags, row * TAG_BYTES_PER_TX);
    snap.trunks.set(p.trunks, row);
    snap.branches.set(p.branches, row);
    snap.attachedAt.set(p.attachedAt, row);
    next += p.count;
  }
  if (next - 1 !== txCount) throw new Error(`${where}: segments hold ${next - 1} txs, the counter says ${txCount}`);
  return snap;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes: the quarantine key in both stores. Hex order is bytewise order. */
export function _hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** IdbReplicaStore keeps confirmed indices as bitmap pages: page p holds p·PAGE_BITS … (p+1)·PAGE_BITS − 1. */
export const _CONFIRMED_PAGE_BITS = 65536;

/** Sets the bits of `indices` (all on page `pageNo`) in a page bitmap, in place; used by markConfirmed. */
export function _setBits(page: Uint8Array, pageNo: number, indices: number[]): void {
  const base = pageNo * _CONFIRMED_PAGE_BITS;
  for (const x of indices) {
    const bit = x - base;
    page[bit >>> 3] |= 1 << (bit & 7);
  }
}

/** Groups indices by bitmap page; used by markConfirmed. */
export function _byPage(indices: number[]): Map<number, number[]> {
  const pages = new Map<number, number[]>();
  for (const x of indices) {
    const p = Math.floor(x / _CONFIRMED_PAGE_BITS);
    let list = pages.get(p);
    if (!list) pages.set(p, (list = []));
    list.push(x);
  }
  return pages;
}

/** Reads the set bits of bitmap pages (ascending page numbers) as ascending indices; used by confirmed(). */
export function _bitsToIndices(pages: { page: number; bits: Uint8Array }[]): Uint32Array {
  const out: number[] = [];
  for (const { page, bits } of pages) {
    const base = page * _CONFIRMED_PAGE_BITS;
    for (let byte = 0; byte < bits.length; byte++) {
      const b = bits[byte];
      if (b === 0) continue;
      for (let k = 0; k < 8; k++) if (b & (1 << k)) out.push(base + byte * 8 + k);
    }
  }
  return Uint32Array.from(out);
}
