// Single-field readers for a v1 tx (layout: ./layout.ts). The validator and the replica call these
// on hot paths, so they read one field without decoding the rest. Each checks that it was given a
// whole tx; none checks the field's meaning (that is web/core/validate's job). Byte fields come back
// as subarray views (cheap, for comparing and hashing); copy them before keeping or storing them.
import { _assertTx, _u16, _u64BigInt, _u64Number } from './_bytes.ts';
import {
  ATTACHED_AT_OFFSET,
  BRANCH_LENGTH,
  BRANCH_OFFSET,
  BUNDLE_LENGTH,
  BUNDLE_OFFSET,
  INDEX_OFFSET,
  ISSUED_AT_OFFSET,
  ISSUER_LENGTH,
  ISSUER_OFFSET,
  KIND_OFFSET,
  LAST_INDEX_OFFSET,
  NONCE_OFFSET,
  PAYLOAD_LENGTH_OFFSET,
  SIGNATURE_LENGTH,
  SIGNATURE_OFFSET,
  TAG_LENGTH,
  TAG_OFFSET,
  TRUNK_LENGTH,
  TRUNK_OFFSET,
  VERSION_OFFSET,
} from './layout.ts';

/** The VERSION byte. Called by validation. */
export function readVersion(bytes: Uint8Array): number {
  _assertTx(bytes);
  return bytes[VERSION_OFFSET];
}

/** The KIND byte. Called by validation and the replica's indexes. */
export function readKind(bytes: Uint8Array): number {
  _assertTx(bytes);
  return bytes[KIND_OFFSET];
}

/** The INDEX field. Called by validation and bundle assembly. */
export function readIndex(bytes: Uint8Array): number {
  _assertTx(bytes);
  return _u16(bytes, INDEX_OFFSET);
}

/** The LAST_INDEX field. Called by validation and bundle assembly. */
export function readLastIndex(bytes: Uint8Array): number {
  _assertTx(bytes);
  return _u16(bytes, LAST_INDEX_OFFSET);
}

/** The issuer's public key (a view). Called by validation (signature check) and the replica. */
export function readIssuer(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return bytes.subarray(ISSUER_OFFSET, ISSUER_OFFSET + ISSUER_LENGTH);
}

/** The tag (a view). Called by validation and the replica's tag index. */
export function readTag(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return bytes.subarray(TAG_OFFSET, TAG_OFFSET + TAG_LENGTH);
}

/** ISSUED_AT in ms (past 2^53 the nearest double: far future, rejected by validation). Called by validation and the replica. */
export function readIssuedAt(bytes: Uint8Array): number {
  _assertTx(bytes);
  return _u64Number(bytes, ISSUED_AT_OFFSET);
}

/** The PAYLOAD_LENGTH field as written (may exceed MAX_PAYLOAD in hostile bytes). Called by validation and bundlePayload. */
export function readPayloadLength(bytes: Uint8Array): number {
  _assertTx(bytes);
  return _u16(bytes, PAYLOAD_LENGTH_OFFSET);
}

/** The bundle hash (a view). Called by validation, bundle assembly and the replica. */
export function readBundle(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return bytes.subarray(BUNDLE_OFFSET, BUNDLE_OFFSET + BUNDLE_LENGTH);
}

/** The trunk id (a view). Called by validation, the replica and the walk. */
export function readTrunk(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return bytes.subarray(TRUNK_OFFSET, TRUNK_OFFSET + TRUNK_LENGTH);
}

/** The branch id (a view). Called by validation, the replica and the walk. */
export function readBranch(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return bytes.subarray(BRANCH_OFFSET, BRANCH_OFFSET + BRANCH_LENGTH);
}

/** ATTACHED_AT in ms (as readIssuedAt). Called by validation, the replica and sync reconciliation. */
export function readAttachedAt(bytes: Uint8Array): number {
  _assertTx(bytes);
  return _u64Number(bytes, ATTACHED_AT_OFFSET);
}

/** The signature (a view; all zero outside the tail). Called by validation. */
export function readSignature(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return bytes.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH);
}

/** The nonce (u64). Called by validation (PoW weight). */
export function readNonce(bytes: Uint8Array): bigint {
  _assertTx(bytes);
  return _u64BigInt(bytes, NONCE_OFFSET);
}
