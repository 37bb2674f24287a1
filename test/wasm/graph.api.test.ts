// The graph wrapper's contract (web/wasm/graph.ts): argument errors that name the argument, core
// errors that name the call, results that are copies, instances that are independent, and builds
// (release with SIMD, compat without, debug with checks) that agree exactly.
import { expect } from 'chai';
import { loadGraph, CoreError, type TangleGraph } from '../../web/wasm/index.ts';

describe('graph wrapper', function () {
  let g: TangleGraph;
  before(async function () {
    g = await loadGraph();
  });
  beforeEach(function () {
    g.reset();
    g.setMaxWindow(4096);
  });

  it('reserve makes room for a batch ahead of time and changes nothing else', function () {
    g.insert(0, 0, 1);
    const tips = Array.from(g.tips());
    const n = 5000;
    g.reserve(n);
    expect(g.capacity, 'room for the batch').to.be.at.least(g.size + n);
    expect(g.size, 'nothing inserted').to.equal(2);
    expect(Array.from(g.tips())).to.deep.equal(tips);
    const cap = g.capacity;
    const trunks = Uint32Array.from({ length: n }, (_, i) => i + 1);
    g.insertMany(trunks, Uint32Array.from(trunks), Float64Array.from({ length: n }, (_, i) => i + 2));
    expect(g.capacity, 'the batch needed no further growth').to.equal(cap);
    expect(g.size).to.equal(n + 2);
    expect(g.cumulativeWeight(n + 1)).to.equal(1);
    expect(() => g.reserve(-1)).to.throw(RangeError, /^count must be an integer from 0/);
    expect(() => g.reserve(g.maxSize)).to.throw(RangeError, /^count: \d+ more transactions would pass the limit/);
    expect(g.size, 'a refused reserve inserts nothing').to.equal(n + 2);
  });

  it('names the argument that is wrong', function () {
    g.insert(0, 0, 1);
    g.insert(1, 0, 2);
    expect(() => g.insert(3, 0, 3)).to.throw(RangeError, /^trunk must be an index from 0 to 2, got 3/);
    expect(() => g.insert(0, -1, 3)).to.throw(RangeError, /^branch must be an index/);
    expect(() => g.insert(0, 1.5, 3)).to.throw(RangeError, /^branch must be an index/);
    expect(() => g.insert(0, 0, NaN)).to.throw(RangeError, /^attachedAt must be a finite number/);
    expect(() => g.insert('0' as unknown as number, 0, 1)).to.throw(RangeError, /^trunk/);
    expect(() => g.insertMany([1] as unknown as Uint32Array, new Uint32Array(1), new Float64Array(1))).to.throw(TypeError, /^trunks must be a Uint32Array/);
    expect(() => g.insertMany(new Uint32Array(1), new Int32Array(1) as unknown as Uint32Array, new Float64Array(1))).to.throw(TypeError, /^branches must be a Uint32Array/);
    expect(() => g.insertMany(new Uint32Array(1), new Uint32Array(1), new Float32Array(1) as unknown as Float64Array)).to.throw(TypeError, /^attachedAts must be a Float64Array/);
    expect(() => g.insertMany(new Uint32Array(2), new Uint32Array(1), new Float64Array(2))).to.throw(RangeError, /^branches.length must equal trunks.length/);
    expect(() => g.insertMany(new Uint32Array(2), new Uint32Array(2), new Float64Array(3))).to.throw(RangeError, /^attachedAts.length must equal/);
    expect(() => g.insertMany(Uint32Array.of(0, 4), Uint32Array.of(0, 0), new Float64Array(2))).to.throw(RangeError, /^trunks\[1\] must be an earlier index \(< 4\), got 4/);
    expect(() => g.insertMany(Uint32Array.of(0, 3), Uint32Array.of(0, 9), new Float64Array(2))).to.throw(RangeError, /^branches\[1\]/);
    expect(() => g.insertMany(new Uint32Array(2), new Uint32Array(2), Float64Array.of(1, Infinity))).to.throw(RangeError, /^attachedAts\[1\] must be a finite number/);
    expect(g.size, 'a rejected batch inserts nothing').to.equal(3);
    expect(() => g.approvers(3)).to.throw(RangeError, /^i must be an index from 0 to 2/);
    expect(() => g.trunk(-1)).to.throw(RangeError, /^i must be/);
    expect(() => g.branch(3)).to.throw(RangeError, /^i must be/);
    expect(() => g.cumulativeWeight(7)).to.throw(RangeError, /^i must be/);
    expect(() => g.setMaxWindow(0)).to.throw(RangeError, /^maxWindow must be an integer from 1 to 1048576, got 0/);
    expect(() => g.setMaxWindow(2 ** 20 + 1)).to.throw(RangeError, /^maxWindow/);
    expect(() => g.entryPoint(-1)).to.throw(RangeError, /^depth must be an integer from 0/);
    expect(() => g.entryPoint(0.5)).to.throw(RangeError, /^depth/);
    expect(() => g.walk(3, 0, 0n)).to.throw(RangeError, /^entry must be an index in the window, from 0 to 2, got 3/);
    expect(() => g.walk(0, -1, 0n)).to.throw(RangeError, /^alpha must be a finite number >= 0, got -1/);
    expect(() => g.walk(0, Infinity, 0n)).to.throw(RangeError, /^alpha/);
    expect(() => g.walk(0, NaN, 0n)).to.throw(RangeError, /^alpha/);
    expect(() => g.walk(0, 1, -1n)).to.throw(RangeError, /^seed must be a bigint in \[0, 2\^64\)/);
    expect(() => g.walk(0, 1, 1n << 64n)).to.throw(RangeError, /^seed/);
    expect(() => g.walk(0, 1, 5 as unknown as bigint)).to.throw(RangeError, /^seed/);
    expect(() => g.selectTips(undefined as unknown as { alpha: number; depth: number; seed: bigint })).to.throw(TypeError, /^options must be an object/);
    expect(() => g.selectTips({ alpha: 1, depth: -2, seed: 0n })).to.throw(RangeError, /^depth/);
    expect(() => g.selectTips({ alpha: -0.1, depth: 2, seed: 0n })).to.throw(RangeError, /^alpha/);
    expect(() => g.selectTips({ alpha: 1, depth: 2, seed: 0 as unknown as bigint })).to.throw(RangeError, /^seed/);
    expect(() => g.confidence({ samples: 0, alpha: 1, depth: 2, seed: 0n })).to.throw(RangeError, /^samples must be an integer from 1 to 10000, got 0/);
    expect(() => g.confidence({ samples: 10001, alpha: 1, depth: 2, seed: 0n })).to.throw(RangeError, /^samples/);
    expect(() => g.confidence({ samples: 10, alpha: 1, depth: 2, seed: 2n ** 64n })).to.throw(RangeError, /^seed/);
    expect(() => g.growUniform(-1, 5, 0n)).to.throw(RangeError, /^count must be an integer from 0/);
    expect(() => g.growUniform(g.maxSize, 5, 0n)).to.throw(RangeError, /^count/);
    expect(() => g.growUniform(5, -1, 0n)).to.throw(RangeError, /^lambdaH must be an integer from 0/);
    expect(() => g.growUniform(5, 1, -3n)).to.throw(RangeError, /^seed/);
    // Nothing above changed the graph.
    expect(g.size).to.equal(3);
    expect([g.cumulativeWeight(0), g.cumulativeWeight(1), g.cumulativeWeight(2)]).to.deep.equal([3, 2, 1]);
  });

  it('refuses weights below the window and walks outside it', function () {
    for (let i = 1; i <= 30; i++) g.insert(i - 1, Math.max(0, i - 3), i);
    g.setMaxWindow(10);
    expect(g.windowStart).to.equal(21);
    expect(() => g.cumulativeWeight(20)).to.throw(RangeError, /^i must be >= windowStart \(21\)/);
    expect(g.cumulativeWeight(21)).to.equal(10);
    expect(() => g.walk(20, 0, 0n)).to.throw(RangeError, /^entry must be an index in the window, from 21 to 30/);
    // Widening the window rebuilds the weights it now covers.
    g.setMaxWindow(100);
    expect(g.windowStart).to.equal(0);
    expect(g.cumulativeWeight(0)).to.equal(31);
    expect(g.cumulativeWeight(20)).to.equal(11);
  });

  it('core errors are CoreErrors that name the call', async function () {
    // The wrapper checks first; the core's own checks are reached by calling it directly.
    const h = await loadGraph();
    const x = (h as unknown as Record<string, unknown>);
    expect(x).to.not.have.property('memory');
    const module = await WebAssembly.compileStreaming(fetch(new URL('../../build/wasm/core.wasm', import.meta.url)));
    let instance: WebAssembly.Instance;
    instance = await WebAssembly.instantiate(module, {
      env: {
        abort(ptr: number) {
          const mem = (instance.exports.memory as WebAssembly.Memory).buffer;
          const len = new Uint32Array(mem, ptr - 4, 1)[0];
          throw new CoreError(String.fromCharCode(...new Uint16Array(mem, ptr, len >>> 1)));
        },
      },
    });
    const raw = instance.exports as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(() => raw.graphInsert(1, 0, 0)).to.throw(CoreError, /parents must be earlier transactions/);
    expect(() => raw.graphInsert(0, 0, NaN)).to.throw(CoreError, /attachedAt must be finite/);
    expect(() => raw.graphWalk(0, -1, 0n)).to.throw(CoreError, /alpha must be finite and >= 0/);
    expect(() => raw.graphWalk(5, 1, 0n)).to.throw(CoreError, /index lies outside the weight window/);
    expect(() => raw.graphConfidence(0, 1, 0, 0n)).to.throw(CoreError, /samples must be between 1 and 10000/);
    expect(() => raw.graphSetMaxWindow(0)).to.throw(CoreError, /maxWindow must be between 1 and 2\^20/);
    expect(() => raw.graphInsertInput(1 << 20)).to.throw(CoreError, /batch length exceeds/);
    expect(() => raw.graphTrunk(1)).to.throw(CoreError, /index out of range/);
    expect(() => raw.graphEntryPoint(-1)).to.throw(CoreError, /depth must be >= 0/);
    expect(raw.graphSize()).to.equal(1);
  });

  it('returns copies, never views of WASM memory', function () {
    for (let i = 1; i <= 5; i++) g.insert(0, 0, i);
    const tips = g.tips();
    const approvers = g.approvers(0);
    const conf = g.confidence({ samples: 10, alpha: 0, depth: 3, seed: 1n });
    g.insert(1, 2, 6);
    g.growUniform(50_000, 4, 3n); // grows memory: old buffers would be detached
    expect(Array.from(tips).sort()).to.deep.equal([1, 2, 3, 4, 5]);
    expect(Array.from(approvers).sort()).to.deep.equal([1, 2, 3, 4, 5]);
    expect(conf.values.length).to.equal(6);
    expect(conf.values[0]).to.equal(1);
    tips[0] = 99;
    expect(Array.from(g.tips())).to.not.include(99);
    expect(tips.buffer.byteLength).to.equal(tips.byteLength);
  });

  it('instances are independent', async function () {
    const h = await loadGraph();
    g.insert(0, 0, 1);
    expect(h.size).to.equal(1);
    h.growUniform(100, 2, 1n);
    expect(g.size).to.equal(2);
    expect(h.size).to.equal(101);
  });

  it('release (SIMD), compat and debug builds agree exactly (growUniform seed 99)', async function () {
    const graphs = await Promise.all((['release', 'compat', 'debug'] as const).map((variant) => loadGraph({ variant })));
    const results = graphs.map((h) => {
      h.setMaxWindow(6000); // two column blocks in the rebuild
      h.growUniform(8000, 15, 99n);
      const cws = Array.from({ length: h.size - h.windowStart }, (_, i) => h.cumulativeWeight(h.windowStart + i));
      const picks = Array.from({ length: 20 }, (_, s) => h.selectTips({ alpha: 0.05, depth: 200, seed: BigInt(s) }));
      const conf = Array.from(h.confidence({ samples: 100, alpha: 0.05, depth: 200, seed: 5n }).values);
      return JSON.stringify({ cws, picks, conf, tips: Array.from(h.tips()) });
    });
    expect(results[1]).to.equal(results[0]);
    expect(results[2]).to.equal(results[0]);
  });
});
