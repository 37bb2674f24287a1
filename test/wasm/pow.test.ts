// Kerl-PoW v1 in the WASM core (docs/design.md "Proof of work (Kerl-PoW v1)") against the TS spec module
// (web/core/pow): the same weights, the same lowest nonce as the reference scan, and a success rate
// of 3^-MWM on large deterministic samples.
import { expect } from 'chai';
import { loadCore } from '../../web/wasm/index.ts';
import { powDigest, powWeightRef, scanLowestNonce } from '../../web/core/pow/index.ts';

type Core = Awaited<ReturnType<typeof loadCore>>;

const MAX_NONCE = (1n << 64n) - 1n;
const digestOf = (label: string): Uint8Array => powDigest(new TextEncoder().encode(label));
const DIGEST_A = digestOf('medtangle wasm pow A');
const DIGEST_B = digestOf('medtangle wasm pow B');
const DIGEST_C = new Uint8Array(32).fill(0xff);
const SIGMAS = 4.5;

/** |hits - N p| <= 4.5 sigma, sigma = sqrt(N p (1 - p)), p = 3^-mwm. */
function expectRate(hits: number, n: number, mwm: number, what: string): void {
  const p = 3 ** -mwm;
  const bound = SIGMAS * Math.sqrt(n * p * (1 - p));
  expect(Math.abs(hits - n * p), `${what}: ${hits} hits in ${n}, expected ${(n * p).toFixed(1)} ± ${bound.toFixed(1)}`).to.be.at.most(bound);
}

/** Every nonce in [start, start + count) with weight >= mwm, found by repeated powSearch calls. */
function searchAll(core: Core, digest: Uint8Array, start: bigint, count: number, mwm: number): bigint[] {
  const hits: bigint[] = [];
  let from = start;
  const end = start + BigInt(count);
  while (from < end) {
    const { nonce, attempts } = core.powSearch(digest, from, Number(end - from), mwm);
    if (nonce === null) {
      expect(attempts, `null search from ${from}: attempts`).to.equal(Number(end - from));
      break;
    }
    expect(attempts, `search from ${from} found ${nonce}: attempts`).to.equal(Number(nonce - from) + 1);
    hits.push(nonce);
    from = nonce + 1n;
  }
  return hits;
}

