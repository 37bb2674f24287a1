// Deterministic tx batches from a seed, for the replica store tests and the crash-writer worker
// (so it imports nothing that needs the DOM or chai).
import type { AppendBatch } from '../../web/storage/index.ts';

/** A small seeded PRNG (mulberry32): the same seed gives the same batches in every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills bytes from a seed, four at a time. */
export function fillBytes(out: Uint8Array, seed: number): Uint8Array {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  const whole = out.length & ~3;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < whole; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view.setUint32(i, x >>> 0, true);
  }
  for (let i = whole; i < out.length; i++) out[i] = (x >>> (8 * (i & 3))) & 0xff;
  return out;
}

/**
 * A deterministic batch of n txs whose first tx will get index `first`: random tx bytes, ids and
 * tags, and parents drawn from the earlier indices (0 = genesis included).
 */
export function makeBatch(seed: number, n: number, first: number, txSize: number): AppendBatch {
  const r = rng(seed);
  const trunks = new Uint32Array(n);
  const branches = new Uint32Array(n);
  const attachedAt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    trunks[i] = Math.floor(r() * (first + i));
    branches[i] = Math.floor(r() * (first + i));
    attachedAt[i] = 1_700_000_000_000 + (first + i) * 1000 + r();
  }
  return {
    txs: fillBytes(new Uint8Array(n * txSize), seed * 7 + 1),
    ids: fillBytes(new Uint8Array(n * 32), seed * 7 + 2),
    tags: fillBytes(new Uint8Array(n * 32), seed * 7 + 3),
    trunks,
    branches,
    attachedAt,
  };
}
