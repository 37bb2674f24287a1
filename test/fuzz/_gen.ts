// Case generation for the ledger fuzz campaign: a seeded honest Tangle (bundles of 1..6 txs attached
// on each other at a small MWM, signed by known test keys), part of it stored first, the rest sent
// as 1..3 archives after an attacker's edits. Each operator is named; a case's log lists what was
// done, with positions, so a failure can be read and replayed from (seed, case number).
//
// Operators (per-operator counts use these names):
//  field.<name>      any field of any member of a bundle (stored or incoming), then finished by
//                    finish.raw (nothing), finish.rework (PoW of that tx redone), finish.relink (the
//                    bundle re-attached head to tail, so ids chain again) or finish.resign (bundle
//                    hash and signature redone by the issuer's key, then re-attached): deeper checks
//                    are reached only when the cheaper ones are satisfied again.
//  phantom.index     one tx with valid PoW, the bundle hash and branch of a real bundle whose other
//                    members come too, and index = last index = 5 (or past the real last index).
//  splice.member     a member of one bundle relabelled into another's group (slot, shape or raw).
//  twin.attachment   the same bundle attached again on the same branch with another trunk.
//  reattach          the same bundle attached again elsewhere (or onto its own earlier attachment).
//  time.parent       a bundle re-issued and re-signed with its times just inside or past the 10
//                    minutes allowed before its parents (or before the member a tx approves).
//  order.*, dup.record, drop.record, id.claimed, withhold.parent, resend.prior, resend.honest
//  limits.*          bundles of 255 txs, 256 txs, a claimed last index of 254.
//  sig.torsion-R, key.torsion-A   Ed25519 with small-order components (off unless asked for:
//                    turning them on changes every seed's cases).
//  frame.*           archive framing: the count, a cut, trailing bytes, the magic, no records.
//  reopen            the replica is closed and opened again from its store between two imports.
import { COUNT_OFFSET, HEADER_SIZE, MAGIC_LENGTH, MWM, frame } from './_format.ts';
export { MWM };
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
  MAX_PAYLOAD,
  NONCE_OFFSET,
  PAYLOAD_LENGTH_OFFSET,
  PAYLOAD_OFFSET,
  SIGNATURE_LENGTH,
  SIGNATURE_OFFSET,
  TAG_OFFSET,
  TRUNK_OFFSET,
  TX_KINDS,
  VERSION_OFFSET,
} from '../../web/core/tx/layout.ts';
import { Rng, caseSeed } from './_rng.ts';
import {
  GENESIS_HEX,
  KEYS,
  NO_SIGNATURE,
  attach,
  essences,
  get32,
  getU16,
  getU64,
  hex,
  idOf,
  keyFor,
  putU16,
  putU64,
  rework,
  seal,
  sign,
  torsionPublicKey,
  torsionSign,
  view,
  type FuzzKey,
  type PowSearch,
} from './_tx.ts';

/** The replica's clock in every case (fixed, so timestamps at the drift limit are exact). */
export const NOW = Date.UTC(2025, 5, 1, 12);
const DRIFT = 10 * 60 * 1000;
const EPOCH = Date.UTC(2024, 0, 1);
const T0 = NOW - 2 * 3600_000;
const KNOWN_KINDS = Object.values(TX_KINDS) as number[];

/** One record of an archive to be: the tx, and the id it will claim (its hash unless set). */
interface Item {
  bytes: Uint8Array;
  id?: Uint8Array;
  origin: string;
  late?: boolean;
}

/** A step of a case. */
export type Step = { kind: 'import'; label: string; archive: Uint8Array } | { kind: 'reopen' };

/** A generated case: its steps, what was done, and a generator for what comes after. */
export interface FuzzCase {
  seed: number;
  caseNo: number;
  caseSeed: number;
  now: number;
  mwm: number;
  steps: Step[];
  /** One line per operator applied, with its parameters. */
  log: string[];
  /** Operator names, one per application (the per-operator counts). */
  ops: string[];
  /** The case's generator, positioned after generation: the follow-up bundle draws from it. */
  rng: Rng;
}

/** What generation needs from its environment. */
export interface GenOptions {
  pow: PowSearch;
  /** Enables the Ed25519 torsion operators. */
  torsion?: boolean;
}

interface Honest {
  no: number;
  txs: Uint8Array[];
  key: FuzzKey;
  prior: boolean;
}

/** Case `caseNo` of the run with seed `seed`. Called by the fuzz runners. */
export function generateCase(seed: number, caseNo: number, options: GenOptions): FuzzCase {
  const cs = caseSeed(seed, caseNo);
  const g = new _Gen(new Rng(cs), options);
  g.tangle();
  g.mutate();
  const steps = g.split();
  return { seed, caseNo, caseSeed: cs, now: NOW, mwm: MWM, steps, log: g.log, ops: g.ops, rng: g.rng };
}

