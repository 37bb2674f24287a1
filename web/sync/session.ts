// One sync session with one peer over one transport (docs/sync.md "The session"). In order:
//   1. hello, both ways: direction and network (another network ends the session);
//   2. reconcile rounds, started by the initiator, until it knows both differences;
//   3. the initiator sends `have` (what the responder lacks; empty when it only receives), the
//      responder answers with its `want`; the initiator sends its own `want` (empty when the peer
//      only receives). Both want lists leave out txs already stored or waiting in quarantine, so a
//      sync cut half way resumes without anything that arrived being sent again;
//   4. each side serves the other's want list: in its own replica index order (parents first), in
//      batches of `batchTxs` txs, at most `window` batches unacknowledged; the receiver imports each
//      batch through the replica's importTransactions (every tx validated; batches that wait behind
//      the one being imported go in its next call together) and acknowledges each;
//   5. `served`, then `bye` once both directions are complete.
// A peer is reported by name in the result: malformed messages, messages out of place and txs its
// replica refuses are counted, and past the limits the peer is dropped. Messages are bounded in size
// (the codec), count (per type, from what was asked) and time (an idle timeout and a deadline).
import {
  ItemSet,
  LIMITS,
  Reconciler,
  SyncFormatError,
  SyncProtocolError,
  decodeMessage,
  encodeMessage,
  type ByeReason,
  type Message,
  type Range,
  type ReconcileOptions,
} from '../core/sync/index.ts';
import {
  ARCHIVE_HEADER_SIZE,
  ARCHIVE_HEADER_SIZE_V1,
  ARCHIVE_RECORD_SIZE,
  isArchiveError,
  readArchiveHeader,
  writeArchiveHeader,
  type ArchiveHeader,
  type Reason,
} from '../core/validate/index.ts';
import { sameNetwork, type Network } from '../core/network/index.ts';
import { idKey } from '../core/tx/index.ts';
import type { HeldTx, ImportReport } from '../ledger/index.ts';
import { realTimers, type Timers, type Transport } from './transport.ts';

/** What a session needs of a replica: web/ledger's Replica has it all. */
export interface SyncReplica {
  readonly network: { name: string; mwm: number };
  syncItems(): Promise<{ attachedAt: Float64Array; ids: Uint8Array }>;
  exportTransactions(filter: { ids: Uint8Array[] }): Promise<Uint8Array>;
  importTransactions(bytes: Uint8Array): Promise<ImportReport>;
  stillHeld(ids: readonly string[]): Promise<HeldTx[]>;
}

/** Settings of one session. Given by whoever connects (the sync controller, tests). */
export interface SyncOptions {
  /** Who starts the reconciliation: the side that made the offer. */
  role: 'initiator' | 'responder';
  /** 'receive' never sends a tx; default 'both'. */
  direction?: 'both' | 'receive';
  /** The peer's name, as reports and the history show it. */
  peer: string;
  timers?: Timers;
  /**
   * Txs per batch (at most MAX_BATCH_TXS); default 256. The receiver's import has a cost per call:
   * over the bench's loopback data channel 256 txs a batch with 3 in flight carried 4.33 MB/s where
   * 64 with 2 carried 2.87 (sync.webrtc.mb_per_s, both sessions then on the page's one thread);
   * 6 in flight gave no more (3.42).
   */
  batchTxs?: number;
  /**
   * Batches sent and not yet acknowledged; default 6, so that while the receiver imports, enough
   * wait to be imported together in its next call (with the sessions in two tangle workers, 3 in
   * flight gave 32 imports of 8,000 txs, 6 gave 12, and the store's writes took 0.31–0.40 s instead
   * of 0.40–0.62; whole rounds were within their noise either way).
   */
  window?: number;
  /** Ends the session when the peer is silent this long (ms); default 30 s. */
  idleTimeoutMs?: number;
  /** Ends the session after this long whatever happens (ms); default 1 hour. */
  deadlineMs?: number;
  /** Malformed or out-of-place messages tolerated; one more drops the peer. Default 3. */
  maxFaults?: number;
  /** Txs refused for good (forged, broken) tolerated; one more drops the peer. Default 16. */
  maxRefused?: number;
  /** Reconciliation settings (byte budget, rounds). */
  reconcile?: Pick<ReconcileOptions, 'budget' | 'maxRounds' | 'maxFound'>;
  /** Called after each batch either way (for batches imported together, once each after their import). */
  onProgress?: (p: SyncProgress) => void;
}

