// Finding stored bundles by tag (issue 8: an unlocked identity finds its records). The replica keeps
// a tag index in memory (web/ledger/tag-index.ts), built from the stored tag column at open and
// followed by every commit; findTagged reads the bundles it finds. Checked here against oracles that
// share no code with it: the stored tx bytes scanned from the start (which indices carry which tag),
// and what the test itself built and imported (each bundle's payload, issuer, times and kind), after
// seeded random imports, commits that fail half way (the replica is rebuilt from the store) and
// reopens, on real IndexedDB. findTagged returns bundles in replica index order of their tails.
import { expect } from 'chai';
import { deleteDB, openDB } from 'idb';
import { Replica, coreServices, type TaggedBundle } from '../../web/ledger/index.ts';
import type { _ReplicaTestOptions } from '../../web/ledger/replica.ts';
import { IdbReplicaStore, type ReplicaStore } from '../../web/storage/index.ts';
import { loadGraph } from '../../web/wasm/index.ts';
import { GENESIS_ID, INDEX_OFFSET, TX_KINDS, TX_SIZE, decodeTx, txId } from '../../web/core/tx/index.ts';
import { attachBundle, buildBundle } from '../../web/core/bundle/index.ts';
import { encodeArchive } from '../../web/core/validate/index.ts';
import { signingKeyFromSecret, type SigningKey } from '../../web/crypto/index.ts';
import { ATTACHED, ISSUED, MWM, NOW, core, hex, records, search } from '../core/validate/_fixtures.ts';
import { rng } from '../storage/batches.ts';

const NETWORK = { name: 'test', mwm: MWM };
const KEYS: SigningKey[] = [0x11, 0x22, 0x33].map((b) => signingKeyFromSecret(new Uint8Array(32).fill(b)));
const KINDS = [TX_KINDS.record, TX_KINDS.consent, TX_KINDS.test];

/** A bundle as the test built it: the oracle for what findTagged must return. */
interface Built {
  txs: Uint8Array[]; // index order: txs[0] is the tail
  tag: Uint8Array;
  payload: Uint8Array;
  issuer: Uint8Array;
  issuedAt: number;
  attachedAt: number;
  kind: number;
  tailId: string;
}

/** The n-th bundle of a run: `size` txs carrying `tag`, approving `trunk` and `branch`. */
async function build(n: number, o: { tag: Uint8Array; size: number; trunk: Uint8Array; branch: Uint8Array; random: () => number }): Promise<Built> {
  const length = (o.size - 1) * 1024 + 1 + Math.floor(o.random() * 1024);
  const payload = Uint8Array.from({ length }, () => Math.floor(o.random() * 256));
  const key = KEYS[n % KEYS.length];
  const kind = KINDS[n % KINDS.length];
  // Later bundles are issued and attached later, as they would be.
  const issuedAt = ISSUED - 100_000 + n * 10;
  const attachedAt = ATTACHED - 100_000 + n * 10;
  const unattached = await buildBundle({ kind, issuer: key.publicKey, tag: o.tag, issuedAt, payload }, key.sign);
  const txs = await attachBundle(unattached, { trunk: o.trunk, branch: o.branch, attachedAt, mwm: MWM, pow: search });
  if (txs.length !== o.size) throw new Error(`built ${txs.length} txs, wanted ${o.size}`);
  return { txs, tag: o.tag.slice(), payload, issuer: key.publicKey.slice(), issuedAt, attachedAt, kind, tailId: hex(txId(txs[0])) };
}

/** An archive of bundles as an exporter writes them: each head first. */
function archiveOf(bundles: Built[]): Uint8Array {
  return encodeArchive(records(...bundles.flatMap((b) => [...b.txs].reverse())));
}

