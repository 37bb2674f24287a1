// A sync session between real replicas over the in-memory seeded network (web/sync): both ways and
// receive only; parents first in batches through importTransactions; a 5,000-tx transfer cut half
// way resumes without any tx that arrived being sent again (counted on the wire); a malicious peer
// (forged txs, oversized, garbage and out-of-order messages, an endless stream of ranges) is
// dropped and named, stores nothing, while a sync with an honest peer goes on; batches that wait
// behind an import are imported together, each still checked and acknowledged.
import { expect } from 'chai';
import { MemoryNetwork, SyncSession, type SyncOptions, type SyncReplica, type SyncResult, type Transport } from '../../web/sync/index.ts';
import { ItemSet, LIMITS, Reconciler, decodeMessage, encodeMessage } from '../../web/core/sync/index.ts';
import { decodeArchive } from '../../web/core/validate/index.ts';
import type { Replica } from '../../web/ledger/index.ts';
import { ATTACHED_AT_OFFSET as ATTACHED_AT } from '../../web/core/tx/layout.ts';
import { archive, forge, hex, replica, storedIds, tangle, type TangleTx } from './_tangle.ts';

/** Wraps a transport to record the ids of every tx it sends. */
function counting(t: Transport, sent: string[]): Transport {
  return {
    send(bytes) {
      const m = decodeMessage(bytes);
      if (m.type === 'txs') for (const r of decodeArchive(m.archive).records) sent.push(hex(r.id));
      t.send(bytes);
    },
    close: () => t.close(),
    get onmessage() {
      return t.onmessage;
    },
    set onmessage(f) {
      t.onmessage = f;
    },
    get onclose() {
      return t.onclose;
    },
    set onclose(f) {
      t.onclose = f;
    },
  };
}

interface Pair {
  a: Promise<SyncResult>;
  b: Promise<SyncResult>;
  sessions: SyncSession[];
  ends: [Transport, Transport];
}

function connect(net: MemoryNetwork, a: Replica, b: Replica, oa: Partial<SyncOptions> = {}, ob: Partial<SyncOptions> = {}, sentByA?: string[]): Pair {
  const [ta, tb] = net.connect();
  const sa = new SyncSession(a, sentByA ? counting(ta, sentByA) : ta, { role: 'initiator', peer: 'B', timers: net.timers, ...oa });
  const sb = new SyncSession(b, tb, { role: 'responder', peer: 'A', timers: net.timers, ...ob });
  return { a: sa.run(), b: sb.run(), sessions: [sa, sb], ends: [ta, tb] };
}

const settle = (sessions: SyncSession[]) => async () => {
  for (const s of sessions) await s.settled();
};

/**
 * Drives `t` by hand as a responder holding `txs`: it reconciles honestly, asks for nothing, and
 * answers the want list with the archives `answer` gives (each in a txs message).
 */
function respondAs(t: Transport, txs: TangleTx[], answer: (asked: Uint8Array[]) => Uint8Array[]): void {
  const ids = new Uint8Array(txs.length * 32);
  txs.forEach((x, i) => ids.set(Uint8Array.from(x.id.match(/../g)!, (h) => parseInt(h, 16)), i * 32));
  const times = txs.map((x) => Number(new DataView(x.bytes.buffer, x.bytes.byteOffset).getBigUint64(ATTACHED_AT, true)));
  const rec = new Reconciler(new ItemSet(times, ids), { role: 'responder' });
  const asked: Uint8Array[] = [];
  t.onmessage = (b) => {
    const m = decodeMessage(b);
    if (m.type === 'hello') t.send(encodeMessage({ type: 'hello', direction: 'both', network: { name: 'fuzz', mwm: 2 } }));
    if (m.type === 'reconcile') t.send(encodeMessage({ type: 'reconcile', ranges: rec.receive(m.ranges)! }));
    if (m.type === 'have' && m.last) t.send(encodeMessage({ type: 'want', ids: [], last: true }));
    if (m.type === 'want') asked.push(...m.ids);
    if (m.type === 'want' && m.last) for (const a of answer(asked)) t.send(encodeMessage({ type: 'txs', archive: a }));
  };
}

async function load(r: Replica, txs: TangleTx[]): Promise<void> {
  for (let i = 0; i < txs.length; i += 500) {
    const report = await r.importTransactions(archive(txs.slice(i, i + 500)));
    expect(report.rejected, 'setup import').to.deep.equal([]);
  }
}