/** Where a session stands: what the sync screen's progress bar shows. */
export interface SyncProgress {
  /** Txs asked of the peer, and stored from it so far. */
  wanted: number;
  stored: number;
  /** Txs the peer asked for, and sent so far. */
  toSend: number;
  sent: number;
  bytesIn: number;
  bytesOut: number;
}

/** How a session ended, for the history. Returned by SyncSession.run. */
export interface SyncResult extends SyncProgress {
  peer: string;
  /** done: both sides have everything; interrupted: closed, timed out or cut; dropped: this side ended it for the peer's faults. */
  outcome: 'done' | 'interrupted' | 'dropped';
  /** Why it did not end as done, in words. */
  reason?: string;
  /** Txs from this peer that the replica refused for good, by reason. */
  refused: Partial<Record<Reason, number>>;
  /** Messages from the peer that were not well formed, or came out of place. */
  malformed: number;
  outOfPlace: number;
  /** Reconcile messages' bytes, both ways, and their round trips. */
  reconcileBytes: number;
  rounds: number;
}

/** Most txs in one batch: a batch must fit one message (LIMITS.maxMessageBytes). */
export const MAX_BATCH_TXS = 256;

/**
 * Most txs the receiver imports in one importTransactions call, when batches wait behind the one
 * it is importing. Each call has a cost besides its txs (an IndexedDB transaction that writes a
 * segment, the graph's weights settled once): timed in the tangle worker over the bench's data
 * channel, the 8,000 txs' store writes took 0.40–0.62 s in 32 calls and 0.31–0.40 s in 12.
 */
const _MAX_IMPORT_TXS = 4 * MAX_BATCH_TXS;

/** Reasons that are not the sending peer's fault: they are not counted against it. */
const _NOT_REFUSALS: ReadonlySet<string> = new Set(['DUPLICATE', 'BUNDLE_INCOMPLETE', 'PARENT_MISSING', 'WRITE_PENDING', 'QUARANTINE_FULL', 'INTERNAL']);

const _HEX = Array.from({ length: 256 }, (_, x) => x.toString(16).padStart(2, '0'));
/** By table: a want list converts every id it asks for (8,000 in the bench's sync), on the path before the first batch. */
const _hex = (id: Uint8Array) => {
  let s = '';
  for (let i = 0; i < id.length; i++) s += _HEX[id[i]];
  return s;
};

/** The id of record `k` of a checked archive (a view). */
const _idAt = (archive: Uint8Array, h: ArchiveHeader, k: number) => {
  const at = h.headerSize + k * ARCHIVE_RECORD_SIZE;
  return archive.subarray(at, at + 32);
};

/** Checked batches of one network as one archive: a header, then each batch's records as they came. */
function _joined(parts: { archive: Uint8Array; header: ArchiveHeader }[], network: Network | null, count: number): Uint8Array {
  const out = new Uint8Array((network === null ? ARCHIVE_HEADER_SIZE_V1 : ARCHIVE_HEADER_SIZE) + count * ARCHIVE_RECORD_SIZE);
  let at = writeArchiveHeader(out, network, count);
  for (const { archive, header } of parts) {
    out.set(archive.subarray(header.headerSize), at);
    at += archive.length - header.headerSize;
  }
  return out;
}

