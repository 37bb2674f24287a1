// Schema upgrades in a real browser database. A database is created with a FROZEN shipped schema
// (test/fixtures/replica-schema-v1.ts, replica-schema-v2.ts) and filled with the records that version
// wrote (test/fixtures/replica-v1.json, plus v2's quarantine and confirmed records); then the current
// store opens it, upgrades it to the current version, and must read everything stored unchanged and
// use the new stores.
import { expect } from 'chai';
import { openDB, type IDBPDatabase } from 'idb';
import { IdbReplicaStore, SCHEMA_VERSION } from '../../web/storage/index.ts';
import { REPLICA_SCHEMA_V1, upgradeReplicaV1, type ReplicaDBv1 } from '../fixtures/replica-schema-v1.ts';
import { REPLICA_SCHEMA_V2, upgradeReplicaV2, type ReplicaDBv2 } from '../fixtures/replica-schema-v2.ts';
import { dropDb, expectSame, inspectReplica, makeBatch, uniqueDbName } from './helpers.ts';

/** SHA-256 of test/fixtures/replica-v1.json as committed: the fixture is data, frozen. */
const FIXTURE_SHA256 = '11abd36ec124d9e0c1796323444e041681d7a38776480343b61f7acf4d78e4a1';

type StoreName = 'segments' | 'graph' | 'meta';
interface Fixture {
  schemaVersion: number;
  txSize: number;
  stores: Record<StoreName, { key: IDBValidKey; value: unknown }[]>;
}

/** Turns { "$base64": … } back into the ArrayBuffers v1 stored. */
function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$base64 === 'string') return Uint8Array.from(atob(o.$base64), (c) => c.charCodeAt(0)).buffer;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

async function loadFixture(): Promise<{ text: string; fixture: Fixture }> {
  const res = await fetch(new URL('../fixtures/replica-v1.json', import.meta.url));
  expect(res.ok, 'fixture fetched').to.equal(true);
  const text = await res.text();
  return { text, fixture: revive(JSON.parse(text)) as Fixture };
}

async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates `name` with the frozen v1 schema and writes the fixture's records as v1 did. */
async function writeV1(name: string, fixture: Fixture): Promise<void> {
  const db = await openDB<ReplicaDBv1>(name, REPLICA_SCHEMA_V1, { upgrade: (d, old) => upgradeReplicaV1(d, old) });
  const tx = db.transaction(['segments', 'graph', 'meta'], 'readwrite');
  const puts: Promise<unknown>[] = [];
  // The fixture's records are v1's records; the casts only tell TypeScript so.
  for (const r of fixture.stores.segments) {
    puts.push(tx.objectStore('segments').put(r.value as ReplicaDBv1['segments']['value'], r.key as number));
  }
  for (const r of fixture.stores.graph) {
    puts.push(tx.objectStore('graph').put(r.value as ReplicaDBv1['graph']['value'], r.key as number));
  }
  for (const r of fixture.stores.meta) {
    puts.push(tx.objectStore('meta').put(r.value as ReplicaDBv1['meta']['value'], r.key as string));
  }
  await Promise.all([...puts, tx.done]);
  db.close();
}

/** Object stores and indexes of a database, for comparing shapes. */
function shape(db: IDBPDatabase<unknown>): unknown {
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, 'readonly');
  return names.map((n) => {
    const s = tx.objectStore(n);
    return {
      name: n,
      keyPath: s.keyPath,
      autoIncrement: s.autoIncrement,
      indexes: [...s.indexNames].map((i) => {
        const x = s.index(i);
        return { name: i, keyPath: x.keyPath, unique: x.unique, multiEntry: x.multiEntry };
      }),
    };
  });
}

