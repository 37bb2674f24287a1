// The fuzz campaign's oracle: which txs a replica must hold after a sequence of imported archives,
// and which reason each refusal must carry. Written from docs/design.md ("The ledger",
// "Validation of everything that arrives") and the documented rules of the ingest pipeline, WITHOUT importing it: it keeps plain
// lists, rescans them for every question (no indexes, no incremental bookkeeping), and checks with
// its own primitives — BLAKE2b from @noble/hashes, Ed25519 from @noble/curves (strict RFC 8032
// decoding, the cofactorless equation of section 5.1.7, as the network's one rule), and the plain-TypeScript Kerl-PoW reference
// (web/core/pow, not the WASM core the replica uses).
//
// The rules, as the pipeline documents them (web/core/validate/ingest.ts header):
//  - stateless checks, in this order, the first failure naming the refusal: size, version, kind,
//    index (last index < 255, index <= last index), payload length, padding, signature placement
//    (only the tail, and the tail must be signed), issue time, attach time, attached before issued,
//    PoW, claimed id;
//  - a tx already stored, accepted earlier in the call, or sent twice in the call is a DUPLICATE;
//    one that already waits in quarantine is not refused (it is "held" again);
//  - waiting txs are grouped by (bundle hash, branch): the first tx of a group fixes its last index,
//    kind, issue time, issuer and tag; a later tx that disagrees on any rejects itself and the whole
//    unchecked group (BUNDLE_INCONSISTENT); a second tx for a taken index, or any newcomer to a group
//    that is complete and checked (or being verified), waits aside: when the call's verdicts are in,
//    those whose group has gone (stored or refused) are taken again as if newly arrived, the
//    verdicts settled again, and so on while any is taken; the rest are BUNDLE_CONFLICT;
//  - edges between two waiting txs are judged as soon as both wait (either may come first), and a
//    bad one rejects the approving tx's group (see _edgeProblem);
//  - a complete group is checked as a bundle: chain (BUNDLE_CHAIN), attachment times along the
//    chain, bundle hash, issuer key, signature shape, then the signature (verdicts arrive at the
//    end of the call); PARENT_CYCLE only ever names an edge within one group;
//  - a checked group is stored when its external parents (head's trunk, the branch) are the genesis
//    or stored (before, or earlier in the call), unless a child was attached more than 10 minutes
//    before a parent (PARENT_TIME); otherwise it waits (PARENT_MISSING);
//  - txs of the call that still wait at its end are reported held: PARENT_MISSING for a checked
//    group, BUNDLE_INCOMPLETE otherwise;
//  - archive framing (./_format.ts, after web/core/validate/archive.ts): magic, a u32 count,
//    records of id + tx; the whole records before a break are still read; one GARBAGE or
//    TRUNCATED per broken archive.
// A reopened replica replays its persisted quarantine (sorted by id) through a fresh pipeline.
//
// Fixed after the campaign found it: the conflict and cycle rules used to look only at waiting txs,
// so a second attachment of a bundle was stored when the first was stored before it, and refused
// when both came in one import (a replica's export did not restore). The rules above are the fixed
// ones (web/core/validate/ingest.ts header).
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { powWeightRef } from '../../web/core/pow/index.ts';
import {
  ATTACHED_AT_OFFSET,
  BRANCH_OFFSET,
  BUNDLE_OFFSET,
  HASH_LENGTH,
  INDEX_OFFSET,
  ISSUED_AT_OFFSET,
  ISSUER_OFFSET,
  KIND_OFFSET,
  LAST_INDEX_OFFSET,
  MAX_BUNDLE_TXS,
  MAX_PAYLOAD,
  NONCE_OFFSET,
  PAYLOAD_LENGTH_OFFSET,
  PAYLOAD_OFFSET,
  SIGNATURE_LENGTH,
  SIGNATURE_OFFSET,
  TAG_OFFSET,
  TRUNK_OFFSET,
  TX_KINDS,
  TX_SIZE,
  TX_VERSION,
} from '../../web/core/tx/layout.ts';
import { parseArchive } from './_format.ts';