/** A peer breaks the protocol in a way that ends the session at once (another network). */
class _Stop extends Error {
  constructor(
    readonly bye: ByeReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One session with one peer. `run()` sends hello and resolves with the result when the session
 * ends. Made by the sync controller for each connection, and by tests.
 */
export class SyncSession {
  readonly #replica: SyncReplica;
  readonly #t: Transport;
  readonly #o: Required<Omit<SyncOptions, 'onProgress' | 'reconcile' | 'timers'>> & Pick<SyncOptions, 'onProgress' | 'reconcile'>;
  readonly #timers: Timers;
  #queue: Promise<void> = Promise.resolve();
  /** Messages received and not yet handled, oldest first: a batch takes the batches that wait behind it. */
  #inbox: Uint8Array[] = [];
  #resolve!: (r: SyncResult) => void;
  #result: SyncResult;
  #ended = false;
  #idle: unknown = null;
  #deadline: unknown = null;
  #peerHello: { direction: 'both' | 'receive' } | null = null;
  #snapshot: { items: ItemSet; order: Map<string, number> } | null = null;
  #rec: Reconciler | null = null;
  /** The initiator has sent have and want; the responder has received the last have and sent want. */
  #reconciled = false;
  #haveIn: Uint8Array[] = [];
  #haveDone = false;
  /** Ids asked of the peer and not yet received (key → id). */
  #asked = new Map<string, Uint8Array>();
  #wantSent = false;
  #servedIn = false;
  /** The peer's want list, while it arrives. */
  #wantIn: Uint8Array[] = [];
  #wantInDone = false;
  /** Batches to send (ids in index order), the next one, and how many are unacknowledged. */
  #batches: Uint8Array[][] = [];
  #nextBatch = 0;
  #unacked = 0;
  #servedOut = false;

  constructor(replica: SyncReplica, transport: Transport, options: SyncOptions) {
    this.#replica = replica;
    this.#t = transport;
    const batchTxs = options.batchTxs ?? 256;
    if (!Number.isInteger(batchTxs) || batchTxs < 1 || batchTxs > MAX_BATCH_TXS) throw new RangeError(`options.batchTxs must be 1..${MAX_BATCH_TXS}`);
    this.#o = {
      role: options.role,
      direction: options.direction ?? 'both',
      peer: options.peer,
      batchTxs,
      window: options.window ?? 6,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
      deadlineMs: options.deadlineMs ?? 3_600_000,
      maxFaults: options.maxFaults ?? 3,
      maxRefused: options.maxRefused ?? 16,
      onProgress: options.onProgress,
      reconcile: options.reconcile,
    };
    this.#timers = options.timers ?? realTimers;
    this.#result = {
      peer: options.peer,
      outcome: 'interrupted',
      wanted: 0,
      stored: 0,
      toSend: 0,
      sent: 0,
      bytesIn: 0,
      bytesOut: 0,
      refused: {},
      malformed: 0,
      outOfPlace: 0,
      reconcileBytes: 0,
      rounds: 0,
    };
  }

