// The sync wire format (web/core/sync/codec.ts, docs/sync.md): every message round-trips, and any
// truncation or corruption of a valid message is refused with a SyncFormatError naming what is
// wrong, never another kind of throw. Property tests with fixed fast-check seeds (in the test names
// and every failure).
import { expect } from 'chai';
import fc from 'fast-check';
import { END_BOUND, LIMITS, SyncFormatError, decodeMessage, encodeMessage, type Bound, type Message, type Range } from '../../../web/core/sync/index.ts';

const SEED = 20261204;
const RUNS = 400;

const id = fc.uint8Array({ minLength: 32, maxLength: 32 });
const ids = (max: number) => fc.array(id, { maxLength: max });

/** Ascending bounds: sorted distinct (time, prefix) pairs, the last possibly the end. */
const bounds = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.uint8Array({ maxLength: 32 })), { maxLength: 12 }),
    fc.boolean(),
  )
  .map(([raw, end]) => {
    const key = (b: Bound) => `${String(b.time).padStart(16, '0')}:${Array.from({ length: 32 }, (_, i) => (b.prefix[i] ?? 0).toString(16).padStart(2, '0')).join('')}`;
    const seen = new Map<string, Bound>();
    for (const [time, prefix] of raw) seen.set(key({ time, prefix }), { time, prefix });
    const sorted = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, b]) => b);
    if (end) sorted.push(END_BOUND);
    return sorted;
  });

const range = (upper: Bound): fc.Arbitrary<Range> =>
  fc.oneof(
    fc.constant<Range>({ upper, mode: 'skip' }),
    fc.uint8Array({ minLength: 16, maxLength: 16 }).map<Range>((fingerprint) => ({ upper, mode: 'fingerprint', fingerprint })),
    ids(5).map<Range>((l) => ({ upper, mode: 'idList', ids: l })),
    // Id prefixes, all of one length (the initiator's lists).
    fc
      .tuple(fc.integer({ min: 1, max: 31 }), fc.array(fc.uint8Array({ minLength: 31, maxLength: 31 }), { maxLength: 5 }))
      .map<Range>(([len, l]) => ({ upper, mode: 'idList', ids: l.map((x) => x.slice(0, len)) })),
    fc.constant<Range>({ upper, mode: 'ask' }),
    fc
      .tuple(fc.array(fc.boolean(), { maxLength: 20 }), ids(4), fc.uint8Array({ minLength: 16, maxLength: 16 }))
      .map<Range>(([has, extra, fingerprint]) => ({ upper, mode: 'reply', has, extra, fingerprint })),
  );

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({
    type: fc.constant('hello' as const),
    direction: fc.constantFrom('both' as const, 'receive' as const),
    network: fc.record({ name: fc.stringMatching(/^[a-z0-9-]{1,32}$/), mwm: fc.integer({ min: 0, max: 255 }) }),
  }),
  bounds.chain((bs) => fc.tuple(...bs.map(range)).map((ranges): Message => ({ type: 'reconcile', ranges }))),
  fc.record({ type: fc.constant('have' as const), ids: ids(6), last: fc.boolean() }),
  fc.record({ type: fc.constant('want' as const), ids: ids(6), last: fc.boolean() }),
  fc.record({ type: fc.constant('txs' as const), archive: fc.uint8Array({ minLength: 1, maxLength: 300 }) }),
  fc.record({ type: fc.constant('ack' as const), stored: fc.nat(), refused: fc.nat(), held: fc.nat() }),
  fc.record({ type: fc.constant('served' as const), sent: fc.nat() }),
  fc.record({ type: fc.constant('bye' as const), reason: fc.constantFrom('done' as const, 'protocol' as const, 'invalid' as const, 'limits' as const, 'timeout' as const) }),
);

/** Decodes, and returns the thrown error (or null); any throw but SyncFormatError fails the test. */
function refusal(bytes: Uint8Array): SyncFormatError | null {
  try {
    decodeMessage(bytes);
    return null;
  } catch (e) {
    if (!(e instanceof SyncFormatError)) throw new Error(`decodeMessage threw ${String((e as Error)?.name)}: ${String((e as Error)?.message)}, not a SyncFormatError`);
    expect(e.message.length).to.be.greaterThan(10);
    return e;
  }
}

function check<T extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<T>) {
  try {
    fc.assert(property, { seed: SEED, numRuns: RUNS });
  } catch (e) {
    throw new Error(`${name} failed with fast-check seed ${SEED}: ${(e as Error).message}`);
  }
}

