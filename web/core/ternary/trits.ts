// Trytes <-> trits: the legacy IOTA tryte alphabet over balanced ternary.
// Spec: IOTA legacy trinary encoding (iota.go trinary, iota.js converter; vectors in
// test/vectors/trytes.json). Trits are little-endian: trit 0 is the least significant. A tryte is
// three trits t0 + 3*t1 + 9*t2 in [-13, 13]; '9' is 0, 'A'..'M' are 1..13, 'N'..'Z' are -13..-1.
import { _assertInt8Array, _assertTritValues } from './_assert.ts';

/** The 27 tryte characters, indexed by tryte value (negative values wrap by +27). */
export const TRYTE_ALPHABET = '9ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Trits per tryte. */
export const TRITS_PER_TRYTE = 3;

// Trits of each tryte character, little-endian: 81 entries, built once from the definition above.
const _TRITS_OF_TRYTE: Int8Array = (() => {
  const table = new Int8Array(TRYTE_ALPHABET.length * TRITS_PER_TRYTE);
  for (let index = 0; index < TRYTE_ALPHABET.length; index++) {
    let v = index > 13 ? index - 27 : index;
    for (let j = 0; j < TRITS_PER_TRYTE; j++) {
      const r = ((v % 3) + 3) % 3; // 0, 1 or 2
      const t = r === 2 ? -1 : r;
      table[index * TRITS_PER_TRYTE + j] = t;
      v = (v - t) / 3;
    }
  }
  return table;
})();

/** Decodes a tryte string to trits (3 per tryte). Called by tests, Kerl callers and the pow layout. */
export function trytesToTrits(trytes: string): Int8Array {
  if (typeof trytes !== 'string') throw new TypeError(`trytes must be a string, got ${typeof trytes}`);
  const out = new Int8Array(trytes.length * TRITS_PER_TRYTE);
  for (let i = 0; i < trytes.length; i++) {
    const index = TRYTE_ALPHABET.indexOf(trytes[i]);
    if (index < 0) {
      throw new RangeError(`trytes[${i}] = ${JSON.stringify(trytes[i])} is not a tryte (alphabet ${TRYTE_ALPHABET})`);
    }
    out.set(_TRITS_OF_TRYTE.subarray(index * TRITS_PER_TRYTE, (index + 1) * TRITS_PER_TRYTE), i * TRITS_PER_TRYTE);
  }
  return out;
}

/** Encodes trits (length a multiple of 3) as a tryte string. Called by tests and display code. */
export function tritsToTrytes(trits: Int8Array): string {
  _assertInt8Array(trits, 'trits');
  if (trits.length % TRITS_PER_TRYTE !== 0) {
    throw new RangeError(`trits length must be a multiple of ${TRITS_PER_TRYTE}, got ${trits.length}`);
  }
  _assertTritValues(trits, 'trits');
  let out = '';
  for (let i = 0; i < trits.length; i += TRITS_PER_TRYTE) {
    const v = trits[i] + 3 * trits[i + 1] + 9 * trits[i + 2];
    out += TRYTE_ALPHABET[v < 0 ? v + 27 : v];
  }
  return out;
}
