// Issue 12's acceptance, at reduced sizes: the simulator on the app's WASM DAG and walk reproduces
// the Tangle's theory. Oracles are the theory's own numbers (Popov's L0 = 2λh, 2h, Little's law)
// and, for the weights, a count made here from the simulator's recorded parents; nothing is compared
// with a figure the simulator produced before. Every run is seeded from TEST_SEED, printed in the
// test names and the failure messages, so a failure replays exactly.
import { expect } from 'chai';
import { loadSimGraph, runSimulation, resultJson, defaultTangleParams, DEFAULT_MEASURE, generateArrivals, TangleRun, type SimGraph, type SimParams } from '../../web/core/sim/index.ts';

const TEST_SEED = 1201;
const SEEDS = [0, 1, 2, 3, 4].map((i) => TEST_SEED + i);
/** Reduced from the report's 100,000: enough for the means to sit well inside the bounds. */
const URTS_TXS = 12_000;
const WALK_TXS = 4_000;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe(`sim: the Tangle's theory (TEST_SEED ${TEST_SEED})`, () => {
  let sg: SimGraph;
  before(async () => {
    sg = await loadSimGraph();
  });

  for (const lambda of [10, 50]) {
    it(`URTS, two parents, h = 1, λ = ${lambda}, 5 seeds: tips in [0.95, 1.10] × 2λh, first approval 2h ± 5%, Little ± 3% (seeds ${SEEDS.join(', ')})`, () => {
      const tips: number[] = [];
      const fa: number[] = [];
      for (const seed of SEEDS) {
        const r = runSimulation(sg, {
          workload: { kind: 'poisson', lambda, bundles: URTS_TXS },
          tangle: { ...defaultTangleParams({ tipSelection: 'urts', h: 1, lambda, confirm: false }), maxWindow: 1 },
          chain: null,
          measure: DEFAULT_MEASURE,
          seed,
        }).tangle!;
        expect(r.unapprovedInInterval, `seed ${seed}: URTS leaves nothing unapproved`).to.equal(0);
        tips.push(r.meanTips);
        fa.push(r.firstApproval.mean!);
      }
      const L = mean(tips);
      const W = mean(fa);
      const ctx = `λ = ${lambda}, seeds ${SEEDS.join(', ')}: tips ${tips.map((v) => v.toFixed(2)).join(' ')}, first approval ${fa.map((v) => v.toFixed(3)).join(' ')}`;
      expect(L, `mean tips / 2λh; ${ctx}`).to.be.within(0.95 * 2 * lambda, 1.1 * 2 * lambda);
      expect(W, `mean time to first approval vs 2h; ${ctx}`).to.be.within(2 * 0.95, 2 * 1.05);
      expect(L / (lambda * W), `Little: L / λW; ${ctx}`).to.be.within(0.97, 1.03);
    });
  }

  it(`the α-walk from an entry point: tips and the left-behind share rise from α = 0 to 0.1 to 0.5; none left behind at α = 0 (seeds ${SEEDS.join(', ')})`, () => {
    const lambda = 10;
    const base = defaultTangleParams({ tipSelection: 'alpha', h: 1, lambda, confirm: false });
    const rows = [0, 0.1, 0.5].map((alpha) => {
      const rs = SEEDS.map((seed) => runSimulation(sg, { workload: { kind: 'poisson', lambda, bundles: WALK_TXS }, tangle: { ...base, alpha }, chain: null, measure: DEFAULT_MEASURE, seed }).tangle!);
      return { alpha, tips: mean(rs.map((r) => r.meanTips)), behind: mean(rs.map((r) => r.leftBehind)), behindEach: rs.map((r) => r.leftBehind) };
    });
    const ctx = `seeds ${SEEDS.join(', ')}: ${JSON.stringify(rows)}`;
    expect(rows[0].behindEach, `α = 0 leaves no tx of the middle half unapproved; ${ctx}`).to.deep.equal(SEEDS.map(() => 0));
    expect(rows[0].tips < rows[1].tips && rows[1].tips < rows[2].tips, `mean tips rise; ${ctx}`).to.equal(true);
    expect(rows[0].behind < rows[1].behind && rows[1].behind < rows[2].behind, `left-behind share rises; ${ctx}`).to.equal(true);
  });

  it(`the cumulative weights the walk uses equal a brute-force count from the recorded parents (seed ${TEST_SEED})`, () => {
    const lambda = 10;
    const p = { ...defaultTangleParams({ tipSelection: 'alpha', alpha: 0.1, h: 1, lambda }), maxWindow: 1000 };
    const arrivals = generateArrivals({ kind: 'poisson', lambda, bundleTxs: 2, bundles: 1500 }, TEST_SEED);
    const run = new TangleRun(sg, arrivals, p, DEFAULT_MEASURE, TEST_SEED);
    let compared = 0;
    let checks = 0;
    run.onCheck = (r, time) => {
      if (checks++ % 40 !== 20) return;
      const g = r.graph.graph;
      const n = g.size;
      const ws = g.windowStart;
      // Approvers from the simulator's own record of the parents, for the txs visible now (index < n).
      const approvers: number[][] = Array.from({ length: n }, () => []);
      for (let y = 1; y < n; y++) {
        approvers[r.trunk[y]].push(y);
        if (r.branch[y] !== r.trunk[y]) approvers[r.branch[y]].push(y);
      }
      for (let x = ws; x < n; x += 7) {
        const seen = new Set<number>([x]);
        const stack = [x];
        while (stack.length) for (const y of approvers[stack.pop()!]) if (!seen.has(y)) (seen.add(y), stack.push(y));
        expect(g.cumulativeWeight(x), `CW of tx ${x} at time ${time.toFixed(1)} (window ${ws}..${n - 1}), seed ${TEST_SEED}`).to.equal(seen.size);
        compared++;
      }
    };
    while (!run.step(10_000));
    expect(compared, 'weights compared').to.be.greaterThan(300);
  });

  it(`runs are deterministic: the same seed gives identical JSON, another seed does not (seed ${TEST_SEED})`, () => {
    const params = (seed: number): SimParams => ({
      workload: { kind: 'poisson', lambda: 10, bundles: 1500, bundleTxs: 2 },
      tangle: defaultTangleParams({ tipSelection: 'alpha', alpha: 0.1, h: 1, lambda: 10 }),
      chain: { blockInterval: 5, intervals: 'exponential', blockBytes: 20 * 1280 + 80, headerBytes: 80, txBytes: 1280, k: 3, h: 1, hashRate: 1e6, feePerByte: 1 },
      measure: DEFAULT_MEASURE,
      seed,
    });
    const a = resultJson(runSimulation(sg, params(TEST_SEED)));
    const b = resultJson(runSimulation(sg, params(TEST_SEED)));
    const c = resultJson(runSimulation(sg, params(TEST_SEED + 1)));
    expect(a === b, `seed ${TEST_SEED} twice gave different JSON`).to.equal(true);
    expect(a === c, `seeds ${TEST_SEED} and ${TEST_SEED + 1} gave the same JSON`).to.equal(false);
    expect(JSON.parse(a).tangle.confirmation.count, 'the run measured confirmations').to.be.greaterThan(0);
  });

  it(`PoW attempts per tx average 3^MWM (seed ${TEST_SEED})`, () => {
    const r = runSimulation(sg, { workload: { kind: 'poisson', lambda: 10, bundles: 20_000 }, tangle: { ...defaultTangleParams({ tipSelection: 'urts', h: 1, lambda: 10, mwm: 5, confirm: false }), maxWindow: 1 }, chain: null, measure: DEFAULT_MEASURE, seed: TEST_SEED }).tangle!;
    // Geometric with p = 3^-5: standard deviation sqrt(1 - p) / p ≈ 242 per tx, ≈ 1.7 over 20,000 txs.
    expect(r.expectedAttemptsPerTx).to.equal(243);
    expect(r.attemptsPerTx, `seed ${TEST_SEED}`).to.be.within(243 - 10, 243 + 10);
  });
});
