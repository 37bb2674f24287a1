// Faults inside the import path (issue: "any throw inside the pipeline poisons every later import").
// A check that throws, for whatever reason, must cost only the group it was checking: that group is
// refused as INTERNAL (counted and shown like any reason), the rest of the import goes on, and no
// later import pays for it again. Valid bundles whose store write failed are kept for the next
// import, but only up to a cap, and stillHeld and the report say where they are.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { Replica, coreServices, type ReplicaOptions } from '../../web/ledger/index.ts';
import { IdbReplicaStore, MemoryReplicaStore, type ReplicaStore } from '../../web/storage/index.ts';
import { loadGraph } from '../../web/wasm/index.ts';
import { INDEX_OFFSET, LAST_INDEX_OFFSET, powEssence, txId } from '../../web/core/tx/index.ts';
import { powDigest } from '../../web/core/pow/index.ts';
import { encodeArchive } from '../../web/core/validate/index.ts';
import { MWM, NOW, alice, bundle, core, hex, mallory, records, rework } from '../core/validate/_fixtures.ts';

const archive = (...txs: Uint8Array[]) => encodeArchive(records(...txs));
const setU16 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(off, v, true);
const contains = (data: Uint8Array, part: Uint8Array) => {
  outer: for (let i = 0; i + part.length <= data.length; i++) {
    for (let j = 0; j < part.length; j++) if (data[i + j] !== part[j]) continue outer;
    return true;
  }
  return false;
};

async function open(store: ReplicaStore, extra: Partial<ReplicaOptions> = {}): Promise<Replica> {
  return Replica.open({ store, graph: await loadGraph(), ...coreServices(await core()), network: { name: 'test', mwm: MWM }, now: () => NOW, ...extra });
}

