// Shared by the directory's tests: seeded keys, profile inputs, and records as the replica finds them.
import { TX_KINDS } from '../../../web/core/tx/index.ts';
import type { DirectoryRecord, FoundDirectoryBundle } from '../../../web/core/directory/index.ts';

/** mulberry32: a seeded source of numbers in [0, 1), so no outcome depends on crypto.getRandomValues. */
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

/** A 64-hex-digit key from a seeded source (the directory reads keys as text; no curve is involved). */
export function hexKey(next: () => number): string {
  let s = '';
  for (let i = 0; i < 64; i++) s += Math.floor(next() * 16).toString(16);
  return s;
}

let _ids = 0;
/** A found bundle carrying `record`, signed (as the replica says) by `issuer`. */
export function found(issuer: string, record: DirectoryRecord<unknown> | Uint8Array, issuedAt: number, extra: Partial<FoundDirectoryBundle> = {}): FoundDirectoryBundle {
  const payload = record instanceof Uint8Array ? record : record.payload;
  const id = (++_ids).toString(16).padStart(64, '0');
  return { issuer, id, issuedAt, attachedAt: issuedAt + 1000, confirmed: false, payload, kind: TX_KINDS.profile, ...extra };
}

export const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
