// Kerl: the ternary sponge over Keccak-384 (reference implementation, plain and slow on purpose).
// Spec: IOTA Kerl (iotaledger/kerl IOTA-Kerl-spec.md), as fixed by docs/design.md "Proof of work
// (Kerl-PoW v1)". Keccak-384 with the ORIGINAL Keccak padding (0x01; noble's keccak_384), not
// SHA3-384. Absorb converts each 243-trit block to 48 bytes (trit 242 zeroed). Squeeze converts the
// digest to trits, then flips every bit of the RAW 48-byte digest, resets Keccak and absorbs the
// flipped bytes, so the next block continues the chain.
import { keccak_384 } from '@noble/hashes/sha3.js';
import { _assertInt8Array, _assertTritValues } from './_assert.ts';
import { HASH_BYTES, HASH_TRITS, bytesToTrits, tritsToBytes } from './convert.ts';

type _Keccak = ReturnType<typeof keccak_384.create>;

/** The Kerl sponge. Used by the pow reference (powHashRef), the vector suites and the differential tests. */
export class Kerl {
  private _keccak: _Keccak = keccak_384.create();

  /** Forgets everything absorbed so far. */
  reset(): void {
    this._keccak = keccak_384.create();
  }

  /** Absorbs whole 243-trit blocks; trit 242 of each block is ignored, as the spec requires. */
  absorb(trits: Int8Array): void {
    _assertInt8Array(trits, 'trits');
    _assertBlocks(trits.length, 'trits length');
    _assertTritValues(trits, 'trits');
    for (let offset = 0; offset < trits.length; offset += HASH_TRITS) {
      const block = trits.slice(offset, offset + HASH_TRITS);
      block[HASH_TRITS - 1] = 0;
      this._keccak.update(tritsToBytes(block));
    }
  }

  /** Squeezes `length` trits (a positive multiple of 243); trit 242 of each block is always 0. */
  squeeze(length: number): Int8Array {
    _assertBlocks(length, 'length');
    const out = new Int8Array(length);
    for (let offset = 0; offset < length; offset += HASH_TRITS) {
      const digest = this._keccak.digest();
      out.set(bytesToTrits(digest), offset);
      // The chain continues from the raw digest, not from its trit-adjusted form.
      const flipped = new Uint8Array(HASH_BYTES);
      for (let i = 0; i < HASH_BYTES; i++) flipped[i] = ~digest[i] & 0xff;
      this._keccak = keccak_384.create();
      this._keccak.update(flipped);
    }
    return out;
  }
}

function _assertBlocks(length: number, name: string): void {
  if (!Number.isSafeInteger(length) || length <= 0 || length % HASH_TRITS !== 0) {
    throw new RangeError(`${name} must be a positive multiple of ${HASH_TRITS}, got ${length}`);
  }
}