/** docs/design.md "Validation of everything that arrives": clock drift tolerated between peers, 10 minutes. */
const DRIFT = 10n * 60n * 1000n;
/** docs/design.md "Validation of everything that arrives": no tx is older than 2024-01-01T00:00:00Z. */
const EPOCH = BigInt(Date.UTC(2024, 0, 1));
const GENESIS = '00'.repeat(HASH_LENGTH);
const KINDS = new Set<number>(Object.values(TX_KINDS));
/** The Ed25519 group order. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

const hex = bytesToHex;
const b2 = (data: Uint8Array) => blake2b(data, { dkLen: HASH_LENGTH });
const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
function u64(b: Uint8Array, o: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[o + i]);
  return v;
}
const zero = (b: Uint8Array, from: number, to: number) => b.subarray(from, to).every((x) => x === 0);

/** A tx that passed the stateless checks. */
interface Tx {
  id: string;
  bytes: Uint8Array;
  index: number;
  lastIndex: number;
  kind: number;
  issuedAt: bigint;
  attachedAt: bigint;
  issuer: string;
  tag: string;
  bundle: string;
  trunk: string;
  branch: string;
  /** Arrival order among waiting txs (the order in which edges are looked at). */
  seq: number;
}

interface Group {
  key: string;
  bundle: string;
  branch: string;
  lastIndex: number;
  kind: number;
  issuedAt: bigint;
  issuer: string;
  tag: string;
  /** Members by index (plain array, holes where missing). */
  members: (Tx | undefined)[];
  /** open: incomplete or not yet checked; verifying: complete, signature verdict pending; checked: waits for parents. */
  state: 'open' | 'verifying' | 'checked';
}

/** A stored tx. */
export interface OracleStored {
  id: string;
  bytes: Uint8Array;
  attachedAt: bigint;
  bundle: string;
}

/** What one import must do. */
export interface OracleOutcome {
  /** Ids (hex) the import must store, in an order the oracle found (parents first). */
  stored: string[];
  /** Refusals and held txs by reason, framing included. */
  counts: Record<string, number>;
  /** Txs of this import that wait at its end (id hex, then the reason), in input order. */
  held: string[];
  /** Txs waiting in quarantine after the import. */
  waiting: number;
}

interface Call {
  counts: Record<string, number>;
  seen: Set<string>;
  accepted: Map<string, { bundle: string; attachedAt: bigint }>;
  brought: Tx[];
  verifying: Group[];
  stored: string[];
  /** Txs that met a taken slot, with the group they met. */
  aside: { tx: Tx; met: Group }[];
}

/** Options: the replica's clock (fixed), MWM and quarantine limit. */
export interface OracleOptions {
  now: number;
  mwm: number;
  quarantineLimit: number;
}

/** The from-scratch model of a replica's import path. Used by the fuzz runner, one per case. */
export class LedgerOracle {
  /** Stored txs, in storage order. */
  readonly stored: OracleStored[] = [];
  #groups: Group[] = [];
  #seq = 0;
  readonly #now: bigint;
  readonly #mwm: number;
  readonly #limit: number;
  readonly #weights = new Map<string, number>();

  constructor(o: OracleOptions) {
    this.#now = BigInt(o.now);
    this.#mwm = o.mwm;
    this.#limit = o.quarantineLimit;
  }

  /** Txs waiting in quarantine. */
  get waiting(): number {
    return this.#groups.reduce((n, g) => n + g.members.filter((m) => m).length, 0);
  }

