// Reconciliation (web/core/sync/reconcile.ts) against a plain set difference: seeded random pairs of
// item sets with random overlaps (empty, identical, disjoint, 10^4 items, many items at one time so
// bounds need id prefixes, small byte budgets that force cuts), each run through the real codec, so
// the bytes counted are the bytes sent. The seed and case print on failure; a case replays from them.
import { expect } from 'chai';
import { ItemSet, Reconciler, SyncProtocolError, decodeMessage, encodeMessage, type Range, type ReconcileOptions } from '../../../web/core/sync/index.ts';
import { Rng, caseSeed } from '../../fuzz/_rng.ts';

const SEED = 1204;
const CASES = 300;

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

interface Item {
  time: number;
  id: Uint8Array;
}

function set(items: Item[]): ItemSet {
  const ids = new Uint8Array(items.length * 32);
  items.forEach((x, i) => ids.set(x.id, i * 32));
  return new ItemSet(
    items.map((x) => x.time),
    ids,
  );
}

function randomItems(rng: Rng, n: number, times: number): Item[] {
  const base = 1_700_000_000_000;
  return Array.from({ length: n }, () => ({ time: base + rng.int(times), id: rng.bytes(32) }));
}

interface Outcome {
  need: string[];
  have: string[];
  bytes: number;
  rounds: number;
}

/** Runs a whole reconciliation through encode/decode; counts bytes both ways and round trips. */
function reconcile(a: Item[], b: Item[], o: Partial<ReconcileOptions> = {}, respond: Partial<ReconcileOptions> = {}): Outcome {
  const ini = new Reconciler(set(a), { ...o, role: 'initiator' });
  const res = new Reconciler(set(b), { ...respond, role: 'responder' });
  const wire = (ranges: Range[]): Range[] => {
    const bytes = encodeMessage({ type: 'reconcile', ranges });
    total += bytes.length;
    const m = decodeMessage(bytes);
    if (m.type !== 'reconcile') throw new Error('not a reconcile message');
    return m.ranges;
  };
  let total = 0;
  let rounds = 0;
  let out: Range[] | null = ini.initiate();
  while (out) {
    rounds++;
    if (rounds > 100) throw new Error('more than 100 round trips');
    const reply = res.receive(wire(out));
    out = ini.receive(wire(reply!));
  }
  expect(ini.done).to.equal(true);
  return { need: ini.need.map(hex).sort(), have: ini.have.map(hex).sort(), bytes: total, rounds };
}

function difference(a: Item[], b: Item[]): string[] {
  const inB = new Set(b.map((x) => hex(x.id)));
  return [...new Set(a.map((x) => hex(x.id)).filter((h) => !inB.has(h)))].sort();
}

/** A random pair: shared items, then items only on each side; shapes vary with the case. */
function pair(rng: Rng, caseNo: number): { a: Item[]; b: Item[]; label: string; options: Partial<ReconcileOptions> } {
  const shape = caseNo % 6;
  const big = caseNo % 50 === 7;
  const n = big ? 10_000 : rng.pick([0, 1, 5, 13, 40, 200, 1000, 3000]);
  // Few distinct times: many items share one, so bounds need id prefixes.
  const times = rng.pick([1, 3, 1000, 1e9]);
  const shared = randomItems(rng, n, times);
  const onlyA = randomItems(rng, shape === 0 ? 0 : rng.pick([0, 1, 3, 10, 50, 300]), times);
  const onlyB = randomItems(rng, shape === 1 ? 0 : rng.pick([0, 1, 3, 10, 50, 300]), times);
  let a = [...shared, ...onlyA];
  let b = [...shared, ...onlyB];
  if (shape === 2) b = a.slice(); // identical
  if (shape === 3 && rng.chance(0.5)) a = []; // one side empty
  const options: Partial<ReconcileOptions> = {};
  if (rng.chance(0.2)) options.budget = 1024 + rng.int(4096); // force budget cuts
  if (rng.chance(0.2)) options.direction = 'receive';
  const label = `n=${n} times=${times} onlyA=${onlyA.length} onlyB=${onlyB.length} shape=${shape} ${JSON.stringify(options)}`;
  return { a, b, label, options };
}

