// The ingest pipeline's state machine (docs/design.md "Validation of everything that arrives"): complete
// bundles in, parents first out; quarantine for missing members and missing parents, released by a
// later call; one signature check per bundle; bounded quarantine; running totals.
import { expect } from 'chai';
import { BUNDLE_OFFSET, GENESIS_ID, TX_SIZE, readBranch, readBundle, readIndex, readTrunk, txId } from '../../../web/core/tx/index.ts';
import { IngestPipeline, type IngestResult, type Reason } from '../../../web/core/validate/index.ts';
import { verifyEd25519 } from '../../../web/crypto/index.ts';
import { MWM, MapLookup, NOW, attach, build, bundle, core, hex, mallory, pipeline, records } from './_fixtures.ts';

const ids = (txs: Uint8Array[]) => txs.map((t) => hex(txId(t)));
const acceptedHex = (r: IngestResult) => r.accepted.map((b) => ids(b));

/** Stores accepted bundles in order, failing if a child comes before a parent. */
function storeInOrder(lookup: MapLookup, result: IngestResult, parentsOf: (t: Uint8Array) => Uint8Array[]): void {
  for (const b of result.accepted) {
    for (const t of b) {
      for (const parent of parentsOf(t)) {
        const inBundle = b.some((m) => hex(txId(m)) === hex(parent));
        if (!inBundle && hex(parent) !== hex(GENESIS_ID)) expect(lookup.has(parent), 'parent stored before child').to.equal(true);
      }
    }
    lookup.store(b);
  }
}

