// Schema upgrades in a real browser database. A database is created with a FROZEN shipped schema
// (test/fixtures/replica-schema-v1.ts, -v2.ts, -v3.ts) and filled with the records that version
// wrote (test/fixtures/replica-v1.json, plus v2's quarantine and confirmed records, plus v3's
// network record); then the current store opens it, upgrades it to the current version, and must
// read everything stored unchanged and use the new stores. The v4 step fills the tag column from the
// stored txs: its records are checked against the fixture's tx bytes cut at the layout's TAG field,
// and against the generator's formula for those bytes.
import { expect } from 'chai';
import { openDB, type IDBPDatabase } from 'idb';
import { IdbReplicaStore, SCHEMA_VERSION } from '../../web/storage/index.ts';
import { REPLICA_SCHEMA_V1, upgradeReplicaV1, type ReplicaDBv1 } from '../fixtures/replica-schema-v1.ts';
import { REPLICA_SCHEMA_V2, upgradeReplicaV2, type ReplicaDBv2 } from '../fixtures/replica-schema-v2.ts';
import { REPLICA_SCHEMA_V3, upgradeReplicaV3, type ReplicaDBv3 } from '../fixtures/replica-schema-v3.ts';
import { TAG_LENGTH, TAG_OFFSET } from '../../web/core/tx/index.ts';
import { dropDb, expectReject, expectSame, fillBytes, inspectReplica, makeBatch, rng, uniqueDbName } from './helpers.ts';

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

/** The tags records the v4 step must write for the fixture: each segment's txs cut at the layout's TAG field. */
function fixtureTags(fixture: Fixture): { key: number; value: { first: number; count: number; tags: ArrayBuffer } }[] {
  return fixture.stores.segments.map((r) => {
    const v = r.value as { first: number; count: number; txs: ArrayBuffer };
    const size = v.txs.byteLength / v.count;
    const tags = new Uint8Array(v.count * TAG_LENGTH);
    for (let k = 0; k < v.count; k++) tags.set(new Uint8Array(v.txs, k * size + TAG_OFFSET, TAG_LENGTH), k * TAG_LENGTH);
    return { key: r.key as number, value: { first: v.first, count: v.count, tags: tags.buffer } };
  });
}

/**
 * The tag of fixture tx i (1-based) from make-replica-v1.mjs's formula for tx bytes: byte j of tx i is
 * (i × 31 + j × 7 + ⌊j / 256⌋ × 13) mod 256, and the tag's bytes all lie below 256.
 */
