// Every way an input can be bad, rejected by the ingest pipeline with its own reason code
// (docs/design.md "Validation of everything that arrives"). Each case builds validly worked txs at a
// small MWM with the WASM core and corrupts one thing, redoing the PoW afterwards, so that the check
// under test, not POW, is what fails. The last test checks that every reason code has a case.
import { expect } from 'chai';
import {
  ATTACHED_AT_OFFSET,
  GENESIS_ID,
  INDEX_OFFSET,
  ISSUED_AT_OFFSET,
  KIND_OFFSET,
  LAST_INDEX_OFFSET,
  PAYLOAD_LENGTH_OFFSET,
  PAYLOAD_OFFSET,
  SIGNATURE_OFFSET,
  TRUNK_OFFSET,
  BRANCH_OFFSET,
  TX_SIZE,
  VERSION_OFFSET,
  txId,
} from '../../../web/core/tx/index.ts';
import {
  MAX_DRIFT_MS,
  REASON_CODES,
  decodeArchive,
  type IngestResult,
  type Reason,
} from '../../../web/core/validate/index.ts';
import {
  ATTACHED,
  ISSUED,
  MapLookup,
  NOW,
  alice,
  attach,
  build,
  bundle,
  hex,
  mallory,
  pipeline,
  records,
  rework,
  unworked,
} from './_fixtures.ts';

const setU64 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setBigUint64(off, BigInt(v), true);
const setU16 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(off, v, true);
const tip = (n: number) => new Uint8Array(32).fill(n);

interface Outcome {
  result: IngestResult;
  /** The ids that must be rejected with the case's reason. */
  bad: (Uint8Array | undefined)[];
  /** The ids of the txs that must be accepted (none unless the case mixes in a good bundle). */
  good?: Uint8Array[];
  /** Txs of the case that must wait in quarantine for another reason, with it (none unless listed). */
  waiting?: [Reason, Uint8Array][];
}

interface Case {
  reason: Reason;
  name: string;
  run(): Promise<Outcome>;
}

const covered = new Set<Reason>();

