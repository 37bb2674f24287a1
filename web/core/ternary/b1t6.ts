// b1t6: binary-to-ternary encoding, one byte as six trits.
// Spec: TIP-5 (iotaledger/tips TIP-0005, = protocol-rfcs RFC-0015). Each byte is read as a signed
// int8 v in [-128, 127] and written as 6 balanced trits, little-endian (two trytes, low one first).
// 6 trits hold [-364, 364], so decoding must reject groups outside [-128, 127].
import { _assertBytes, _assertInt8Array, _assertTritValues } from './_assert.ts';

/** Trits per encoded byte. */
export const B1T6_TRITS_PER_BYTE = 6;

/** Encodes bytes as 6 trits each. Called by the pow layout (powInputTrits) and the vector suites. */
export function b1t6Encode(bytes: Uint8Array): Int8Array {
  _assertBytes(bytes, 'bytes');
  const out = new Int8Array(bytes.length * B1T6_TRITS_PER_BYTE);
  for (let i = 0; i < bytes.length; i++) {
    let v = bytes[i] > 127 ? bytes[i] - 256 : bytes[i];
    for (let j = 0; j < B1T6_TRITS_PER_BYTE; j++) {
      const r = ((v % 3) + 3) % 3;
      const t = r === 2 ? -1 : r;
      out[i * B1T6_TRITS_PER_BYTE + j] = t;
      v = (v - t) / 3;
    }
  }
  return out;
}

/** Decodes 6-trit groups back to bytes, rejecting bad lengths and out-of-range groups. Called by tests. */
export function b1t6Decode(trits: Int8Array): Uint8Array {
  _assertInt8Array(trits, 'trits');
  if (trits.length % B1T6_TRITS_PER_BYTE !== 0) {
    throw new RangeError(`trits length must be a multiple of ${B1T6_TRITS_PER_BYTE}, got ${trits.length}`);
  }
  _assertTritValues(trits, 'trits');
  const out = new Uint8Array(trits.length / B1T6_TRITS_PER_BYTE);
  for (let g = 0; g < out.length; g++) {
    let v = 0;
    for (let j = B1T6_TRITS_PER_BYTE - 1; j >= 0; j--) v = v * 3 + trits[g * B1T6_TRITS_PER_BYTE + j];
    if (v < -128 || v > 127) {
      throw new RangeError(`trits group ${g} (trits ${g * B1T6_TRITS_PER_BYTE}..${g * B1T6_TRITS_PER_BYTE + 5}) has value ${v}, outside the int8 range [-128, 127]`);
    }
    out[g] = v & 0xff;
  }
  return out;
}
