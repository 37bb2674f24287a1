// Range-based set reconciliation (the Negentropy idea; docs/sync.md "Reconciliation"), one state
// machine per peer. The initiator sends fingerprints of BUCKETS ranges that cover every item; the
// other side answers each range with a skip when its own fingerprint matches, or splits its own
// items of that range into BUCKETS fingerprinted ranges, or, when few are left, lists them (the
// initiator, as 4-byte id prefixes) or asks the initiator to list them (the responder). A list is
// answered with a reply: one bit per listed id (held or not), the whole ids the list lacks, and the
// responder's fingerprint of the range, against which the initiator checks the reply. Ranges that
// match are never looked at again, so d differences among n items cost about d · log_BUCKETS(n)
// ranges, and equal sets one round trip. Only the initiator learns the result: `need`, the ids the
// peer has and it lacks, and `have`, the ids it has and the peer lacks.
//
// Every message stays under a byte budget: when the next range would pass it, the rest of the
// items is sent as one fingerprint, which the other side splits again in the next round. So a
// round always settles at least one range, and a session ends within a bounded number of rounds.
import { ID_LENGTH, START_BOUND, END_BOUND, fingerprintOfIds, type Bound, type ItemSet } from './items.ts';
import { LIMITS, type Range } from './codec.ts';
import { FINGERPRINT_LENGTH } from './items.ts';

/** Ranges one range is split into when the fingerprints differ. */
export const BUCKETS = 16;
/**
 * At most this many items in a range are sent by the responder as a list of whole ids. Only an empty
 * range: a list settles it at once. For 1 to PREFIX_LIST_MAX items the responder asks the initiator
 * to list its ids instead, which costs LISTED_PREFIX bytes an item rather than 32 (and one round:
 * measured on the bench's reference sets, 20 KB for 1,000 clustered differences in 10^5 items
 * against 34 KB with 12 whole ids, bench/README.md "Sync").
 */
export const ID_LIST_MAX = 0;
/**
 * At most this many items in a range are listed by the initiator as id prefixes (LISTED_PREFIX
 * bytes each) rather than split again, and at most this many make the responder ask for such a list.
 * A split costs BUCKETS fingerprints (about 340 bytes) and a round; on the reference sets 96 gave the
 * fewest bytes of 48, 96 and 200 for scattered differences, and the same for clustered ones.
 */
const PREFIX_LIST_MAX = 96;
/**
 * Bytes of each id prefix in the initiator's lists. Two different ids that share a prefix in one
 * range would hide each other; the reply's fingerprint catches that, and the initiator lists that
 * range again with whole ids (one more round; about k · m / 2^32 of the time for k and m items on
 * each side of a range, 2 · 10^-6 for 96 and 96).
 */
const LISTED_PREFIX = 4;
/** The default byte budget of one reconcile message: small enough for a poor link's frame. */
export const DEFAULT_BUDGET = 64 * 1024;
/** Rounds after which a reconciliation is abandoned: log16(2^22) = 5.5 levels, with room for budget cuts. */
export const DEFAULT_MAX_ROUNDS = 64;

/** A peer's reconcile messages break the protocol (the bytes were well formed). Caught by the session. */
export class SyncProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncProtocolError';
  }
}

/** Settings of one reconciliation. Given by the session. */
export interface ReconcileOptions {
  role: 'initiator' | 'responder';
  /** 'receive' leaves `have` empty: this side will not send what the peer lacks. Default 'both'. */
  direction?: 'both' | 'receive';
  /** Bytes of one outgoing reconcile message (about). Default DEFAULT_BUDGET. */
  budget?: number;
  /** Reconcile messages this side accepts before it gives up. Default DEFAULT_MAX_ROUNDS. */
  maxRounds?: number;
  /** Most ids `have` and `need` may hold together. Default 2^22, the most txs a replica holds. */
  maxFound?: number;
}

const _hexKey = (id: Uint8Array) => String.fromCharCode(...id);

/** Bytes a range takes on the wire, at most (a bound is at most 1 + 8 + 1 + 32 bytes). */
function _rangeBytes(r: Range): number {
  const bound = 2 + 8 + r.upper.prefix.length;
  if (r.mode === 'skip') return bound + 1;
  if (r.mode === 'ask') return bound + 2;
  if (r.mode === 'fingerprint') return bound + 1 + FINGERPRINT_LENGTH;
  if (r.mode === 'idList') return bound + 2 + 3 + r.ids.length * (r.ids[0]?.length ?? 0);
  return bound + 1 + 6 + Math.ceil(r.has.length / 8) + r.extra.length * ID_LENGTH + FINGERPRINT_LENGTH;
}

