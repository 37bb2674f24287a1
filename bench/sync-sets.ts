// The workloads of the sync metrics (issue 11, "Bytes on the wire against the reference"): pairs of
// (timestamp, id) sets of 10^5 and 10^6 items differing in 0 to 10,000 items, clustered among the
// newest or scattered, generated as test/vectors/negentropy-reference.json's `generator` describes
// (our own code from that description), and checked against the SHA-256 digest the file gives for
// every set: a set that does not match fails the bench, so every figure is measured on the very sets
// the reference was.

/** The 32-bit mixer that seeds sfc32 (the description's splitmix32). */
function _splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** sfc32 seeded through splitmix32, its first 15 outputs discarded: next() is a u32, u01() in [0, 1). */
function _sfc32(seed: number): { next(): number; u01(): number } {
  const sm = _splitmix32(seed);
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  const next = () => {
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return { next, u01: () => next() / 2 ** 32 };
}

/** One workload: the universe's items in (timestamp, id) order, and which of them each side lacks. */
export interface SyncWorkload {
  /** Name as in the reference file: n100000_d1000c. */
  name: string;
  n: number;
  d: number;
  kind: 'c' | 's' | null;
  /** Timestamps (seconds) and ids (32 bytes each) of the N = n + d/2 items, sorted by (timestamp, id). */
  times: Float64Array;
  ids: Uint8Array;
  /** Per sorted item: 0 on both sides, 1 the client's only, 2 the server's only. */
  side: Uint8Array;
}

const _T0 = 1_700_000_000;
const _YEAR = 365 * 86400;
const _P_ENTER = 0.01;
const _P_EXIT = 1 / 50;

function _compareItems(times: Float64Array, ids: Uint8Array, x: number, y: number): number {
  if (times[x] !== times[y]) return times[x] - times[y];
  const xo = x * 32;
  const yo = y * 32;
  for (let k = 0; k < 32; k++) {
    const p = ids[xo + k];
    const q = ids[yo + k];
    if (p !== q) return p - q;
  }
  return 0;
}

/** The workload of n items and d differences of `kind` ('c' clustered, 's' scattered; null for d = 0). Used by sync-reconcile.ts. */
export function makeWorkload(n: number, d: number, kind: 'c' | 's' | null): SyncWorkload {
  if (d % 2 !== 0 || (d === 0) !== (kind === null)) throw new Error(`no workload of d = ${d}, kind ${kind}`);
  const N = n + d / 2;
  const r = _sfc32(0x4e454731 ^ n);
  const M = _YEAR / (n * (1 / (1 + _P_ENTER / _P_EXIT)));
  const times = new Float64Array(N);
  const ids = new Uint8Array(N * 32);
  let t = _T0;
  let burst = false;
  for (let i = 0; i < N; i++) {
    const g = r.u01();
    const s = r.u01();
    if (burst) {
      t += Math.floor(g * 3);
      if (s < _P_EXIT) burst = false;
    } else {
      t += Math.floor(-M * Math.log(1 - g));
      if (s < _P_ENTER) burst = true;
    }
    times[i] = t;
    for (let w = 0; w < 8; w++) {
      const x = r.next();
      const o = i * 32 + w * 4;
      ids[o] = x >>> 24;
      ids[o + 1] = (x >>> 16) & 0xff;
      ids[o + 2] = (x >>> 8) & 0xff;
      ids[o + 3] = x & 0xff;
    }
  }
  const order = new Uint32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  // Uint32Array.prototype.sort with a comparator: a typed sort, faster than an Array of 10^6 numbers.
  order.sort((x, y) => _compareItems(times, ids, x, y));

  const side = new Uint8Array(N); // indexed by generated item, mapped to sorted order below
  if (d > 0) {
    const r2 = _sfc32(0x44494646 ^ (n * 31 + d * 7 + (kind === 'c' ? 1 : 2)));
    const chosen: number[] = [];
    if (kind === 'c') {
      for (let k = N - d; k < N; k++) chosen.push(order[k]);
    } else {
      const perm = new Uint32Array(N);
      for (let i = 0; i < N; i++) perm[i] = i;
      for (let i = 0; i < d; i++) {
        const j = i + Math.floor(r2.u01() * (N - i));
        const x = perm[i];
        perm[i] = perm[j];
        perm[j] = x;
        chosen.push(perm[i]);
      }
    }
    for (let i = chosen.length - 1; i >= 1; i--) {
      const j = Math.floor(r2.u01() * (i + 1));
      const x = chosen[i];
      chosen[i] = chosen[j];
      chosen[j] = x;
    }
    chosen.forEach((item, k) => (side[item] = k < d / 2 ? 1 : 2));
  }
  const sortedTimes = new Float64Array(N);
  const sortedIds = new Uint8Array(N * 32);
  const sortedSide = new Uint8Array(N);
  for (let k = 0; k < N; k++) {
    const i = order[k];
    sortedTimes[k] = times[i];
    sortedIds.set(ids.subarray(i * 32, i * 32 + 32), k * 32);
    sortedSide[k] = side[i];
  }
  return { name: `n${n}_d${d}${kind ?? ''}`, n, d, kind, times: sortedTimes, ids: sortedIds, side: sortedSide };
}

/** One side's items (the client lacks the server's only, and the reverse), still sorted. Used by sync-reconcile.ts. */
export function sideOf(w: SyncWorkload, who: 'client' | 'server'): { times: Float64Array; ids: Uint8Array } {
  const skip = who === 'client' ? 2 : 1;
  let count = 0;
  for (let k = 0; k < w.side.length; k++) if (w.side[k] !== skip) count++;
  const times = new Float64Array(count);
  const ids = new Uint8Array(count * 32);
  let j = 0;
  for (let k = 0; k < w.side.length; k++) {
    if (w.side[k] === skip) continue;
    times[j] = w.times[k];
    ids.set(w.ids.subarray(k * 32, k * 32 + 32), j * 32);
    j++;
  }
  return { times, ids };
}

/**
 * The reference's digest of a set: each item as 40 bytes (timestamp u64 big-endian, then the id),
 * in bytewise order (which is (timestamp, id) order, as the items are kept), SHA-256, in hex.
 * Used by sync-reconcile.ts.
 */
export async function digestOf(set: { times: Float64Array; ids: Uint8Array }): Promise<string> {
  const count = set.times.length;
  const buf = new Uint8Array(count * 40);
  const dv = new DataView(buf.buffer);
  for (let k = 0; k < count; k++) {
    dv.setBigUint64(k * 40, BigInt(set.times[k]));
    buf.set(set.ids.subarray(k * 32, k * 32 + 32), k * 40 + 8);
  }
  const h = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  return Array.from(h, (x) => x.toString(16).padStart(2, '0')).join('');
}
