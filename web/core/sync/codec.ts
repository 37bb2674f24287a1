// The sync wire format, version 1 (docs/sync.md has it byte by byte). Every message is
//   version (u8, 1) | type (u8) | body
// and the body of each type is below. Numbers are unsigned LEB128 varints of at most 8 bytes and at
// most 2^53 - 1. Decoding checks every length and count against the limits before reading or
// allocating, requires the message to end exactly where its body does, and throws only
// SyncFormatError, whose message names the field and its byte offset: a peer's bytes can make a
// message be refused, never make the decoder fail another way.
import { FINGERPRINT_LENGTH, ID_LENGTH, MAX_TIME, compareBounds, type Bound } from './items.ts';

/**
 * The version byte of every message this code writes and reads. Version 2 (docs/sync.md): a range's
 * mode and prefix length share one byte, an id list may carry id prefixes, and a reply carries the
 * responder's fingerprint of its range (version 1 had none of these; a version 1 peer is refused).
 */
export const SYNC_VERSION = 2;

/** Limits on what a peer may send; the decoder refuses anything past them. Read by the session and tests. */
export const LIMITS = Object.freeze({
  /** Bytes of one message, whatever its type. A batch of MAX_BATCH_TXS records fits. */
  maxMessageBytes: 512 * 1024,
  /** Ranges in one reconcile message. */
  maxRanges: 8192,
  /** Ids in one range's list (an id list or the extra ids of a reply). */
  maxIdsPerRange: 1024,
  /** Ids in one have or want message. */
  maxIdsPerMessage: 4096,
  /** Bytes of a network name (docs/design.md: ASCII, at most 32). */
  maxNetworkName: 32,
});

/** Message types (the second byte). */
export const MSG = Object.freeze({ hello: 1, reconcile: 2, have: 3, want: 4, txs: 5, ack: 6, bye: 7, served: 8 } as const);

/** Range modes inside a reconcile message. */
export const MODE = Object.freeze({ skip: 0, fingerprint: 1, idList: 2, reply: 3 } as const);

/** One range of a reconcile message: from the previous range's bound (or the start) up to `upper`. */
export type Range =
  | AskRange
  | { upper: Bound; mode: 'skip' }
  | { upper: Bound; mode: 'fingerprint'; fingerprint: Uint8Array }
  /**
   * The sender's ids in the range, in item order: whole (32 bytes), or all cut to the same prefix
   * length (1..31 bytes; only the initiator sends prefixes).
   */
  | { upper: Bound; mode: 'idList'; ids: Uint8Array[] }
  /**
   * The answer to an id list: `has[k]` says whether the sender holds an id that starts with the k-th
   * id (or prefix) of that list, `extra` are the sender's ids in the range that start with none of
   * them, and `fingerprint` is the sender's fingerprint of all its items in the range, by which the
   * initiator checks that no prefix matched another id.
   */
  | { upper: Bound; mode: 'reply'; has: boolean[]; extra: Uint8Array[]; fingerprint: Uint8Array };
/**
 * The responder asks the initiator to list its ids in the range (the range differs and holds few
 * items here): sent as an id list with an id length of 0.
 */
export type AskRange = { upper: Bound; mode: 'ask' };

/** Why a session ends (bye). */
export const BYE = Object.freeze({ done: 0, protocol: 1, invalid: 2, limits: 3, timeout: 4, network: 5, closing: 6 } as const);
export type ByeReason = keyof typeof BYE;

