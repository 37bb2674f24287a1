// An append is all or nothing, in a real browser database: (a) a transaction aborted after some of a
// batch's segments were written, through the store's fault-injection hook; (b) a real crash: a module
// worker killed while it appends 20,000 txs. Afterwards the store holds every earlier batch and either
// all or none of the interrupted one, meta agrees with the segments, and load() works.
import { expect } from 'chai';
import { IdbReplicaStore } from '../../web/storage/index.ts';
import type { _IdbTestOptions } from '../../web/storage/idb-replica-store.ts';
import { dropDb, expectReject, expectSame, expectSnapshot, inspectReplica, makeBatch, Model, uniqueDbName } from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('append is all or nothing: an aborted transaction', function () {
  this.timeout(60_000);
  let name: string;
  beforeEach(() => {
    name = uniqueDbName('abort');
  });
  afterEach(async () => dropDb(name));

  // The interrupted batch has 10 txs in segments of 4: three segments (4 + 4 + 2), then the counters.
  for (const k of [0, 1, 2, 3]) {
    const when = k === 3 ? 'all 3 segments, before the counters' : `${k} of 3 segments`;
    it(`an append aborted after ${when} leaves the store exactly as before`, async () => {
      const txSize = 16;
      const model = new Model(txSize);
      const good = await IdbReplicaStore.open(name, { txSize, segmentTxs: 4 });
      for (const [seed, n] of [[1, 5], [2, 3]]) {
        const b = makeBatch(seed, n, model.txCount + 1, txSize);
        model.add(b);
        await good.append(b);
      }
      await good.readTx(8); // the last segment is now cached: it must not leak aborted txs later
      good.close();

      const options: _IdbTestOptions = { txSize, segmentTxs: 4, faultInjection: { abortAfterSegments: k } };
      const faulty = await IdbReplicaStore.open(name, options);
      await expectReject(() => faulty.append(makeBatch(3, 10, 9, txSize)), DOMException, /fault injection: append aborted after/);
      expectSnapshot(await faulty.load(), model.snapshot(), 'the same connection, after the abort');
      await expectReject(() => faulty.readTx(9), RangeError, /^index: 9 is not a stored tx index \(stored: 1\.\.8\)/);
      faulty.close();

      const raw = await inspectReplica(name, txSize);
      expect(raw.meta).to.deep.equal({ txCount: 8, nextSegment: 3, bytes: 8 * (txSize + 48) });
      expect(raw.segments.map((s) => s.key), 'no segment of the aborted batch').to.deep.equal([0, 1, 2]);

      const s = await IdbReplicaStore.open(name, { txSize, segmentTxs: 4 });
      expectSnapshot(await s.load(), model.snapshot(), 'after reopening');
      expectSame(await s.readRange(1, 8), model.range(1, 8), 'readRange after reopening');
      const next = makeBatch(4, 10, 9, txSize);
      model.add(next);
      expect(await s.append(next), 'the next batch gets the aborted batch\'s indices').to.deep.equal({ first: 9 });
      expectSnapshot(await s.load(), model.snapshot(), 'after the next append');
      expectSame(await s.readRange(1, 18), model.range(1, 18), 'readRange after the next append');
      s.close();
      await inspectReplica(name, txSize);
    });
  }
});

interface WorkerRun {
  outcome: 'present' | 'absent';
  reportedDone: boolean;
  delayMs: number;
}

