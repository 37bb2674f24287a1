// Convergence fuzz (issue 11 acceptance): K = 3..5 real replicas on the seeded in-memory network,
// each starting with a different part of one valid Tangle, sync in random pairs while the network
// delays, loses and cuts; then a healing phase on a perfect network, one pair at a time. Every
// replica must end equal to the union of the valid txs. In about half the seeds one peer is a liar:
// it offers forged txs (bundle hash broken) and garbage records besides its real ones, and none of
// them may get in anywhere. Each seed also checks the reconciliation against a plain set difference:
// first every pair's initial sets through the pure Reconciler, then every healing session's want
// counts against the difference of the two replicas' stored sets. The seed and case print on failure.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { MemoryNetwork, SyncSession, type SyncReplica, type SyncResult } from '../../web/sync/index.ts';
import { ItemSet, Reconciler, decodeMessage, encodeMessage, type Range } from '../../web/core/sync/index.ts';
import { decodeArchive, encodeArchive } from '../../web/core/validate/index.ts';
import { IdbReplicaStore, MemoryReplicaStore, type ReplicaStore } from '../../web/storage/index.ts';
import { compileCore, loadGraph, type TangleGraph } from '../../web/wasm/index.ts';
import { ATTACHED_AT_OFFSET, TX_SIZE } from '../../web/core/tx/layout.ts';
import type { Replica } from '../../web/ledger/index.ts';
import { Rng, caseSeed } from '../fuzz/_rng.ts';
import { FUZZ_NETWORK, archive, forge, hex, replica, storedIds, tangle, type TangleTx } from './_tangle.ts';

const SEED = 20261204;
const SEEDS = 50;

const fromHex = (h: string) => Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));
const attachedAt = (tx: Uint8Array) => Number(new DataView(tx.buffer, tx.byteOffset).getBigUint64(ATTACHED_AT_OFFSET, true));

interface Bad {
  id: Uint8Array;
  time: number;
  bytes: Uint8Array;
}

/** A peer that offers `bad` records (forged or garbage) besides its replica's real txs. */
function liar(r: Replica, bad: Bad[]): SyncReplica {
  return {
    network: r.network,
    async syncItems() {
      const s = await r.syncItems();
      const n = s.attachedAt.length;
      const times = new Float64Array(n + bad.length);
      times.set(s.attachedAt);
      const ids = new Uint8Array((n + bad.length) * 32);
      ids.set(s.ids);
      bad.forEach((b, i) => {
        times[n + i] = b.time;
        ids.set(b.id, (n + i) * 32);
      });
      return { attachedAt: times, ids };
    },
    async exportTransactions(f) {
      const records = decodeArchive(await r.exportTransactions(f)).records;
      const asked = new Set(f.ids.map(hex));
      for (const b of bad) if (asked.has(hex(b.id))) records.push({ id: b.id, bytes: b.bytes });
      return encodeArchive(records, FUZZ_NETWORK);
    },
    importTransactions: (bytes) => r.importTransactions(bytes),
    stillHeld: (ids) => r.stillHeld(ids),
  };
}

/** need/have of a reconciliation between two item lists, run through the codec. */
function reconcilePure(a: { attachedAt: Float64Array; ids: Uint8Array }, b: { attachedAt: Float64Array; ids: Uint8Array }) {
  const ini = new Reconciler(new ItemSet(a.attachedAt, a.ids), { role: 'initiator' });
  const res = new Reconciler(new ItemSet(b.attachedAt, b.ids), { role: 'responder' });
  const wire = (ranges: Range[]) => {
    const m = decodeMessage(encodeMessage({ type: 'reconcile', ranges }));
    if (m.type !== 'reconcile') throw new Error('not reconcile');
    return m.ranges;
  };
  let out: Range[] | null = ini.initiate();
  while (out) out = ini.receive(wire(res.receive(wire(out))!));
  return { need: ini.need.map(hex).sort(), have: ini.have.map(hex).sort() };
}