  /** Starts the session; resolves when it ends (never rejects). */
  run(): Promise<SyncResult> {
    const done = new Promise<SyncResult>((r) => (this.#resolve = r));
    this.#t.onmessage = (bytes) => {
      this.#inbox.push(bytes);
      // One turn per message; a turn whose message an earlier batch already took finds nothing.
      this.#queue = this.#queue.then(() => {
        const next = this.#inbox.shift();
        return next === undefined ? undefined : this.#receive(next);
      });
    };
    this.#t.onclose = () => {
      this.#queue = this.#queue.then(() => this.#end('interrupted', 'the connection closed'));
    };
    this.#deadline = this.#timers.setTimeout(() => {
      this.#queue = this.#queue.then(() => this.#stop('timeout', 'interrupted', `the session passed its deadline of ${this.#o.deadlineMs} ms`));
    }, this.#o.deadlineMs);
    this.#armIdle();
    this.#send({ type: 'hello', direction: this.#o.direction, network: { name: this.#replica.network.name, mwm: this.#replica.network.mwm } });
    return done;
  }

  /** Resolves once every message received so far has been handled. Called by the in-memory network's tests. */
  async settled(): Promise<void> {
    let q: Promise<void>;
    do {
      q = this.#queue;
      await q;
    } while (q !== this.#queue);
  }

  /** The result so far (final once run() resolved). */
  get result(): SyncResult {
    return { ...this.#result, refused: { ...this.#result.refused } };
  }

  #armIdle(): void {
    if (this.#idle !== null) this.#timers.clearTimeout(this.#idle);
    this.#idle = this.#timers.setTimeout(() => {
      this.#queue = this.#queue.then(() => this.#stop('timeout', 'interrupted', `the peer was silent for ${this.#o.idleTimeoutMs} ms`));
    }, this.#o.idleTimeoutMs);
  }

  #send(m: Message): void {
    if (this.#ended) return;
    const bytes = encodeMessage(m);
    this.#result.bytesOut += bytes.length;
    if (m.type === 'reconcile') this.#result.reconcileBytes += bytes.length;
    this.#t.send(bytes);
  }

  async #receive(bytes: Uint8Array): Promise<void> {
    if (this.#ended) return;
    this.#armIdle();
    this.#result.bytesIn += bytes.length;
    let m: Message;
    try {
      m = decodeMessage(bytes);
    } catch (e) {
      if (!(e instanceof SyncFormatError)) throw e;
      this.#result.malformed++;
      return this.#fault(`a malformed message: ${e.message}`);
    }
    if (m.type === 'reconcile') this.#result.reconcileBytes += bytes.length;
    try {
      await this.#handle(m);
    } catch (e) {
      if (e instanceof _Stop) return this.#stop(e.bye, 'dropped', e.message);
      if (e instanceof SyncProtocolError) {
        this.#result.outOfPlace++;
        return this.#fault(e.message);
      }
      // A failure of this device (the replica), not the peer's: end the session, blame nobody.
      return this.#stop('closing', 'interrupted', `this device failed: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  #fault(what: string): void {
    if (this.#result.malformed + this.#result.outOfPlace > this.#o.maxFaults) {
      this.#stop('protocol', 'dropped', `${this.#o.peer} sent more than ${this.#o.maxFaults} bad messages; the last: ${what}`);
    }
  }

  async #handle(m: Message): Promise<void> {
    const out = (what: string) => new SyncProtocolError(`${what} came out of place`);
    if (m.type === 'bye') {
      if (m.reason === 'done' && this.#complete()) return this.#end('done');
      return this.#end('interrupted', `the peer ended the session (${m.reason})`);
    }
    if (m.type === 'hello') {
      if (this.#peerHello) throw out('a second hello');
      const mine = this.#replica.network;
      if (m.network.name !== mine.name || m.network.mwm !== mine.mwm) {
        throw new _Stop('network', `${this.#o.peer} is on network "${m.network.name}" (MWM ${m.network.mwm}), this device on "${mine.name}" (MWM ${mine.mwm})`);
      }
      this.#peerHello = { direction: m.direction };
      if (this.#o.role === 'initiator') {
        await this.#loadItems();
        this.#rec = new Reconciler(this.#snapshot!.items, { ...this.#o.reconcile, role: 'initiator', direction: this.#o.direction });
        this.#sendReconcile(this.#rec.initiate());
      }
      return;
    }
    if (!this.#peerHello) throw out(`a ${m.type} message before hello`);
    switch (m.type) {
      case 'reconcile': {
        if (this.#reconciled || (this.#o.role === 'initiator' && !this.#rec)) throw out('a reconcile message');
        if (this.#o.role === 'responder') {
          if (!this.#rec) {
            await this.#loadItems();
            this.#rec = new Reconciler(this.#snapshot!.items, { ...this.#o.reconcile, role: 'responder' });
          }
          this.#sendReconcile(this.#rec.receive(m.ranges)!);
          return;
        }
        this.#result.rounds++;
        const next = this.#rec!.receive(m.ranges);
        if (next) return this.#sendReconcile(next);
        // The initiator knows both differences.
        this.#reconciled = true;
        this.#sendIds('have', this.#rec!.have);
        await this.#sendWant(this.#rec!.need);
        return;
      }
      case 'have': {
        if (this.#o.role !== 'responder' || this.#haveDone || !this.#rec) throw out('a have message');
        this.#haveIn.push(...m.ids);
        if (this.#haveIn.length > (this.#o.reconcile?.maxFound ?? 2 ** 22)) throw new SyncProtocolError('the have list passed its limit');
        if (!m.last) return;
        this.#haveDone = true;
        this.#reconciled = true;
        const mine = this.#snapshot!.order;
        await this.#sendWant(this.#haveIn.filter((id) => !mine.has(idKey(id))));
        this.#haveIn = [];
        return this.#check();
      }
      case 'want': {
        if (this.#wantInDone || !this.#snapshot) throw out('a want message');
        if (this.#o.direction === 'receive' && m.ids.length > 0) throw new SyncProtocolError('a want message asked this receive-only side for txs');
        this.#wantIn.push(...m.ids);
        if (this.#wantIn.length > this.#snapshot.items.size) throw new SyncProtocolError(`the want list asks for more than the ${this.#snapshot.items.size} txs this side has`);
        if (!m.last) return;
        this.#wantInDone = true;
        // Parents first: in this replica's index order (an approved tx always has a lower index).
        const order = this.#snapshot.order;
        // Each id asked once (a repeat is dropped), kept as it came: no conversion back from its key.
        const known = new Map<string, { id: Uint8Array; at: number }>();
        for (const id of this.#wantIn) {
          const key = idKey(id);
          const at = order.get(key);
          if (at !== undefined) known.set(key, { id, at });
        }
        const sorted = [...known.values()].sort((a, b) => a.at - b.at).map((x) => x.id);
        for (let i = 0; i < sorted.length; i += this.#o.batchTxs) this.#batches.push(sorted.slice(i, i + this.#o.batchTxs));
        this.#wantIn = [];
        this.#result.toSend = sorted.length;
        return this.#pump();
      }
      case 'txs':
        return this.#takeBatches(m.archive);
      case 'ack': {
        if (this.#unacked === 0) throw out('an ack');
        this.#unacked--;
        return this.#pump();
      }
      case 'served': {
        if (!this.#wantSent || this.#servedIn) throw out('a served message');
        this.#servedIn = true;
        return this.#check();
      }
    }
  }

  async #loadItems(): Promise<void> {
    if (this.#snapshot) return;
    const { attachedAt, ids } = await this.#replica.syncItems();
    const order = new Map<string, number>();
    for (let i = 0; i < attachedAt.length; i++) order.set(idKey(ids.subarray(i * 32, (i + 1) * 32)), i);
    this.#snapshot = { items: new ItemSet(attachedAt, ids), order };
  }

  #sendReconcile(ranges: Range[]): void {
    this.#send({ type: 'reconcile', ranges });
  }

  #sendIds(type: 'have' | 'want', ids: Uint8Array[]): void {
    const per = LIMITS.maxIdsPerMessage;
    for (let i = 0; i === 0 || i < ids.length; i += per) {
      this.#send({ type, ids: ids.slice(i, i + per), last: i + per >= ids.length });
    }
  }

  /** Asks for `ids`, less what waits in quarantine (it arrived; it waits for its bundle or parents). */
  async #sendWant(ids: Uint8Array[]): Promise<void> {
    let want = this.#peerHello!.direction === 'both' ? ids : [];
    if (want.length > 0) {
      const hexes = want.map(_hex);
      const held = new Set((await this.#replica.stillHeld(hexes)).map((h) => h.id));
      if (held.size > 0) want = want.filter((_, k) => !held.has(hexes[k]));
    }
    for (const id of want) this.#asked.set(idKey(id), id);
    this.#result.wanted = want.length;
    this.#wantSent = true;
    this.#sendIds('want', want);
  }

  /** Sends batches while the window has room; `served` once the last one is acknowledged. */
  async #pump(): Promise<void> {
    while (this.#unacked < this.#o.window && this.#nextBatch < this.#batches.length && !this.#ended) {
      const ids = this.#batches[this.#nextBatch++];
      const archive = await this.#replica.exportTransactions({ ids });
      this.#unacked++;
      this.#result.sent += ids.length;
      this.#send({ type: 'txs', archive });
      this.#progress();
    }
    if (this.#wantInDone && !this.#servedOut && this.#unacked === 0 && this.#nextBatch === this.#batches.length) {
      this.#servedOut = true;
      this.#send({ type: 'served', sent: this.#result.sent });
      this.#check();
    }
  }

  /**
   * A batch's header, once it is in place and holds only txs asked for and not yet received; throws
   * otherwise. The ids are read in place: the replica decodes the records once, in its import (a
   * decode here and a re-encode to join batches were a tenth of a receiver's samples, Chromium trace
   * of the bench's data channel round).
   */
  #checkBatch(archive: Uint8Array): ArchiveHeader {
    if (!this.#wantSent || this.#servedIn) throw new SyncProtocolError('a txs message came out of place');
    const h = readArchiveHeader(archive);
    if (isArchiveError(h)) throw new SyncProtocolError(`a batch's archive is broken (${h.reason} at record ${h.position})`);
    const whole = Math.floor((archive.length - h.headerSize) / ARCHIVE_RECORD_SIZE);
    if (whole < h.count) throw new SyncProtocolError(`a batch's archive is broken (TRUNCATED at record ${whole})`);
    if (archive.length !== h.headerSize + h.count * ARCHIVE_RECORD_SIZE) throw new SyncProtocolError(`a batch's archive is broken (GARBAGE at record ${h.count})`);
    if (h.count === 0 || h.count > MAX_BATCH_TXS) throw new SyncProtocolError(`a batch holds ${h.count} txs, not 1..${MAX_BATCH_TXS}`);
    for (let k = 0; k < h.count; k++) {
      const id = _idAt(archive, h, k);
      if (!this.#asked.has(idKey(id))) throw new SyncProtocolError(`a batch holds tx ${_hex(id).slice(0, 16)}…, which was not asked for`);
    }
    return h;
  }

  /**
   * The next message received, when it is a batch that can join an import of `with`: well formed,
   * checked as #checkBatch does, of the same network. Anything else stays in the inbox for its own
   * turn, where it is handled (or refused) as if nothing had been taken before it.
   */
  #waitingBatch(network: Network | null): { archive: Uint8Array; header: ArchiveHeader; bytes: number } | null {
    const bytes = this.#inbox[0];
    let m: Message;
    try {
      m = decodeMessage(bytes);
    } catch {
      return null;
    }
    if (m.type !== 'txs') return null;
    let header: ArchiveHeader;
    try {
      header = this.#checkBatch(m.archive);
    } catch {
      return null;
    }
    const same = network === null || header.network === null ? network === header.network : sameNetwork(network, header.network);
    return same ? { archive: m.archive, header, bytes: bytes.length } : null;
  }

  /**
   * Imports a batch, together with the batches already received behind it (up to _MAX_IMPORT_TXS
   * txs, in the order sent) in one importTransactions call: the receiver is what limits a sync, and
   * each call costs a write besides its txs. Each batch is then acknowledged, in order.
   */
  async #takeBatches(archive: Uint8Array): Promise<void> {
    const first = this.#checkBatch(archive);
    const parts = [{ archive, header: first }];
    let count = first.count;
    // Each batch's ids leave the asked list as it is taken, so a later batch that repeats one is
    // refused as not asked for, joined or not.
    const taken = (p: { archive: Uint8Array; header: ArchiveHeader }) => {
      for (let k = 0; k < p.header.count; k++) this.#asked.delete(idKey(_idAt(p.archive, p.header, k)));
    };
    taken(parts[0]);
    while (this.#inbox.length > 0 && !this.#ended) {
      const next = this.#waitingBatch(first.network);
      if (!next || count + next.header.count > _MAX_IMPORT_TXS) break;
      this.#inbox.shift();
      this.#armIdle();
      this.#result.bytesIn += next.bytes;
      parts.push(next);
      taken(next);
      count += next.header.count;
    }
    const batches = parts.length;
    // One batch goes as it came; several as one archive of their network, which the replica checks as it would each.
    const report = await this.#replica.importTransactions(batches === 1 ? archive : _joined(parts, first.network, count));
    this.#result.stored += report.accepted;
    let refused = 0;
    for (const [reason, n] of Object.entries(report.counts) as [Reason, number][]) {
      if (_NOT_REFUSALS.has(reason)) continue;
      this.#result.refused[reason] = (this.#result.refused[reason] ?? 0) + n;
      refused += n;
    }
    // The counts of a joined import go with its first batch's ack (the sender only counts acks).
    for (let b = 0; b < batches; b++) {
      this.#send(b === 0 ? { type: 'ack', stored: report.accepted, refused, held: report.held } : { type: 'ack', stored: 0, refused: 0, held: 0 });
      this.#progress();
    }
    const total = Object.values(this.#result.refused).reduce((s, n) => s + (n ?? 0), 0);
    if (total > this.#o.maxRefused) {
      this.#stop('invalid', 'dropped', `${this.#o.peer} sent ${total} txs that this replica refused (${Object.keys(this.#result.refused).join(', ')})`);
    }
  }

  #progress(): void {
    const r = this.#result;
    this.#o.onProgress?.({ wanted: r.wanted, stored: r.stored, toSend: r.toSend, sent: r.sent, bytesIn: r.bytesIn, bytesOut: r.bytesOut });
  }

  #complete(): boolean {
    return this.#reconciled && this.#wantSent && this.#servedIn && this.#servedOut;
  }

  #check(): void {
    if (this.#complete()) this.#stop('done', 'done');
  }

  /** Says bye, closes, and ends. */
  #stop(bye: ByeReason, outcome: SyncResult['outcome'], reason?: string): void {
    if (this.#ended) return;
    this.#send({ type: 'bye', reason: bye });
    this.#end(outcome, reason);
  }

  #end(outcome: SyncResult['outcome'], reason?: string): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#idle !== null) this.#timers.clearTimeout(this.#idle);
    if (this.#deadline !== null) this.#timers.clearTimeout(this.#deadline);
    this.#result.outcome = outcome;
    if (reason !== undefined) this.#result.reason = reason;
    this.#t.onmessage = null;
    this.#t.close();
    this.#resolve(this.result);
  }
}
