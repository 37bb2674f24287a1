// Shared by the fault-injection tests of the worker bridge and the file import
// (test/workers/tangle-client.faults.test.ts, test/app/file-import.faults.test.ts): a valid archive
// file of a few hundred txs in bundles of seeded sizes, made by a real replica at a small MWM, plus
// the facts those tests judge a damaged run against (where each bundle ends in the file, so "a
// prefix of whole bundles" has one meaning), a seeded PRNG, and byte comparisons that name the
// first difference. Not a test file.
import { expect } from 'chai';
import { readIndex, readLastIndex, TX_KINDS } from '../../web/core/tx/index.ts';
import { ARCHIVE_HEADER_SIZE, ARCHIVE_RECORD_SIZE, decodeArchive, encodeArchive, type ArchiveRecord } from '../../web/core/validate/index.ts';
import type { Network } from '../../web/core/network/index.ts';
import { signingKeyFromSecret } from '../../web/crypto/index.ts';
import { Replica, coreServices, type ImportReport } from '../../web/ledger/index.ts';
import { MemoryReplicaStore } from '../../web/storage/index.ts';
import { loadCore, loadGraph, type Core } from '../../web/wasm/index.ts';

export { rng } from '../storage/batches.ts';
import { rng } from '../storage/batches.ts';

/** The network of every fault test: its own name, and an MWM small enough to build hundreds of txs fast. */
export const FAULT_NETWORK: Network = Object.freeze({ name: 'faults', mwm: 2 });

/** A clock well after the validator's earliest timestamp and well before today, so no check depends on when the test runs. */
const _T0 = Date.UTC(2025, 5, 1, 12);

let _core: Promise<Core> | undefined;
/** The WASM core, loaded once per test file. */
export function faultCore(): Promise<Core> {
  _core ??= loadCore();
  return _core;
}

/** The archive under test and what is known about it independently of the code under test. */
export interface FaultArchive {
  /** The seed it was made from: the same seed gives the same bytes. */
  seed: number;
  /** The whole file: format 2, naming FAULT_NETWORK. */
  file: Uint8Array;
  /** Its records, in file order (parents first, each bundle head first). */
  records: ArchiveRecord[];
  /** Bundle sizes in file order. */
  bundleSizes: number[];
  /** The file positions where a bundle ends (exclusive), ascending; the last is records.length. */
  bundleEnds: number[];
}

/**
 * A valid archive of at least `minTxs` txs: bundles of seeded sizes (mostly small, some of dozens of
 * txs), each signed by a key made from the seed and attached by a replica in memory to tips of its
 * own walk, then exported. The builder's clock and walk seeds come from the seed, so the bytes do too.
 */
export async function makeFaultArchive(seed: number, minTxs: number): Promise<FaultArchive> {
  const core = await faultCore();
  const random = rng(seed);
  let tick = 0;
  const source = await Replica.open({
    store: new MemoryReplicaStore(),
    graph: await loadGraph(),
    ...coreServices(core),
    network: FAULT_NETWORK,
    now: () => _T0 + 1000 * tick++,
    randomSeed: () => BigInt(Math.floor(random() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(random() * 2 ** 32)),
  });
  const key = signingKeyFromSecret(Uint8Array.from({ length: 32 }, () => Math.floor(random() * 256)));
  const pow = async (digest: Uint8Array, mwm: number) => {
    const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
    if (r.nonce === null) throw new Error('no nonce found');
    return r.nonce;
  };
  const sizes: number[] = [];
  let total = 0;
  while (total < minTxs) {
    // One bundle in eight spans dozens of txs, so that chunk boundaries often cut a bundle, and a
    // kill often lands while a large bundle is half delivered.
    const size = random() < 0.125 ? 12 + Math.floor(random() * 28) : 1 + Math.floor(random() * 6);
    const payload = Uint8Array.from({ length: (size - 1) * 1024 + 1 + Math.floor(random() * 1024) }, () => Math.floor(random() * 256));
    await source.createBundle({ kind: TX_KINDS.test, payload }, key, { pow });
    sizes.push(size);
    total += size;
  }
  const file = await source.exportTransactions();
  const { records, errors, network } = decodeArchive(file);
  expect(errors, 'the built archive is whole').to.deep.equal([]);
  expect(network).to.deep.equal(FAULT_NETWORK);
  // Where bundles end, read from the txs' own index fields (the file holds each bundle head first,
  // index = last index down to 0), and checked against the sizes the builder asked for.
  const bundleEnds: number[] = [];
  let expectNext: number | null = null;
  records.forEach((r, p) => {
    const index = readIndex(r.bytes);
    const last = readLastIndex(r.bytes);
    if (expectNext === null) expect(index, `record ${p} starts a bundle at its head`).to.equal(last);
    else expect(index, `record ${p} continues its bundle`).to.equal(expectNext);
    expectNext = index === 0 ? null : index - 1;
    if (index === 0) bundleEnds.push(p + 1);
  });
  expect(bundleEnds.map((e, k) => e - (bundleEnds[k - 1] ?? 0)), 'bundle sizes in the file').to.deep.equal(sizes);
  return { seed, file, records, bundleSizes: sizes, bundleEnds };
}

/** The end of the last whole bundle among the first `k` records: what a replica may hold after them. */
export function wholeBundlesIn(a: FaultArchive, k: number): number {
  let end = 0;
  for (const e of a.bundleEnds) if (e <= k) end = e;
  return end;
}

/** The archive a replica exports when it holds exactly the first `n` records of the file. */
export function exportOfPrefix(a: FaultArchive, n: number): Uint8Array {
  return encodeArchive(a.records.slice(0, n), FAULT_NETWORK);
}

/** The byte offset in the file where record `k` starts (the header's length past the records before it). */
export function recordOffset(k: number): number {
  return ARCHIVE_HEADER_SIZE + k * ARCHIVE_RECORD_SIZE;
}

/** Expects equal bytes, naming the first difference (and so the first record that differs). */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  if (i === n && actual.length === expected.length) return;
  const record = i < ARCHIVE_HEADER_SIZE ? 'the header' : `record ${Math.floor((i - ARCHIVE_HEADER_SIZE) / ARCHIVE_RECORD_SIZE)}`;
  expect.fail(`${what}: ${actual.length} bytes, expected ${expected.length}; first difference at byte ${i} (${record})`);
}

