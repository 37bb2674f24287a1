// A replica checks its store when it opens: a damaged IndexedDB database is refused with a message
// that says what is wrong, instead of being walked over wrong indices. Each case damages a real
// database the way a disk fault or a browser bug could, with idb directly; then the tangle worker's
// rescue saves what can still be read, and a fresh copy imports it with full validation.
import { expect } from 'chai';
import { deleteDB, openDB } from 'idb';
import { Replica, coreServices } from '../../web/ledger/index.ts';
import { IdbReplicaStore } from '../../web/storage/index.ts';
import { loadGraph } from '../../web/wasm/index.ts';
import { PAYLOAD_OFFSET, txId } from '../../web/core/tx/index.ts';
import { encodeArchive, readArchiveHeader } from '../../web/core/validate/index.ts';
import { TangleClient } from '../../web/workers/index.ts';
import type { Network } from '../../web/core/network/index.ts';
import { MWM, NOW, bundle, core, hex, records } from '../core/validate/_fixtures.ts';

const TEST: Network = { name: 'test', mwm: MWM };

async function openReplica(store: IdbReplicaStore): Promise<Replica> {
  return Replica.open({ store, graph: await loadGraph(), ...coreServices(await core()), network: TEST, now: () => NOW });
}

/** A database of 6 txs in 4 bundles (every tx is read back at open: at most 8 are sampled). */
async function filled(name: string): Promise<Uint8Array[]> {
  const store = await IdbReplicaStore.open(name);
  const r = await openReplica(store);
  const a = await bundle({ size: 1, salt: 111 });
  const b = await bundle({ size: 2, salt: 112, trunk: txId(a[0]), branch: txId(a[0]) });
  const c = await bundle({ size: 2, salt: 113, trunk: txId(b[0]), branch: txId(a[0]) });
  const d = await bundle({ size: 1, salt: 114, trunk: txId(c[0]), branch: txId(b[0]) });
  for (const txs of [a, b, c, d]) expect((await r.importTransactions(encodeArchive(records(...txs)))).accepted).to.equal(txs.length);
  store.close();
  return [a, b, c, d].flat();
}

type Raw = {
  get(store: string, key: IDBValidKey): Promise<any>;
  put(store: string, value: unknown, key: IDBValidKey): Promise<unknown>;
  delete(store: string, key: IDBValidKey): Promise<void>;
};

/** Changes the stored records of `name` with idb, bypassing the store's checks. */
async function damage(name: string, f: (db: Raw) => Promise<void>): Promise<void> {
  const db = await openDB(name);
  await f(db as unknown as Raw);
  db.close();
}