const cases: Case[] = [
  {
    reason: 'TRUNCATED',
    name: 'a tx one byte short',
    async run() {
      const [t] = await bundle();
      const { p } = await pipeline();
      return { result: await p.ingest([{ bytes: t.subarray(0, TX_SIZE - 1) }]), bad: [undefined] };
    },
  },
  {
    reason: 'OVERSIZED',
    name: 'a record one byte longer than a tx',
    async run() {
      const [t] = await bundle();
      const big = new Uint8Array(TX_SIZE + 1);
      big.set(t);
      const { p } = await pipeline();
      return { result: await p.ingest([{ bytes: big }]), bad: [undefined] };
    },
  },
  {
    reason: 'GARBAGE',
    name: 'a record whose bytes are not bytes (broken framing from a peer)',
    async run() {
      const { p } = await pipeline();
      return { result: await p.ingest([{ bytes: 'MTX1 hello' as unknown as Uint8Array }, null as never]), bad: [undefined, undefined] };
    },
  },
  {
    reason: 'VERSION',
    name: 'version 2',
    async run() {
      const [t] = await bundle();
      const bad = await rework(t, (b) => (b[VERSION_OFFSET] = 2));
      const { p } = await pipeline();
      return { result: await p.ingest(records(bad)), bad: [txId(bad)] };
    },
  },
  {
    reason: 'KIND',
    name: 'an unknown kind (7)',
    async run() {
      const [t] = await bundle();
      const bad = await rework(t, (b) => (b[KIND_OFFSET] = 7));
      const { p } = await pipeline();
      return { result: await p.ingest(records(bad)), bad: [txId(bad)] };
    },
  },
  {
    reason: 'INDEX',
    name: 'index past the last index, and a last index of 255',
    async run() {
      const [t] = await bundle();
      const past = await rework(t, (b) => setU16(b, INDEX_OFFSET, 1));
      const long = await rework(t, (b) => setU16(b, LAST_INDEX_OFFSET, 255));
      const { p } = await pipeline();
      return { result: await p.ingest(records(past, long)), bad: [txId(past), txId(long)] };
    },
  },
  {
    reason: 'PAYLOAD_LENGTH',
    name: 'payload length 1025',
    async run() {
      const [t] = await bundle();
      const bad = await rework(t, (b) => setU16(b, PAYLOAD_LENGTH_OFFSET, 1025));
      const { p } = await pipeline();
      return { result: await p.ingest(records(bad)), bad: [txId(bad)] };
    },
  },
  {
    reason: 'PADDING',
    name: 'a non-zero byte after the payload',
    async run() {
      const [t] = await bundle();
      const bad = await rework(t, (b) => (b[PAYLOAD_OFFSET + 1023] = 1));
      const { p } = await pipeline();
      return { result: await p.ingest(records(bad)), bad: [txId(bad)] };
    },
  },
  {
    reason: 'SIGNATURE_PLACEMENT',
    name: 'a signature on tx 1 of 2',
    async run() {
      const txs = await bundle({ size: 2, tamper: (u) => u[1].set(u[0].subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + 64), SIGNATURE_OFFSET) });
      const { p } = await pipeline();
      return { result: await p.ingest(records(txs[1])), bad: [txId(txs[1])] };
    },
  },
  {
    reason: 'SIGNATURE_MISSING',
    name: 'a tail with an all-zero signature',
    async run() {
      const txs = await bundle({ sign: async () => new Uint8Array(64) });
      const { p } = await pipeline();
      return { result: await p.ingest(records(...txs)), bad: [txId(txs[0])] };
    },
  },
  {
    reason: 'FUTURE_TIMESTAMP',
    name: 'issued and attached 11 minutes from now',
    async run() {
      const at = NOW + MAX_DRIFT_MS + 60_000;
      const txs = await bundle({ issuedAt: at, attachedAt: at });
      const { p } = await pipeline();
      return { result: await p.ingest(records(...txs)), bad: [txId(txs[0])] };
    },
  },
  {
    reason: 'PAST_TIMESTAMP',
    name: 'issued on 2023-12-31, and a tx never attached',
    async run() {
      const old = await bundle({ issuedAt: Date.UTC(2023, 11, 31) });
      const unattached = (await build({ salt: 5 }))[0];
      const { p } = await pipeline();
      return { result: await p.ingest([...records(...old), { bytes: unattached }]), bad: [txId(old[0]), undefined] };
    },
  },
  {
    reason: 'ATTACHED_BEFORE_ISSUED',
    name: 'attached 1 ms before it was issued',
    async run() {
      const [t] = await bundle();
      const bad = await rework(t, (b) => setU64(b, ATTACHED_AT_OFFSET, ISSUED - 1));
      const { p } = await pipeline();
      return { result: await p.ingest(records(bad)), bad: [txId(bad)] };
    },
  },
  {
    reason: 'POW',
    name: 'a nonce of weight below MWM',
    async run() {
      const [t] = await bundle();
      const bad = await unworked(t);
      const { p } = await pipeline();
      return { result: await p.ingest(records(bad)), bad: [txId(bad)] };
    },
  },
  {
    reason: 'ID_MISMATCH',
    name: 'a claimed id that is not the hash of the bytes, and a short one',
    async run() {
      const [t] = await bundle();
      const { p } = await pipeline();
      const wrong = tip(0x99);
      const short = txId(t).subarray(0, 31);
      return { result: await p.ingest([{ id: wrong, bytes: t }, { id: short, bytes: t }]), bad: [wrong, short] };
    },
  },
  {
    reason: 'DUPLICATE',
    name: 'a tx already in the replica, and one sent twice in one import',
    async run() {
      const [stored] = await bundle({ salt: 1 });
      const [twice] = await bundle({ salt: 2 });
      const lookup = new MapLookup();
      lookup.store([stored]);
      const { p } = await pipeline(lookup);
      return { result: await p.ingest(records(stored, twice, twice)), bad: [txId(stored), txId(twice)], good: [txId(twice)] };
    },
  },
  {
    reason: 'BUNDLE_INCONSISTENT',
    name: 'members that disagree on the issue time',
    async run() {
      const txs = await bundle({ size: 2, tamper: (u) => setU64(u[1], ISSUED_AT_OFFSET, ISSUED + 1) });
      const { p } = await pipeline();
      return { result: await p.ingest(records(...txs)), bad: txs.map(txId) };
    },
  },
  {
    reason: 'BUNDLE_CONFLICT',
    name: 'two different txs for the tail of one (bundle, branch)',
    async run() {
      const unattached = await build({ size: 2 });
      const a = await attach(unattached, { trunk: GENESIS_ID });
      const b = await attach(unattached, { trunk: tip(0x31) });
      const { p } = await pipeline();
      // a's tail waits for a's head; b's tail, for the same (bundle, branch) slot, is refused.
      return { result: await p.ingest(records(a[0], b[0])), bad: [txId(b[0])], waiting: [['BUNDLE_INCOMPLETE', txId(a[0])]] };
    },
  },
  {
    reason: 'BUNDLE_CHAIN',
    name: 'a tail whose trunk is not tx 1, and a tail whose branch differs from tx 1',
    async run() {
      const txs = await bundle({ size: 2 });
      const notNext = await rework(txs[0], (b) => b.set(tip(0x77), TRUNK_OFFSET));
      const other = await bundle({ size: 2, salt: 9 });
      const otherBranch = await rework(other[0], (b) => b.set(tip(0x78), BRANCH_OFFSET));
      const { p } = await pipeline();
      // otherBranch's group is refused alone; other[1], under the bundle's real branch, waits for a tail.
      return {
        result: await p.ingest(records(notNext, txs[1], otherBranch, other[1])),
        bad: [txId(notNext), txId(txs[1]), txId(otherBranch)],
        waiting: [['BUNDLE_INCOMPLETE', txId(other[1])]],
      };
    },
  },
  {
    reason: 'PARENT_CYCLE',
    name: 'tx 0 approving tx 2 of its own attachment (while a head may approve its own bundle\'s earlier attachment)',
    async run() {
      const txs = await bundle({ size: 3 });
      const skip = await rework(txs[0], (b) => b.set(txId(txs[2]), TRUNK_OFFSET));
      const single = await build({ salt: 4 });
      const [x] = await attach(single);
      const [y] = await attach(single, { trunk: txId(x), branch: tip(0x55) });
      const lookup = new MapLookup();
      lookup.map.set(hex(tip(0x55)), ATTACHED);
      const { p } = await pipeline(lookup);
      // y re-attaches x's bundle onto x: allowed, as it is once x is stored (ingest.ts header).
      return { result: await p.ingest(records(skip, txs[1], txs[2], x, y)), bad: [txId(skip), txId(txs[1]), txId(txs[2])], good: [txId(x), txId(y)] };
    },
  },
  {
    reason: 'BUNDLE_HASH',
    name: 'a payload byte of tx 1 changed after signing',
    async run() {
      const txs = await bundle({ size: 2, tamper: (u) => (u[1][PAYLOAD_OFFSET] ^= 1) });
      const { p } = await pipeline();
      return { result: await p.ingest(records(...txs)), bad: txs.map(txId) };
    },
  },
  {
    reason: 'ISSUER_KEY',
    name: 'an issuer key of small order (the neutral point)',
    async run() {
      const identity = new Uint8Array(32);
      identity[0] = 1;
      const txs = await bundle({ issuer: identity });
      const { p } = await pipeline();
      return { result: await p.ingest(records(...txs)), bad: txs.map(txId) };
    },
  },
  {
    reason: 'SIGNATURE_MALFORMED',
    name: 'S above the group order, and R not a point',
    async run() {
      const bigS = await bundle({ salt: 1, sign: async (m) => { const s = await alice.sign(m); s.fill(0xff, 32); return s; } });
      const badR = await bundle({ salt: 2, sign: async (m) => { const s = await alice.sign(m); s.fill(0xff, 0, 32); return s; } });
      const { p } = await pipeline();
      return { result: await p.ingest(records(...bigS, ...badR)), bad: [txId(bigS[0]), txId(badR[0])] };
    },
  },
  {
    reason: 'SIGNATURE_INVALID',
    name: 'a bundle of Alice signed by Mallory',
    async run() {
      const txs = await bundle({ size: 2, sign: mallory.sign });
      const { p } = await pipeline();
      return { result: await p.ingest(records(...txs)), bad: txs.map(txId) };
    },
  },
  {
    reason: 'PARENT_TIME',
    name: 'attached more than 10 minutes before the tx it approves',
    async run() {
      const parent = tip(0x61);
      const lookup = new MapLookup();
      lookup.map.set(hex(parent), ATTACHED + MAX_DRIFT_MS + 1);
      const txs = await bundle({ trunk: parent });
      const { p } = await pipeline(lookup);
      return { result: await p.ingest(records(...txs)), bad: txs.map(txId) };
    },
  },
  {
    reason: 'BUNDLE_INCOMPLETE',
    name: 'tx 0 and 1 of a 3-tx bundle, without the head',
    async run() {
      const txs = await bundle({ size: 3 });
      const { p } = await pipeline();
      return { result: await p.ingest(records(txs[0], txs[1])), bad: [txId(txs[0]), txId(txs[1])] };
    },
  },
  {
    reason: 'PARENT_MISSING',
    name: 'a complete bundle whose trunk is not in the replica',
    async run() {
      const txs = await bundle({ size: 2, trunk: tip(0x62) });
      const { p } = await pipeline();
      const result = await p.ingest(records(...txs));
      expect(result.missingParents.map(hex)).to.deep.equal([hex(tip(0x62))]);
      return { result, bad: txs.map(txId) };
    },
  },
  {
    reason: 'QUARANTINE_FULL',
    name: 'three waiting tails with room for two: the oldest is dropped',
    async run() {
      const tails = await Promise.all([1, 2, 3].map(async (salt) => (await bundle({ size: 2, salt }))[0]));
      const { p } = await pipeline(new MapLookup(), { quarantineLimit: 2 });
      const result = await p.ingest(records(...tails));
      expect(result.quarantined).to.equal(2);
      const held = result.rejected.filter((r) => r.held).map((r) => r.index);
      expect(held).to.deep.equal([1, 2]);
      return { result, bad: [txId(tails[0])], waiting: [['BUNDLE_INCOMPLETE', txId(tails[1])], ['BUNDLE_INCOMPLETE', txId(tails[2])]] };
    },
  },
  {
    reason: 'INTERNAL',
    name: 'the signature verifier throws instead of answering',
    async run() {
      const txs = await bundle({ size: 2, salt: 81 });
      const { p } = await pipeline(new MapLookup(), { verify: async () => { throw new Error('injected: verify'); } });
      return { result: await p.ingest(records(...txs)), bad: txs.map(txId) };
    },
  },
];

