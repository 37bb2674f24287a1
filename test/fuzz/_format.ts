// The archive framing as the fuzz campaign sees it (docs/formats.md: format 2 is magic "MTX2", a
// 32-byte network name padded with zeros, the MWM, 3 zero bytes, a u32 record count, then records of
// claimed id + tx; format 1 "MTX1" is the magic then the count). The one file to adapt when the
// header changes: `frame` builds what is imported (format 2 naming the fuzzed network),
// `parseArchive` is the oracle's own reading of it, COUNT_OFFSET is where the framing operators
// write their counts.
import { bytesToHex } from '@noble/hashes/utils.js';
import { HASH_LENGTH } from '../../web/core/tx/layout.ts';
import { ARCHIVE_HEADER_SIZE, ARCHIVE_HEADER_SIZE_V1, ARCHIVE_MAGIC, ARCHIVE_MAGIC_V1, ARCHIVE_RECORD_SIZE, encodeArchive } from '../../web/core/validate/archive.ts';
import { idOf } from './_tx.ts';

/** MWM of the fuzzed network: 9 attempts per tx on average, so PoW stays cheap. */
export const MWM = 2;
/** The network every fuzz replica and archive names. Used by the runner, the pinned cases and frame. */
export const FUZZ_NETWORK = { name: 'fuzz', mwm: MWM } as const;
/** Where format 2's record count (u32, little-endian) sits: the header's last four bytes. Used by the framing operators and parseArchive. */
export const COUNT_OFFSET = ARCHIVE_HEADER_SIZE - 4;
/** Bytes before the first record. Used by the framing operators and the failure log. */
export const HEADER_SIZE = ARCHIVE_HEADER_SIZE;
/** The magic's length: the framing operators change a byte of it. */
export const MAGIC_LENGTH = ARCHIVE_MAGIC.length;

/** The archive bytes of `items` (claimed ids default to the tx hashes). Called by the generators, the runner and the pinned cases. */
export function frame(items: readonly { bytes: Uint8Array; id?: Uint8Array }[]): Uint8Array {
  return encodeArchive(items.map((i) => ({ id: i.id ?? idOf(i.bytes), bytes: i.bytes })), FUZZ_NETWORK);
}

/**
 * The archive's records (claimed id as hex, tx bytes) and its framing refusal, read as the format
 * says: a magic that is neither format's in every byte present is GARBAGE and nothing is read (a
 * changed magic byte can turn "MTX2" into "MTX1", which is then read as format 1, count right after
 * the magic); a header cut short is TRUNCATED; every whole record the count announces is read;
 * fewer than announced is TRUNCATED, bytes after them GARBAGE. The fuzzed network's name, MWM and
 * reserved bytes are never mutated, so they are not judged here. Called by the oracle.
 */
export function parseArchive(a: Uint8Array): { records: { id: string; bytes: Uint8Array }[]; framing: 'GARBAGE' | 'TRUNCATED' | null } {
  const records: { id: string; bytes: Uint8Array }[] = [];
  const isMagic = (m: Uint8Array): boolean => {
    for (let i = 0; i < Math.min(a.length, m.length); i++) if (a[i] !== m[i]) return false;
    return true;
  };
  const v1 = isMagic(ARCHIVE_MAGIC_V1);
  if (!v1 && !isMagic(ARCHIVE_MAGIC)) return { records, framing: 'GARBAGE' };
  const headerSize = v1 ? ARCHIVE_HEADER_SIZE_V1 : ARCHIVE_HEADER_SIZE;
  if (a.length < headerSize) return { records, framing: 'TRUNCATED' };
  const countAt = headerSize - 4;
  const count = (a[countAt] | (a[countAt + 1] << 8) | (a[countAt + 2] << 16) | (a[countAt + 3] << 24)) >>> 0;
  let at = headerSize;
  for (let k = 0; k < count; k++) {
    if (at + ARCHIVE_RECORD_SIZE > a.length) return { records, framing: 'TRUNCATED' };
    records.push({ id: bytesToHex(a.subarray(at, at + HASH_LENGTH)), bytes: a.slice(at + HASH_LENGTH, at + ARCHIVE_RECORD_SIZE) });
    at += ARCHIVE_RECORD_SIZE;
  }
  return { records, framing: at < a.length ? 'GARBAGE' : null };
}