describe('Replica: a damaged database is refused at open, and what it holds can be rescued', function () {
  this.timeout(120_000);

  const cases: [string, (db: Raw) => Promise<void>, RegExp][] = [
    ['a flipped byte in a stored tx', async (db) => {
      const seg = await db.get('segments', 0);
      const txs = new Uint8Array(seg.txs);
      txs[PAYLOAD_OFFSET] ^= 1;
      await db.put('segments', { ...seg, txs: txs.buffer }, 0);
    }, /^transaction 1 does not match its stored id [0-9a-f]{16}…$/],
    ['a parent index that points forward', async (db) => {
      const g = await db.get('graph', 1);
      const trunks = new Uint32Array(g.trunks);
      trunks[0] = 5;
      await db.put('graph', { ...g, trunks: trunks.buffer }, 1);
    }, /^transaction 2 approves transaction 5, which comes after it$/],
    ['a parent index that names another earlier tx', async (db) => {
      const g = await db.get('graph', 3);
      const branches = new Uint32Array(g.branches);
      branches[0] = 1;
      await db.put('graph', { ...g, branches: branches.buffer }, 3);
    }, /^transaction 6 approves other transactions than the stored graph says$/],
    ['an attachment time changed in the graph', async (db) => {
      const g = await db.get('graph', 2);
      const at = new Float64Array(g.attachedAt);
      at[1] += 1;
      await db.put('graph', { ...g, attachedAt: at.buffer }, 2);
    }, /^transaction 5 has another attachment time than the stored graph says$/],
    ['a tag changed in the tag column', async (db) => {
      const t = await db.get('tags', 2);
      const tags = new Uint8Array(t.tags);
      tags[0] ^= 1;
      await db.put('tags', { ...t, tags: tags.buffer }, 2);
    }, /^transaction 4 has another tag than the stored tag column says$/],
    ['a segment without its tags', async (db) => {
      await db.delete('tags', 1);
    }, /^its stored graph cannot be read \(.*the segment starting at index 2 has no tags that fit it\)$/],
    ['a counter larger than the segments', async (db) => {
      const meta = await db.get('meta', 'replica');
      // The byte count follows, as a whole write would have it: only the segments disagree.
      await db.put('meta', { ...meta, txCount: meta.txCount + 2, bytes: (meta.bytes / meta.txCount) * (meta.txCount + 2) }, 'replica');
    }, /^its stored graph cannot be read \(.*segments hold 6 txs, the counter says 8\)$/],
    ['a confirmation past the last tx', async (db) => {
      const bits = new Uint8Array(8192);
      bits[1] = 1; // index 8
      await db.put('confirmed', { bits: bits.buffer }, 0);
    }, /^transaction 8 is marked confirmed, but only 6 are stored$/],
  ];

  for (const [what, hurt, message] of cases) {
    it(`refuses ${what}, saying so`, async () => {
      const name = `replica-open-${what.replace(/\W+/g, '-')}-${Date.now()}`;
      try {
        await filled(name);
        await damage(name, hurt);
        const store = await IdbReplicaStore.open(name);
        let error: Error | null = null;
        await openReplica(store).catch((e: Error) => (error = e));
        store.close();
        expect(error, what).to.not.equal(null);
        expect(error!.name).to.equal('ReplicaDamagedError');
        expect(error!.message).to.match(message);
      } finally {
        await deleteDB(name);
      }
    });
  }

  it('an undamaged database opens, and its reopened replica equals the one that wrote it', async () => {
    const name = `replica-open-fine-${Date.now()}`;
    try {
      const txs = await filled(name);
      const store = await IdbReplicaStore.open(name);
      const r = await openReplica(store);
      expect(r.txCount).to.equal(txs.length);
      store.close();
    } finally {
      await deleteDB(name);
    }
  });

  it('a copy from before networks were recorded, refused on the main network, is saved as a file that names no network and imports on its own', async () => {
    const name = `replica-open-legacy-${Date.now()}`;
    const client = new TangleClient({ dbName: name, network: { name: 'medtangle', mwm: 13 } });
    try {
      const txs = await filled(name); // made on TEST (MWM 2)
      await damage(name, async (db) => {
        await (db as unknown as { clear(s: string): Promise<void> }).clear('network');
      });
      const opened = await client.open().then(() => null, (e: Error) => e);
      expect(opened?.name).to.equal('ReplicaDamagedError');
      expect(String(opened?.message)).to.match(/made before networks were recorded/);
      const saved = await client.salvage();
      expect(saved.txs).to.equal(txs.length);
      expect(readArchiveHeader(saved.bytes)).to.deep.include({ format: 1, network: null });
      // On the network its txs were made on, every one of them is stored.
      const onTest = new TangleClient({ dbName: `${name}-test`, network: TEST });
      try {
        await onTest.open();
        const report = await onTest.importTransactions(saved.bytes.slice());
        expect(report.accepted).to.equal(txs.length);
        expect(report.counts).to.deep.equal({});
      } finally {
        onTest.close();
        await deleteDB(`${name}-test`);
      }
    } finally {
      client.close();
      await deleteDB(name);
    }
  });

  it('the tangle worker saves what a damaged copy can read; a fresh copy stores the valid part and names the damage', async () => {
    const name = `replica-open-rescue-${Date.now()}`;
    const client = new TangleClient({ dbName: name, network: TEST });
    try {
      const txs = await filled(name);
      // Tx 1 (the first bundle) damaged past its 10-byte payload, in the zero padding: refused as
      // PADDING on import, a check that comes before PoW and the id (web/core/validate/check.ts). A
      // flip inside the payload would be refused as POW, or as ID_MISMATCH when the damaged bytes
      // happen to keep enough proof of work (1 in 3^MWM): the reason would hang on the hash.
      await damage(name, async (db) => {
        const seg = await db.get('segments', 0);
        const stored = new Uint8Array(seg.txs);
        stored[PAYLOAD_OFFSET + 200] ^= 1;
        await db.put('segments', { ...seg, txs: stored.buffer }, 0);
      });
      const opened = await client.open().then(() => null, (e: Error) => e);
      expect(opened?.name).to.equal('ReplicaDamagedError');
      expect(String(opened?.message)).to.match(/does not match its stored id/);
      const stats = await client.stats().then(() => null, (e: Error) => e);
      expect(stats?.name, 'every other call says so too').to.equal('ReplicaDamagedError');
      const saved = await client.salvage();
      expect(saved.txs, 'every stored tx was readable').to.equal(txs.length);
      await client.deleteReplica();
      // A fresh copy of the same network: empty, then the rescued file is checked tx by tx.
      const fresh = new TangleClient({ dbName: name, network: TEST });
      try {
        expect((await fresh.open()).txCount).to.equal(0);
        const report = await fresh.importTransactions(saved.bytes.slice());
        expect(report.accepted, 'nothing valid depends on nothing damaged: all wait for tx 1').to.equal(0);
        expect(report.rejected.map((x) => [x.reason, x.position, x.id])).to.deep.equal([['PADDING', 0, hex(txId(txs[0]))]]);
        expect(report.counts).to.deep.equal({ PADDING: 1, PARENT_MISSING: txs.length - 1 });
        // Every other tx is in a complete bundle that waits, in vain, for the damaged one: directly
        // (b, and c's branch) or through a waiting parent (d).
        const held = await fresh.stillHeld(report.heldTxs.map((h) => h.id));
        expect(held.map((h) => [h.reason, h.blockedBy])).to.deep.equal(
          new Array(txs.length - 1).fill(['PARENT_MISSING', { id: hex(txId(txs[0])), reason: 'PADDING' }]),
        );
        expect(await fresh.clearQuarantine()).to.deep.equal({ cleared: txs.length - 1, saved: true });
        expect((await fresh.stats()).quarantined).to.equal(0);
      } finally {
        fresh.close();
      }
    } finally {
      client.close();
      await deleteDB(name);
    }
  });
});
