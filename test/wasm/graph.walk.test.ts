// Tip selection (docs/design.md "Tip selection and confirmation"; IRI's WalkerAlphaTest shapes): named
// graph shapes, the entry point and its clamping, the walk's distribution against the exact
// uniform-walk probabilities (chi-square), the pull of weight with a large alpha, and confirmation
// confidence. Every walk is seeded, so these tests repeat exactly; they fail on a wrong walk, not
// by chance.
import { expect } from 'chai';
import { loadGraph, type TangleGraph } from '../../web/wasm/index.ts';
import { DagModel, chiSquareCritical, chiSquareStatistic, chiSquareSurvival, irregular, mulberry32 } from './graph.helpers.ts';

const SIGNIFICANCE = 0.001;

/** Builds `model`'s txs into `g` one at a time (so weights come from the incremental path). */
function build(g: TangleGraph, model: DagModel): void {
  g.reset();
  for (let i = 1; i < model.size; i++) g.insert(model.trunks[i], model.branches[i], i);
}

/** Counts walks from `entry` by exit tip, for `n` seeds 0 .. n-1. */
function exitCounts(g: TangleGraph, entry: number, alpha: number, n: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const tip = g.walk(entry, alpha, BigInt(i));
    counts.set(tip, (counts.get(tip) ?? 0) + 1);
  }
  return counts;
}

/** Chi-square goodness of fit of exit counts against exact probabilities of the given tips. */
function expectFit(counts: Map<number, number>, tips: number[], probs: number[], n: number, what: string): void {
  for (const tip of counts.keys()) expect(tips, `${what}: exit ${tip} is not a tip`).to.include(tip);
  const observed = tips.map((t) => counts.get(t) ?? 0);
  for (const p of probs) expect(p * n, `${what}: every expected count >= 5`).to.be.at.least(5);
  const stat = chiSquareStatistic(observed, probs, n);
  const df = tips.length - 1;
  const critical = chiSquareCritical(df, SIGNIFICANCE);
  const detail = `${what}: chi2 = ${stat.toFixed(2)}, df = ${df}, critical(0.001) = ${critical.toFixed(3)}, p = ${chiSquareSurvival(stat, df).toExponential(2)}; observed ${JSON.stringify(observed)}, expected ${JSON.stringify(probs.map((p) => +(p * n).toFixed(1)))}`;
  expect(stat, detail).to.be.below(critical);
}