/** A decoded message. Made by the session, encoded for the transport; decoded from a peer's bytes. */
export type Message =
  /** First message each way: the sender's direction ('both' sends txs, 'receive' never does) and network. */
  | { type: 'hello'; direction: 'both' | 'receive'; network: { name: string; mwm: number } }
  | { type: 'reconcile'; ranges: Range[] }
  /** Ids the sender has and the receiver lacks (the initiator's findings); `last` ends the list. */
  | { type: 'have'; ids: Uint8Array[]; last: boolean }
  /** Ids the sender asks for; `last` ends the list, and then the receiver starts sending. */
  | { type: 'want'; ids: Uint8Array[]; last: boolean }
  /** A batch of txs in the archive format of web/core/validate, checked by the receiver's replica. */
  | { type: 'txs'; archive: Uint8Array }
  /** The receiver of a batch has imported it: counts from its import report. */
  | { type: 'ack'; stored: number; refused: number; held: number }
  | { type: 'bye'; reason: ByeReason }
  /** Every tx asked for by the want list has been sent and acknowledged: `sent` of them (unknown ids are skipped). */
  | { type: 'served'; sent: number };

/** A peer's bytes are not a well-formed message. The only error the decoder throws; caught by the session. */
export class SyncFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncFormatError';
  }
}

// --- writing

