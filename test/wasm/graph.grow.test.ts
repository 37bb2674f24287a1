// Synthetic growth (the uniform random tip model with delay, docs/design.md "Proving the paper's
// claims") and capacity: the steady-state tip count is about 2 lambdaH (Popov), the generated
// graph is well formed, its window weights match the BFS oracle, and the graph reaches 2,000,000
// transactions with its early data intact.
import { expect } from 'chai';
import { loadGraph, type TangleGraph } from '../../web/wasm/index.ts';

/** CW of every tx in [from, size) by BFS over approvers among [from, size) (the future of x >= from lies there). */
function windowOracle(g: TangleGraph, from: number): Uint32Array {
  const n = g.size - from;
  const approvers: number[][] = Array.from({ length: n }, () => []);
  for (let i = 1; i < n; i++) {
    const x = from + i;
    const t = g.trunk(x);
    const b = g.branch(x);
    if (t >= from) approvers[t - from].push(i);
    if (b !== t && b >= from) approvers[b - from].push(i);
  }
  const out = new Uint32Array(n);
  const seen = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    let head = 0;
    let tail = 0;
    queue[tail++] = v;
    seen[v] = v;
    while (head < tail) {
      const u = queue[head++];
      for (const y of approvers[u]) if (seen[y] !== v) (seen[y] = v), (queue[tail++] = y);
    }
    out[v] = tail;
  }
  return out;
}

function expectWindowWeights(g: TangleGraph, what: string): void {
  const ws = g.windowStart;
  const oracle = windowOracle(g, ws);
  const bad: string[] = [];
  for (let x = ws; x < g.size && bad.length < 5; x++) {
    if (g.cumulativeWeight(x) !== oracle[x - ws]) bad.push(`tx ${x}: cw ${g.cumulativeWeight(x)}, oracle ${oracle[x - ws]}`);
  }
  expect(bad, what).to.deep.equal([]);
}

describe('graph: growUniform', function () {
  let g: TangleGraph;
  before(async function () {
    g = await loadGraph();
  });
  beforeEach(function () {
    g.reset();
    g.setMaxWindow(4096);
  });

  it('grows size by count, with earlier parents and increasing attachment times (seeds 1, 2, 3)', function () {
    g.growUniform(5000, 8, 1n);
    expect(g.size).to.equal(5001);
    g.growUniform(0, 8, 2n);
    expect(g.size).to.equal(5001);
    g.growUniform(999, 8, 3n);
    expect(g.size).to.equal(6000);
    for (let x = 1; x < g.size; x++) {
      expect(g.trunk(x)).to.be.below(x);
      expect(g.branch(x)).to.be.below(x);
      expect(g.attachedAt(x)).to.be.above(g.attachedAt(x - 1));
    }
    // With a delay of 8, tx x never approves any of the 8 txs before it.
    for (let x = 10; x < g.size; x++) {
      expect(g.trunk(x), `trunk of ${x}`).to.be.below(x - 8);
      expect(g.branch(x), `branch of ${x}`).to.be.below(x - 8);
    }
    expect(g.windowStart).to.equal(6000 - 4096);
    expectWindowWeights(g, 'growUniform window');
  });

  it('the same seed grows the same graph (seeds 77 and 78)', async function () {
    const h = await loadGraph();
    g.growUniform(2000, 5, 77n);
    h.growUniform(2000, 5, 77n);
    for (let x = 1; x < 2000; x++) expect([h.trunk(x), h.branch(x)]).to.deep.equal([g.trunk(x), g.branch(x)]);
    h.reset();
    h.growUniform(2000, 5, 78n);
    let same = 0;
    for (let x = 100; x < 2000; x++) if (h.trunk(x) === g.trunk(x)) same++;
    expect(same).to.be.below(1000);
  });

  for (const lambdaH of [10, 40])
    it(`steady-state tip count is about 2 lambdaH (Popov), lambdaH = ${lambdaH} (seeds ${lambdaH}, then ${lambdaH * 1000} + checkpoint)`, function () {
      g.growUniform(30 * lambdaH + 2000, lambdaH, BigInt(lambdaH)); // warm-up
      let sum = 0;
      const checkpoints = 100;
      for (let i = 0; i < checkpoints; i++) {
        g.growUniform(10 * lambdaH, lambdaH, BigInt(lambdaH * 1000 + i));
        sum += g.tipCount;
      }
      const mean = sum / checkpoints;
      expect(mean, `mean tip count over ${checkpoints} checkpoints, lambdaH ${lambdaH}`).to.be.within(1.5 * lambdaH, 2.5 * lambdaH);
    });

  it('lambdaH = 0 sees every tx: with one tip there stays one tip', function () {
    g.growUniform(500, 0, 5n);
    expect(g.tipCount).to.equal(1);
    for (let x = 1; x <= 500; x++) expect(g.trunk(x)).to.equal(x - 1);
  });

  it('reaches 2,000,000 txs; data from before the growth is intact (seeds 12 and 13)', function () {
    this.timeout(60000);
    g.growUniform(3000, 20, 12n);
    const early = Array.from({ length: 3001 }, (_, x) => [g.trunk(x), g.branch(x), g.attachedAt(x)]);
    g.growUniform(2_000_000 - 3001, 20, 13n);
    expect(g.size).to.equal(2_000_000);
    expect(g.capacity).to.be.at.least(2_000_000);
    for (let x = 0; x <= 3000; x++) expect([g.trunk(x), g.branch(x), g.attachedAt(x)], `tx ${x}`).to.deep.equal(early[x]);
    expect(g.tipCount).to.be.within(20, 70);
    expect(g.windowStart).to.equal(2_000_000 - 4096);
    expectWindowWeights(g, 'window at 2,000,000');
    const [a, b] = g.selectTips({ alpha: 0.01, depth: 1000, seed: 1n });
    const tips = new Set(g.tips());
    expect(tips.has(a) && tips.has(b)).to.equal(true);
    const x = g.insert(a, b, g.attachedAt(g.size - 1) + 1);
    expect(x).to.equal(2_000_000);
    expect(g.cumulativeWeight(a)).to.equal(2);
    g.reset();
    expect(g.size).to.equal(1);
    expect(g.capacity, 'reset keeps the reserved memory').to.be.at.least(2_000_000);
  });
});
