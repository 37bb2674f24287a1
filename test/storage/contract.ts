// The ReplicaStore contract, written once and run against every implementation: the IndexedDB
// store (idb-replica-store.test.ts) and the in-memory twin (memory-replica-store.test.ts).
import { expect } from 'chai';
import fc from 'fast-check';
import type { AppendBatch, ReplicaStore, ReplicaStoreOptions } from '../../web/storage/index.ts';
import { expectReject, expectSame, expectSnapshot, fillBytes, makeBatch, Model } from './helpers.ts';

/** How the suite makes, reopens and disposes of stores of one implementation. */
export interface StoreHarness {
  create(options?: ReplicaStoreOptions): Promise<ReplicaStore>;
  /** Closes the store and opens the same replica again; only for stores that persist. */
  reopen?(store: ReplicaStore): Promise<ReplicaStore>;
  /** Closes the store and frees what it holds. */
  dispose(store: ReplicaStore): Promise<void>;
}

function id(seed: number): Uint8Array {
  return fillBytes(new Uint8Array(32), seed);
}

/** Runs the contract suite for one implementation. */
export function replicaStoreContract(label: string, h: StoreHarness): void {
  describe(`ReplicaStore contract: ${label}`, function () {
    this.timeout(120_000);
    const open: ReplicaStore[] = [];
    async function make(options?: ReplicaStoreOptions): Promise<ReplicaStore> {
      const s = await h.create(options);
      open.push(s);
      return s;
    }
    async function reopen(s: ReplicaStore): Promise<ReplicaStore> {
      const t = await h.reopen!(s);
      open[open.indexOf(s)] = t;
      return t;
    }
    afterEach(async () => {
      for (const s of open.splice(0)) await h.dispose(s);
    });

    it('records one network, the first claimed, and checks its shape', async () => {
      const s = await make({ txSize: 16 });
      expect(await s.network()).to.equal(null);
      const first = { name: 'ward-7', mwm: 3, since: 1_700_000_000_000 };
      expect(await s.claimNetwork(first)).to.deep.equal(first);
      expect(await s.claimNetwork({ name: 'other', mwm: 13, since: 1 }), 'a second claim returns the first').to.deep.equal(first);
      expect(await s.network()).to.deep.equal(first);
      await expectReject(() => s.claimNetwork(null as never), TypeError, /network must be an object/);
      await expectReject(() => s.claimNetwork({ name: '', mwm: 3, since: 1 }), TypeError, /network\.name must be a non-empty string/);
      await expectReject(() => s.claimNetwork({ name: 'x', mwm: 0, since: 1 }), RangeError, /network\.mwm must be a positive integer/);
      await expectReject(() => s.claimNetwork({ name: 'x', mwm: 3, since: NaN }), RangeError, /network\.since must be a finite number/);
      if (h.reopen) {
        const again = await reopen(s);
        expect(await again.network(), 'kept across opens').to.deep.equal(first);
      }
    });

    it('salvages every stored segment\'s tx bytes, in order', async () => {
      const s = await make({ txSize: 16, segmentTxs: 3 });
      const seen: { txs: Uint8Array; ids: Uint8Array | null }[] = [];
      for await (const seg of s.salvageSegments()) seen.push(seg);
      expect(seen, 'nothing stored, nothing salvaged').to.deep.equal([]);
      const a = makeBatch(1, 5, 1, 16);
      const b = makeBatch(2, 2, 6, 16);
      await s.append(a);
      await s.append(b);
      for await (const seg of s.salvageSegments()) seen.push(seg);
      expect(seen.map((x) => [x.txs.length, x.ids?.length])).to.deep.equal([[48, 96], [32, 64], [32, 64]]);
      const join = (parts: Uint8Array[]) => {
        const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
        let at = 0;
        for (const x of parts) {
          out.set(x, at);
          at += x.length;
        }
        return out;
      };
      expectSame(join(seen.map((x) => x.txs)), join([a.txs, b.txs]), 'tx bytes');
      expectSame(join(seen.map((x) => x.ids!)), join([a.ids, b.ids]), 'stored ids');
    });

    it('starts empty', async () => {
      const s = await make({ txSize: 16 });
      const snap = await s.load();
      expect(snap.txCount).to.equal(0);
      expect([snap.ids.length, snap.trunks.length, snap.branches.length, snap.attachedAt.length, snap.tags.length]).to.deep.equal([0, 0, 0, 0, 0]);
      expect(snap.ids).to.be.instanceOf(Uint8Array);
      expect(snap.tags).to.be.instanceOf(Uint8Array);
      expect(snap.trunks).to.be.instanceOf(Uint32Array);
      expect(snap.branches).to.be.instanceOf(Uint32Array);
      expect(snap.attachedAt).to.be.instanceOf(Float64Array);
      const st = await s.stats();
      expect({ txCount: st.txCount, segments: st.segments, bytes: st.bytes }).to.deep.equal({ txCount: 0, segments: 0, bytes: 0 });
      expect(st.persisted).to.be.a('boolean');
      expect(await s.takeQuarantine()).to.deep.equal([]);
      expectSame(await s.confirmed(), new Uint32Array(0), 'confirmed');
      expect((await s.readRange(1, 0)).length, 'an empty range of an empty store').to.equal(0);
    });

    it('round-trips random batches through append, load, readTx and readRange (fast-check seed 62)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
            sizes: fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 6 }),
            segmentTxs: fc.integer({ min: 1, max: 5 }),
            txSize: fc.constantFrom(1, 8, 33, 1280),
            reads: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
              maxLength: 6,
            }),
          }),
          async ({ seed, sizes, segmentTxs, txSize, reads }) => {
            let s = await make({ txSize, segmentTxs });
            const model = new Model(txSize);
            for (const [b, n] of sizes.entries()) {
              const batch = makeBatch(seed + b, n, model.txCount + 1, txSize);
              const { first } = await s.append(batch);
              expect(first, `first index of batch ${b}`).to.equal(model.add(batch));
            }
            const check = async (when: string) => {
              const n = model.txCount;
              expectSnapshot(await s.load(), model.snapshot(), `${when} load`);
              for (let i = 1; i <= n; i++) expectSame(await s.readTx(i), model.range(i, 1), `${when} readTx(${i})`);
              expectSame(await s.readRange(1, n), model.range(1, n), `${when} readRange(1, ${n})`);
              const ranges: [number, number][] = [];
              for (const [a, c] of reads) {
                const first = 1 + Math.floor(a * n);
                const count = Math.floor(c * (n - first + 1));
                expectSame(await s.readRange(first, count), model.range(first, count), `${when} readRange(${first}, ${count})`);
                ranges.push([first, count]);
              }
              const together = await s.readRanges(ranges);
              expect(together.length, `${when} readRanges: one array per range`).to.equal(ranges.length);
              ranges.forEach(([first, count], k) => expectSame(together[k], model.range(first, count), `${when} readRanges[${k}] (${first}, ${count})`));
              const st = await s.stats();
              expect(st.txCount, `${when} stats.txCount`).to.equal(n);
              expect(st.bytes, `${when} stats.bytes: txs, 48 bytes of graph columns and a 32-byte tag per tx`).to.equal(n * (txSize + 48 + 32));
              const segments = sizes.reduce((sum, k) => sum + Math.ceil(k / segmentTxs), 0);
              expect(st.segments, `${when} stats.segments`).to.equal(segments);
            };
            await check('after appends:');
            if (h.reopen) {
              s = await reopen(s);
              await check('after reopening:');
            }
            await h.dispose(open.pop()!);
          },
        ),
        // A fixed seed, so every run checks the same 20 cases and a failure replays (fast-check prints the path).
        { seed: 62, numRuns: 20 },
      );
    });

    it('numbers txs 1, 2, 3, … in the order stored; an empty batch stores nothing', async () => {
      const s = await make({ txSize: 4 });
      expect(await s.append(makeBatch(1, 3, 1, 4))).to.deep.equal({ first: 1 });
      expect(await s.append(makeBatch(2, 0, 4, 4))).to.deep.equal({ first: 4 });
      expect(await s.append(makeBatch(3, 2, 4, 4))).to.deep.equal({ first: 4 });
      expect(await s.append(makeBatch(4, 1, 6, 4))).to.deep.equal({ first: 6 });
      const st = await s.stats();
      expect([st.txCount, st.segments]).to.deep.equal([6, 3]);
      const b = makeBatch(3, 2, 4, 4);
      expectSame(await s.readTx(5), b.txs.slice(4, 8), 'tx 5 = second tx of the third batch');
    });

    it('splits a batch into segments of at most segmentTxs and counts them in stats', async () => {
      const s = await make({ txSize: 3, segmentTxs: 4 });
      await s.append(makeBatch(1, 9, 1, 3)); // 4 + 4 + 1
      await s.append(makeBatch(2, 4, 10, 3)); // 4
      await s.append(makeBatch(3, 1, 14, 3)); // 1
      expect(await s.stats()).to.deep.include({ txCount: 14, segments: 5, bytes: 14 * (3 + 48 + 32) });
      const model = new Model(3);
      model.add(makeBatch(1, 9, 1, 3));
      model.add(makeBatch(2, 4, 10, 3));
      model.add(makeBatch(3, 1, 14, 3));
      expectSame(await s.readRange(3, 10), model.range(3, 10), 'a range across four segments');
    });

    it('uses 1280-byte txs by default', async () => {
      const s = await make();
      expect(s.txSize).to.equal(1280);
      await s.append(makeBatch(5, 2, 1, 1280));
      expect((await s.readTx(2)).length).to.equal(1280);
      await expectReject(() => s.append(makeBatch(5, 2, 3, 1279)), RangeError, /^batch\.txs must be 2 × 1280/);
    });

    it('rejects a malformed batch, naming the argument, and stores nothing', async () => {
      const s = await make({ txSize: 8 });
      await s.append(makeBatch(1, 2, 1, 8));
      const good = () => makeBatch(2, 3, 3, 8);
      const cases: [string, (b: AppendBatch) => unknown, new (...a: never[]) => Error, RegExp][] = [
        ['txs of the wrong length', (b) => (b.txs = b.txs.subarray(1)), RangeError, /^batch\.txs must be 3 × 8 = 24 bytes, got 23/],
        ['ids of the wrong length', (b) => (b.ids = new Uint8Array(95)), RangeError, /^batch\.ids must be 3 × 32 = 96 bytes, got 95/],
        ['tags one tx short', (b) => (b.tags = b.tags.subarray(32)), RangeError, /^batch\.tags must be 3 × 32 = 96 bytes, got 64/],
        ['tags missing', (b) => delete (b as Partial<AppendBatch>).tags, TypeError, /^batch\.tags must be a Uint8Array/],
        ['tags as a plain array', (b) => ((b as unknown as { tags: number[] }).tags = new Array(96).fill(0)), TypeError, /^batch\.tags must be a Uint8Array/],
        ['one branch too few', (b) => (b.branches = b.branches.subarray(1)), RangeError, /^batch\.branches must have 3 entries/],
        ['attachedAt too long', (b) => (b.attachedAt = new Float64Array(4)), RangeError, /^batch\.attachedAt must have 3 entries/],
        ['trunks as a plain array', (b) => ((b as unknown as { trunks: number[] }).trunks = [0, 0, 0]), TypeError, /^batch\.trunks must be a Uint32Array/],
        ['txs as an ArrayBuffer', (b) => ((b as unknown as { txs: ArrayBuffer }).txs = new ArrayBuffer(24)), TypeError, /^batch\.txs must be a Uint8Array/],
        ['a trunk that is the tx itself', (b) => (b.trunks[1] = 4), RangeError, /^batch\.trunks\[1\] = 4 is not an earlier index than the tx's own \(4\)/],
        ['a branch from the future', (b) => (b.branches[2] = 99), RangeError, /^batch\.branches\[2\] = 99 is not an earlier index than the tx's own \(5\)/],
      ];
      for (const [what, spoil, type, message] of cases) {
        const b = good();
        spoil(b);
        await expectReject(() => s.append(b), type, message).catch((e) => {
          throw new Error(`${what}: ${(e as Error).message}`);
        });
      }
      await expectReject(() => s.append(null as unknown as AppendBatch), TypeError, /^batch must be an object/);
      expect(await s.stats()).to.deep.include({ txCount: 2, segments: 1 });
      expect((await s.load()).txCount).to.equal(2);
      expect(await s.append(good()), 'the next good batch still gets index 3').to.deep.equal({ first: 3 });
    });

    it('throws RangeError naming the argument for indices not stored', async () => {
      const s = await make({ txSize: 2 });
      await expectReject(() => s.readTx(1), RangeError, /^index: 1 is not a stored tx index \(stored: none\)/);
      await s.append(makeBatch(1, 5, 1, 2));
      for (const bad of [0, -1, 6, 1.5, NaN, Infinity]) {
        await expectReject(() => s.readTx(bad), RangeError, new RegExp(`^index: ${bad} is not a stored tx index \\(stored: 1\\.\\.5\\)`));
      }
      await expectReject(() => s.readTx('1' as unknown as number), RangeError, /^index: 1 is not a stored tx index/);
      await expectReject(() => s.readRange(0, 1), RangeError, /^first: 0 is not a stored tx index \(stored: 1\.\.5\)/);
      await expectReject(() => s.readRange(7, 0), RangeError, /^first: 7 is not a stored tx index/);
      await expectReject(() => s.readRange(2, 5), RangeError, /^count: 5 txs from index 2 run past the last stored tx \(stored: 1\.\.5\)/);
      await expectReject(() => s.readRange(1, -1), RangeError, /^count must be a non-negative integer, got -1/);
      await expectReject(() => s.readRange(1, 2.5), RangeError, /^count must be a non-negative integer, got 2\.5/);
      expect((await s.readRange(6, 0)).length, 'an empty range just past the end').to.equal(0);
      // a cached segment must not let a bad index through
      await s.readTx(3);
      await expectReject(() => s.readTx(3.5), RangeError, /^index: 3\.5/);
      await expectReject(() => s.readRange(2, -1), RangeError, /^count must be/);
    });

    it('reads several ranges at once, in the order asked, and names a bad range', async () => {
      const s = await make({ txSize: 8, segmentTxs: 3 });
      const model = new Model(8);
      for (const [seed, n] of [[1, 4], [2, 5], [3, 1]]) {
        const b = makeBatch(seed, n, model.txCount + 1, 8);
        model.add(b);
        await s.append(b);
      }
      const ranges: [number, number][] = [[9, 2], [1, 10], [4, 0], [5, 1], [1, 1], [10, 1], [2, 3]];
      const got = await s.readRanges(ranges);
      expect(got.length).to.equal(ranges.length);
      ranges.forEach(([first, count], k) => expectSame(got[k], model.range(first, count), `ranges[${k}] = [${first}, ${count}]`));
      expect(await s.readRanges([]), 'no ranges').to.deep.equal([]);
      got[1].fill(0); // each is a copy
      expectSame((await s.readRanges([[1, 10]]))[0], model.range(1, 10), 'after changing an output');
      await expectReject(() => s.readRanges(null as never), TypeError, /^ranges must be an array of \[first, count\] pairs/);
      await expectReject(() => s.readRanges([[1, 2], [3] as never]), TypeError, /^ranges\[1\] must be a \[first, count\] pair/);
      await expectReject(() => s.readRanges([[1, 2], [0, 1]]), RangeError, /^ranges\[1\]: first: 0 is not a stored tx index \(stored: 1\.\.10\)/);
      await expectReject(() => s.readRanges([[8, 4]]), RangeError, /^ranges\[0\]: count: 4 txs from index 8 run past the last stored tx/);
      await expectReject(() => s.readRanges([[1, -1]]), RangeError, /^ranges\[0\]: count must be a non-negative integer/);
    });

    it('copies every input: changing the caller\'s buffers after append changes nothing', async () => {
      const s = await make({ txSize: 16, segmentTxs: 2 });
      const batch = makeBatch(9, 5, 1, 16);
      const model = new Model(16);
      model.add(batch);
      const pending = s.append(batch);
      // spoil the caller's buffers at once, before the append has landed, and again after
      const spoil = () => {
        batch.txs.fill(0xee);
        batch.ids.fill(0xee);
        batch.tags.fill(0xee);
        batch.trunks.fill(0xffffffff); // no longer earlier indices: the store checks its own copy
        batch.branches.fill(0xffffffff);
        batch.attachedAt.fill(-1);
      };
      spoil();
      await pending;
      spoil();
      expectSnapshot(await s.load(), model.snapshot(), 'load');
      expectSame(await s.readRange(1, 5), model.range(1, 5), 'readRange');
    });

    it('copies every input also when the batch is a view into a larger buffer', async () => {
      const s = await make({ txSize: 4 });
      const big = new Uint8Array(100).fill(7);
      const batch = makeBatch(3, 2, 1, 4);
      big.set(batch.txs, 40);
      const model = new Model(4);
      model.add(batch);
      await s.append({ ...batch, txs: big.subarray(40, 48) });
      big.fill(0);
      expectSame(await s.readRange(1, 2), model.range(1, 2), 'readRange');
    });

    it('copies every output: changing what load, readTx and readRange returned changes nothing', async () => {
      const s = await make({ txSize: 8 });
      const batch = makeBatch(4, 6, 1, 8);
      const model = new Model(8);
      model.add(batch);
      await s.append(batch);
      const snap = await s.load();
      snap.ids.fill(1);
      snap.tags.fill(1);
      snap.trunks.fill(1);
      snap.branches.fill(1);
      snap.attachedAt.fill(1);
      (await s.readTx(2)).fill(1);
      (await s.readRange(1, 6)).fill(1);
      (await s.readRange(3, 2)).fill(1);
      expectSnapshot(await s.load(), model.snapshot(), 'load');
      expectSame(await s.readTx(2), model.range(2, 1), 'readTx');
      expectSame(await s.readRange(1, 6), model.range(1, 6), 'readRange');
    });

    it('keeps quarantine: put, take (ordered by id), replace by id, delete', async () => {
      const s = await make({ txSize: 8 });
      const rec = (seed: number, since: number) => ({ id: id(seed), bytes: fillBytes(new Uint8Array(8), seed + 100), since });
      const recs = [rec(1, 10), rec(2, 20), rec(3, 30), rec(4, 40)];
      await s.putQuarantine(recs.slice(0, 3));
      await s.putQuarantine([recs[3]]);
      await s.putQuarantine([]);
      const byId = (a: { id: Uint8Array }, b: { id: Uint8Array }) => {
        for (let i = 0; i < 32; i++) if (a.id[i] !== b.id[i]) return a.id[i] - b.id[i];
        return 0;
      };
      const expected = recs.slice().sort(byId);
      const took = await s.takeQuarantine();
      expect(took.map((r) => [...r.id]), 'ordered by id').to.deep.equal(expected.map((r) => [...r.id]));
      took.forEach((r, i) => {
        expectSame(r.bytes, expected[i].bytes, `bytes of record ${i}`);
        expect(r.since).to.equal(expected[i].since);
      });
      expect((await s.takeQuarantine()).length, 'take does not delete').to.equal(4);
      // the same id again replaces the record
      const replaced = { id: id(2), bytes: new Uint8Array(8).fill(9), since: 99 };
      await s.putQuarantine([replaced]);
      const again = await s.takeQuarantine();
      expect(again.length).to.equal(4);
      const two = again.find((r) => r.id.every((x, i) => x === replaced.id[i]))!;
      expect(two.since).to.equal(99);
      expectSame(two.bytes, replaced.bytes, 'replaced bytes');
      // delete two, one of them twice, and an unknown id
      await s.deleteQuarantine([id(1), id(3), id(3), id(77)]);
      await s.deleteQuarantine([]);
      const left = await s.takeQuarantine();
      expect(left.map((r) => [...r.id]).sort()).to.deep.equal([[...id(2)], [...id(4)]].sort());
    });

    it('rejects malformed quarantine input, naming the argument, and stores none of it', async () => {
      const s = await make({ txSize: 8 });
      const ok = { id: id(1), bytes: new Uint8Array(8), since: 1 };
      await expectReject(() => s.putQuarantine([ok, { ...ok, id: new Uint8Array(31) }]), RangeError, /^records\[1\]\.id must be 32 bytes, got 31/);
      await expectReject(() => s.putQuarantine([{ ...ok, bytes: new Uint8Array(9) }]), RangeError, /^records\[0\]\.bytes must be 8 bytes, got 9/);
      await expectReject(() => s.putQuarantine([{ ...ok, since: NaN }]), RangeError, /^records\[0\]\.since must be a finite number/);
      await expectReject(() => s.putQuarantine([{ ...ok, bytes: [0] as unknown as Uint8Array }]), TypeError, /^records\[0\]\.bytes must be a Uint8Array/);
      await expectReject(() => s.putQuarantine(ok as unknown as []), TypeError, /^records must be an array/);
      await expectReject(() => s.deleteQuarantine([id(1), new Uint8Array(3)]), RangeError, /^ids\[1\] must be 32 bytes, got 3/);
      await expectReject(() => s.deleteQuarantine(['ab' as unknown as Uint8Array]), TypeError, /^ids\[0\] must be a Uint8Array/);
      expect(await s.takeQuarantine(), 'nothing stored').to.deep.equal([]);
    });

    it('copies quarantine input and output', async () => {
      const s = await make({ txSize: 8 });
      const r = { id: id(5), bytes: new Uint8Array(8).fill(5), since: 5 };
      const keepId = r.id.slice();
      const pending = s.putQuarantine([r]);
      r.id.fill(0);
      r.bytes.fill(0);
      await pending;
      const [got] = await s.takeQuarantine();
      expectSame(got.id, keepId, 'id');
      expectSame(got.bytes, new Uint8Array(8).fill(5), 'bytes');
      got.bytes.fill(1);
      got.id.fill(1);
      const [again] = await s.takeQuarantine();
      expectSame(again.bytes, new Uint8Array(8).fill(5), 'bytes after changing the output');
      expectSame(again.id, keepId, 'id after changing the output');
    });

    it('marks confirmed indices, ascending and without duplicates, across bitmap pages', async () => {
      const s = await make({ txSize: 1, segmentTxs: 8192 });
      const n = 70_000;
      const b = makeBatch(6, n, 1, 1);
      await s.append(b);
      expectSame(await s.confirmed(), new Uint32Array(0), 'none yet');
      await s.markConfirmed([5, 1, 65_535, 65_536, 65_537]);
      await s.markConfirmed([5, 70_000, 2, 131_071 - 65_536]);
      await s.markConfirmed([]);
      expectSame(await s.confirmed(), Uint32Array.from([1, 2, 5, 65_535, 65_536, 65_537, 70_000]), 'confirmed');
    });

    it('rejects confirming an index that is not stored, naming the argument, and marks nothing', async () => {
      const s = await make({ txSize: 2 });
      await s.append(makeBatch(1, 4, 1, 2));
      await expectReject(() => s.markConfirmed([1, 5]), RangeError, /^indices\[1\]: 5 is not a stored tx index \(stored: 1\.\.4\)/);
      await expectReject(() => s.markConfirmed([0]), RangeError, /^indices\[0\]: 0 is not a stored tx index/);
      await expectReject(() => s.markConfirmed([2.5]), RangeError, /^indices\[0\]: 2\.5 is not a stored tx index/);
      await expectReject(() => s.markConfirmed(3 as unknown as number[]), TypeError, /^indices must be an array/);
      expectSame(await s.confirmed(), new Uint32Array(0), 'nothing marked');
      const list = [4, 3];
      const pending = s.markConfirmed(list);
      list[0] = 1; // the call copied its input
      await pending;
      expectSame(await s.confirmed(), Uint32Array.from([3, 4]), 'confirmed');
    });

    it('rejects bad options, naming the option', async () => {
      await expectReject(() => h.create({ txSize: 0 }), RangeError, /^options\.txSize must be a positive integer, got 0/);
      await expectReject(() => h.create({ txSize: 1.5 }), RangeError, /^options\.txSize must be a positive integer/);
      await expectReject(() => h.create({ segmentTxs: -4 }), RangeError, /^options\.segmentTxs must be a positive integer, got -4/);
    });

    it('rejects every call after close', async () => {
      const s = await make({ txSize: 4 });
      await s.append(makeBatch(1, 2, 1, 4));
      await s.readTx(1); // warm any cache
      s.close();
      const calls: [string, () => Promise<unknown>][] = [
        ['load', () => s.load()],
        ['append', () => s.append(makeBatch(2, 1, 3, 4))],
        ['readTx', () => s.readTx(1)],
        ['readRange', () => s.readRange(1, 1)],
        ['readRanges', () => s.readRanges([[1, 1]])],
        ['putQuarantine', () => s.putQuarantine([])],
        ['takeQuarantine', () => s.takeQuarantine()],
        ['deleteQuarantine', () => s.deleteQuarantine([])],
        ['markConfirmed', () => s.markConfirmed([])],
        ['confirmed', () => s.confirmed()],
        ['stats', () => s.stats()],
      ];
      for (const [name, call] of calls) {
        await expectReject(call, Error, /is closed/).catch((e) => {
          throw new Error(`${name}: ${(e as Error).message}`);
        });
      }
      s.close(); // closing twice is harmless
    });

    if (h.reopen) {
      it('keeps txs, quarantine and confirmed indices across a reopen', async () => {
        let s = await make({ txSize: 8, segmentTxs: 3 });
        const model = new Model(8);
        for (let b = 0; b < 4; b++) {
          const batch = makeBatch(b, 5, model.txCount + 1, 8);
          model.add(batch);
          await s.append(batch);
        }
        await s.putQuarantine([{ id: id(1), bytes: new Uint8Array(8).fill(1), since: 1 }]);
        await s.markConfirmed([1, 7, 20]);
        s = await reopen(s);
        expectSnapshot(await s.load(), model.snapshot(), 'load');
        expectSame(await s.readRange(1, 20), model.range(1, 20), 'readRange');
        expect((await s.takeQuarantine()).map((r) => r.since)).to.deep.equal([1]);
        expectSame(await s.confirmed(), Uint32Array.from([1, 7, 20]), 'confirmed');
        const next = makeBatch(9, 2, 21, 8);
        expect(await s.append(next)).to.deep.equal({ first: 21 });
        expect(await s.stats()).to.deep.include({ txCount: 22, segments: 4 * 2 + 1 });
      });
    }
  });
}