function idsOf(items: { ids: Uint8Array }): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.ids.length; i += 32) out.push(hex(items.ids.subarray(i, i + 32)));
  return out;
}

const minus = (a: string[], b: string[]) => {
  const s = new Set(b);
  return [...new Set(a)].filter((x) => !s.has(x)).sort();
};

interface Peer {
  name: string;
  replica: Replica;
  /** What its sessions see: the replica, or a liar around it. */
  face: SyncReplica;
}

/** Runs one session between peers i and j to its end on `net`. */
function session(net: MemoryNetwork, a: Peer, b: Peer, o: { batchTxs: number; idle: number }): { run: Promise<[SyncResult, SyncResult]>; sessions: SyncSession[] } {
  const [ta, tb] = net.connect();
  const common = { timers: net.timers, batchTxs: o.batchTxs, idleTimeoutMs: o.idle };
  const sa = new SyncSession(a.face, ta, { ...common, role: 'initiator', peer: b.name });
  const sb = new SyncSession(b.face, tb, { ...common, role: 'responder', peer: a.name });
  return { run: Promise.all([sa.run(), sb.run()]), sessions: [sa, sb] };
}

async function runAll(net: MemoryNetwork, sessions: SyncSession[]): Promise<void> {
  await net.run(async () => {
    for (const s of sessions) await s.settled();
  });
}

/** One seed's case. Throws with the seed, the case and its log on failure. */
/** Totals over the seeds run, printed at the end so a run shows what it exercised. */
interface Totals {
  cases: number;
  peers: number;
  txs: number;
  liars: number;
  sessions: Record<string, number>;
  lost: number;
  cuts: number;
  maxPasses: number;
  badRefused: number;
}