// The SIMD release (three attempts per call: a v128 pair and a scalar one, and a lone scalar attempt
// at low byte 255) and the scalar compat build must agree exactly.
for (const variant of ['release', 'compat'] as const)
describe(`WASM core (${variant}): Kerl-PoW v1`, function () {
  let core: Core;
  before(async function () {
    core = await loadCore({ variant });
  });

  it('powWeight equals the reference weight, across nonce byte boundaries', function () {
    const nonces: bigint[] = [];
    for (let i = 0n; i < 600n; i++) nonces.push(i);
    for (const edge of [1n << 16n, 1n << 24n, 1n << 32n, 1n << 40n, 1n << 48n, 1n << 56n, MAX_NONCE - 20n]) {
      for (let i = -20n; i <= 20n; i++) if (edge + i >= 0n && edge + i <= MAX_NONCE) nonces.push(edge + i);
    }
    for (const digest of [DIGEST_A, DIGEST_C]) {
      for (const n of nonces) expect(core.powWeight(digest, n), `powWeight nonce ${n}`).to.equal(powWeightRef(digest, n));
    }
  });

  describe('powSearch returns exactly the reference scan (scanLowestNonce)', function () {
    const cases: [string, Uint8Array, bigint, number, number][] = [
      ['A from 0', DIGEST_A, 0n, 500, 1],
      ['A from 0', DIGEST_A, 0n, 500, 2],
      ['A from 0', DIGEST_A, 0n, 500, 3],
      ['A from 0', DIGEST_A, 0n, 500, 4],
      ['B across 255/256', DIGEST_B, 250n, 300, 3],
      ['B across 65535/65536', DIGEST_B, 65_500n, 300, 4],
      ['A across 2^32', DIGEST_A, (1n << 32n) - 100n, 400, 4],
      ['C (0xff digest) near 2^56', DIGEST_C, (1n << 56n) - 150n, 300, 4],
      ['B up to the last nonce', DIGEST_B, MAX_NONCE - 299n, 300, 4],
      ['C tiny range', DIGEST_C, 12_345n, 3, 4],
    ];
    for (const [label, digest, start, count, mwm] of cases) {
      it(`${label}: start ${start}, count ${count}, mwm ${mwm}`, function () {
        const what = `powSearch(${label}, ${start}, ${count}, ${mwm})`;
        const expected = scanLowestNonce(digest, start, count, mwm);
        const { nonce, attempts } = core.powSearch(digest, start, count, mwm);
        expect(nonce, what).to.equal(expected);
        expect(attempts, `${what} attempts`).to.equal(expected === null ? count : Number(expected - start) + 1);
        if (nonce !== null) expect(powWeightRef(digest, nonce), `${what}: reference weight of ${nonce}`).to.be.at.least(mwm);
      });
    }

    it('returns null when the range stops just before the first hit, and the hit one nonce later', function () {
      for (const [digest, start, mwm] of [[DIGEST_A, 7n, 3], [DIGEST_B, 1000n, 4], [DIGEST_C, 250n, 2]] as const) {
        const hit = scanLowestNonce(digest, start, 2000, mwm);
        expect(hit, `reference finds MWM ${mwm} from ${start}`).to.not.equal(null);
        const before = Number(hit! - start);
        const what = `powSearch(start ${start}, mwm ${mwm})`;
        expect(core.powSearch(digest, start, before, mwm), `${what}, count ${before}`).to.deep.equal({ nonce: null, attempts: before });
        expect(core.powSearch(digest, start, before + 1, mwm), `${what}, count ${before + 1}`).to.deep.equal({ nonce: hit, attempts: before + 1 });
      }
    });

    it('returns null with 0 attempts for an empty range', function () {
      expect(core.powSearch(DIGEST_A, 0n, 0, 1)).to.deep.equal({ nonce: null, attempts: 0 });
    });

    it('finds a nonce of weight >= 8 that the reference confirms', function () {
      this.timeout(60_000);
      const { nonce } = core.powSearch(DIGEST_B, 0n, 3 ** 8 * 40, 8);
      expect(nonce, 'MWM 8 within 40 * 3^8 attempts').to.not.equal(null);
      expect(powWeightRef(DIGEST_B, nonce!), `reference weight of ${nonce}`).to.be.at.least(8);
    });
  });

  describe('success rate is 3^-MWM', function () {
    // Deterministic samples (fixed digests, consecutive nonces), so these cannot flake. Each count
    // of successes must lie within 4.5 binomial standard deviations of N * 3^-MWM.
    const N = 3 ** 5 * 600; // 145,800 nonces
    let weights: Uint8Array;
    before(function () {
      this.timeout(120_000);
      weights = new Uint8Array(N);
      for (let i = 0; i < N; i++) weights[i] = core.powWeight(DIGEST_A, BigInt(i));
    });

    for (const mwm of [1, 2, 3, 4, 5]) {
      it(`powWeight, MWM ${mwm}: within ${SIGMAS} sigma over ${N} nonces; powSearch finds exactly the same nonces`, function () {
        let hits = 0;
        const expectedHits: bigint[] = [];
        for (let i = 0; i < N; i++) {
          if (weights[i] >= mwm) {
            hits++;
            if (mwm >= 3) expectedHits.push(BigInt(i));
          }
        }
        expectRate(hits, N, mwm, `powWeight MWM ${mwm}`);
        if (mwm >= 3) {
          const found = searchAll(core, DIGEST_A, 0n, N, mwm);
          expect(found.map(String), `powSearch hits for MWM ${mwm}`).to.deep.equal(expectedHits.map(String));
        }
      });
    }

    for (const mwm of [6, 7]) {
      const n = 3 ** mwm * 600;
      it(`powSearch, MWM ${mwm}: hits within ${SIGMAS} sigma over ${n} nonces, each confirmed by the reference`, function () {
        this.timeout(120_000);
        const hits = searchAll(core, DIGEST_B, 0n, n, mwm);
        expectRate(hits.length, n, mwm, `powSearch MWM ${mwm}`);
        for (const nonce of hits.slice(0, 50)) {
          expect(powWeightRef(DIGEST_B, nonce), `reference weight of ${nonce}`).to.be.at.least(mwm);
        }
      });
    }
  });
});

