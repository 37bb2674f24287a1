// The tangle worker through its client: a real module worker with its own WASM instances and
// IndexedDB, PoW on a real pool, keys that never leave the worker.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { PowPool, TangleClient, type PowFound, type PowJob } from '../../web/workers/index.ts';
import { GENESIS_ID, TX_KINDS, txId } from '../../web/core/tx/index.ts';
import { attachBundle, buildBundle } from '../../web/core/bundle/index.ts';
import { signingKeyFromSecret } from '../../web/crypto/index.ts';
import { loadCore } from '../../web/wasm/index.ts';
import { decodeArchive, encodeArchive } from '../../web/core/validate/index.ts';
import { testSigner } from './_signer.ts';

/**
 * The real pool, but every search is for one fixed digest at MWM 30 (about 2e14 attempts, as in
 * pow-pool.test.ts), so only a cancel ends it. The bundle's own digest hangs on the worker's device
 * key (crypto.getRandomValues) and the clock: at the network's MWM 20 (3^20 = 3.5e9 attempts), the
 * 200 ms before the cancel at about 12 M attempts/s on two workers (bench/results.json) would find a
 * nonce in about 1 run of 1,400, and the test would fail by chance.
 */
class CancelOnlyPool extends PowPool {
  override search(job: PowJob): Promise<PowFound> {
    return super.search({ ...job, digest: new Uint8Array(32).fill(0x5a), mwm: 30 });
  }
}

describe('TangleClient', function () {
  this.timeout(120_000);
  const name = `tangle-client-test-${Math.random().toString(36).slice(2)}`;
  let pool: PowPool;
  before(() => {
    pool = new PowPool({ size: 2 });
  });
  after(async () => {
    pool.dispose();
    await deleteDB(name);
  });

  it('creates bundles in the worker, confirms them by approval, and reopens the same replica', async () => {
    const client = new TangleClient({ dbName: name, network: { name: 'test', mwm: 3 }, pool, signer: testSigner() });
    const first = await client.open();
    expect(first.txCount).to.equal(0);
    const progress: number[] = [];
    const a = await client.createBundle({ kind: TX_KINDS.test, payload: new TextEncoder().encode('hello') }, { onProgress: (p) => progress.push(p.txDone) });
    expect(a.ids).to.have.length(1);
    expect(progress.length).to.be.greaterThan(0);
    await client.createBundle({ kind: TX_KINDS.test, payload: new TextEncoder().encode('world') });
    const nodes = await client.recent(10);
    expect(nodes.map((n) => [n.index, n.confirmed, n.tip])).to.deep.equal([
      [1, true, false],
      [2, false, true],
    ]);
    const archive = await client.exportTransactions();
    expect(decodeArchive(archive).records).to.have.length(2);
    const details = await client.details(1);
    expect(details.weight).to.be.at.least(3);
    expect(details.approvers).to.deep.equal([2]);
    client.close();
    const again = new TangleClient({ dbName: name, network: { name: 'test', mwm: 3 }, pool, signer: testSigner() });
    const s = await again.open();
    expect([s.txCount, s.confirmed, s.tips]).to.deep.equal([2, 1, 1]);
    again.close();
  });

  it('cancels the PoW of a new bundle', async () => {
    // A network of its own (a replica belongs to one network for good), at an MWM too high to finish,
    // on a pool whose search cannot finish either (see CancelOnlyPool).
    const slowPool = new CancelOnlyPool({ size: 2 });
    try {
      const client = new TangleClient({ dbName: `${name}-slow`, network: { name: 'slow', mwm: 20 }, pool: slowPool, signer: testSigner() });
      await client.open();
      const c = new AbortController();
      const run = client.createBundle({ kind: TX_KINDS.test, payload: new Uint8Array(10) }, { signal: c.signal });
      setTimeout(() => c.abort(), 200);
      let err: unknown;
      try {
        await run;
      } catch (e) {
        err = e;
      }
      expect(String((err as Error)?.message ?? err)).to.match(/cancel/i);
      expect((await client.stats()).txCount).to.equal(0);
      client.close();
      await deleteDB(`${name}-slow`);
    } finally {
      slowPool.dispose();
    }
  });
});

describe('TangleClient close', function () {
  this.timeout(60_000);
  it('settles an open and the calls behind it when closed mid-open, and can open again', async () => {
    const name = `tangle-close-test-${Math.random().toString(36).slice(2)}`;
    try {
      const client = new TangleClient({ dbName: name, network: { name: 'test', mwm: 3 }, signer: testSigner() });
      const opening = client.open();
      const pending = client.stats();
      client.close();
      const outcomes = await Promise.allSettled([opening, pending]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).to.match(/closed/);
      const s = await client.open();
      expect(s.txCount).to.equal(0);
      client.close();
    } finally {
      await deleteDB(name);
    }
  });
});

describe('TangleClient: one writer per replica', function () {
  this.timeout(60_000);
  it('refuses a second tab on the same database with a plain message, and admits it once the first closes', async () => {
    const name = `tangle-lock-test-${Math.random().toString(36).slice(2)}`;
    try {
      const first = new TangleClient({ dbName: name, network: { name: 'test', mwm: 3 }, signer: testSigner() });
      await first.open();
      const second = new TangleClient({ dbName: name, network: { name: 'test', mwm: 3 }, signer: testSigner() });
      let err: unknown;
      try {
        await second.open();
      } catch (e) {
        err = e;
      }
      expect(String((err as Error)?.message)).to.match(/open in another tab or window/);
      first.close();
      // the lock goes with the first worker
      let opened = false;
      for (let i = 0; i < 50 && !opened; i++) {
        await new Promise((r) => setTimeout(r, 100));
        try {
          await second.open();
          opened = true;
        } catch {
          // still held: the first worker is closing
        }
      }
      expect(opened, 'the second tab opens after the first closed').to.equal(true);
      second.close();
    } finally {
      await deleteDB(name);
    }
  });
});

