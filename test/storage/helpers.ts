// Test helpers for the replica stores: deterministic batches from a seed, byte comparisons that name
// the first difference, unique database names, and a raw consistency check of a replica database.
import { expect } from 'chai';
import { openDB, deleteDB } from 'idb';
import type { AppendBatch, ReplicaSnapshot } from '../../web/storage/index.ts';

export { rng, fillBytes, makeBatch } from './batches.ts';

/** The expected store content: batches concatenated, as load() and readRange() should give them. */
export class Model {
  txCount = 0;
  #batches: AppendBatch[] = [];
  constructor(readonly txSize: number) {}

  /** Records a batch (copied), returning the index its first tx gets. */
  add(b: AppendBatch): number {
    const first = this.txCount + 1;
    this.#batches.push({
      txs: b.txs.slice(),
      ids: b.ids.slice(),
      tags: b.tags.slice(),
      trunks: b.trunks.slice(),
      branches: b.branches.slice(),
      attachedAt: b.attachedAt.slice(),
    });
    this.txCount += b.trunks.length;
    return first;
  }

  snapshot(): ReplicaSnapshot {
    const n = this.txCount;
    const s: ReplicaSnapshot = {
      txCount: n,
      ids: new Uint8Array(n * 32),
      trunks: new Uint32Array(n),
      branches: new Uint32Array(n),
      attachedAt: new Float64Array(n),
      tags: new Uint8Array(n * 32),
    };
    let row = 0;
    for (const b of this.#batches) {
      s.ids.set(b.ids, row * 32);
      s.tags.set(b.tags, row * 32);
      s.trunks.set(b.trunks, row);
      s.branches.set(b.branches, row);
      s.attachedAt.set(b.attachedAt, row);
      row += b.trunks.length;
    }
    return s;
  }

  /** Tx bytes of first..first+count-1. */
  range(first: number, count: number): Uint8Array {
    const all = new Uint8Array(this.txCount * this.txSize);
    let at = 0;
    for (const b of this.#batches) {
      all.set(b.txs, at);
      at += b.txs.length;
    }
    return all.slice((first - 1) * this.txSize, (first - 1 + count) * this.txSize);
  }
}

type Numeric = Uint8Array | Uint32Array | Float64Array;

/** Compares two typed arrays and names the first differing element (chai would print them whole). */
export function expectSame(actual: Numeric, expected: Numeric, label: string): void {
  expect(actual.constructor.name, `${label}: type`).to.equal(expected.constructor.name);
  expect(actual.length, `${label}: length`).to.equal(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** Compares a loaded snapshot with the expected one, column by column. */
export function expectSnapshot(actual: ReplicaSnapshot, expected: ReplicaSnapshot, label: string): void {
  expect(actual.txCount, `${label}: txCount`).to.equal(expected.txCount);
  expectSame(actual.ids, expected.ids, `${label}: ids`);
  expectSame(actual.trunks, expected.trunks, `${label}: trunks`);
  expectSame(actual.branches, expected.branches, `${label}: branches`);
  expectSame(actual.attachedAt, expected.attachedAt, `${label}: attachedAt`);
  expectSame(actual.tags, expected.tags, `${label}: tags`);
}

/** Awaits a promise that must reject with `type` and a message matching `message`. */
export async function expectReject(
  run: () => Promise<unknown>,
  type: new (...args: never[]) => Error,
  message: RegExp,
): Promise<Error> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a ${type.name} matching ${message}`).to.be.instanceOf(type);
  expect((caught as Error).message).to.match(message);
  return caught as Error;
}

let dbCounter = 0;

/** A database name no other test uses. */
export function uniqueDbName(prefix: string): string {
  return `test-${prefix}-${Date.now().toString(36)}-${(dbCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Deletes a test database (closing connections the stores hold is their `blocking` handler's job). */
export async function dropDb(name: string): Promise<void> {
  await deleteDB(name);
}

/** What a raw look at a replica database finds, after checking that its parts agree. */
export interface RawReplica {
  version: number;
  stores: string[];
  meta: { txCount: number; nextSegment: number; bytes: number } | undefined;
  segments: { key: number; first: number; count: number; txBytes: number; blob: boolean }[];
}

/**
 * Opens a replica database without the store's code and checks that meta, segments, graph and tags
 * agree: segments, graph and tags records pair up by key, cover 1..txCount without a gap, and
 * nextSegment and bytes match. Used after aborts, crashes and upgrades (to v4 or later: the tags
 * store is read).
 */
export async function inspectReplica(name: string, txSize: number): Promise<RawReplica> {
  const db = await openDB(name);
  try {
    const tx = db.transaction(['segments', 'graph', 'tags', 'meta'], 'readonly');
    const [segKeys, segs, graphKeys, graphs, tagKeys, tags, meta] = await Promise.all([
      tx.objectStore('segments').getAllKeys(),
      tx.objectStore('segments').getAll(),
      tx.objectStore('graph').getAllKeys(),
      tx.objectStore('graph').getAll(),
      tx.objectStore('tags').getAllKeys(),
      tx.objectStore('tags').getAll(),
      tx.objectStore('meta').get('replica'),
      tx.done,
    ]);
    expect(graphKeys, 'graph keys = segment keys').to.deep.equal(segKeys);
    expect(tagKeys, 'tags keys = segment keys').to.deep.equal(segKeys);
    let next = 1;
    const out: RawReplica['segments'] = [];
    segs.forEach((s, i) => {
      const g = graphs[i];
      const at = `segment ${String(segKeys[i])}`;
      expect(s.first, `${at}: first`).to.equal(next);
      expect(g.first, `${at}: graph first`).to.equal(s.first);
      expect(g.count, `${at}: graph count`).to.equal(s.count);
      // Large segments are Blobs from v4 on (idb-replica-store.ts), smaller ones ArrayBuffers.
      const txBytes = s.txs instanceof Blob ? s.txs.size : s.txs.byteLength;
      expect(txBytes, `${at}: tx bytes`).to.equal(s.count * txSize);
      expect(g.ids.byteLength, `${at}: id bytes`).to.equal(s.count * 32);
      expect(g.trunks.byteLength, `${at}: trunk bytes`).to.equal(s.count * 4);
      expect(g.branches.byteLength, `${at}: branch bytes`).to.equal(s.count * 4);
      expect(g.attachedAt.byteLength, `${at}: attachedAt bytes`).to.equal(s.count * 8);
      expect([tags[i].first, tags[i].count], `${at}: tags first and count`).to.deep.equal([s.first, s.count]);
      expect(tags[i].tags.byteLength, `${at}: tag bytes`).to.equal(s.count * 32);
      out.push({ key: segKeys[i] as number, first: s.first, count: s.count, txBytes, blob: s.txs instanceof Blob });
      next += s.count;
    });
    const txCount = next - 1;
    if (meta === undefined) {
      expect(txCount, 'segments without meta').to.equal(0);
    } else {
      expect(meta.txCount, 'meta.txCount = txs in the segments').to.equal(txCount);
      const lastKey = segKeys.length ? (segKeys[segKeys.length - 1] as number) : -1;
      expect(meta.nextSegment, 'meta.nextSegment > every segment key').to.be.greaterThan(lastKey);
      expect(meta.bytes, 'meta.bytes').to.equal(txCount * (txSize + 48));
    }
    return { version: db.version, stores: [...db.objectStoreNames], meta, segments: out };
  } finally {
    db.close();
  }
}
