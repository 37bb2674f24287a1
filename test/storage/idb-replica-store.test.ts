// The ReplicaStore contract against IndexedDB in Chromium, plus what only the IndexedDB store has:
// the record layout of schema.ts, persistence, the txSize check on open, and stepping aside for a newer
// schema in another tab.
import { expect } from 'chai';
import { openDB } from 'idb';
import { IdbReplicaStore, SCHEMA_VERSION, type ReplicaStore, type ReplicaStoreOptions } from '../../web/storage/index.ts';
import { replicaStoreContract } from './contract.ts';
import { dropDb, expectReject, expectSame, inspectReplica, makeBatch, uniqueDbName } from './helpers.ts';

const opened = new Map<ReplicaStore, { name: string; options?: ReplicaStoreOptions }>();

replicaStoreContract('IdbReplicaStore', {
  async create(options) {
    const name = uniqueDbName('contract');
    try {
      const s = await IdbReplicaStore.open(name, options);
      opened.set(s, { name, options });
      return s;
    } catch (err) {
      await dropDb(name);
      throw err;
    }
  },
  async reopen(store) {
    const at = opened.get(store)!;
    store.close();
    opened.delete(store);
    const s = await IdbReplicaStore.open(at.name, at.options);
    opened.set(s, at);
    return s;
  },
  async dispose(store) {
    store.close();
    const at = opened.get(store);
    opened.delete(store);
    if (at) await dropDb(at.name);
  },
});