/**
 * One side of a reconciliation over a fixed item set. The initiator calls initiate(), then
 * receive() on each reply until it returns null; the responder calls receive() on each message and
 * sends what it returns. Made by the sync session, the bench and tests.
 */
export class Reconciler {
  readonly #items: ItemSet;
  readonly #initiator: boolean;
  readonly #collectHave: boolean;
  readonly #budget: number;
  readonly #maxRounds: number;
  readonly #maxFound: number;
  #need = new Map<string, Uint8Array>();
  #have = new Map<string, Uint8Array>();
  #rounds = 0;
  #done = false;

  constructor(items: ItemSet, options: ReconcileOptions) {
    this.#items = items;
    this.#initiator = options.role === 'initiator';
    this.#collectHave = (options.direction ?? 'both') === 'both';
    this.#budget = options.budget ?? DEFAULT_BUDGET;
    this.#maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
    this.#maxFound = options.maxFound ?? 2 ** 22;
    if (!(this.#budget >= 1024)) throw new RangeError('options.budget must be at least 1024 bytes');
  }

  /** Ids the peer has and this side lacks (initiator only; complete once done). */
  get need(): Uint8Array[] {
    return [...this.#need.values()];
  }

  /** Ids this side has and the peer lacks (initiator with direction 'both' only). */
  get have(): Uint8Array[] {
    return [...this.#have.values()];
  }

  /** Whether the initiator has learnt the whole difference. */
  get done(): boolean {
    return this.#done;
  }

  /** Reconcile messages received so far. */
  get rounds(): number {
    return this.#rounds;
  }

  /** The initiator's first message: the whole set, split. */
  initiate(): Range[] {
    if (!this.#initiator) throw new Error('only the initiator starts a reconciliation');
    const out: Range[] = [];
    this.#split(0, this.#items.size, END_BOUND, out);
    return out;
  }

  /**
   * The answer to a peer's reconcile message; for the initiator, null once nothing differs any
   * more (then `need` and `have` are complete). SyncProtocolError when the message breaks the
   * protocol or a limit.
   */
  receive(ranges: readonly Range[]): Range[] | null {
    if (this.#done) throw new SyncProtocolError('a reconcile message came after the reconciliation ended');
    if (++this.#rounds > this.#maxRounds) throw new SyncProtocolError(`the peer sent more than ${this.#maxRounds} reconcile messages`);
    const items = this.#items;
    const out: Range[] = [];
    let bytes = 0;
    let lo = 0;
    let lower: Bound = START_BOUND;
    for (let k = 0; k < ranges.length; k++) {
      const r = ranges[k];
      if (k > 0 && bytes > this.#budget) {
        // Over budget: the rest of the items as one fingerprint, split again next round.
        out.push({ upper: END_BOUND, mode: 'fingerprint', fingerprint: items.fingerprint(lo, items.size) });
        lo = items.size;
        lower = END_BOUND;
        break;
      }
      const hi = items.lowerBound(r.upper, lo);
      const before = out.length;
      switch (r.mode) {
        case 'skip':
          out.push({ upper: r.upper, mode: 'skip' });
          break;
        case 'fingerprint':
          if (_same(items.fingerprint(lo, hi), r.fingerprint)) out.push({ upper: r.upper, mode: 'skip' });
          else this.#split(lo, hi, r.upper, out);
          break;
        case 'idList':
          if (this.#initiator) {
            if (r.ids.length > 0 && r.ids[0].length !== ID_LENGTH) throw new SyncProtocolError(`range ${k} lists id prefixes, which only the initiator sends`);
            this.#settle(lo, hi, r.ids, null);
            out.push({ upper: r.upper, mode: 'skip' });
          } else {
            this.#reply(lo, hi, r.ids, r.upper, out);
          }
          break;
        case 'ask':
          if (!this.#initiator) throw new SyncProtocolError(`range ${k} asks for an id list, which only the responder does`);
          this.#split(lo, hi, r.upper, out);
          break;
        case 'reply':
          if (!this.#initiator) throw new SyncProtocolError(`range ${k} is a reply, which only the responder sends`);
          if (r.has.length !== hi - lo) throw new SyncProtocolError(`range ${k} answers ${r.has.length} ids, but ${hi - lo} were listed`);
          if (this.#checks(lo, hi, r.has, r.extra, r.fingerprint)) {
            this.#settle(lo, hi, r.extra, r.has);
            out.push({ upper: r.upper, mode: 'skip' });
          } else {
            // A prefix matched another id (or the peer's reply is wrong): list the range again, whole.
            const ids: Uint8Array[] = [];
            for (let i = lo; i < hi; i++) ids.push(items.id(i).slice());
            out.push({ upper: r.upper, mode: 'idList', ids });
          }
          break;
      }
      for (let j = before; j < out.length; j++) bytes += _rangeBytes(out[j]);
      lo = hi;
      lower = r.upper;
    }
    void lower;
    const compact = _compact(out);
    if (this.#initiator && compact.length === 0) {
      this.#done = true;
      return null;
    }
    return compact;
  }

  /** Splits items [lo, hi) below `upper` into fingerprinted buckets, or an id list when few. */
  #split(lo: number, hi: number, upper: Bound, out: Range[]): void {
    const items = this.#items;
    const c = hi - lo;
    if (!this.#initiator && c > ID_LIST_MAX && c <= PREFIX_LIST_MAX) {
      // Few enough for the initiator to list as prefixes: cheaper than this side's whole ids.
      out.push({ upper, mode: 'ask' });
      return;
    }
    if (c <= (this.#initiator ? PREFIX_LIST_MAX : ID_LIST_MAX)) {
      const len = this.#initiator ? LISTED_PREFIX : ID_LENGTH;
      const ids: Uint8Array[] = [];
      for (let i = lo; i < hi; i++) ids.push(items.id(i).slice(0, len));
      out.push({ upper, mode: 'idList', ids });
      return;
    }
    // Never an empty bucket: two buckets would share a bound, and bounds must ascend.
    const buckets = Math.min(BUCKETS, c);
    let start = lo;
    for (let j = 1; j <= buckets; j++) {
      const end = lo + Math.floor((c * j) / buckets);
      const bound = j === buckets ? upper : items.boundBefore(end);
      out.push({ upper: bound, mode: 'fingerprint', fingerprint: items.fingerprint(start, end) });
      start = end;
    }
  }

  /** The responder's answer to an id list over its items [lo, hi). */
  #reply(lo: number, hi: number, theirs: Uint8Array[], upper: Bound, out: Range[]): void {
    const items = this.#items;
    // The list holds whole ids or prefixes of one length: an item matches a listed entry that it starts with.
    const len = theirs.length > 0 ? theirs[0].length : ID_LENGTH;
    const mine = new Set<string>();
    for (let i = lo; i < hi; i++) mine.add(_hexKey(items.id(i).subarray(0, len)));
    const listed = new Set(theirs.map(_hexKey));
    const extra: Uint8Array[] = [];
    for (let i = lo; i < hi; i++) if (!listed.has(_hexKey(items.id(i).subarray(0, len)))) extra.push(items.id(i).slice());
    if (extra.length > LIMITS.maxIdsPerRange) {
      // Too many to list in one range: split them, and the initiator lists its own ids per bucket.
      this.#split(lo, hi, upper, out);
      return;
    }
    out.push({ upper, mode: 'reply', has: theirs.map((id) => mine.has(_hexKey(id))), extra, fingerprint: items.fingerprint(lo, hi) });
  }

  /**
   * Whether a reply adds up: this side's items [lo, hi) that the peer says it holds, with the peer's
   * extra ids, must have the peer's fingerprint of the range.
   */
  #checks(lo: number, hi: number, has: boolean[], extra: Uint8Array[], fingerprint: Uint8Array): boolean {
    const theirs: Uint8Array[] = [...extra];
    for (let i = lo; i < hi; i++) if (has[i - lo]) theirs.push(this.#items.id(i));
    return _same(fingerprintOfIds(theirs), fingerprint);
  }

  /**
   * The initiator settles items [lo, hi): `theirs` are the peer's ids there (an id list) or, with
   * `has`, the peer's extra ids, `has[k]` saying whether it holds this side's k-th id.
   */
  #settle(lo: number, hi: number, theirs: Uint8Array[], has: boolean[] | null): void {
    const items = this.#items;
    const mine = new Set<string>();
    for (let i = lo; i < hi; i++) mine.add(_hexKey(items.id(i)));
    const listed = has ? null : new Set(theirs.map(_hexKey));
    for (const id of theirs) {
      const key = _hexKey(id);
      if (!mine.has(key)) this.#need.set(key, id);
    }
    if (this.#collectHave) {
      for (let i = lo; i < hi; i++) {
        const held = has ? has[i - lo] : listed!.has(_hexKey(items.id(i)));
        if (!held) this.#have.set(_hexKey(items.id(i)), items.id(i).slice());
      }
    }
    if (this.#need.size + this.#have.size > this.#maxFound) {
      throw new SyncProtocolError(`the peer's ranges differ in more than ${this.#maxFound} ids`);
    }
  }
}

function _same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Merges runs of skips into one and drops trailing skips: what is not sent is skipped. */
function _compact(out: Range[]): Range[] {
  const merged: Range[] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (r.mode === 'skip' && last && last.mode === 'skip') merged[merged.length - 1] = r;
    else merged.push(r);
  }
  while (merged.length > 0 && merged[merged.length - 1].mode === 'skip') merged.pop();
  return merged;
}