// The network runs at MWM 13, where the test uses the full 3^13 weights, and above 13 a survivor of
// that test is settled by the exact trit conversion, at each slot's stride (the v128 pair and the
// scalar third). The SIMD release and the scalar compat build share no search code beyond the
// permutation rounds, so their agreement over ranges holding several hits checks both paths.
describe('WASM core: release and compat searches agree at MWM 9-14', function () {
  this.timeout(180_000);
  let release: Core;
  let compat: Core;
  before(async function () {
    release = await loadCore({ variant: 'release' });
    compat = await loadCore({ variant: 'compat' });
  });

  /** The first `want` hits from nonce `from`, searching at most `count` nonces. */
  function firstHits(core: Core, digest: Uint8Array, from: bigint, count: number, mwm: number, want: number): bigint[] {
    const hits: bigint[] = [];
    let start = from;
    const end = from + BigInt(count);
    while (hits.length < want && start < end) {
      const { nonce } = core.powSearch(digest, start, Number(end - start), mwm);
      if (nonce === null) break;
      hits.push(nonce);
      start = nonce + 1n;
    }
    return hits;
  }

  // Pinned cases: from nonce 0 the triples are low bytes (0,1,2), (3,4,5), ..., so low % 3 is the
  // slot. These digests' first MWM-14 hits fall in the pair's second slot and in the scalar third
  // slot, so the exact step runs at both of their strides (found with this core, kept as data).
  for (const [fill, slot, name] of [[0, 1, 'second (v128 high half)'], [2, 2, 'third (scalar)']] as const) {
    it(`MWM 14: a first hit in the ${name} slot of a triple is found by both builds`, function () {
      const digest = new Uint8Array(32).fill(fill);
      const a = release.powSearch(digest, 0n, 3 ** 14 * 8, 14);
      const b = compat.powSearch(digest, 0n, 3 ** 14 * 8, 14);
      expect(a, 'release vs compat').to.deep.equal(b);
      expect(a.nonce, 'a hit').to.not.equal(null);
      const low = Number(a.nonce! & 0xffn);
      expect([low < 255, low % 3], `slot of nonce ${a.nonce}`).to.deep.equal([true, slot]);
      expect(powWeightRef(digest, a.nonce!), `reference weight of ${a.nonce}`).to.be.at.least(14);
    });
  }

  for (const mwm of [9, 10, 11, 12, 13, 14]) {
    const want = mwm <= 12 ? 4 : 2;
    it(`MWM ${mwm}: the same first ${want} nonces, each of reference weight >= ${mwm}`, function () {
      const digest = digestOf(`medtangle wasm pow high mwm ${mwm}`);
      const count = 3 ** mwm * (want * 4);
      const a = firstHits(release, digest, 1000n, count, mwm, want);
      const b = firstHits(compat, digest, 1000n, count, mwm, want);
      expect(a.map(String), `release vs compat at MWM ${mwm}`).to.deep.equal(b.map(String));
      expect(a.length, `hits within ${count} nonces`).to.equal(want);
      for (const nonce of a) {
        const weight = powWeightRef(digest, nonce);
        expect(weight, `reference weight of ${nonce}`).to.be.at.least(mwm);
        expect(release.powWeight(digest, nonce), `core weight of ${nonce}`).to.equal(weight);
      }
    });
  }
});
