// Tip selection as the app runs it: TangleGraph.selectTips with the replica's DEFAULT_ALPHA (0.1)
// and DEFAULT_DEPTH, i.e. two walks from the entry point, each stepping from x to an approver y with
// probability ∝ exp(-α (CW(x) - CW(y))) and stopping at a tip (docs/design.md "Tip selection and
// confirmation"; assembly/walk.ts). The exact exit distribution is computed in plain TypeScript from
// that definition (graph.helpers.ts: CW by a BFS per tx, the entry point rule, the weighted walk),
// never by the core, on irregular DAGs whose approvers have unequal weights. Many seeded selections
// through the WASM are then held against it with Pearson's chi-square: a p-value below 1e-4 fails.
//
// What makes the test able to fail:
// - alpha must matter on every DAG: the exit distribution at the app's alpha is at least 0.15 (in
//   total variation) from the one at alpha = 0, and the same counts are checked to reject the
//   alpha = 0 distribution, so a walk that ignored alpha fails;
// - power: with 100,000 walks per DAG, a deviation of 2 points in any one exit probability (the
//   rest rescaled) gives a noncentrality of at least 100,000 · 0.02² · 4 = 160 against a critical
//   value of about 30 (df 6 or 7 here, p = 1e-4); each DAG checks that its own counts reject every
//   such deviated distribution;
// - the two walks of a selection are checked jointly (pairs against the product of the marginals),
//   so two walks that shared their randomness would fail.
// The walks' seeds come from TEST_SEED (printed in every test name and failure message); the counts
// are a function of it, so a failure replays exactly.
import { expect } from 'chai';
import { loadGraph, type TangleGraph } from '../../web/wasm/index.ts';
import { DEFAULT_ALPHA, DEFAULT_DEPTH } from '../../web/ledger/index.ts';
import { DagModel, irregular, mulberry32, pooledChiSquare, type ChiSquareFit } from './graph.helpers.ts';

const TEST_SEED = 0xa1fa_5eed_0000_0001n;
/** Selections per DAG: 2 walks each, 100,000 walks. */
const SELECTIONS = 50_000;
/** A fit with a p-value below this fails; a deviation must be rejected below it. */
const FAIL_P = 1e-4;
/** The deviation in one exit probability that the counts must be able to detect. */
const DEVIATION = 0.02;
/** Total variation between the exit distributions at the app's alpha and at alpha = 0, at least. */
const MIN_ALPHA_EFFECT = 0.15;

const U64 = (1n << 64n) - 1n;

/**
 * The seed of selection k: TEST_SEED + k through an xor-shift-multiply mix (a bijection of u64, so
 * distinct for distinct k). Not a step sequence: the core derives walk i of seed s from
 * s + (i + 1)·0x9e3779b97f4a7c15 (assembly/rng.ts), so with seeds s + k·0x9e3779b97f4a7c15 the
 * second walk of selection k would be the first walk of selection k + 1, and the counts of the
 * test would hold every walk twice (a first version of this test did so, and its chi-square came
 * out twice as large as it should).
 */
function selectionSeed(k: number): bigint {
  let z = (TEST_SEED + BigInt(k)) & U64;
  z = ((z ^ (z >> 33n)) * 0xff51afd7ed558ccdn) & U64;
  z = ((z ^ (z >> 33n)) * 0xc4ceb9fe1a85ec53n) & U64;
  return z ^ (z >> 33n);
}

// ---- the DAGs ------------------------------------------------------------------------------------

/** Each tx approves two of the txs 1..5 (80%) or 1..20 indices back; trunk == branch 15% of the time. */
function recentParents(seed: number, count: number): DagModel {
  const rng = mulberry32(seed);
  const m = new DagModel();
  const back = (n: number): number => {
    const reach = rng() < 0.8 ? 5 : 20;
    return Math.max(0, n - 1 - Math.floor(rng() * Math.min(n, reach)));
  };
  for (let i = 1; i <= count; i++) {
    const t = back(i);
    m.add(t, rng() < 0.15 ? t : back(i));
  }
  return m;
}

