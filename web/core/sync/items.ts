// The item set that sync reconciles (docs/sync.md): one item per stored tx, (attachment time, tx id),
// sorted by time, then by id as unsigned bytes. Pure: the replica lists its items, this file sorts
// them and answers range questions (how many items, which ones, their fingerprint) in O(log n).
//
// Fingerprint of a range: the first FINGERPRINT_LENGTH bytes of SHA-256( S || count ), where S is the
// sum of the range's ids read as 256-bit little-endian integers, mod 2^256, and count is a u32
// little-endian. Why this one:
//  - the sum is incremental: prefix sums give any range's S in O(1) (a subtraction), so a reply over
//    10^6 items costs no more than over 10; a hash of the range's ids would cost O(range) per range;
//  - ids are BLAKE2b-256 outputs of the txs, so between honest sets S already differs with
//    probability 1 - 2^-256; the count and the final SHA-256 make the 16 bytes sent a uniform digest
//    of (S, count), so two different honest ranges match by accident with probability 2^-128;
//  - a peer that chooses ids could make two sets share a sum (a linear relation), since ids are only
//    claims until the txs arrive. That lets it hide that a range differs, which is no more than
//    withholding, which any peer can do; it never lets anything in, since every tx that arrives goes
//    through the replica's importTransactions.
import { sha256 } from '@noble/hashes/sha2.js';

/** Bytes of a tx id. */
export const ID_LENGTH = 32;
/** Bytes of a range fingerprint sent on the wire (128 bits: accidental matches at 2^-128). */
export const FINGERPRINT_LENGTH = 16;
/** Latest attachment time an item may carry: times travel as integers of at most 2^53 - 1 ms. */
export const MAX_TIME = Number.MAX_SAFE_INTEGER;

const _LIMBS = 8; // 256 bits as eight u32 limbs, little-endian

/**
 * A range boundary: items below it have (time, id) < (time, prefix zero-padded to 32 bytes). A
 * time of Infinity is the end of everything. Made by ItemSet and by the message decoder.
 */
export interface Bound {
  time: number;
  /** 0..32 bytes: as few as separate the items on either side. */
  prefix: Uint8Array;
}

/** The bound past every item. Used by the reconciler and the codec. */
export const END_BOUND: Bound = Object.freeze({ time: Infinity, prefix: new Uint8Array(0) }) as Bound;
/** The bound before every item. Used by the reconciler and the codec. */
export const START_BOUND: Bound = Object.freeze({ time: 0, prefix: new Uint8Array(0) }) as Bound;

