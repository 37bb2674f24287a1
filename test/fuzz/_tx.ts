// Raw tx crafting for the fuzz campaign (layout: web/core/tx/layout.ts; docs/design.md
// "Transactions and bundles"). Fields are written as bytes, never through encodeTx, so a mutant can hold any value a
// peer could send (version 0, index 0xffff, a u64 past 2^53). Honest bundles are built the way the
// README describes them: essences, the bundle hash (BLAKE2b-256 over every member's bytes before the
// bundle field, in index order), one Ed25519 signature on the tail, then attachment head to tail
// with PoW. PoW search is injected (the WASM core's, at a small MWM).
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import {
  ATTACHED_AT_OFFSET,
  BRANCH_OFFSET,
  BUNDLE_OFFSET,
  HASH_LENGTH,
  INDEX_OFFSET,
  ISSUED_AT_OFFSET,
  ISSUER_OFFSET,
  KIND_OFFSET,
  LAST_INDEX_OFFSET,
  NONCE_OFFSET,
  PAYLOAD_LENGTH_OFFSET,
  PAYLOAD_OFFSET,
  SIGNATURE_LENGTH,
  SIGNATURE_OFFSET,
  TAG_OFFSET,
  TRUNK_OFFSET,
  TX_SIZE,
  TX_VERSION,
  VERSION_OFFSET,
} from '../../web/core/tx/layout.ts';

/** Bytes to lowercase hex and back; the genesis id in hex. Used by every fuzz file. */
export const hex = bytesToHex;
export const fromHex = hexToBytes;
export const GENESIS_HEX = '00'.repeat(HASH_LENGTH);

/** BLAKE2b-256. */
function _blake(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: HASH_LENGTH });
}

/** The tx id: BLAKE2b-256 of all its bytes. Called by the generators, the runner and the pinned cases. */
export function idOf(tx: Uint8Array): Uint8Array {
  return _blake(tx);
}

/** The PoW digest: BLAKE2b-256 of the bytes before the nonce. Called by rework, attach and the pinned cases. */
export function digestOf(tx: Uint8Array): Uint8Array {
  return _blake(tx.subarray(0, NONCE_OFFSET));
}

/** Little-endian field access (u16, u64 as bigint, 32-byte fields as copies). Called by the generators and the runner. */
export function getU16(b: Uint8Array, off: number): number {
  return b[off] | (b[off + 1] << 8);
}

export function putU16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
}

export function getU64(b: Uint8Array, off: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[off + i]);
  return v;
}