describe('sync session over the in-memory network', function () {
  this.timeout(300_000);

  it('brings two replicas to the union of their txs, parents first, in batches', async () => {
    const bundles = await tangle(11, 300);
    const all = bundles.flat();
    const a = await replica();
    const b = await replica();
    // A holds the first 70% of bundles, B the first 40% and some later ones whose parents it lacks.
    const cut = (f: number) => Math.floor(bundles.length * f);
    await load(a, bundles.slice(0, cut(0.7)).flat());
    await load(b, bundles.slice(0, cut(0.4)).flat());
    const before = { a: await storedIds(a), b: await storedIds(b) };
    const net = new MemoryNetwork(5, { maxDelayMs: 40 });
    const progress: number[] = [];
    const p = connect(net, a, b, { batchTxs: 16 }, { batchTxs: 16, onProgress: (x) => progress.push(x.stored) });
    await net.run(settle(p.sessions));
    const [ra, rb] = await Promise.all([p.a, p.b]);
    expect(ra.outcome, ra.reason).to.equal('done');
    expect(rb.outcome, rb.reason).to.equal('done');
    const want = all.slice(0, bundles.slice(0, cut(0.7)).flat().length).map((x) => x.id).sort();
    expect(await storedIds(a)).to.deep.equal(want);
    expect(await storedIds(b)).to.deep.equal(want);
    // What moved is exactly the set difference, counted both ways.
    const onlyA = before.a.filter((x) => !before.b.includes(x));
    expect(rb.stored).to.equal(onlyA.length);
    expect(ra.sent).to.equal(onlyA.length);
    expect(rb.wanted).to.equal(onlyA.length);
    expect(ra.stored + rb.sent + ra.wanted).to.equal(0);
    // Batches of 16, each imported whole: parents first means nothing waited in quarantine.
    expect(progress.length).to.equal(Math.ceil(onlyA.length / 16));
    expect((await b.stats()).quarantined).to.equal(0);
    expect(ra.refused).to.deep.equal({});
    console.log(`session: ${onlyA.length} txs moved; reconciliation ${ra.reconcileBytes} bytes in ${ra.rounds} round trips; ${ra.bytesOut + ra.bytesIn} bytes in all`);
  });

  it('honours receive only: a receive-only side takes and never gives', async () => {
    // Two separate Tangles on the same genesis: each side lacks all of the other's.
    const x = (await tangle(12, 40)).flat();
    const y = (await tangle(112, 40)).flat();
    for (const role of ['a', 'b'] as const) {
      const a = await replica();
      const b = await replica();
      await load(a, x);
      await load(b, y);
      const net = new MemoryNetwork(6);
      const p = connect(net, a, b, role === 'a' ? { direction: 'receive' } : {}, role === 'b' ? { direction: 'receive' } : {});
      await net.run(settle(p.sessions));
      const [ra, rb] = await Promise.all([p.a, p.b]);
      expect([ra.outcome, rb.outcome], `${ra.reason} ${rb.reason}`).to.deep.equal(['done', 'done']);
      const union = [...x, ...y].map((t) => t.id).sort();
      const [receiver, giver, given] = role === 'a' ? [a, b, y] : [b, a, x];
      expect(await storedIds(receiver), `the receive-only ${role === 'a' ? 'initiator' : 'responder'} has the union`).to.deep.equal(union);
      expect(await storedIds(giver), 'its peer got nothing').to.deep.equal(given.map((t) => t.id).sort());
      expect((role === 'a' ? ra : rb).sent).to.equal(0);
    }
  });

  it('resumes a 5,000-tx transfer cut half way without sending again any tx that arrived', async () => {
    const all = (await tangle(13, 5000)).flat();
    const a = await replica();
    const b = await replica();
    await load(a, all);
    const net = new MemoryNetwork(7, { maxDelayMs: 20 });
    const sent1: string[] = [];
    const p1 = connect(net, a, b, { batchTxs: 64, window: 3 }, {}, sent1);
    let cutAt = -1;
    await net.run(async () => {
      await settle(p1.sessions)();
      if (cutAt < 0 && b.txCount >= 2500) {
        cutAt = b.txCount;
        net.cut(p1.ends[0]);
      }
    });
    const [r1a, r1b] = await Promise.all([p1.a, p1.b]);
    expect([r1a.outcome, r1b.outcome]).to.deep.equal(['interrupted', 'interrupted']);
    const arrived = new Set(await storedIds(b));
    expect(arrived.size).to.be.within(2500, 4999);
    // Txs that arrived and wait for the rest of their bundle (cut between two batches) arrived too.
    const held = (await b.stillHeld(all.map((x) => x.id))).map((h) => h.id);
    for (const id of held) arrived.add(id);
    const sent2: string[] = [];
    const p2 = connect(net, a, b, { batchTxs: 64, window: 3 }, {}, sent2);
    await net.run(settle(p2.sessions));
    const [r2a, r2b] = await Promise.all([p2.a, p2.b]);
    expect([r2a.outcome, r2b.outcome], `${r2a.reason} ${r2b.reason}`).to.deep.equal(['done', 'done']);
    expect(await storedIds(b)).to.deep.equal(all.map((x) => x.id).sort());
    const again = sent2.filter((id) => arrived.has(id));
    expect(again, 'txs that had arrived and were sent again').to.deep.equal([]);
    expect(sent2.length).to.equal(5000 - arrived.size);
    console.log(
      `interruption: cut at ${cutAt} stored, ${held.length} waiting for their bundle; ${sent1.length} sent before the cut ` +
        `(${sent1.length - arrived.size} lost in flight), ${sent2.length} after; none sent again`,
    );
  });

  it('drops a malicious peer, names it, stores nothing invalid, and goes on with an honest one', async () => {
    const bundles = await tangle(14, 120);
    const honestTxs = bundles.flat();
    const victim = await replica();
    const honest = await replica();
    await load(honest, honestTxs);
    const net = new MemoryNetwork(8, { maxDelayMs: 10 });
    // The honest peer syncs with the victim meanwhile.
    const good = connect(net, honest, victim, { batchTxs: 8 }, { peer: 'honest' });
    // Mallory drives her end by hand.
    const [tv, tm] = net.connect();
    const victimSession = new SyncSession(victim, tv, { role: 'responder', peer: 'mallory', timers: net.timers, maxFaults: 3 });
    const bad = victimSession.run();
    const forged = await forge(bundles[3], 1);
    const script: Uint8Array[] = [
      encodeMessage({ type: 'hello', direction: 'both', network: { name: 'fuzz', mwm: 2 } }),
      Uint8Array.of(1, 2, 0xff, 0xff, 0xff, 0x7f), // a range count past every limit
      new Uint8Array(LIMITS.maxMessageBytes + 1), // an oversized frame
      encodeMessage({ type: 'served', sent: 3 }), // out of order: nothing was asked
      new Uint8Array(0), // empty
    ];
    const got: string[] = [];
    tm.onmessage = (b) => got.push(decodeMessage(b).type);
    for (const m of script) tm.send(m);
    await net.run(settle([...good.sessions, victimSession]));
    const r = await bad;
    expect(r.outcome).to.equal('dropped');
    expect(r.reason).to.match(/^mallory sent more than 3 bad messages/);
    expect(r.malformed + r.outOfPlace).to.equal(4);
    // The honest sync was not disturbed.
    expect((await good.a).outcome).to.equal('done');
    expect(await storedIds(victim)).to.deep.equal(honestTxs.map((x) => x.id).sort());

    // Forged txs: Mallory reconciles properly, claims the forged ids, and sends them when asked.
    const victim2 = await replica();
    await load(victim2, bundles.slice(0, 3).flat());
    const [tv2, tm2] = net.connect();
    const s2 = new SyncSession(victim2, tv2, { role: 'initiator', peer: 'mallory', timers: net.timers, maxRefused: 0 });
    const r2p = s2.run();
    // Mallory's item set: the victim's txs plus the forged bundle.
    respondAs(tm2, [...bundles.slice(0, 3).flat(), ...forged], (asked) => {
      expect(asked.map(hex).sort()).to.deep.equal(forged.map((x) => x.id).sort());
      return [archive(forged)];
    });
    await net.run(settle([s2]));
    const r2 = await r2p;
    expect(r2.outcome).to.equal('dropped');
    expect(r2.reason).to.equal(`mallory sent ${forged.length} txs that this replica refused (BUNDLE_HASH)`);
    expect(await storedIds(victim2)).to.deep.equal(bundles.slice(0, 3).flat().map((x) => x.id).sort());
    expect((await victim2.stats()).quarantined).to.equal(0);
  });

  it("refuses a batch whose archive is cut short, runs on past its records or holds a tx not asked for, and stores nothing of it", async () => {
    const bundles = await tangle(15, 120);
    // Mallory holds the victim's three bundles and one more; she answers its want list with broken
    // batches of that bundle, then, in a second session, with one that is whole.
    const attempt = async (batches: (extra: TangleTx[], other: TangleTx[]) => Uint8Array[], maxFaults: number) => {
      const victim = await replica();
      await load(victim, bundles.slice(0, 3).flat());
      const net = new MemoryNetwork(15);
      const [tv, tm] = net.connect();
      const s = new SyncSession(victim, tv, { role: 'initiator', peer: 'mallory', timers: net.timers, maxFaults });
      const run = s.run();
      respondAs(tm, bundles.slice(0, 4).flat(), () => batches(bundles[3], bundles[4]));
      await net.run(settle([s]));
      // A session still open waits for more: close it to read its result.
      tm.close();
      await net.run(settle([s]));
      return { r: await run, held: await storedIds(victim) };
    };
    const before = bundles.slice(0, 3).flat().map((x) => x.id).sort();
    const whole = (extra: TangleTx[]) => archive(extra);
    const cut = (extra: TangleTx[]) => whole(extra).subarray(0, whole(extra).length - 5);
    const after = (extra: TangleTx[]) => Uint8Array.from([...whole(extra), 0]);
    const unasked = (extra: TangleTx[], other: TangleTx[]) => archive([...extra, ...other]);
    const n = bundles[3].length;
    for (const [batch, why] of [
      [cut, `a batch's archive is broken (TRUNCATED at record ${n - 1})`],
      [after, `a batch's archive is broken (GARBAGE at record ${n})`],
      [unasked, `a batch holds tx ${bundles[4][0].id.slice(0, 16)}…, which was not asked for`],
    ] as const) {
      const { r, held } = await attempt((e, o) => [batch(e, o)], 0);
      expect(r.outcome, why).to.equal('dropped');
      expect(r.reason).to.equal(`mallory sent more than 0 bad messages; the last: ${why}`);
      expect(r.outOfPlace).to.equal(1);
      expect(held, 'nothing of a broken batch is stored').to.deep.equal(before);
    }
    // All three, then the whole batch: three faults are tolerated, and the whole batch is stored.
    const { r, held } = await attempt((e, o) => [cut(e), after(e), unasked(e, o), whole(e)], 3);
    expect(r.outOfPlace).to.equal(3);
    expect(r.stored).to.equal(n);
    expect(held).to.deep.equal([...before, ...bundles[3].map((x) => x.id)].sort());
  });

  it('imports the batches that wait behind the one being imported in one call, acks each, and leaves out one that breaks the rules', async () => {
    const all = (await tangle(16, 200)).flat();
    const a = await replica();
    await load(a, all);
    const b = await replica();
    // The receiver's replica, counting the txs of each importTransactions call.
    const calls: number[] = [];
    const counted: SyncReplica = {
      network: b.network,
      syncItems: () => b.syncItems(),
      exportTransactions: (f: { ids: Uint8Array[] }) => b.exportTransactions(f),
      stillHeld: (ids: readonly string[]) => b.stillHeld(ids),
      importTransactions: (bytes: Uint8Array) => {
        calls.push(decodeArchive(bytes).records.length);
        return b.importTransactions(bytes);
      },
    };
    // A pair of transports in this page. A's txs messages are held back and handed over 4 at a
    // time (the window), in one task, so that they wait behind each other at B as they do behind a
    // slow import; the first group also carries a second copy of its first batch after the second.
    const WINDOW = 4;
    const batches = Math.ceil(all.length / 8);
    let txsSent = 0;
    let acks = 0;
    let held: Uint8Array[] = [];
    let duplicated = false;
    const make = (): Transport & { peer?: Transport; closed: boolean; out(bytes: Uint8Array[]): void } => ({
      onmessage: null,
      onclose: null,
      closed: false,
      out(list) {
        const peer = this.peer as Transport & { closed: boolean };
        setTimeout(() => {
          for (const m of list) if (!peer.closed) peer.onmessage?.(m);
        }, 0);
      },
      send(bytes) {
        if (this.closed) return;
        const copy = bytes.slice();
        const type = decodeMessage(copy).type;
        if (this === ta && type === 'txs') {
          txsSent++;
          held.push(copy);
          if (held.length < WINDOW && txsSent < batches) return;
          if (!duplicated) {
            held.splice(2, 0, held[0].slice());
            duplicated = true;
          }
          const group = held;
          held = [];
          return this.out(group);
        }
        if (this === tb && type === 'ack') acks++;
        this.out([copy]);
      },
      close() {
        if (this.closed) return;
        this.closed = true;
        const peer = this.peer as Transport & { closed: boolean };
        setTimeout(() => {
          this.onclose?.();
          if (!peer.closed) {
            peer.closed = true;
            peer.onclose?.();
          }
        }, 0);
      },
    });
    const ta = make();
    const tb = make();
    ta.peer = tb;
    tb.peer = ta;
    let progress = 0;
    const [ra, rb] = await Promise.all([
      new SyncSession(a, ta, { role: 'initiator', peer: 'B', batchTxs: 8, window: WINDOW }).run(),
      new SyncSession(counted, tb, { role: 'responder', peer: 'A', onProgress: () => progress++ }).run(),
    ]);
    expect([ra.outcome, rb.outcome], `${ra.reason} ${rb.reason}`).to.deep.equal(['done', 'done']);
    expect(await storedIds(b)).to.deep.equal(all.map((x) => x.id).sort());
    // Batch sizes, grouped by 4 as they were handed over; the first group is cut by the copy.
    const sizes = Array.from({ length: batches }, (_, k) => Math.min(8, all.length - 8 * k));
    const want: number[] = [];
    for (let k = 0; k < batches; k += WINDOW) want.push(sizes.slice(k, k + WINDOW).reduce((x, y) => x + y, 0));
    want.splice(0, 1, sizes[0] + sizes[1], sizes[2] + sizes[3]);
    expect(calls).to.deep.equal(want);
    // The copy was refused on its own turn (its txs were no longer asked for), and counted.
    expect(rb.outOfPlace).to.equal(1);
    expect(rb.stored).to.equal(all.length);
    expect(acks, 'one ack per batch').to.equal(batches);
    expect(progress, 'one progress report per batch').to.equal(batches);
  });

  it('drops a peer that sends an endless stream of ranges, within the round limit', async () => {
    const victim = await replica();
    await load(victim, (await tangle(15, 40)).flat());
    const net = new MemoryNetwork(10);
    const [tv, tm] = net.connect();
    const s = new SyncSession(victim, tv, { role: 'responder', peer: 'mallory', timers: net.timers, reconcile: { maxRounds: 64 } });
    const run = s.run();
    let replies = 0;
    tm.onmessage = (b) => {
      if (decodeMessage(b).type === 'reconcile') replies++;
    };
    tm.send(encodeMessage({ type: 'hello', direction: 'both', network: { name: 'fuzz', mwm: 2 } }));
    // Every message claims the whole range differs, so an honest responder would answer for ever.
    let x = 1;
    for (let i = 0; i < 1000; i++) {
      const fingerprint = Uint8Array.from({ length: 16 }, () => (x = (x * 1103515245 + 12345) >>> 0) & 0xff);
      tm.send(encodeMessage({ type: 'reconcile', ranges: [{ upper: { time: Infinity, prefix: new Uint8Array(0) }, mode: 'fingerprint', fingerprint }] }));
    }
    await net.run(() => s.settled());
    const r = await run;
    expect(r.outcome).to.equal('dropped');
    expect(r.reason).to.equal('mallory sent more than 3 bad messages; the last: the peer sent more than 64 reconcile messages');
    expect(replies).to.equal(64);
    expect(r.outOfPlace).to.equal(4);
  });

  it('ends a session whose peer falls silent, on the virtual clock', async () => {
    const net = new MemoryNetwork(9, { loseRate: 1 });
    const a = await replica();
    const b = await replica();
    const p = connect(net, a, b, { idleTimeoutMs: 5000 }, { idleTimeoutMs: 5000 });
    await net.run(settle(p.sessions));
    const r = await p.a;
    expect(r.outcome).to.equal('interrupted');
    expect(r.reason).to.equal('the peer was silent for 5000 ms');
    expect(net.now).to.be.within(5000, 5100);
  });
});
