// The ingest pipeline (docs/design.md "Validation of everything that arrives"; IOTA's solidification):
// every tx from a peer or a file passes the stateless checks (./check.ts), then waits in a bounded
// quarantine until its bundle is complete, and the complete bundle is checked as a whole: chain,
// parent cycles, internal attachment times, bundle hash, issuer key, signature shape, and then the
// signature itself, once per bundle. A checked bundle is accepted only when its external parents
// (the head's trunk, the shared branch) are the genesis, in the replica (`ctx.lookup`), or accepted
// earlier in the same result; otherwise it waits, and the result names the missing parents so sync
// can request them. A later call that supplies them releases it. Nothing is accepted half-checked,
// and nothing from a rejected bundle is accepted.
//
// Quarantine groups are keyed by (bundle hash, branch): all members of one attachment share the
// branch, and a re-attachment of the same bundle (new tips, same hash) almost always has another
// branch, so the two wait side by side instead of colliding. A second, different tx for a slot of
// the same (bundle, branch) waits aside until the end of the call: if the group it met has left the
// quarantine by then (stored, or refused), it is checked again as the start of a new group, as it
// would be in a later call; if the group still waits, it is refused as BUNDLE_CONFLICT. So how the
// txs are split into calls never changes what is stored (a replica's own export restores whole;
// found by the ledger fuzz campaign, `npm run fuzz -- --roundtrip`). A member that disagrees with
// the group on the shared essence fields rejects the whole unchecked group (BUNDLE_INCONSISTENT):
// before the signature is checked, which side is forged cannot be known, and a peer can send it
// again. PARENT_CYCLE is judged within one attachment only: a re-attachment may approve the first
// attachment of its own bundle, waiting or stored. Every reason is counted per tx, in the
// result and in the running `totals`. Txs that wait are reported by each call that brings them, as
// `held` (BUNDLE_INCOMPLETE or PARENT_MISSING), never as DUPLICATE: a tx that already waits is
// there, not refused; they may still be accepted later.
//
// Exception safety: the pipeline runs injected code (PoW weight, hashes, the signature verifier, the
// replica lookup), and a throw in any of it must never escape a call half-way or leave a group
// behind to throw again. A throw while a record or a group is being checked refuses that record and
// its group as INTERNAL (counted like any reason) and the call goes on with the next record; a group
// whose signature verification throws is refused alone. So a crafted tx that trips a fault costs its
// own group, never the rest of the import, and never a later one.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { bundleHash } from '../bundle/index.ts';
import { SIGNATURE_LENGTH, SIGNATURE_OFFSET } from '../tx/index.ts';
import { _assertContext, validateTx } from './check.ts';
import type { CheckedTx, TxCheckContext, TxRecord } from './check.ts';
import { DEFAULT_QUARANTINE_LIMIT, MAX_DRIFT_MS } from './params.ts';
import type { Reason } from './reasons.ts';
import { isCanonicalSignature, isValidPublicKey, isWellFormedSignature } from './signature.ts';

/** What the pipeline may ask the replica. Implemented by web/storage (and a Map in tests). */
export interface ReplicaLookup {
  has(id: Uint8Array): boolean;
  attachedAt(id: Uint8Array): number | undefined;
}

/**
 * Verifies an Ed25519 signature: web/crypto's verifyEd25519. It must answer false for an R that does
 * not decode as a point (RFC 8032 section 5.1.7, step 1), as both of its backends do: the pipeline
 * decodes R itself only after a false, to tell SIGNATURE_MALFORMED from SIGNATURE_INVALID.
 */
export type VerifyFn = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

/** Everything the pipeline needs, injected. */
export interface IngestContext extends TxCheckContext {
  verify: VerifyFn;
  lookup: ReplicaLookup;
  /** Most txs waiting at once; past it the oldest bundles are dropped (QUARANTINE_FULL). */
  quarantineLimit?: number;
}