/** -1, 0 or 1 as a < b for two bounds (a shorter prefix is its zero-padded self). Used by the codec and the reconciler. */
export function compareBounds(a: Bound, b: Bound): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  for (let i = 0; i < ID_LENGTH; i++) {
    const x = i < a.prefix.length ? a.prefix[i] : 0;
    const y = i < b.prefix.length ? b.prefix[i] : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The fingerprint of any collection of ids, as ItemSet.fingerprint gives it for a range that holds
 * exactly those ids: the initiator checks a reply against it (reconcile.ts).
 */
export function fingerprintOfIds(ids: readonly Uint8Array[]): Uint8Array {
  const sum = new Uint32Array(_LIMBS);
  for (const id of ids) {
    const view = new DataView(id.buffer, id.byteOffset, ID_LENGTH);
    let carry = 0;
    for (let l = 0; l < _LIMBS; l++) {
      const x = sum[l] + view.getUint32(l * 4, true) + carry;
      sum[l] = x >>> 0;
      carry = x > 0xffffffff ? 1 : 0;
    }
  }
  const input = new Uint8Array(ID_LENGTH + 4);
  const dv = new DataView(input.buffer);
  for (let l = 0; l < _LIMBS; l++) dv.setUint32(l * 4, sum[l], true);
  dv.setUint32(ID_LENGTH, ids.length, true);
  return sha256(input).subarray(0, FINGERPRINT_LENGTH);
}

function _compareIds(a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  for (let k = 0; k < ID_LENGTH; k++) {
    const x = a[ai + k];
    const y = b[bi + k];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * An immutable sorted set of (time, id) items with prefix sums of the ids. Built by the sync session
 * from the replica's items, and by tests and the bench from generated ones.
 */
export class ItemSet {
  /** Attachment times, ascending. */
  readonly times: Float64Array;
  /** The ids, 32 bytes each, in item order. */
  readonly ids: Uint8Array;
  /** Prefix sums of the ids: entry i (8 limbs) is the sum of ids 0..i-1, mod 2^256. */
  readonly #sums: Uint32Array;

  /**
   * From times and ids (n × 32 bytes) in any order. RangeError naming the item when a time is not
   * an integer in 0..MAX_TIME or the lengths disagree; a repeated id is kept once.
   */
  constructor(times: ArrayLike<number>, ids: Uint8Array) {
    if (!(ids instanceof Uint8Array) || ids.length % ID_LENGTH !== 0) throw new RangeError('ids must be a Uint8Array of n × 32 bytes');
    const n = ids.length / ID_LENGTH;
    if (times.length !== n) throw new RangeError(`times has ${times.length} entries, ids has ${n}`);
    for (let i = 0; i < n; i++) {
      const t = times[i];
      if (!Number.isInteger(t) || t < 0 || t > MAX_TIME) throw new RangeError(`times[${i}] must be an integer from 0 to 2^53 - 1, got ${t}`);
    }
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => (times[a] !== times[b] ? times[a] - times[b] : _compareIds(ids, a * ID_LENGTH, ids, b * ID_LENGTH)));
    // Drop repeated ids (the same id twice sorts next to itself only if its times agree; ids are
    // unique in a replica, so a repeat is a caller's duplicate, kept once).
    const keep: number[] = [];
    const seen = new Set<string>();
    for (const i of order) {
      const key = String.fromCharCode(...ids.subarray(i * ID_LENGTH, (i + 1) * ID_LENGTH));
      if (seen.has(key)) continue;
      seen.add(key);
      keep.push(i);
    }
    const m = keep.length;
    this.times = new Float64Array(m);
    this.ids = new Uint8Array(m * ID_LENGTH);
    this.#sums = new Uint32Array((m + 1) * _LIMBS);
    const view = new DataView(this.ids.buffer);
    for (let k = 0; k < m; k++) {
      const i = keep[k];
      this.times[k] = times[i];
      this.ids.set(ids.subarray(i * ID_LENGTH, (i + 1) * ID_LENGTH), k * ID_LENGTH);
      let carry = 0;
      for (let l = 0; l < _LIMBS; l++) {
        const s = this.#sums[k * _LIMBS + l] + view.getUint32(k * ID_LENGTH + l * 4, true) + carry;
        this.#sums[(k + 1) * _LIMBS + l] = s >>> 0;
        carry = s > 0xffffffff ? 1 : 0;
      }
    }
  }

  /** Number of items. */
  get size(): number {
    return this.times.length;
  }

  /** Item i's id (a view). */
  id(i: number): Uint8Array {
    return this.ids.subarray(i * ID_LENGTH, (i + 1) * ID_LENGTH);
  }

  /** The first item index i with item i >= bound (size when none). */
  lowerBound(bound: Bound, from = 0): number {
    if (bound.time === Infinity) return this.size;
    let lo = from;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#itemBelow(mid, bound)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #itemBelow(i: number, b: Bound): boolean {
    const t = this.times[i];
    if (t !== b.time) return t < b.time;
    const off = i * ID_LENGTH;
    for (let k = 0; k < ID_LENGTH; k++) {
      const x = this.ids[off + k];
      const y = k < b.prefix.length ? b.prefix[k] : 0;
      if (x !== y) return x < y;
    }
    return false;
  }

  /** The fingerprint of items [from, to) (see the file comment). */
  fingerprint(from: number, to: number): Uint8Array {
    const input = new Uint8Array(ID_LENGTH + 4);
    const dv = new DataView(input.buffer);
    let borrow = 0;
    for (let l = 0; l < _LIMBS; l++) {
      const d = this.#sums[to * _LIMBS + l] - this.#sums[from * _LIMBS + l] - borrow;
      borrow = d < 0 ? 1 : 0;
      dv.setUint32(l * 4, d >>> 0, true);
    }
    dv.setUint32(ID_LENGTH, to - from, true);
    return sha256(input).subarray(0, FINGERPRINT_LENGTH);
  }

  /**
   * The shortest bound that separates item i - 1 from item i (0 < i < size): the time alone when the
   * times differ, else as many id bytes as needed.
   */
  boundBefore(i: number): Bound {
    const t = this.times[i];
    if (this.times[i - 1] !== t) return { time: t, prefix: new Uint8Array(0) };
    const a = this.id(i - 1);
    const b = this.id(i);
    let k = 0;
    while (k < ID_LENGTH && a[k] === b[k]) k++;
    return { time: t, prefix: b.slice(0, k + 1) };
  }
}
