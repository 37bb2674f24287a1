// Unit tests of the reference Kerl sponge (web/core/ternary/kerl.ts) beyond the vectors: call
// shapes, reset, the trit-242 rule and boundary errors (IOTA-Kerl-spec.md; docs/design.md Kerl-PoW v1).
import { expect } from 'chai';
import { keccak_384, sha3_384 } from '@noble/hashes/sha3.js';
import { Kerl, bytesToTrits, tritsToBytes, tritsToTrytes, trytesToTrits } from '../../../web/core/ternary/index.ts';

const A = 'EMIDYNHBWMBCXVDEFOFWINXTERALUKYYPPHKP9JJFGJEIUY9MUDVNFZHMMWZUYUSWAIOWEVTHNWMHANBZ';
const B = 'GYOMKVTSNHVJNCNFBBAH9AAMXLPLLLROQY99QN9DLSJUHDPBLCFFAIQXZA9BKMBJCYSFHFPXAHDWZFEIZ';

function hash(trytes: string, squeeze = 243): string {
  const k = new Kerl();
  k.absorb(trytesToTrits(trytes));
  return tritsToTrytes(k.squeeze(squeeze));
}

describe('Kerl sponge (reference)', function () {
  it('is Keccak-384 with pad 0x01 over the converted block, not SHA3-384', function () {
    const input = trytesToTrits(A);
    const expected = tritsToTrytes(bytesToTrits(keccak_384(tritsToBytes(input))));
    expect(hash(A)).to.equal(expected);
    expect(hash(A)).to.not.equal(tritsToTrytes(bytesToTrits(sha3_384(tritsToBytes(input)))));
  });

  it('ignores trit 242 of every absorbed block', function () {
    const withLast = A.slice(0, 80) + 'H'; // 'Z' = [-1,0,0], 'H' = [-1,0,1]
    expect(hash(withLast)).to.equal(hash(A));
  });

  it('outputs trit 242 = 0 in every squeezed block', function () {
    const k = new Kerl();
    k.absorb(trytesToTrits(B));
    const out = k.squeeze(243 * 4);
    for (let b = 0; b < 4; b++) expect(out[b * 243 + 242], `block ${b}`).to.equal(0);
  });

  it('flips the raw digest between squeezes', function () {
    const k = new Kerl();
    k.absorb(trytesToTrits(A));
    const out = k.squeeze(486);
    const d1 = keccak_384(tritsToBytes(trytesToTrits(A)));
    const d2 = keccak_384(d1.map((x) => ~x & 0xff));
    expect(tritsToTrytes(out.subarray(243))).to.equal(tritsToTrytes(bytesToTrits(d2)));
  });

  it('gives the same result for one call or one call per block, absorbing and squeezing', function () {
    const k1 = new Kerl();
    k1.absorb(trytesToTrits(A + B));
    const k2 = new Kerl();
    k2.absorb(trytesToTrits(A));
    k2.absorb(trytesToTrits(B));
    const one = tritsToTrytes(k1.squeeze(729));
    const parts = [243, 243, 243].map((n) => tritsToTrytes(k2.squeeze(n))).join('');
    expect(parts).to.equal(one);
  });

  it('reset() forgets what was absorbed', function () {
    const k = new Kerl();
    k.absorb(trytesToTrits(B));
    k.squeeze(243);
    k.reset();
    k.absorb(trytesToTrits(A));
    expect(tritsToTrytes(k.squeeze(243))).to.equal(hash(A));
  });

  it('rejects lengths that are not a positive multiple of 243, and non-trits', function () {
    const k = new Kerl();
    expect(() => k.absorb(new Int8Array(0))).to.throw(RangeError, /trits length/);
    expect(() => k.absorb(new Int8Array(242))).to.throw(RangeError, /trits length/);
    expect(() => k.absorb(new Uint8Array(243) as unknown as Int8Array)).to.throw(TypeError, /trits/);
    expect(() => k.absorb(new Int8Array(243).fill(-2))).to.throw(RangeError, /trits\[0\]/);
    expect(() => k.squeeze(0)).to.throw(RangeError, /length/);
    expect(() => k.squeeze(244)).to.throw(RangeError, /length/);
    expect(() => k.squeeze(243.5)).to.throw(RangeError, /length/);
  });
});
