// Kerl-PoW v1 reference (docs/design.md "Proof of work (Kerl-PoW v1)"): the weight rule, its success
// rate, the reference nonce scan and the argument checks.
import { expect } from 'chai';
import {
  DEFAULT_MWM,
  expectedAttempts,
  powDigest,
  powHashRef,
  powInputTrits,
  powWeightRef,
  scanLowestNonce,
  tritWeight,
} from '../../../web/core/pow/index.ts';

const digest = powDigest(new TextEncoder().encode('medtangle pow reference test'));
const MAX_NONCE = (1n << 64n) - 1n;

describe('Kerl-PoW v1 reference', function () {
  describe('(a) tritWeight counts zero trits from trit 0', function () {
    it('stops at the first non-zero trit from the low end', function () {
      expect(tritWeight(Int8Array.from([1, 0, 0, 0]))).to.equal(0);
      expect(tritWeight(Int8Array.from([0, 0, -1, 0]))).to.equal(2);
      expect(tritWeight(Int8Array.from([0, 0, 0, 0]))).to.equal(4);
      expect(tritWeight(new Int8Array(0))).to.equal(0);
      const hash = new Int8Array(243);
      hash[5] = 1;
      expect(tritWeight(hash)).to.equal(5);
    });

    it('is iota.go TrailingZeros read from the other end (trytes.json vectors, mirrored)', async function () {
      const url = new URL('../../vectors/trytes.json', import.meta.url);
      const file = (await (await fetch(url)).json()) as { vectors: { fn: string; trits?: number[]; value?: number }[] };
      const cases = file.vectors.filter((v) => v.fn === 'TrailingZeros');
      let ran = 0;
      for (const v of cases) {
        ran++;
        expect(tritWeight(Int8Array.from(v.trits!).reverse()), `TrailingZeros [${v.trits}] mirrored`).to.equal(v.value);
      }
      // trytes.json as committed holds 2 TrailingZeros vectors: a file cut short must fail here.
      expect(ran, 'TrailingZeros vectors run').to.equal(2);
    });

    it('equals the largest k with 3^k dividing the hash value (sampled nonces)', function () {
      for (let n = 0n; n < 60n; n++) {
        const hash = powHashRef(digest, n);
        let value = 0n;
        for (let i = hash.length - 1; i >= 0; i--) value = value * 3n + BigInt(hash[i]);
        let k = 0;
        while (value !== 0n && value % 3n === 0n) {
          value /= 3n;
          k++;
        }
        expect(tritWeight(hash), `nonce ${n}`).to.equal(value === 0n ? 243 : k);
        expect(powWeightRef(digest, n), `powWeightRef nonce ${n}`).to.equal(tritWeight(hash));
      }
    });
  });

  describe('(b) success rate is 3^-MWM', function () {
    // One fixed sample (digest above, nonces 0..N-1, N = 3^4 * 600 = 48,600): deterministic, so it
    // cannot flake. For each MWM the count of weight >= MWM must lie within 4.5 binomial standard
    // deviations of N * 3^-MWM: sigma = sqrt(N p (1 - p)), e.g. 600 ± 108 for MWM 4. The reference
    // runs about 23,000 hashes per second in Chromium here, so this takes about 2 s.
    const N = 3 ** 4 * 600;
    const SIGMAS = 4.5;
    let weights: Uint8Array;

    before(function () {
      this.timeout(60_000);
      weights = new Uint8Array(N);
      for (let i = 0; i < N; i++) weights[i] = powWeightRef(digest, BigInt(i));
    });

    for (const mwm of [1, 2, 3, 4]) {
      it(`MWM ${mwm}: successes within ${SIGMAS} sigma of N / 3^${mwm} (N = ${N})`, function () {
        const p = 3 ** -mwm;
        const mean = N * p;
        const bound = SIGMAS * Math.sqrt(N * p * (1 - p));
        const hits = weights.reduce((acc, w) => acc + (w >= mwm ? 1 : 0), 0);
        expect(Math.abs(hits - mean), `MWM ${mwm}: ${hits} hits, expected ${mean.toFixed(1)} ± ${bound.toFixed(1)}`).to.be.at.most(bound);
      });
    }

    it('expectedAttempts(mwm) is 3^mwm; the default MWM is 13', function () {
      expect(expectedAttempts(1)).to.equal(3);
      expect(expectedAttempts(4)).to.equal(81);
      expect(DEFAULT_MWM).to.equal(13);
      expect(expectedAttempts(DEFAULT_MWM)).to.equal(1_594_323);
    });
  });

  describe('(c) scanLowestNonce', function () {
    const START = 1000n;
    const COUNT = 400;
    const weights: number[] = [];
    before(function () {
      for (let i = 0; i < COUNT; i++) weights.push(powWeightRef(digest, START + BigInt(i)));
    });

    for (const mwm of [1, 2, 3, 4]) {
      it(`returns the lowest nonce with weight >= ${mwm} in the range, and null just before it`, function () {
        const index = weights.findIndex((w) => w >= mwm);
        expect(index, `some nonce in ${START}..${START + BigInt(COUNT) - 1n} reaches MWM ${mwm}`).to.be.at.least(0);
        const found = START + BigInt(index);
        expect(scanLowestNonce(digest, START, COUNT, mwm), `MWM ${mwm} from ${START}`).to.equal(found);
        expect(scanLowestNonce(digest, START, index + 1, mwm), `MWM ${mwm}, range ends at the hit`).to.equal(found);
        expect(scanLowestNonce(digest, START, index, mwm), `MWM ${mwm}, range ends before the hit`).to.equal(null);
        const next = weights.findIndex((w, i) => i > index && w >= mwm);
        if (next >= 0) expect(scanLowestNonce(digest, found + 1n, COUNT, mwm), `MWM ${mwm} after ${found}`).to.equal(START + BigInt(next));
      });
    }

    it('returns null for an empty range', function () {
      expect(scanLowestNonce(digest, 0n, 0, 1)).to.equal(null);
      expect(scanLowestNonce(digest, MAX_NONCE, 0, 1)).to.equal(null);
    });

    it('scans up to the largest nonce, and not past it', function () {
      const top = MAX_NONCE - 9n;
      const expected = Array.from({ length: 10 }, (_, i) => top + BigInt(i)).find((n) => powWeightRef(digest, n) >= 1) ?? null;
      expect(scanLowestNonce(digest, top, 10, 1)).to.equal(expected);
      expect(() => scanLowestNonce(digest, top, 11, 1)).to.throw(RangeError, /count/);
    });
  });

  describe('(d) bad arguments throw errors naming the argument', function () {
    it('digest must be a 32-byte Uint8Array', function () {
      expect(() => powInputTrits(new Uint8Array(31), 0n)).to.throw(RangeError, /digest/);
      expect(() => powHashRef(new Uint8Array(33), 0n)).to.throw(RangeError, /digest/);
      expect(() => powWeightRef([0] as unknown as Uint8Array, 0n)).to.throw(TypeError, /digest/);
      expect(() => scanLowestNonce(new Uint8Array(0), 0n, 1, 1)).to.throw(RangeError, /digest/);
    });

    it('nonce and start must be bigints in 0..2^64-1', function () {
      expect(() => powInputTrits(digest, -1n)).to.throw(RangeError, /nonce/);
      expect(() => powInputTrits(digest, 1n << 64n)).to.throw(RangeError, /nonce/);
      expect(() => powWeightRef(digest, 5 as unknown as bigint)).to.throw(TypeError, /nonce/);
      expect(() => scanLowestNonce(digest, -1n, 1, 1)).to.throw(RangeError, /start/);
      expect(() => scanLowestNonce(digest, 0 as unknown as bigint, 1, 1)).to.throw(TypeError, /start/);
    });

    it('mwm must be an integer in 1..40', function () {
      for (const mwm of [0, 41, 1.5, Number.NaN, '3' as unknown as number]) {
        expect(() => scanLowestNonce(digest, 0n, 1, mwm), `mwm ${String(mwm)}`).to.throw(RangeError, /mwm/);
        expect(() => expectedAttempts(mwm), `expectedAttempts(${String(mwm)})`).to.throw(RangeError, /mwm/);
      }
    });

    it('count must be a non-negative integer', function () {
      for (const count of [-1, 1.5, Number.POSITIVE_INFINITY, 2 ** 60]) {
        expect(() => scanLowestNonce(digest, 0n, count, 1), `count ${count}`).to.throw(RangeError, /count/);
      }
    });

    it('tritWeight and powDigest reject non-arrays', function () {
      expect(() => tritWeight([0, 0] as unknown as Int8Array)).to.throw(TypeError, /hash/);
      expect(() => powDigest('abc' as unknown as Uint8Array)).to.throw(TypeError, /essence/);
    });
  });
});