describe(`sync reconciliation against a plain set difference (seed ${SEED}, ${CASES} cases)`, function () {
  this.timeout(300_000);

  it('finds exactly what each side lacks, for every case', () => {
    for (let k = 0; k < CASES; k++) {
      const rng = new Rng(caseSeed(SEED, k));
      const { a, b, label, options } = pair(rng, k);
      const where = `seed ${SEED} case ${k} (${label})`;
      let got: Outcome;
      try {
        got = reconcile(a, b, options, { budget: options.budget });
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
      expect(got.need, `${where}: need`).to.deep.equal(difference(b, a));
      expect(got.have, `${where}: have`).to.deep.equal(options.direction === 'receive' ? [] : difference(a, b));
      if (difference(a, b).length === 0 && difference(b, a).length === 0) expect(got.rounds, `${where}: equal sets take one round trip`).to.equal(1);
    }
  });

  it('measures the bytes for two sets of 10^4 items that differ by 10 (5 each way, and 10 one way)', () => {
    const rng = new Rng(caseSeed(SEED, 1_000_001));
    const shared = randomItems(rng, 10_000, 1e9);
    const report: string[] = [];
    for (const [x, y] of [[0, 0], [5, 5], [10, 0], [0, 10]]) {
      const a = [...shared, ...randomItems(rng, x, 1e9)];
      const b = [...shared, ...randomItems(rng, y, 1e9)];
      const got = reconcile(a, b);
      expect(got.need).to.deep.equal(difference(b, a));
      expect(got.have).to.deep.equal(difference(a, b));
      report.push(`10^4 items, ${x} only here and ${y} only there: ${got.bytes} bytes in ${got.rounds} round trips`);
      if (x + y === 0) {
        expect(got.rounds).to.equal(1);
        // 16 fingerprints of 16 bytes with their bounds, and a one-range reply: a few hundred bytes.
        expect(got.bytes).to.be.below(500);
      }
    }
    // For comparison: sending every id (32 bytes each) one way.
    report.push(`sending every id: ${10_000 * 32} bytes`);
    console.log(`reconciliation bytes (seed ${SEED}):\n  ${report.join('\n  ')}`);
  });

  it('finds ids that share their listed prefix with the other side\'s: the reply\'s fingerprint sends the range again whole', () => {
    // Within one range each side has an id of its own that starts with the same 4 bytes: listed by
    // prefix, each would hide the other. Every pair is seeded; the result must still be exact.
    for (let k = 0; k < 20; k++) {
      const rng = new Rng(caseSeed(SEED, 2_000_000 + k));
      const shared = randomItems(rng, rng.pick([0, 5, 40, 90]), 1000);
      const mine = randomItems(rng, 1 + rng.int(3), 1000);
      const theirs = mine.map((x) => {
        const id = rng.bytes(32);
        id.set(x.id.subarray(0, 4));
        return { time: x.time, id };
      });
      const a = [...shared, ...mine];
      const b = [...shared, ...theirs];
      const where = `seed ${SEED} case ${2_000_000 + k} (${shared.length} shared, ${mine.length} each side)`;
      const got = reconcile(a, b);
      expect(got.need, `${where}: need`).to.deep.equal(difference(b, a));
      expect(got.have, `${where}: have`).to.deep.equal(difference(a, b));
      expect(got.need.length, where).to.equal(mine.length);
    }
  });

  it('refuses a responder that sends replies, and a peer past the round limit', () => {
    const rng = new Rng(7);
    const items = set(randomItems(rng, 100, 1e9));
    const res = new Reconciler(items, { role: 'responder' });
    const reply: Range[] = [{ upper: { time: Infinity, prefix: new Uint8Array(0) }, mode: 'reply', has: [], extra: [], fingerprint: new Uint8Array(16) }];
    expect(() => res.receive(reply)).to.throw(SyncProtocolError, 'range 0 is a reply, which only the responder sends');
    const ini = new Reconciler(items, { role: 'initiator', maxRounds: 3 });
    ini.initiate();
    // An endless stream of ranges: every message differs, so the initiator never finishes on its own.
    const endless = (): Range[] => [{ upper: { time: Infinity, prefix: new Uint8Array(0) }, mode: 'fingerprint', fingerprint: rng.bytes(16) }];
    for (let i = 0; i < 3; i++) ini.receive(endless());
    expect(() => ini.receive(endless())).to.throw(SyncProtocolError, 'the peer sent more than 3 reconcile messages');
    const counted = new Reconciler(items, { role: 'initiator' });
    counted.initiate();
    expect(() => counted.receive([{ upper: { time: Infinity, prefix: new Uint8Array(0) }, mode: 'reply', has: [true], extra: [], fingerprint: new Uint8Array(16) }])).to.throw(
      SyncProtocolError,
      'range 0 answers 1 ids, but 100 were listed',
    );
  });
});