describe('graph: shapes, entry point and walks', function () {
  let g: TangleGraph;
  before(async function () {
    g = await loadGraph();
  });
  beforeEach(function () {
    g.reset();
    g.setMaxWindow(4096);
  });

  it('an empty graph is the genesis alone: entry point, only tip, both selected tips', function () {
    expect(g.size).to.equal(1);
    expect(Array.from(g.tips())).to.deep.equal([0]);
    expect(g.cumulativeWeight(0)).to.equal(1);
    expect(g.entryPoint(0)).to.equal(0);
    expect(g.entryPoint(10)).to.equal(0);
    expect(g.walk(0, 1, 7n)).to.equal(0);
    expect(g.selectTips({ alpha: 0.5, depth: 3, seed: 1n })).to.deep.equal([0, 0]);
  });

  it('chain: every walk ends at the last tx; the entry point is the heaviest candidate, clamped to the window', function () {
    for (let i = 1; i <= 20; i++) g.insert(i - 1, i - 1, i);
    expect(Array.from(g.tips())).to.deep.equal([20]);
    for (let i = 0; i <= 20; i++) expect(g.cumulativeWeight(i), `cw(${i})`).to.equal(21 - i);
    for (const alpha of [0, 0.1, 5]) {
      for (let s = 0n; s < 20n; s++) expect(g.walk(0, alpha, s), `alpha ${alpha} seed ${s}`).to.equal(20);
      expect(g.selectTips({ alpha, depth: 7, seed: 3n })).to.deep.equal([20, 20]);
    }
    // in a chain the oldest candidate is the heaviest: depth 5 looks at 10..15 and takes 10
    expect(g.entryPoint(0)).to.equal(19); // the newest is a tip, which leads nowhere: the newest approved tx
    expect(g.entryPoint(5)).to.equal(10);
    expect(g.entryPoint(10)).to.equal(0);
    expect(g.entryPoint(1000)).to.equal(0);
    g.setMaxWindow(8); // window [13, 21)
    expect(g.windowStart).to.equal(13);
    expect(g.entryPoint(3)).to.equal(14); // candidates 14..17
    expect(g.entryPoint(5)).to.equal(13); // candidates 13..15, clamped to the window
    expect(g.entryPoint(1000)).to.equal(13);
    expect(g.walk(13, 1, 1n)).to.equal(20);
  });

  it('entryPoint takes the heaviest candidate, the newest on a tie', function () {
    g.insert(0, 0, 1); // 1
    g.insert(0, 0, 2); // 2
    g.insert(1, 2, 3); // 3: approves 1 and 2
    g.insert(2, 3, 4); // 4: approves 2 and 3
    // cw: 1 -> 3 (3, 4), 2 -> 3 (3, 4), 3 -> 2, 4 -> 1
    expect(g.entryPoint(1)).to.equal(2); // candidates 1..3: 1 and 2 tie at 3, the newest wins
    expect(g.entryPoint(2)).to.equal(0); // candidates 0..2: genesis is the heaviest
  });

  it('a lazy tx approving an old parent, or a short side chain, cannot capture the walks (growUniform seed 77)', function () {
    // an honest tangle of 400 txs approving recent txs, with a window of 64
    g.setMaxWindow(64);
    g.growUniform(400, 5, 77n);
    const honest = g.size - 1;
    // a side chain of 6 txs hanging off the window's oldest tx, attached last
    let x = g.windowStart;
    for (let i = 0; i < 6; i++) x = g.insert(x, x, 1e9 + i);
    const side = new Set<number>();
    for (let i = honest + 1; i < g.size; i++) side.add(i);
    let captured = 0;
    for (let s = 0n; s < 200n; s++) {
      const [a, b] = g.selectTips({ alpha: 0.1, depth: 15, seed: s });
      if (side.has(a)) captured++;
      if (side.has(b)) captured++;
    }
    expect(side.has(g.entryPoint(15)), 'entry point on the side chain').to.equal(false);
    expect(captured, 'walks ending on the side chain out of 400').to.be.at.most(8);
  });

  it('diamond: weights 4, 2, 2, 1 and every walk ends at the single tip', function () {
    g.insert(0, 0, 1);
    g.insert(0, 0, 2);
    g.insert(1, 2, 3);
    expect([0, 1, 2, 3].map((i) => g.cumulativeWeight(i))).to.deep.equal([4, 2, 2, 1]);
    expect(Array.from(g.approvers(0)).sort()).to.deep.equal([1, 2]);
    expect(Array.from(g.tips())).to.deep.equal([3]);
    for (const alpha of [0, 1, 10]) {
      for (let s = 0n; s < 20n; s++) expect(g.walk(0, alpha, s)).to.equal(3);
    }
  });

  it('fan: genesis with 8 approvers, each a tip; with alpha = 0 chosen uniformly (chi-square)', function () {
    for (let i = 1; i <= 8; i++) g.insert(0, 0, i);
    const tips = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(Array.from(g.tips()).sort((a, b) => a - b)).to.deep.equal(tips);
    expect(g.cumulativeWeight(0)).to.equal(9);
    const n = 8000;
    expectFit(exitCounts(g, 0, 0, n), tips, tips.map(() => 1 / 8), n, 'fan, alpha 0');
    // Equal weights: any alpha is uniform here too.
    expectFit(exitCounts(g, 0, 3, n), tips, tips.map(() => 1 / 8), n, 'fan, alpha 3');
  });

  it('alpha = 0 on an irregular DAG: exits match the exact uniform-walk probabilities (chi-square at 0.001)', function () {
    const m = irregular();
    build(g, m);
    const tips = m.tips();
    expect(Array.from(g.tips()).sort((a, b) => a - b)).to.deep.equal(tips);
    const p = m.uniformWalkProbabilities(0);
    const probs = tips.map((t) => p[t]);
    expect(probs.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12);
    const n = 10000;
    expectFit(exitCounts(g, 0, 0, n), tips, probs, n, 'irregular DAG from genesis');
    // From an inner entry point too (tx 9: its own sub-DAG, fewer tips).
    const p9 = m.uniformWalkProbabilities(9);
    const tips9 = tips.filter((t) => p9[t] > 0);
    expectFit(exitCounts(g, 9, 0, n), tips9, tips9.map((t) => p9[t]), n, 'irregular DAG from tx 9');
  });

  it('the chi-square critical values agree with the published table', function () {
    // NIST/SEMATECH e-Handbook, table 1.3.6.7.4 (upper 0.001 critical values).
    const table: [number, number][] = [[1, 10.828], [2, 13.816], [7, 24.322], [8, 26.124], [10, 29.588], [20, 45.315]];
    for (const [df, v] of table) expect(chiSquareCritical(df, 0.001), `df ${df}`).to.be.closeTo(v, 0.002);
  });

  it('alpha = 5: the heavier branch wins (>= 99% of 1,000 walks); alpha = 0: about half (heavy side from mulberry32 seed 42)', function () {
    const m = new DagModel();
    m.add(0, 0); // 1: root of the light side
    m.add(0, 0); // 2: root of the heavy side
    m.add(1, 1); // 3
    m.add(3, 1); // 4: light side, CW(1) = 3
    const heavy = new Set([2]);
    const rng = mulberry32(42);
    for (let i = 0; i < 30; i++) {
      const side = [...heavy];
      const x = m.add(side[Math.floor(rng() * side.length)], side[Math.max(0, side.length - 1 - Math.floor(rng() * 4))]);
      heavy.add(x);
    }
    build(g, m);
    expect(g.cumulativeWeight(1)).to.equal(3);
    expect(g.cumulativeWeight(2)).to.equal(31);
    const onHeavy = (alpha: number): number => {
      let k = 0;
      for (let s = 0; s < 1000; s++) if (heavy.has(g.walk(0, alpha, BigInt(s)))) k++;
      return k;
    };
    expect(onHeavy(5), 'alpha 5').to.be.at.least(990);
    const half = onHeavy(0);
    // Binomial(1000, 1/2): sd = 15.8; 5 sd either side.
    expect(half, 'alpha 0').to.be.within(421, 579);
  });

  it('a walk is a function of its seed; selectTips uses two derived seeds', function () {
    for (let i = 1; i <= 12; i++) g.insert(0, 0, i);
    expect(g.entryPoint(5), 'every candidate is a tip: the search goes down to genesis').to.equal(0);
    for (let s = 0n; s < 30n; s++) expect(g.walk(0, 0.3, s)).to.equal(g.walk(0, 0.3, s));
    const seen = new Set<number>();
    for (let s = 0n; s < 30n; s++) seen.add(g.walk(0, 0, s));
    expect(seen.size).to.be.at.least(8);
    const pairs = new Set<string>();
    let different = 0;
    for (let s = 0n; s < 30n; s++) {
      const [a, b] = g.selectTips({ alpha: 0, depth: 5, seed: s });
      expect(g.selectTips({ alpha: 0, depth: 5, seed: s })).to.deep.equal([a, b]);
      expect(a).to.be.within(1, 12);
      expect(b).to.be.within(1, 12);
      if (a !== b) different++;
      pairs.add(`${a},${b}`);
    }
    expect(different, 'the two walks of a selection are independent').to.be.at.least(20);
    expect(pairs.size).to.be.at.least(20);
    expect(g.walk(0, 0, (1n << 64n) - 1n)).to.be.within(1, 12); // the largest seed
  });
});

