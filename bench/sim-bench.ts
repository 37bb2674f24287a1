// The `sim` group (bench/README.md "Simulation lab"): how long the simulation lab (web/core/sim)
// takes on one core, and what keeping cumulative weights incrementally saves against recomputing
// every weight for each new tx, as public Tangle visualisers do (naive-cw.ts).

import { loadSimGraph, runSimulation, defaultTangleParams, DEFAULT_MEASURE, type SimParams } from '../web/core/sim/index.ts';
import { loadGraph } from '../web/wasm/index.ts';
import { buildApprovers, traversalCumulativeWeights, type PlainGraph } from './naive-cw.ts';

/** Parameters, copied to `_meta.sim`. */
export const SIM_PARAMS = {
  urts: { txs: 1_000_000, lambda: 50, h: 1, seed: 1 },
  walk: { txs: 100_000, lambda: 10, h: 1, alpha: 0.1, seed: 1 },
  cw: { txs: 2000, lambda: 10, h: 1, alpha: 0.1, seed: 1, rounds: 7 },
};

export interface SimFigures {
  urtsS: number;
  walkS: number;
  cwPerTxMs: number;
  naivePerTxMs: number;
  /** Each round of the two weight measurements, ms per tx. */
  cwRoundsMs: number[];
  naiveRoundsMs: number[];
  urtsMeanTips: number;
  walkMeanTips: number;
  walkConfirmedShare: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs the three measurements in this thread, one after the other. Called by bench/main.ts. */
export async function measureSim(say: (text: string) => void): Promise<SimFigures> {
  const sg = await loadSimGraph();
  // 1. A 10^6-tx URTS run: arrivals, tip draws, inserts, PoW draws and the metrics; no weights are read.
  const u = SIM_PARAMS.urts;
  say(`sim: URTS run of ${u.txs.toLocaleString('en-US')} txs…`);
  const urtsParams: SimParams = {
    workload: { kind: 'poisson', lambda: u.lambda, bundles: u.txs },
    tangle: { ...defaultTangleParams({ tipSelection: 'urts', h: u.h, lambda: u.lambda, confirm: false }), maxWindow: 1 },
    chain: null,
    measure: DEFAULT_MEASURE,
    seed: u.seed,
  };
  let t0 = performance.now();
  const ur = runSimulation(sg, urtsParams);
  const urtsS = (performance.now() - t0) / 1000;
  // 2. A 10^5-tx alpha-walk run with confirmation checks every h (the report's settings).
  const w = SIM_PARAMS.walk;
  say(`sim: α-walk run of ${w.txs.toLocaleString('en-US')} txs…`);
  t0 = performance.now();
  const wr = runSimulation(sg, {
    workload: { kind: 'poisson', lambda: w.lambda, bundles: w.txs },
    tangle: defaultTangleParams({ tipSelection: 'alpha', alpha: w.alpha, h: w.h, lambda: w.lambda }),
    chain: null,
    measure: DEFAULT_MEASURE,
    seed: w.seed,
  });
  const walkS = (performance.now() - t0) / 1000;
  // 3. Weights at 2,000 txs: the parents of an alpha-walk run, replayed into a fresh graph one tx
  //    at a time (insert updates the window's weights, as the lab's runs do) against the naive
  //    approach: every weight recomputed from scratch after each new tx.
  const c = SIM_PARAMS.cw;
  say('sim: cumulative weights at 2,000 txs…');
  const p = { ...defaultTangleParams({ tipSelection: 'alpha', alpha: c.alpha, h: c.h, lambda: c.lambda, confirm: false }), maxWindow: 4096 };
  const src = await loadSimGraph();
  runSimulation(src, { workload: { kind: 'poisson', lambda: c.lambda, bundles: c.txs + 200 }, tangle: p, chain: null, measure: DEFAULT_MEASURE, seed: c.seed });
  const n = c.txs + 1;
  const plain: PlainGraph = { size: n, trunks: new Uint32Array(n), branches: new Uint32Array(n) };
  for (let i = 1; i < n; i++) {
    plain.trunks[i] = src.graph.trunk(i);
    plain.branches[i] = src.graph.branch(i);
  }
  const g = await loadGraph();
  g.setMaxWindow(4096);
  const cwRoundsMs: number[] = [];
  const naiveRoundsMs: number[] = [];
  let naiveLast: Uint32Array = new Uint32Array(0);
  for (let r = 0; r <= c.rounds; r++) {
    g.reset();
    t0 = performance.now();
    for (let i = 1; i < n; i++) g.insert(plain.trunks[i], plain.branches[i], i);
    const ours = (performance.now() - t0) / c.txs;
    t0 = performance.now();
    for (let size = 2; size <= n; size++) {
      const prefix = { size, trunks: plain.trunks.subarray(0, size), branches: plain.branches.subarray(0, size) };
      naiveLast = traversalCumulativeWeights(prefix, buildApprovers(prefix));
    }
    const naive = (performance.now() - t0) / c.txs;
    if (r > 0) {
      cwRoundsMs.push(ours);
      naiveRoundsMs.push(naive);
    }
  }
  // Both must give the same weights for every tx.
  for (let x = 0; x < n; x++) {
    if (g.cumulativeWeight(x) !== naiveLast[x]) throw new Error(`sim.cw: tx ${x} has weight ${g.cumulativeWeight(x)} in the core and ${naiveLast[x]} recomputed`);
  }
  return {
    urtsS,
    walkS,
    cwPerTxMs: median(cwRoundsMs),
    naivePerTxMs: median(naiveRoundsMs),
    cwRoundsMs,
    naiveRoundsMs,
    urtsMeanTips: ur.tangle!.meanTips,
    walkMeanTips: wr.tangle!.meanTips,
    walkConfirmedShare: wr.tangle!.confirmedShare,
  };
}
