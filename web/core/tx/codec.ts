// Encoding and decoding a whole v1 tx (layout: ./layout.ts; docs/design.md "Transactions and bundles").
// encodeTx checks every field at the boundary and throws TypeError/RangeError naming the field;
// decodeTx checks the layout (length, version, payload length, zero padding, timestamp range) and
// throws TxFormatError with a reason code. Semantic rules (kinds, indices, signature placement,
// PoW, time bounds) belong to web/core/validate, so tests can encode bad txs on purpose.
import {
  _assertBytes,
  _assertNonce,
  _assertTime,
  _assertUint,
  _isZero,
  _putU16,
  _putU64BigInt,
  _putU64Number,
  _u16,
  _u64BigInt,
  _u64Number,
} from './_bytes.ts';
import { TxFormatError } from './errors.ts';
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
  MAX_PAYLOAD,
  NONCE_OFFSET,
  PAYLOAD_LENGTH_OFFSET,
  PAYLOAD_OFFSET,
  SIGNATURE_LENGTH,
  SIGNATURE_OFFSET,
  TAG_LENGTH,
  TAG_OFFSET,
  TRUNK_LENGTH,
  TRUNK_OFFSET,
  TX_SIZE,
  TX_VERSION,
  VERSION_OFFSET,
} from './layout.ts';

/** All fields of a tx, decoded. Byte fields are copies, never views of the tx. */
export interface TxFields {
  version: number;
  kind: number;
  index: number;
  lastIndex: number;
  issuer: Uint8Array;
  tag: Uint8Array;
  issuedAt: number;
  payload: Uint8Array;
  bundle: Uint8Array;
  trunk: Uint8Array;
  branch: Uint8Array;
  attachedAt: number;
  signature: Uint8Array;
  nonce: bigint;
}

const U8_MAX = 0xff;
const U16_MAX = 0xffff;

/** Writes `fields` as TX_SIZE bytes. Called by buildBundle, tests and tools that craft txs. */
export function encodeTx(fields: TxFields): Uint8Array {
  if (typeof fields !== 'object' || fields === null) throw new TypeError('fields must be an object');
  const f = fields;
  if (f.version !== TX_VERSION) throw new RangeError(`fields.version must be ${TX_VERSION}, got ${String(f.version)}`);
  _assertUint(f.kind, U8_MAX, 'fields.kind');
  _assertUint(f.index, U16_MAX, 'fields.index');
  _assertUint(f.lastIndex, U16_MAX, 'fields.lastIndex');
  _assertBytes(f.issuer, ISSUER_LENGTH, 'fields.issuer');
  _assertBytes(f.tag, TAG_LENGTH, 'fields.tag');
  _assertTime(f.issuedAt, 'fields.issuedAt');
  if (!(f.payload instanceof Uint8Array)) throw new TypeError('fields.payload must be a Uint8Array');
  if (f.payload.length > MAX_PAYLOAD) {
    throw new RangeError(`fields.payload must be at most ${MAX_PAYLOAD} bytes, got ${f.payload.length}`);
  }
  _assertBytes(f.bundle, BUNDLE_LENGTH, 'fields.bundle');
  _assertBytes(f.trunk, TRUNK_LENGTH, 'fields.trunk');
  _assertBytes(f.branch, BRANCH_LENGTH, 'fields.branch');
  _assertTime(f.attachedAt, 'fields.attachedAt');
  _assertBytes(f.signature, SIGNATURE_LENGTH, 'fields.signature');
  _assertNonce(f.nonce, 'fields.nonce');

  const b = new Uint8Array(TX_SIZE); // zero-filled: the payload padding stays zero
  b[VERSION_OFFSET] = f.version;
  b[KIND_OFFSET] = f.kind;
  _putU16(b, INDEX_OFFSET, f.index);
  _putU16(b, LAST_INDEX_OFFSET, f.lastIndex);
  b.set(f.issuer, ISSUER_OFFSET);
  b.set(f.tag, TAG_OFFSET);
  _putU64Number(b, ISSUED_AT_OFFSET, f.issuedAt);
  _putU16(b, PAYLOAD_LENGTH_OFFSET, f.payload.length);
  b.set(f.payload, PAYLOAD_OFFSET);
  b.set(f.bundle, BUNDLE_OFFSET);
  b.set(f.trunk, TRUNK_OFFSET);
  b.set(f.branch, BRANCH_OFFSET);
  _putU64Number(b, ATTACHED_AT_OFFSET, f.attachedAt);
  b.set(f.signature, SIGNATURE_OFFSET);
  _putU64BigInt(b, NONCE_OFFSET, f.nonce);
  return b;
}

/** Reads every field of a v1 tx; throws TxFormatError for a malformed one. Called by the record layer, tools and tests. */
export function decodeTx(bytes: Uint8Array): TxFields {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  if (bytes.length < TX_SIZE) throw new TxFormatError('TRUNCATED', `a tx is ${TX_SIZE} bytes, got ${bytes.length}`);
  if (bytes.length > TX_SIZE) throw new TxFormatError('OVERSIZED', `a tx is ${TX_SIZE} bytes, got ${bytes.length}`);
  const version = bytes[VERSION_OFFSET];
  if (version !== TX_VERSION) throw new TxFormatError('VERSION', `version ${version} is not ${TX_VERSION}`);
  const payloadLength = _u16(bytes, PAYLOAD_LENGTH_OFFSET);
  if (payloadLength > MAX_PAYLOAD) {
    throw new TxFormatError('PAYLOAD_LENGTH', `payload length ${payloadLength} is over ${MAX_PAYLOAD}`);
  }
  if (!_isZero(bytes, PAYLOAD_OFFSET + payloadLength, PAYLOAD_OFFSET + MAX_PAYLOAD)) {
    throw new TxFormatError('PADDING', 'the bytes after the payload must be zero');
  }
  const issuedAt = _u64Number(bytes, ISSUED_AT_OFFSET);
  const attachedAt = _u64Number(bytes, ATTACHED_AT_OFFSET);
  // A timestamp past 2^53 - 1 ms (year 287396) cannot round-trip through a number.
  if (!Number.isSafeInteger(issuedAt)) throw new TxFormatError('FUTURE_TIMESTAMP', 'issuedAt is past 2^53 - 1 ms');
  if (!Number.isSafeInteger(attachedAt)) throw new TxFormatError('FUTURE_TIMESTAMP', 'attachedAt is past 2^53 - 1 ms');
  return {
    version,
    kind: bytes[KIND_OFFSET],
    index: _u16(bytes, INDEX_OFFSET),
    lastIndex: _u16(bytes, LAST_INDEX_OFFSET),
    issuer: bytes.slice(ISSUER_OFFSET, ISSUER_OFFSET + ISSUER_LENGTH),
    tag: bytes.slice(TAG_OFFSET, TAG_OFFSET + TAG_LENGTH),
    issuedAt,
    payload: bytes.slice(PAYLOAD_OFFSET, PAYLOAD_OFFSET + payloadLength),
    bundle: bytes.slice(BUNDLE_OFFSET, BUNDLE_OFFSET + BUNDLE_LENGTH),
    trunk: bytes.slice(TRUNK_OFFSET, TRUNK_OFFSET + TRUNK_LENGTH),
    branch: bytes.slice(BRANCH_OFFSET, BRANCH_OFFSET + BRANCH_LENGTH),
    attachedAt,
    signature: bytes.slice(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH),
    nonce: _u64BigInt(bytes, NONCE_OFFSET),
  };
}
