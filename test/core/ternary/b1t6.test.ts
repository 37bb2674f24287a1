// Unit tests of web/core/ternary/b1t6.ts (TIP-5) beyond b1t6.json: every byte value, and errors that
// name the argument and the failing group.
import { expect } from 'chai';
import { b1t6Decode, b1t6Encode, trytesToTrits } from '../../../web/core/ternary/index.ts';

describe('b1t6 (reference)', function () {
  it('encodes every byte as its int8 value in 6 little-endian trits, and decodes it back', function () {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const trits = b1t6Encode(all);
    expect(trits.length).to.equal(256 * 6);
    for (let b = 0; b < 256; b++) {
      let v = 0;
      for (let j = 5; j >= 0; j--) v = v * 3 + trits[b * 6 + j];
      expect(v, `byte ${b}`).to.equal(b > 127 ? b - 256 : b);
    }
    expect(Array.from(b1t6Decode(trits))).to.deep.equal(Array.from(all));
  });

  it('names the first out-of-range group', function () {
    // "Z9" = 0xff is valid; "TE" = 128 is not (b1t6.json "second group invalid").
    expect(() => b1t6Decode(trytesToTrits('Z9TE'))).to.throw(RangeError, /group 1\b.*128/);
    expect(() => b1t6Decode(trytesToTrits('FV'))).to.throw(RangeError, /group 0\b.*-129/);
  });

  it('rejects lengths that are not a multiple of 6, non-trits and wrong types', function () {
    expect(() => b1t6Decode(new Int8Array(9))).to.throw(RangeError, /trits length/);
    expect(() => b1t6Decode(Int8Array.from([0, 0, 0, 0, 0, 3]))).to.throw(RangeError, /trits\[5\]/);
    expect(() => b1t6Decode([0, 0, 0, 0, 0, 0] as unknown as Int8Array)).to.throw(TypeError, /trits/);
    expect(() => b1t6Encode([1, 2] as unknown as Uint8Array)).to.throw(TypeError, /bytes/);
  });
});
