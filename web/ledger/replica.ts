// The replica: one patient's or clinic's copy of the Tangle (docs/design.md "The ledger"). It composes the
// pure validation pipeline (web/core/validate), the store (web/storage), the DAG and walk in WASM
// (web/wasm graph) and PoW weights (web/wasm core). `importTransactions` and `exportTransactions`
// are the only ways in and out: the app's own new bundles, files and sync all pass through the same
// checks, and nothing half-checked reaches the store or the walk.

import {
  GENESIS_ID,
  TAG_LENGTH,
  TX_SIZE,
  decodeTx,
  idKey,
  powEssence,
  readAttachedAt,
  readBranch,
  readBundle,
  readIndex,
  readIssuedAt,
  readIssuer,
  readKind,
  readLastIndex,
  readTag,
  readTrunk,
  txId,
} from '../core/tx/index.ts';
import type { TxFields } from '../core/tx/index.ts';
import { attachBundle, buildBundle, bundlePayload } from '../core/bundle/index.ts';
import type { AttachProgress, PowFn } from '../core/bundle/index.ts';
import {
  DEFAULT_QUARANTINE_LIMIT,
  IngestPipeline,
  MAX_LISTED_REJECTIONS,
  decodeArchive,
  encodeArchive,
  reasonMessage,
  validateTx,
  type Reason,
  type TxCheckContext,
  type TxRecord,
  type VerifyFn,
} from '../core/validate/index.ts';
import { powDigest } from '../core/pow/index.ts';
import { DEFAULT_SEGMENT_TXS, type ReplicaStore } from '../storage/index.ts';
import { assertNetwork, sameNetwork, type Network } from '../core/network/index.ts';
import { NetworkMismatchError, ReplicaDamagedError, _checkStored, _firstBelowNetwork } from './_open-checks.ts';
import { CONFIRMATION_CHECK_SAMPLES, CONFIRMATION_SAMPLES, CONFIRMATION_THRESHOLD, type TangleGraph } from '../wasm/index.ts';
import { IdIndex } from './id-index.ts';
import { TagIndex } from './tag-index.ts';

/** Tip selection parameters. α = 0.1: a walk follows weight, but a lazy tip is not starved at once. */
export const DEFAULT_ALPHA = 0.1;
/** The walk starts at the heaviest tx DEPTH to 2·DEPTH txs below the newest (assembly/walk.ts). */
export const DEFAULT_DEPTH = 15;

/** What a Replica needs; every part is injected so tests can swap in twins. */
export interface ReplicaOptions {
  store: ReplicaStore;
  graph: TangleGraph;
  /** Kerl-PoW v1 weight of (digest, nonce): the WASM core's powWeight. */
  powWeight(digest: Uint8Array, nonce: bigint): number;
  /** Optional faster hashing for validation (the WASM core's txHashes and blake2b256). */
  txHashes?(bytes: Uint8Array): { digest: Uint8Array; id: Uint8Array };
  blake2b256?(data: Uint8Array): Uint8Array;
  /** Ed25519 verification: web/crypto's verifyEd25519. */
  verify: VerifyFn;
  /**
   * The network this replica belongs to: its name and minimum weight magnitude. A new replica is
   * claimed for it; an existing one must have recorded the same one (see Replica.open).
   */
  network: Network;
  now?: () => number;
  /** Randomness for walk seeds; crypto.getRandomValues by default. */
  randomSeed?: () => bigint;
  alpha?: number;
  depth?: number;
  quarantineLimit?: number;
}

/** A tx that waits in quarantine, and why. Reported by imports and by stillHeld; read by the file import's report. */
export interface HeldTx {
  /** The tx id, as 64 lowercase hex digits. */
  id: string;
  /**
   * BUNDLE_INCOMPLETE while members of its bundle are missing, then PARENT_MISSING until its parents
   * arrive; WRITE_PENDING when it passed every check but the store refused the write (it is kept and
   * written by the next import).
   */
  reason: 'BUNDLE_INCOMPLETE' | 'PARENT_MISSING' | 'WRITE_PENDING';
  /**
   * For PARENT_MISSING: a parent it waits for that this replica refused recently, with the reason.
   * Then it cannot be stored from what was sent (a damaged file, a forged parent), only from a
   * good copy of that parent.
   */
  blockedBy?: { id: string; reason: Reason };
}

/** The outcome of one import, for the UI and for sync. */
export interface ImportReport {
  /** Txs stored by this call (complete, valid bundles only). */
  accepted: number;
  acceptedBundles: number;
  /**
   * The first MAX_LISTED_REJECTIONS txs refused for good, with the reason and their position in the
   * input when known: the archive's framing error first, then in input order. `counts` has them all.
   */
  rejected: { reason: Reason; message: string; position?: number; id?: string }[];
  /** Refusals past the listed ones: counted in `counts`, not listed. */
  rejectedOmitted: number;
  /** Txs of this call still waiting for bundle members or parents. */
  held: number;
  /** Those txs, in input order (at most one per record of the call). */
  heldTxs: HeldTx[];
  /** Txs waiting in quarantine after this call, all calls together. */
  quarantined: number;
  /**
   * Valid txs kept after a failed store write, waiting to be written by the next import (they are
   * not in `quarantined`): what stillHeld reports as WRITE_PENDING.
   */
  awaitingWrite: number;
  /**
   * False when the quarantine could not be written to the store (a full quota, a closed database):
   * the waiting txs are held in memory, and lost if the app closes before a later import writes
   * them (each import tries again). The stored txs of the call are stored either way.
   */
  quarantineSaved: boolean;
  /** Parent ids to ask peers for. */
  missingParents: Uint8Array[];
  /** Rejections of this call by reason (held ones included), every one counted. */
  counts: Partial<Record<Reason, number>>;
  /** The network the archive named, when it is not this replica's (then nothing was read). */
  otherNetwork?: Network;
}

/** What to export; by default everything, in index order (parents first). */
export interface ExportFilter {
  /** First replica index (1-based, inclusive). */
  fromIndex?: number;
  /** Last replica index (inclusive). */
  toIndex?: number;
  /** Only txs attached at or after this time (ms). */
  attachedSince?: number;
  /** Only these txs (unknown ids are skipped). */
  ids?: Uint8Array[];
}

/**
 * A stored bundle that carries one of the tags asked for: what an identity needs to open its
 * record (the payload is the envelope) and to list it. Returned by findTagged.
 */
export interface TaggedBundle {
  /** The bundle's tag (32 bytes): which of the asked tags it carries. */
  tag: Uint8Array;
  /** The tail's id, as 64 lowercase hex digits: the bundle's name in the replica. */
  tailId: string;
  /** The tail's replica index (the bundle's members are the indices before it, head first). */
  tailIndex: number;
  /** The bundle's kind (TX_KINDS). */
  kind: number;
  /** The payloads of txs 0..last, joined in bundle order: the record the bundle carries. */
  payload: Uint8Array;
  /** The issuer's Ed25519 public key (32 bytes), which signed the bundle. */
  issuer: Uint8Array;
  /** When the issuer made it and when it was attached (ms since the epoch; the tail's). */
  issuedAt: number;
  attachedAt: number;
  /** Whether the bundle is confirmed (for good: docs/design.md "Tip selection and confirmation"). */
  confirmed: boolean;
}

