// The one byte format for tx files and sync (docs/design.md "Sync": export and import an archive of txs).
//
//   format 2, "MTX2" (what the replica writes): the header names the network the txs belong to
//     magic "MTX2" (4) | network name (32, ASCII, zero-padded) | network MWM (u8) | reserved (3, zero)
//     | record count (u32 little-endian) | count × ( id (32) | tx (TX_SIZE) )
//   format 1, "MTX1" (still read; it names no network, so its txs are checked against the reader's)
//     magic "MTX1" (4) | record count (u32 little-endian) | count × ( id (32) | tx (TX_SIZE) )
//
// Decoding never throws on hostile bytes: broken framing comes back as errors with the record's
// position, and every whole record before the break is still returned for validation. The count
// is only a claim: nothing is allocated from it. A format-2 header whose network is not well formed
// (a bad name, an MWM out of range, reserved bytes set) is broken framing like a bad magic.
import { HASH_LENGTH, TX_SIZE, txId } from '../tx/index.ts';
import { NETWORK_NAME_MAX, networkProblem, type Network } from '../network/index.ts';

/** The first four bytes of a format-2 archive, "MTX2". Used by encode/decode and file-type sniffing. */
export const ARCHIVE_MAGIC = Uint8Array.of(0x4d, 0x54, 0x58, 0x32);
/** The first four bytes of a format-1 archive, "MTX1" (read, written only without a network). */
export const ARCHIVE_MAGIC_V1 = Uint8Array.of(0x4d, 0x54, 0x58, 0x31);
const _MAGIC_LENGTH = 4;
// Format 2's header, each field after the one before.
const _NAME_OFFSET = _MAGIC_LENGTH;
const _NAME_LENGTH = NETWORK_NAME_MAX;
const _MWM_OFFSET = _NAME_OFFSET + _NAME_LENGTH;
const _MWM_LENGTH = 1;
const _RESERVED_OFFSET = _MWM_OFFSET + _MWM_LENGTH;
const _RESERVED_LENGTH = 3;
const _COUNT_OFFSET = _RESERVED_OFFSET + _RESERVED_LENGTH;
const _COUNT_LENGTH = 4;
/** Bytes before the first record of a format-2 archive (44). Used by encode/decode and the chunk reader. */
export const ARCHIVE_HEADER_SIZE = _COUNT_OFFSET + _COUNT_LENGTH;
// Format 1's header: the count right after the magic.
const _COUNT_OFFSET_V1 = _MAGIC_LENGTH;
/** Bytes before the first record of a format-1 archive (8). */
export const ARCHIVE_HEADER_SIZE_V1 = _COUNT_OFFSET_V1 + _COUNT_LENGTH;
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

/** A readable archive header. */
export interface ArchiveHeader {
  /** 2 for "MTX2", 1 for "MTX1". */
  format: 1 | 2;
  /** The network the archive names; null for format 1, which names none. */
  network: Network | null;
  /** The records the header announces (a claim: the bytes decide). */
  count: number;
  /** Bytes before the first record. */
  headerSize: number;
}

function _matches(bytes: Uint8Array, magic: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/**
 * Reads an archive's header from its first bytes (at least ARCHIVE_HEADER_SIZE of them when the file
 * has that many): the header, or the framing error at position -1 (GARBAGE for a bad magic or a
 * malformed network, TRUNCATED for bytes that end inside the header). Never throws on bytes. Called
 * by decodeArchive, the chunk reader and the file import's export counter.
 */
export function readArchiveHeader(bytes: Uint8Array): ArchiveHeader | ArchiveError {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const garbage: ArchiveError = { reason: 'GARBAGE', position: -1, offset: 0 };
  const short: ArchiveError = { reason: 'TRUNCATED', position: -1, offset: 0 };
  const head = Math.min(bytes.length, _MAGIC_LENGTH);
  const v2 = _matches(bytes, ARCHIVE_MAGIC, head);
  const v1 = _matches(bytes, ARCHIVE_MAGIC_V1, head);
  if (!v1 && !v2) return garbage;
  if (bytes.length < _MAGIC_LENGTH) return short;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v1) {
    if (bytes.length < ARCHIVE_HEADER_SIZE_V1) return short;
    return { format: 1, network: null, count: view.getUint32(_COUNT_OFFSET_V1, true), headerSize: ARCHIVE_HEADER_SIZE_V1 };
  }
  // Format 2: judge what is there of the network before asking for the rest, so a file that is
  // not one is called garbage however short it is.
  const nameEnd = Math.min(bytes.length, _NAME_OFFSET + _NAME_LENGTH);
  let nameLength = nameEnd - _NAME_OFFSET;
  for (let i = _NAME_OFFSET; i < nameEnd; i++) {
    if (bytes[i] === 0) {
      nameLength = i - _NAME_OFFSET;
      for (let j = i; j < nameEnd; j++) if (bytes[j] !== 0) return garbage; // padding is zeros only
      break;
    }
  }
  if (bytes.length < ARCHIVE_HEADER_SIZE) return short;
  for (let i = _RESERVED_OFFSET; i < _RESERVED_OFFSET + _RESERVED_LENGTH; i++) if (bytes[i] !== 0) return garbage;
  const name = String.fromCharCode(...bytes.subarray(_NAME_OFFSET, _NAME_OFFSET + nameLength));
  const network: Network = { name, mwm: bytes[_MWM_OFFSET] };
  if (networkProblem(network) !== null) return garbage;
  return { format: 2, network, count: view.getUint32(_COUNT_OFFSET, true), headerSize: ARCHIVE_HEADER_SIZE };
}