  #storedTx(id: string): OracleStored | undefined {
    return this.stored.find((s) => s.id === id);
  }

  /** The outcome of importing `archive`. */
  importArchive(archive: Uint8Array): OracleOutcome {
    const { records, framing } = parseArchive(archive);
    const call = this.#newCall();
    this.#release(call); // parents stored since the last call
    for (const r of records) this.#one(r, call);
    this.#settle(call);
    this.#aside(call);
    const held: string[] = [];
    for (const m of call.brought) {
      const g = this.#groupOf(m.id);
      if (!g) continue;
      const why = g.state === 'checked' ? 'PARENT_MISSING' : 'BUNDLE_INCOMPLETE';
      _count(call, why);
      held.push(`${m.id} ${why}`);
    }
    if (framing) _count(call, framing);
    return { stored: call.stored, counts: call.counts, held, waiting: this.waiting };
  }

  /** A reopened replica: the persisted quarantine (what waits now) replayed, sorted by id, through an empty one. */
  reopen(): OracleOutcome {
    const waiting = this.#groups.flatMap((g) => g.members.filter((m): m is Tx => m !== undefined));
    waiting.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.#groups = [];
    const call = this.#newCall();
    for (const m of waiting) this.#one({ id: m.id, bytes: m.bytes }, call);
    this.#settle(call);
    this.#aside(call);
    return { stored: call.stored, counts: call.counts, held: [], waiting: this.waiting };
  }

  #newCall(): Call {
    return { counts: {}, seen: new Set(), accepted: new Map(), brought: [], verifying: [], stored: [], aside: [] };
  }

  #groupOf(id: string): Group | undefined {
    return this.#groups.find((g) => g.members.some((m) => m?.id === id));
  }

  #member(id: string): Tx | undefined {
    for (const g of this.#groups) for (const m of g.members) if (m?.id === id) return m;
    return undefined;
  }

  #alive(g: Group): boolean {
    return this.#groups.includes(g);
  }

  #reject(g: Group, reason: string, call: Call): void {
    for (const m of g.members) if (m) _count(call, reason);
    this.#groups = this.#groups.filter((x) => x !== g);
  }

  #one(record: { id: string; bytes: Uint8Array }, call: Call): void {
    const check = this.#stateless(record);
    if (typeof check === 'string') return _count(call, check);
    const tx = check;
    if (call.seen.has(tx.id) || call.accepted.has(tx.id) || this.#storedTx(tx.id)) {
      call.seen.add(tx.id);
      return _count(call, 'DUPLICATE');
    }
    call.seen.add(tx.id);
    const already = this.#member(tx.id);
    if (already) {
      call.brought.push(already);
      return;
    }
    this.#place(tx, call);
  }

  /** Txs set aside whose group has gone are placed again, round after round; the rest conflict. */
  #aside(call: Call): void {
    for (;;) {
      const gone = call.aside.filter((a) => !this.#alive(a.met));
      if (gone.length === 0) break;
      call.aside = call.aside.filter((a) => this.#alive(a.met));
      for (const a of gone) this.#place(a.tx, call);
      this.#settle(call);
    }
    for (const _ of call.aside) _count(call, 'BUNDLE_CONFLICT');
    call.aside = [];
  }

  #place(tx: Tx, call: Call): void {
    const key = tx.bundle + tx.branch;
    let g = this.#groups.find((x) => x.key === key);
    if (!g) {
      g = {
        key,
        bundle: tx.bundle,
        branch: tx.branch,
        lastIndex: tx.lastIndex,
        kind: tx.kind,
        issuedAt: tx.issuedAt,
        issuer: tx.issuer,
        tag: tx.tag,
        members: [],
        state: 'open',
      };
      this.#groups.push(g);
    } else if (g.state !== 'open') {
      call.aside.push({ tx, met: g });
      return;
    } else if (g.lastIndex !== tx.lastIndex || g.kind !== tx.kind || g.issuedAt !== tx.issuedAt || g.issuer !== tx.issuer || g.tag !== tx.tag) {
      _count(call, 'BUNDLE_INCONSISTENT');
      return this.#reject(g, 'BUNDLE_INCONSISTENT', call);
    } else if (g.members[tx.index]) {
      call.aside.push({ tx, met: g });
      return;
    }
    tx.seq = this.#seq++;
    g.members[tx.index] = tx;
    call.brought.push(tx);

    // Edges between waiting txs: tx as the child of waiting parents (the last bad parent names the
    // reason), then tx as the parent of waiting children in their order of arrival (the first bad
    // child of a group names it).
    const bad = new Map<Group, string>();
    for (const p of new Set([tx.trunk, tx.branch])) {
      const parent = this.#member(p);
      const why = parent && _edgeProblem(tx, g, parent, this.#groupOf(parent.id)!);
      if (why) bad.set(g, why);
    }
    const children = this.#groups
      .flatMap((x) => x.members.filter((m): m is Tx => m !== undefined && (m.trunk === tx.id || m.branch === tx.id)).map((m) => [m, x] as const))
      .sort((a, b) => a[0].seq - b[0].seq);
    for (const [child, cg] of children) {
      const why = _edgeProblem(child, cg, tx, g);
      if (why && !bad.has(cg)) bad.set(cg, why);
    }
    for (const [bg, why] of bad) if (this.#alive(bg)) this.#reject(bg, why, call);

    while (this.waiting > this.#limit) this.#reject(this.#groups[0], 'QUARANTINE_FULL', call);
    if (this.#alive(g) && g.members.filter((m) => m).length === g.lastIndex + 1) this.#complete(g, call);
  }

  /** The bundle checks of a complete group, up to starting the signature verification. */
  #complete(g: Group, call: Call): void {
    const txs = g.members as Tx[];
    const last = g.lastIndex;
    for (let i = 0; i < last; i++) {
      if (txs[i].trunk !== txs[i + 1].id) return this.#reject(g, 'BUNDLE_CHAIN', call);
    }
    for (let i = 0; i < last; i++) {
      if (txs[i].attachedAt < txs[i + 1].attachedAt - DRIFT) return this.#reject(g, 'PARENT_TIME', call);
    }
    const hash = hex(b2(concat(txs.map((t) => t.bytes.subarray(0, BUNDLE_OFFSET)))));
    if (hash !== g.bundle) return this.#reject(g, 'BUNDLE_HASH', call);
    const issuer = txs[0].bytes.subarray(ISSUER_OFFSET, ISSUER_OFFSET + HASH_LENGTH);
    if (!_validKey(issuer)) return this.#reject(g, 'ISSUER_KEY', call);
    const signature = txs[0].bytes.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH);
    if (!_wellFormed(signature)) return this.#reject(g, 'SIGNATURE_MALFORMED', call);
    g.state = 'verifying';
    call.verifying.push(g);
  }

  /** The verdicts, then every checked group whose parents are there. */
  #settle(call: Call): void {
    for (const g of call.verifying.splice(0)) {
      if (!this.#alive(g)) continue;
      const tail = g.members[0]!.bytes;
      if (!this.#verify(tail)) {
        this.#reject(g, 'SIGNATURE_INVALID', call);
        continue;
      }
      g.state = 'checked';
    }
    this.#release(call);
  }

  /** Stores checked groups whose parents are stored or stored earlier in this call, until none is left. */
  #release(call: Call): void {
    for (let progress = true; progress; ) {
      progress = false;
      for (const g of this.#groups.filter((x) => x.state === 'checked')) {
        const txs = g.members as Tx[];
        const head = txs[g.lastIndex];
        const parents = [...new Set([head.trunk, g.branch])].filter((p) => p !== GENESIS);
        const at = (p: string) => call.accepted.get(p)?.attachedAt ?? this.#storedTx(p)?.attachedAt;
        if (parents.some((p) => at(p) === undefined)) continue;
        progress = true;
        const late = parents.some((p) => (p === g.branch ? txs : [head]).some((m) => m.attachedAt < at(p)! - DRIFT));
        if (late) {
          this.#reject(g, 'PARENT_TIME', call);
          continue;
        }
        if (txs.some((m) => this.#storedTx(m.id))) {
          this.#reject(g, 'DUPLICATE', call);
          continue;
        }
        this.#groups = this.#groups.filter((x) => x !== g);
        for (let i = txs.length - 1; i >= 0; i--) {
          const m = txs[i];
          this.stored.push({ id: m.id, bytes: m.bytes, attachedAt: m.attachedAt, bundle: m.bundle });
          call.accepted.set(m.id, { bundle: m.bundle, attachedAt: m.attachedAt });
          call.stored.push(m.id);
        }
      }
    }
  }

  /** The stateless checks; a reason, or the tx. */
  #stateless(record: { id: string; bytes: Uint8Array }): string | Tx {
    const b = record.bytes;
    if (b.length < TX_SIZE) return 'TRUNCATED';
    if (b.length > TX_SIZE) return 'OVERSIZED';
    if (b[0] !== TX_VERSION) return 'VERSION';
    const kind = b[KIND_OFFSET];
    if (!KINDS.has(kind)) return 'KIND';
    const index = u16(b, INDEX_OFFSET);
    const lastIndex = u16(b, LAST_INDEX_OFFSET);
    if (lastIndex > MAX_BUNDLE_TXS - 1 || index > lastIndex) return 'INDEX';
    const length = u16(b, PAYLOAD_LENGTH_OFFSET);
    if (length > MAX_PAYLOAD) return 'PAYLOAD_LENGTH';
    if (!zero(b, PAYLOAD_OFFSET + length, PAYLOAD_OFFSET + MAX_PAYLOAD)) return 'PADDING';
    const signed = !zero(b, SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH);
    if (index === 0 && !signed) return 'SIGNATURE_MISSING';
    if (index !== 0 && signed) return 'SIGNATURE_PLACEMENT';
    const issuedAt = u64(b, ISSUED_AT_OFFSET);
    const attachedAt = u64(b, ATTACHED_AT_OFFSET);
    if (issuedAt > this.#now + DRIFT) return 'FUTURE_TIMESTAMP';
    if (issuedAt < EPOCH) return 'PAST_TIMESTAMP';
    if (attachedAt > this.#now + DRIFT) return 'FUTURE_TIMESTAMP';
    if (attachedAt < EPOCH) return 'PAST_TIMESTAMP';
    if (attachedAt < issuedAt) return 'ATTACHED_BEFORE_ISSUED';
    const id = hex(b2(b));
    if (this.#weight(id, b) < this.#mwm) return 'POW';
    if (record.id !== id) return 'ID_MISMATCH';
    const field = (o: number) => hex(b.subarray(o, o + HASH_LENGTH));
    return {
      id,
      bytes: b,
      index,
      lastIndex,
      kind,
      issuedAt,
      attachedAt,
      issuer: field(ISSUER_OFFSET),
      tag: field(TAG_OFFSET),
      bundle: field(BUNDLE_OFFSET),
      trunk: field(TRUNK_OFFSET),
      branch: field(BRANCH_OFFSET),
      seq: -1,
    };
  }

  #weight(id: string, b: Uint8Array): number {
    let w = this.#weights.get(id);
    if (w === undefined) {
      w = powWeightRef(b2(b.subarray(0, NONCE_OFFSET)), u64(b, NONCE_OFFSET));
      this.#weights.set(id, w);
    }
    return w;
  }

  #verify(tail: Uint8Array): boolean {
    const key = hex(tail.subarray(ISSUER_OFFSET, ISSUER_OFFSET + HASH_LENGTH)) + hex(tail.subarray(BUNDLE_OFFSET, BUNDLE_OFFSET + HASH_LENGTH)) + hex(tail.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH));
    let v = _verdictCache.get(key);
    if (v === undefined) {
      v = _verify(tail);
      if (_verdictCache.size > 4096) _verdictCache.clear();
      _verdictCache.set(key, v);
    }
    return v;
  }
}