/** A node of the explorer's drawing. */
export interface TxSummary {
  index: number;
  id: string;
  trunk: number;
  branch: number;
  attachedAt: number;
  kind: number;
  bundleIndex: number;
  lastIndex: number;
  tip: boolean;
  confirmed: boolean;
  /** Share of the last confirmation run's walks whose tips approve it; null outside the window. */
  confidence: number | null;
}

/** Everything the explorer shows about one tx. */
export interface TxDetails extends TxSummary {
  fields: Omit<TxFields, 'payload'> & { payloadPreview: string };
  weight: number;
  /** Every stateless check, run again now on the stored bytes (bundle checks passed on arrival). */
  valid: boolean;
  validity: string;
  approvers: number[];
  cumulativeWeight: number | null;
}

/**
 * Archives (files, sync messages) whose framing was broken, one per archive, not per tx. Counted by
 * the replica since it was opened; read by the Tangle screen's counters.
 */
export interface BadArchiveCounts {
  /** Not an archive at all (a bad magic, or shorter than the header): nothing in it was read. */
  unreadable: number;
  /** Fewer whole records than the header announces: the whole ones were read, the rest is missing. */
  incomplete: number;
  /** Bytes after the announced records: they were ignored, every record was read. */
  trailing: number;
  /** Archives of another network: nothing in them was read. */
  otherNetwork: number;
}

/** The replica's counters. */
export interface ReplicaStats {
  txCount: number;
  tips: number;
  confirmed: number;
  pending: number;
  quarantined: number;
  /** Valid txs whose store write failed, kept and written by the next import. */
  awaitingWrite: number;
  windowStart: number;
  /**
   * Txs refused for good since the replica was opened, by reason: not the txs it already had
   * (`duplicates`) nor broken framing (`badArchives`), which say nothing wrong about a tx.
   */
  rejected: Partial<Record<Reason, number>>;
  /** Txs that arrived again since the replica was opened (already stored, or twice in one import): skipped, not refused. */
  duplicates: number;
  /** Archives with broken framing since the replica was opened. */
  badArchives: BadArchiveCounts;
  storedBytes: number;
  persisted: boolean;
  /** The network this replica belongs to. */
  network: Network;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x: string) => parseInt(x, 16));

function defaultSeed(): bigint {
  const b = new BigUint64Array(1);
  crypto.getRandomValues(b);
  return b[0];
}

/** splitmix64's increment, as assembly/rng.ts uses it to derive walk seeds. */
const GOLDEN = 0x9e3779b97f4a7c15n;

/**
 * The seed of the second confirmation stage. Walk i of a confidence run with seed s is seeded with
 * the (i+1)-th splitmix64 output from s (assembly/rng.ts deriveSeed), so starting the second run
 * CONFIRMATION_SAMPLES steps further on makes its walks the outputs 101 .. 500 of the same stream:
 * never a walk of the first run (splitmix64 is a bijection of its counter), and deterministic in
 * `seed`. Wraps mod 2^64, so it stays a valid u64 seed.
 */
function checkSeed(seed: bigint): bigint {
  return BigInt.asUintN(64, seed + BigInt(CONFIRMATION_SAMPLES) * GOLDEN);
}

const TX_ID_HEX = /^[0-9a-f]{64}$/;

/** The steps of committing a stored batch to the in-memory side, in order (see #columns). */
type _CommitStep = 'ids' | 'arrays' | 'bundles' | 'tags';

/**
 * Test hooks (internal: test/ledger only; not exported from index.ts). `commitStep` makes that
 * step of the next commits throw, as a failed allocation would, after the store write. (The graph's
 * own steps fail through a graph that throws: see test/ledger/replica-commit.test.ts.)
 */
export interface _ReplicaTestOptions extends ReplicaOptions {
  faultInjection?: { commitStep?: _CommitStep };
}

/** A record kept for the next import, with the number of imports whose pipeline threw on it. */
interface _Kept extends TxRecord {
  id: Uint8Array;
  attempts: number;
}

/**
 * Imports whose pipeline threw that a kept record may go through before it is let go (as INTERNAL).
 * The pipeline refuses what it cannot check and is not expected to throw at all; this bounds the
 * damage if it ever does, so one bad record cannot fail every later import.
 */
const MAX_KEPT_ATTEMPTS = 3;

/**
 * Refused tx ids remembered for stillHeld's blockedBy: as many as the quarantine can hold, since
 * each waiting tx waits for at most two parents and the point is to name the refused ones.
 */
const RECENTLY_REFUSED_LIMIT = DEFAULT_QUARANTINE_LIMIT;

/** The replica cannot hold the txs of an import: its graph is at its most txs (2^22 with the genesis). */
class ReplicaFullError extends Error {
  constructor(message: string) {
    super(message);
    // Kept across the worker boundary (comlink copies name and message), so the UI can tell it apart.
    this.name = 'ReplicaFullError';
  }
}

function assertIndexArg(name: string, v: unknown, max: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw new RangeError(`${name} must be a stored tx index from 1 to ${max}, got ${String(v)}`);
  }
}

/** A replica of the Tangle. Opened by the tangle worker; tests and benchmarks open their own. */
export class Replica {
  /** The network this replica belongs to (for good: see Replica.open). */
  readonly network: Network;
  readonly #store: ReplicaStore;
  readonly #graph: TangleGraph;
  #pipeline: IngestPipeline;
  /** A fresh, empty pipeline with this replica's checks: at open, and after a call that threw. */
  readonly #newPipeline: () => IngestPipeline;
  #ids = new IdIndex();
  /** Tag → runs of indices whose txs carry it, for findTagged: from the stored tag column at open,
   * then from every committed batch. */
  #tags = new TagIndex();
  /** attachedAt by index (index 0, the genesis, at 0). */
  #attachedAt = new Float64Array(1024);
  #confirmed = new Uint8Array(1024);
  #confirmedCount = 0;
  /** Position in its bundle and the bundle's last index, by replica index, known for indices >=
   * #bundleKnownFrom: filled as bundles are stored, and read from the store for the window on demand
   * (the cold start reads graph columns only). */
  #bundlePos = new Uint16Array(1024);
  #bundleLast = new Uint16Array(1024);
  #bundleKnownFrom = 1;
  #confidence: { start: number; values: Float64Array } | null = null;
  #persisted = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #powWeight: ReplicaOptions['powWeight'];
  readonly #now: () => number;
  readonly #seed: () => bigint;
  readonly #alpha: number;
  readonly #depth: number;
  /** Txs refused for good by validation, by reason. Txs that only waited for members or parents
   * are not refusals (they show as quarantined), nor are txs it already had (#duplicates): a
   * re-imported backup counted here made a healthy device look broken. Kept in memory only: the
   * counters describe what arrived while this replica is open (the screen says so), and a lifetime
   * tally would need a store write per import for a number that says little about today's device. */
  #refused: Partial<Record<Reason, number>> = {};
  /** Txs that arrived again (DUPLICATE): skipped, not refused. */
  #duplicates = 0;
  /** Archives with broken framing, one per archive: a bad file is one problem, not one per tx. */
  #badArchives: BadArchiveCounts = { unreadable: 0, incomplete: 0, trailing: 0, otherNetwork: 0 };
  /** Valid bundles whose store write failed (quota, a closed database): kept, persisted with the
   * quarantine, and put first in the next import, so a failed write never loses them. At most
   * #keepLimit txs (the oldest go first, counted as QUARANTINE_FULL), and a record goes through at
   * most MAX_KEPT_ATTEMPTS imports whose pipeline threw, so nothing is retried for ever. */
  #unstored: _Kept[] = [];
  readonly #keepLimit: number;
  /** Ids (hex) of the persisted quarantine as last written, to delete what leaves it. It changes only
   * when a write succeeds, so a failed write is retried by the next save's diff. */
  #savedQuarantine = new Set<string>();
  /** Ids (hex) of txs refused recently, with the reason: what waiting txs may wait for in vain. */
  #recentlyRefused = new Map<string, Reason>();
  /** Set when the in-memory side could not be made to agree with the store: every call refuses. */
  #broken: Error | null = null;
  /** Test hooks: test/ledger only (see _ReplicaTestOptions). */
  #faults: _ReplicaTestOptions['faultInjection'] | null = null;

