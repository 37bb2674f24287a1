// A small, independent re-computation of "Kerl-PoW v1" (docs/design.md, "Proof of work") for the
// end-to-end test, so the test checks what the page shows against code that shares nothing with
// the app: BLAKE2b-256 and Keccak-384 from @noble/hashes, the ternary arithmetic in plain bigints.
//
//   digest = BLAKE2b-256(bytes)
//   input  = b1t6(digest) || b1t6(nonce as 8 bytes little-endian) || [0,0,0]      243 trits
//   hash   = Kerl(input)   (one absorb, one squeeze)
//   weight = number of zero trits from trit 0 up to the first non-zero trit
import { blake2b } from '@noble/hashes/blake2.js';
import { keccak_384 } from '@noble/hashes/sha3.js';

const TRITS = 243;
const ALPHABET = '9ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BIT_384 = 1n << 384n;
const SIGN_384 = 1n << 383n;
const MOD_242 = 3n ** 242n;
const HALF_242 = (MOD_242 - 1n) / 2n;

/** b1t6: each byte, read as a signed int8, becomes 6 balanced trits (little-endian). */
function _b1t6(bytes) {
  const out = [];
  for (const b of bytes) out.push(..._balancedTrits(BigInt(b >= 128 ? b - 256 : b), 6));
  return out;
}

/** The `count` balanced trits (little-endian) of v; v must fit. */
function _balancedTrits(v, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    let r = Number(((v % 3n) + 3n) % 3n);
    if (r === 2) r = -1;
    out.push(r);
    v = (v - BigInt(r)) / 3n;
  }
  if (v !== 0n) throw new RangeError(`value does not fit in ${count} trits`);
  return out;
}

/** 243 trits → the 48-byte big-endian two's-complement integer that Kerl absorbs (trit 242 ignored). */
function _tritsToBytes(trits) {
  let v = 0n;
  for (let i = TRITS - 2; i >= 0; i--) v = v * 3n + BigInt(trits[i]);
  if (v < 0n) v += BIT_384;
  const out = new Uint8Array(48);
  for (let i = 47; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** 48 bytes (signed 384-bit, big-endian) → 243 trits, reduced so that trit 242 is zero. */
function _bytesToTrits(bytes) {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (v >= SIGN_384) v -= BIT_384;
  v %= MOD_242;
  if (v > HALF_242) v -= MOD_242;
  if (v < -HALF_242) v += MOD_242;
  return [..._balancedTrits(v, TRITS - 1), 0];
}

/** Kerl over whole 243-trit blocks, one squeeze of 243 trits. */
export function kerl(trits) {
  if (trits.length === 0 || trits.length % TRITS !== 0) throw new RangeError('kerl: input must be whole 243-trit blocks');
  const blocks = [];
  for (let i = 0; i < trits.length; i += TRITS) blocks.push(_tritsToBytes(trits.slice(i, i + TRITS)));
  const all = new Uint8Array(blocks.length * 48);
  blocks.forEach((b, i) => all.set(b, i * 48));
  return _bytesToTrits(keccak_384(all));
}

export function tritsToTrytes(trits) {
  let s = '';
  for (let i = 0; i < trits.length; i += 3) {
    const v = trits[i] + 3 * trits[i + 1] + 9 * trits[i + 2];
    s += ALPHABET[v < 0 ? v + 27 : v];
  }
  return s;
}

export function trytesToTrits(trytes) {
  const out = [];
  for (const c of trytes) {
    const i = ALPHABET.indexOf(c);
    if (i < 0) throw new RangeError(`not a tryte: ${c}`);
    out.push(..._balancedTrits(BigInt(i > 13 ? i - 27 : i), 3));
  }
  return out;
}

/** The 243 input trits for a 32-byte digest and a u64 nonce: b1t6(digest) || b1t6(nonce LE) || 000. */
export function powInput(digest, nonce) {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new RangeError('digest must be 32 bytes');
  if (typeof nonce !== 'bigint' || nonce < 0n || nonce >= 1n << 64n) throw new RangeError('nonce must be a u64 bigint');
  const nonceBytes = new Uint8Array(8);
  new DataView(nonceBytes.buffer).setBigUint64(0, nonce, true);
  return [..._b1t6(digest), ..._b1t6(nonceBytes), 0, 0, 0];
}

/** Hash and weight of `nonce` (bigint, u64) for the message bytes, per Kerl-PoW v1. */
export function kerlPow(messageBytes, nonce) {
  const hash = kerl(powInput(blake2b(messageBytes, { dkLen: 32 }), nonce));
  let weight = 0;
  while (weight < TRITS && hash[weight] === 0) weight++;
  return { hashTrits: hash, hashTrytes: tritsToTrytes(hash), weight };
}