/** A fresh honest bundle of 1..3 txs approving `parents` (ids; the genesis when empty), attached now. Called by the runner's follow-up import. */
export function followUpBundle(rng: Rng, parents: readonly Uint8Array[], pow: PowSearch): Uint8Array[] {
  const pick = () => (parents.length === 0 ? new Uint8Array(HASH_LENGTH) : rng.pick(parents));
  const key = rng.pick(KEYS);
  const size = rng.range(1, 3);
  const txs = essences({
    kind: rng.pick(KNOWN_KINDS),
    issuer: key.publicKey,
    tag: rng.bytes(32),
    issuedAt: NOW - 1000,
    payloads: Array.from({ length: size }, () => rng.bytes(rng.int(MAX_PAYLOAD + 1))),
  });
  return attach(seal(txs, (m) => sign(key, m)), pow, MWM, { trunk: pick(), branch: pick(), attachedAt: NOW });
}

type Finish = 'raw' | 'rework' | 'relink' | 'resign';

const FIELDS = [
  'version', 'kind', 'index', 'lastIndex', 'issuer', 'tag', 'issuedAt', 'payloadLength', 'payload', 'padding',
  'bundle', 'trunk', 'branch', 'attachedAt', 'signature', 'nonce',
] as const;
type Field = (typeof FIELDS)[number];
/** Fields every member of a bundle shares: a mutation may hit all members at once. */
const SHARED: readonly Field[] = ['kind', 'lastIndex', 'issuer', 'tag', 'issuedAt', 'branch', 'attachedAt'];

const FINISHES: Record<'essence' | 'other' | 'nonce', readonly (readonly [Finish, number])[]> = {
  essence: [['raw', 20], ['rework', 40], ['relink', 15], ['resign', 25]],
  other: [['raw', 30], ['rework', 50], ['relink', 20]],
  nonce: [['raw', 1]],
};

class _Gen {
  readonly log: string[] = [];
  readonly ops: string[] = [];
  readonly bundles: Honest[] = [];
  pool: Item[] = [];
  readonly #pow: PowSearch;
  readonly #torsion: boolean;

  constructor(
    readonly rng: Rng,
    options: GenOptions,
  ) {
    this.#pow = options.pow;
    this.#torsion = options.torsion ?? false;
  }