describe('replica schema upgrade from the frozen version 1', function () {
  this.timeout(60_000);
  let name: string;
  let fixture: Fixture;
  let fixtureText: string;
  before(async () => {
    ({ text: fixtureText, fixture } = await loadFixture());
  });
  beforeEach(() => {
    name = uniqueDbName('upgrade');
  });
  afterEach(async () => dropDb(name));

  it('the v1 fixture is the committed, frozen data', async () => {
    expect(await sha256Hex(fixtureText), 'replica-v1.json changed: it is frozen, restore it').to.equal(FIXTURE_SHA256);
    expect(fixture.schemaVersion).to.equal(1);
    expect(fixture.stores.segments.length).to.equal(4);
  });

  it('everything v1 stored loads unchanged after the upgrade', async () => {
    await writeV1(name, fixture);
    const s = await IdbReplicaStore.open(name, { txSize: fixture.txSize });
    const snap = await s.load();
    expect(snap.txCount).to.equal(9);
    // the columns, against the fixture's records...
    const graphs = fixture.stores.graph.map((r) => r.value as { ids: ArrayBuffer; trunks: ArrayBuffer; branches: ArrayBuffer; attachedAt: ArrayBuffer });
    const join = <T extends Uint8Array | Uint32Array | Float64Array>(C: { new (b: ArrayBuffer): T; from(a: number[]): T }, f: (g: (typeof graphs)[0]) => ArrayBuffer) =>
      C.from(graphs.flatMap((g) => [...new C(f(g))]));
    expectSame(snap.ids, join(Uint8Array, (g) => g.ids), 'ids');
    expectSame(snap.trunks, join(Uint32Array, (g) => g.trunks), 'trunks');
    expectSame(snap.branches, join(Uint32Array, (g) => g.branches), 'branches');
    expectSame(snap.attachedAt, join(Float64Array, (g) => g.attachedAt), 'attachedAt');
    // ...and against the values the generator wrote, so a decoding slip on both sides shows too
    expectSame(snap.trunks, Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]), 'trunks as generated');
    expectSame(snap.branches, Uint32Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4]), 'branches as generated');
    expect(snap.attachedAt[8]).to.equal(1_714_000_000_000 + 9 * 1500 + 0.25);
    expect([...snap.ids.subarray(32, 34)]).to.deep.equal([(2 * 101 + 5) & 0xff, (2 * 101 + 17 + 5) & 0xff]);
    // the tx bytes, one by one and as one range across all four segments
    const all = new Uint8Array(9 * 1280);
    for (const r of fixture.stores.segments) {
      const v = r.value as { first: number; txs: ArrayBuffer };
      all.set(new Uint8Array(v.txs), (v.first - 1) * 1280);
    }
    for (let i = 1; i <= 9; i++) {
      const tx = await s.readTx(i);
      expectSame(tx, all.subarray((i - 1) * 1280, i * 1280), `readTx(${i})`);
      expect(tx[0], `tx ${i} version byte`).to.equal(1);
      expect(tx[1], `tx ${i} byte 1`).to.equal((i * 31 + 7) & 0xff);
    }
    expectSame(await s.readRange(1, 9), all, 'readRange(1, 9)');
    expect(await s.stats()).to.deep.include({ txCount: 9, segments: 4, bytes: 9 * 1328 });
    s.close();
  });

  it('the upgrade leaves every v1 record as it was, byte for byte, and adds the v2 and v3 stores', async () => {
    await writeV1(name, fixture);
    (await IdbReplicaStore.open(name)).close();
    const raw = await inspectReplica(name, 1280);
    expect(raw.version).to.equal(SCHEMA_VERSION);
    expect(raw.stores).to.deep.equal(['confirmed', 'graph', 'meta', 'network', 'quarantine', 'segments']);
    const db = await openDB(name);
    for (const store of ['segments', 'graph', 'meta'] as const) {
      const keys = await db.getAllKeys(store);
      const values = await db.getAll(store);
      expect(keys, `${store} keys`).to.deep.equal(fixture.stores[store].map((r) => r.key));
      // chai compares ArrayBuffers by content
      expect(values, `${store} values`).to.deep.equal(fixture.stores[store].map((r) => r.value));
    }
    expect(await db.count('quarantine')).to.equal(0);
    expect(await db.count('confirmed')).to.equal(0);
    expect(await db.count('network'), 'no network recorded yet: the ledger claims one on open').to.equal(0);
    db.close();
  });

  it('the v2 stores work on an upgraded database, and appending goes on from v1\'s counters', async () => {
    await writeV1(name, fixture);
    let s = await IdbReplicaStore.open(name);
    const q = { id: new Uint8Array(32).fill(7), bytes: new Uint8Array(1280).fill(8), since: 1_714_000_100_000 };
    await s.putQuarantine([q]);
    await s.markConfirmed([1, 9]);
    const next = makeBatch(42, 5, 10, 1280);
    expect(await s.append(next)).to.deep.equal({ first: 10 });
    await s.markConfirmed([14]);
    s.close();

    const raw = await inspectReplica(name, 1280);
    expect(raw.meta).to.deep.equal({ txCount: 14, nextSegment: 5, bytes: 14 * 1328 });
    expect(raw.segments.map((x) => x.key)).to.deep.equal([0, 1, 2, 3, 4]);

    s = await IdbReplicaStore.open(name);
    const [back] = await s.takeQuarantine();
    expectSame(back.bytes, q.bytes, 'quarantined bytes');
    expect(back.since).to.equal(q.since);
    expectSame(await s.confirmed(), Uint32Array.from([1, 9, 14]), 'confirmed');
    expectSame(await s.readRange(10, 5), next.txs, 'the batch appended after the upgrade');
    expect((await s.load()).txCount).to.equal(14);
    await s.deleteQuarantine([q.id]);
    expect(await s.takeQuarantine()).to.deep.equal([]);
    s.close();
  });

  it('an empty v1 database (created, never written) upgrades to an empty replica', async () => {
    const db = await openDB<ReplicaDBv1>(name, REPLICA_SCHEMA_V1, { upgrade: (d, old) => upgradeReplicaV1(d, old) });
    db.close();
    const s = await IdbReplicaStore.open(name, { txSize: 8 });
    expect((await s.load()).txCount).to.equal(0);
    expect(await s.append(makeBatch(1, 2, 1, 8))).to.deep.equal({ first: 1 });
    s.close();
    await inspectReplica(name, 8);
  });

  it('a database upgraded from v1 has the same shape as one created at the current version', async () => {
    await writeV1(name, fixture);
    (await IdbReplicaStore.open(name)).close();
    const fresh = uniqueDbName('fresh');
    (await IdbReplicaStore.open(fresh)).close();
    const a = await openDB(name);
    const b = await openDB(fresh);
    try {
      expect(a.version).to.equal(b.version);
      expect(shape(a)).to.deep.equal(shape(b));
    } finally {
      a.close();
      b.close();
      await dropDb(fresh);
    }
  });
});

