// encodeTx / decodeTx / readers / txId / powEssence / withAttachment (web/core/tx): property round
// trips over arbitrary valid fields, the format errors decodeTx reports, and boundary errors.
import { expect } from 'chai';
import fc from 'fast-check';
import { blake2b as blake2bWasm } from 'hash-wasm';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  ATTACHED_AT_OFFSET,
  ISSUED_AT_OFFSET,
  MAX_PAYLOAD,
  NONCE_OFFSET,
  PAYLOAD_LENGTH_OFFSET,
  PAYLOAD_OFFSET,
  TX_SIZE,
  TxFormatError,
  decodeTx,
  encodeTx,
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
  readNonce,
  readPayloadLength,
  readSignature,
  readTag,
  readTrunk,
  readVersion,
  txId,
  withAttachment,
  type TxFields,
} from '../../../web/core/tx/index.ts';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const u16 = fc.integer({ min: 0, max: 0xffff });
const fieldsArb: fc.Arbitrary<TxFields> = fc.record({
  version: fc.constant(1),
  kind: fc.integer({ min: 0, max: 255 }),
  index: u16,
  lastIndex: u16,
  issuer: bytes(32),
  tag: bytes(32),
  issuedAt: fc.maxSafeNat(),
  payload: fc.uint8Array({ maxLength: MAX_PAYLOAD }),
  bundle: bytes(32),
  trunk: bytes(32),
  branch: bytes(32),
  attachedAt: fc.maxSafeNat(),
  signature: bytes(64),
  nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
});

function sample(): TxFields {
  return {
    version: 1,
    kind: 1,
    index: 2,
    lastIndex: 3,
    issuer: new Uint8Array(32).fill(0x11),
    tag: new Uint8Array(32).fill(0x22),
    issuedAt: Date.UTC(2025, 0, 1),
    payload: new TextEncoder().encode('hello'),
    bundle: new Uint8Array(32).fill(0x33),
    trunk: new Uint8Array(32).fill(0x44),
    branch: new Uint8Array(32).fill(0x55),
    attachedAt: Date.UTC(2025, 0, 2),
    signature: new Uint8Array(64),
    nonce: 0x0102030405060708n,
  };
}

function expectFormatError(bytes: Uint8Array, reason: string): void {
  try {
    decodeTx(bytes);
  } catch (e) {
    expect(e, 'error type').to.be.instanceOf(TxFormatError);
    expect((e as TxFormatError).reason).to.equal(reason);
    return;
  }
  expect.fail(`decodeTx accepted bytes that should fail with ${reason}`);
}