/** Ed25519 verdicts by (issuer, bundle hash, signature): honest bundles come back often. */
const _verdictCache = new Map<string, boolean>();

function _verify(tail: Uint8Array): boolean {
  const issuer = tail.subarray(ISSUER_OFFSET, ISSUER_OFFSET + HASH_LENGTH);
  const message = tail.subarray(BUNDLE_OFFSET, BUNDLE_OFFSET + HASH_LENGTH);
  const signature = tail.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH);
  // RFC 8032 5.1.7, cofactorless, the one rule of the network (web/crypto/verify.ts): S < L, R and
  // A strict point decodings, A not of small order, and [S]B = R + [k]A as points (the adapter
  // compares encodings instead).
  const A = _point(issuer);
  const R = _point(signature.subarray(0, 32));
  if (A === null || R === null || A.isSmallOrder()) return false;
  let S = 0n;
  for (let i = 63; i >= 32; i--) S = (S << 8n) | BigInt(signature[i]);
  if (S >= ED25519_L) return false;
  const h = sha512(new Uint8Array([...signature.subarray(0, 32), ...issuer, ...message]));
  let k = 0n;
  for (let i = 63; i >= 0; i--) k = (k << 8n) | BigInt(h[i]);
  return ed25519.Point.BASE.multiplyUnsafe(S).equals(R.add(A.multiplyUnsafe(k % ED25519_L)));
}