function generatedTags(n: number): Uint8Array {
  const out = new Uint8Array(n * TAG_LENGTH);
  for (let i = 1; i <= n; i++) {
    for (let t = 0; t < TAG_LENGTH; t++) out[(i - 1) * TAG_LENGTH + t] = (i * 31 + (TAG_OFFSET + t) * 7) & 0xff;
  }
  return out;
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
    // the tag column the upgrade cut out of the stored txs
    expectSame(snap.tags, generatedTags(9), 'tags as generated');
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
    expect(await s.stats()).to.deep.include({ txCount: 9, segments: 4, bytes: 9 * (1280 + 48 + 32) });
    s.close();
  });

  it('the upgrade leaves every v1 record as it was, byte for byte, and adds the v2, v3 and v4 stores', async () => {
    await writeV1(name, fixture);
    (await IdbReplicaStore.open(name)).close();
    const raw = await inspectReplica(name, 1280);
    expect(raw.version).to.equal(SCHEMA_VERSION);
    expect(raw.stores).to.deep.equal(['confirmed', 'graph', 'meta', 'network', 'quarantine', 'segments', 'tags']);
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
    const tags = fixtureTags(fixture);
    expect(await db.getAllKeys('tags'), 'one tags record per segment, under its key').to.deep.equal(tags.map((r) => r.key));
    expect(await db.getAll('tags'), 'each segment\'s tags, cut from its txs').to.deep.equal(tags.map((r) => r.value));
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
    expect(raw.meta, 'meta.bytes keeps its v1 meaning').to.deep.equal({ txCount: 14, nextSegment: 5, bytes: 14 * 1328 });
    expect(raw.segments.map((x) => x.key)).to.deep.equal([0, 1, 2, 3, 4]);

    s = await IdbReplicaStore.open(name);
    const [back] = await s.takeQuarantine();
    expectSame(back.bytes, q.bytes, 'quarantined bytes');
    expect(back.since).to.equal(q.since);
    expectSame(await s.confirmed(), Uint32Array.from([1, 9, 14]), 'confirmed');
    expectSame(await s.readRange(10, 5), next.txs, 'the batch appended after the upgrade');
    const snap = await s.load();
    expect(snap.txCount).to.equal(14);
    expectSame(snap.tags.slice(0, 9 * 32), generatedTags(9), 'the tags cut by the upgrade');
    expectSame(snap.tags.slice(9 * 32), next.tags, 'the tags appended after it');
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

  it('keeps every v2 record byte for byte, adds an empty network store and fills the tags store', async () => {
    const written = await writeV2(name, fixture);
    (await IdbReplicaStore.open(name)).close();
    const raw = await inspectReplica(name, 1280);
    expect(raw.version).to.equal(SCHEMA_VERSION);
    expect(raw.stores).to.deep.equal(['confirmed', 'graph', 'meta', 'network', 'quarantine', 'segments', 'tags']);
    const db = await openDB(name);
    for (const store of ['segments', 'graph', 'meta'] as const) {
      expect(await db.getAll(store), `${store} values`).to.deep.equal(fixture.stores[store].map((r) => r.value));
    }
    expect(await db.getAllKeys('quarantine')).to.deep.equal([written.quarantineKey]);
    expect(await db.getAll('quarantine')).to.deep.equal([written.quarantine]);
    expect(await db.getAll('confirmed')).to.deep.equal([written.page]);
    expect(await db.count('network')).to.equal(0);
    expect(await db.getAll('tags')).to.deep.equal(fixtureTags(fixture).map((r) => r.value));
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

/**
 * Creates `name` with the frozen v3 schema: v2's records (the v1 fixture, a quarantined tx, a
 * confirmed page) plus the network record, as v3 wrote them. `segments` replaces the fixture's
 * segment records when given (keys and graph records stay the fixture's).
 */
async function writeV3(
  name: string,
  fixture: Fixture,
  segments?: { key: number; value: ReplicaDBv3['segments']['value'] }[],
): Promise<{ network: ReplicaDBv3['network']['value'] }> {
  const db = await openDB<ReplicaDBv3>(name, REPLICA_SCHEMA_V3, { upgrade: (d, old) => upgradeReplicaV3(d, old) });
  const stores = ['segments', 'graph', 'meta', 'quarantine', 'confirmed', 'network'] as const;
  const tx = db.transaction([...stores], 'readwrite');
  const puts: Promise<unknown>[] = [];
  const segs = segments ?? fixture.stores.segments.map((r) => ({ key: r.key as number, value: r.value as ReplicaDBv3['segments']['value'] }));
  for (const r of segs) puts.push(tx.objectStore('segments').put(r.value, r.key));
  for (const r of fixture.stores.graph) puts.push(tx.objectStore('graph').put(r.value as ReplicaDBv3['graph']['value'], r.key as number));
  for (const r of fixture.stores.meta) puts.push(tx.objectStore('meta').put(r.value as ReplicaDBv3['meta']['value'], r.key as string));
  puts.push(
    tx.objectStore('quarantine').put({ id: new Uint8Array(32).fill(7).buffer, bytes: new Uint8Array(1280).fill(8).buffer, since: 1_714_000_100_000 }, '07'.repeat(32)),
    tx.objectStore('confirmed').put({ bits: new Uint8Array(8192).fill(0b10, 0, 1).buffer }, 0),
  );
  const network = { name: 'ward-7', mwm: 3, since: 1_714_000_200_000 };
  puts.push(tx.objectStore('network').put(network, 'network'));
  await Promise.all([...puts, tx.done]);
  db.close();
  return { network };
}

describe('replica schema upgrade from the frozen version 3', function () {
  this.timeout(60_000);
  let name: string;
  let fixture: Fixture;
  before(async () => {
    ({ fixture } = await loadFixture());
  });
  beforeEach(() => {
    name = uniqueDbName('upgrade-v3');
  });
  afterEach(async () => dropDb(name));

  it('keeps every v3 record byte for byte and fills the tags store from the stored txs', async () => {
    const before = await writeV3(name, fixture);
    const raw0 = await openDB(name);
    const kept: Record<string, { keys: IDBValidKey[]; values: unknown[] }> = {};
    for (const store of ['segments', 'graph', 'meta', 'quarantine', 'confirmed', 'network']) {
      kept[store] = { keys: await raw0.getAllKeys(store), values: await raw0.getAll(store) };
    }
    raw0.close();
    (await IdbReplicaStore.open(name)).close();
    const raw = await inspectReplica(name, 1280);
    expect(raw.version).to.equal(SCHEMA_VERSION);
    expect(raw.stores).to.deep.equal(['confirmed', 'graph', 'meta', 'network', 'quarantine', 'segments', 'tags']);
    const db = await openDB(name);
    for (const [store, was] of Object.entries(kept)) {
      expect(await db.getAllKeys(store), `${store} keys`).to.deep.equal(was.keys);
      // chai compares ArrayBuffers by content
      expect(await db.getAll(store), `${store} values`).to.deep.equal(was.values);
    }
    expect(await db.get('network', 'network')).to.deep.equal(before.network);
    const tags = fixtureTags(fixture);
    expect(await db.getAllKeys('tags')).to.deep.equal(tags.map((r) => r.key));
    expect(await db.getAll('tags')).to.deep.equal(tags.map((r) => r.value));
    db.close();
  });

  it('an upgraded v3 replica loads its tags, appends with tags, and keeps both across opens', async () => {
    await writeV3(name, fixture);
    let s = await IdbReplicaStore.open(name, { segmentTxs: 2 });
    const snap = await s.load();
    expect(snap.txCount).to.equal(9);
    expectSame(snap.tags, generatedTags(9), 'tags as generated');
    const next = makeBatch(77, 3, 10, 1280);
    expect(await s.append(next)).to.deep.equal({ first: 10 });
    s.close();
    s = await IdbReplicaStore.open(name);
    const again = await s.load();
    expectSame(again.tags.slice(0, 9 * 32), generatedTags(9), 'the upgraded tags after a reopen');
    expectSame(again.tags.slice(9 * 32), next.tags, 'the appended tags after a reopen');
    expect(await s.network(), 'the network record is kept').to.deep.equal({ name: 'ward-7', mwm: 3, since: 1_714_000_200_000 });
    s.close();
    await inspectReplica(name, 1280);
  });

  it('fills the tags of many segments of random txs, each cut from its own txs (seeded; the seed is printed on failure)', async () => {
    const seed = 0x7a95;
    const random = rng(seed);
    // Segments of 1..40 txs of 1,280 random bytes, as v3 stored them (the graph store is not read by the step).
    const segments: { key: number; value: ReplicaDBv3['segments']['value'] }[] = [];
    let first = 1;
    for (let key = 0; key < 12; key++) {
      const count = 1 + Math.floor(random() * 40);
      const txs = fillBytes(new Uint8Array(count * 1280), seed * 131 + key);
      segments.push({ key, value: { first, count, txs: txs.buffer as ArrayBuffer } });
      first += count;
    }
    await writeV3(name, fixture, segments);
    (await IdbReplicaStore.open(name)).close();
    const db = await openDB(name);
    try {
      const got = (await db.getAll('tags')) as { first: number; count: number; tags: ArrayBuffer }[];
      expect(await db.getAllKeys('tags'), `seed ${seed}: keys`).to.deep.equal(segments.map((r) => r.key));
      got.forEach((g, i) => {
        const v = segments[i].value;
        expect([g.first, g.count], `seed ${seed}: segment ${i} first and count`).to.deep.equal([v.first, v.count]);
        const want = new Uint8Array(v.count * TAG_LENGTH);
        const bytes = new Uint8Array(v.txs);
        for (let k = 0; k < v.count; k++) for (let t = 0; t < TAG_LENGTH; t++) want[k * TAG_LENGTH + t] = bytes[k * 1280 + TAG_OFFSET + t];
        expectSame(new Uint8Array(g.tags), want, `seed ${seed}: segment ${i} tags`);
      });
    } finally {
      db.close();
    }
  });

  it('a segment whose bytes are not whole txs gets no tags: the upgrade completes, load names the damage, the rest stays readable', async () => {
    const segments = fixture.stores.segments.map((r) => ({ key: r.key as number, value: { ...(r.value as ReplicaDBv3['segments']['value']) } }));
    segments[1].value.txs = segments[1].value.txs.slice(0, segments[1].value.txs.byteLength - 1); // segment 1: txs 4..6
    await writeV3(name, fixture, segments);
    const s = await IdbReplicaStore.open(name);
    try {
      const db = await openDB(name);
      expect(db.version).to.equal(SCHEMA_VERSION);
      expect(await db.getAllKeys('tags'), 'no tags record for the damaged segment').to.deep.equal([0, 2, 3]);
      db.close();
      await expectReject(() => s.load(), Error, /^replica ".*" is damaged: the segment starting at index 4 has no tags that fit it/);
      expectSame(await s.readRange(1, 3), new Uint8Array(segments[0].value.txs), 'the segment before it');
      let salvaged = 0;
      for await (const seg of s.salvageSegments()) salvaged += seg.txs.length / 1280;
      expect(salvaged, 'the salvage reads the three whole segments').to.equal(6);
    } finally {
      s.close();
    }
  });

  it('an empty v3 database (created, never written) upgrades to an empty replica', async () => {
    const db = await openDB<ReplicaDBv3>(name, REPLICA_SCHEMA_V3, { upgrade: (d, old) => upgradeReplicaV3(d, old) });
    db.close();
    const s = await IdbReplicaStore.open(name, { txSize: 8 });
    const snap = await s.load();
    expect([snap.txCount, snap.tags.length]).to.deep.equal([0, 0]);
    const b = makeBatch(1, 2, 1, 8);
    expect(await s.append(b)).to.deep.equal({ first: 1 });
    expectSame((await s.load()).tags, b.tags, 'tags');
    s.close();
    await inspectReplica(name, 8);
  });

  it('a database upgraded from v3 has the same shape as one created at the current version', async () => {
    await writeV3(name, fixture);
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