describe('IngestPipeline', function () {
  it('accepts a valid 3-tx bundle in index order, whatever order the txs arrive in', async function () {
    const txs = await bundle({ size: 3 });
    const { p } = await pipeline();
    const result = await p.ingest(records(txs[2], txs[0], txs[1]));
    expect(result.rejected).to.deep.equal([]);
    expect(acceptedHex(result)).to.deep.equal([ids(txs)]);
    expect(result.acceptedIds.map((b) => b.map(hex))).to.deep.equal([ids(txs)]);
    expect(result.accepted[0].map(readIndex)).to.deep.equal([0, 1, 2]);
    expect(result.quarantined).to.equal(0);
    expect(result.missingParents).to.deep.equal([]);
  });

  it('accepts records without a claimed id', async function () {
    const txs = await bundle({ size: 2 });
    const { p } = await pipeline();
    const result = await p.ingest(txs.map((bytes) => ({ bytes })));
    expect(acceptedHex(result)).to.deep.equal([ids(txs)]);
  });

  it('verifies the signature once per bundle', async function () {
    const txs = await bundle({ size: 4 });
    let calls = 0;
    const { p } = await pipeline(new MapLookup(), {
      verify: (pub, msg, sig) => {
        calls++;
        return verifyEd25519(pub, msg, sig);
      },
    });
    const result = await p.ingest(records(...txs));
    expect(result.accepted.length).to.equal(1);
    expect(calls).to.equal(1);
  });

  it('holds a bundle whose parent is missing, names the parent, and releases it when a later call brings the parent', async function () {
    const parent = await bundle({ size: 2, salt: 1 });
    const child = await bundle({ size: 2, salt: 2, trunk: txId(parent[0]), branch: txId(parent[1]) });
    const { p, lookup } = await pipeline();

    const first = await p.ingest(records(...child));
    expect(first.accepted).to.deep.equal([]);
    expect(first.rejected.map((r) => [r.reason, r.held, r.index])).to.deep.equal([
      ['PARENT_MISSING', true, 0],
      ['PARENT_MISSING', true, 1],
    ]);
    expect(first.missingParents.map(hex).sort()).to.deep.equal(ids(parent).sort());
    expect(first.quarantined).to.equal(2);
    expect(p.quarantined).to.equal(2);

    const second = await p.ingest(records(...parent));
    expect(second.rejected).to.deep.equal([]);
    expect(acceptedHex(second)).to.deep.equal([ids(parent), ids(child)]);
    expect(second.quarantined).to.equal(0);
    expect(second.missingParents).to.deep.equal([]);
    storeInOrder(lookup, second, (t) => [readTrunk(t), readBranch(t)]);
  });

  it('says why a tx still waits, as the call that brought it reported it, and null once it left', async function () {
    const parent = await bundle({ salt: 5 });
    const child = await bundle({ size: 2, salt: 6, trunk: txId(parent[0]) });
    const { p } = await pipeline();
    const reasons = () => [...child, ...parent].map((t) => p.heldReason(txId(t)));
    const first = await p.ingest(records(child[1]));
    expect(first.rejected.map((r) => r.reason)).to.deep.equal(['BUNDLE_INCOMPLETE']);
    expect(reasons(), 'the head alone: its bundle is incomplete').to.deep.equal([null, 'BUNDLE_INCOMPLETE', null]);
    await p.ingest(records(child[0]));
    expect(reasons(), 'complete and checked: it waits for the parent').to.deep.equal(['PARENT_MISSING', 'PARENT_MISSING', null]);
    const done = await p.ingest(records(...parent));
    expect(done.accepted).to.have.length(2);
    expect(reasons(), 'accepted: nothing waits').to.deep.equal([null, null, null]);
    expect(() => p.heldReason('00' as unknown as Uint8Array)).to.throw(TypeError, /id must be a Uint8Array/);
  });

  it('releases a waiting bundle when its parent reaches the replica by another path', async function () {
    const parent = await bundle({ salt: 3 });
    const child = await bundle({ salt: 4, trunk: txId(parent[0]) });
    const { p, lookup } = await pipeline();
    expect((await p.ingest(records(...child))).accepted).to.deep.equal([]);
    lookup.store(parent);
    const result = await p.ingest([]);
    expect(acceptedHex(result)).to.deep.equal([ids(child)]);
  });

  it('completes a bundle across calls: the missing member arrives later', async function () {
    const txs = await bundle({ size: 3 });
    const { p } = await pipeline();
    const first = await p.ingest(records(txs[0], txs[2]));
    expect(first.rejected.map((r) => r.reason)).to.deep.equal(['BUNDLE_INCOMPLETE', 'BUNDLE_INCOMPLETE']);
    const second = await p.ingest(records(txs[1]));
    expect(second.rejected).to.deep.equal([]);
    expect(acceptedHex(second)).to.deep.equal([ids(txs)]);
  });

  it('does not refuse a tx that already waits when it comes again: it is stored with its bundle, or held again', async function () {
    // A truncated backup left txs[0] and txs[1] waiting; the full backup then brings all three. The
    // two were not refused (they were there, waiting): they are stored, with the member that completes them.
    const txs = await bundle({ size: 3, salt: 70 });
    const { p } = await pipeline();
    await p.ingest(records(txs[0], txs[1]));
    const full = await p.ingest(records(...txs));
    expect(full.rejected, 'nothing refused').to.deep.equal([]);
    expect(full.counts).to.deep.equal({});
    expect(acceptedHex(full)).to.deep.equal([ids(txs)]);
    // Brought again while its bundle is still incomplete: held again, at its position in this call.
    const other = await bundle({ size: 3, salt: 71 });
    await p.ingest(records(other[0]));
    const again = await p.ingest(records(other[1], other[0]));
    expect(again.rejected.map((r) => [r.reason, r.held, r.index])).to.deep.equal([
      ['BUNDLE_INCOMPLETE', true, 0],
      ['BUNDLE_INCOMPLETE', true, 1],
    ]);
    expect(p.quarantined, 'held once, not twice').to.equal(2);
    // Twice in one call is still a duplicate of that call.
    const twice = await p.ingest(records(other[0], other[0]));
    expect(twice.rejected.map((r) => [r.reason, r.held ?? false, r.index])).to.deep.equal([
      ['DUPLICATE', false, 1],
      ['BUNDLE_INCOMPLETE', true, 0],
    ]);
  });

  it('orders accepted bundles parents first, across a chain that arrives child first and interleaved', async function () {
    const a = await bundle({ size: 2, salt: 10 });
    const b = await bundle({ size: 2, salt: 11, trunk: txId(a[0]), branch: txId(a[1]) });
    const c = await bundle({ size: 1, salt: 12, trunk: txId(b[0]), branch: txId(a[0]) });
    const d = await bundle({ size: 2, salt: 13, trunk: txId(c[0]), branch: txId(b[1]) });
    const { p, lookup } = await pipeline();
    const result = await p.ingest(records(d[1], c[0], b[0], d[0], a[1], b[1], a[0]));
    expect(result.rejected).to.deep.equal([]);
    expect(acceptedHex(result)).to.deep.equal([ids(a), ids(b), ids(c), ids(d)]);
    storeInOrder(lookup, result, (t) => [readTrunk(t), readBranch(t)]);
  });

  it('never accepts the child of a rejected bundle: it waits for a parent that never comes', async function () {
    const bad = await bundle({ size: 2, salt: 20, sign: mallory.sign });
    const child = await bundle({ salt: 21, trunk: txId(bad[0]) });
    const { p } = await pipeline();
    const result = await p.ingest(records(...bad, ...child));
    expect(result.accepted).to.deep.equal([]);
    expect(result.rejected.map((r) => r.reason)).to.deep.equal(['SIGNATURE_INVALID', 'SIGNATURE_INVALID', 'PARENT_MISSING']);
    expect(result.missingParents.map(hex)).to.deep.equal([hex(txId(bad[0]))]);
  });

  it('accepts two attachments of one bundle with different branches, side by side', async function () {
    const unattached = await build({ size: 2, salt: 30 });
    const first = await attach(unattached, { branch: GENESIS_ID });
    const lookup = new MapLookup();
    lookup.store(first);
    const tipB = txId(first[0]);
    const second = await attach(unattached, { branch: tipB });
    const { p } = await pipeline(lookup);
    const result = await p.ingest(records(second[1], second[0]));
    expect(acceptedHex(result)).to.deep.equal([ids(second)]);
  });

  it('keeps a checked bundle that waits for its parent when a forged member for it arrives', async function () {
    const txs = await bundle({ size: 2, salt: 35, trunk: new Uint8Array(32).fill(0x36) });
    const { p, lookup } = await pipeline();
    expect((await p.ingest(records(...txs))).rejected.map((r) => r.reason)).to.deep.equal(['PARENT_MISSING', 'PARENT_MISSING']);
    const forged = await bundle({ size: 3, salt: 35, trunk: new Uint8Array(32).fill(0x36), tamper: (u) => u.forEach((t) => t.set(readBundle(txs[0]), BUNDLE_OFFSET)) });
    const r = await p.ingest(records(forged[2]));
    expect(r.rejected.map((x) => x.reason)).to.deep.equal(['BUNDLE_CONFLICT']);
    lookup.map.set(hex(new Uint8Array(32).fill(0x36)), NOW - 60_000);
    expect(acceptedHex(await p.ingest([]))).to.deep.equal([ids(txs)]);
  });

  it('takes a twin attachment met in the same call again once the first is stored: one call stores what two calls store', async function () {
    // Same bundle, same branch, another trunk: the twin's txs meet the slots of the first attachment.
    const unattached = await build({ size: 2, salt: 37 });
    const stored = new Uint8Array(32).fill(0x38);
    const first = await attach(unattached, { trunk: GENESIS_ID });
    const twin = await attach(unattached, { trunk: stored });
    const child = await bundle({ salt: 39, trunk: txId(twin[0]) });
    const oneCall = await pipeline();
    oneCall.lookup.map.set(hex(stored), NOW - 60_000);
    const together = await oneCall.p.ingest(records(...first, ...twin, ...child));
    expect(together.rejected).to.deep.equal([]);
    expect(acceptedHex(together)).to.deep.equal([ids(first), ids(twin), ids(child)]);
    expect(oneCall.p.totals).to.deep.equal({});

    const split = await pipeline();
    split.lookup.map.set(hex(stored), NOW - 60_000);
    const got: string[][] = [];
    for (const part of [first, twin, child]) {
      const r = await split.p.ingest(records(...part));
      got.push(...acceptedHex(r));
      storeInOrder(split.lookup, r, (t) => [readTrunk(t), readBranch(t)]);
    }
    expect(got).to.deep.equal(acceptedHex(together));
  });

  it('refuses a twin attachment as BUNDLE_CONFLICT while the first still waits at the end of the call', async function () {
    const unattached = await build({ size: 2, salt: 41 });
    const first = await attach(unattached, { trunk: new Uint8Array(32).fill(0x42) }); // parent never comes
    const twin = await attach(unattached, { trunk: GENESIS_ID });
    const { p } = await pipeline();
    const r = await p.ingest(records(...first, ...twin));
    expect(r.accepted).to.deep.equal([]);
    expect(r.rejected.map((x) => [x.reason, x.index])).to.deep.equal([
      ['BUNDLE_CONFLICT', 2],
      ['BUNDLE_CONFLICT', 3],
      ['PARENT_MISSING', 0],
      ['PARENT_MISSING', 1],
    ]);
  });

  it('keeps its own copies: changing the input after ingest changes nothing', async function () {
    const txs = await bundle({ size: 2, salt: 40 });
    const input = records(...txs).map((r) => ({ id: r.id.slice(), bytes: r.bytes.slice() }));
    const { p } = await pipeline();
    const first = await p.ingest([input[0]]);
    expect(first.rejected.map((r) => r.reason)).to.deep.equal(['BUNDLE_INCOMPLETE']);
    input[0].bytes.fill(0);
    const second = await p.ingest([input[1]]);
    expect(acceptedHex(second)).to.deep.equal([ids(txs)]);
    expect(second.accepted[0][0]).to.not.equal(input[0].bytes);
  });

  it('drops the oldest waiting bundles when full, reporting earlier calls\' txs without a position', async function () {
    const tails = await Promise.all([1, 2, 3, 4].map(async (salt) => (await bundle({ size: 2, salt: 50 + salt }))[0]));
    const { p } = await pipeline(new MapLookup(), { quarantineLimit: 2 });
    await p.ingest(records(tails[0], tails[1]));
    const result = await p.ingest(records(tails[2], tails[3]));
    // Each newcomer evicts the oldest waiting tail; the two newcomers then wait for their heads.
    expect(result.rejected.map((r) => [r.reason, hex(r.id!), r.index])).to.deep.equal([
      ['QUARANTINE_FULL', hex(txId(tails[0])), undefined],
      ['QUARANTINE_FULL', hex(txId(tails[1])), undefined],
      ['BUNDLE_INCOMPLETE', hex(txId(tails[2])), 0],
      ['BUNDLE_INCOMPLETE', hex(txId(tails[3])), 1],
    ]);
    expect(result.counts).to.deep.equal({ QUARANTINE_FULL: 2, BUNDLE_INCOMPLETE: 2 });
    expect(p.quarantined).to.equal(2);
  });

  it('counts every rejection in the result and in the running totals', async function () {
    const { p, lookup } = await pipeline();
    const good = await bundle({ salt: 60 });
    const sum = (c: Partial<Record<Reason, number>>) => Object.values(c).reduce((a, b) => a + (b ?? 0), 0);
    const r1 = await p.ingest([{ bytes: new Uint8Array(10) }, { bytes: new Uint8Array(TX_SIZE + 3) }, ...records(...good)]);
    expect(r1.accepted.length).to.equal(1);
    lookup.store(r1.accepted[0]);
    const r2 = await p.ingest([...records(...good), { bytes: 'x' as unknown as Uint8Array }, { bytes: new Uint8Array(0) }]);
    expect(r1.counts).to.deep.equal({ TRUNCATED: 1, OVERSIZED: 1 });
    expect(r2.counts).to.deep.equal({ DUPLICATE: 1, GARBAGE: 1, TRUNCATED: 1 });
    for (const r of [r1, r2]) expect(sum(r.counts)).to.equal(r.rejected.length);
    expect(p.totals).to.deep.equal({ TRUNCATED: 2, OVERSIZED: 1, DUPLICATE: 1, GARBAGE: 1 });
    expect(r2.rejected.map((r) => r.index)).to.deep.equal([0, 1, 2]);
  });

  it('runs calls one after another even when they overlap', async function () {
    const parent = await bundle({ salt: 70 });
    const child = await bundle({ salt: 71, trunk: txId(parent[0]) });
    const { p } = await pipeline();
    const [r1, r2] = await Promise.all([p.ingest(records(...child)), p.ingest(records(...parent))]);
    expect(r1.rejected.map((r) => r.reason)).to.deep.equal(['PARENT_MISSING']);
    expect(acceptedHex(r2)).to.deep.equal([ids(parent), ids(child)]);
  });

  it('refuses a bad context, naming the field', async function () {
    const c = await core();
    const ok = { mwm: MWM, now: () => NOW, powWeight: c.powWeight.bind(c), verify: verifyEd25519, lookup: new MapLookup() };
    expect(() => new IngestPipeline({ ...ok, mwm: 0 })).to.throw(RangeError, /ctx\.mwm/);
    expect(() => new IngestPipeline({ ...ok, verify: undefined as never })).to.throw(TypeError, /ctx\.verify/);
    expect(() => new IngestPipeline({ ...ok, lookup: {} as never })).to.throw(TypeError, /ctx\.lookup/);
    expect(() => new IngestPipeline({ ...ok, quarantineLimit: 0 })).to.throw(RangeError, /ctx\.quarantineLimit/);
    let error: unknown;
    try {
      await new IngestPipeline(ok).ingest(42 as never);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
  });
});

describe('IngestPipeline: a check that throws', function () {
  it('refuses as INTERNAL only the group whose parent lookup threw, and the next call is clean', async function () {
    const parent = await bundle({ size: 1, salt: 71 });
    const child = await bundle({ size: 2, salt: 72, trunk: txId(parent[0]), branch: txId(parent[0]) });
    const other = await bundle({ size: 2, salt: 73 });
    const lookup = new MapLookup();
    lookup.store(parent);
    const poisoned = hex(txId(parent[0]));
    let poison = true;
    const faulty = Object.assign(Object.create(lookup) as MapLookup, {
      has: (id: Uint8Array) => {
        if (poison && hex(id) === poisoned) throw new TypeError('injected: lookup');
        return lookup.has(id);
      },
    });
    const { p } = await pipeline(faulty);
    const r = await p.ingest(records(child[0], other[0], other[1], child[1]));
    expect(acceptedHex(r)).to.deep.equal([ids(other)]);
    expect(r.counts).to.deep.equal({ INTERNAL: 2 });
    expect(r.rejected.map((x) => [x.reason, x.index])).to.have.deep.members([['INTERNAL', 0], ['INTERNAL', 3]]);
    expect(p.quarantined).to.equal(0);
    expect(p.totals).to.deep.equal({ INTERNAL: 2 });
    poison = false;
    const again = await p.ingest(records(...child));
    expect(acceptedHex(again)).to.deep.equal([ids(child)]);
    expect(again.rejected).to.deep.equal([]);
  });
});
