// The transaction layout, version 1 (docs/design.md "The ledger", "Transactions and bundles"): the field
// table, encode/decode, the id and PoW essence, and single-field readers. Pure TypeScript, no I/O.
// Internal helpers (files starting with `_`) stay private.
export * from './layout.ts';
export { TxFormatError } from './errors.ts';
export type { TxFormatReason } from './errors.ts';
export { encodeTx, decodeTx } from './codec.ts';
export type { TxFields } from './codec.ts';
export { txId, idKey, powEssence, withAttachment } from './id.ts';
export type { Attachment } from './id.ts';
export {
  readVersion,
  readKind,
  readIndex,
  readLastIndex,
  readIssuer,
  readTag,
  readIssuedAt,
  readPayloadLength,
  readBundle,
  readTrunk,
  readBranch,
  readAttachedAt,
  readSignature,
  readNonce,
} from './read.ts';