async function runCase(
  k: number,
  newStore: (name: string) => Promise<{ store: ReplicaStore; dispose(): Promise<void> }>,
  graphs: TangleGraph[],
  totals: Totals,
): Promise<void> {
  const cs = caseSeed(SEED, k);
  const rng = new Rng(cs);
  const log: string[] = [];
  const stores: { dispose(): Promise<void> }[] = [];
  try {
    const K = rng.range(3, 5);
    const bundles = await tangle(cs, rng.range(15, 70));
    // The last bundle is never given to anyone: a liar offers a forged copy of it, so the forgery
    // never meets its honest twin (what twins do is the ledger's own fuzz's concern).
    const spare = bundles.pop()!;
    const all = bundles.flat();
    // Each bundle goes to 1..K peers; a peer may get a bundle without its parents (it waits).
    const parts: TangleTx[][] = Array.from({ length: K }, () => []);
    for (const b of bundles) {
      const owners = rng.shuffle([...Array(K).keys()]).slice(0, rng.chance(0.7) ? 1 : rng.range(1, K));
      for (const o of owners) parts[o].push(...b);
    }
    const peers: Peer[] = [];
    for (let p = 0; p < K; p++) {
      const s = await newStore(`conv-${SEED}-${k}-${p}`);
      stores.push(s);
      const r = await replica(s.store, graphs[p]);
      if (parts[p].length > 0) await r.importTransactions(archive(parts[p]));
      peers.push({ name: `peer${p}`, replica: r, face: r });
    }
    let bad: Bad[] = [];
    if (rng.chance(0.5)) {
      const forged = await forge(spare, rng.int(256));
      bad = forged.map((x) => ({ id: fromHex(x.id), time: attachedAt(x.bytes), bytes: x.bytes }));
      const garbage = rng.bytes(TX_SIZE);
      bad.push({ id: rng.bytes(32), time: attachedAt(all[0].bytes) + rng.int(1000), bytes: garbage });
      const p = rng.int(K);
      peers[p].face = liar(peers[p].replica, bad);
      log.push(`liar: peer${p} offers ${bad.length} bad records`);
    }
    totals.cases++;
    totals.peers += K;
    totals.txs += all.length;
    if (bad.length > 0) totals.liars++;
    log.push(`K=${K}, ${all.length} txs in ${bundles.length} bundles, parts ${parts.map((x) => x.length).join('/')}`);

    // The pure reconciliation of every pair's starting sets against the plain set difference.
    const items = await Promise.all(peers.map((p) => p.face.syncItems()));
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        if (i === j) continue;
        const got = reconcilePure(items[i], items[j]);
        expect(got.need, `pure reconciliation peer${i} <- peer${j}`).to.deep.equal(minus(idsOf(items[j]), idsOf(items[i])));
        expect(got.have, `pure reconciliation peer${i} -> peer${j}`).to.deep.equal(minus(idsOf(items[i]), idsOf(items[j])));
      }
    }

    // Chaos: random pairs at once on a faulty network.
    const faults = { maxDelayMs: rng.int(200), loseRate: rng.pick([0, 0, 0.002, 0.01]), cutRate: rng.pick([0, 0.005, 0.02]) };
    const net = new MemoryNetwork(cs, faults);
    const batchTxs = rng.pick([1, 4, 16, 64]);
    const rounds = rng.range(2, 5);
    log.push(`chaos: ${JSON.stringify(faults)}, batches of ${batchTxs}, ${rounds} rounds`);
    for (let round = 0; round < rounds; round++) {
      const running: ReturnType<typeof session>[] = [];
      const pairs = rng.range(1, K);
      for (let n = 0; n < pairs; n++) {
        const i = rng.int(K);
        let j = rng.int(K - 1);
        if (j >= i) j++;
        running.push(session(net, peers[i], peers[j], { batchTxs, idle: 5_000 }));
      }
      await runAll(net, running.flatMap((r) => r.sessions));
      const results = (await Promise.all(running.map((r) => r.run))).flat();
      for (const r of results) totals.sessions[r.outcome] = (totals.sessions[r.outcome] ?? 0) + 1;
      log.push(`round ${round}: ${results.map((r) => `${r.peer}:${r.outcome[0]}${r.stored}`).join(' ')}; network ${JSON.stringify(net.stats)}`);
    }

    // Healing: a perfect network, one pair at a time, each session checked against the difference.
    net.faults = { maxDelayMs: 50, loseRate: 0, cutRate: 0 };
    const union = all.map((x) => x.id).sort();
    // Until a whole pass moves nothing: a bundle given to a peer without its parents waits there, and
    // is offered only once its parents reached it, so a chain of such bundles takes a pass a link.
    let passes = 0;
    for (let moved = true; moved; passes++) {
      moved = false;
      if (passes === 40) throw new Error('no fixpoint after 40 healing passes');
      const pass = passes;
      for (let i = 0; i < K; i++) {
        for (let j = i + 1; j < K; j++) {
          const [a, b] = rng.chance(0.5) ? [peers[i], peers[j]] : [peers[j], peers[i]];
          const [ia, ib] = [idsOf(await a.face.syncItems()), idsOf(await b.face.syncItems())];
          const heldBy = async (p: Peer, ids: string[]) => new Set((await p.replica.stillHeld(ids)).map((h) => h.id));
          const needA = minus(ib, ia);
          const needB = minus(ia, ib);
          const [ha, hb] = [await heldBy(a, needA), await heldBy(b, needB)];
          const s = session(net, a, b, { batchTxs, idle: 30_000 });
          await runAll(net, s.sessions);
          const [ra, rb] = await s.run;
          for (const r of [ra, rb]) {
            totals.sessions[r.outcome] = (totals.sessions[r.outcome] ?? 0) + 1;
            for (const n of Object.values(r.refused)) totals.badRefused += n ?? 0;
          }
          const where = `healing pass ${pass}, ${a.name} with ${b.name}`;
          if (ra.stored + rb.stored > 0) moved = true;
          log.push(`${where}: ${a.name} ${ra.outcome[0]} wanted ${ra.wanted} stored ${ra.stored}; ${b.name} ${rb.outcome[0]} wanted ${rb.wanted} stored ${rb.stored}`);
          const liarSession = a.face !== a.replica || b.face !== b.replica;
          if (!liarSession) {
            expect([ra.outcome, rb.outcome], `${where}: ${ra.reason} / ${rb.reason}`).to.deep.equal(['done', 'done']);
          }
          if (ra.outcome === 'done' && rb.outcome === 'done') {
            expect(ra.wanted, `${where}: ${a.name} asked for`).to.equal(needA.filter((x) => !ha.has(x)).length);
            expect(rb.wanted, `${where}: ${b.name} asked for`).to.equal(needB.filter((x) => !hb.has(x)).length);
          }
        }
      }
    }
    log.push(`healed in ${passes} passes`);
    totals.maxPasses = Math.max(totals.maxPasses, passes);
    totals.lost += net.stats.lost;
    totals.cuts += net.stats.cuts;
    const badIds = new Set(bad.map((b) => hex(b.id)));
    const missing = new Set<string>();
    for (const p of peers) for (const x of minus(union, await storedIds(p.replica))) missing.add(x);
    for (const x of missing) {
      const tx = all.find((t) => t.id === x)!;
      const holders = [];
      for (const p of peers) if ((await storedIds(p.replica)).includes(x)) holders.push(p.name);
      log.push(`missing ${x.slice(0, 12)} (bundle ${tx.bundle}, at ${attachedAt(tx.bytes)}): stored by ${holders.join(',') || 'nobody'}; given to ${parts.map((q, i) => (q.includes(tx) ? i : -1)).filter((i) => i >= 0)}`);
    }
    for (const p of peers) {
      const st = await p.replica.stats();
      log.push(`${p.name}: ${st.txCount} stored, ${st.quarantined} waiting, refused ${JSON.stringify(st.rejected)}, duplicates ${st.duplicates}`);
    }
    for (const p of peers) {
      const got = await storedIds(p.replica);
      expect(got.filter((x) => badIds.has(x)), `${p.name} stored a bad record`).to.deep.equal([]);
      expect(got, `${p.name} ends with the union`).to.deep.equal(union);
      expect((await p.replica.stats()).quarantined, `${p.name} has nothing waiting`).to.equal(0);
    }
  } catch (e) {
    throw new Error(`convergence seed ${SEED} case ${k} (case seed ${cs}) failed: ${(e as Error).message}\n  log: ${log.join('\n  ')}`);
  } finally {
    for (const s of stores) await s.dispose();
  }
}