describe('tx codec', function () {
  it('round-trips arbitrary valid fields: decodeTx(encodeTx(f)) = f (fast-check seed 11)', function () {
    fc.assert(
      fc.property(fieldsArb, (f) => {
        const b = encodeTx(f);
        expect(b.length).to.equal(TX_SIZE);
        expect(decodeTx(b)).to.deep.equal(f);
        expect(encodeTx(decodeTx(b))).to.deep.equal(b);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('readers agree with decodeTx on arbitrary txs (fast-check seed 12)', function () {
    fc.assert(
      fc.property(fieldsArb, (f) => {
        const b = encodeTx(f);
        expect(readVersion(b)).to.equal(f.version);
        expect(readKind(b)).to.equal(f.kind);
        expect(readIndex(b)).to.equal(f.index);
        expect(readLastIndex(b)).to.equal(f.lastIndex);
        expect(readIssuer(b)).to.deep.equal(f.issuer);
        expect(readTag(b)).to.deep.equal(f.tag);
        expect(readIssuedAt(b)).to.equal(f.issuedAt);
        expect(readPayloadLength(b)).to.equal(f.payload.length);
        expect(readBundle(b)).to.deep.equal(f.bundle);
        expect(readTrunk(b)).to.deep.equal(f.trunk);
        expect(readBranch(b)).to.deep.equal(f.branch);
        expect(readAttachedAt(b)).to.equal(f.attachedAt);
        expect(readSignature(b)).to.deep.equal(f.signature);
        expect(readNonce(b)).to.equal(f.nonce);
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('writes integers little-endian at their offsets', function () {
    const b = encodeTx(sample());
    expect(Array.from(b.subarray(NONCE_OFFSET, NONCE_OFFSET + 8))).to.deep.equal([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(Array.from(b.subarray(PAYLOAD_LENGTH_OFFSET, PAYLOAD_LENGTH_OFFSET + 2))).to.deep.equal([5, 0]);
    const t = Date.UTC(2025, 0, 1);
    const le = Array.from({ length: 8 }, (_, i) => Number((BigInt(t) >> BigInt(8 * i)) & 0xffn));
    expect(Array.from(b.subarray(ISSUED_AT_OFFSET, ISSUED_AT_OFFSET + 8))).to.deep.equal(le);
    expect(b[2], 'index low byte').to.equal(2);
    expect(b[4], 'lastIndex low byte').to.equal(3);
  });

  it('returns copies from decodeTx, not views', function () {
    const b = encodeTx(sample());
    const f = decodeTx(b);
    b.fill(0xee, 0, NONCE_OFFSET);
    expect(f.issuer[0]).to.equal(0x11);
    expect(f.payload.buffer).to.not.equal(b.buffer);
  });

  it('decodeTx reports TRUNCATED, OVERSIZED, VERSION, PAYLOAD_LENGTH, PADDING and FUTURE_TIMESTAMP', function () {
    const good = encodeTx(sample());
    expectFormatError(good.subarray(0, TX_SIZE - 1), 'TRUNCATED');
    expectFormatError(new Uint8Array(0), 'TRUNCATED');
    const longer = new Uint8Array(TX_SIZE + 1);
    longer.set(good);
    expectFormatError(longer, 'OVERSIZED');
    const v2 = good.slice();
    v2[0] = 2;
    expectFormatError(v2, 'VERSION');
    const tooLong = good.slice();
    tooLong[PAYLOAD_LENGTH_OFFSET] = (MAX_PAYLOAD + 1) & 0xff;
    tooLong[PAYLOAD_LENGTH_OFFSET + 1] = (MAX_PAYLOAD + 1) >> 8;
    expectFormatError(tooLong, 'PAYLOAD_LENGTH');
    const padded = good.slice();
    padded[PAYLOAD_OFFSET + MAX_PAYLOAD - 1] = 1;
    expectFormatError(padded, 'PADDING');
    const far = good.slice();
    far[ISSUED_AT_OFFSET + 7] = 0x01; // 2^56 ms
    expectFormatError(far, 'FUTURE_TIMESTAMP');
    const farAttach = good.slice();
    farAttach[ATTACHED_AT_OFFSET + 6] = 0x20; // 2^53 ms
    expectFormatError(farAttach, 'FUTURE_TIMESTAMP');
    // readers still read such a value, as a number far in the future
    expect(readIssuedAt(far)).to.equal(2 ** 56 + Date.UTC(2025, 0, 1));
  });

  it('accepts a full payload and an empty one', function () {
    for (const n of [0, 1, MAX_PAYLOAD]) {
      const f = { ...sample(), payload: new Uint8Array(n).fill(0xab) };
      expect(decodeTx(encodeTx(f)).payload.length, `payload ${n}`).to.equal(n);
    }
  });

  it('encodeTx names the bad field', function () {
    const f = sample();
    const bad: [Partial<Record<keyof TxFields, unknown>>, RegExp, typeof TypeError | typeof RangeError][] = [
      [{ version: 2 }, /fields\.version/, RangeError],
      [{ kind: 256 }, /fields\.kind/, RangeError],
      [{ index: -1 }, /fields\.index/, RangeError],
      [{ lastIndex: 1.5 }, /fields\.lastIndex/, RangeError],
      [{ issuer: new Uint8Array(31) }, /fields\.issuer/, RangeError],
      [{ tag: 'x' }, /fields\.tag/, TypeError],
      [{ issuedAt: 2 ** 53 }, /fields\.issuedAt/, RangeError],
      [{ payload: new Uint8Array(MAX_PAYLOAD + 1) }, /fields\.payload/, RangeError],
      [{ bundle: new Uint8Array(33) }, /fields\.bundle/, RangeError],
      [{ trunk: null }, /fields\.trunk/, TypeError],
      [{ branch: new Uint8Array(0) }, /fields\.branch/, RangeError],
      [{ attachedAt: -1 }, /fields\.attachedAt/, RangeError],
      [{ signature: new Uint8Array(63) }, /fields\.signature/, RangeError],
      [{ nonce: 1 }, /fields\.nonce/, TypeError],
      [{ nonce: 1n << 64n }, /fields\.nonce/, RangeError],
    ];
    for (const [patch, message, type] of bad) {
      expect(() => encodeTx({ ...f, ...patch } as TxFields), JSON.stringify(Object.keys(patch))).to.throw(type, message);
    }
  });

  it('readers refuse anything but a whole tx', function () {
    expect(() => readIndex(new Uint8Array(10))).to.throw(RangeError, /bytes/);
    expect(() => readNonce([] as unknown as Uint8Array)).to.throw(TypeError, /bytes/);
    expect(() => txId(new Uint8Array(TX_SIZE + 1))).to.throw(RangeError, /bytes/);
  });

  it('txId is BLAKE2b-256 of all 1280 bytes, as hash-wasm computes it', async function () {
    const b = encodeTx(sample());
    expect(bytesToHex(txId(b))).to.equal(await blake2bWasm(b, 256));
    const c = b.slice();
    c[TX_SIZE - 1] ^= 1; // the nonce is covered too
    expect(bytesToHex(txId(c))).to.not.equal(bytesToHex(txId(b)));
  });

  it('powEssence is a view of the bytes before the nonce', function () {
    const b = encodeTx(sample());
    const e = powEssence(b);
    expect(e.length).to.equal(NONCE_OFFSET);
    expect(e.buffer).to.equal(b.buffer);
    expect(e.byteOffset).to.equal(b.byteOffset);
  });

  it('withAttachment sets trunk, branch, attachedAt and nonce on a copy and nothing else', function () {
    const b = encodeTx(sample());
    const before = b.slice();
    const a = { trunk: new Uint8Array(32).fill(7), branch: new Uint8Array(32).fill(8), attachedAt: 1_750_000_000_000, nonce: 99n };
    const out = withAttachment(b, a);
    expect(b).to.deep.equal(before);
    expect(decodeTx(out)).to.deep.equal({ ...sample(), ...a });
    expect(() => withAttachment(b, { ...a, nonce: -1n })).to.throw(RangeError, /attachment\.nonce/);
    expect(() => withAttachment(b, { ...a, trunk: new Uint8Array(3) })).to.throw(RangeError, /attachment\.trunk/);
  });

  it('idKey gives equal keys exactly for equal ids, whatever the view, and names a wrong length', function () {
    // Pairs of ids that differ in one byte (any byte, by any amount) and arbitrary pairs.
    const oneByte = fc.tuple(bytes(32), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 255 })).map(([a, at, by]) => {
      const b = a.slice();
      b[at] ^= by;
      return [a, b] as const;
    });
    fc.assert(
      fc.property(fc.oneof(oneByte, fc.tuple(bytes(32), bytes(32))), ([a, b]) => {
        expect(idKey(a) === idKey(b)).to.equal(bytesToHex(a) === bytesToHex(b));
        expect(idKey(a)).to.have.length(16);
      }),
      { seed: 1105, numRuns: 2000 },
    );
    // A view at an odd offset of a larger buffer keys like a copy.
    const big = Uint8Array.from({ length: 99 }, (_, i) => (i * 37) & 0xff);
    expect(idKey(big.subarray(3, 35))).to.equal(idKey(big.slice(3, 35)));
    expect(() => idKey(new Uint8Array(31))).to.throw(RangeError, /id must be 32 bytes, got 31/);
  });
});
