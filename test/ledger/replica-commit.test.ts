// After the store has a batch, the in-memory side (id index, attachment times, the WASM graph,
// bundle positions, tag index) must take all of it or be rebuilt from the store: a graph that took half a
// batch maps tips to wrong ids and lands permanent confirmations on wrong txs. A failure before
// the write (no memory for the graph) must leave both sides as they were. Each step is made to fail
// in turn, and the replica is then compared with a fresh one opened on the same IndexedDB store.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { Replica, coreServices } from '../../web/ledger/index.ts';
import type { _ReplicaTestOptions } from '../../web/ledger/replica.ts';
import { IdbReplicaStore } from '../../web/storage/index.ts';
import { loadGraph, type TangleGraph } from '../../web/wasm/index.ts';
import { txId } from '../../web/core/tx/index.ts';
import { encodeArchive } from '../../web/core/validate/index.ts';
import { MWM, NOW, bundle, core, hex, records } from '../core/validate/_fixtures.ts';

const archive = (...txs: Uint8Array[]) => encodeArchive(records(...txs));

type _GraphFault = 'insertMany' | 'insertMany twice' | 'reserve' | null;

/** A graph whose next insertMany (once armed) inserts half of a batch and then throws, or whose reserve throws. */
async function faultyGraph(): Promise<{ graph: TangleGraph; arm: (what: _GraphFault) => void }> {
  const real = await loadGraph();
  let armed: _GraphFault = null;
  const graph = new Proxy(real, {
    get(target, prop) {
      if (prop === 'insertMany' && (armed === 'insertMany' || armed === 'insertMany twice')) {
        return (t: Uint32Array, b: Uint32Array, a: Float64Array) => {
          armed = armed === 'insertMany twice' ? 'insertMany' : null; // one failure per arming
          const half = t.length >> 1;
          target.insertMany(t.subarray(0, half), b.subarray(0, half), a.subarray(0, half));
          throw new Error('injected: out of memory for the graph, half way through the batch');
        };
      }
      if (prop === 'reserve' && armed === 'reserve') {
        return () => {
          throw new Error('injected: out of memory for the graph');
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { graph, arm: (what) => (armed = what) };
}

/** Everything the replica shows that depends on its in-memory side, to compare two replicas. */
async function picture(r: Replica): Promise<unknown> {
  const recent = (await r.recent(100)).map(({ confidence: _c, ...rest }) => rest);
  const details = [];
  for (let i = 1; i <= r.txCount; i++) {
    const { confidence: _c, ...d } = await r.details(i);
    details.push(d);
  }
  const tips = [1n, 2n, 3n, 0xffffn].map((seed) => {
    const t = r.selectTips(seed);
    return [hex(t.trunk), hex(t.branch), t.trunkIndex, t.branchIndex];
  });
  const { txCount, tips: tipCount, windowStart } = await r.stats();
  // Every tag a stored tx carries, and the bundles the tag index finds for it.
  const tags = [...new Map(details.map((d) => [hex(d.fields.tag), d.fields.tag])).values()];
  const tagged = (await r.findTagged(tags)).map((b) => ({ ...b, tag: hex(b.tag), payload: hex(b.payload), issuer: hex(b.issuer) }));
  return { recent, details, tips, txCount, tipCount, windowStart, tagged, exported: hex(await r.exportTransactions()) };
}

describe('Replica: the in-memory side follows the store, all or nothing', function () {
  this.timeout(120_000);

  let base: Uint8Array[];
  let batch: Uint8Array[][];
  before(async () => {
    base = await bundle({ size: 2, salt: 90 });
    const top = txId(base[0]);
    // Three bundles in one import: one batch of 6 txs, two of them approving the stored base.
    const a = await bundle({ size: 1, salt: 91, trunk: top, branch: top });
    const b = await bundle({ size: 2, salt: 92, trunk: txId(a[0]), branch: top });
    const c = await bundle({ size: 3, salt: 93, trunk: top, branch: txId(b[0]) });
    batch = [a, b, c];
  });

  async function setup(name: string, faults: _ReplicaTestOptions['faultInjection'] = {}) {
    const store = await IdbReplicaStore.open(name);
    const { graph, arm } = await faultyGraph();
    const options: _ReplicaTestOptions = { store, graph, ...coreServices(await core()), network: { name: 'test', mwm: MWM }, now: () => NOW, faultInjection: faults };
    const r = await Replica.open(options);
    expect((await r.importTransactions(archive(...base))).accepted).to.equal(2);
    const fresh = async () => Replica.open({ store, graph: await loadGraph(), ...coreServices(await core()), network: { name: 'test', mwm: MWM }, now: () => NOW });
    return { store, r, arm, fresh };
  }

  const steps = [
    ['the id index', { commitStep: 'ids' }, null],
    ['the attachment times', { commitStep: 'arrays' }, null],
    ['the graph, half way through the batch', {}, 'insertMany'],
    ['the bundle positions', { commitStep: 'bundles' }, null],
    ['the tag index', { commitStep: 'tags' }, null],
  ] as const;
  for (const [what, faults, graphFault] of steps) {
    it(`a failure in ${what} after the write: the batch is stored and the replica is rebuilt from the store`, async () => {
      const name = `replica-commit-${what.replace(/\W+/g, '-')}-${Date.now()}`;
      const f = { ...faults } as NonNullable<_ReplicaTestOptions['faultInjection']>;
      const { store, r, arm, fresh } = await setup(name, f);
      try {
        arm(graphFault);
        const report = await r.importTransactions(archive(...batch.flat()));
        arm(null);
        delete f.commitStep;
        expect(report.accepted, 'the store has the whole batch').to.equal(6);
        expect(r.txCount).to.equal(8);
        const truth = await fresh();
        expect(await picture(r), 'the replica agrees with one opened from the store').to.deep.equal(await picture(truth));
        // And it goes on: a bundle on top of the batch is stored, in both.
        const next = await bundle({ size: 1, salt: 94, trunk: txId(batch[2][0]), branch: txId(batch[1][0]) });
        expect((await r.importTransactions(archive(...next))).accepted).to.equal(1);
        expect(await picture(r)).to.deep.equal(await picture(await fresh()));
      } finally {
        store.close();
        await deleteDB(name);
      }
    });
  }

  it('a graph that cannot be rebuilt either: the batch is stored, and the replica refuses every call with a plain message', async () => {
    const name = `replica-commit-broken-${Date.now()}`;
    const { store, r, arm, fresh } = await setup(name);
    try {
      arm('insertMany twice');
      const failed = await r.importTransactions(archive(...batch.flat())).then(() => null, (e: unknown) => e);
      expect(String(failed)).to.match(/could not keep its copy of the Tangle in memory .* nothing stored is lost; reload the app/);
      for (const call of [() => r.stats(), () => r.recent(), () => r.exportTransactions(), () => r.importTransactions(archive(...base))]) {
        expect(String(await call().then(() => null, (e: unknown) => e))).to.match(/reload the app/);
      }
      expect(() => r.selectTips(1n)).to.throw(/reload the app/);
      // Reloading (a fresh open of the same store) finds the whole batch.
      expect((await fresh()).txCount).to.equal(8);
    } finally {
      store.close();
      await deleteDB(name);
    }
  });

  it('no memory for the graph before the write: nothing is stored, nothing changes, and the next import stores the kept bundles', async () => {
    const name = `replica-commit-reserve-${Date.now()}`;
    const { store, r, arm, fresh } = await setup(name);
    try {
      const before = await picture(r);
      arm('reserve');
      let error: unknown = null;
      await r.importTransactions(archive(...batch.flat())).catch((e) => (error = e));
      arm(null);
      expect(String(error)).to.match(/no memory left for 6 more transactions .* nothing was stored/);
      expect(await picture(r), 'unchanged').to.deep.equal(before);
      // (Read the store itself: a replica opened on it would replay the kept bundles and store them.)
      expect((await store.stats()).txCount, 'the store unchanged').to.equal(2);
      expect((await r.stats()).awaitingWrite, 'kept for the next import').to.equal(6);
      const next = await bundle({ size: 1, salt: 95 });
      const report = await r.importTransactions(archive(...next));
      expect(report.accepted, 'the kept batch and the new bundle').to.equal(7);
      expect(await picture(r)).to.deep.equal(await picture(await fresh()));
    } finally {
      store.close();
      await deleteDB(name);
    }
  });
});
