// Kerl's conversion between 243 balanced trits and a 48-byte integer.
// Spec: IOTA Kerl (iotaledger/kerl IOTA-Kerl-spec.md; iota.go kerl/converter.go), as used by
// docs/design.md "Proof of work (Kerl-PoW v1)". Trits are little-endian balanced ternary; bytes are a
// 384-bit two's-complement big-endian integer. Trit 242 carries no information: it is zeroed before
// conversion to bytes and is always 0 after conversion back. Written with bigint for clarity; the
// fast path lives in the WASM core.
import { _assertBytes, _assertInt8Array, _assertLength, _assertTritValues } from './_assert.ts';

/** Trits in one Kerl block (one hash). */
export const HASH_TRITS = 243;
/** Bytes in one Kerl block: 384 bits. */
export const HASH_BYTES = 48;

const _BITS = BigInt(HASH_BYTES * 8);
const _TWO_POW_BITS = 1n << _BITS;
const _SIGN_BIT = 1n << (_BITS - 1n);
// Only trits 0..241 carry value: the integer lives modulo 3^242.
const _VALUE_TRITS = HASH_TRITS - 1;
const _MODULUS = 3n ** BigInt(_VALUE_TRITS);
const _HALF = (_MODULUS - 1n) / 2n; // largest value representable by 242 balanced trits

/** 243 trits -> 48 bytes, trit 242 ignored (zeroed). Called by Kerl.absorb and the vector suites. */
export function tritsToBytes(trits: Int8Array): Uint8Array {
  _assertInt8Array(trits, 'trits');
  _assertLength(trits.length, HASH_TRITS, 'trits');
  _assertTritValues(trits, 'trits');
  let value = 0n;
  for (let i = _VALUE_TRITS - 1; i >= 0; i--) value = value * 3n + BigInt(trits[i]);
  // |value| <= _HALF < 2^383, so the two's-complement form fits in 384 bits.
  let unsigned = value < 0n ? value + _TWO_POW_BITS : value;
  const out = new Uint8Array(HASH_BYTES);
  for (let i = HASH_BYTES - 1; i >= 0; i--) {
    out[i] = Number(unsigned & 0xffn);
    unsigned >>= 8n;
  }
  return out;
}

/**
 * 48 bytes -> 243 trits: the signed value reduced to its representative in [-_HALF, _HALF] modulo
 * 3^242, so trit 242 is always 0. Called by Kerl.squeeze and the vector suites.
 */
export function bytesToTrits(bytes: Uint8Array): Int8Array {
  _assertBytes(bytes, 'bytes');
  _assertLength(bytes.length, HASH_BYTES, 'bytes');
  let value = 0n;
  for (let i = 0; i < HASH_BYTES; i++) value = (value << 8n) | BigInt(bytes[i]);
  if (value & _SIGN_BIT) value -= _TWO_POW_BITS;
  let r = ((value % _MODULUS) + _MODULUS) % _MODULUS;
  if (r > _HALF) r -= _MODULUS;
  const out = new Int8Array(HASH_TRITS);
  for (let i = 0; i < _VALUE_TRITS; i++) {
    const digit = ((r % 3n) + 3n) % 3n; // 0, 1 or 2
    const t = digit === 2n ? -1n : digit;
    out[i] = Number(t);
    r = (r - t) / 3n;
  }
  return out;
}