/**
 * Imports `bytes` into a fresh replica in memory and returns its report: the independent check that
 * an exported set of txs is valid as a whole (every tx passes every check, no bundle is partial,
 * every parent is there).
 */
export async function importIntoFreshReplica(bytes: Uint8Array): Promise<ImportReport> {
  const core = await faultCore();
  const fresh = await Replica.open({ store: new MemoryReplicaStore(), graph: await loadGraph(), ...coreServices(core), network: FAULT_NETWORK });
  return fresh.importTransactions(bytes);
}

/** `n` records of the file cut into consecutive runs of 1 to `most` records (seeded), each framed as an archive. */
export function randomChunks(a: FaultArchive, random: () => number, most: number): { bytes: Uint8Array; first: number; records: number }[] {
  const out: { bytes: Uint8Array; first: number; records: number }[] = [];
  for (let first = 0; first < a.records.length; ) {
    const records = Math.min(a.records.length - first, 1 + Math.floor(random() * most));
    out.push({ bytes: encodeArchive(a.records.slice(first, first + records), FAULT_NETWORK), first, records });
    first += records;
  }
  return out;
}

/** A promise's outcome within `ms`, or 'pending': no fault test may wait for ever on a call. */
export function settleWithin<T>(p: Promise<T>, ms: number): Promise<{ state: 'resolved'; value: T } | { state: 'rejected'; error: unknown } | { state: 'pending' }> {
  return Promise.race([
    p.then((value) => ({ state: 'resolved' as const, value }), (error: unknown) => ({ state: 'rejected' as const, error })),
    new Promise<{ state: 'pending' }>((r) => setTimeout(() => r({ state: 'pending' }), ms)),
  ]);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A tangle worker as the fault tests see it: the requests the page posted to it and the messages it
 * answered with, counted. A call is inside the worker from its request's post until an answer
 * arrives (an import call sends nothing else meanwhile).
 */
export interface TrackedWorker extends Worker {
  posted: number;
  answered: number;
  /** Resolves at the next request posted to the worker. */
  nextPost(): Promise<void>;
}

/**
 * Replaces the page's Worker constructor with one that keeps every worker named 'tangle' (the
 * tangle client's), newest last, so a test can terminate it directly and tell where a kill landed.
 * Call restore() after the tests.
 */
export function trackTangleWorkers(): { workers: TrackedWorker[]; restore(): void } {
  const RealWorker = globalThis.Worker;
  const workers: TrackedWorker[] = [];
  class Tracked extends RealWorker implements TrackedWorker {
    posted = 0;
    answered = 0;
    #onPost: (() => void)[] = [];
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name === 'tangle') workers.push(this);
      this.addEventListener('message', () => this.answered++);
    }
    override postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
      super.postMessage(message, transfer as StructuredSerializeOptions);
      this.posted++;
      for (const f of this.#onPost.splice(0)) f();
    }
    nextPost(): Promise<void> {
      return new Promise((r) => this.#onPost.push(r));
    }
  }
  (globalThis as { Worker: typeof Worker }).Worker = Tracked;
  return { workers, restore: () => ((globalThis as { Worker: typeof Worker }).Worker = RealWorker) };
}