describe(`sync codec (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
  it('round-trips every message', () => {
    check(
      'round trip',
      fc.property(message, (m) => {
        const bytes = encodeMessage(m);
        expect(decodeMessage(bytes)).to.deep.equal(m);
        expect(encodeMessage(decodeMessage(bytes))).to.deep.equal(bytes);
      }),
    );
  });

  it('refuses every truncation of a message with a SyncFormatError', () => {
    check(
      'truncation',
      fc.property(message, fc.nat(), (m, cut) => {
        const bytes = encodeMessage(m);
        const short = bytes.subarray(0, cut % bytes.length);
        expect(refusal(short), `cut at ${short.length} of ${bytes.length}`).to.not.equal(null);
      }),
    );
  });

  it('never throws anything but a SyncFormatError on corrupted, extended or random bytes', () => {
    check(
      'corruption',
      fc.property(message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.uint8Array({ maxLength: 8 }), (m, flips, tail) => {
        const bytes = encodeMessage(m).slice();
        for (const [at, x] of flips) bytes[at % bytes.length] ^= x;
        refusal(bytes);
        const longer = new Uint8Array(bytes.length + tail.length);
        longer.set(bytes);
        longer.set(tail, bytes.length);
        refusal(longer);
      }),
    );
    check('random', fc.property(fc.uint8Array({ maxLength: 200 }), (b) => void refusal(b)));
  });

  it('refuses trailing bytes after any message', () => {
    check(
      'trailing',
      fc.property(message, fc.uint8Array({ minLength: 1, maxLength: 8 }), (m, tail) => {
        const bytes = encodeMessage(m);
        const longer = new Uint8Array(bytes.length + tail.length);
        longer.set(bytes);
        longer.set(tail, bytes.length);
        expect(refusal(longer)?.message).to.match(/follow the message's end/);
      }),
    );
  });

  it('names the limit that a count breaks, before reading or allocating', () => {
    // A want message claiming 2^47 ids in 11 bytes.
    const w = Uint8Array.of(2, 4, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0);
    expect(refusal(w)?.message).to.equal(`the count of the want ids at byte 3 is ${2 ** 47}, at most ${LIMITS.maxIdsPerMessage} are allowed`);
    const ranges = Uint8Array.of(2, 2, 0xff, 0xff, 0x03);
    expect(refusal(ranges)?.message).to.equal(`the range count at byte 2 is 65535, at most ${LIMITS.maxRanges} are allowed`);
    expect(refusal(new Uint8Array(LIMITS.maxMessageBytes + 1))?.message).to.match(/^the message is 524289 bytes, at most 524288/);
    expect(refusal(Uint8Array.of(1, 1))?.message).to.equal('the version is 1, this app speaks version 2');
    expect(refusal(Uint8Array.of(2, 99))?.message).to.equal('the message type at byte 1 is 99, not a known one');
    // A bound that goes back: range 1's time is range 0's (delta 0, so 1 on the wire) with a smaller
    // prefix. Each range: time, header (mode 0 << 6 | prefix length 1), the prefix byte.
    const back = Uint8Array.of(2, 2, 2, 5, 0x01, 9, 1, 0x01, 3);
    expect(refusal(back)?.message).to.match(/^range 1's bound at byte 6 does not ascend/);
    // Has-bits set past the ids answered: the end bound, header mode 3 (reply) << 6, 3 ids, bits 0xff.
    const bits = Uint8Array.of(2, 2, 1, 0, 0xc0, 3, 0xff, 0);
    expect(refusal(bits)?.message).to.equal("range 0's has-bits set bits past the 3 ids answered");
    // A varint in a longer form than needed.
    expect(refusal(Uint8Array.of(2, 6, 0x80, 0, 0, 0))?.message).to.equal('the stored count at byte 2 is not in its shortest form');
  });

  it('lays out version 2 ranges as docs/sync.md says: header byte, prefix lists, asks and replies', () => {
    const fp = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const id = Uint8Array.from({ length: 32 }, (_, i) => i);
    const bytes = encodeMessage({
      type: 'reconcile',
      ranges: [
        // time 300 (1 + 300 = 301: varint ad 02), mode 2 with a 2-byte prefix, 2 ids of 4 bytes.
        { upper: { time: 300, prefix: Uint8Array.of(7, 8) }, mode: 'idList', ids: [Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8)] },
        // same time (delta 0: 1), mode 2, id length 0: an ask.
        { upper: { time: 300, prefix: Uint8Array.of(9) }, mode: 'ask' },
        // the end, mode 3: 3 ids answered (bits 101), 1 extra id, the fingerprint.
        { upper: END_BOUND, mode: 'reply', has: [true, false, true], extra: [id], fingerprint: fp },
      ],
    });
    const want = [2, 2, 3, 0xad, 0x02, 0x82, 7, 8, 4, 2, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0x81, 9, 0, 0, 0xc0, 3, 0b101, 1, ...id, ...fp];
    expect(Array.from(bytes)).to.deep.equal(want);
    const m = decodeMessage(bytes);
    expect(m.type === 'reconcile' && m.ranges.map((r) => r.mode)).to.deep.equal(['idList', 'ask', 'reply']);
    // An id list whose ids are not all of one length is never written.
    expect(() => encodeMessage({ type: 'reconcile', ranges: [{ upper: END_BOUND, mode: 'idList', ids: [id, id.subarray(0, 4)] }] })).to.throw(RangeError);
  });

  it('encodes the end bound as time 0 and refuses a prefix on it', () => {
    const bytes = encodeMessage({ type: 'reconcile', ranges: [{ upper: END_BOUND, mode: 'skip' }] });
    expect(Array.from(bytes)).to.deep.equal([2, 2, 1, 0, 0]);
    expect(refusal(Uint8Array.of(2, 2, 1, 0, 0x01, 7))?.message).to.equal("range 0's bound at byte 3 is the end, which takes no prefix");
  });
});
