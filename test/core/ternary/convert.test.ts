// Unit tests of web/core/ternary/convert.ts beyond kerl-convert.json: properties of Kerl's
// 243-trit <-> 48-byte conversion (IOTA-Kerl-spec.md) and its boundary errors.
import { expect } from 'chai';
import fc from 'fast-check';
import { bytesToTrits, tritsToBytes, tritsToTrytes } from '../../../web/core/ternary/index.ts';

const trits242 = fc
  .array(fc.integer({ min: -1, max: 1 }), { minLength: 242, maxLength: 242 })
  .map((a) => Int8Array.from([...a, 0]));
const bytes48 = fc.uint8Array({ minLength: 48, maxLength: 48 });

describe('Kerl trits <-> bytes (reference)', function () {
  it('bytesToTrits(tritsToBytes(t)) = t when trit 242 is 0 (fast-check seed 11)', function () {
    fc.assert(
      fc.property(trits242, (t) => tritsToTrytes(bytesToTrits(tritsToBytes(t))) === tritsToTrytes(t)),
      { seed: 11, numRuns: 300 },
    );
  });

  it('ignores trit 242 when converting to bytes (fast-check seed 12)', function () {
    fc.assert(
      fc.property(trits242, fc.constantFrom(-1, 1), (t, last) => {
        const u = t.slice();
        u[242] = last;
        return tritsToTrytes(bytesToTrits(tritsToBytes(u))) === tritsToTrytes(t);
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('always yields trit 242 = 0 and is idempotent after one round (fast-check seed 13)', function () {
    fc.assert(
      fc.property(bytes48, (b) => {
        const t = bytesToTrits(b);
        const again = tritsToBytes(t);
        return t[242] === 0 && tritsToTrytes(bytesToTrits(again)) === tritsToTrytes(t);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('rejects wrong types and lengths, naming the argument', function () {
    expect(() => tritsToBytes(new Int8Array(242))).to.throw(RangeError, /trits.*243/);
    expect(() => tritsToBytes(new Uint8Array(243) as unknown as Int8Array)).to.throw(TypeError, /trits/);
    expect(() => tritsToBytes(new Int8Array(243).fill(2))).to.throw(RangeError, /trits\[0\]/);
    expect(() => bytesToTrits(new Uint8Array(47))).to.throw(RangeError, /bytes.*48/);
    expect(() => bytesToTrits(new Int8Array(48) as unknown as Uint8Array)).to.throw(TypeError, /bytes/);
  });
});