/** Whether readArchiveHeader's answer is an error. */
export function isArchiveError(h: ArchiveHeader | ArchiveError): h is ArchiveError {
  return 'reason' in h;
}

/**
 * Writes a header for `count` records into `out` at 0: format 2 naming `network`, or format 1 when
 * `network` is null. Called by encodeArchive, the chunk reader (which re-frames each chunk) and the
 * sync receiver (which joins batches).
 */
export function writeArchiveHeader(out: Uint8Array, network: Network | null, count: number): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (network === null) {
    out.set(ARCHIVE_MAGIC_V1, 0);
    view.setUint32(_COUNT_OFFSET_V1, count, true);
    return ARCHIVE_HEADER_SIZE_V1;
  }
  out.set(ARCHIVE_MAGIC, 0);
  out.fill(0, _NAME_OFFSET, ARCHIVE_HEADER_SIZE);
  for (let i = 0; i < network.name.length; i++) out[_NAME_OFFSET + i] = network.name.charCodeAt(i);
  out[_MWM_OFFSET] = network.mwm;
  view.setUint32(_COUNT_OFFSET, count, true);
  return ARCHIVE_HEADER_SIZE;
}

/**
 * Frames records (id computed when absent) as an archive of `network` (format 2); without a network,
 * as format 1. Called by file export and the sync sender (with the replica's network) and by tests.
 */
export function encodeArchive(records: readonly { id?: Uint8Array; bytes: Uint8Array }[], network: Network | null = null): Uint8Array {
  if (!Array.isArray(records)) throw new TypeError('records must be an array');
  if (records.length > MAX_ARCHIVE_RECORDS) throw new RangeError(`records must be at most ${MAX_ARCHIVE_RECORDS}`);
  if (network !== null) {
    const problem = networkProblem(network);
    if (problem !== null) throw new RangeError(problem.startsWith('must') ? `network ${problem}` : `network.${problem}`);
  }
  const headerSize = network === null ? ARCHIVE_HEADER_SIZE_V1 : ARCHIVE_HEADER_SIZE;
  const out = new Uint8Array(headerSize + records.length * ARCHIVE_RECORD_SIZE);
  writeArchiveHeader(out, network, records.length);
  records.forEach((r, i) => {
    if (typeof r !== 'object' || r === null) throw new TypeError(`records[${i}] must be an object`);
    if (!(r.bytes instanceof Uint8Array)) throw new TypeError(`records[${i}].bytes must be a Uint8Array`);
    if (r.bytes.length !== TX_SIZE) throw new RangeError(`records[${i}].bytes must be ${TX_SIZE} bytes, got ${r.bytes.length}`);
    const id = r.id ?? txId(r.bytes);
    if (!(id instanceof Uint8Array)) throw new TypeError(`records[${i}].id must be a Uint8Array`);
    if (id.length !== HASH_LENGTH) throw new RangeError(`records[${i}].id must be ${HASH_LENGTH} bytes, got ${id.length}`);
    const at = headerSize + i * ARCHIVE_RECORD_SIZE;
    out.set(id, at);
    out.set(r.bytes, at + HASH_LENGTH);
  });
  return out;
}

/**
 * Splits an archive into its network, records and framing errors; never throws on bytes. Each
 * record is a copy, or with `views`, a view into `bytes` (for a caller that copies what it keeps: a
 * copy of each record's two fields was two small buffers a tx on a sync receiver's path). Called by
 * file import, the replica's importTransactions (views) and tests.
 */
export function decodeArchive(bytes: Uint8Array, options: { views?: boolean } = {}): { network: Network | null; records: ArchiveRecord[]; errors: ArchiveError[] } {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const part = options.views === true ? (a: number, b: number) => bytes.subarray(a, b) : (a: number, b: number) => bytes.slice(a, b);
  const records: ArchiveRecord[] = [];
  const header = readArchiveHeader(bytes);
  if (isArchiveError(header)) return { network: null, records, errors: [header] };
  const { count, headerSize, network } = header;
  const errors: ArchiveError[] = [];
  const available = Math.floor((bytes.length - headerSize) / ARCHIVE_RECORD_SIZE);
  const whole = Math.min(count, available);
  for (let i = 0; i < whole; i++) {
    const at = headerSize + i * ARCHIVE_RECORD_SIZE;
    records.push({ id: part(at, at + HASH_LENGTH), bytes: part(at + HASH_LENGTH, at + ARCHIVE_RECORD_SIZE) });
  }
  const end = headerSize + whole * ARCHIVE_RECORD_SIZE;
  if (whole < count) {
    // The count claims more records than the bytes hold: the next one is cut short (or absent).
    errors.push({ reason: 'TRUNCATED', position: whole, offset: end });
  } else if (end < bytes.length) {
    // Bytes after the counted records: not part of the archive.
    errors.push({ reason: 'GARBAGE', position: count, offset: end });
  }
  return { network, records, errors };
}