  private constructor(o: ReplicaOptions) {
    assertNetwork(o.network, 'options.network');
    if (o.store.txSize !== TX_SIZE) throw new RangeError(`store.txSize must be ${TX_SIZE}, got ${o.store.txSize}`);
    this.network = Object.freeze({ name: o.network.name, mwm: o.network.mwm });
    this.#store = o.store;
    this.#graph = o.graph;
    this.#powWeight = o.powWeight;
    this.#now = o.now ?? Date.now;
    this.#seed = o.randomSeed ?? defaultSeed;
    this.#alpha = o.alpha ?? DEFAULT_ALPHA;
    this.#depth = o.depth ?? DEFAULT_DEPTH;
    this.#keepLimit = o.quarantineLimit ?? DEFAULT_QUARANTINE_LIMIT;
    // Read through `this` at each call: a rebuild from the store replaces the index and the arrays.
    const ids = { has: (id: Uint8Array) => this.#ids.has(id), get: (id: Uint8Array) => this.#ids.get(id) };
    const attachedAt = () => this.#attachedAt;
    this.#newPipeline = () => new IngestPipeline({
      mwm: o.network.mwm,
      now: this.#now,
      powWeight: o.powWeight,
      txHashes: o.txHashes,
      blake2b256: o.blake2b256,
      verify: o.verify,
      quarantineLimit: o.quarantineLimit,
      lookup: {
        has: (id) => ids.has(id),
        attachedAt: (id) => {
          const i = ids.get(id);
          return i === undefined ? undefined : attachedAt()[i];
        },
      },
    });
    this.#pipeline = this.#newPipeline();
  }

  /**
   * Loads the store into the graph (graph index = replica index, 0 = genesis), restores the
   * confirmed set and replays the persisted quarantine. Called by the tangle worker and tests.
   */
  static async open(options: ReplicaOptions): Promise<Replica> {
    const r = new Replica(options);
    r.#faults = (options as _ReplicaTestOptions).faultInjection ?? null;
    let snap: Awaited<ReturnType<ReplicaStore['load']>>;
    try {
      snap = await r.#store.load();
    } catch (e) {
      throw new ReplicaDamagedError(`its stored graph cannot be read (${(e as Error)?.message ?? String(e)})`);
    }
    const ctx = { mwm: r.mwm, now: r.#now, powWeight: r.#powWeight, txHashes: options.txHashes };
    // The network first: a replica of another network is not damaged, only not this one.
    await r.#claimNetwork(snap.txCount, ctx);
    // The sample's offset comes from the walk's randomness, so opens read different txs.
    await _checkStored(snap, r.#store, ctx, Number(r.#seed() % 1_000_000n) / 1_000_000);
    r.#loadSnapshot(snap);
    for (let i = 1; i <= snap.txCount; i += Math.max(1, Math.floor(snap.txCount / 8))) {
      // A duplicate id in the column would make the index answer another index for it.
      if (r.#ids.get(r.#ids.idAt(i)) !== i) throw new ReplicaDamagedError(`transaction ${i} has the same id as an earlier one`);
    }
    const confirmed = await r.#store.confirmed();
    if (confirmed.length > 0 && confirmed[confirmed.length - 1] > snap.txCount) {
      throw new ReplicaDamagedError(`transaction ${confirmed[confirmed.length - 1]} is marked confirmed, but only ${snap.txCount} are stored`);
    }
    for (const i of confirmed) r.#setConfirmed(i);
    r.#persisted = (await r.#store.stats()).persisted;
    const waiting = await r.#store.takeQuarantine();
    for (const q of waiting) r.#savedQuarantine.add(hex(q.id));
    if (waiting.length > 0) await r.#ingestRecords(waiting.map((q) => ({ id: q.id, bytes: q.bytes })));
    return r;
  }

  /**
   * Makes sure the store records this replica's network (docs/design.md: a network is a property of the
   * data). A new replica is claimed for it. One that recorded another refuses to open
   * (NetworkMismatchError). One with txs but no record (written before networks were recorded) is
   * claimed only if every stored tx meets the network's MWM; otherwise it refuses to open, naming
   * the first tx below it, so no device ever holds txs its own network calls invalid.
   */
  async #claimNetwork(txCount: number, ctx: TxCheckContext): Promise<void> {
    const recorded = await this.#store.network();
    if (recorded === null && txCount > 0) {
      const below = await _firstBelowNetwork(txCount, this.#store, ctx, DEFAULT_SEGMENT_TXS);
      if (below > 0) {
        throw new ReplicaDamagedError(
          `it was made before networks were recorded, and transaction ${below} has too little proof of work for ` +
            `network "${this.network.name}" (MWM ${this.network.mwm}): it belongs to a test network with a lower MWM`,
        );
      }
    }
    const had = recorded ?? (await this.#store.claimNetwork({ name: this.network.name, mwm: this.network.mwm, since: this.#now() }));
    if (!sameNetwork(had, this.network)) throw new NetworkMismatchError(had, this.network);
  }

  /**
   * Makes the in-memory side (graph, id and tag indexes, attachment times, bundle positions) exactly what the
   * store's snapshot says. Used by open, and after a commit that failed half way.
   */
  #loadSnapshot(snap: Awaited<ReturnType<ReplicaStore['load']>>): void {
    this.#graph.reset();
    if (snap.txCount > 0) this.#graph.insertMany(snap.trunks, snap.branches, snap.attachedAt);
    const ids = new IdIndex();
    ids.append(snap.ids);
    const tags = new TagIndex();
    tags.append(snap.tags);
    this.#ids = ids;
    this.#tags = tags;
    this.#attachedAt = new Float64Array(Math.max(1024, this.#attachedAt.length));
    this.#ensureCapacity(snap.txCount + 1);
    this.#attachedAt.set(snap.attachedAt, 1);
    this.#bundleKnownFrom = snap.txCount + 1;
    this.#confidence = null;
  }

  /**
   * The store has a batch that the in-memory side took only in part (a commit step threw): rebuild
   * that side from the store, which is the truth. If even that fails, the replica refuses every
   * later call with a clear message rather than walk over indices that disagree with the store.
   */
  async #rebuildFromStore(cause: unknown): Promise<void> {
    try {
      this.#loadSnapshot(await this.#store.load());
    } catch (e) {
      this.#broken = new Error(
        'this device could not keep its copy of the Tangle in memory after storing new transactions ' +
          `(${String((cause as Error)?.message ?? cause)}; then ${String((e as Error)?.message ?? e)}): ` +
          'nothing stored is lost; reload the app',
      );
      throw this.#broken;
    }
  }

  /** Throws the error that broke this replica, if one did. */
  #assertUsable(): void {
    if (this.#broken) throw this.#broken;
  }

  /** The network's minimum weight magnitude. */
  get mwm(): number {
    return this.network.mwm;
  }

  /** Stored txs (the genesis not counted). */
  get txCount(): number {
    return this.#ids.size - 1;
  }

  // All changes run one at a time, in order.
  #serialize<T>(f: () => Promise<T>): Promise<T> {
    const run = () => {
      this.#assertUsable();
      return f();
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #ensureCapacity(n: number): void {
    if (n <= this.#attachedAt.length) return;
    const size = Math.max(n, this.#attachedAt.length * 2);
    const a = new Float64Array(size);
    a.set(this.#attachedAt);
    this.#attachedAt = a;
    const c = new Uint8Array(size);
    c.set(this.#confirmed);
    this.#confirmed = c;
    const p = new Uint16Array(size);
    p.set(this.#bundlePos);
    this.#bundlePos = p;
    const l = new Uint16Array(size);
    l.set(this.#bundleLast);
    this.#bundleLast = l;
  }

  #noteBundle(index: number, tx: Uint8Array): void {
    this.#bundlePos[index] = readIndex(tx);
    this.#bundleLast[index] = readLastIndex(tx);
  }

  /** Makes the bundle positions of every index >= from known. */
  async #knowBundlesFrom(from: number): Promise<void> {
    from = Math.max(1, from);
    if (from >= this.#bundleKnownFrom) return;
    const count = this.#bundleKnownFrom - from;
    const bytes = await this.#store.readRange(from, count);
    for (let k = 0; k < count; k++) this.#noteBundle(from + k, bytes.subarray(k * TX_SIZE, (k + 1) * TX_SIZE));
    this.#bundleKnownFrom = from;
  }

  #setConfirmed(i: number): void {
    this.#ensureCapacity(i + 1);
    if (this.#confirmed[i]) return;
    this.#confirmed[i] = 1;
    this.#confirmedCount++;
  }

  /**
   * Validates an archive (web/core/validate archive format) and stores every complete, valid bundle
   * atomically, parents first. Called by file import, sync and the app's own attach flow.
   */
  importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
    return this.#serialize(async () => {
      // Views: the pipeline copies each record it keeps (IngestPipeline #one).
      const { network, records, errors } = decodeArchive(bytes, { views: true });
      if (network !== null && !sameNetwork(network, this.network)) {
        // Another network's archive is refused whole, before any tx is checked: its txs would fail
        // one by one as weak proof of work (or pass, from a stronger network, and mix two networks).
        this.#badArchives.otherNetwork++;
        return this.#otherNetwork(network);
      }
      const report = await this.#ingestRecords(records);
      const framing: ImportReport['rejected'] = [];
      for (const e of errors) {
        framing.push({ reason: e.reason, message: reasonMessage(e.reason), position: e.position });
        report.counts[e.reason] = (report.counts[e.reason] ?? 0) + 1;
        // decodeArchive reports at most one framing error, and a header error (-1) stops the reading.
        const kind = e.position < 0 ? 'unreadable' : e.reason === 'TRUNCATED' ? 'incomplete' : 'trailing';
        this.#badArchives[kind]++;
      }
      if (framing.length > 0) {
        // The framing error goes first (it says the most about the file); the list stays capped.
        const all = [...framing, ...report.rejected];
        report.rejected = all.slice(0, MAX_LISTED_REJECTIONS);
        report.rejectedOmitted += all.length - report.rejected.length;
      }
      return report;
    });
  }

  /**
   * Which of `ids` (txs as 64 lowercase hex digits) still wait in quarantine, and why, in the order
   * asked; the others are left out. A map lookup per id. Called by file import, through the tangle
   * worker, once its last chunk is in: a tx one chunk held may have been stored by a later chunk,
   * or dropped from a full quarantine.
   */
  stillHeld(ids: readonly string[]): Promise<HeldTx[]> {
    if (!Array.isArray(ids)) throw new TypeError('ids must be an array of tx ids (hex)');
    ids.forEach((id, k) => {
      if (typeof id !== 'string' || !TX_ID_HEX.test(id)) throw new RangeError(`ids[${k}] must be a tx id as 64 lowercase hex digits, got ${String(id)}`);
    });
    const asked = ids.slice();
    // Serialized: between two imports every waiting group is either checked or incomplete.
    return this.#serialize(async () => {
      const out: HeldTx[] = [];
      // Nothing waits: the usual case of a sync's want list (8,000 ids in the bench), answered
      // without a conversion per id on the path before the first batch.
      if (this.#unstored.length === 0 && this.#pipeline.quarantined === 0) return out;
      const kept = new Set(this.#unstored.map((k) => hex(k.id)));
      const memo = new Map<string, HeldTx['blockedBy'] | null>();
      for (const id of asked) {
        const reason = kept.has(id) ? 'WRITE_PENDING' : this.#pipeline.heldReason(fromHex(id));
        if (reason === null) continue;
        const held: HeldTx = { id, reason };
        if (reason === 'PARENT_MISSING') {
          const blocker = this.#blocker(id, memo);
          if (blocker) held.blockedBy = blocker;
        }
        out.push(held);
      }
      return out;
    });
  }

  async #ingestRecords(incoming: TxRecord[]): Promise<ImportReport> {
    const retried = this.#unstored.splice(0);
    const records: TxRecord[] = retried.length > 0 ? [...retried.map((k) => ({ id: k.id, bytes: k.bytes })), ...incoming] : incoming;
    let result: Awaited<ReturnType<IngestPipeline['ingest']>>;
    try {
      result = await this.#pipeline.ingest(records);
    } catch {
      return this.#pipelineThrew(retried, incoming.length);
    }
    // The refusals are counted before the write: they stand whether or not the write then fails.
    for (const r of result.rejected) {
      if (r.held) continue;
      if (r.reason === 'DUPLICATE') this.#duplicates++;
      else {
        this.#refused[r.reason] = (this.#refused[r.reason] ?? 0) + 1;
        // A tx dropped from a full quarantine is not bad, only dropped: it may come again.
        if (r.id !== undefined && r.reason !== 'QUARANTINE_FULL') this.#noteRefused(hex(r.id), r.reason);
      }
    }
    let accepted = 0;
    if (result.accepted.length > 0) {
      // Within a bundle tx i approves tx i + 1, so each bundle is stored head first.
      const txs: Uint8Array[] = [];
      const txIds: Uint8Array[] = [];
      result.accepted.forEach((bundle, b) => {
        for (let i = bundle.length - 1; i >= 0; i--) {
          txs.push(bundle[i]);
          txIds.push(result.acceptedIds[b][i]);
        }
      });
      // The graph cannot grow past maxSize, and the store must never hold a tx the graph lacks (the
      // graph is rebuilt from the store on open, and would then fail to load). So the check comes
      // before the write, and nothing of the batch is stored. These bundles are not kept for a later
      // import as after a failed write: the graph never shrinks, so no later import could store them.
      const room = this.#graph.maxSize - this.#graph.size;
      if (txs.length > room) {
        await this.#saveQuarantine(); // best effort: the retried bundles leave the persisted copy too
        const most = this.#graph.maxSize - 1;
        throw new ReplicaFullError(
          `the replica is full: it holds ${this.txCount} of at most ${most} transactions, ` +
            `so the ${txs.length} valid transactions of this import were not stored`,
        );
      }
      const { batch, commit, first } = this.#columns(txs, txIds);
      // Atomic, and conditional: the store refuses the batch if another writer appended meanwhile,
      // because the batch names its parents by the indices this replica knows. The graph's memory
      // is reserved first, so that once the store has the batch the graph can take all of it: a
      // graph that ran out of memory half way would map tips and confirmations to wrong txs.
      let reserved = false;
      try {
        this.#graph.reserve(txs.length);
        reserved = true;
        await this.#store.append({ ...batch, expectedFirst: first });
      } catch (e) {
        // The pipeline has let these bundles go: keep them for the next import and in the
        // persisted quarantine (best effort: the same fault may refuse that write too).
        const dropped = this.#keep(txs.map((bytes, k) => ({ id: txIds[k], bytes, attempts: 0 })));
        if (dropped > 0) this.#refused.QUARANTINE_FULL = (this.#refused.QUARANTINE_FULL ?? 0) + dropped;
        await this.#saveQuarantine();
        if (/another writer appended/.test(String((e as Error)?.message))) {
          throw new Error('the replica changed under this window (another tab wrote to it): reload the app');
        }
        if (!reserved) {
          throw new Error(
            `this device has no memory left for ${txs.length} more transactions in its copy of the Tangle, so nothing ` +
              `was stored (${String((e as Error)?.message ?? e)}); they are kept for the next import: close other tabs or apps, then import again`,
          );
        }
        throw e;
      }
      try {
        commit();
      } catch (e) {
        // The store has the batch; the in-memory side took part of it. The store is the truth.
        await this.#rebuildFromStore(e);
      }
      accepted = txs.length;
    }
    // From here the call has succeeded: its bundles are stored. A quarantine that cannot be written
    // now must not turn that into a failed import (the caller would say nothing was stored); the
    // report says so instead, and the next import writes it again.
    const quarantineSaved = await this.#saveQuarantine();
    const rejected: ImportReport['rejected'] = [];
    let rejectedOmitted = 0;
    const heldTxs: HeldTx[] = [];
    for (const r of result.rejected) {
      if (r.held) {
        // Only the caller's own records: retried ones waited before this call.
        if (r.index === undefined || r.index >= retried.length) heldTxs.push({ id: hex(r.id!), reason: r.reason as HeldTx['reason'] });
        continue;
      }
      if (rejected.length === MAX_LISTED_REJECTIONS) {
        rejectedOmitted++;
        continue;
      }
      // Positions count from the caller's first record; retried records have none.
      const position = r.index === undefined || r.index < retried.length ? undefined : r.index - retried.length;
      rejected.push({ reason: r.reason, message: reasonMessage(r.reason), position, id: r.id ? hex(r.id) : undefined });
    }
    return {
      accepted,
      acceptedBundles: result.accepted.length,
      rejected,
      rejectedOmitted,
      held: heldTxs.length,
      heldTxs,
      quarantined: result.quarantined,
      awaitingWrite: this.#unstored.length,
      quarantineSaved,
      missingParents: result.missingParents,
      counts: result.counts,
    };
  }

  /**
   * The refused tx that the waiting tx `id` (hex) waits for in vain, directly or through parents
   * that wait themselves (a damaged file's first tx blocks the whole chain built on it); undefined
   * when none is known. Walks the waiting graph once per call (memo), so a long chain stays linear.
   */
  #blocker(id: string, memo: Map<string, HeldTx['blockedBy'] | null>): HeldTx['blockedBy'] | undefined {
    const stack: string[] = [id];
    const order: string[] = [];
    // Iterative depth-first walk: parents before children, so each answer is ready when needed.
    while (stack.length > 0) {
      const x = stack[stack.length - 1];
      if (memo.has(x)) {
        stack.pop();
        continue;
      }
      const parents = this.#pipeline.waitingOn(fromHex(x));
      const pending = parents.filter((p) => !memo.has(p) && !this.#recentlyRefused.has(p) && !order.includes(p) && this.#pipeline.heldReason(fromHex(p)) !== null);
      if (pending.length > 0 && !order.includes(x)) {
        order.push(x);
        stack.push(...pending);
        continue;
      }
      stack.pop();
      let found: HeldTx['blockedBy'] | null = null;
      for (const p of parents) {
        const why = this.#recentlyRefused.get(p);
        const via = why !== undefined ? { id: p, reason: why } : (memo.get(p) ?? null);
        if (via) {
          found = via;
          break;
        }
      }
      memo.set(x, found);
    }
    return memo.get(id) ?? undefined;
  }

  /**
   * Remembers that the tx claimed as `id` was refused, so stillHeld can say what its approvers wait
   * for in vain. Bounded: the oldest are forgotten past RECENTLY_REFUSED_LIMIT (Map order).
   */
  #noteRefused(id: string, reason: Reason): void {
    this.#recentlyRefused.delete(id);
    this.#recentlyRefused.set(id, reason);
    if (this.#recentlyRefused.size > RECENTLY_REFUSED_LIMIT) {
      this.#recentlyRefused.delete(this.#recentlyRefused.keys().next().value as string);
    }
  }

  /**
   * Lets go of every tx waiting in quarantine (never stored; a later import may bring them again)
   * and of its persisted copy; returns how many. Valid txs kept after a failed write stay. Called by
   * the Tangle screen when the user clears what waits, e.g. after a damaged file.
   */
  clearQuarantine(): Promise<{ cleared: number; saved: boolean }> {
    return this.#serialize(async () => {
      const cleared = this.#pipeline.clear();
      const saved = await this.#saveQuarantine();
      return { cleared, saved };
    });
  }

  /** The report of an archive from another network: nothing read, both networks named. */
  #otherNetwork(network: Network): ImportReport {
    return {
      accepted: 0,
      acceptedBundles: 0,
      rejected: [{ reason: 'NETWORK_MISMATCH', message: reasonMessage('NETWORK_MISMATCH'), position: -1 }],
      rejectedOmitted: 0,
      held: 0,
      heldTxs: [],
      quarantined: this.#pipeline.quarantined,
      awaitingWrite: this.#unstored.length,
      quarantineSaved: true,
      missingParents: [],
      counts: { NETWORK_MISMATCH: 1 },
      otherNetwork: { name: network.name, mwm: network.mwm },
    };
  }

  /**
   * Adds records to the ones kept for the next import, then lets the oldest go past #keepLimit.
   * Returns how many were let go.
   */
  #keep(records: _Kept[]): number {
    this.#unstored.push(...records);
    let dropped = 0;
    // Whole bundles go, oldest first: half a bundle kept would only wait for its other half.
    while (this.#unstored.length > this.#keepLimit) {
      const bundle = hex(readBundle(this.#unstored[0].bytes));
      const before = this.#unstored.length;
      this.#unstored = this.#unstored.filter((k) => hex(readBundle(k.bytes)) !== bundle);
      dropped += before - this.#unstored.length;
    }
    return dropped;
  }

  /**
   * The pipeline threw (it refuses what it cannot check, so this is a fault of this app): this
   * call's own records are refused as INTERNAL and a fresh pipeline takes over. By then the old one
   * may have let waiting bundles out of its quarantine for this call, which never stored them, so
   * what waited before the call is gathered from every place it can be (the kept records, the
   * persisted quarantine, written before this call, and what the pipeline still holds) and kept
   * for the next import, each at most MAX_KEPT_ATTEMPTS times: one record that trips the fault
   * cannot fail every later import.
   */
  async #pipelineThrew(retried: _Kept[], incoming: number): Promise<ImportReport> {
    let persisted: TxRecord[] = [];
    try {
      persisted = (await this.#store.takeQuarantine()).map((q) => ({ id: q.id, bytes: q.bytes }));
    } catch {
      // the store fails too: keep what memory has
    }
    let waiting: TxRecord[] = [];
    try {
      waiting = this.#pipeline.quarantineRecords();
    } catch {
      // a pipeline that throws here too: the persisted copy stands for it
    }
    const attempts = new Map(retried.map((k) => [hex(k.id), k.attempts]));
    const seen = new Set<string>();
    const kept: _Kept[] = [];
    let letGo = 0;
    for (const r of [...retried, ...persisted, ...waiting]) {
      if (!(r.id instanceof Uint8Array)) continue;
      const h = hex(r.id);
      if (seen.has(h)) continue;
      seen.add(h);
      const tries = (attempts.get(h) ?? 0) + 1;
      if (tries > MAX_KEPT_ATTEMPTS) letGo++;
      else kept.push({ id: r.id, bytes: r.bytes, attempts: tries });
    }
    this.#pipeline = this.#newPipeline();
    letGo += this.#keep(kept);
    const refused = incoming + letGo;
    if (refused > 0) this.#refused.INTERNAL = (this.#refused.INTERNAL ?? 0) + refused;
    const quarantineSaved = await this.#saveQuarantine();
    const rejected: ImportReport['rejected'] = [];
    for (let i = 0; i < Math.min(incoming, MAX_LISTED_REJECTIONS); i++) rejected.push({ reason: 'INTERNAL', message: reasonMessage('INTERNAL'), position: i });
    return {
      accepted: 0,
      acceptedBundles: 0,
      rejected,
      rejectedOmitted: incoming - rejected.length,
      held: 0,
      heldTxs: [],
      quarantined: 0,
      awaitingWrite: this.#unstored.length,
      quarantineSaved,
      missingParents: [],
      counts: refused > 0 ? { INTERNAL: refused } : {},
    };
  }

  /** Builds the store batch and, once the store has it, the graph and id index entries. */
  #columns(txs: Uint8Array[], txIds: Uint8Array[]) {
    const n = txs.length;
    const first = this.#ids.size;
    const ids = new Uint8Array(n * 32);
    const tags = new Uint8Array(n * TAG_LENGTH);
    const trunks = new Uint32Array(n);
    const branches = new Uint32Array(n);
    const attachedAt = new Float64Array(n);
    const data = new Uint8Array(n * TX_SIZE);
    const local = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const tx = txs[k];
      const id = txIds[k]; // computed once, by validation
      ids.set(id, k * 32);
      tags.set(readTag(tx), k * TAG_LENGTH);
      data.set(tx, k * TX_SIZE);
      const parent = (p: Uint8Array): number => {
        const i = this.#ids.get(p) ?? local.get(idKey(p));
        // The pipeline accepts a bundle only when its parents are stored or earlier in this batch.
        if (i === undefined) throw new Error(`internal: parent ${hex(p)} of an accepted tx is unknown`);
        return i;
      };
      trunks[k] = parent(readTrunk(tx));
      branches[k] = parent(readBranch(tx));
      attachedAt[k] = readAttachedAt(tx);
      local.set(idKey(id), first + k);
    }
    return {
      first,
      batch: { txs: data, ids, tags, trunks, branches, attachedAt },
      // Called only once the store has the batch: the in-memory views follow the stored state.
      commit: () => {
        const fault = this.#faults?.commitStep;
        const inject = (step: _CommitStep) => {
          if (fault === step) throw new Error(`injected: the ${step} step failed`);
        };
        inject('ids');
        this.#ids.append(ids);
        inject('arrays');
        this.#ensureCapacity(this.#ids.size);
        this.#attachedAt.set(attachedAt, first);
        // One call for the batch: the graph settles the window's weights once, not per tx.
        this.#graph.insertMany(trunks, branches, attachedAt);
        inject('bundles');
        for (let k = 0; k < n; k++) this.#noteBundle(first + k, txs[k]);
        inject('tags');
        this.#tags.append(tags);
      },
    };
  }

  /**
   * Brings the persisted quarantine (replayed by open) up to what waits in memory: the pipeline's
   * waiting txs and the valid bundles kept after a failed store write. Returns whether it is up to
   * date. Never throws: the in-memory quarantine is the truth, and a write the store refuses (a
   * full quota) is retried by the next call, since #savedQuarantine follows only successful writes.
   */
  async #saveQuarantine(): Promise<boolean> {
    const now = this.#now();
    const records = [...this.#pipeline.quarantineRecords(), ...this.#unstored];
    const current = new Set(records.map((r) => hex(r.id!)));
    const added = records.filter((r) => !this.#savedQuarantine.has(hex(r.id!)));
    const gone = [...this.#savedQuarantine].filter((h) => !current.has(h));
    try {
      if (added.length > 0) {
        await this.#store.putQuarantine(added.map((r) => ({ id: r.id!, bytes: r.bytes, since: now })));
        for (const r of added) this.#savedQuarantine.add(hex(r.id!));
      }
      if (gone.length > 0) {
        await this.#store.deleteQuarantine(gone.map(fromHex));
        for (const h of gone) this.#savedQuarantine.delete(h);
      }
      return true;
    } catch {
      return false;
    }
  }

  /** The archive of the chosen txs, in index order (parents first). Called by file export and sync. */
  exportTransactions(filter: ExportFilter = {}): Promise<Uint8Array> {
    return this.#serialize(async () => {
      const max = this.txCount;
      const from = filter.fromIndex ?? 1;
      const to = filter.toIndex ?? max;
      if (max === 0) return encodeArchive([], this.network);
      assertIndexArg('filter.fromIndex', from, max);
      assertIndexArg('filter.toIndex', to, max);
      let indices: number[];
      if (filter.ids) {
        indices = [];
        for (const id of filter.ids) {
          const i = this.#ids.get(id);
          if (i !== undefined && i > 0 && i >= from && i <= to) indices.push(i);
        }
        indices.sort((a, b) => a - b);
      } else {
        indices = [];
        for (let i = from; i <= to; i++) indices.push(i);
      }
      if (filter.attachedSince !== undefined) indices = indices.filter((i) => this.#attachedAt[i] >= filter.attachedSince!);
      const records: TxRecord[] = [];
      // Contiguous runs are read as ranges: one read per segment, not per tx.
      for (let k = 0; k < indices.length; ) {
        let end = k + 1;
        while (end < indices.length && indices[end] === indices[end - 1] + 1) end++;
        const bytes = await this.#store.readRange(indices[k], end - k);
        for (let j = k; j < end; j++) {
          records.push({ id: this.#ids.idAt(indices[j]), bytes: bytes.subarray((j - k) * TX_SIZE, (j - k + 1) * TX_SIZE) });
        }
        k = end;
      }
      return encodeArchive(records, this.network);
    });
  }

  /**
   * Every stored tx as (attachment time, id), in replica index order (parents first): the items that
   * sync reconciles. Queued behind imports, so a batch being stored is listed whole or not at all.
   * Called by the sync session (web/sync) once per session.
   */
  syncItems(): Promise<{ attachedAt: Float64Array; ids: Uint8Array }> {
    return this.#serialize(async () => ({
      attachedAt: this.#attachedAt.slice(1, this.#ids.size),
      ids: this.#ids.allStored(),
    }));
  }

  /** Two tips by the weighted random walk (docs/design.md "Tip selection"), as ids. Called by attach. */
  selectTips(seed: bigint = this.#seed()): { trunk: Uint8Array; branch: Uint8Array; trunkIndex: number; branchIndex: number } {
    this.#assertUsable();
    const [a, b] = this.#graph.selectTips({ alpha: this.#alpha, depth: this.#depth, seed });
    return { trunk: a === 0 ? GENESIS_ID.slice() : this.#ids.idAt(a), branch: b === 0 ? GENESIS_ID.slice() : this.#ids.idAt(b), trunkIndex: a, branchIndex: b };
  }

  /**
   * Builds, signs, attaches (PoW through `pow`, head to tail) and imports a bundle. The bundle goes
   * through the same validation as anything from a peer. Called by the tangle worker for the app.
   */
  async createBundle(
    spec: { kind: number; payload: Uint8Array; tag?: Uint8Array },
    signer: { publicKey: Uint8Array; sign(message: Uint8Array): Promise<Uint8Array> },
    options: { pow: PowFn; signal?: AbortSignal; onProgress?: (p: AttachProgress) => void },
  ): Promise<{ ids: Uint8Array[]; report: ImportReport }> {
    const issuedAt = this.#now();
    const txs = await buildBundle(
      { kind: spec.kind, issuer: signer.publicKey, tag: spec.tag ?? new Uint8Array(32), issuedAt, payload: spec.payload },
      (m) => signer.sign(m),
    );
    return this.attachSigned(txs, options);
  }

  /**
   * Attaches a bundle that is built and signed elsewhere (the identity worker holds the keys): tips
   * by the walk, PoW through `pow` head to tail, then the same validation as anything from a peer.
   * Called by the tangle worker for the app's records and test bundles.
   */
  async attachSigned(
    txs: Uint8Array[],
    options: { pow: PowFn; signal?: AbortSignal; onProgress?: (p: AttachProgress) => void },
  ): Promise<{ ids: Uint8Array[]; report: ImportReport }> {
    if (!Array.isArray(txs) || txs.length === 0 || !txs.every((t) => t instanceof Uint8Array && t.length === TX_SIZE)) {
      throw new TypeError(`txs must be a non-empty array of ${TX_SIZE}-byte txs`);
    }
    const issuedAt = Math.max(...txs.map((t) => decodeTx(t).issuedAt));
    const tips = this.selectTips();
    const attached = await attachBundle(txs, {
      trunk: tips.trunk,
      branch: tips.branch,
      attachedAt: Math.max(issuedAt, this.#now()),
      mwm: this.mwm,
      pow: options.pow,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const ids = attached.map((t) => txId(t));
    const report = await this.importTransactions(encodeArchive(attached.map((bytes, i) => ({ id: ids[i], bytes }))));
    if (report.accepted !== attached.length) {
      const why = report.rejected.map((r) => r.message).join('; ') || 'the bundle is still waiting for its parents';
      throw new Error(`the new bundle was not stored: ${why}`);
    }
    return { ids, report };
  }

  /**
   * Marks as confirmed, for good, every bundle whose tail passes two independent samples: the tips
   * of at least 95 of CONFIRMATION_SAMPLES = 100 fresh walks approve it, and then at least 380 of
   * CONFIRMATION_CHECK_SAMPLES = 400 more walks of another seed (docs/design.md "confirmed when it has
   * enough confidence", as IRI did, with a second stage). Why two: confirmation is sticky and this
   * runs after every import, each time with a fresh sample, so a one-stage test is retried until it
   * passes by luck. At a true approval share of 0.90 one 100-walk stage passes with 0.0576 per
   * refresh (usually confirmed within 17 refreshes); both stages pass with 0.0576 * 2.09e-4 =
   * 1.20e-5. At a true share of 0.99 both pass with 0.99947. The 400 walks run only when the first
   * sample has a new candidate. The confidence kept for the explorer is the first sample's, so
   * every refresh shows a figure of the same resolution whether or not the check ran. A given seed
   * gives a given result (the second stage's seed is derived from it).
   * Called by the tangle worker after imports and by the explorer.
   */
  refreshConfirmation(seed: bigint = this.#seed()): Promise<{ newlyConfirmed: number[] }> {
    return this.#serialize(async () => {
      const sample = (samples: number, s: bigint) => {
        const c = this.#graph.confidence({ samples, alpha: this.#alpha, depth: this.#depth, seed: s });
        // The graph counts a walk's exit tip as in its own past cone. Confirmation needs approval by
        // other txs, so a tip's confidence is 0: nothing confirms a tx that nobody approves yet.
        for (const t of this.#graph.tips()) if (t >= c.start) c.values[t - c.start] = 0;
        return c;
      };
      const c = sample(CONFIRMATION_SAMPLES, seed);
      this.#confidence = c;
      // A bundle is the unit: it is confirmed when its tail is, and its members share the tail's
      // confidence (they are approved by their own tail, which says nothing). Bundles are stored
      // head first, so the members of the tail at t are t - last .. t.
      await this.#knowBundlesFrom(c.start);
      const candidates: number[] = [];
      for (let k = 0; k < c.values.length; k++) {
        const t = c.start + k;
        if (t === 0 || this.#bundlePos[t] !== 0) continue;
        const last = this.#bundleLast[t];
        for (let j = t - last; j < t; j++) if (j >= c.start) c.values[j - c.start] = c.values[k];
        if (!(c.values[k] >= CONFIRMATION_THRESHOLD) || this.#confirmed[t]) continue;
        candidates.push(t);
      }
      // The second stage, only when there is something to check (refresh runs often). Nothing is
      // inserted in between (changes are serialized), so the window is the same.
      const check = candidates.length > 0 ? sample(CONFIRMATION_CHECK_SAMPLES, checkSeed(seed)) : null;
      if (check && check.start !== c.start) {
        throw new Error(`internal: the confirmation check sampled the window from ${check.start}, the first sample the window from ${c.start}`);
      }
      const fresh: number[] = [];
      for (const t of candidates) {
        // Written so that a missing value (undefined, NaN) never confirms: confirmation is for good.
        if (!(check!.values[t - check!.start] >= CONFIRMATION_THRESHOLD)) continue;
        for (let j = t - this.#bundleLast[t]; j <= t; j++) if (!this.#confirmed[j]) fresh.push(j);
      }
      // What a confirmed tx approves, directly or indirectly, is confirmed too, also below the
      // window (where confidence is not computed): a long sync or a file import would otherwise
      // leave its older txs pending for ever. The walk stops at txs already confirmed.
      const marked = new Set(fresh);
      for (let k = 0; k < fresh.length; k++) {
        const i = fresh[k];
        for (const p of [this.#graph.trunk(i), this.#graph.branch(i)]) {
          if (p > 0 && !this.#confirmed[p] && !marked.has(p)) {
            marked.add(p);
            fresh.push(p);
          }
        }
      }
      if (fresh.length > 0) {
        await this.#store.markConfirmed(fresh);
        for (const i of fresh) this.#setConfirmed(i);
      }
      return { newlyConfirmed: fresh };
    });
  }

  #confidenceOf(i: number): number | null {
    const c = this.#confidence;
    if (!c || i < c.start || i >= c.start + c.values.length) return null;
    return c.values[i - c.start];
  }

  /**
   * Every stored bundle that carries one of `tags` (32 bytes each), in replica index order of its
   * tail (the order bundles were stored): its tag, tail, kind, issuer, times, whether it is
   * confirmed, and its payload (txs 0..last joined), read from the store. Called by the records
   * service, through the tangle worker, to find an unlocked identity's records.
   *
   * The lookup is the tag index in memory; the store is read only for the bundles found, in one
   * readRanges call of one range per run of consecutive indices (a bundle is contiguous, head first,
   * so a run holds whole bundles). Not queued behind imports: it reads only what is stored, which never
   * changes, so an identity's scan at unlock never waits for a long file import.
   * TypeError or RangeError naming the argument for tags that are not an array of 32-byte arrays; an
   * Error naming the index when a stored bundle is not whole (a damaged store).
   */
  findTagged(tags: Uint8Array[]): Promise<TaggedBundle[]> {
    if (!Array.isArray(tags)) throw new TypeError('tags must be an array of 32-byte tags (Uint8Array)');
    tags.forEach((t, i) => {
      if (!(t instanceof Uint8Array)) throw new TypeError(`tags[${i}] must be a Uint8Array`);
      if (t.length !== TAG_LENGTH) throw new RangeError(`tags[${i}] must be ${TAG_LENGTH} bytes, got ${t.length}`);
    });
    this.#assertUsable();
    // The runs are taken now, from one state of the index; the same tag asked twice counts once.
    const runs: [number, number][] = [];
    const asked = new Set<string>();
    for (const t of tags) {
      const h = hex(t);
      if (asked.has(h)) continue;
      asked.add(h);
      runs.push(...this.#tags.find(t));
    }
    runs.sort((a, b) => a[0] - b[0]);
    // Runs of different tags never overlap; touching ones are read as one range.
    const spans: [number, number][] = [];
    for (const [a, b] of runs) {
      const last = spans[spans.length - 1];
      if (last && last[1] + 1 === a) last[1] = b;
      else spans.push([a, b]);
    }
    return (async () => {
      const bytes = await this.#store.readRanges(spans.map(([a, b]) => [a, b - a + 1]));
      const out: TaggedBundle[] = [];
      spans.forEach(([a, b], s) => {
        const txAt = (i: number) => bytes[s].subarray((i - a) * TX_SIZE, (i - a + 1) * TX_SIZE);
        for (let head = a; head <= b; ) {
          const last = readLastIndex(txAt(head));
          const tail = head + last;
          const members: Uint8Array[] = [];
          // Stored head first: the tx at tail - j is member j, and every member agrees with the head.
          const whole = tail <= b && readIndex(txAt(head)) === last;
          for (let j = 0; whole && j <= last; j++) members.push(txAt(tail - j));
          const tag = readTag(txAt(head));
          const bundle = readBundle(txAt(head));
          const fits = (tx: Uint8Array, j: number) =>
            readIndex(tx) === j && readLastIndex(tx) === last && sameBytes(readTag(tx), tag) && sameBytes(readBundle(tx), bundle);
          if (!whole || !members.every(fits) || !asked.has(hex(tag))) {
            throw new Error(`the stored bundle whose head is transaction ${head} is not whole: this copy of the Tangle is damaged`);
          }
          const t = members[0];
          out.push({
            tag: tag.slice(),
            tailId: hex(this.#ids.idAt(tail)),
            tailIndex: tail,
            kind: readKind(t),
            payload: bundlePayload(members),
            issuer: readIssuer(t).slice(),
            issuedAt: readIssuedAt(t),
            attachedAt: readAttachedAt(t),
            confirmed: this.isConfirmed(tail),
          });
          head = tail + 1;
        }
      });
      return out;
    })();
  }

  /** Whether the tx at `index` is confirmed. */
  isConfirmed(index: number): boolean {
    return index === 0 || this.#confirmed[index] === 1;
  }

  /** The newest `limit` txs, oldest first, for the explorer's drawing. */
  async recent(limit = 40): Promise<TxSummary[]> {
    this.#assertUsable();
    const n = this.txCount;
    const count = Math.min(limit, n);
    if (count === 0) return [];
    const first = n - count + 1;
    const bytes = await this.#store.readRange(first, count);
    const tips = new Set(this.#graph.tips());
    const out: TxSummary[] = [];
    for (let k = 0; k < count; k++) {
      const i = first + k;
      const tx = bytes.subarray(k * TX_SIZE, (k + 1) * TX_SIZE);
      out.push(this.#summary(i, tx, tips));
    }
    return out;
  }

  #summary(i: number, tx: Uint8Array, tips: Set<number>): TxSummary {
    return {
      index: i,
      id: hex(this.#ids.idAt(i)),
      trunk: this.#graph.trunk(i),
      branch: this.#graph.branch(i),
      attachedAt: this.#attachedAt[i],
      kind: tx[1],
      bundleIndex: tx[2] | (tx[3] << 8),
      lastIndex: tx[4] | (tx[5] << 8),
      tip: tips.has(i),
      confirmed: this.isConfirmed(i),
      confidence: this.#confidenceOf(i),
    };
  }

  /** One tx with its fields, PoW weight, re-checked validity, approvers and confirmation. */
  async details(index: number): Promise<TxDetails> {
    this.#assertUsable();
    assertIndexArg('index', index, this.txCount);
    const tx = await this.#store.readTx(index);
    const fields = decodeTx(tx);
    const weight = this.#powWeight(powDigest(powEssence(tx)), fields.nonce);
    // Stored txs passed every check on arrival; the stateless ones run again on what is stored now.
    const check = validateTx({ id: this.#ids.idAt(index), bytes: tx }, { mwm: this.mwm, now: () => Math.max(this.#now(), fields.attachedAt), powWeight: this.#powWeight });
    const { payload, ...rest } = fields;
    const text = new TextDecoder('utf-8', { fatal: false }).decode(payload.subarray(0, Math.min(payload.length, 160)));
    let cw: number | null = null;
    if (index >= this.#graph.windowStart) cw = this.#graph.cumulativeWeight(index);
    return {
      ...this.#summary(index, tx, new Set(this.#graph.tips())),
      fields: { ...rest, payloadPreview: text },
      weight,
      valid: check.ok,
      validity: check.ok ? 'valid: every check passed on arrival and the stored bytes pass again now' : `invalid now: ${reasonMessage(check.reason)}`,
      approvers: Array.from(this.#graph.approvers(index)),
      cumulativeWeight: cw,
    };
  }

  /** Counters for the explorer and the status line. */
  async stats(): Promise<ReplicaStats> {
    this.#assertUsable();
    const s = await this.#store.stats();
    return {
      txCount: this.txCount,
      tips: this.#graph.tipCount,
      confirmed: this.#confirmedCount,
      pending: this.txCount - this.#confirmedCount,
      quarantined: this.#pipeline.quarantined,
      awaitingWrite: this.#unstored.length,
      windowStart: this.#graph.windowStart,
      rejected: { ...this.#refused },
      duplicates: this.#duplicates,
      badArchives: { ...this.#badArchives },
      storedBytes: s.bytes,
      persisted: s.persisted || this.#persisted,
      network: { ...this.network },
    };
  }
}
