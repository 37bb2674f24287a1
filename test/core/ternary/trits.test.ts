// Unit tests of web/core/ternary/trits.ts beyond the vectors: round trips and boundary errors.
import { expect } from 'chai';
import fc from 'fast-check';
import { TRYTE_ALPHABET, trytesToTrits, tritsToTrytes } from '../../../web/core/ternary/index.ts';

describe('trytes <-> trits (reference)', function () {
  it('maps every tryte to the value t0 + 3*t1 + 9*t2 of its alphabet index', function () {
    for (let index = 0; index < 27; index++) {
      const [t0, t1, t2] = trytesToTrits(TRYTE_ALPHABET[index]);
      const expected = index > 13 ? index - 27 : index;
      expect(t0 + 3 * t1 + 9 * t2, `tryte ${TRYTE_ALPHABET[index]}`).to.equal(expected);
    }
  });

  it('round-trips random tryte strings (fast-check seed 7)', function () {
    const trytes = fc.array(fc.constantFrom(...TRYTE_ALPHABET), { maxLength: 100 }).map((a) => a.join(''));
    fc.assert(fc.property(trytes, (s) => tritsToTrytes(trytesToTrits(s)) === s), { seed: 7, numRuns: 300 });
  });

  it('handles the empty string', function () {
    expect(trytesToTrits('').length).to.equal(0);
    expect(tritsToTrytes(new Int8Array(0))).to.equal('');
  });

  it('rejects characters outside the alphabet, naming trytes and the position', function () {
    expect(() => trytesToTrits('AB a')).to.throw(RangeError, /trytes\[2\]/);
    expect(() => trytesToTrits('abc')).to.throw(RangeError, /trytes\[0\]/);
    expect(() => trytesToTrits('A0')).to.throw(RangeError, /trytes\[1\]/);
  });

  it('rejects a non-string, naming trytes', function () {
    expect(() => trytesToTrits(42 as unknown as string)).to.throw(TypeError, /trytes/);
  });

  it('rejects trits that are not an Int8Array, a multiple of 3 long, or in {-1,0,1}', function () {
    expect(() => tritsToTrytes([1, 0, 0] as unknown as Int8Array)).to.throw(TypeError, /trits/);
    expect(() => tritsToTrytes(new Int8Array(4))).to.throw(RangeError, /trits length/);
    expect(() => tritsToTrytes(Int8Array.from([0, 2, 0]))).to.throw(RangeError, /trits\[1\]/);
  });
});