/** Reasons of txs that wait in quarantine (reported with `held`) rather than being refused. */
const WAITING: readonly Reason[] = ['BUNDLE_INCOMPLETE', 'PARENT_MISSING'];

/** Reasons only the replica gives (the pipeline never does): tested in test/ledger/replica-faults.test.ts and replica-network.test.ts. */
const REPLICA_ONLY: readonly Reason[] = ['WRITE_PENDING', 'NETWORK_MISMATCH'];

describe('ingest: each bad input gets its own reason', function () {
  for (const c of cases) {
    it(`${c.reason}: ${c.name}`, async function () {
      const { result, bad, good = [], waiting = [] } = await c.run();
      covered.add(c.reason);
      // Exactly these rejections, each with its one reason: the bad txs with the case's reason, and
      // the txs listed as waiting with theirs; nothing else, and counts to match.
      const row = (reason: Reason, id: Uint8Array | undefined, held: boolean) => `${reason} ${id === undefined ? '(no id)' : hex(id)}${held ? ' held' : ''}`;
      const expected = [...bad.map((id) => row(c.reason, id, WAITING.includes(c.reason))), ...waiting.map(([reason, id]) => row(reason, id, true))];
      expect(result.rejected.map((r) => row(r.reason, r.id, r.held === true)).sort(), `${c.reason}: the rejections`).to.deep.equal(expected.sort());
      const counts: Partial<Record<Reason, number>> = {};
      for (const reason of [...bad.map(() => c.reason), ...waiting.map(([reason]) => reason)]) counts[reason] = (counts[reason] ?? 0) + 1;
      expect(result.counts, `${c.reason}: counts`).to.deep.equal(counts);
      // nothing from a rejected bundle is accepted: exactly the good txs are
      const acceptedHex = result.accepted.flat().map((t) => hex(txId(t)));
      expect(acceptedHex, 'accepted txs').to.deep.equal(good.map(hex));
      expect(result.acceptedIds.flat().map(hex)).to.deep.equal(acceptedHex);
    });
  }

  it('has a case for every reason code', function () {
    const missing = REASON_CODES.filter((r) => !covered.has(r) && !REPLICA_ONLY.includes(r));
    expect(missing, 'reason codes without a case').to.deep.equal([]);
    expect(REASON_CODES.length).to.be.at.least(22);
  });

  it('archive framing: garbage and truncation come back as GARBAGE / TRUNCATED with the position', function () {
    const junk = new TextEncoder().encode('this is not an archive');
    expect(decodeArchive(junk).errors).to.deep.equal([{ reason: 'GARBAGE', position: -1, offset: 0 }]);
  });
});