describe('IdbReplicaStore', function () {
  this.timeout(60_000);
  let name: string;
  beforeEach(() => {
    name = uniqueDbName('idb');
  });
  afterEach(async () => dropDb(name));

  it(`opens at schema version ${SCHEMA_VERSION} and lays records out as schema.ts documents`, async () => {
    const s = await IdbReplicaStore.open(name, { txSize: 10, segmentTxs: 3 });
    await s.append(makeBatch(1, 7, 1, 10)); // segments 0, 1, 2: 3 + 3 + 1
    await s.append(makeBatch(2, 2, 8, 10)); // segment 3
    s.close();
    const raw = await inspectReplica(name, 10);
    expect(raw.version).to.equal(4);
    expect(raw.stores).to.deep.equal(['confirmed', 'graph', 'meta', 'network', 'quarantine', 'segments', 'tags']);
    expect(raw.meta).to.deep.equal({ txCount: 9, nextSegment: 4, bytes: 9 * 58 });
    expect(raw.segments).to.deep.equal([
      { key: 0, first: 1, count: 3, txBytes: 30 },
      { key: 1, first: 4, count: 3, txBytes: 30 },
      { key: 2, first: 7, count: 1, txBytes: 10 },
      { key: 3, first: 8, count: 2, txBytes: 20 },
    ]);
    // the columns are the typed arrays' own bytes
    const db = await openDB(name);
    const g = await db.get('graph', 3);
    const b = makeBatch(2, 2, 8, 10);
    expectSame(new Uint32Array(g.trunks), b.trunks, 'graph[3].trunks');
    expectSame(new Float64Array(g.attachedAt), b.attachedAt, 'graph[3].attachedAt');
    expectSame(new Uint8Array(g.ids), b.ids, 'graph[3].ids');
    expect(await db.get('tags', 3), 'tags[3]').to.deep.equal({ first: 8, count: 2, tags: b.tags.slice().buffer });
    expectSame(new Uint8Array((await db.get('segments', 3)).txs), b.txs, 'segments[3].txs');
    const q = await IdbReplicaStore.open(name, { txSize: 10 });
    await q.putQuarantine([{ id: new Uint8Array(32).fill(0xab), bytes: new Uint8Array(10), since: 3 }]);
    await q.markConfirmed([2, 9]);
    q.close();
    expect(await db.getAllKeys('quarantine')).to.deep.equal(['ab'.repeat(32)]);
    const page = await db.get('confirmed', 0);
    expect(page.bits.byteLength).to.equal(8192);
    expect(new Uint8Array(page.bits)[0]).to.equal(0b100, 'bit 2');
    expect(new Uint8Array(page.bits)[1]).to.equal(0b10, 'bit 9');
    db.close();
  });

  it('asks navigator.storage.persist() once per open and reports the answer in stats', async () => {
    const storage = navigator.storage as StorageManager & { persist: () => Promise<boolean> };
    let calls = 0;
    storage.persist = async () => {
      calls++;
      return calls === 1 ? false : true;
    };
    try {
      const a = await IdbReplicaStore.open(name, { txSize: 4 });
      expect(calls).to.equal(1);
      await a.append(makeBatch(1, 2, 1, 4));
      expect((await a.stats()).persisted, 'a refusal is reported, not thrown').to.equal(false);
      expect(calls).to.equal(1);
      a.close();
      const b = await IdbReplicaStore.open(name, { txSize: 4 });
      expect(calls).to.equal(2);
      expect(await b.stats()).to.deep.equal({ txCount: 2, segments: 1, bytes: 2 * (4 + 48 + 32), persisted: true });
      b.close();
      storage.persist = async () => {
        throw new Error('no StorageManager here');
      };
      const c = await IdbReplicaStore.open(name, { txSize: 4 });
      expect((await c.stats()).persisted, 'a failing persist() counts as not persisted').to.equal(false);
      c.close();
    } finally {
      delete (storage as Partial<typeof storage>).persist;
    }
    expect(navigator.storage.persist, 'the real persist() is back').to.be.a('function');
  });

  it('refuses to open a replica with another txSize, naming options.txSize', async () => {
    const s = await IdbReplicaStore.open(name, { txSize: 64 });
    await s.append(makeBatch(1, 3, 1, 64));
    s.close();
    await expectReject(
      () => IdbReplicaStore.open(name, { txSize: 1280 }),
      RangeError,
      /^options\.txSize: 1280 does not match replica "test-idb-.*", which holds 64-byte txs/,
    );
    const again = await IdbReplicaStore.open(name, { txSize: 64, segmentTxs: 1 });
    expect((await again.load()).txCount, 'another segment size is fine').to.equal(3);
    again.close();
  });

  it('rejects a bad database name, naming the argument', async () => {
    await expectReject(() => IdbReplicaStore.open(''), TypeError, /^name must be a non-empty string/);
    await expectReject(() => IdbReplicaStore.open(3 as unknown as string), TypeError, /^name must be a non-empty string/);
  });

  it('two stores on one database append in turn without losing or reusing an index', async () => {
    const a = await IdbReplicaStore.open(name, { txSize: 4 });
    const b = await IdbReplicaStore.open(name, { txSize: 4 });
    const results = await Promise.all([
      a.append(makeBatch(1, 3, 1, 4)),
      b.append(makeBatch(2, 2, 1, 4)),
      a.append(makeBatch(3, 1, 1, 4)),
    ]);
    // whatever order the transactions ran in, the three batches tile 1..6
    const spans = results.map((r, i) => [r.first, [3, 2, 1][i]]).sort((x, y) => x[0] - y[0]);
    let next = 1;
    for (const [first, n] of spans) {
      expect(first, 'each batch starts where the one before ended').to.equal(next);
      next += n;
    }
    expect((await b.load()).txCount).to.equal(6);
    a.close();
    b.close();
    await inspectReplica(name, 4);
  });

  it('steps aside when another tab opens a newer schema, and says so on every later call', async () => {
    const s = await IdbReplicaStore.open(name, { txSize: 4 });
    await s.append(makeBatch(1, 1, 1, 4));
    const newer = await openDB(name, SCHEMA_VERSION + 1, { upgrade() {} });
    newer.close();
    await expectReject(() => s.load(), Error, /is closed: a newer version of the app upgraded the database; reload the page/);
    s.close();
  });
});