  #op(name: string, detail: string): void {
    this.ops.push(name);
    this.log.push(`${name}: ${detail}`);
  }

  // --- the honest Tangle

  tangle(): void {
    const n = this.rng.range(1, 5);
    for (let j = 0; j < n; j++) this.bundles.push(this.#honest(j));
    const prior = this.rng.int(n);
    for (let j = 0; j < prior; j++) this.bundles[j].prior = true;
    this.log.push(
      `tangle: ${this.bundles.map((b) => `b${b.no}[${b.txs.length}${b.prior ? ', stored' : ''}] ${b.key.name}`).join(', ')}`,
    );
    for (const b of this.#incoming()) {
      const order = this.rng.chance(0.5) ? b.txs.map((_, i) => i) : b.txs.map((_, i) => b.txs.length - 1 - i);
      for (const i of order) this.pool.push({ bytes: b.txs[i], origin: `b${b.no}.${i}` });
    }
  }

  #incoming(): Honest[] {
    return this.bundles.filter((b) => !b.prior && b.no >= 0);
  }

  /** Any tx id of the Tangle so far, or the genesis: recent tails most often. */
  #tip(): Uint8Array {
    const r = this.rng.float();
    const real = this.bundles.filter((b) => b.no >= 0);
    if (real.length === 0 || r < 0.15) return new Uint8Array(HASH_LENGTH);
    if (r < 0.75) return idOf(this.rng.pick(real.slice(-2)).txs[0]);
    const b = this.rng.pick(real);
    return idOf(this.rng.pick(b.txs));
  }

  /** A tip other than `not`. */
  #otherTip(not: Uint8Array): Uint8Array {
    for (let k = 0; k < 4; k++) {
      const t = this.#tip();
      if (hex(t) !== hex(not)) return t;
    }
    return hex(not) === GENESIS_HEX ? this.rng.bytes(32) : new Uint8Array(HASH_LENGTH);
  }

  #honest(no: number, size?: number, payloadMax = MAX_PAYLOAD): Honest {
    const rng = this.rng;
    const n = size ?? rng.weighted([[1, 40], [2, 25], [3, 18], [4, 9], [5, 5], [6, 3]] as const);
    const key = rng.pick(KEYS);
    const attachedAt = T0 + Math.max(0, no) * 60_000 + rng.int(30_000);
    const issuedAt = attachedAt - rng.int(120_000);
    const payloads = Array.from({ length: n }, () =>
      rng.bytes(Math.min(payloadMax, rng.weighted([[0, 1], [1, 1], [MAX_PAYLOAD, 2], [rng.int(MAX_PAYLOAD + 1), 4]] as const))),
    );
    const txs = essences({ kind: rng.pick(KNOWN_KINDS), issuer: key.publicKey, tag: rng.chance(0.3) ? new Uint8Array(32) : rng.bytes(32), issuedAt, payloads });
    const trunk = this.#tip();
    const branch = this.#tip();
    return { no, txs: attach(seal(txs, (m) => sign(key, m)), this.#pow, MWM, { trunk, branch, attachedAt }), key, prior: false };
  }

  #pickBundle(incomingBias = 0.8): Honest {
    const incoming = this.#incoming();
    const prior = this.bundles.filter((b) => b.prior);
    if (incoming.length > 0 && (prior.length === 0 || this.rng.chance(incomingBias))) return this.rng.pick(incoming);
    return this.rng.pick(prior.length > 0 ? prior : this.bundles);
  }

  #insert(item: Item, at = this.rng.int(this.pool.length + 1)): number {
    this.pool.splice(at, 0, item);
    return at;
  }

  // --- mutation

  mutate(): void {
    const m = this.rng.weighted([[0, 8], [1, 32], [2, 28], [3, 17], [4, 10], [6, 5]] as const);
    const ops: (readonly [() => void, number])[] = [
      [() => this.#field(), 46],
      [() => this.#phantom(), 8],
      [() => this.#splice(), 7],
      [() => this.#twin(), 4],
      [() => this.#reattach(), 5],
      [() => this.#order(), 8],
      [() => this.#dup(), 4],
      [() => this.#drop(), 4],
      [() => this.#claimedId(), 4],
      [() => this.#withhold(), 4],
      [() => this.#resendPrior(), 3],
      [() => this.#limits(), 3],
      [() => this.#retime(), 4],
    ];
    if (this.#torsion) ops.push([() => this.#torsionOp(), 4]);
    for (let k = 0; k < m; k++) this.rng.weighted(ops)();
  }

  /** One field of one member (or of all members, for a shared field), then a finish. */
  #field(): void {
    const rng = this.rng;
    const b = this.#pickBundle();
    let members: Uint8Array[] = b.txs.map((t) => t.slice());
    const field = rng.pick(FIELDS);
    const all = SHARED.includes(field) && rng.chance(0.4);
    const i = rng.int(members.length);
    const targets = all ? members.map((_, k) => k) : [i];
    let what = '';
    // One value for every target of a shared field, so the bundle stays consistent.
    const value = this.#fieldValue(members, i, field);
    for (const k of targets) what = this.#applyField(members, k, field, value);
    const kind = field === 'nonce' ? 'nonce' : field === 'bundle' || TRUNK_OFFSET <= _offset(field) ? 'other' : 'essence';
    const finish = rng.weighted(FINISHES[kind]);
    let changed = targets;
    if (finish === 'rework') for (const k of targets) members[k] = rework(members[k], this.#pow, MWM);
    if (finish === 'relink' || finish === 'resign') {
      if (finish === 'resign') {
        const key = keyFor(view(members[0]).issuer) ?? b.key;
        members = seal(members, (m) => sign(key, m));
      }
      members = attach(members, this.#pow, MWM);
      changed = members.map((_, k) => k);
    }
    const replace = !b.prior && rng.chance(0.6);
    const where = this.#place(b, members, changed, replace);
    this.#op(`field.${field}`, `b${b.no}.${all ? '*' : i} ${what}, ${finish}, ${where}`);
    this.ops.push(`finish.${finish}`);
  }

  /** Puts `members[k]` for k in `changed` into the pool: in place of the originals, or as extra records. */
  #place(b: Honest, members: Uint8Array[], changed: number[], replace: boolean): string {
    const positions: number[] = [];
    for (const k of changed) {
      const origin = `b${b.no}.${k}`;
      let found = false;
      if (replace) {
        this.pool.forEach((it, p) => {
          if (it.origin === origin) {
            this.pool[p] = { ...it, bytes: members[k], id: undefined, origin: `${origin}'` };
            positions.push(p);
            found = true;
          }
        });
      }
      if (!found) positions.push(this.#insert({ bytes: members[k], origin: `${origin}+` }));
    }
    return `${replace ? 'replacing' : 'added'} at ${positions.join(',')}`;
  }

  /** A value for `field`, drawn once per mutation. */
  #fieldValue(members: Uint8Array[], i: number, field: Field): unknown {
    const rng = this.rng;
    const t = members[i];
    const v = view(t);
    const last = members.length - 1;
    const u64s = (base: bigint): bigint[] => [
      0n, BigInt(EPOCH - 1), BigInt(EPOCH), BigInt(NOW + DRIFT), BigInt(NOW + DRIFT + 1), 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n,
      base - 1n, base + 1n, BigInt(rng.int(2 ** 31)) * 1000n,
    ];
    switch (field) {
      case 'version': return rng.pick([0, 2, 0xff, rng.range(2, 255)]);
      case 'kind': return rng.pick([0, 5, 0xff, rng.pick(KNOWN_KINDS), rng.int(256)]);
      case 'index': return rng.pick([0, last, last + 1, 254, 255, 256, 0xffff, rng.int(65536), Math.max(0, i - 1), i + 1]);
      case 'lastIndex': return rng.pick([0, Math.max(0, last - 1), last + 1, 254, 255, 256, 0xffff, rng.int(65536)]);
      case 'issuer': {
        const other = rng.pick(KEYS).publicKey;
        const identity = new Uint8Array(32);
        identity[0] = 1;
        const nonCanonical = new Uint8Array(32).fill(0xff);
        nonCanonical[0] = 0xed;
        nonCanonical[31] = 0x7f; // y = p: not a canonical encoding
        const flipped = v.issuer.slice();
        flipped[rng.int(32)] ^= 1 << rng.int(8);
        return rng.pick([other, rng.bytes(32), new Uint8Array(32), identity, nonCanonical, flipped]);
      }
      case 'tag': return rng.bytes(32);
      case 'issuedAt': return rng.pick([...u64s(v.issuedAt), v.attachedAt, v.attachedAt + 1n]);
      case 'attachedAt': return rng.pick([...u64s(v.attachedAt), v.issuedAt - 1n, v.issuedAt, v.attachedAt - BigInt(DRIFT) - 1n - BigInt(rng.int(600_000))]);
      case 'payloadLength': return rng.pick([0, Math.max(0, v.payloadLength - 1), v.payloadLength + 1, MAX_PAYLOAD, MAX_PAYLOAD + 1, 0xffff, rng.int(65536)]);
      case 'branch':
      case 'trunk': {
        const own = rng.pick(members);
        const other = this.rng.pick(this.bundles.flatMap((x) => x.txs));
        const flipped = get32(t, field === 'trunk' ? TRUNK_OFFSET : BRANCH_OFFSET);
        flipped[rng.int(32)] ^= 1 << rng.int(8);
        return rng.pick([new Uint8Array(32), rng.bytes(32), idOf(other), idOf(own), idOf(members[0]), flipped]);
      }
      default: return undefined;
    }
  }

  /** Writes the mutation into members[k]; returns what it did. */
  #applyField(members: Uint8Array[], k: number, field: Field, value: unknown): string {
    const rng = this.rng;
    const t = members[k];
    const v = view(t);
    switch (field) {
      case 'version': t[VERSION_OFFSET] = value as number; return `version=${value}`;
      case 'kind': t[KIND_OFFSET] = value as number; return `kind=${value}`;
      case 'index': putU16(t, INDEX_OFFSET, value as number); return `index=${value}`;
      case 'lastIndex': putU16(t, LAST_INDEX_OFFSET, value as number); return `lastIndex=${value}`;
      case 'issuer': t.set(value as Uint8Array, ISSUER_OFFSET); return `issuer=${hex(value as Uint8Array).slice(0, 16)}…`;
      case 'tag': t.set(value as Uint8Array, TAG_OFFSET); return 'tag=random';
      case 'issuedAt': putU64(t, ISSUED_AT_OFFSET, value as bigint); return `issuedAt=${value}`;
      case 'attachedAt': putU64(t, ATTACHED_AT_OFFSET, value as bigint); return `attachedAt=${value}`;
      case 'payloadLength': putU16(t, PAYLOAD_LENGTH_OFFSET, value as number); return `payloadLength=${value} (was ${v.payloadLength})`;
      case 'payload': {
        const at = v.payloadLength > 0 ? rng.int(v.payloadLength) : 0;
        t[PAYLOAD_OFFSET + at] ^= 1 + rng.int(255);
        return `payload byte ${at} flipped`;
      }
      case 'padding': {
        if (v.payloadLength >= MAX_PAYLOAD) {
          t[PAYLOAD_OFFSET + rng.int(MAX_PAYLOAD)] ^= 0x80;
          return 'payload full, a payload byte flipped';
        }
        const at = v.payloadLength + rng.int(MAX_PAYLOAD - v.payloadLength);
        t[PAYLOAD_OFFSET + at] = 1 + rng.int(255);
        return `padding byte ${at} set`;
      }
      case 'bundle': {
        const options = [
          () => { t[BUNDLE_OFFSET + rng.int(32)] ^= 1 << rng.int(8); return 'bit flipped'; },
          () => { t.set(get32(rng.pick(this.bundles).txs[0], BUNDLE_OFFSET), BUNDLE_OFFSET); return 'another bundle\'s hash'; },
          () => { t.fill(0, BUNDLE_OFFSET, BUNDLE_OFFSET + 32); return 'zero'; },
        ];
        return `bundle ${rng.pick(options)()}`;
      }
      case 'trunk': t.set(value as Uint8Array, TRUNK_OFFSET); return `trunk=${hex(value as Uint8Array).slice(0, 12)}…`;
      case 'branch': t.set(value as Uint8Array, BRANCH_OFFSET); return `branch=${hex(value as Uint8Array).slice(0, 12)}…`;
      case 'signature': {
        const L_LE = _groupOrderLe();
        const options: [string, () => void][] = [
          ['R bit flipped', () => { t[SIGNATURE_OFFSET + rng.int(32)] ^= 1 << rng.int(8); }],
          ['S bit flipped', () => { t[SIGNATURE_OFFSET + 32 + rng.int(32)] ^= 1 << rng.int(8); }],
          ['S = L', () => t.set(L_LE, SIGNATURE_OFFSET + 32)],
          ['S = 2^256 - 1', () => t.fill(0xff, SIGNATURE_OFFSET + 32, SIGNATURE_OFFSET + 64)],
          ['zero', () => t.set(NO_SIGNATURE, SIGNATURE_OFFSET)],
          ['another bundle\'s', () => t.set(rng.pick(this.bundles).txs[0].subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_LENGTH), SIGNATURE_OFFSET)],
          ['random', () => t.set(rng.bytes(64), SIGNATURE_OFFSET)],
        ];
        const [name, apply] = rng.pick(options);
        apply();
        return `signature ${name}`;
      }
      case 'nonce': {
        const n = rng.pick([0n, 2n ** 64n - 1n, rng.u64(), getU64(t, NONCE_OFFSET) + 1n]);
        putU64(t, NONCE_OFFSET, n);
        return `nonce=${n}`;
      }
    }
  }

  /**
   * A bundle re-issued and re-signed with times around the 10-minute drift allowed between a tx and
   * the txs it approves: the whole bundle just inside or past it before its parents, or its lower
   * members just inside or past it before the member they approve.
   */
  #retime(): void {
    const rng = this.rng;
    const b = this.#pickBundle();
    const members = b.txs.map((t) => t.slice());
    const head = view(members[members.length - 1]);
    const parentAt = [head.trunk, head.branch]
      .map((p) => this.bundles.flatMap((x) => x.txs).find((t) => hex(idOf(t)) === hex(p)))
      .reduce((m, t) => (t && view(t).attachedAt > m ? view(t).attachedAt : m), BigInt(EPOCH));
    const slack = rng.pick([0n, 1n, BigInt(rng.int(60_000))]);
    const past = rng.chance(0.6);
    const internal = members.length > 1 && rng.chance(0.4);
    const top = internal ? head.attachedAt : parentAt;
    const early = top - BigInt(DRIFT) + (past ? -1n - slack : slack);
    const k = internal ? rng.int(members.length - 1) : members.length - 1;
    for (const t of members) putU64(t, ISSUED_AT_OFFSET, early);
    members.forEach((t, i) => putU64(t, ATTACHED_AT_OFFSET, i <= k ? early : head.attachedAt));
    const key = keyFor(view(members[0]).issuer) ?? b.key;
    const out = attach(seal(members, (m) => sign(key, m)), this.#pow, MWM);
    const where = this.#place(b, out, out.map((_, i) => i), !b.prior && rng.chance(0.6));
    this.#op('time.parent', `b${b.no} members 0..${k} attached ${past ? 'past' : 'within'} the drift before ${internal ? 'the member they approve' : 'its parents'} (slack ${slack} ms), ${where}`);
  }

  /** The known-dangerous case: index = last index past the real bundle's last index. */
  #phantom(): void {
    const rng = this.rng;
    const y = this.#pickBundle(0.9);
    const last = y.txs.length - 1;
    if (last >= 254) return this.#field();
    const target = last < 5 && rng.chance(0.75) ? 5 : rng.range(last + 1, 254);
    const src = rng.int(y.txs.length);
    const t = y.txs[src].slice();
    const both = rng.chance(0.8);
    putU16(t, LAST_INDEX_OFFSET, target);
    if (both) putU16(t, INDEX_OFFSET, target);
    if (getU16(t, INDEX_OFFSET) !== 0) t.set(NO_SIGNATURE, SIGNATURE_OFFSET);
    if (rng.chance(0.3)) t.set(rng.bytes(32), TRUNK_OFFSET);
    const crafted = rework(t, this.#pow, MWM);
    // Half the time just before the bundle's last record in the pool: the group is then one short
    // of complete when the crafted tx arrives.
    const own = this.pool.map((it, p) => (it.origin.startsWith(`b${y.no}.`) ? p : -1)).filter((p) => p >= 0);
    const at = own.length > 0 && rng.chance(0.6) ? own[own.length - 1] : rng.int(this.pool.length + 1);
    this.#insert({ bytes: crafted, origin: `phantom(b${y.no})` }, at);
    this.#op('phantom.index', `b${y.no} (last index ${last}) + copy of tx ${src} with ${both ? 'index = ' : ''}last index = ${target}, at ${at}`);
  }

  /** A member of bundle X relabelled into bundle Y's group. */
  #splice(): void {
    const rng = this.rng;
    if (this.bundles.length < 2) return this.#field();
    const y = this.#pickBundle();
    const x = rng.pick(this.bundles.filter((b) => b !== y));
    const t = rng.pick(x.txs).slice();
    const yl = y.txs.length - 1;
    const head = y.txs[yl];
    t.set(get32(head, BUNDLE_OFFSET), BUNDLE_OFFSET);
    t.set(get32(head, BRANCH_OFFSET), BRANCH_OFFSET);
    const mode = rng.pick(['slot', 'shape', 'raw'] as const);
    if (mode !== 'raw') {
      for (const [off, len] of [[LAST_INDEX_OFFSET, 2], [ISSUER_OFFSET, 32], [KIND_OFFSET, 1], [ISSUED_AT_OFFSET, 8], [TAG_OFFSET, 32]] as const) {
        t.set(head.subarray(off, off + len), off);
      }
      if (mode === 'slot' || getU16(t, INDEX_OFFSET) > yl) {
        const index = rng.int(yl + 1);
        putU16(t, INDEX_OFFSET, index);
        t.set(index < yl ? idOf(y.txs[index + 1]) : get32(head, TRUNK_OFFSET), TRUNK_OFFSET);
      }
    }
    const index = getU16(t, INDEX_OFFSET);
    if (index !== 0) t.set(NO_SIGNATURE, SIGNATURE_OFFSET);
    else if (t.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + 64).every((z) => z === 0)) {
      t.set(y.txs[0].subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + 64), SIGNATURE_OFFSET);
    }
    const at = this.#insert({ bytes: rework(t, this.#pow, MWM), origin: `splice(b${x.no}->b${y.no})` });
    this.#op('splice.member', `a tx of b${x.no} into b${y.no}'s group (${mode}, index ${index}), at ${at}`);
  }

  /** The same bundle on the same branch with another trunk: every member conflicts with the first attachment. */
  #twin(): void {
    const y = this.#pickBundle(0.7);
    const trunk = this.#otherTip(view(y.txs[y.txs.length - 1]).trunk);
    const twin = attach(y.txs, this.#pow, MWM, { trunk });
    const at = twin.map((t, i) => this.#insert({ bytes: t, origin: `twin(b${y.no}).${i}` }));
    this.#op('twin.attachment', `b${y.no} again with head trunk ${hex(trunk).slice(0, 12)}…, at ${at.join(',')}`);
  }

  /** The same bundle attached again with another branch, possibly onto its own first attachment. */
  #reattach(): void {
    const rng = this.rng;
    const y = this.#pickBundle(0.6);
    const variant = rng.pick(['elsewhere', 'onto-self-trunk', 'onto-self-branch'] as const);
    const tail = idOf(y.txs[0]);
    const trunk = variant === 'onto-self-trunk' ? tail : this.#tip();
    const branch = variant === 'onto-self-branch' ? tail : rng.chance(0.5) ? this.#tip() : rng.bytes(32);
    const attachedAt = view(y.txs[0]).attachedAt + BigInt(rng.int(60_000));
    const again = attach(y.txs, this.#pow, MWM, { trunk, branch, attachedAt });
    const order = rng.chance(0.5) ? again : [...again].reverse();
    const at = order.map((t) => this.#insert({ bytes: t, origin: `reattach(b${y.no})` }, rng.chance(0.5) ? this.pool.length : undefined));
    this.#op('reattach', `b${y.no} ${variant}, at ${at.join(',')}`);
  }

  #order(): void {
    const rng = this.rng;
    const pool = this.pool;
    if (pool.length < 2) return this.#field();
    const which = rng.pick(['shuffle', 'swap', 'reverse', 'move'] as const);
    if (which === 'shuffle') rng.shuffle(pool);
    if (which === 'swap') {
      const a = rng.int(pool.length);
      const b = rng.int(pool.length);
      [pool[a], pool[b]] = [pool[b], pool[a]];
      return this.#op('order.swap', `${a} <-> ${b}`);
    }
    if (which === 'reverse') {
      const b = rng.pick(this.bundles);
      const at = pool.map((it, p) => (it.origin.startsWith(`b${b.no}.`) ? p : -1)).filter((p) => p >= 0);
      const items = at.map((p) => pool[p]).reverse();
      at.forEach((p, k) => (pool[p] = items[k]));
      return this.#op('order.reverse', `b${b.no}'s records reversed`);
    }
    if (which === 'move') {
      const [it] = pool.splice(rng.int(pool.length), 1);
      const to = this.#insert(it);
      return this.#op('order.move', `${it.origin} to ${to}`);
    }
    this.#op('order.shuffle', 'all records');
  }

  #dup(): void {
    if (this.pool.length === 0) return this.#resendPrior();
    const it = this.rng.pick(this.pool);
    const at = this.#insert({ ...it, origin: `${it.origin}(dup)` });
    this.#op('dup.record', `${it.origin} again at ${at}`);
  }

  #drop(): void {
    if (this.pool.length === 0) return this.#field();
    const at = this.rng.int(this.pool.length);
    const [it] = this.pool.splice(at, 1);
    this.#op('drop.record', `${it.origin} (was at ${at})`);
  }

  #claimedId(): void {
    const rng = this.rng;
    if (this.pool.length === 0) return this.#field();
    const it = rng.pick(this.pool);
    const real = idOf(it.bytes);
    const options: [string, () => Uint8Array][] = [
      ['bit flipped', () => { const x = real.slice(); x[rng.int(32)] ^= 1 << rng.int(8); return x; }],
      ['random', () => rng.bytes(32)],
      ['zero', () => new Uint8Array(32)],
      ['another record\'s', () => idOf(rng.pick(this.pool).bytes)],
    ];
    const [name, make] = rng.pick(options);
    it.id = make();
    this.#op('id.claimed', `${it.origin} claims ${name}`);
  }

  /** A parent bundle comes only in a last archive (or never). */
  #withhold(): void {
    const incoming = this.#incoming();
    if (incoming.length === 0) return this.#resendPrior();
    const approves = (c: Honest, b: Honest) => {
      const ids = new Set(b.txs.map((t) => hex(idOf(t))));
      return c.txs.some((t) => ids.has(hex(view(t).trunk)) || ids.has(hex(view(t).branch)));
    };
    const parents = incoming.filter((b) => incoming.some((c) => c !== b && approves(c, b)));
    const p = this.rng.pick(parents.length > 0 ? parents : incoming);
    for (const it of this.pool) if (it.origin.startsWith(`b${p.no}.`)) it.late = true;
    this.#op('withhold.parent', `b${p.no} held back to a last archive`);
  }

  #resendPrior(): void {
    const prior = this.bundles.filter((b) => b.prior).flatMap((b) => b.txs.map((t, i) => ({ t, origin: `b${b.no}.${i}(stored)` })));
    if (prior.length === 0) return this.#field();
    const some = this.rng.shuffle(prior).slice(0, this.rng.range(1, prior.length));
    for (const { t, origin } of some) this.#insert({ bytes: t, origin });
    this.#op('resend.prior', `${some.length} stored txs again`);
  }

  /** Counts at their limits: 255 txs, 256 txs, a claimed last index of 254 with few members. */
  #limits(): void {
    const rng = this.rng;
    const which = rng.weighted([['max-bundle', 1], ['over-bundle', 1], ['claims-254', 3]] as const);
    if (which === 'max-bundle') {
      const b = this.#honest(-1, 255, 8);
      b.no = -100 - this.bundles.length;
      for (let i = 0; i < b.txs.length; i++) this.pool.push({ bytes: b.txs[i], origin: `max.${i}` });
      return this.#op('limits.max-bundle', 'an honest bundle of 255 txs at the end');
    }
    const key = rng.pick(KEYS);
    const count = which === 'over-bundle' ? 256 : rng.range(1, 3);
    const last = which === 'over-bundle' ? 255 : 254;
    const txs = essences({ kind: rng.pick(KNOWN_KINDS), issuer: key.publicKey, tag: rng.bytes(32), issuedAt: T0, payloads: Array.from({ length: count }, () => rng.bytes(rng.int(9))), lastIndex: last });
    const attached = attach(seal(txs, (m) => sign(key, m)), this.#pow, MWM, { trunk: this.#tip(), branch: this.#tip(), attachedAt: T0 + 1000 });
    const at = this.pool.length;
    for (let i = 0; i < attached.length; i++) this.pool.push({ bytes: attached[i], origin: `${which}.${i}` });
    this.#op(`limits.${which}`, `${count} txs with last index ${last}, at ${at}`);
  }

  /** Ed25519 with small-order components: valid under the cofactored equation only. */
  #torsionOp(): void {
    const rng = this.rng;
    const y = this.#pickBundle(0.6);
    const which = rng.pick(['sig.torsion-R', 'key.torsion-A'] as const);
    let txs: Uint8Array[] = y.txs.map((t) => t.slice());
    if (which === 'key.torsion-A') for (const t of txs) t.set(torsionPublicKey(y.key), ISSUER_OFFSET);
    const seed = rng.bytes(32);
    txs = seal(txs, (m) => torsionSign(y.key, m, seed, which === 'key.torsion-A'));
    // Another branch than the original's, so the copy is an attachment of its own, not a conflict.
    const branch = this.#otherTip(view(y.txs[0]).branch);
    const again = attach(txs, this.#pow, MWM, { branch });
    const at = again.map((t) => this.#insert({ bytes: t, origin: `${which}(b${y.no})` }));
    this.#op(which, `b${y.no} re-signed with a small-order component, at ${at.join(',')}`);
  }

  // --- archives

  /** The steps: the stored part first, then the pool cut into archives, with framing edits and reopens. */
  split(): Step[] {
    const rng = this.rng;
    const steps: Step[] = [];
    const prior = this.bundles.filter((b) => b.prior);
    if (prior.length > 0) {
      steps.push({ kind: 'import', label: 'setup', archive: frame(prior.flatMap((b) => [...b.txs].reverse().map((bytes) => ({ bytes })))) });
    }
    const normal = this.pool.filter((it) => !it.late);
    const late = this.pool.filter((it) => it.late);
    const k = rng.weighted([[1, 50], [2, 35], [3, 15]] as const);
    const cuts = Array.from({ length: k - 1 }, () => rng.int(normal.length + 1)).sort((a, b) => a - b);
    const parts: Item[][] = [];
    let from = 0;
    for (const c of [...cuts, normal.length]) {
      parts.push(normal.slice(from, c));
      from = c;
    }
    if (late.length > 0) {
      if (rng.chance(0.8)) parts.push(late);
      else this.log.push('withheld records never sent');
    }
    if (rng.chance(0.25)) {
      const honest = this.#incoming().flatMap((b) => b.txs.map((bytes, i) => ({ bytes, origin: `b${b.no}.${i}` })));
      parts.push(rng.chance(0.5) ? rng.shuffle(honest) : honest);
      this.#op('resend.honest', `a last archive with the ${honest.length} honest incoming txs`);
    }
    parts.forEach((items, p) => {
      if (p > 0 && rng.chance(0.12)) {
        steps.push({ kind: 'reopen' });
        this.#op('reopen', `before archive ${p}`);
      }
      steps.push({ kind: 'import', label: `archive ${p}: ${items.map((it) => it.origin).join(' ')}`, archive: this.#framing(items, p) });
    });
    return steps;
  }

  #framing(items: Item[], p: number): Uint8Array {
    const rng = this.rng;
    if (!rng.chance(0.12)) return frame(items);
    const which = rng.weighted([['count', 3], ['cut', 3], ['trailing', 2], ['magic', 1], ['empty', 1]] as const);
    if (which === 'empty') {
      this.#op('frame.empty', `archive ${p} sent with no records (${items.length} dropped)`);
      return frame([]);
    }
    let a = frame(items);
    let detail = '';
    if (which === 'count') {
      const n = items.length;
      const count = rng.pick([Math.max(0, n - 1), n + 1, 0, 0xffffffff, rng.u32()]);
      new DataView(a.buffer, a.byteOffset).setUint32(COUNT_OFFSET, count, true);
      detail = `count ${count} for ${n} records`;
    } else if (which === 'cut') {
      const header = HEADER_SIZE;
      const to = rng.chance(0.2) || a.length <= header ? rng.int(Math.min(header, a.length) + 1) : header + rng.int(a.length - header);
      a = a.slice(0, to);
      detail = `cut to ${to} bytes`;
    } else if (which === 'trailing') {
      const extra = rng.bytes(rng.range(1, 64));
      const b = new Uint8Array(a.length + extra.length);
      b.set(a);
      b.set(extra, a.length);
      a = b;
      detail = `${extra.length} trailing bytes`;
    } else {
      a[rng.int(MAGIC_LENGTH)] ^= 1 + rng.int(255);
      detail = 'magic changed';
    }
    this.#op(`frame.${which}`, `archive ${p}: ${detail}`);
    return a;
  }
}

/** The field's offset, to tell essence fields from attachment ones. */
function _offset(field: Field): number {
  const offsets: Record<Field, number> = {
    version: VERSION_OFFSET, kind: KIND_OFFSET, index: INDEX_OFFSET, lastIndex: LAST_INDEX_OFFSET, issuer: ISSUER_OFFSET,
    tag: TAG_OFFSET, issuedAt: ISSUED_AT_OFFSET, payloadLength: PAYLOAD_LENGTH_OFFSET, payload: PAYLOAD_OFFSET,
    padding: PAYLOAD_OFFSET, bundle: BUNDLE_OFFSET, trunk: TRUNK_OFFSET, branch: BRANCH_OFFSET, attachedAt: ATTACHED_AT_OFFSET,
    signature: SIGNATURE_OFFSET, nonce: NONCE_OFFSET,
  };
  return offsets[field];
}

/** The Ed25519 group order L, 32 bytes little-endian. */
function _groupOrderLe(): Uint8Array {
  let l = 2n ** 252n + 27742317777372353535851937790883648493n;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(l & 0xffn);
    l >>= 8n;
  }
  return out;
}