/** One tx not accepted by this call. `index` is its position in this call's input, when it came in this call. */
export interface Rejection {
  reason: Reason;
  id?: Uint8Array;
  index?: number;
  /** Set when the tx still waits in quarantine (BUNDLE_INCOMPLETE, PARENT_MISSING). */
  held?: true;
}

/** The outcome of one ingest call. */
export interface IngestResult {
  /** Complete valid bundles, each in index order; parents first, so storing them in order is safe. */
  accepted: Uint8Array[][];
  /** The ids of `accepted`, in the same shape. */
  acceptedIds: Uint8Array[][];
  rejected: Rejection[];
  /** Txs waiting in quarantine after this call. */
  quarantined: number;
  /** Parents that checked bundles are waiting for: ask peers for these. */
  missingParents: Uint8Array[];
  /** Rejections of this call by reason. */
  counts: Partial<Record<Reason, number>>;
}

interface _Member {
  tx: CheckedTx;
  idHex: string;
  trunkHex: string;
  group: _Group;
  /** Position in the current call's input; cleared when the call ends. */
  input?: number;
}

interface _Group {
  key: string;
  bundleHex: string;
  branchHex: string;
  lastIndex: number;
  kind: number;
  issuedAt: number;
  issuerHex: string;
  tagHex: string;
  slots: (_Member | undefined)[];
  size: number;
  /** Passed every bundle check; waits only for parents. */
  checked: boolean;
  /** Passed every check but the signature, whose verdict is on its way (see _Call.verifying). */
  verifying?: boolean;
  /** Parent ids (hex) this group is registered as waiting for. */
  waitingOn: string[];
}

const GENESIS_HEX = '00'.repeat(32);
/** Signature verifications in flight at most, per call (bounds memory on a huge import). */
const MAX_VERIFYING = 256;

/** One call's bookkeeping. */
class _Call {
  readonly result: IngestResult = { accepted: [], acceptedIds: [], rejected: [], quarantined: 0, missingParents: [], counts: {} };
  readonly accepted = new Map<string, { bundleHex: string; attachedAt: number }>();
  readonly seen = new Set<string>();
  /** Waiting txs this call brought, in input order: new ones, and ones that already waited. */
  readonly added: _Member[] = [];
  /** Complete groups whose signature verification has started, in completion order. */
  readonly verifying: { group: _Group; verdict: Promise<boolean>; signature: Uint8Array }[] = [];
  /** The group the record being checked joined or created: refused with it if a check throws. */
  touched: _Group | undefined;
  /** Txs that met a waiting group holding their slot, with that group: judged when the call ends. */
  readonly aside: { check: CheckedTx; idHex: string; position: number; met: _Group }[] = [];

  constructor(
    readonly ctx: TxCheckContext,
    private readonly totals: Partial<Record<Reason, number>>,
  ) {}

  report(reason: Reason, id: Uint8Array | undefined, index: number | undefined, held = false): void {
    const r: Rejection = { reason };
    if (id !== undefined) r.id = id;
    if (index !== undefined) r.index = index;
    if (held) r.held = true;
    this.result.rejected.push(r);
    this.result.counts[reason] = (this.result.counts[reason] ?? 0) + 1;
    this.totals[reason] = (this.totals[reason] ?? 0) + 1;
  }
}