describe('append is all or nothing: a worker killed mid-append (20,000 txs)', function () {
  this.timeout(120_000);
  const txSize = 1280;
  const segmentTxs = 4096;
  const big = 20_000;
  const earlier = [500, 500, 500];
  let fullAppendMs = 0;
  const runs: WorkerRun[] = [];

  function startWorker(): Worker {
    return new Worker(new URL('./crash-writer.worker.ts', import.meta.url), { type: 'module', name: 'crash-writer' });
  }

  /** Sends the setup, waits for `ready`, sends `go`; calls onStarted when the append has begun. */
  function drive(worker: Worker, name: string, first: number, onStarted: () => void): Promise<{ done?: number; ms?: number }> {
    return new Promise((resolve, reject) => {
      worker.onmessage = (e: MessageEvent) => {
        const m = e.data;
        if (m.error) reject(new Error(`crash-writer: ${m.error}`));
        else if (m.ready) worker.postMessage({ go: true });
        else if (m.started) onStarted();
        else if (m.done !== undefined) resolve(m);
      };
      worker.onerror = (e) => reject(new Error(`crash-writer failed to load: ${e.message}`));
      worker.postMessage({ name, txSize, segmentTxs, seed: 777, count: big, first });
    });
  }

  before(async () => {
    // Measure one uninterrupted append, to spread the kill delays over its duration.
    const name = uniqueDbName('crash-calibrate');
    const worker = startWorker();
    const t0 = performance.now();
    let started = 0;
    const m = await drive(worker, name, 1, () => (started = performance.now()));
    fullAppendMs = performance.now() - started;
    worker.terminate();
    await dropDb(name);
    console.log(
      `crash test: an uninterrupted append of ${big} txs took ${fullAppendMs.toFixed(0)} ms seen from the page ` +
        `(${m.ms!.toFixed(0)} ms in the worker; setup ${(started - t0).toFixed(0)} ms)`,
    );
  });

  after(() => {
    const line = runs.map((r) => `${r.delayMs.toFixed(0)} ms → ${r.outcome}${r.reportedDone ? ' (worker had reported done)' : ''}`);
    console.log(`crash test outcomes: ${line.join('; ')}`);
  });

  for (const fraction of [0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5, 2.0]) {
    it(`killed ${Math.round(fraction * 100)}% of a full append's time after it starts: the batch is all there or all gone`, async () => {
      const name = uniqueDbName('crash');
      try {
        const model = new Model(txSize);
        const s = await IdbReplicaStore.open(name, { txSize, segmentTxs });
        for (const [i, n] of earlier.entries()) {
          const b = makeBatch(100 + i, n, model.txCount + 1, txSize);
          model.add(b);
          await s.append(b);
        }
        s.close();
        const before = model.txCount;

        const delayMs = fraction * fullAppendMs;
        const worker = startWorker();
        let killed = false;
        let reportedDone = false;
        const killedAt = new Promise<void>((resolve, reject) => {
          drive(worker, name, before + 1, () => {
            setTimeout(() => {
              worker.terminate();
              killed = true;
              resolve();
            }, delayMs);
          }).then(() => {
            if (!killed) reportedDone = true;
          }, reject);
        });
        await killedAt;

        // Reopen on the page: the worker's connection died with it.
        const raw = await inspectReplica(name, txSize);
        const after = await IdbReplicaStore.open(name, { txSize, segmentTxs });
        const snap = await after.load();
        const outcome = snap.txCount === before ? 'absent' : 'present';
        runs.push({ outcome, reportedDone, delayMs });
        expect([before, before + big], 'txCount is the earlier txs, or those plus the whole batch').to.include(snap.txCount);
        expect(raw.meta?.txCount, 'meta.txCount agrees with load()').to.equal(snap.txCount);
        if (reportedDone) expect(outcome, 'a batch the worker saw land must be there').to.equal('present');
        if (outcome === 'present') model.add(makeBatch(777, big, before + 1, txSize));
        expectSnapshot(snap, model.snapshot(), `load() (batch ${outcome})`);
        expectSame(await after.readRange(1, model.txCount), model.range(1, model.txCount), `readRange (batch ${outcome})`);
        const next = makeBatch(5, 3, model.txCount + 1, txSize);
        expect(await after.append(next), 'appending goes on after the crash').to.deep.equal({ first: model.txCount + 1 });
        after.close();
        await inspectReplica(name, txSize);
      } finally {
        await sleep(0);
        await dropDb(name);
      }
    });
  }
});
