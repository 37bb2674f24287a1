// The Kerl-PoW v1 input (docs/design.md "Proof of work (Kerl-PoW v1)"; TIP-12 layout, TIP-5 b1t6):
// layout constants, the BLAKE2b-256 digest and where each field lands in the 243 trits.
import { expect } from 'chai';
import { blake2b as blake2bWasm } from 'hash-wasm';
import { bytesToHex } from '@noble/hashes/utils.js';
import { b1t6Encode } from '../../../web/core/ternary/index.ts';
import {
  DIGEST_BYTES,
  DIGEST_OFFSET,
  DIGEST_TRITS,
  NONCE_BYTES,
  NONCE_OFFSET,
  NONCE_TRITS,
  PAD_OFFSET,
  PAD_TRITS,
  POW_INPUT_TRITS,
  powDigest,
  powInputTrits,
} from '../../../web/core/pow/index.ts';

const digest = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

describe('Kerl-PoW v1 layout', function () {
  it('is 192 digest trits at 0, 48 nonce trits at 192, 3 zero trits at 240: one 243-trit block', function () {
    expect([DIGEST_BYTES, DIGEST_OFFSET, DIGEST_TRITS]).to.deep.equal([32, 0, 192]);
    expect([NONCE_BYTES, NONCE_OFFSET, NONCE_TRITS]).to.deep.equal([8, 192, 48]);
    expect([PAD_OFFSET, PAD_TRITS, POW_INPUT_TRITS]).to.deep.equal([240, 3, 243]);
  });

  it('powDigest is BLAKE2b-256, as an independent implementation (hash-wasm) computes it', async function () {
    for (const length of [0, 1, 127, 128, 129, 1000]) {
      const essence = Uint8Array.from({ length }, (_, i) => (i * 7 + length) & 0xff);
      expect(bytesToHex(powDigest(essence)), `powDigest of ${length} bytes`).to.equal(await blake2bWasm(essence, 256));
    }
  });

  it('puts b1t6(digest) first, the nonce little-endian next, and zero padding last', function () {
    const input = powInputTrits(digest, 0x0102030405060708n);
    expect(Array.from(input.subarray(DIGEST_OFFSET, DIGEST_OFFSET + DIGEST_TRITS))).to.deep.equal(Array.from(b1t6Encode(digest)));
    const nonceLE = Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(Array.from(input.subarray(NONCE_OFFSET, NONCE_OFFSET + NONCE_TRITS))).to.deep.equal(Array.from(b1t6Encode(nonceLE)));
    expect(Array.from(input.subarray(PAD_OFFSET))).to.deep.equal([0, 0, 0]);
  });

  it('encodes nonce 1 at trit 192 and nonce 256 at trit 198 (byte 1)', function () {
    const one = powInputTrits(digest, 1n);
    const two56 = powInputTrits(digest, 256n);
    expect(Array.from(one.subarray(NONCE_OFFSET, NONCE_OFFSET + 12))).to.deep.equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(two56.subarray(NONCE_OFFSET, NONCE_OFFSET + 12))).to.deep.equal([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('encodes the largest nonce as eight 0xff bytes (int8 -1 each)', function () {
    const input = powInputTrits(digest, (1n << 64n) - 1n);
    expect(Array.from(input.subarray(NONCE_OFFSET, PAD_OFFSET))).to.deep.equal(Array.from(b1t6Encode(new Uint8Array(8).fill(0xff))));
  });
});