class _Writer {
  #buf = new Uint8Array(256);
  #len = 0;
  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const b = new Uint8Array(Math.max(this.#len + n, this.#buf.length * 2));
    b.set(this.#buf.subarray(0, this.#len));
    this.#buf = b;
  }
  u8(v: number): void {
    this.#room(1);
    this.#buf[this.#len++] = v;
  }
  bytes(b: Uint8Array): void {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }
  varint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`a varint must be an integer from 0 to 2^53 - 1, got ${v}`);
    while (v >= 0x80) {
      this.u8((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.u8(v);
  }
  get length(): number {
    return this.#len;
  }
  done(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

function _id(w: _Writer, id: Uint8Array, what: string): void {
  if (!(id instanceof Uint8Array) || id.length !== ID_LENGTH) throw new RangeError(`${what} must be a 32-byte id`);
  w.bytes(id);
}

function _ids(w: _Writer, ids: readonly Uint8Array[], max: number, what: string): void {
  if (ids.length > max) throw new RangeError(`${what} holds ${ids.length} ids, at most ${max} fit one message`);
  w.varint(ids.length);
  ids.forEach((id, k) => _id(w, id, `${what}[${k}]`));
}

/**
 * The bytes of a range's start: the bound's time as 0 (the end) or 1 + (time - previous time), the
 * header byte (mode << 6 | prefix length), then the bound's prefix.
 */
function _rangeHead(w: _Writer, b: Bound, mode: number, prevTime: number): number {
  if (b.time === Infinity) {
    w.varint(0);
  } else {
    if (!Number.isInteger(b.time) || b.time < prevTime || b.time > MAX_TIME) throw new RangeError(`a bound's time must ascend within 0..2^53 - 1, got ${b.time} after ${prevTime}`);
    w.varint(1 + (b.time - prevTime));
  }
  if (b.prefix.length > ID_LENGTH) throw new RangeError(`a bound's prefix is at most 32 bytes, got ${b.prefix.length}`);
  w.u8((mode << 6) | b.prefix.length);
  w.bytes(b.prefix);
  return b.time;
}

/** The bytes of `m`. RangeError when it breaks a limit (the session never builds such a message). Called by the session and tests. */
export function encodeMessage(m: Message): Uint8Array {
  const w = new _Writer();
  w.u8(SYNC_VERSION);
  w.u8(MSG[m.type]);
  switch (m.type) {
    case 'hello': {
      w.u8(m.direction === 'both' ? 0 : 1);
      const name = new TextEncoder().encode(m.network.name);
      if (name.length === 0 || name.length > LIMITS.maxNetworkName) throw new RangeError(`the network name must be 1..${LIMITS.maxNetworkName} bytes`);
      w.u8(name.length);
      w.bytes(name);
      if (!Number.isInteger(m.network.mwm) || m.network.mwm < 0 || m.network.mwm > 255) throw new RangeError('the MWM must be a byte');
      w.u8(m.network.mwm);
      break;
    }
    case 'reconcile': {
      if (m.ranges.length > LIMITS.maxRanges) throw new RangeError(`${m.ranges.length} ranges, at most ${LIMITS.maxRanges} fit one message`);
      w.varint(m.ranges.length);
      let prev = 0;
      for (const r of m.ranges) {
        prev = _rangeHead(w, r.upper, r.mode === 'ask' ? MODE.idList : MODE[r.mode], prev);
        if (r.mode === 'ask') {
          w.u8(0);
        } else if (r.mode === 'fingerprint') {
          if (r.fingerprint.length !== FINGERPRINT_LENGTH) throw new RangeError(`a fingerprint is ${FINGERPRINT_LENGTH} bytes`);
          w.bytes(r.fingerprint);
        } else if (r.mode === 'idList') {
          const len = r.ids.length > 0 ? r.ids[0].length : ID_LENGTH;
          if (len < 1 || len > ID_LENGTH || r.ids.some((id) => id.length !== len)) throw new RangeError('an id list holds ids or prefixes of one length, 1..32 bytes');
          if (r.ids.length > LIMITS.maxIdsPerRange) throw new RangeError(`an id list holds ${r.ids.length} ids, at most ${LIMITS.maxIdsPerRange} fit one range`);
          w.u8(len);
          w.varint(r.ids.length);
          for (const id of r.ids) w.bytes(id);
        } else if (r.mode === 'reply') {
          if (r.has.length > LIMITS.maxIdsPerRange) throw new RangeError(`a reply answers at most ${LIMITS.maxIdsPerRange} ids`);
          w.varint(r.has.length);
          const bits = new Uint8Array(Math.ceil(r.has.length / 8));
          r.has.forEach((h, k) => {
            if (h) bits[k >> 3] |= 1 << (k & 7);
          });
          w.bytes(bits);
          _ids(w, r.extra, LIMITS.maxIdsPerRange, "a reply's extra ids");
          if (!(r.fingerprint instanceof Uint8Array) || r.fingerprint.length !== FINGERPRINT_LENGTH) throw new RangeError(`a reply's fingerprint is ${FINGERPRINT_LENGTH} bytes`);
          w.bytes(r.fingerprint);
        }
      }
      break;
    }
    case 'have':
    case 'want':
      w.u8(m.last ? 1 : 0);
      _ids(w, m.ids, LIMITS.maxIdsPerMessage, `a ${m.type} message`);
      break;
    case 'txs':
      if (m.archive.length === 0) throw new RangeError('a txs message carries an archive');
      w.varint(m.archive.length);
      w.bytes(m.archive);
      break;
    case 'ack':
      w.varint(m.stored);
      w.varint(m.refused);
      w.varint(m.held);
      break;
    case 'bye':
      w.u8(BYE[m.reason]);
      break;
    case 'served':
      w.varint(m.sent);
      break;
  }
  if (w.length > LIMITS.maxMessageBytes) throw new RangeError(`the message is ${w.length} bytes, at most ${LIMITS.maxMessageBytes} are allowed`);
  return w.done();
}

// --- reading

class _Reader {
  #at = 0;
  constructor(readonly b: Uint8Array) {}
  get at(): number {
    return this.#at;
  }
  get left(): number {
    return this.b.length - this.#at;
  }
  #need(n: number, what: string): void {
    if (this.left < n) throw new SyncFormatError(`${what} at byte ${this.#at} needs ${n} bytes, the message ends after ${this.left}`);
  }
  u8(what: string): number {
    this.#need(1, what);
    return this.b[this.#at++];
  }
  bytes(n: number, what: string): Uint8Array {
    this.#need(n, what);
    const out = this.b.slice(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }
  /** The next n bytes as a view into the message. */
  view(n: number, what: string): Uint8Array {
    this.#need(n, what);
    const out = this.b.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }
  varint(what: string): number {
    const start = this.#at;
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const x = this.u8(what);
      v += (x & 0x7f) * scale;
      if (x < 0x80) {
        if (v > Number.MAX_SAFE_INTEGER) throw new SyncFormatError(`${what} at byte ${start} is past 2^53 - 1`);
        if (i > 0 && x === 0) throw new SyncFormatError(`${what} at byte ${start} is not in its shortest form`);
        return v;
      }
      scale *= 0x80;
    }
    throw new SyncFormatError(`${what} at byte ${start} is longer than 8 bytes`);
  }
  count(max: number, what: string): number {
    const at = this.#at;
    const n = this.varint(what);
    if (n > max) throw new SyncFormatError(`${what} at byte ${at} is ${n}, at most ${max} are allowed`);
    return n;
  }
  ids(max: number, what: string): Uint8Array[] {
    const n = this.count(max, `the count of ${what}`);
    this.#need(n * ID_LENGTH, `${what} (${n} ids)`);
    const out: Uint8Array[] = [];
    for (let k = 0; k < n; k++) out.push(this.bytes(ID_LENGTH, `${what}[${k}]`));
    return out;
  }
}

/** A range's bound and mode (see _rangeHead). */
function _readRangeHead(r: _Reader, prevTime: number, what: string): { upper: Bound; mode: number } {
  const at = r.at;
  const t = r.varint(`${what}'s time`);
  let time: number;
  if (t === 0) time = Infinity;
  else {
    time = prevTime + (t - 1);
    if (time > MAX_TIME) throw new SyncFormatError(`${what}'s time at byte ${at} is past 2^53 - 1`);
  }
  const head = r.u8(`${what}'s header`);
  const len = head & 0x3f;
  if (len > ID_LENGTH) throw new SyncFormatError(`${what}'s prefix length at byte ${r.at - 1} is ${len}, at most ${ID_LENGTH}`);
  if (time === Infinity && len > 0) throw new SyncFormatError(`${what} at byte ${at} is the end, which takes no prefix`);
  return { upper: { time, prefix: r.bytes(len, `${what}'s prefix`) }, mode: head >> 6 };
}

/**
 * The message in `bytes`, checked in full; SyncFormatError naming what is wrong otherwise. A txs
 * message's archive is a view into `bytes`, not a copy (a sync moves every tx body this way, and the
 * replica copies what it keeps). Called by the session and tests.
 */
export function decodeMessage(bytes: Uint8Array): Message {
  if (!(bytes instanceof Uint8Array)) throw new SyncFormatError('a message must be bytes');
  if (bytes.length > LIMITS.maxMessageBytes) throw new SyncFormatError(`the message is ${bytes.length} bytes, at most ${LIMITS.maxMessageBytes} are allowed`);
  const r = new _Reader(bytes);
  const version = r.u8('the version');
  if (version !== SYNC_VERSION) throw new SyncFormatError(`the version is ${version}, this app speaks version ${SYNC_VERSION}`);
  const type = r.u8('the message type');
  let m: Message;
  switch (type) {
    case MSG.hello: {
      const d = r.u8('the direction');
      if (d > 1) throw new SyncFormatError(`the direction at byte 2 is ${d}, not 0 (both ways) or 1 (receive only)`);
      const len = r.u8("the network name's length");
      if (len === 0 || len > LIMITS.maxNetworkName) throw new SyncFormatError(`the network name's length at byte 3 is ${len}, not 1..${LIMITS.maxNetworkName}`);
      const nameBytes = r.bytes(len, 'the network name');
      if (nameBytes.some((c) => c < 0x21 || c > 0x7e)) throw new SyncFormatError('the network name is not printable ASCII');
      const mwm = r.u8('the MWM');
      m = { type: 'hello', direction: d === 0 ? 'both' : 'receive', network: { name: String.fromCharCode(...nameBytes), mwm } };
      break;
    }
    case MSG.reconcile: {
      const n = r.count(LIMITS.maxRanges, 'the range count');
      const ranges: Range[] = [];
      let prev: Bound | null = null;
      for (let k = 0; k < n; k++) {
        const what = `range ${k}`;
        if (prev && prev.time === Infinity) throw new SyncFormatError(`${what} at byte ${r.at} comes after the range that reached the end`);
        const at = r.at;
        const { upper, mode } = _readRangeHead(r, prev ? prev.time : 0, `${what}'s bound`);
        if (prev && compareBounds(upper, prev) <= 0) throw new SyncFormatError(`${what}'s bound at byte ${at} does not ascend`);
        if (mode === MODE.skip) ranges.push({ upper, mode: 'skip' });
        else if (mode === MODE.fingerprint) ranges.push({ upper, mode: 'fingerprint', fingerprint: r.bytes(FINGERPRINT_LENGTH, `${what}'s fingerprint`) });
        else if (mode === MODE.idList) {
          const len = r.u8(`${what}'s id length`);
          if (len > ID_LENGTH) throw new SyncFormatError(`${what}'s id length at byte ${r.at - 1} is ${len}, not 0..${ID_LENGTH}`);
          if (len === 0) {
            ranges.push({ upper, mode: 'ask' });
            prev = upper;
            continue;
          }
          const n = r.count(LIMITS.maxIdsPerRange, `the count of ${what}'s ids`);
          const bytes = r.bytes(n * len, `${what}'s ids (${n} of ${len} bytes)`);
          ranges.push({ upper, mode: 'idList', ids: Array.from({ length: n }, (_, k) => bytes.subarray(k * len, (k + 1) * len)) });
        } else {
          const bitCount = r.count(LIMITS.maxIdsPerRange, `${what}'s answered id count`);
          const bits = r.bytes(Math.ceil(bitCount / 8), `${what}'s has-bits`);
          if (bitCount % 8 !== 0 && bits[bits.length - 1] >> bitCount % 8 !== 0) throw new SyncFormatError(`${what}'s has-bits set bits past the ${bitCount} ids answered`);
          const has = Array.from({ length: bitCount }, (_, j) => (bits[j >> 3] & (1 << (j & 7))) !== 0);
          const extra = r.ids(LIMITS.maxIdsPerRange, `${what}'s extra ids`);
          ranges.push({ upper, mode: 'reply', has, extra, fingerprint: r.bytes(FINGERPRINT_LENGTH, `${what}'s fingerprint`) });
        }
        prev = upper;
      }
      m = { type: 'reconcile', ranges };
      break;
    }
    case MSG.have:
    case MSG.want: {
      const last = r.u8('the last flag');
      if (last > 1) throw new SyncFormatError(`the last flag at byte 2 is ${last}, not 0 or 1`);
      const kind = type === MSG.have ? 'have' : 'want';
      m = { type: kind, last: last === 1, ids: r.ids(LIMITS.maxIdsPerMessage, `the ${kind} ids`) };
      break;
    }
    case MSG.txs: {
      // The length is sent, so a cut message is refused here, not read as a shorter archive.
      const n = r.count(LIMITS.maxMessageBytes, "the archive's length");
      if (n === 0) throw new SyncFormatError('a txs message carries no archive');
      m = { type: 'txs', archive: r.view(n, 'the archive') };
      break;
    }
    case MSG.ack:
      m = { type: 'ack', stored: r.varint('the stored count'), refused: r.varint('the refused count'), held: r.varint('the held count') };
      break;
    case MSG.bye: {
      const code = r.u8('the reason');
      const reason = (Object.keys(BYE) as ByeReason[]).find((k) => BYE[k] === code);
      if (reason === undefined) throw new SyncFormatError(`the reason at byte 2 is ${code}, not a known one`);
      m = { type: 'bye', reason };
      break;
    }
    case MSG.served:
      m = { type: 'served', sent: r.varint('the sent count') };
      break;
    default:
      throw new SyncFormatError(`the message type at byte 1 is ${type}, not a known one`);
  }
  if (r.left > 0) throw new SyncFormatError(`${r.left} bytes follow the message's end at byte ${r.at}`);
  return m;
}
