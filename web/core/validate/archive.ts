// The one byte format for tx files and sync (DESIGN.md "Sync": export and import an archive of txs):
//   magic "MTX1" (4 bytes) | record count (u32 little-endian) | count × ( id (32) | tx (TX_SIZE) )
// Decoding never throws on hostile bytes: broken framing comes back as errors with the record's
// position, and every whole record before the break is still returned for validation. The count
// is only a claim: nothing is allocated from it.
import { HASH_LENGTH, TX_SIZE, txId } from '../tx/index.ts';

/** The archive's first four bytes, "MTX1". Used by encode/decode and file-type sniffing. */
export const ARCHIVE_MAGIC = Uint8Array.of(0x4d, 0x54, 0x58, 0x31);
/** Bytes before the first record: magic and count. Used by encode/decode. */
export const ARCHIVE_HEADER_SIZE = ARCHIVE_MAGIC.length + 4;
/** Bytes per record: the claimed id, then the tx. Used by encode/decode and sync chunking. */
export const ARCHIVE_RECORD_SIZE = HASH_LENGTH + TX_SIZE;
/** Most records one archive can count (u32). Used by encodeArchive. */
export const MAX_ARCHIVE_RECORDS = 0xffffffff;

/** A framing problem: `position` is the record's index (-1 for the header), `offset` its first byte. */
export interface ArchiveError {
  reason: 'GARBAGE' | 'TRUNCATED';
  position: number;
  offset: number;
}

/** A decoded record: copies (never views), so storing one never drags the whole archive along. */
export interface ArchiveRecord {
  id: Uint8Array;
  bytes: Uint8Array;
}

/** Frames records (id computed when absent). Called by file export and the sync sender. */
export function encodeArchive(records: readonly { id?: Uint8Array; bytes: Uint8Array }[]): Uint8Array {
  if (!Array.isArray(records)) throw new TypeError('records must be an array');
  if (records.length > MAX_ARCHIVE_RECORDS) throw new RangeError(`records must be at most ${MAX_ARCHIVE_RECORDS}`);
  const out = new Uint8Array(ARCHIVE_HEADER_SIZE + records.length * ARCHIVE_RECORD_SIZE);
  out.set(ARCHIVE_MAGIC, 0);
  new DataView(out.buffer).setUint32(ARCHIVE_MAGIC.length, records.length, true);
  records.forEach((r, i) => {
    if (typeof r !== 'object' || r === null) throw new TypeError(`records[${i}] must be an object`);
    if (!(r.bytes instanceof Uint8Array)) throw new TypeError(`records[${i}].bytes must be a Uint8Array`);
    if (r.bytes.length !== TX_SIZE) throw new RangeError(`records[${i}].bytes must be ${TX_SIZE} bytes, got ${r.bytes.length}`);
    const id = r.id ?? txId(r.bytes);
    if (!(id instanceof Uint8Array)) throw new TypeError(`records[${i}].id must be a Uint8Array`);
    if (id.length !== HASH_LENGTH) throw new RangeError(`records[${i}].id must be ${HASH_LENGTH} bytes, got ${id.length}`);
    const at = ARCHIVE_HEADER_SIZE + i * ARCHIVE_RECORD_SIZE;
    out.set(id, at);
    out.set(r.bytes, at + HASH_LENGTH);
  });
  return out;
}

/** Splits an archive into records and framing errors; never throws on bytes. Called by file import and the sync receiver. */
export function decodeArchive(bytes: Uint8Array): { records: ArchiveRecord[]; errors: ArchiveError[] } {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const records: ArchiveRecord[] = [];
  const errors: ArchiveError[] = [];
  const magicPart = Math.min(bytes.length, ARCHIVE_MAGIC.length);
  for (let i = 0; i < magicPart; i++) {
    if (bytes[i] !== ARCHIVE_MAGIC[i]) {
      errors.push({ reason: 'GARBAGE', position: -1, offset: 0 });
      return { records, errors };
    }
  }
  if (bytes.length < ARCHIVE_HEADER_SIZE) {
    errors.push({ reason: 'TRUNCATED', position: -1, offset: 0 });
    return { records, errors };
  }
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(ARCHIVE_MAGIC.length, true);
  const available = Math.floor((bytes.length - ARCHIVE_HEADER_SIZE) / ARCHIVE_RECORD_SIZE);
  const whole = Math.min(count, available);
  for (let i = 0; i < whole; i++) {
    const at = ARCHIVE_HEADER_SIZE + i * ARCHIVE_RECORD_SIZE;
    records.push({
      id: bytes.slice(at, at + HASH_LENGTH),
      bytes: bytes.slice(at + HASH_LENGTH, at + ARCHIVE_RECORD_SIZE),
    });
  }
  const end = ARCHIVE_HEADER_SIZE + whole * ARCHIVE_RECORD_SIZE;
  if (whole < count) {
    // The count claims more records than the bytes hold: the next one is cut short (or absent).
    errors.push({ reason: 'TRUNCATED', position: whole, offset: end });
  } else if (end < bytes.length) {
    // Bytes after the counted records: not part of the archive.
    errors.push({ reason: 'GARBAGE', position: count, offset: end });
  }
  return { records, errors };
}