/** The validating front door of the replica. Created by the sync and import controllers; tests drive it directly. */
export class IngestPipeline {
  readonly #ctx: IngestContext;
  readonly #limit: number;
  /** Waiting groups, oldest first (Map order), by `${bundle}${branch}`. */
  readonly #groups = new Map<string, _Group>();
  /** Every waiting tx, by id. */
  readonly #members = new Map<string, _Member>();
  /** Waiting txs by the ids they approve (trunk and branch), to catch bad edges whichever end comes first. */
  readonly #approvers = new Map<string, Set<_Member>>();
  /** Checked groups by the missing parent ids they wait for. */
  readonly #waiters = new Map<string, Set<_Group>>();
  readonly #totals: Partial<Record<Reason, number>> = {};
  #size = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: IngestContext) {
    _assertContext(ctx);
    if (typeof ctx.verify !== 'function') throw new TypeError('ctx.verify must be a function');
    const lookup = ctx.lookup as Partial<ReplicaLookup> | undefined;
    if (typeof lookup !== 'object' || lookup === null || typeof lookup.has !== 'function' || typeof lookup.attachedAt !== 'function') {
      throw new TypeError('ctx.lookup must have has(id) and attachedAt(id)');
    }
    const limit = ctx.quarantineLimit ?? DEFAULT_QUARANTINE_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`ctx.quarantineLimit must be a positive integer, got ${String(limit)}`);
    this.#ctx = ctx;
    this.#limit = limit;
  }

  /** Rejections of every call so far, by reason. Read by the sync status view and tests. */
  get totals(): Readonly<Partial<Record<Reason, number>>> {
    return { ...this.#totals };
  }

  /** Txs waiting in quarantine now. Read by the sync status view and tests. */
  get quarantined(): number {
    return this.#size;
  }

  /** Copies of every tx waiting in quarantine, oldest group first. The ledger persists them, so an
   * interrupted sync loses nothing (docs/design.md "Sync"). */
  quarantineRecords(): TxRecord[] {
    const out: TxRecord[] = [];
    for (const g of this.#groups.values()) {
      for (const m of g.slots) if (m) out.push({ id: m.tx.id.slice(), bytes: m.tx.bytes.slice() });
    }
    return out;
  }

  /**
   * Why the tx `id` still waits in quarantine, with the reason an ingest call reports for it when it
   * arrives: PARENT_MISSING once its bundle is complete and checked, else BUNDLE_INCOMPLETE; null
   * when it does not wait. One map lookup. Ask between ingest calls (the replica serializes them):
   * during a call a group may be half checked. Called by the replica's stillHeld.
   */
  heldReason(id: Uint8Array): 'BUNDLE_INCOMPLETE' | 'PARENT_MISSING' | null {
    if (!(id instanceof Uint8Array)) throw new TypeError('id must be a Uint8Array');
    const m = this.#members.get(bytesToHex(id));
    if (m === undefined) return null;
    return m.group.checked ? 'PARENT_MISSING' : 'BUNDLE_INCOMPLETE';
  }

  /**
   * The parents (hex ids) that the checked bundle of tx `id` waits for; [] when it does not wait or
   * waits for members of its bundle. Ask between ingest calls. Called by the replica's stillHeld,
   * which tells a file's damaged txs from parents that are merely elsewhere.
   */
  waitingOn(id: Uint8Array): string[] {
    if (!(id instanceof Uint8Array)) throw new TypeError('id must be a Uint8Array');
    const m = this.#members.get(bytesToHex(id));
    return m === undefined ? [] : m.group.waitingOn.slice();
  }

  /**
   * Empties the quarantine: every waiting tx is let go (they were never stored, and a later import
   * may bring them again). Returns how many there were. Called by the replica when the user clears
   * what waits. Not during a call: the replica serializes them.
   */
  clear(): number {
    const n = this.#size;
    this.#groups.clear();
    this.#members.clear();
    this.#approvers.clear();
    this.#waiters.clear();
    this.#size = 0;
    return n;
  }

  /** Validates `records` and returns what may be stored, in order. Calls run one after another. Called by sync and file import. */
  ingest(records: Iterable<TxRecord>): Promise<IngestResult> {
    if (records === null || typeof (records as Partial<Iterable<TxRecord>>)?.[Symbol.iterator] !== 'function') {
      return Promise.reject(new TypeError('records must be an iterable of { id?, bytes }'));
    }
    const run = this.#queue.then(() => this.#ingest(records));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #ingest(records: Iterable<TxRecord>): Promise<IngestResult> {
    const now = this.#ctx.now();
    const ctx = this.#ctx;
    const call = new _Call(
      { mwm: ctx.mwm, powWeight: ctx.powWeight, now: () => now, txHashes: ctx.txHashes ? (b) => ctx.txHashes!(b) : undefined },
      this.#totals,
    );
    try {
      // Parents that reached the replica since the last call release the bundles waiting for them.
      this.#release([...this.#groups.values()].filter((g) => g.checked), call);
      let position = 0;
      for (const record of records) {
        this.#oneSafely(record, position++, call);
        if (call.verifying.length >= MAX_VERIFYING) await this.#settle(call);
      }
      await this.#settle(call);
      await this.#retryAside(call);
      for (const m of call.added) {
        if (this.#members.get(m.idHex) === m) call.report(m.group.checked ? 'PARENT_MISSING' : 'BUNDLE_INCOMPLETE', m.tx.id, m.input, true);
      }
      const missing = new Set<string>();
      for (const g of this.#groups.values()) for (const p of g.waitingOn) missing.add(p);
      call.result.missingParents = [...missing].map((h) => hexToBytes(h));
      call.result.quarantined = this.#size;
      return call.result;
    } finally {
      for (const m of call.added) m.input = undefined;
    }
  }

  #one(record: TxRecord, position: number, call: _Call): void {
    if (typeof record !== 'object' || record === null) return call.report('GARBAGE', undefined, position);
    // Work on copies: the bytes checked are the bytes accepted, whatever the caller does meanwhile.
    const bytes = record.bytes instanceof Uint8Array ? record.bytes.slice() : record.bytes;
    const claimed = record.id instanceof Uint8Array ? record.id.slice() : record.id;
    const check = validateTx({ bytes, id: claimed }, call.ctx);
    if (!check.ok) return call.report(check.reason, claimed instanceof Uint8Array ? claimed : undefined, position);

    const idHex = bytesToHex(check.id);
    if (call.seen.has(idHex) || call.accepted.has(idHex) || this.#ctx.lookup.has(check.id)) {
      call.seen.add(idHex);
      return call.report('DUPLICATE', check.id, position);
    }
    call.seen.add(idHex);
    const waiting = this.#members.get(idHex);
    if (waiting !== undefined) {
      // It already waits, from an earlier call (a cut backup, then the whole one): not a refusal,
      // and the same bytes (the id is their hash). This call brought it too, so it reports it as its
      // own: held again if it still waits at the end, stored with its bundle if this call completes it.
      waiting.input = position;
      call.added.push(waiting);
      return;
    }

    this.#join(check, idHex, position, call);
  }

  /** Puts a checked, new tx into its group (or a new one), judges its edges, completes the group. */
  #join(check: CheckedTx, idHex: string, position: number, call: _Call): void {
    const bundleHex = bytesToHex(check.bundle);
    const branchHex = bytesToHex(check.branch);
    const key = bundleHex + branchHex;
    let group = this.#groups.get(key);
    call.touched = group;
    if (group === undefined) {
      group = {
        key,
        bundleHex,
        branchHex,
        lastIndex: check.lastIndex,
        kind: check.kind,
        issuedAt: check.issuedAt,
        issuerHex: bytesToHex(check.issuer),
        tagHex: bytesToHex(check.tag),
        slots: new Array<_Member | undefined>(check.lastIndex + 1),
        size: 0,
        checked: false,
        waitingOn: [],
      };
      this.#groups.set(key, group);
      call.touched = group;
    } else if (group.checked || group.verifying) {
      // Complete, hash (and signature) checked: a newcomer cannot belong to it, and must not undo it.
      call.aside.push({ check, idHex, position, met: group });
      return;
    } else if (
      group.lastIndex !== check.lastIndex ||
      group.kind !== check.kind ||
      group.issuedAt !== check.issuedAt ||
      group.issuerHex !== bytesToHex(check.issuer) ||
      group.tagHex !== bytesToHex(check.tag)
    ) {
      call.report('BUNDLE_INCONSISTENT', check.id, position);
      return this.#rejectGroup(group, 'BUNDLE_INCONSISTENT', call);
    } else if (group.slots[check.index] !== undefined) {
      call.aside.push({ check, idHex, position, met: group });
      return;
    }

    const member: _Member = { tx: check, idHex, trunkHex: bytesToHex(check.trunk), group, input: position };
    this.#members.set(idHex, member);
    this.#size++;
    group.slots[check.index] = member;
    group.size++;
    call.added.push(member);
    this.#link(member, branchHex);

    // Edges that are wrong whichever end arrived first: reject the approving tx's bundle now.
    const bad = this.#badEdges(member, branchHex);
    for (const [g, reason] of bad) if (this.#groups.get(g.key) === g) this.#rejectGroup(g, reason, call);

    this.#evict(call);
    if (this.#groups.get(key) === group && group.size === group.lastIndex + 1) this.#guard(group, call, () => this.#complete(group, call));
  }

  /**
   * The txs set aside for a taken slot: each whose group has left the quarantine (stored or refused
   * in this call) is joined again, as a later call would; the verdicts are settled and the rest
   * looked at again, until a round frees none. Each round joins at least one, so it ends. Those
   * whose group still waits are refused as BUNDLE_CONFLICT.
   */
  async #retryAside(call: _Call): Promise<void> {
    for (;;) {
      const free = call.aside.filter((a) => this.#groups.get(a.met.key) !== a.met);
      if (free.length === 0) break;
      const still = call.aside.filter((a) => this.#groups.get(a.met.key) === a.met);
      call.aside.length = 0;
      call.aside.push(...still);
      for (const a of free) {
        call.touched = undefined;
        try {
          this.#join(a.check, a.idHex, a.position, call);
        } catch {
          const g = call.touched as _Group | undefined;
          if (g !== undefined && this.#groups.get(g.key) === g) this.#rejectGroup(g, 'INTERNAL', call);
          else call.report('INTERNAL', a.check.id, a.position);
        }
        if (call.verifying.length >= MAX_VERIFYING) await this.#settle(call);
      }
      await this.#settle(call);
    }
    for (const a of call.aside.splice(0)) call.report('BUNDLE_CONFLICT', a.check.id, a.position);
  }

  /**
   * Runs `f`, a step on `group`; if it throws, `group` is refused as INTERNAL and the call goes on.
   * Returns false when it threw.
   */
  #guard(group: _Group, call: _Call, f: () => void): boolean {
    try {
      f();
      return true;
    } catch {
      if (this.#groups.get(group.key) === group) this.#rejectGroup(group, 'INTERNAL', call);
      return false;
    }
  }

  /**
   * One input record, exception-safe: a throw anywhere in its checks refuses it, and the group it
   * joined or created, as INTERNAL, and leaves every other group as it was.
   */
  #oneSafely(record: TxRecord, position: number, call: _Call): void {
    const before = call.result.rejected.length;
    call.touched = undefined;
    try {
      this.#one(record, position, call);
    } catch {
      // Set by #one as it goes (the compiler cannot see that through the call).
      const g = call.touched as _Group | undefined;
      let reported = false;
      if (g !== undefined && this.#groups.get(g.key) === g) {
        reported = g.slots.some((m) => m?.input === position);
        this.#rejectGroup(g, 'INTERNAL', call);
      }
      if (!reported && !call.result.rejected.slice(before).some((r) => r.index === position)) {
        const claimed = typeof record === 'object' && record !== null && record.id instanceof Uint8Array ? record.id.slice() : undefined;
        call.report('INTERNAL', claimed, position);
      }
    }
  }

  /** Registers `m` as an approver of its trunk and branch. */
  #link(m: _Member, branchHex: string): void {
    for (const parent of new Set([m.trunkHex, branchHex])) {
      let set = this.#approvers.get(parent);
      if (set === undefined) this.#approvers.set(parent, (set = new Set()));
      set.add(m);
    }
  }

  #unlink(m: _Member): void {
    for (const parent of [m.trunkHex, m.group.branchHex]) {
      const set = this.#approvers.get(parent);
      if (set === undefined) continue;
      set.delete(m);
      if (set.size === 0) this.#approvers.delete(parent);
    }
  }

  /** Groups to reject for edges between `m` and other waiting txs (as child or as parent). */
  #badEdges(m: _Member, branchHex: string): Map<_Group, Reason> {
    const bad = new Map<_Group, Reason>();
    for (const parentHex of new Set([m.trunkHex, branchHex])) {
      const parent = this.#members.get(parentHex);
      if (parent !== undefined) {
        const reason = _edgeProblem(m, parent);
        if (reason) bad.set(m.group, reason);
      }
    }
    for (const child of this.#approvers.get(m.idHex) ?? []) {
      const reason = _edgeProblem(child, m);
      if (reason && !bad.has(child.group)) bad.set(child.group, reason);
    }
    return bad;
  }

  /**
   * Bundle checks once every index is present. The signature verification is started here but its
   * verdict is awaited by #settle, in order: WebCrypto then verifies many bundles at once instead
   * of paying its round trip per bundle (bench, 4-tx bundles: validation alone went from 7,042 to
   * 16,165–17,504 tx/s).
   */
  #complete(group: _Group, call: _Call): void {
    const txs = group.slots as _Member[];
    const last = group.lastIndex;
    // A trunk that is not the next member points outside this attachment (members of it would have
    // been judged by #badEdges on arrival): the chain is broken, wherever the target is.
    for (let i = 0; i < last; i++) {
      if (txs[i].trunkHex !== txs[i + 1].idHex) return this.#rejectGroup(group, 'BUNDLE_CHAIN', call);
    }
    for (let i = 0; i < last; i++) {
      if (txs[i].tx.attachedAt < txs[i + 1].tx.attachedAt - MAX_DRIFT_MS) return this.#rejectGroup(group, 'PARENT_TIME', call);
    }
    const bytes = txs.map((m) => m.tx.bytes);
    if (bytesToHex(bundleHash(bytes, this.#ctx.blake2b256?.bind(this.#ctx))) !== group.bundleHex) return this.#rejectGroup(group, 'BUNDLE_HASH', call);
    const tail = txs[0].tx;
    if (!isValidPublicKey(tail.issuer)) return this.#rejectGroup(group, 'ISSUER_KEY', call);
    const signature = tail.bytes.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH);
    // S is checked here (cheap); whether R decodes only once the verifier said no (#settle).
    if (!isCanonicalSignature(signature)) return this.#rejectGroup(group, 'SIGNATURE_MALFORMED', call);
    group.verifying = true;
    const verdict = Promise.resolve().then(() => this.#ctx.verify(tail.issuer.slice(), tail.bundle.slice(), signature.slice()));
    verdict.catch(() => undefined); // observed in #settle
    call.verifying.push({ group, verdict, signature });
  }

  /** Awaits the started verifications in completion order; accepts or rejects each group. */
  async #settle(call: _Call): Promise<void> {
    const pending = call.verifying.splice(0);
    for (const { group, verdict, signature } of pending) {
      let valid: boolean;
      try {
        valid = await verdict;
      } catch {
        // The verifier failed instead of answering: this group alone is refused (never left
        // complete but unchecked, and never allowed to stop the rest of the call).
        group.verifying = false;
        if (this.#groups.get(group.key) === group) this.#rejectGroup(group, 'INTERNAL', call);
        continue;
      }
      group.verifying = false;
      if (this.#groups.get(group.key) !== group) continue; // dropped meanwhile (evicted, bad edge)
      if (valid !== true) {
        this.#rejectGroup(group, isWellFormedSignature(signature) ? 'SIGNATURE_INVALID' : 'SIGNATURE_MALFORMED', call);
        continue;
      }
      group.checked = true;
      this.#release([group], call);
    }
  }

  /** Accepts every checked group whose parents are present, and then the groups that waited for those. */
  #release(start: _Group[], call: _Call): void {
    const work = [...start];
    while (work.length > 0) {
      const g = work.pop()!;
      if (this.#groups.get(g.key) !== g || !g.checked) continue;
      let solid = false;
      if (!this.#guard(g, call, () => void (solid = this.#solidify(g, call))) || !solid) continue;
      for (const m of g.slots as _Member[]) {
        const waiting = this.#waiters.get(m.idHex);
        if (waiting) work.push(...waiting);
      }
    }
  }

  /** Accepts `g` if its external parents are present and in time; returns whether it was accepted. */
  #solidify(g: _Group, call: _Call): boolean {
    const txs = g.slots as _Member[];
    const head = txs[g.lastIndex];
    const parents = [...new Set([head.trunkHex, g.branchHex])].filter((p) => p !== GENESIS_HEX);
    const lookup = this.#ctx.lookup;
    const missing = parents.filter((p) => !call.accepted.has(p) && !lookup.has(hexToBytes(p)));
    this.#unwait(g);
    if (missing.length > 0) {
      g.waitingOn = missing;
      for (const p of missing) {
        let set = this.#waiters.get(p);
        if (set === undefined) this.#waiters.set(p, (set = new Set()));
        set.add(g);
      }
      return false;
    }
    for (const p of parents) {
      const parentAt = call.accepted.get(p)?.attachedAt ?? lookup.attachedAt(hexToBytes(p));
      if (parentAt === undefined) continue;
      const children = p === g.branchHex ? txs : [head];
      if (children.some((m) => m.tx.attachedAt < parentAt - MAX_DRIFT_MS)) {
        this.#rejectGroup(g, 'PARENT_TIME', call);
        return false;
      }
    }
    // Stored meanwhile by another path (a second import, another peer): do not store it twice.
    if (txs.some((m) => lookup.has(m.tx.id))) {
      this.#rejectGroup(g, 'DUPLICATE', call);
      return false;
    }
    this.#removeGroup(g);
    call.result.accepted.push(txs.map((m) => m.tx.bytes));
    call.result.acceptedIds.push(txs.map((m) => m.tx.id));
    for (const m of txs) call.accepted.set(m.idHex, { bundleHex: g.bundleHex, attachedAt: m.tx.attachedAt });
    return true;
  }

  #unwait(g: _Group): void {
    for (const p of g.waitingOn) {
      const set = this.#waiters.get(p);
      if (set === undefined) continue;
      set.delete(g);
      if (set.size === 0) this.#waiters.delete(p);
    }
    g.waitingOn = [];
  }

  /** Drops the oldest groups until the quarantine fits its limit. */
  #evict(call: _Call): void {
    while (this.#size > this.#limit) {
      const oldest = this.#groups.values().next().value as _Group;
      this.#rejectGroup(oldest, 'QUARANTINE_FULL', call);
    }
  }

  #rejectGroup(g: _Group, reason: Reason, call: _Call): void {
    for (const m of g.slots) if (m !== undefined) call.report(reason, m.tx.id, m.input);
    this.#removeGroup(g);
  }

  #removeGroup(g: _Group): void {
    if (this.#groups.get(g.key) !== g) return;
    this.#groups.delete(g.key);
    this.#unwait(g);
    for (const m of g.slots) {
      if (m === undefined) continue;
      // Only members actually registered count: a member is registered before it takes its slot.
      if (this.#members.get(m.idHex) === m) {
        this.#members.delete(m.idHex);
        this.#size--;
      }
      this.#unlink(m);
    }
  }
}

/**
 * What is wrong with `child` approving `parent`, both waiting (docs/design.md "Transactions and bundles":
 * tx i < last has trunk = tx i+1, the head has trunk = tip A, every tx has branch = tip B).
 */
function _edgeProblem(child: _Member, parent: _Member): Reason | null {
  // Only within one attachment: approving another attachment of the same bundle is allowed, as it
  // must be once that one is stored, where this rule cannot see it (see the header).
  const sameGroup = child.group === parent.group;
  if (child.trunkHex === parent.idHex) {
    if (child.tx.index !== child.tx.lastIndex) {
      if (!sameGroup) return 'BUNDLE_CHAIN'; // must approve its own next tx
      if (parent.tx.index !== child.tx.index + 1) return 'PARENT_CYCLE';
    } else if (sameGroup) {
      return 'PARENT_CYCLE'; // the head approves a member of its own attachment
    }
  }
  if (child.group.branchHex === parent.idHex && sameGroup) return 'PARENT_CYCLE';
  return null;
}