/** The uniform random tip model with a delay: tx i approves two tips (drawn uniformly, with replacement) of txs 0 .. i - delay - 1. */
function delayedUniformTips(seed: number, count: number, delay: number): DagModel {
  const rng = mulberry32(seed);
  const m = new DagModel();
  const visible = new Set<number>([0]);
  for (let i = 1; i <= count; i++) {
    const j = i - delay; // the tx that becomes visible now
    if (j >= 1) {
      visible.delete(m.trunks[j]);
      visible.delete(m.branches[j]);
      visible.add(j);
    }
    const tips = [...visible];
    m.add(tips[Math.floor(rng() * tips.length)], tips[Math.floor(rng() * tips.length)]);
  }
  return m;
}

/**
 * A chain 1..10, then tx 11 (the entry point: the oldest candidate at depth 15, and everything newer
 * approves it). Above it a light side (12..15, CW(12) = 5) and a heavy side (16..41, CW(16) = 26),
 * with one heavy tx (30) also approving the light side's 13. At 11 the walk takes the light side
 * with probability 1/2 at alpha = 0 but about 1/10 at alpha = 0.1.
 */
function lightAndHeavy(): DagModel {
  const m = new DagModel();
  for (let i = 1; i <= 10; i++) m.add(i - 1, i - 1);
  const edges: [number, number][] = [
    [10, 9], // 11
    [11, 11], [12, 12], [12, 11], [13, 12], // 12..15: the light side
    [11, 11], [16, 16], [17, 16], [16, 16], [18, 16], [20, 16], [19, 17], [21, 16], [22, 18], [22, 22], // 16..25
    [23, 19], [23, 23], [24, 26], [26, 26], [29, 13], [27, 29], [29, 28], [32, 27], [31, 32], [34, 31], // 26..35
    [34, 31], [35, 33], [34, 34], [38, 35], [38, 36], [37, 36], // 36..41
  ];
  for (const [t, b] of edges) m.add(t, b);
  return m;
}

/**
 * A chain 1..10, then 11 and 12 both approving 10, 13 approving 11 and 14 approving 12, and 15
 * approving 13 and 14, 16 approving 15 and 13. Every later tx (17..41, parents among the 1..4 or
 * 1..12 txs before it, down to 15) approves 15 or 16, so 11 and 12 have the same future and tie for
 * the heaviest candidate: the entry point is the newer, 12. From 11 the walk could also step to 16
 * through 13, so taking the older one moves the exits (by 0.011 in total variation; with the entry
 * point check below disabled, the exit counts alone reject that at p = 6e-16).
 */
function tieAtEntry(seed: number): DagModel {
  const rng = mulberry32(seed);
  const m = new DagModel();
  for (let i = 1; i <= 10; i++) m.add(i - 1, i - 1);
  for (const [t, b] of [[10, 10], [10, 10], [11, 11], [12, 12], [13, 14], [15, 13]]) m.add(t, b);
  const back = (n: number): number => {
    const reach = rng() < 0.8 ? 4 : 12;
    return Math.max(15, n - 1 - Math.floor(rng() * Math.min(n - 15, reach)));
  };
  for (let i = 17; i <= 41; i++) {
    const t = back(i);
    m.add(t, rng() < 0.15 ? t : back(i));
  }
  return m;
}

const DAGS: { name: string; model: () => DagModel }[] = [
  { name: 'the irregular DAG (32 txs)', model: irregular },
  { name: 'a light and a heavy side (42 txs)', model: lightAndHeavy },
  { name: 'recent parents (60 txs, seed 1)', model: () => recentParents(1, 60) },
  { name: 'uniform tips, delay 3 (70 txs, seed 1)', model: () => delayedUniformTips(1, 70, 3) },
  { name: 'a tie for the entry point (42 txs, seed 4)', model: () => tieAtEntry(4) },
];

// ---- helpers -------------------------------------------------------------------------------------

/** Builds `model`'s txs into `g` one insert at a time. */
function build(g: TangleGraph, model: DagModel): void {
  g.reset();
  g.setMaxWindow(4096);
  for (let i = 1; i < model.size; i++) g.insert(model.trunks[i], model.branches[i], i);
}

