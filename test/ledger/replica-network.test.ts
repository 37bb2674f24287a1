// A network is a property of the data (docs/design.md "Proof of work": MWM is a network parameter). A
// replica records its network when it is made and never changes it; its files name the network in
// their header; a file of another network is refused whole with both names and both MWMs; and a
// replica from before networks were recorded is claimed only if every stored tx meets the network's
// MWM, so no device ever holds txs that its own network calls invalid.
import { expect } from 'chai';
import { deleteDB, openDB } from 'idb';
import { Replica, coreServices, type ReplicaOptions } from '../../web/ledger/index.ts';
import { IdbReplicaStore, MemoryReplicaStore, type ReplicaStore } from '../../web/storage/index.ts';
import { loadGraph } from '../../web/wasm/index.ts';
import { txId } from '../../web/core/tx/index.ts';
import { decodeArchive, encodeArchive, readArchiveHeader } from '../../web/core/validate/index.ts';
import type { Network } from '../../web/core/network/index.ts';
import { MWM, NOW, bundle, core, records } from '../core/validate/_fixtures.ts';

const TEST: Network = { name: 'test', mwm: MWM };

async function open(store: ReplicaStore, network: Network, extra: Partial<ReplicaOptions> = {}): Promise<Replica> {
  return Replica.open({ store, graph: await loadGraph(), ...coreServices(await core()), network, now: () => NOW, ...extra });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

/** Three bundles of the test network, each approving the one before. */
async function chain(): Promise<Uint8Array[][]> {
  const a = await bundle({ size: 1, salt: 101 });
  const b = await bundle({ size: 2, salt: 102, trunk: txId(a[0]), branch: txId(a[0]) });
  const c = await bundle({ size: 1, salt: 103, trunk: txId(b[0]), branch: txId(a[0]) });
  return [a, b, c];
}

describe('Replica: the network is a property of the data', function () {
  this.timeout(120_000);

  it('records its network when made, writes it in every file, and refuses to open as another', async () => {
    const store = new MemoryReplicaStore();
    const r = await open(store, TEST);
    expect(r.network).to.deep.equal(TEST);
    expect(await store.network()).to.deep.include(TEST);
    for (const txs of await chain()) await r.importTransactions(encodeArchive(records(...txs)));
    const file = await r.exportTransactions();
    expect(readArchiveHeader(file)).to.deep.include({ format: 2, network: TEST, count: 4 });
    for (const other of [{ name: 'test', mwm: MWM + 1 }, { name: 'ward', mwm: MWM }]) {
      const e = await failure(open(store, other));
      expect(e.name).to.equal('NetworkMismatchError');
      expect(e.message).to.equal(
        `this copy of the Tangle belongs to network "test" (MWM ${MWM}), not to network "${other.name}" (MWM ${other.mwm}) that it was opened for`,
      );
    }
    expect((await open(store, TEST)).txCount, 'its own network opens it').to.equal(4);
    expect((await r.stats()).network).to.deep.equal(TEST);
  });

  it('refuses a file of another network whole, naming both, and reads nothing of it', async () => {
    const src = await open(new MemoryReplicaStore(), { name: 'ward', mwm: MWM });
    for (const txs of await chain()) await src.importTransactions(encodeArchive(records(...txs)));
    const file = await src.exportTransactions();
    const dst = await open(new MemoryReplicaStore(), TEST);
    const report = await dst.importTransactions(file);
    expect(report.accepted).to.equal(0);
    expect(report.otherNetwork).to.deep.equal({ name: 'ward', mwm: MWM });
    expect(report.counts).to.deep.equal({ NETWORK_MISMATCH: 1 });
    expect(report.rejected.map((x) => [x.reason, x.position])).to.deep.equal([['NETWORK_MISMATCH', -1]]);
    expect(report.held).to.equal(0);
    const s = await dst.stats();
    expect(s.badArchives.otherNetwork).to.equal(1);
    expect(s.rejected, 'one file, not one refusal per tx').to.deep.equal({});
    expect(s.txCount + s.quarantined).to.equal(0);
    // The same txs in a file that names no network (format 1) are checked against this network's rules.
    const legacyFile = encodeArchive(decodeArchive(file).records);
    expect((await dst.importTransactions(legacyFile)).accepted).to.equal(4);
  });

  it('claims a replica from before networks were recorded only if every stored tx meets the MWM', async () => {
    const name = `replica-network-legacy-${Date.now()}`;
    try {
      let store = await IdbReplicaStore.open(name);
      const r = await open(store, TEST);
      for (const txs of await chain()) await r.importTransactions(encodeArchive(records(...txs)));
      store.close();
      // Make it what an earlier version left: txs, and no network record.
      const db = await openDB(name);
      await db.clear('network');
      db.close();
      store = await IdbReplicaStore.open(name);
      // Test txs are worked at MWM 2: a network of MWM 13 would call them invalid.
      const e = await failure(open(store, { name: 'medtangle', mwm: 13 }));
      expect(e.name).to.equal('ReplicaDamagedError');
      expect(e.message).to.match(/^it was made before networks were recorded, and transaction \d has too little proof of work for network "medtangle" \(MWM 13\)/);
      expect(await store.network(), 'nothing claimed').to.equal(null);
      // Opened as the network its txs were made on, it is claimed for it and opens.
      const again = await open(store, TEST);
      expect(again.txCount).to.equal(4);
      expect(await store.network()).to.deep.include(TEST);
      store.close();
    } finally {
      await deleteDB(name);
    }
  });
});