const newTotals = (): Totals => ({ cases: 0, peers: 0, txs: 0, liars: 0, sessions: {}, lost: 0, cuts: 0, maxPasses: 0, badRefused: 0 });

describe(`sync convergence fuzz (seed ${SEED})`, function () {
  this.timeout(20 * 60_000);
  let graphs: TangleGraph[];

  before(async () => {
    const module = await compileCore();
    graphs = await Promise.all(Array.from({ length: 5 }, () => loadGraph({ module })));
  });

  it(`converges on ${SEEDS} seeds with 3-5 in-memory peers, faults and liars`, async () => {
    const memory = async () => ({ store: new MemoryReplicaStore(), dispose: async () => {} });
    const totals = newTotals();
    for (let k = 0; k < SEEDS; k++) await runCase(k, memory, graphs, totals);
    console.log(`convergence (seed ${SEED}, in memory): ${JSON.stringify(totals)}`);
    expect(totals.cases).to.equal(SEEDS);
  });

  it('converges on IndexedDB stores too (3 seeds)', async () => {
    const idb = async (name: string) => {
      const store = await IdbReplicaStore.open(name);
      return {
        store,
        dispose: async () => {
          store.close();
          await deleteDB(name);
        },
      };
    };
    const totals = newTotals();
    for (let k = 1000; k < 1003; k++) await runCase(k, idb, graphs, totals);
    console.log(`convergence (seed ${SEED}, IndexedDB): ${JSON.stringify(totals)}`);
  });
});