describe('Replica: a fault in a check costs only its own group', function () {
  this.timeout(120_000);

  it('refuses a tx that claims slot 5 of a 3-tx bundle (index = last index = 5) as BUNDLE_INCONSISTENT, in either order, and goes on', async () => {
    const name = `replica-faults-slot-${Date.now()}`;
    const store = await IdbReplicaStore.open(name);
    try {
      const r = await open(store);
      const real = await bundle({ size: 3, salt: 31 });
      // Same bundle hash and branch as the real bundle, valid PoW, but index = last index = 5.
      const crafted = await rework(real[2], (b) => {
        setU16(b, INDEX_OFFSET, 5);
        setU16(b, LAST_INDEX_OFFSET, 5);
      });
      // After the real members: the crafted tx disagrees with the group, which goes with it.
      const late = await r.importTransactions(archive(real[0], real[1], crafted));
      expect(late.accepted).to.equal(0);
      expect(late.counts).to.deep.equal({ BUNDLE_INCONSISTENT: 3 });
      expect(late.rejected.map((x) => [x.reason, x.position])).to.deep.equal([[ 'BUNDLE_INCONSISTENT', 2], ['BUNDLE_INCONSISTENT', 0], ['BUNDLE_INCONSISTENT', 1]]);
      expect(late.quarantined).to.equal(0);
      // First: it makes the group, real[0] disagrees with it and both go; real[1] starts afresh.
      const early = await r.importTransactions(archive(crafted, real[0], real[1]));
      expect(early.accepted).to.equal(0);
      expect(early.counts).to.deep.equal({ BUNDLE_INCONSISTENT: 2, BUNDLE_INCOMPLETE: 1 });
      expect(early.rejected.map((x) => [x.reason, x.position])).to.deep.equal([['BUNDLE_INCONSISTENT', 1], ['BUNDLE_INCONSISTENT', 0]]);
      expect(early.heldTxs).to.deep.equal([{ id: hex(txId(real[1])), reason: 'BUNDLE_INCOMPLETE' }]);
      // The real bundle, sent whole, is stored; and so is an honest bundle after it.
      expect((await r.importTransactions(archive(...real))).accepted).to.equal(3);
      const next = await bundle({ size: 2, salt: 32, trunk: txId(real[0]), branch: txId(real[0]) });
      const after = await r.importTransactions(archive(...next));
      expect(after.accepted).to.equal(2);
      expect(after.counts).to.deep.equal({});
    } finally {
      store.close();
      await deleteDB(name);
    }
  });

  // Each fault site: the injected engine throws, but only on the poisoned bundle (Mallory's).
  type Poison = { poisoned: Uint8Array[] };
  const sites: [string, (p: Poison) => Partial<ReplicaOptions>][] = [
    ['the PoW weight (a stateless check) throws', (p) => {
      const bad = new Set(p.poisoned.map((t) => hex(powDigest(powEssence(t)))));
      return { powWeight: (d: Uint8Array, n: bigint) => { if (bad.has(hex(d))) throw new Error('injected: weight'); return coreWeight(d, n); } };
    }],
    ['the BLAKE2b of the bundle hash (a bundle check) throws', () => ({
      blake2b256: (data: Uint8Array) => { if (contains(data, mallory.publicKey)) throw new TypeError('injected: hash'); return coreHash(data); },
    })],
    ['the signature verifier throws', () => ({
      verify: async (pub: Uint8Array, m: Uint8Array, s: Uint8Array) => { if (hex(pub) === hex(mallory.publicKey)) throw new Error('injected: verify'); return coreVerify(pub, m, s); },
    })],
  ];
  let coreWeight: (d: Uint8Array, n: bigint) => number;
  let coreHash: (d: Uint8Array) => Uint8Array;
  let coreVerify: (p: Uint8Array, m: Uint8Array, s: Uint8Array) => Promise<boolean>;
  before(async () => {
    const s = coreServices(await core());
    coreWeight = s.powWeight;
    coreHash = s.blake2b256!;
    coreVerify = s.verify;
  });

  for (const [site, inject] of sites) {
    it(`${site}: that group is refused as INTERNAL, the rest is stored, and later imports are clean`, async () => {
      const name = `replica-faults-${site.replace(/\W+/g, '-')}-${Date.now()}`;
      const store = await IdbReplicaStore.open(name);
      try {
        const poisoned = await bundle({ size: 2, salt: 41, key: mallory });
        const good = await bundle({ size: 3, salt: 42, key: alice });
        const r = await open(store, inject({ poisoned }));
        const report = await r.importTransactions(archive(poisoned[0], good[0], good[1], poisoned[1], good[2]));
        expect(report.accepted, 'the good bundle').to.equal(3);
        expect(report.counts).to.deep.equal({ INTERNAL: 2 });
        expect(report.rejected.map((x) => [x.reason, x.position])).to.have.deep.members([['INTERNAL', 0], ['INTERNAL', 3]]);
        expect(report.quarantined).to.equal(0);
        expect((await r.stats()).rejected).to.deep.equal({ INTERNAL: 2 });
        // Nothing was re-queued: the next import sees only its own records, and is stored.
        const next = await bundle({ size: 1, salt: 43, trunk: txId(good[0]), branch: txId(good[0]) });
        const later = await r.importTransactions(archive(...next));
        expect(later.accepted).to.equal(1);
        expect(later.counts).to.deep.equal({});
        expect(await r.stillHeld(poisoned.map((t) => hex(txId(t))))).to.deep.equal([]);
        // The store holds exactly the good txs, parents first.
        const reopened = await open(store, inject({ poisoned }));
        expect(reopened.txCount).to.equal(4);
        expect((await reopened.stats()).quarantined).to.equal(0);
      } finally {
        store.close();
        await deleteDB(name);
      }
    });
  }

  it('a call whose pipeline throws outright refuses its own records as INTERNAL, keeps what waited, and later imports go on', async () => {
    let calls = 0;
    let failOn = -1;
    const r = await open(new MemoryReplicaStore(), {
      now: () => {
        calls++;
        if (calls === failOn) throw new Error('injected: clock');
        return NOW;
      },
    });
    const parent = await bundle({ size: 1, salt: 51 });
    const child = await bundle({ size: 2, salt: 52, trunk: txId(parent[0]), branch: txId(parent[0]) });
    // The child waits for its parent.
    const first = await r.importTransactions(archive(...child));
    expect(first.held).to.equal(2);
    failOn = calls + 1; // the next call's clock read throws before any record is checked
    const broken = await r.importTransactions(archive(...(await bundle({ size: 1, salt: 53 }))));
    expect(broken.accepted).to.equal(0);
    expect(broken.counts).to.deep.equal({ INTERNAL: 1 });
    expect(broken.rejected.map((x) => [x.reason, x.position])).to.deep.equal([['INTERNAL', 0]]);
    // What waited is still there, and the parent releases it.
    const healed = await r.importTransactions(archive(...parent));
    expect(healed.accepted).to.equal(3);
    expect(healed.counts).to.deep.equal({});
    expect(r.txCount).to.equal(3);
  });

  it('what waited goes through at most 3 imports whose pipeline throws: kept after 3, let go as INTERNAL at the 4th, never retried for ever', async () => {
    for (const throwing of [3, 4]) {
      let failing = false;
      const r = await open(new MemoryReplicaStore(), {
        // The first clock read of a call throws, before any record is checked.
        now: () => {
          if (failing) {
            failing = false;
            throw new Error('injected: clock');
          }
          return NOW;
        },
      });
      const parent = await bundle({ size: 1, salt: 54 });
      const child = await bundle({ size: 2, salt: 55, trunk: txId(parent[0]), branch: txId(parent[0]) });
      expect((await r.importTransactions(archive(...child))).held).to.equal(2);
      const reports = [];
      for (let k = 0; k < throwing; k++) {
        const own = await bundle({ size: 1, salt: 60 + k });
        failing = true;
        reports.push(await r.importTransactions(archive(...own)));
        expect(failing, 'the call read the clock').to.equal(false);
      }
      // Each throwing call refuses its own record; the 4th also lets the two waiting ones go.
      expect(reports.map((x) => x.counts), `${throwing} throwing calls`).to.deep.equal(
        reports.map((_, k) => ({ INTERNAL: k === 3 ? 3 : 1 })),
      );
      const healed = await r.importTransactions(archive(...parent));
      if (throwing === 3) {
        expect(healed.accepted, 'kept through 3 throwing calls, the child comes with its parent').to.equal(3);
      } else {
        expect(healed.accepted, 'let go at the 4th: only the parent').to.equal(1);
        expect(await r.stillHeld(child.map((t) => hex(txId(t))))).to.deep.equal([]);
        expect((await r.stats()).rejected.INTERNAL).to.equal(6);
      }
      expect(healed.counts).to.deep.equal({});
    }
  });

  it('a damaged file: what depends on its damaged tx is named as blocked by it, and clearing lets it go for good', async () => {
    const name = `replica-faults-damaged-file-${Date.now()}`;
    let store = await IdbReplicaStore.open(name);
    try {
      // A chain of 4 bundles (6 txs), as an export lists it: parents first, each bundle head first.
      const a = await bundle({ size: 1, salt: 71 });
      const b = await bundle({ size: 2, salt: 72, trunk: txId(a[0]), branch: txId(a[0]) });
      const c = await bundle({ size: 2, salt: 73, trunk: txId(b[0]), branch: txId(a[0]) });
      const d = await bundle({ size: 1, salt: 74, trunk: txId(c[0]), branch: txId(b[0]) });
      const file = archive(a[0], b[1], b[0], c[1], c[0], d[0]);
      file[8 + 32 + 200] ^= 1; // one flipped byte in the first tx, past its 10-byte payload (after the header and its id)
      const r = await open(store);
      const report = await r.importTransactions(file);
      expect(report.accepted).to.equal(0);
      expect(report.rejected.map((x) => [x.reason, x.position, x.id])).to.deep.equal([['PADDING', 0, hex(txId(a[0]))]]);
      expect(report.held).to.equal(5);
      const held = await r.stillHeld(report.heldTxs.map((h) => h.id));
      expect(held.map((h) => [h.reason, h.blockedBy])).to.deep.equal(
        new Array(5).fill(['PARENT_MISSING', { id: hex(txId(a[0])), reason: 'PADDING' }]),
      );
      expect(await r.clearQuarantine()).to.deep.equal({ cleared: 5, saved: true });
      expect((await r.stats()).quarantined).to.equal(0);
      expect(await r.stillHeld(report.heldTxs.map((h) => h.id))).to.deep.equal([]);
      store.close();
      store = await IdbReplicaStore.open(name);
      expect(await store.takeQuarantine(), 'nothing left in the persisted quarantine').to.deep.equal([]);
      // An undamaged copy of the file is stored whole.
      const again = await open(store);
      expect((await again.importTransactions(archive(a[0], b[1], b[0], c[1], c[0], d[0]))).accepted).to.equal(6);
    } finally {
      store.close();
      await deleteDB(name);
    }
  });

  it('keeps valid bundles after failed writes up to a cap; stillHeld says WRITE_PENDING; the next good write stores them', async () => {
    const inner = new MemoryReplicaStore();
    let failing = true;
    const store: ReplicaStore = new Proxy(inner, {
      get(target, prop) {
        if (prop === 'append' && failing) return async () => { throw new DOMException('injected: quota', 'QuotaExceededError'); };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const r = await open(store, { quarantineLimit: 4 });
    const a = await bundle({ size: 2, salt: 61 });
    const b = await bundle({ size: 2, salt: 62 });
    const c = await bundle({ size: 1, salt: 63 });
    let threw = 0;
    for (const txs of [a, b, c]) await r.importTransactions(archive(...txs)).catch(() => threw++);
    expect(threw, 'each write failed').to.equal(3);
    // At most 4 wait in all: when c came, a's 2 were let go (the oldest); b and c wait to be written.
    const ids = [...a, ...b, ...c].map((t) => hex(txId(t)));
    const held = await r.stillHeld(ids);
    expect(held.map((h) => h.reason)).to.deep.equal(['WRITE_PENDING', 'WRITE_PENDING', 'WRITE_PENDING']);
    expect(held.map((h) => h.id)).to.have.members([...b, ...c].map((t) => hex(txId(t))));
    const s = await r.stats();
    expect(s.awaitingWrite).to.equal(3);
    expect(s.rejected).to.deep.equal({ QUARANTINE_FULL: 2 });
    failing = false;
    const d = await bundle({ size: 1, salt: 64 });
    const ok = await r.importTransactions(archive(...d));
    expect(ok.accepted, 'b, c and d').to.equal(4);
    expect(ok.awaitingWrite).to.equal(0);
    expect(await r.stillHeld(ids)).to.deep.equal([]);
    expect(r.txCount).to.equal(4);
  });
});