export function putU64(b: Uint8Array, off: number, v: bigint | number): void {
  let x = BigInt.asUintN(64, BigInt(v));
  for (let i = 0; i < 8; i++) {
    b[off + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

export function get32(b: Uint8Array, off: number): Uint8Array {
  return b.slice(off, off + HASH_LENGTH);
}

/** The fields the generators read often, decoded once. Called by the generators. */
export function view(tx: Uint8Array) {
  return {
    index: getU16(tx, INDEX_OFFSET),
    lastIndex: getU16(tx, LAST_INDEX_OFFSET),
    issuer: get32(tx, ISSUER_OFFSET),
    bundle: get32(tx, BUNDLE_OFFSET),
    trunk: get32(tx, TRUNK_OFFSET),
    branch: get32(tx, BRANCH_OFFSET),
    attachedAt: getU64(tx, ATTACHED_AT_OFFSET),
    issuedAt: getU64(tx, ISSUED_AT_OFFSET),
    payloadLength: getU16(tx, PAYLOAD_LENGTH_OFFSET),
  };
}

/** A signing key whose secret the fuzz knows, so it can re-sign mutated bundles. */
export interface FuzzKey {
  readonly name: string;
  readonly secret: Uint8Array;
  readonly publicKey: Uint8Array;
}

function _key(name: string, fill: number): FuzzKey {
  const secret = new Uint8Array(32).fill(fill);
  return { name, secret, publicKey: ed25519.getPublicKey(secret) };
}

/** The issuers of the generated Tangles (test keys, fixed secrets). Used by the generators and the pinned cases. */
export const KEYS: readonly FuzzKey[] = [_key('k1', 0x11), _key('k2', 0x22), _key('k3', 0x33)];

/** The known key whose public key is `pub`, if any: the generators re-sign with it. */
export function keyFor(pub: Uint8Array): FuzzKey | undefined {
  const h = hex(pub);
  return KEYS.find((k) => hex(k.publicKey) === h);
}

/** Finds a nonce of weight >= mwm for a PoW digest (the WASM core's search). */
export type PowSearch = (digest: Uint8Array, mwm: number) => bigint;

/** What all members of an honest bundle share, and one payload per member. */
export interface EssenceSpec {
  kind: number;
  issuer: Uint8Array;
  tag: Uint8Array;
  issuedAt: number;
  payloads: Uint8Array[];
  /** Written as every member's last index; payloads.length - 1 by default. */
  lastIndex?: number;
}

/** Unattached txs 0..n-1 with their essences; bundle, attachment, signature and nonce zero. Called by the generators and the pinned cases. */
export function essences(spec: EssenceSpec): Uint8Array[] {
  const last = spec.lastIndex ?? spec.payloads.length - 1;
  return spec.payloads.map((payload, i) => {
    const b = new Uint8Array(TX_SIZE);
    b[VERSION_OFFSET] = TX_VERSION;
    b[KIND_OFFSET] = spec.kind;
    putU16(b, INDEX_OFFSET, i);
    putU16(b, LAST_INDEX_OFFSET, last);
    b.set(spec.issuer, ISSUER_OFFSET);
    b.set(spec.tag, TAG_OFFSET);
    putU64(b, ISSUED_AT_OFFSET, spec.issuedAt);
    putU16(b, PAYLOAD_LENGTH_OFFSET, payload.length);
    b.set(payload, PAYLOAD_OFFSET);
    return b;
  });
}

/** BLAKE2b-256 over each member's bytes before the bundle field, in the order given. */
function _bundleHash(txs: readonly Uint8Array[]): Uint8Array {
  return _blake(concatBytes(...txs.map((t) => t.subarray(0, BUNDLE_OFFSET))));
}

/** Signs with the key's secret (RFC 8032 Ed25519). Called by the generators and the pinned cases. */
export function sign(key: FuzzKey, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, key.secret);
}

/**
 * Copies of `txs` with the bundle hash (over the copies, in array order) in every member and the
 * tail's (txs[0]) signature by `signer`; the other members' signatures are left as they are.
 * Called by the generators and the pinned cases.
 */
export function seal(txs: readonly Uint8Array[], signer: (message: Uint8Array) => Uint8Array): Uint8Array[] {
  const out = txs.map((t) => t.slice());
  const hash = _bundleHash(out);
  for (const t of out) t.set(hash, BUNDLE_OFFSET);
  out[0].set(signer(hash), SIGNATURE_OFFSET);
  return out;
}

/** A copy of `tx` with a fresh nonce for its current bytes. Called by the generators and the pinned cases. */
export function rework(tx: Uint8Array, pow: PowSearch, mwm: number): Uint8Array {
  const out = tx.slice();
  putU64(out, NONCE_OFFSET, pow(digestOf(out), mwm));
  return out;
}

/**
 * Attaches `txs` head to tail, as the README says: tx i approves tx i+1 as its trunk, the head
 * approves `trunk` (by default its own current trunk), every member keeps or takes `branch` and
 * `attachedAt`; each gets PoW. Returns copies. Called by the generators, the runner's follow-up
 * bundle and the pinned cases.
 */
export function attach(
  txs: readonly Uint8Array[],
  pow: PowSearch,
  mwm: number,
  o: { trunk?: Uint8Array; branch?: Uint8Array; attachedAt?: number | bigint } = {},
): Uint8Array[] {
  const out = txs.map((t) => t.slice());
  let next: Uint8Array = o.trunk ?? get32(out[out.length - 1], TRUNK_OFFSET);
  for (let i = out.length - 1; i >= 0; i--) {
    const t = out[i];
    t.set(next, TRUNK_OFFSET);
    if (o.branch) t.set(o.branch, BRANCH_OFFSET);
    if (o.attachedAt !== undefined) putU64(t, ATTACHED_AT_OFFSET, o.attachedAt);
    putU64(t, NONCE_OFFSET, pow(digestOf(t), mwm));
    next = idOf(t);
  }
  return out;
}

/** Zero signature bytes: what every member but the tail carries. */
export const NO_SIGNATURE = new Uint8Array(SIGNATURE_LENGTH);

// --- Torsion-crafted Ed25519 (RFC 8032 section 5.1.7 allows a verifier to check either the
// cofactored equation [8][S]B = [8]R + [8][k]A or the cofactorless [S]B = R + [k]A; a point with a
// small-order component tells the two apart). Used by the torsion operators.

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const Point = ed25519.Point;
/** A point of order 8 (a known small-order encoding; checked below). */
const T8 = Point.fromBytes(hexToBytes('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
if (!T8.multiplyUnsafe(8n).is0() || T8.multiplyUnsafe(4n).is0()) throw new Error('T8 is not of order 8');

function _le(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

function _leToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/**
 * A signature of `message` by `key` whose R has an order-8 component (R = rB + T8), or, with
 * `torsionKey`, made for the issuer key A + T8 (torsionPublicKey). Valid under the cofactored
 * equation, invalid under the cofactorless one (always for R; for A unless 8 divides k). Called by
 * the torsion operator and the known-defect cases.
 */
export function torsionSign(key: FuzzKey, message: Uint8Array, nonceSeed: Uint8Array, torsionKey = false): Uint8Array {
  const { scalar } = ed25519.utils.getExtendedPublicKey(key.secret);
  const r = (_leToBig(sha512(nonceSeed)) % (L - 1n)) + 1n;
  let R = Point.BASE.multiply(r);
  if (!torsionKey) R = R.add(T8);
  const A = torsionKey ? torsionPublicKey(key) : key.publicKey;
  const Rb = R.toBytes();
  const k = _leToBig(sha512(concatBytes(Rb, A, message))) % L;
  const S = (r + k * scalar) % L;
  return concatBytes(Rb, _le(S));
}

/** The issuer key A + T8 of `key`: a valid point encoding, not of small order, not in the prime-order subgroup. */
export function torsionPublicKey(key: FuzzKey): Uint8Array {
  return Point.fromBytes(key.publicKey).add(T8).toBytes();
}
