// Bad input through the whole replica (docs/design.md "Validation of everything that arrives"): every
// kind is refused with its own reason code, counted, and the stored replica — in real IndexedDB —
// is byte for byte what it was. The pipeline-level cases live in test/core/validate/reasons.test.ts;
// here each input arrives as a peer or a file would send it: an archive.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { Replica, coreServices } from '../../web/ledger/index.ts';
import { IdbReplicaStore } from '../../web/storage/index.ts';
import { loadGraph } from '../../web/wasm/index.ts';
import {
  ATTACHED_AT_OFFSET, INDEX_OFFSET, KIND_OFFSET, PAYLOAD_LENGTH_OFFSET, PAYLOAD_OFFSET, SIGNATURE_OFFSET,
  TRUNK_OFFSET, TX_SIZE, VERSION_OFFSET, txId,
} from '../../web/core/tx/index.ts';
import { MAX_DRIFT_MS, encodeArchive, type Reason } from '../../web/core/validate/index.ts';
import { ATTACHED, ISSUED, MWM, NOW, alice, attach, build, bundle, core, hex, mallory, records, rework, unworked } from '../core/validate/_fixtures.ts';

const setU64 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setBigUint64(off, BigInt(v), true);
const setU16 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(off, v, true);
const archive = (...txs: Uint8Array[]) => encodeArchive(records(...txs));

/** Each case: the archive bytes a peer sends, given the good bundle already stored. */
const cases: [Reason, string, (stored: Uint8Array[]) => Promise<Uint8Array>][] = [
  ['GARBAGE', 'bytes that are not an archive', async () => new TextEncoder().encode('hello, replica')],
  ['TRUNCATED', 'an archive cut inside its last record', async () => (await archive(...(await bundle({ salt: 1 })))).subarray(0, 8 + 32 + TX_SIZE - 5)],
  ['VERSION', 'version 2', async () => archive(await rework((await bundle({ salt: 2 }))[0], (b) => (b[VERSION_OFFSET] = 2)))],
  ['KIND', 'an unknown kind', async () => archive(await rework((await bundle({ salt: 3 }))[0], (b) => (b[KIND_OFFSET] = 7)))],
  ['INDEX', 'index past the last index', async () => archive(await rework((await bundle({ salt: 4 }))[0], (b) => setU16(b, INDEX_OFFSET, 1)))],
  ['PAYLOAD_LENGTH', 'payload length 1025', async () => archive(await rework((await bundle({ salt: 5 }))[0], (b) => setU16(b, PAYLOAD_LENGTH_OFFSET, 1025)))],
  ['PADDING', 'a byte after the payload', async () => archive(await rework((await bundle({ salt: 6 }))[0], (b) => (b[PAYLOAD_OFFSET + 1000] = 1)))],
  ['SIGNATURE_PLACEMENT', 'a signature on tx 1', async () => {
    const t = await bundle({ size: 2, salt: 7, tamper: (u) => u[1].set(u[0].subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + 64), SIGNATURE_OFFSET) });
    return archive(t[1]);
  }],
  ['SIGNATURE_MISSING', 'an unsigned tail', async () => archive(...(await bundle({ salt: 8, sign: async () => new Uint8Array(64) })))],
  ['FUTURE_TIMESTAMP', 'attached 11 minutes from now', async () => {
    const at = NOW + MAX_DRIFT_MS + 60_000;
    return archive(...(await bundle({ salt: 9, issuedAt: at, attachedAt: at })));
  }],
  ['PAST_TIMESTAMP', 'issued in 2023', async () => archive(...(await bundle({ salt: 10, issuedAt: Date.UTC(2023, 11, 31) })))],
  ['ATTACHED_BEFORE_ISSUED', 'attached before issued', async () => archive(await rework((await bundle({ salt: 11 }))[0], (b) => setU64(b, ATTACHED_AT_OFFSET, ISSUED - 1)))],
  ['POW', 'weight below MWM', async () => archive(await unworked((await bundle({ salt: 12 }))[0]))],
  ['ID_MISMATCH', 'a claimed id that is not the hash', async () => {
    const [t] = await bundle({ salt: 13 });
    return encodeArchive([{ id: new Uint8Array(32).fill(9), bytes: t }]);
  }],
  ['DUPLICATE', 'the stored bundle again', async (stored) => archive(...stored)],
  ['BUNDLE_INCONSISTENT', 'members disagree on the issue time', async () => archive(...(await bundle({ size: 2, salt: 14, tamper: (u) => setU64(u[1], 70, ISSUED + 1) })))],
  ['BUNDLE_CHAIN', 'a tail whose trunk is not tx 1', async () => {
    const t = await bundle({ size: 2, salt: 15 });
    return archive(await rework(t[0], (b) => b.set(new Uint8Array(32).fill(0x77), TRUNK_OFFSET)), t[1]);
  }],
  ['PARENT_CYCLE', 'tx 0 approving tx 2 of its own bundle', async () => {
    const t = await bundle({ size: 3, salt: 16 });
    return archive(await rework(t[0], (b) => b.set(txId(t[2]), TRUNK_OFFSET)), t[1], t[2]);
  }],
  ['BUNDLE_HASH', 'a payload byte changed after signing', async () => archive(...(await bundle({ size: 2, salt: 17, tamper: (u) => (u[1][PAYLOAD_OFFSET] ^= 1) })))],
  ['ISSUER_KEY', 'a small-order issuer key', async () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    return archive(...(await bundle({ salt: 18, issuer: identity })));
  }],
  ['SIGNATURE_MALFORMED', 'S above the group order', async () => archive(...(await bundle({ salt: 19, sign: async (m) => { const s = await alice.sign(m); s.fill(0xff, 32); return s; } })))],
  ['SIGNATURE_INVALID', "Alice's bundle signed by Mallory", async () => archive(...(await bundle({ size: 2, salt: 20, sign: mallory.sign })))],
  ['PARENT_TIME', 'attached long before the stored tx it approves', async (stored) => {
    const early = ATTACHED - MAX_DRIFT_MS - 60_000;
    return archive(...(await attach(await build({ salt: 21, issuedAt: early - 1000 }), { trunk: txId(stored[0]), attachedAt: early })));
  }],
];

