// Reading a large archive file in chunks (docs/design.md "Sync": export and import an archive of txs).
// Reading the whole file at once made a 200 MB archive exist about five times in memory on its way
// to the store (the file's buffer, decodeArchive's copies, the pipeline's copies, the store batch,
// IndexedDB's clone) and killed the tab on a phone. This reader reads the header once, then yields
// the records a few thousand at a time, each chunk framed as an archive of its own, so the worker's
// `importTransactions(bytes)` stays the one way in and the peak memory is set by the chunk size.
//
// The framing verdict is the same as decodeArchive's on the whole file, with the same positions in
// the FILE: a bad or short header yields one chunk holding only the header bytes (decodeArchive
// reports GARBAGE or TRUNCATED at -1 for it, and nothing is stored); a count larger than the data
// and bytes after the counted records are carried by the last chunk, so that decodeArchive(bytes)
// reports them at `position - first`. The replica then counts the refusal exactly as before.
// Records keep the file's order: exports are parents first, and a bundle cut by a chunk boundary
// waits in the ingest quarantine until the next chunk completes it (./ingest.ts).
import { ARCHIVE_HEADER_SIZE, ARCHIVE_RECORD_SIZE, isArchiveError, readArchiveHeader, writeArchiveHeader, type ArchiveError } from './archive.ts';
import type { Network } from '../network/index.ts';

/**
 * Records per chunk by default: 2,048 records = 2.7 MB. Called by file import (the Tangle
 * controller). Why this size:
 * - memory: the chunk exists about five times on its way to the store, so ≈ 13 MB at the peak
 *   (plus the quarantine, at most DEFAULT_QUARANTINE_LIMIT txs ≈ 13 MB), well within a phone tab;
 * - per-call costs stay small against the work: each call pays one worker round trip, one
 *   IndexedDB transaction, one quarantine save and one graph insertMany (which settles the window's
 *   weights once per batch); validation alone runs at ~16,000 tx/s (ingest.ts), so a chunk is at
 *   least ~0.13 s of work, and the progress still moves several times a second;
 * - it is 8 times the pipeline's 256 signature checks in flight, so those batches stay full, and
 *   far below the 10,000-tx quarantine, so the few txs of a bundle cut by a boundary always fit.
 */
export const DEFAULT_CHUNK_RECORDS = 2048;

/** What readArchiveChunks needs of a file: a Blob or File (the Tangle controller's import), or anything with `size` and `slice` (tests). */
export interface ArchiveSource {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** One chunk of an archive file, in file order: yielded by readArchiveChunks to the Tangle controller's file import. */
export interface ArchiveChunk {
  /** An archive of this chunk's records (with the file's framing error, if this chunk carries it). */
  bytes: Uint8Array;
  /** The file position of the chunk's first record: add it to the positions of the chunk's report. */
  first: number;
  /** Whole records in the chunk (at most the chunk size). */
  records: number;
  /** Whole records the file holds up to its count: the sum of every chunk's `records`. */
  total: number;
  /**
   * Records the file's header announces (its count; 0 when the header is broken). More than `total`
   * when the file is cut short: the import says "announces N, holds M" instead of a quiet partial success.
   */
  announced: number;
  /** The network the file's header names (null for a format-1 file, or a broken header). */
  network: Network | null;
  /** The file's framing error in file positions, on the chunk that carries it (the last); else empty. */
  errors: ArchiveError[];
}

/**
 * Reads `source` (an archive file) as chunks of at most `chunkRecords` records, in order; always
 * at least one chunk. Throws TypeError/RangeError for bad arguments at once; the chunks reject if
 * the file cannot be read or changes size while it is read. Called by file import (the Tangle
 * controller).
 */
export function readArchiveChunks(source: ArchiveSource, chunkRecords: number = DEFAULT_CHUNK_RECORDS): AsyncGenerator<ArchiveChunk, void, undefined> {
  const s = source as Partial<ArchiveSource> | null;
  if (typeof s !== 'object' || s === null || typeof s.slice !== 'function') {
    throw new TypeError('source must be a Blob or an object with size and slice(start, end)');
  }
  if (!Number.isSafeInteger(s.size) || (s.size as number) < 0) {
    throw new TypeError(`source.size must be a whole number of bytes, got ${String(s.size)}`);
  }
  if (!Number.isSafeInteger(chunkRecords) || chunkRecords < 1) {
    throw new RangeError(`chunkRecords must be a positive integer, got ${String(chunkRecords)}`);
  }
  return _chunks(source, chunkRecords);
}

async function* _chunks(source: ArchiveSource, chunkRecords: number): AsyncGenerator<ArchiveChunk, void, undefined> {
  const size = source.size;
  const head = await _read(source, 0, Math.min(size, ARCHIVE_HEADER_SIZE));
  // The header is judged once, as decodeArchive judges it, so a bad magic, a malformed network or a
  // short file gets exactly its verdict; every chunk then carries the same header (same format and
  // network), so the replica checks the network of each.
  const header = readArchiveHeader(head);
  if (isArchiveError(header)) {
    yield { bytes: head, first: 0, records: 0, total: 0, announced: 0, network: null, errors: [header] };
    return;
  }
  const { count, headerSize, network } = header;
  // The same arithmetic as decodeArchive: the count is only a claim, the bytes decide.
  const available = Math.floor((size - headerSize) / ARCHIVE_RECORD_SIZE);
  const whole = Math.min(count, available);
  const end = headerSize + whole * ARCHIVE_RECORD_SIZE;
  const error: ArchiveError | null =
    whole < count
      ? { reason: 'TRUNCATED', position: whole, offset: end }
      : end < size
        ? { reason: 'GARBAGE', position: count, offset: end }
        : null;
  for (let first = 0; ; first += chunkRecords) {
    const records = Math.min(chunkRecords, whole - first);
    const last = first + records === whole;
    const carried = last && error ? error : null;
    // The last chunk re-creates the file's framing error for decodeArchive: a count one past its
    // records for TRUNCATED, one of the stray bytes for GARBAGE (one is enough to be reported;
    // more would only cost memory, the stray part can be as large as the file).
    const claimed = records + (carried?.reason === 'TRUNCATED' ? 1 : 0);
    const stray = carried?.reason === 'GARBAGE' ? 1 : 0;
    // Read from the header's length before the first record and write the header over those
    // bytes: the chunk is one buffer, read once, never copied (it is then transferred to the worker).
    const from = first * ARCHIVE_RECORD_SIZE;
    const bytes = await _read(source, from, headerSize + (first + records) * ARCHIVE_RECORD_SIZE + stray);
    writeArchiveHeader(bytes, network, claimed);
    yield { bytes, first, records, total: whole, announced: count, network, errors: carried ? [carried] : [] };
    if (last) return;
  }
}

async function _read(source: ArchiveSource, start: number, end: number): Promise<Uint8Array> {
  const buffer = await source.slice(start, end).arrayBuffer();
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== end - start) {
    // A File read after it shrank on disk, or a source whose slice lies: never import a shifted frame.
    const got = buffer instanceof ArrayBuffer ? `${buffer.byteLength} bytes` : 'no ArrayBuffer';
    throw new Error(`the file changed while it was read: bytes ${start} to ${end} came back as ${got}`);
  }
  return new Uint8Array(buffer);
}