async function openReplica(store: ReplicaStore, faults: _ReplicaTestOptions['faultInjection'] = {}): Promise<Replica> {
  const options: _ReplicaTestOptions = { store, graph: await loadGraph(), ...coreServices(await core()), network: NETWORK, now: () => NOW, faultInjection: faults };
  return Replica.open(options);
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** findTagged's view of a bundle, without the parts compared elsewhere, for readable failures. */
function brief(b: TaggedBundle) {
  return { tailIndex: b.tailIndex, tailId: b.tailId, tag: hex(b.tag) };
}

/**
 * Compares the replica with the oracles: the stored tag column equals the tags cut out of the
 * stored txs; for every tag the txs carry (and for tags they do not), findTagged finds exactly the
 * bundles whose txs carry it, each as built, in tail order, with the store's confirmation.
 */
async function expectAgrees(r: Replica, store: ReplicaStore, built: Map<string, Built>, at: string, seen: { confirmed: number; pending: number }): Promise<void> {
  const n = r.txCount;
  const bytes = n > 0 ? await store.readRange(1, n) : new Uint8Array(0);
  const txAt = (i: number) => bytes.subarray((i - 1) * TX_SIZE, i * TX_SIZE);
  // The scan: which indices carry which tag, from the bytes alone.
  const carriers = new Map<string, number[]>();
  for (let i = 1; i <= n; i++) {
    const t = hex(decodeTx(txAt(i)).tag);
    if (!carriers.has(t)) carriers.set(t, []);
    carriers.get(t)!.push(i);
  }
  const snap = await store.load();
  expect(snap.txCount, `${at}: stored txs`).to.equal(n);
  for (let i = 1; i <= n; i++) {
    if (!same(snap.tags.subarray((i - 1) * 32, i * 32), decodeTx(txAt(i)).tag)) expect.fail(`${at}: the stored tag column differs from tx ${i}'s tag`);
  }
  const confirmed = new Set(await store.confirmed());
  const stored = new Map<string, number>(); // tail id → index, from the stored id column
  for (let i = 1; i <= n; i++) stored.set(hex(snap.ids.subarray((i - 1) * 32, i * 32)), i);

  const check = (found: TaggedBundle[], wantIndices: number[], what: string) => {
    const label = `${at}: ${what}`;
    const tails = found.map((b) => b.tailIndex);
    expect(tails, `${label}: in tail order`).to.deep.equal([...tails].sort((a, b) => a - b));
    const members: number[] = [];
    for (const b of found) {
      const want = built.get(b.tailId);
      if (!want) expect.fail(`${label}: found a bundle the test never built: ${JSON.stringify(brief(b))}`);
      expect(stored.get(b.tailId), `${label}: tailIndex of ${b.tailId}`).to.equal(b.tailIndex);
      expect(hex(b.tag), `${label}: tag of ${b.tailId}`).to.equal(hex(want.tag));
      expect(hex(b.payload), `${label}: payload of ${b.tailId}`).to.equal(hex(want.payload));
      expect(hex(b.issuer), `${label}: issuer of ${b.tailId}`).to.equal(hex(want.issuer));
      expect([b.issuedAt, b.attachedAt, b.kind], `${label}: times and kind of ${b.tailId}`).to.deep.equal([want.issuedAt, want.attachedAt, want.kind]);
      expect(b.confirmed, `${label}: confirmation of ${b.tailId}`).to.equal(confirmed.has(b.tailIndex));
      seen[b.confirmed ? 'confirmed' : 'pending']++;
      for (let j = b.tailIndex - want.txs.length + 1; j <= b.tailIndex; j++) members.push(j);
    }
    expect(members.sort((a, b) => a - b), `${label}: the indices of the bundles found`).to.deep.equal(wantIndices);
  };
  for (const [t, indices] of carriers) check(await r.findTagged([Uint8Array.from(t.match(/../g)!, (x) => parseInt(x, 16))]), indices, `tag ${t.slice(0, 8)}…`);
  // Tags nobody carries: fresh ones, and ones sharing the index's key with a carried tag.
  const absent = [new Uint8Array(32).fill(0xfe)];
  for (const t of [...carriers.keys()].slice(0, 3)) {
    const twin = Uint8Array.from(t.match(/../g)!, (x) => parseInt(x, 16));
    twin[24] ^= 0x01;
    if (!carriers.has(hex(twin))) absent.push(twin);
  }
  for (const t of absent) expect(await r.findTagged([t]), `${at}: tag ${hex(t).slice(0, 8)}… that no tx carries`).to.deep.equal([]);
  // Every tag at once (one asked twice, and the absent ones): every stored bundle, once each.
  const every = [...carriers.keys()].map((t) => Uint8Array.from(t.match(/../g)!, (x) => parseInt(x, 16)));
  const all = await r.findTagged([...every, ...every.slice(0, 1), ...absent]);
  check(all, Array.from({ length: n }, (_, k) => k + 1), 'every tag at once');
}

describe('Replica.findTagged', function () {
  this.timeout(300_000);

  // Seeds of the random runs: a failure names its seed; put it here alone to replay it.
  for (const seed of [0x7a6, 0x51de]) {
    it(`finds exactly the bundles of the asked tags after random imports, failed commits and reopens (seed 0x${seed.toString(16)})`, async () => {
      const name = `replica-tags-${seed}-${Date.now()}`;
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
      const pool = [0, 1, 2, 3].map(() => Uint8Array.from({ length: 32 }, () => Math.floor(random() * 256)));
      const twin = pool[0].slice();
      twin[31] ^= 0x40; // the same key in the tag index as pool[0]
      pool.push(twin, new Uint8Array(32)); // and the zero tag of an untagged bundle
      const built = new Map<string, Built>();
      const tails: Uint8Array[] = [];
      const seen = { confirmed: 0, pending: 0, rebuilds: 0, reopens: 0 };
      let store = await IdbReplicaStore.open(name);
      const faults: NonNullable<_ReplicaTestOptions['faultInjection']> = {};
      let r = await openReplica(store, faults);
      let made = 0;
      try {
        for (let step = 0; step < 22; step++) {
          const at = `seed 0x${seed.toString(16)}, step ${step}`;
          const op = random();
          if (op < 0.6) {
            // New bundles: tags from the pool (so equal tags meet across bundles and batches) or fresh.
            const fresh: Built[] = [];
            for (let k = 1 + Math.floor(random() * 4); k > 0; k--) {
              const tag = random() < 0.7 ? pick(pool) : Uint8Array.from({ length: 32 }, () => Math.floor(random() * 256));
              const parents = [...tails, ...fresh.map((b) => txId(b.txs[0]))];
              const parent = () => (parents.length === 0 || random() < 0.1 ? GENESIS_ID : pick(parents));
              fresh.push(await build(made++, { tag, size: 1 + Math.floor(random() * 3), trunk: parent(), branch: parent(), random }));
            }
            // Sometimes a commit step fails after the write, and the replica rebuilds from the store.
            if (random() < 0.3) {
              faults.commitStep = pick(['ids', 'arrays', 'bundles', 'tags'] as const);
              seen.rebuilds++;
            }
            const txs = fresh.reduce((sum, b) => sum + b.txs.length, 0);
            if (random() < 0.3 && fresh.length > 1) {
              // The children first: they wait in quarantine until their parents come.
              const first = await r.importTransactions(archiveOf(fresh.slice(1)));
              const second = await r.importTransactions(archiveOf(fresh.slice(0, 1)));
              expect(first.accepted + second.accepted, `${at}: stored, in two imports`).to.equal(txs);
            } else {
              expect((await r.importTransactions(archiveOf(fresh))).accepted, `${at}: stored`).to.equal(txs);
            }
            delete faults.commitStep;
            for (const b of fresh) {
              built.set(b.tailId, b);
              tails.push(txId(b.txs[0]));
            }
          } else if (op < 0.8) {
            await r.refreshConfirmation(BigInt(step + 1));
          } else {
            // A reopen, sometimes of the database too: the index comes from the stored tag column.
            if (random() < 0.5) {
              store.close();
              store = await IdbReplicaStore.open(name);
            }
            r = await openReplica(store, faults);
            seen.reopens++;
          }
          await expectAgrees(r, store, built, at, seen);
        }
        // The run must have tried what it claims to, or it proves nothing.
        expect(seen.rebuilds, `seed 0x${seed.toString(16)}: commits that failed`).to.be.greaterThan(0);
        expect(seen.reopens, `seed 0x${seed.toString(16)}: reopens`).to.be.greaterThan(0);
        expect(seen.confirmed, `seed 0x${seed.toString(16)}: confirmed bundles found`).to.be.greaterThan(0);
        expect(seen.pending, `seed 0x${seed.toString(16)}: pending bundles found`).to.be.greaterThan(0);
      } finally {
        store.close();
        await deleteDB(name);
      }
    });
  }

  it('returns the bundles of the asked tags in tail order, each payload joined in bundle order', async () => {
    const name = `replica-tags-order-${Date.now()}`;
    const store = await IdbReplicaStore.open(name);
    try {
      const r = await openReplica(store);
      const random = rng(42);
      const x = new Uint8Array(32).fill(0x58);
      const y = new Uint8Array(32).fill(0x59);
      const xTwin = x.slice();
      xTwin[31] = 0; // the same key in the tag index as x
      // a (x, 3 txs) and b (x, 1 tx) stored next to each other: one run of x holding two bundles.
      const a = await build(0, { tag: x, size: 3, trunk: GENESIS_ID, branch: GENESIS_ID, random });
      const b = await build(1, { tag: x, size: 1, trunk: txId(a.txs[0]), branch: GENESIS_ID, random });
      const c = await build(2, { tag: y, size: 2, trunk: txId(b.txs[0]), branch: txId(a.txs[0]), random });
      const d = await build(3, { tag: xTwin, size: 2, trunk: txId(c.txs[0]), branch: txId(b.txs[0]), random });
      const e = await build(4, { tag: x, size: 2, trunk: txId(d.txs[0]), branch: txId(c.txs[0]), random });
      expect((await r.importTransactions(archiveOf([a, b, c, d, e]))).accepted).to.equal(10);
      const view = (found: TaggedBundle[]) => found.map((f) => [f.tailIndex, f.tailId, hex(f.payload)]);
      const want = (...bs: [Built, number][]) => bs.map(([bb, tail]) => [tail, bb.tailId, hex(bb.payload)]);
      // Stored head first: a is 1..3 (tail 3), b is 4, c 5..6, d 7..8, e 9..10.
      expect(view(await r.findTagged([x])), 'x').to.deep.equal(want([a, 3], [b, 4], [e, 10]));
      expect(view(await r.findTagged([y, x])), 'y and x: tail order, not the order asked').to.deep.equal(want([a, 3], [b, 4], [c, 6], [e, 10]));
      expect(view(await r.findTagged([xTwin])), 'the tag with x\'s key').to.deep.equal(want([d, 8]));
      expect(view(await r.findTagged([x, x, y])), 'x asked twice').to.deep.equal(want([a, 3], [b, 4], [c, 6], [e, 10]));
      expect(await r.findTagged([]), 'no tags').to.deep.equal([]);
      // The payload of a 3-tx bundle: tx 0's bytes first (the tail, stored last), then 1, then 2.
      const [fa] = await r.findTagged([x]);
      const chunks = a.txs.map((t) => decodeTx(t).payload);
      expect(hex(fa.payload)).to.equal(hex(new Uint8Array([...chunks[0], ...chunks[1], ...chunks[2]])));
      expect(fa.payload.length).to.equal(a.payload.length);
      expect(fa).to.deep.include({ tailIndex: 3, kind: a.kind, issuedAt: a.issuedAt, attachedAt: a.attachedAt, confirmed: false });
      // Confirmation is the bundle's: e approves d and c approves a and b, so some are confirmed now.
      const { newlyConfirmed } = await r.refreshConfirmation(7n);
      const flags = (await r.findTagged([x, y, xTwin])).map((f) => [f.tailIndex, f.confirmed]);
      expect(flags, 'each flag is the tail\'s').to.deep.equal([3, 4, 6, 8, 10].map((t) => [t, newlyConfirmed.includes(t)]));
      expect(flags.some(([, c]) => c), 'some bundle is confirmed').to.equal(true);
      // Changing what came back changes nothing stored.
      fa.payload.fill(0);
      fa.tag.fill(0);
      fa.issuer.fill(0);
      expect(hex((await r.findTagged([x]))[0].payload)).to.equal(hex(a.payload));
    } finally {
      store.close();
      await deleteDB(name);
    }
  });

  it('rejects bad arguments, naming them', async () => {
    const store = await IdbReplicaStore.open(`replica-tags-args-${Date.now()}`);
    try {
      const r = await openReplica(store);
      const cases: [unknown, new (...a: never[]) => Error, RegExp][] = [
        [null, TypeError, /^tags must be an array of 32-byte tags \(Uint8Array\)$/],
        [new Uint8Array(32), TypeError, /^tags must be an array of 32-byte tags/],
        [[new Uint8Array(32), new Uint8Array(31)], RangeError, /^tags\[1\] must be 32 bytes, got 31$/],
        [[new Uint8Array(33)], RangeError, /^tags\[0\] must be 32 bytes, got 33$/],
        [['ab'.repeat(32)], TypeError, /^tags\[0\] must be a Uint8Array$/],
        [[new Uint8Array(32), Array(32).fill(0)], TypeError, /^tags\[1\] must be a Uint8Array$/],
      ];
      for (const [arg, type, message] of cases) {
        let error: unknown = null;
        try {
          await r.findTagged(arg as Uint8Array[]);
        } catch (e) {
          error = e;
        }
        expect(error, JSON.stringify(arg)?.slice(0, 40)).to.be.instanceOf(type);
        expect((error as Error).message).to.match(message);
      }
    } finally {
      store.close();
      await deleteDB(store.name);
    }
  });

  it('names a stored bundle that is not whole, rather than return part of a record', async () => {
    const name = `replica-tags-damaged-${Date.now()}`;
    const store = await IdbReplicaStore.open(name);
    try {
      const r = await openReplica(store);
      const random = rng(7);
      const x = new Uint8Array(32).fill(0x33);
      const a = await build(0, { tag: x, size: 3, trunk: GENESIS_ID, branch: GENESIS_ID, random });
      const b = await build(1, { tag: new Uint8Array(32).fill(0x44), size: 1, trunk: txId(a.txs[0]), branch: GENESIS_ID, random });
      expect((await r.importTransactions(archiveOf([a])))).to.include({ accepted: 3 });
      expect((await r.importTransactions(archiveOf([b])))).to.include({ accepted: 1 });
      expect(await r.findTagged([x])).to.have.length(1);
      // Behind the replica's back, a's middle tx (index 2) now says it is tx 0 of its bundle.
      const db = await openDB(name);
      const seg = await db.get('segments', 0);
      const txs = new Uint8Array(seg.txs);
      txs[TX_SIZE + INDEX_OFFSET] = 0;
      await db.put('segments', { ...seg, txs: txs.buffer }, 0);
      db.close();
      await r.details(4); // the store's one-segment cache now holds b's segment, not a's
      let error: unknown = null;
      await r.findTagged([x]).catch((e: unknown) => (error = e));
      expect(String(error)).to.match(/^Error: the stored bundle whose head is transaction 1 is not whole: this copy of the Tangle is damaged$/);
    } finally {
      store.close();
      await deleteDB(name);
    }
  });
});
