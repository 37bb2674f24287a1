// The archive framing as the fuzz campaign sees it (web/core/validate/archive.ts: magic, a u32
// record count, then records of claimed id + tx). The one file to adapt when the header changes (a
// network name and MWM are planned): `frame` builds what is imported, `parseArchive` is the oracle's
// own reading of it, COUNT_OFFSET is where the framing operators write their counts.
import { bytesToHex } from '@noble/hashes/utils.js';
import { HASH_LENGTH } from '../../web/core/tx/layout.ts';
import { ARCHIVE_HEADER_SIZE, ARCHIVE_MAGIC, ARCHIVE_RECORD_SIZE, encodeArchive } from '../../web/core/validate/archive.ts';
import { idOf } from './_tx.ts';

/** Where the header's record count (u32, little-endian) sits: right after the magic. Used by the framing operators and parseArchive. */
export const COUNT_OFFSET = ARCHIVE_MAGIC.length;
/** Bytes before the first record. Used by the framing operators and the failure log. */
export const HEADER_SIZE = ARCHIVE_HEADER_SIZE;
/** The magic's length: the framing operators change a byte of it. */
export const MAGIC_LENGTH = ARCHIVE_MAGIC.length;

/** The archive bytes of `items` (claimed ids default to the tx hashes). Called by the generators, the runner and the pinned cases. */
export function frame(items: readonly { bytes: Uint8Array; id?: Uint8Array }[]): Uint8Array {
  return encodeArchive(items.map((i) => ({ id: i.id ?? idOf(i.bytes), bytes: i.bytes })));
}

/**
 * The archive's records (claimed id as hex, tx bytes) and its framing refusal, read as the format
 * says: a magic that differs in any byte present is GARBAGE and nothing is read; a header cut short
 * is TRUNCATED; every whole record the count announces is read; fewer than announced is TRUNCATED,
 * bytes after them GARBAGE. Called by the oracle.
 */
export function parseArchive(a: Uint8Array): { records: { id: string; bytes: Uint8Array }[]; framing: 'GARBAGE' | 'TRUNCATED' | null } {
  const records: { id: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < Math.min(a.length, ARCHIVE_MAGIC.length); i++) if (a[i] !== ARCHIVE_MAGIC[i]) return { records, framing: 'GARBAGE' };
  if (a.length < ARCHIVE_HEADER_SIZE) return { records, framing: 'TRUNCATED' };
  const count = (a[COUNT_OFFSET] | (a[COUNT_OFFSET + 1] << 8) | (a[COUNT_OFFSET + 2] << 16) | (a[COUNT_OFFSET + 3] << 24)) >>> 0;
  let at = ARCHIVE_HEADER_SIZE;
  for (let k = 0; k < count; k++) {
    if (at + ARCHIVE_RECORD_SIZE > a.length) return { records, framing: 'TRUNCATED' };
    records.push({ id: bytesToHex(a.subarray(at, at + HASH_LENGTH)), bytes: a.slice(at + HASH_LENGTH, at + ARCHIVE_RECORD_SIZE) });
    at += ARCHIVE_RECORD_SIZE;
  }
  return { records, framing: at < a.length ? 'GARBAGE' : null };
}
