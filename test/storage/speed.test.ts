// Speed check of the IndexedDB replica (logged, never asserted: timings depend on the machine).
// Appends 100,000 txs of 1,280 bytes in batches of 1,000, then closes, reopens and loads the graph
// columns and tags cold, and reads scattered txs (each a slice of a Blob segment, not the segment).
// TOOLCHAIN.md: one put per tx would cap ingest near 30,000 txs/s; getAll of 100,000 small records
// takes about 0.55 s.
import { expect } from 'chai';
import { IdbReplicaStore } from '../../web/storage/index.ts';
import { dropDb, makeBatch, uniqueDbName } from './helpers.ts';

describe('IdbReplicaStore speed (logged, not asserted)', function () {
  this.timeout(300_000);
  const total = 100_000;
  const batchSize = 1_000;
  const txSize = 1280;
  let name: string;
  before(() => {
    name = uniqueDbName('speed');
  });
  after(async () => dropDb(name));

  it(`appends ${total.toLocaleString('en')} txs in batches of ${batchSize.toLocaleString('en')}, then loads them cold`, async () => {
    // One template batch (its parents all fall below index 1000, so they stay valid at any offset);
    // each batch stamps its number into the tx bytes and ids, so no two batches are identical.
    const template = makeBatch(1, batchSize, 1, txSize);
    const s = await IdbReplicaStore.open(name, { txSize });
    const t0 = performance.now();
    for (let b = 0; b < total / batchSize; b++) {
      for (let i = 0; i < batchSize; i++) {
        template.txs[i * txSize + 1] = b & 0xff;
        template.ids[i * 32] = b & 0xff;
      }
      const { first } = await s.append(template);
      if (first !== b * batchSize + 1) expect.fail(`batch ${b} got first index ${first}`);
    }
    const appendMs = performance.now() - t0;
    const st = await s.stats();
    s.close();

    const t1 = performance.now();
    const cold = await IdbReplicaStore.open(name, { txSize });
    const t2 = performance.now();
    const snap = await cold.load();
    const loadMs = performance.now() - t2;
    const r0 = performance.now();
    let reads = 0;
    for (let k = 0; k < 200; k++) {
      await cold.readTx(1 + ((k * 7919) % total));
      reads++;
    }
    const readMs = performance.now() - r0;
    cold.close();

    expect(snap.txCount).to.equal(total);
    expect(st.txCount).to.equal(total);
    const mb = (total * txSize) / 1e6;
    console.log(
      `speed: append ${total} txs (${mb.toFixed(0)} MB) in batches of ${batchSize}: ${appendMs.toFixed(0)} ms = ` +
        `${Math.round(total / (appendMs / 1000)).toLocaleString('en')} txs/s (${(mb / (appendMs / 1000)).toFixed(0)} MB/s), ` +
        `${st.segments} segments`,
    );
    console.log(
      `speed: cold load() of ${total} txs' graph columns and tags (${((snap.ids.byteLength + 16 * total + snap.tags.byteLength) / 1e6).toFixed(1)} MB): ` +
        `${loadMs.toFixed(0)} ms (reopen ${(t2 - t1).toFixed(0)} ms)`,
    );
    console.log(`speed: ${reads} scattered readTx: ${(readMs / reads).toFixed(2)} ms each`);
  });
});