function describeFit(fit: ChiSquareFit): string {
  const round = (xs: number[]) => JSON.stringify(xs.map((x) => Math.round(x * 10) / 10));
  return `chi2 = ${fit.statistic.toFixed(2)}, df = ${fit.df}, p = ${fit.p.toExponential(2)}; observed ${round(fit.observed)}, expected ${round(fit.expected)}`;
}

/** `probs` with cell t moved by `delta` and the other cells rescaled to keep the sum 1. */
function deviate(probs: number[], t: number, delta: number): number[] {
  const scale = (1 - probs[t] - delta) / (1 - probs[t]);
  return probs.map((p, i) => (i === t ? p + delta : p * scale));
}

// ---- the tests -----------------------------------------------------------------------------------

describe(`graph: tip selection at the app's alpha against the exact walk (test seed 0x${TEST_SEED.toString(16)})`, function () {
  let g: TangleGraph;
  before(async function () {
    g = await loadGraph();
  });

  it('runs at the app\'s alpha > 0 and depth', function () {
    expect(DEFAULT_ALPHA, 'DEFAULT_ALPHA').to.be.above(0);
    expect(DEFAULT_DEPTH, 'DEFAULT_DEPTH').to.be.at.least(1);
  });

  it('pools cells expected fewer than 5 times, and refuses a count where none can be', function () {
    // Expected 10.2, 20.4, 2.38, 1.02 of 34: the last two pool to 3.4, still < 5, so 10.2 joins them.
    const fit = pooledChiSquare([10, 20, 3, 1], [0.3, 0.6, 0.07, 0.03], 34);
    expect(fit.observed).to.deep.equal([20, 14]);
    expect(fit.expected[0]).to.be.closeTo(20.4, 1e-9);
    expect(fit.expected[1]).to.be.closeTo(13.6, 1e-9);
    expect(fit.df).to.equal(1);
    expect(fit.statistic).to.be.closeTo(0.4 ** 2 / 20.4 + 0.4 ** 2 / 13.6, 1e-12);
    expect(pooledChiSquare([50, 49, 1], [0.5, 0.5, 0], 100).p, 'a count in a cell of probability 0').to.equal(0);
  });

  for (const dag of DAGS) {
    it(`${dag.name}: exits of ${SELECTIONS} selections fit the exact distribution (chi-square, fail at p < ${FAIL_P})`, function () {
      this.timeout(300_000);
      const where = `${dag.name}, test seed 0x${TEST_SEED.toString(16)}`;
      const m = dag.model();
      build(g, m);

      // The graph the core holds is the model's: weights by brute force, tips, the entry point.
      const cw = m.cumulativeWeights(0);
      expect(g.windowStart, `${where}: the whole DAG is in the window`).to.equal(0);
      for (let x = 0; x < m.size; x++) expect(g.cumulativeWeight(x), `${where}: CW(${x})`).to.equal(cw[x]);
      const tips = m.tips();
      expect(Array.from(g.tips()).sort((a, b) => a - b), `${where}: tips`).to.deep.equal(tips);
      const entry = m.entryPoint(DEFAULT_DEPTH);
      expect(g.entryPoint(DEFAULT_DEPTH), `${where}: entry point`).to.equal(entry);

      // The exact exit distributions at the app's alpha and at 0; the second agrees with the
      // separately written uniform walk, a check of the weighted one's bookkeeping.
      const exact = m.walkProbabilities(entry, DEFAULT_ALPHA);
      const flat = m.walkProbabilities(entry, 0);
      const uniform = m.uniformWalkProbabilities(entry);
      for (let x = 0; x < m.size; x++) expect(flat[x], `${where}: alpha 0 at ${x}`).to.be.closeTo(uniform[x], 1e-12);
      const reach = tips.filter((t) => exact[t] > 0);
      const probs = reach.map((t) => exact[t]);
      const probs0 = reach.map((t) => flat[t]);
      expect(probs.reduce((a, b) => a + b, 0), `${where}: exit probabilities sum to 1`).to.be.closeTo(1, 1e-12);
      expect(reach.length, `${where}: exit tips`).to.be.at.least(4);
      const tv = probs.reduce((s, p, i) => s + Math.abs(p - probs0[i]), 0) / 2;
      expect(tv, `${where}: alpha must matter (total variation from alpha = 0)`).to.be.at.least(MIN_ALPHA_EFFECT);

      // The selections, as the replica makes them.
      const slot = new Map(reach.map((t, i) => [t, i]));
      const k = reach.length;
      const marginal = new Array<number>(k).fill(0);
      const pairs = new Array<number>(k * k).fill(0);
      for (let s = 0; s < SELECTIONS; s++) {
        const [a, b] = g.selectTips({ alpha: DEFAULT_ALPHA, depth: DEFAULT_DEPTH, seed: selectionSeed(s) });
        const ia = slot.get(a);
        const ib = slot.get(b);
        if (ia === undefined || ib === undefined) {
          expect.fail(`${where}: selection ${s} (seed ${selectionSeed(s)}) gave [${a}, ${b}], not both tips reachable from ${entry} (${reach})`);
        }
        marginal[ia]++;
        marginal[ib]++;
        pairs[ia * k + ib]++;
      }
      const walks = 2 * SELECTIONS;

      const fit = pooledChiSquare(marginal, probs, walks);
      expect(fit.p, `${where}: exits ${reach} against the exact alpha = ${DEFAULT_ALPHA} walk: ${describeFit(fit)}`).to.be.at.least(FAIL_P);
      const joint = pooledChiSquare(pairs, probs.flatMap((p) => probs.map((q) => p * q)), SELECTIONS);
      expect(joint.p, `${where}: (first, second) tip pairs against independent walks: ${describeFit(joint)}`).to.be.at.least(FAIL_P);

      // The same counts reject the walk that ignores weight...
      const against0 = pooledChiSquare(marginal, probs0, walks);
      expect(against0.p, `${where}: the counts must reject the alpha = 0 distribution: ${describeFit(against0)}`).to.be.below(FAIL_P);
      // ...and any 2-point deviation in one exit probability.
      for (let t = 0; t < k; t++) {
        for (const delta of [DEVIATION, -DEVIATION]) {
          if (probs[t] + delta <= 0) continue;
          const off = pooledChiSquare(marginal, deviate(probs, t, delta), walks);
          expect(off.p, `${where}: the counts must reject P(${reach[t]}) moved by ${delta}: ${describeFit(off)}`).to.be.below(FAIL_P);
        }
      }
    });
  }

  it('a selection at the app\'s alpha is a function of its seed, and different seeds give different tips', async function () {
    const where = `recent parents (60 txs, seed 1), test seed 0x${TEST_SEED.toString(16)}`;
    const m = recentParents(1, 60);
    build(g, m);
    const twin = await loadGraph(); // a fresh instance: nothing but the graph and the seed may matter
    build(twin, m);
    const entry = g.entryPoint(DEFAULT_DEPTH);
    const batch = 200;
    const firsts = new Set<number>();
    const pairs = new Set<string>();
    for (let s = 0; s < batch; s++) {
      const options = { alpha: DEFAULT_ALPHA, depth: DEFAULT_DEPTH, seed: selectionSeed(s) };
      const tips = g.selectTips(options);
      expect(g.selectTips(options), `${where}: selection ${s} again`).to.deep.equal(tips);
      expect(twin.selectTips(options), `${where}: selection ${s} on a second instance`).to.deep.equal(tips);
      const w = g.walk(entry, DEFAULT_ALPHA, selectionSeed(s));
      expect(twin.walk(entry, DEFAULT_ALPHA, selectionSeed(s)), `${where}: walk ${s} on a second instance`).to.equal(w);
      firsts.add(tips[0]);
      pairs.add(tips.join(','));
    }
    // This DAG has 8 exit tips at alpha = 0.1, none below 4%: 200 selections see nearly all of them
    // (a missed tip is expected 0.14 times) and about 50 distinct pairs.
    expect(firsts.size, `${where}: distinct first tips over ${batch} seeds`).to.be.at.least(5);
    expect(pairs.size, `${where}: distinct pairs over ${batch} seeds`).to.be.at.least(20);
  });
});