describe('graph: confirmation confidence', function () {
  let g: TangleGraph;
  before(async function () {
    g = await loadGraph();
  });

  /** Chain 1..5; p = 6 approves 5; a main tangle 7..30 grows on 5; lazy tip 31 approves only p. */
  function lazyTangle(): DagModel {
    const m = new DagModel();
    for (let i = 1; i <= 5; i++) m.add(i - 1, i - 1);
    m.add(5, 5); // 6 = p, approved only by the lazy tip
    m.add(5, 5); // 7: the main tangle starts
    const rng = mulberry32(7);
    for (let i = 8; i <= 30; i++) m.add(Math.max(7, i - 1 - Math.floor(rng() * 4)), Math.max(7, i - 1 - Math.floor(rng() * 6)));
    m.add(6, 6); // 31: lazy
    return m;
  }

  it('1 for txs every tip approves, low for a lazy tip\'s only parent, all within [0, 1] (main tangle from mulberry32 seed 7)', function () {
    const m = lazyTangle();
    build(g, m);
    const { start, values } = g.confidence({ samples: 100, alpha: 1, depth: 1000, seed: 9n });
    expect(start).to.equal(0);
    expect(values.length).to.equal(m.size);
    for (const v of values) expect(v).to.be.within(0, 1);
    for (let x = 0; x <= 5; x++) expect(values[x], `tx ${x} is approved by every tip`).to.equal(1);
    expect(values[6], 'the lazy tip\'s parent').to.be.below(0.05);
    expect(values[31], 'the lazy tip').to.equal(values[6]);
    expect(values[7], 'the main tangle\'s root').to.be.above(0.95);
    // With alpha = 0 the walk ignores weight: at tx 5 it picks p or the main tangle evenly.
    const flat = g.confidence({ samples: 1000, alpha: 0, depth: 1000, seed: 9n }).values;
    expect(flat[6]).to.be.within(0.42, 0.58);
    expect(flat[6] + flat[7]).to.be.closeTo(1, 1e-12);
  });

  it('with alpha = 0 it matches the exact inclusion probabilities', function () {
    const m = irregular();
    build(g, m);
    const p = m.uniformWalkProbabilities(0);
    const incl = new Float64Array(m.size);
    for (const t of m.tips()) for (const x of m.pastCone(t)) incl[x] += p[t];
    const n = 10000;
    const { start, values } = g.confidence({ samples: n, alpha: 0, depth: 100, seed: 2024n });
    expect(start).to.equal(0);
    for (let x = 0; x < m.size; x++) {
      const sd = Math.sqrt((incl[x] * (1 - incl[x])) / n);
      expect(values[x], `tx ${x}: exact ${incl[x].toFixed(4)}`).to.be.closeTo(incl[x], 5 * sd + 1e-12);
    }
  });

  it('covers the window only, from windowStart (growUniform seed 11)', function () {
    g.reset();
    g.growUniform(3000, 5, 11n);
    g.setMaxWindow(500);
    const { start, values } = g.confidence({ samples: 50, alpha: 0.5, depth: 100, seed: 1n });
    expect(start).to.equal(g.windowStart);
    expect(start).to.equal(g.size - 500);
    expect(values.length).to.equal(500);
    const entry = g.entryPoint(100);
    expect(values[entry - start], 'every walk starts at the entry point').to.equal(1);
    for (const t of g.tips()) if (t >= start) expect(values[t - start]).to.be.at.most(1);
    g.setMaxWindow(4096);
  });
});
