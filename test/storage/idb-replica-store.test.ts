// The ReplicaStore contract against IndexedDB in Chromium, plus what only the IndexedDB store has:
// the record layout of schema.ts, persistence, the txSize check on open, and stepping aside for a newer
// schema in another tab.
import { expect } from 'chai';
import { openDB } from 'idb';
import { IdbReplicaStore, SCHEMA_VERSION, type ReplicaStore, type ReplicaStoreOptions } from '../../web/storage/index.ts';
import { replicaStoreContract } from './contract.ts';
import { dropDb, expectReject, expectSame, inspectReplica, makeBatch, Model, rng, uniqueDbName } from './helpers.ts';

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
      { key: 0, first: 1, count: 3, txBytes: 30, blob: false },
      { key: 1, first: 4, count: 3, txBytes: 30, blob: false },
      { key: 2, first: 7, count: 1, txBytes: 10, blob: false },
      { key: 3, first: 8, count: 2, txBytes: 20, blob: false },
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

  it('stores a segment of 64 KiB or more as a Blob, a smaller one as an ArrayBuffer, each with its txs', async () => {
    const s = await IdbReplicaStore.open(name, { txSize: 1280, segmentTxs: 60 });
    const batches = [makeBatch(1, 51, 1, 1280), makeBatch(2, 52, 52, 1280), makeBatch(3, 60, 104, 1280)];
    for (const b of batches) await s.append(b);
    s.close();
    const raw = await inspectReplica(name, 1280);
    // 51 × 1,280 = 65,280 bytes stays below 65,536; 52 × 1,280 = 66,560 does not.
    expect(raw.segments.map((x) => [x.count, x.blob])).to.deep.equal([[51, false], [52, true], [60, true]]);
    const db = await openDB(name);
    try {
      for (const [key, b] of batches.entries()) {
        const { txs } = await db.get('segments', key);
        const bytes = txs instanceof Blob ? new Uint8Array(await txs.arrayBuffer()) : new Uint8Array(txs);
        expectSame(bytes, b.txs, `segments[${key}].txs`);
      }
    } finally {
      db.close();
    }
  });

  it('reads any range, alone or many at once, across Blob segments, small ones and large ArrayBuffers as v3 stored them (seeded; the seed is printed on failure)', async () => {
    const seed = 0x51ce;
    const random = rng(seed);
    const txSize = 1280;
    const model = new Model(txSize);
    // Segment sizes change between appends (an option of each open): 7 txs (an ArrayBuffer) or 64 (a Blob).
    for (let round = 0; round < 4; round++) {
      const s = await IdbReplicaStore.open(name, { txSize, segmentTxs: round % 2 ? 7 : 64 });
      for (let b = 0; b < 3; b++) {
        const batch = makeBatch(seed + round * 10 + b, 1 + Math.floor(random() * 150), model.txCount + 1, txSize);
        model.add(batch);
        await s.append(batch);
      }
      s.close();
    }
    // Turn every third Blob segment into the ArrayBuffer a v3 store wrote: both are read.
    const db = await openDB(name);
    const keys = (await db.getAllKeys('segments')) as number[];
    let blobs = 0;
    let old = 0;
    for (const key of keys) {
      const seg = await db.get('segments', key);
      if (!(seg.txs instanceof Blob)) continue;
      if (blobs++ % 3 === 0) {
        await db.put('segments', { ...seg, txs: await seg.txs.arrayBuffer() }, key);
        old++;
      }
    }
    db.close();
    expect([blobs, old], `seed ${seed}: Blob segments, and ArrayBuffers made of them`).to.satisfy(([b, o]: number[]) => b >= 4 && o >= 2);
    const s = await IdbReplicaStore.open(name, { txSize });
    try {
      const n = model.txCount;
      const ranges: [number, number][] = [[1, n], [n, 1], [1, 1]];
      for (let k = 0; k < 40; k++) {
        const first = 1 + Math.floor(random() * n);
        ranges.push([first, Math.floor(random() * Math.min(n - first + 1, random() < 0.5 ? 5 : 400))]);
      }
      for (const [first, count] of ranges) {
        expectSame(await s.readRange(first, count), model.range(first, count), `seed ${seed}: readRange(${first}, ${count})`);
      }
      // At once: every read has its own transaction, and the one-segment cache changes under them.
      const together = await Promise.all(ranges.map(([first, count]) => s.readRange(first, count)));
      together.forEach((bytes, k) => expectSame(bytes, model.range(...ranges[k]), `seed ${seed}: concurrent readRange(${ranges[k].join(', ')})`));
      // All at once through readRanges: one lookup transaction and one read for every range.
      const joint = await s.readRanges(ranges);
      joint.forEach((bytes, k) => expectSame(bytes, model.range(...ranges[k]), `seed ${seed}: readRanges[${k}] (${ranges[k].join(', ')})`));
      for (let k = 0; k < 10; k++) {
        const i = 1 + Math.floor(random() * n);
        expectSame(await s.readTx(i), model.range(i, 1), `seed ${seed}: readTx(${i})`);
      }
      let salvaged = 0;
      for await (const seg of s.salvageSegments()) salvaged += seg.txs.length;
      expect(salvaged, `seed ${seed}: the salvage reads Blob segments too`).to.equal(n * txSize);
    } finally {
      s.close();
    }
  });

  it('names a Blob segment of the wrong size as damage', async () => {
    const s = await IdbReplicaStore.open(name, { txSize: 1280, segmentTxs: 100 });
    await s.append(makeBatch(4, 100, 1, 1280));
    s.close();
    const db = await openDB(name);
    const seg = await db.get('segments', 0);
    await db.put('segments', { ...seg, txs: seg.txs.slice(0, 99 * 1280) }, 0);
    db.close();
    const again = await IdbReplicaStore.open(name, { txSize: 1280 });
    try {
      await expectReject(() => again.readRange(5, 2), Error, /^replica ".*" is damaged: segment at index 1 does not fit/);
      await expectReject(() => again.readRanges([[1, 1], [5, 2]]), Error, /^replica ".*" is damaged: segment at index 1 does not fit/);
    } finally {
      again.close();
    }
  });
});
