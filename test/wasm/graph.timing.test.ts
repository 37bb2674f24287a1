// Timings of the graph core in this browser, logged for the benchmark notes. Nothing here asserts on
// time (that would be flaky); it asserts only that the work was done.
import { expect } from 'chai';
import { loadGraph, type TangleGraph } from '../../web/wasm/index.ts';
import { mulberry32 } from './graph.helpers.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median over 20 samples of the mean time of one selectTips call; each sample averages a batch of
 * 100 calls (different seeds), as performance.now() is coarsened to 0.1 ms in this page. */
function timeSelect(g: TangleGraph, alpha: number, depth: number): number {
  const ms: number[] = [];
  let seed = 0n;
  for (let s = 0; s < 20; s++) {
    const t0 = performance.now();
    for (let k = 0; k < 100; k++) g.selectTips({ alpha, depth, seed: seed++ });
    ms.push((performance.now() - t0) / 100);
  }
  return median(ms);
}

describe('graph timings (logged, never asserted)', function () {
  this.timeout(60000);
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    console.log(`[graph timing] ${s}`);
  };

  it('insert with maxWindow 4096 (incremental weights)', async function () {
    const g = await loadGraph();
    g.growUniform(10_000, 10, 1n);
    const rng = mulberry32(1);
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const size = g.size;
      g.insert(Math.max(0, size - 1 - Math.floor(rng() * 30)), Math.max(0, size - 1 - Math.floor(rng() * 30)), size);
    }
    const us = ((performance.now() - t0) / n) * 1000;
    log(`insert, maxWindow 4096, recent parents: ${us.toFixed(2)} µs/insert (${n} inserts)`);
    expect(g.size).to.equal(30_001);
  });

  it('insertMany of 100,000 txs', async function () {
    const g = await loadGraph();
    const n = 100_000;
    const rng = mulberry32(2);
    const trunks = new Uint32Array(n);
    const branches = new Uint32Array(n);
    const ats = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = i + 1;
      trunks[i] = Math.max(0, x - 1 - Math.floor(rng() * 30));
      branches[i] = Math.max(0, x - 1 - Math.floor(rng() * 30));
      ats[i] = x;
    }
    const ms: number[] = [];
    for (let r = 0; r < 5; r++) {
      g.reset();
      const t0 = performance.now();
      g.insertMany(trunks, branches, ats);
      ms.push(performance.now() - t0);
    }
    log(`insertMany 100,000 txs (checks, copy-in, window rebuild): median ${median(ms).toFixed(1)} ms of 5 [${ms.map((m) => m.toFixed(1)).join(', ')}]`);
    expect(g.size).to.equal(n + 1);
  });

  for (const size of [100_000, 1_000_000])
    it(`selectTips on a ${size.toLocaleString('en')} tx growUniform graph`, async function () {
      const g = await loadGraph();
      const t0 = performance.now();
      g.growUniform(size - 1, 10, 3n);
      log(`growUniform ${size.toLocaleString('en')} (lambdaH 10): ${(performance.now() - t0).toFixed(0)} ms`);
      for (const [alpha, depth] of [[0.001, 100], [0.1, 100], [0.001, 4096]] as const) {
        log(`selectTips, ${size.toLocaleString('en')} txs, alpha ${alpha}, depth ${depth}: median ${(timeSelect(g, alpha, depth) * 1000).toFixed(1)} µs (20 batches of 100)`);
      }
      const c0 = performance.now();
      const { values } = g.confidence({ samples: 100, alpha: 0.001, depth: 100, seed: 1n });
      log(`confidence, ${size.toLocaleString('en')} txs, 100 walks, alpha 0.001, depth 100: ${(performance.now() - c0).toFixed(1)} ms`);
      expect(values.length).to.equal(4096);
    });

  after(function () {
    console.log(`[graph timing] summary\n${lines.join('\n')}`);
  });
});
