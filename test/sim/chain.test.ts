// The blockchain model against its own theory (issue 12): below capacity the mean time from arrival
// to confirmation is h + W + k × interval, W the mean wait for the next block (the whole interval
// for exponential intervals, memoryless; half of it for fixed ones); above capacity the throughput
// levels off at block capacity / interval. Seeded from TEST_SEED, printed on failure.
import { expect } from 'chai';
import { runSimulation, DEFAULT_MEASURE, type ChainParams } from '../../web/core/sim/index.ts';

const TEST_SEED = 1202;
const B = 10;
const CAP = 100;
const base: ChainParams = { blockInterval: B, intervals: 'exponential', blockBytes: CAP * 1280 + 80, headerBytes: 80, txBytes: 1280, k: 6, h: 1, hashRate: 1e6, feePerByte: 2 };
/** Blocks per run: the mean confirmation's relative error is about sqrt(k + 1) / sqrt(blocks). */
const BLOCKS = 4000;

function chain(lambda: number, p: Partial<ChainParams>, seed = TEST_SEED) {
  return runSimulation(null, { workload: { kind: 'poisson', lambda, bundles: Math.round(lambda * B * BLOCKS) }, tangle: null, chain: { ...base, ...p }, measure: DEFAULT_MEASURE, seed }).chain!;
}

describe(`sim: the blockchain model (TEST_SEED ${TEST_SEED})`, () => {
  for (const [intervals, wait] of [['fixed', B / 2], ['exponential', B]] as const) {
    it(`${intervals} intervals below capacity: mean confirmation = h + ${wait} + k × interval within 3%`, () => {
      const c = chain(1, { intervals });
      const theory = base.h + wait + base.k * B;
      expect(c.confirmation.mean!, `seed ${TEST_SEED}: measured ${c.confirmation.mean}, theory ${theory}`).to.be.within(0.97 * theory, 1.03 * theory);
      expect(c.inclusion.mean!, `seed ${TEST_SEED}: time to the including block`).to.be.within(0.95 * (base.h + wait), 1.05 * (base.h + wait));
      expect(c.leftBehind).to.equal(0);
    });
    it(`${intervals} intervals at twice the capacity: every block full, throughput at block size / interval`, () => {
      const c = chain(2 * (CAP / B), { intervals });
      expect(c.capacityRate).to.equal(CAP / B);
      expect(c.txsPerBlock, `seed ${TEST_SEED}: every block of the interval is full`).to.equal(CAP);
      // Fixed intervals: exact up to the block count's rounding (1%). Exponential: the blocks found in
      // the interval are Poisson, relative standard error 1 / sqrt(expected blocks); 4 of them.
      const blocks = (c.interval.to - c.interval.from) / B;
      const tol = intervals === 'fixed' ? 0.01 : 4 / Math.sqrt(blocks);
      expect(c.includedRate, `seed ${TEST_SEED}, tolerance ${tol.toFixed(3)}`).to.be.within((1 - tol) * (CAP / B), (1 + tol) * (CAP / B));
      expect(c.leftBehind, 'an overloaded chain leaves txs behind').to.be.greaterThan(0.2);
    });
  }

  it('PoW attempts per tx are the whole hash rate over the txs included; fees and bytes per tx follow the parameters', () => {
    const c = chain(1, { intervals: 'fixed' });
    // Each interval's blocks include every tx that arrived in it (well below capacity).
    expect(c.attemptsPerTx, `seed ${TEST_SEED}`).to.be.within(0.95 * (base.hashRate / 1), 1.05 * (base.hashRate / 1));
    expect(c.attemptsPerBlock).to.equal(base.hashRate * B);
    expect(c.feePerTx).to.equal(2 * 1280);
    expect(c.bytesPerTx).to.be.closeTo(1280 + 80 / c.txsPerBlock, 1e-9);
  });

  it('refuses a block that cannot hold one tx, and other bad parameters, naming the field', () => {
    expect(() => chain(1, { blockBytes: 1000 })).to.throw(RangeError, /blockBytes/);
    expect(() => chain(1, { k: -1 })).to.throw(RangeError, /\bk\b/);
    expect(() => chain(1, { intervals: 'weekly' as 'fixed' })).to.throw(RangeError, /intervals/);
  });
});
