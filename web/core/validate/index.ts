// Validation of everything that arrives (docs/design.md "Validation of everything that arrives"): reason
// codes, stateless tx checks, the archive framing (whole, or read from a file in chunks), structural
// Ed25519 checks and the ingest pipeline with its bounded quarantine. Pure TypeScript: PoW weight,
// signature verification, the clock and the replica are injected. Internal helpers (files starting
// with `_`, names starting with `_`) stay private.
export { REASONS, REASON_CODES, reasonMessage } from './reasons.ts';
export type { Reason } from './reasons.ts';
export { MAX_DRIFT_MS, MIN_TIMESTAMP, DEFAULT_QUARANTINE_LIMIT, MAX_LISTED_REJECTIONS } from './params.ts';
export { validateTx } from './check.ts';
export type { TxCheck, TxCheckContext, TxRecord, CheckedTx } from './check.ts';
export { isCanonicalSignature, isWellFormedSignature, isValidPublicKey } from './signature.ts';
export {
  ARCHIVE_MAGIC,
  ARCHIVE_MAGIC_V1,
  ARCHIVE_HEADER_SIZE,
  ARCHIVE_HEADER_SIZE_V1,
  ARCHIVE_RECORD_SIZE,
  MAX_ARCHIVE_RECORDS,
  encodeArchive,
  decodeArchive,
  readArchiveHeader,
  writeArchiveHeader,
  isArchiveError,
} from './archive.ts';
export type { ArchiveError, ArchiveHeader, ArchiveRecord } from './archive.ts';
export { DEFAULT_CHUNK_RECORDS, readArchiveChunks } from './archive-chunks.ts';
export type { ArchiveChunk, ArchiveSource } from './archive-chunks.ts';
export { IngestPipeline } from './ingest.ts';
export type { IngestContext, IngestResult, Rejection, ReplicaLookup, VerifyFn } from './ingest.ts';