/**
 * Txs each case's archive must have refused, all with the case's reason: every record of it, since
 * each archive holds only the bad txs (a bundle check refuses every member of the bundle). 1 for the
 * cases not listed: a one-tx archive, or an archive whose framing is broken (one per file).
 */
const REFUSED: Partial<Record<Reason, number>> = {
  DUPLICATE: 2, // the stored 2-tx bundle
  BUNDLE_INCONSISTENT: 2,
  BUNDLE_CHAIN: 2,
  PARENT_CYCLE: 3,
  BUNDLE_HASH: 2,
  SIGNATURE_INVALID: 2,
};

describe('Replica: bad input leaves the replica unchanged', function () {
  this.timeout(120_000);
  const name = `replica-reject-${Math.random().toString(36).slice(2)}`;
  let replica: Replica;
  let store: IdbReplicaStore;
  let stored: Uint8Array[];
  let snapshot: string;

  before(async () => {
    const c = await core();
    store = await IdbReplicaStore.open(name);
    // The app's wiring (WASM BLAKE2b and PoW weights, WebCrypto), as the tangle worker uses it.
    replica = await Replica.open({ store, graph: await loadGraph(), ...coreServices(c), network: { name: 'test', mwm: MWM }, now: () => NOW });
    stored = await bundle({ size: 2, salt: 99 });
    const r = await replica.importTransactions(archive(...stored));
    expect(r.accepted, 'the good bundle').to.equal(2);
    snapshot = hex(await replica.exportTransactions());
  });
  after(async () => {
    store.close();
    await deleteDB(name);
  });

  const seen = new Set<Reason>();
  for (const [reason, what, make] of cases) {
    it(`${reason}: ${what}`, async () => {
      // Txs it already had and broken framing are counted apart from refused txs (one per file).
      const counted = (s: Awaited<ReturnType<Replica['stats']>>) =>
        reason === 'DUPLICATE' ? s.duplicates : reason === 'GARBAGE' ? s.badArchives.unreadable : reason === 'TRUNCATED' ? s.badArchives.incomplete : (s.rejected[reason] ?? 0);
      const before = counted(await replica.stats());
      const report = await replica.importTransactions(await make(stored));
      const n = REFUSED[reason] ?? 1;
      expect(report.accepted, `${reason}: nothing stored`).to.equal(0);
      expect(report.rejected.map((r) => r.reason), `${reason}: exactly ${n} refusals, each for its own reason`).to.deep.equal(new Array(n).fill(reason));
      expect(report.counts, `${reason}: counts`).to.deep.equal({ [reason]: n });
      expect([report.held, report.quarantined], `${reason}: nothing waits`).to.deep.equal([0, 0]);
      expect(report.rejected[0].message.length).to.be.greaterThan(0);
      expect(counted(await replica.stats()) - before, `${reason} counted`).to.equal(n);
      expect(hex(await replica.exportTransactions()), `${reason}: replica unchanged`).to.equal(snapshot);
      expect(replica.txCount).to.equal(2);
      seen.add(reason);
    });
  }

  it('survives all of it: reopened from IndexedDB it holds exactly the good bundle', async () => {
    expect(seen.size, 'distinct reason codes exercised').to.be.at.least(20);
    store.close();
    const c = await core();
    store = await IdbReplicaStore.open(name);
    const again = await Replica.open({ store, graph: await loadGraph(), ...coreServices(c), network: { name: 'test', mwm: MWM }, now: () => NOW });
    expect(hex(await again.exportTransactions())).to.equal(snapshot);
    expect((await again.stats()).quarantined).to.equal(0);
  });
});