/** The Ed25519 group order L (RFC 8032 5.1). */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function _point(b: Uint8Array) {
  try {
    return ed25519.Point.fromBytes(b, false);
  } catch {
    return null;
  }
}

/** RFC 8032 5.1.3 strict decoding; small-order keys refused (forgeable for any message). */
function _validKey(b: Uint8Array): boolean {
  const p = _point(b);
  return p !== null && !p.isSmallOrder();
}

/** S < L and R a strict point encoding (RFC 8032 5.1.7). */
function _wellFormed(sig: Uint8Array): boolean {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]);
  return s < L && _point(sig.subarray(0, 32)) !== null;
}

/**
 * What is wrong with `child` (of group cg) approving `parent` (of group pg), both waiting
 * (docs/design.md "Transactions and bundles"): tx i < last approves tx i+1 of its own attachment as
 * trunk; the head approves a tip outside its attachment; no tx approves a member of its own
 * attachment through its branch.
 */
function _edgeProblem(child: Tx, cg: Group, parent: Tx, pg: Group): string | null {
  if (child.trunk === parent.id) {
    // A member's trunk must be the next member of its own group; a head's must leave the group.
    if (child.index !== child.lastIndex) {
      if (pg !== cg) return 'BUNDLE_CHAIN';
      if (parent.index !== child.index + 1) return 'PARENT_CYCLE';
    } else if (pg === cg) {
      return 'PARENT_CYCLE';
    }
  }
  if (cg.branch === parent.id && pg === cg) return 'PARENT_CYCLE';
  return null;
}

function _count(call: Call, reason: string): void {
  call.counts[reason] = (call.counts[reason] ?? 0) + 1;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