/** Creates `name` with the frozen v2 schema: the v1 fixture's records plus a quarantined tx and a confirmed page, as v2 wrote them. */
async function writeV2(name: string, fixture: Fixture): Promise<{ quarantineKey: string; quarantine: ReplicaDBv2['quarantine']['value']; page: ReplicaDBv2['confirmed']['value'] }> {
  const db = await openDB<ReplicaDBv2>(name, REPLICA_SCHEMA_V2, { upgrade: (d, old) => upgradeReplicaV2(d, old) });
  const tx = db.transaction(['segments', 'graph', 'meta', 'quarantine', 'confirmed'], 'readwrite');
  const puts: Promise<unknown>[] = [];
  for (const r of fixture.stores.segments) puts.push(tx.objectStore('segments').put(r.value as ReplicaDBv2['segments']['value'], r.key as number));
  for (const r of fixture.stores.graph) puts.push(tx.objectStore('graph').put(r.value as ReplicaDBv2['graph']['value'], r.key as number));
  for (const r of fixture.stores.meta) puts.push(tx.objectStore('meta').put(r.value as ReplicaDBv2['meta']['value'], r.key as string));
  const quarantineKey = '07'.repeat(32);
  const quarantine = { id: new Uint8Array(32).fill(7).buffer, bytes: new Uint8Array(1280).fill(8).buffer, since: 1_714_000_100_000 };
  const bits = new Uint8Array(8192);
  bits[0] = 0b1000_0010; // indices 1 and 7
  const page = { bits: bits.buffer };
  puts.push(tx.objectStore('quarantine').put(quarantine, quarantineKey), tx.objectStore('confirmed').put(page, 0));
  await Promise.all([...puts, tx.done]);
  db.close();
  return { quarantineKey, quarantine, page };
}

describe('replica schema upgrade from the frozen version 2', function () {
  this.timeout(60_000);
  let name: string;
  let fixture: Fixture;
  before(async () => {
    ({ fixture } = await loadFixture());
  });
  beforeEach(() => {
    name = uniqueDbName('upgrade-v2');
  });
  afterEach(async () => dropDb(name));

  it('keeps every v2 record byte for byte and adds an empty network store', async () => {
    const written = await writeV2(name, fixture);
    (await IdbReplicaStore.open(name)).close();
    const raw = await inspectReplica(name, 1280);
    expect(raw.version).to.equal(SCHEMA_VERSION);
    expect(raw.stores).to.deep.equal(['confirmed', 'graph', 'meta', 'network', 'quarantine', 'segments']);
    const db = await openDB(name);
    for (const store of ['segments', 'graph', 'meta'] as const) {
      expect(await db.getAll(store), `${store} values`).to.deep.equal(fixture.stores[store].map((r) => r.value));
    }
    expect(await db.getAllKeys('quarantine')).to.deep.equal([written.quarantineKey]);
    expect(await db.getAll('quarantine')).to.deep.equal([written.quarantine]);
    expect(await db.getAll('confirmed')).to.deep.equal([written.page]);
    expect(await db.count('network')).to.equal(0);
    db.close();
  });

  it('an upgraded v2 replica reads as before and records its network once', async () => {
    await writeV2(name, fixture);
    let s = await IdbReplicaStore.open(name);
    expect((await s.load()).txCount).to.equal(9);
    expectSame(await s.confirmed(), Uint32Array.from([1, 7]), 'confirmed');
    expect((await s.takeQuarantine()).map((q) => q.since)).to.deep.equal([1_714_000_100_000]);
    expect(await s.network()).to.equal(null);
    expect(await s.claimNetwork({ name: 'test', mwm: 3, since: 5 })).to.deep.equal({ name: 'test', mwm: 3, since: 5 });
    expect(await s.claimNetwork({ name: 'other', mwm: 9, since: 6 }), 'the first claim stands').to.deep.equal({ name: 'test', mwm: 3, since: 5 });
    s.close();
    s = await IdbReplicaStore.open(name);
    expect(await s.network(), 'kept across opens').to.deep.equal({ name: 'test', mwm: 3, since: 5 });
    s.close();
  });

  it('a database upgraded from v2 has the same shape as one created at the current version', async () => {
    await writeV2(name, fixture);
    (await IdbReplicaStore.open(name)).close();
    const fresh = uniqueDbName('fresh');
    (await IdbReplicaStore.open(fresh)).close();
    const a = await openDB(name);
    const b = await openDB(fresh);
    try {
      expect(a.version).to.equal(b.version);
      expect(shape(a)).to.deep.equal(shape(b));
    } finally {
      a.close();
      b.close();
      await dropDb(fresh);
    }
  });
});
