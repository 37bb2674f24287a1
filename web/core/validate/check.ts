// Stateless checks of one tx (docs/design.md "Validation of everything that arrives"), cheapest and most
// basic first, so the reason names the first thing wrong and hostile bytes cost little:
//   framing/size → version → kind → index → payload length → padding → signature placement →
//   timestamps (issued, attached, attached-before-issued) → PoW (ctx.powWeight) → id.
// PoW comes before the id because a tx without work should not cost a second full hash; the id
// comes last because it covers every byte checked before it. Bundle-level checks (chain, hash,
// signature) live in ./ingest.ts.
import { powDigest } from '../pow/index.ts';
import {
  HASH_LENGTH,
  MAX_BUNDLE_TXS,
  MAX_PAYLOAD,
  PAYLOAD_OFFSET,
  SIGNATURE_LENGTH,
  SIGNATURE_OFFSET,
  TX_SIZE,
  TX_VERSION,
  isKnownKind,
  powEssence,
  readAttachedAt,
  readBranch,
  readBundle,
  readIndex,
  readIssuedAt,
  readIssuer,
  readKind,
  readLastIndex,
  readNonce,
  readPayloadLength,
  readTag,
  readTrunk,
  readVersion,
  txId,
} from '../tx/index.ts';
import { MAX_DRIFT_MS, MIN_TIMESTAMP } from './params.ts';
import type { Reason } from './reasons.ts';

/** What validateTx needs: the network's MWM, a clock, and a PoW weight function (the WASM core's). */
export interface TxCheckContext {
  mwm: number;
  now(): number;
  powWeight(digest: Uint8Array, nonce: bigint): number;
  /**
   * A faster BLAKE2b-256 of a whole tx: `digest` of its bytes before the nonce (the PoW digest) and
   * `id` of all of it (the WASM core's txHashes). Optional: web/core's own (noble) is the default.
   */
  txHashes?(bytes: Uint8Array): { digest: Uint8Array; id: Uint8Array };
  /** A faster BLAKE2b-256 for bundle hashes (the WASM core's). Optional, as above. */
  blake2b256?(data: Uint8Array): Uint8Array;
}

/** A tx as it arrives: its bytes and, from an archive or a peer, the id it claims. */
export interface TxRecord {
  id?: Uint8Array;
  bytes: Uint8Array;
}

/** A tx that passed every stateless check; byte fields are views of `bytes`. */
export interface CheckedTx {
  ok: true;
  id: Uint8Array;
  bytes: Uint8Array;
  kind: number;
  index: number;
  lastIndex: number;
  issuer: Uint8Array;
  tag: Uint8Array;
  issuedAt: number;
  bundle: Uint8Array;
  trunk: Uint8Array;
  branch: Uint8Array;
  attachedAt: number;
}

/** The outcome of validateTx. */
export type TxCheck = CheckedTx | { ok: false; reason: Reason };

/** Runs the stateless checks on one record. Called by IngestPipeline and by tests. */
export function validateTx(record: TxRecord, ctx: TxCheckContext): TxCheck {
  _assertContext(ctx);
  if (typeof record !== 'object' || record === null) throw new TypeError('record must be an object');
  const { bytes, id } = record;
  if (!(bytes instanceof Uint8Array) || (id !== undefined && !(id instanceof Uint8Array))) return _fail('GARBAGE');
  if (bytes.length < TX_SIZE) return _fail('TRUNCATED');
  if (bytes.length > TX_SIZE) return _fail('OVERSIZED');

  if (readVersion(bytes) !== TX_VERSION) return _fail('VERSION');
  const kind = readKind(bytes);
  if (!isKnownKind(kind)) return _fail('KIND');
  const index = readIndex(bytes);
  const lastIndex = readLastIndex(bytes);
  if (lastIndex >= MAX_BUNDLE_TXS || index > lastIndex) return _fail('INDEX');
  const payloadLength = readPayloadLength(bytes);
  if (payloadLength > MAX_PAYLOAD) return _fail('PAYLOAD_LENGTH');
  if (!_isZero(bytes, PAYLOAD_OFFSET + payloadLength, PAYLOAD_OFFSET + MAX_PAYLOAD)) return _fail('PADDING');
  const unsigned = _isZero(bytes, SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH);
  if (index === 0 && unsigned) return _fail('SIGNATURE_MISSING');
  if (index !== 0 && !unsigned) return _fail('SIGNATURE_PLACEMENT');

  const now = ctx.now();
  const issuedAt = readIssuedAt(bytes);
  const attachedAt = readAttachedAt(bytes);
  if (issuedAt > now + MAX_DRIFT_MS) return _fail('FUTURE_TIMESTAMP');
  if (issuedAt < MIN_TIMESTAMP) return _fail('PAST_TIMESTAMP');
  if (attachedAt > now + MAX_DRIFT_MS) return _fail('FUTURE_TIMESTAMP');
  if (attachedAt < MIN_TIMESTAMP) return _fail('PAST_TIMESTAMP');
  if (attachedAt < issuedAt) return _fail('ATTACHED_BEFORE_ISSUED');

  // With ctx.txHashes (the WASM core) both hashes come from one pass; without it, the id is hashed
  // only for txs that carry enough work.
  const hashes = ctx.txHashes?.(bytes);
  const weight = ctx.powWeight(hashes?.digest ?? powDigest(powEssence(bytes)), readNonce(bytes));
  if (!(weight >= ctx.mwm)) return _fail('POW');

  const actual = hashes?.id ?? txId(bytes);
  if (id !== undefined && (id.length !== HASH_LENGTH || !_equal(id, actual))) return _fail('ID_MISMATCH');

  return {
    ok: true,
    id: actual,
    bytes,
    kind,
    index,
    lastIndex,
    issuer: readIssuer(bytes),
    tag: readTag(bytes),
    issuedAt,
    bundle: readBundle(bytes),
    trunk: readTrunk(bytes),
    branch: readBranch(bytes),
    attachedAt,
  };
}

function _fail(reason: Reason): { ok: false; reason: Reason } {
  return { ok: false, reason };
}

function _isZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

function _equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks the context once per call: a wrong context is a programming error, not hostile input. */
export function _assertContext(ctx: unknown): asserts ctx is TxCheckContext {
  if (typeof ctx !== 'object' || ctx === null) throw new TypeError('ctx must be an object');
  const c = ctx as Partial<TxCheckContext>;
  if (typeof c.mwm !== 'number' || !Number.isInteger(c.mwm) || c.mwm < 1) {
    throw new RangeError(`ctx.mwm must be a positive integer, got ${String(c.mwm)}`);
  }
  if (typeof c.now !== 'function') throw new TypeError('ctx.now must be a function');
  if (typeof c.powWeight !== 'function') throw new TypeError('ctx.powWeight must be a function');
}
