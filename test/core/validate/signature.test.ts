// isValidPublicKey remembers its last verdicts (web/core/validate/signature.ts): the verdicts must
// stay those of a plain decode, for keys seen once, seen again, and seen again after more keys than
// it remembers have passed. The oracle decodes with @noble/curves directly.
import { expect } from 'chai';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { isValidPublicKey } from '../../../web/core/validate/index.ts';

/** From scratch: a strict point encoding that is not of small order. */
function oracle(key: Uint8Array): boolean {
  try {
    return !ed25519.Point.fromBytes(key, false).isSmallOrder();
  } catch {
    return false;
  }
}

describe('isValidPublicKey', function () {
  it('answers as a plain decode for new keys, repeated keys and keys seen before many others (seed 2211)', function () {
    const identity = new Uint8Array(32);
    identity[0] = 1; // the neutral point: small order
    const minusOne = new Uint8Array(32).fill(0xff);
    minusOne[0] = 0xec;
    minusOne[31] = 0x7f; // y = -1: order 2
    const base = ed25519.Point.BASE.toBytes();
    const fixed = [identity, minusOne, base];
    for (const k of fixed) expect(isValidPublicKey(k)).to.equal(oracle(k));
    expect([isValidPublicKey(identity), isValidPublicKey(minusOne), isValidPublicKey(base)]).to.deep.equal([false, false, true]);
    // Random 32-byte strings (about half decode), with repeats, 3,000 in all: past the 1,024 kept.
    const seen: Uint8Array[] = [];
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(), (fresh, pick) => {
        const key = seen.length > 0 && pick % 3 === 0 ? seen[pick % seen.length] : fresh;
        seen.push(key);
        expect(isValidPublicKey(key), Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('')).to.equal(oracle(key));
      }),
      { seed: 2211, numRuns: 3000 },
    );
    // The first keys again, long after they were first asked.
    for (const k of [...fixed, ...seen.slice(0, 50)]) expect(isValidPublicKey(k)).to.equal(oracle(k));
    expect(isValidPublicKey(new Uint8Array(31))).to.equal(false);
  });
});