describe('TangleClient: what waits in quarantine', function () {
  this.timeout(120_000);
  it('names the txs an import holds, says through the worker which still wait and why, and fires `stored` only when txs were stored', async () => {
    const source = `tangle-held-src-${Math.random().toString(36).slice(2)}`;
    const target = `tangle-held-dst-${Math.random().toString(36).slice(2)}`;
    const pool = new PowPool({ size: 2 });
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    try {
      const events: number[] = [];
      const count = (e: Event) => events.push((e as CustomEvent<{ accepted: number }>).detail.accepted);
      const src = new TangleClient({ dbName: source, network: { name: 'test', mwm: 3 }, pool, signer: testSigner() });
      src.addEventListener('stored', count);
      await src.createBundle({ kind: TX_KINDS.test, payload: new TextEncoder().encode('parent') });
      await src.createBundle({ kind: TX_KINDS.test, payload: new TextEncoder().encode('child') });
      expect(events, 'one event per attach').to.deep.equal([1, 1]);
      const [parent, child] = decodeArchive(await src.exportTransactions()).records;
      src.close();
      const dst = new TangleClient({ dbName: target, network: { name: 'test', mwm: 3 }, pool, signer: testSigner() });
      dst.addEventListener('stored', count);
      const held = await dst.importTransactions(encodeArchive([child]));
      expect(events, 'no event for an import that stored nothing').to.deep.equal([1, 1]);
      expect(held).to.include({ accepted: 0, held: 1, quarantineSaved: true, rejectedOmitted: 0 });
      expect(held.heldTxs).to.deep.equal([{ id: hex(child.id!), reason: 'PARENT_MISSING' }]);
      expect(await dst.stillHeld([hex(parent.id!), hex(child.id!)])).to.deep.equal([{ id: hex(child.id!), reason: 'PARENT_MISSING' }]);
      expect((await dst.importTransactions(encodeArchive([parent]))).accepted).to.equal(2);
      expect(events, 'the import that released the child').to.deep.equal([1, 1, 2]);
      expect(await dst.stillHeld([hex(child.id!)])).to.deep.equal([]);
      let err: unknown;
      try {
        await dst.stillHeld(['not an id']);
      } catch (e) {
        err = e;
      }
      expect(String((err as Error)?.message)).to.match(/ids\[0\] must be a tx id/);
      dst.close();
    } finally {
      pool.dispose();
      await deleteDB(source);
      await deleteDB(target);
    }
  });
});

describe('TangleClient: finding bundles by tag', function () {
  this.timeout(120_000);
  it('finds the bundles of the asked tags through the worker, with their payloads, and names bad arguments', async () => {
    const name = `tangle-tags-${Math.random().toString(36).slice(2)}`;
    const pool = new PowPool({ size: 1 });
    const core = await loadCore();
    const key = signingKeyFromSecret(new Uint8Array(32).fill(0x61));
    const pow = async (digest: Uint8Array, mwm: number) => core.powSearch(digest, 0n, 2 ** 32 - 1, mwm).nonce!;
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    const mine = new Uint8Array(32).fill(0x6d);
    const other = new Uint8Array(32).fill(0x6f);
    try {
      // Three bundles, built here: two carry `mine` (one of 2 txs), one carries `other`.
      const now = Date.now() - 60_000;
      const made: { tag: Uint8Array; payload: Uint8Array; txs: Uint8Array[] }[] = [];
      let parent = GENESIS_ID;
      for (const [i, [tag, size]] of ([[mine, 1500], [other, 10], [mine, 20]] as const).entries()) {
        const payload = Uint8Array.from({ length: size }, (_, k) => (k * 7 + i) & 0xff);
        const unattached = await buildBundle({ kind: TX_KINDS.record, issuer: key.publicKey, tag, issuedAt: now + i, payload }, key.sign);
        const txs = await attachBundle(unattached, { trunk: parent, branch: parent, attachedAt: now + i, mwm: 3, pow });
        parent = txId(txs[0]);
        made.push({ tag, payload, txs });
      }
      const client = new TangleClient({ dbName: name, network: { name: 'test', mwm: 3 }, pool });
      const archive = encodeArchive(made.flatMap((m) => [...m.txs].reverse()).map((bytes) => ({ id: txId(bytes), bytes })));
      expect((await client.importTransactions(archive)).accepted).to.equal(4);
      const found = await client.findTagged([mine]);
      expect(found.map((f) => [f.tailIndex, f.tailId, hex(f.payload), hex(f.issuer), f.confirmed])).to.deep.equal([
        [2, hex(txId(made[0].txs[0])), hex(made[0].payload), hex(key.publicKey), false],
        [4, hex(txId(made[2].txs[0])), hex(made[2].payload), hex(key.publicKey), false],
      ]);
      expect(found[0].payload, 'a real Uint8Array came back').to.be.instanceOf(Uint8Array);
      expect((await client.findTagged([other, mine])).map((f) => f.tailIndex)).to.deep.equal([2, 3, 4]);
      for (const [arg, message] of [
        [[mine, new Uint8Array(5)], /^tags\[1\] must be 32 bytes, got 5$/],
        ['tags', /^tags must be an array of 32-byte tags/],
        [[[1, 2]], /^tags\[0\] must be a Uint8Array$/],
      ] as const) {
        let err: unknown;
        await client.findTagged(arg as unknown as Uint8Array[]).catch((e: unknown) => (err = e));
        expect(String((err as Error)?.message), String(arg)).to.match(message);
      }
      client.close();
    } finally {
      pool.dispose();
      await deleteDB(name);
    }
  });
});
