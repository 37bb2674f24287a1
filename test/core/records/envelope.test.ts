// The record envelope, format 2 (web/core/records, docs/envelope.md): round trips for 1 to 8 readers
// and 0 B to 200 KB (fast-check, fixed seed), nothing for a non-reader, every flipped byte refused,
// a wrap moved to another record refused, the size classes, one key agreement per record, opening
// with a given key agreement (openEnvelopeWith) answering exactly as opening with the secret, and
// frozen fixtures sealed once with format 1 and with format 2 and committed
// (test/fixtures/envelope-v1.json, envelope-v2.json) that must still open, so a format change cannot
// slip by.
import { expect } from 'chai';
import fc from 'fast-check';
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  ENVELOPE_HEADER_SIZE,
  EnvelopeError,
  MAX_PLAINTEXT,
  WRAP_SIZE,
  WRAPS_OFFSET,
  bucketFor,
  envelopeSize,
  openEnvelope,
  openEnvelopeWith,
  sealEnvelope,
  type EnvelopeReader,
} from '../../../web/core/records/index.ts';

/** splitmix32 bytes: a seeded source, so no outcome depends on crypto.getRandomValues. */
function seeded(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (n) => Uint8Array.from({ length: n }, () => next() & 0xff);
}

const keyPair = (random: (n: number) => Uint8Array) => {
  const secret = random(32);
  return { secret, publicKey: x25519.getPublicKey(secret) };
};

/** A reader whose agreement is @noble/curves' own, behind openEnvelopeWith's interface. */
const readerOf = (secret: Uint8Array): EnvelopeReader => ({
  publicKey: x25519.getPublicKey(secret),
  agree: async (publicKey) => x25519.getSharedSecret(secret, publicKey),
});

/** What opening gave: the plaintext (hex), 'null', or the EnvelopeError's reason. */
async function answer(open: () => Uint8Array | null | Promise<Uint8Array | null>): Promise<string> {
  try {
    const plain = await open();
    return plain === null ? 'null' : `plain:${bytesToHex(plain)}`;
  } catch (e) {
    return e instanceof EnvelopeError ? `refused:${e.reason}` : `threw:${String(e)}`;
  }
}

/** Opening must not give back the plaintext: it either says "not for you" (null) or throws an EnvelopeError. */
function refused(envelope: Uint8Array, secret: Uint8Array): boolean {
  try {
    return openEnvelope(envelope, secret) === null;
  } catch (e) {
    return e instanceof EnvelopeError;
  }
}

describe('record envelope', function () {
  this.timeout(120_000);

  it('round-trips for 1 to 8 readers and 0 B to 200 KB, and a non-reader opens nothing (fast-check seed 81)', function () {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200_000 })),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (count, size, seed) => {
          const random = seeded(seed);
          const readers = Array.from({ length: count }, () => keyPair(random));
          const outsider = keyPair(random);
          const plaintext = random(size);
          const env = sealEnvelope(plaintext, readers.map((r) => r.publicKey), random);
          expect(env.length).to.equal(envelopeSize(count, size));
          for (const r of readers) expect(bytesToHex(openEnvelope(env, r.secret)!)).to.equal(bytesToHex(plaintext));
          expect(openEnvelope(env, outsider.secret)).to.equal(null);
          runs++;
        },
      ),
      { seed: 81, numRuns: 40 },
    );
    expect(runs).to.equal(40);
    // The edges: empty, the largest, and 200 KB exactly, with 8 readers.
    const random = seeded(82);
    const eight = Array.from({ length: 8 }, () => keyPair(random));
    for (const size of [0, 200 * 1024, MAX_PLAINTEXT]) {
      const plaintext = random(size);
      const env = sealEnvelope(plaintext, eight.map((r) => r.publicKey), random);
      expect(bytesToHex(openEnvelope(env, eight[7].secret)!), String(size)).to.equal(bytesToHex(plaintext));
    }
  });

  it('pads to a power-of-two body, so a length says only its size class', function () {
    expect([0, 236, 237, 492, 493, 200 * 1024, MAX_PLAINTEXT].map(bucketFor)).to.deep.equal([0, 0, 1, 1, 2, 10, 10]);
    expect(envelopeSize(3, 0)).to.equal(ENVELOPE_HEADER_SIZE + 32 + 3 * WRAP_SIZE + 256);
    expect([ENVELOPE_HEADER_SIZE, WRAPS_OFFSET, WRAP_SIZE, envelopeSize(3, 636)]).to.deep.equal([31, 63, 48, 31 + 32 + 3 * 48 + 1024]);
    expect(envelopeSize(3, 100)).to.equal(envelopeSize(3, 200));
    expect(() => bucketFor(MAX_PLAINTEXT + 1)).to.throw(RangeError, /plaintext must be 0 to/);
    const random = seeded(83);
    expect(() => sealEnvelope(new Uint8Array(1), [], random)).to.throw(RangeError, /readers must hold 1 to 16/);
    expect(() => sealEnvelope(new Uint8Array(1), [new Uint8Array(31)], random)).to.throw(RangeError, /readers\[0\] must be a 32-byte/);
  });

  it('refuses every flipped byte, for every reader', function () {
    const random = seeded(84);
    const readers = [keyPair(random), keyPair(random), keyPair(random)];
    const plaintext = new TextEncoder().encode('{"resourceType":"Observation","status":"final"}');
    const env = sealEnvelope(plaintext, readers.map((r) => r.publicKey), random);
    let flips = 0;
    for (let i = 0; i < env.length; i++) {
      const bad = env.slice();
      bad[i] ^= 1 << (i % 8);
      for (const r of readers) expect(refused(bad, r.secret), `byte ${i}, reader ${readers.indexOf(r)}`).to.equal(true);
      flips++;
    }
    expect(flips).to.equal(env.length);
    // Cut or lengthened: refused with a reason that says so.
    expect(() => openEnvelope(env.subarray(0, env.length - 1), readers[0].secret)).to.throw(EnvelopeError, /bytes; its header says/);
    expect(() => openEnvelope(env.subarray(0, 10), readers[0].secret)).to.throw(EnvelopeError, /shorter than its header/);
    const longer = new Uint8Array(env.length + 1);
    longer.set(env);
    expect(() => openEnvelope(longer, readers[0].secret)).to.throw(EnvelopeError, /bytes; its header says/);
  });

  it('refuses a wrap moved to another record', function () {
    const random = seeded(85);
    const doctor = keyPair(random);
    const patient = keyPair(random);
    const a = sealEnvelope(new TextEncoder().encode('record A'), [patient.publicKey, doctor.publicKey], random);
    const b = sealEnvelope(new TextEncoder().encode('record B, not for the doctor'), [patient.publicKey, keyPair(random).publicKey], random);
    // The doctor's wrap of A put in place of B's second wrap.
    const moved = b.slice();
    moved.set(a.subarray(WRAPS_OFFSET + WRAP_SIZE, WRAPS_OFFSET + 2 * WRAP_SIZE), WRAPS_OFFSET + WRAP_SIZE);
    expect(refused(moved, doctor.secret), 'the doctor opens nothing of B').to.equal(true);
    expect(refused(moved, patient.secret), 'and B no longer opens for the patient either').to.equal(true);
    // A wrap moved with A's nonce and A's ephemeral key too: B's body still refuses it.
    const withNonce = moved.slice();
    withNonce.set(a.subarray(6, 30), 6);
    expect(refused(withNonce, doctor.secret)).to.equal(true);
    withNonce.set(a.subarray(ENVELOPE_HEADER_SIZE, WRAPS_OFFSET), ENVELOPE_HEADER_SIZE);
    expect(refused(withNonce, doctor.secret)).to.equal(true);
  });

  it('uses a fresh ephemeral key and a fresh nonce for every record, and refuses a repeated reader', function () {
    const random = seeded(86);
    const [a, b] = [keyPair(random), keyPair(random)];
    const seen = new Set<string>();
    for (let k = 0; k < 20; k++) {
      const env = sealEnvelope(new Uint8Array([k]), [a.publicKey, b.publicKey], random);
      for (const part of [env.subarray(6, 30), env.subarray(ENVELOPE_HEADER_SIZE, WRAPS_OFFSET), env.subarray(WRAPS_OFFSET, WRAPS_OFFSET + 2 * WRAP_SIZE)]) {
        seen.add(bytesToHex(part));
      }
    }
    expect(seen.size).to.equal(60);
    expect(() => sealEnvelope(new Uint8Array(1), [a.publicKey, b.publicKey, a.publicKey.slice()], random)).to.throw(RangeError, /readers\[2\] repeats readers\[0\]/);
  });

  it('agrees once per record, whichever wrap is the reader\'s (format 1 agreed once per wrap tried)', async function () {
    const random = seeded(89);
    const readers = [keyPair(random), keyPair(random), keyPair(random)];
    const env = sealEnvelope(new Uint8Array([1, 2, 3]), readers.map((r) => r.publicKey), random);
    const counting = (secret: Uint8Array): { calls: number; reader: EnvelopeReader } => {
      const r = readerOf(secret);
      const c: { calls: number; reader: EnvelopeReader } = { calls: 0, reader: r };
      c.reader = { publicKey: r.publicKey, agree: (p) => (c.calls++, r.agree(p)) };
      return c;
    };
    for (const [k, r] of readers.entries()) {
      const c = counting(r.secret);
      expect(bytesToHex((await openEnvelopeWith(env, c.reader))!), `reader ${k}`).to.equal('010203');
      expect(c.calls, `reader ${k}`).to.equal(1);
    }
    const outsider = counting(keyPair(random).secret);
    expect(await openEnvelopeWith(env, outsider.reader)).to.equal(null);
    expect(outsider.calls).to.equal(1);
    // The format-1 fixture, as its last reader: one agreement per wrap.
    const v1 = (await (await fetch(new URL('../../fixtures/envelope-v1.json', import.meta.url))).json()) as { readers: string[]; envelope: string };
    const last = counting(hexToBytes(v1.readers[2]));
    expect(await openEnvelopeWith(hexToBytes(v1.envelope), last.reader)).to.not.equal(null);
    expect(last.calls).to.equal(3);
  });

  it('names what is wrong with a malformed envelope', function () {
    const random = seeded(87);
    const r = keyPair(random);
    const env = sealEnvelope(new Uint8Array(5), [r.publicKey], random);
    const patch = (i: number, v: number) => {
      const b = env.slice();
      b[i] = v;
      return b;
    };
    const reason = (b: Uint8Array) => {
      try {
        openEnvelope(b, r.secret);
        return 'opened';
      } catch (e) {
        return (e as EnvelopeError).reason;
      }
    };
    expect(reason(patch(0, 0x58))).to.equal('magic');
    expect(reason(patch(4, 3))).to.equal('version');
    expect(reason(patch(4, 0))).to.equal('version');
    // Read as format 1: with one reader both formats have the same length (31 + 80 = 63 + 48), and
    // format 1's key derivation and AD open nothing of it.
    expect(openEnvelope(patch(4, 1), r.secret)).to.equal(null);
    expect(reason(patch(5, 11))).to.equal('bucket');
    expect(reason(patch(30, 0))).to.equal('readers');
    expect(reason(patch(30, 17))).to.equal('readers');
    expect(reason(patch(30, 2))).to.equal('length');
    expect(reason(patch(env.length - 1, env[env.length - 1] ^ 1))).to.equal('tampered');
  });

  it('opens with a given key agreement (openEnvelopeWith) exactly as with the secret: every reader, a non-reader, every flipped byte, a low-order wrap', async function () {
    const random = seeded(88);
    const readers = [keyPair(random), keyPair(random), keyPair(random)];
    const outsider = keyPair(random);
    const plaintext = new TextEncoder().encode('{"resourceType":"Observation","status":"final"}');
    const env = sealEnvelope(plaintext, readers.map((r) => r.publicKey), random);
    for (const r of [...readers, outsider]) {
      expect(await answer(() => openEnvelopeWith(env, readerOf(r.secret)))).to.equal(await answer(() => openEnvelope(env, r.secret)));
    }
    expect(await answer(() => openEnvelopeWith(env, readerOf(readers[2].secret)))).to.equal(`plain:${bytesToHex(plaintext)}`);
    let compared = 0;
    for (let i = 0; i < env.length; i++) {
      const bad = env.slice();
      bad[i] ^= 1 << (i % 8);
      for (const r of readers) {
        const want = await answer(() => openEnvelope(bad, r.secret));
        expect(want, `byte ${i}`).to.not.match(/^plain:/);
        expect(await answer(() => openEnvelopeWith(bad, readerOf(r.secret))), `byte ${i}, reader ${readers.indexOf(r)}`).to.equal(want);
        compared++;
      }
    }
    expect(compared).to.equal(3 * env.length);
    // A record whose ephemeral key is a low-order point (the agreement refuses it) opens for nobody,
    // by either.
    const lowOrder = env.slice();
    lowOrder.fill(0, ENVELOPE_HEADER_SIZE, WRAPS_OFFSET);
    for (const r of readers) {
      expect(await answer(() => openEnvelope(lowOrder, r.secret))).to.equal('null');
      expect(await answer(() => openEnvelopeWith(lowOrder, readerOf(r.secret)))).to.equal('null');
    }
    // Its reader is checked like a secret is.
    expect(await answer(() => openEnvelopeWith(env, { publicKey: new Uint8Array(31), agree: async () => new Uint8Array(32) }))).to.match(/^threw:RangeError/);
  });

  it('still opens the frozen format-2 fixture, sealed once and committed', async function () {
    const fixture = (await (await fetch(new URL('../../fixtures/envelope-v2.json', import.meta.url))).json()) as {
      readers: string[];
      plaintext: string;
      envelope: string;
    };
    const env = hexToBytes(fixture.envelope);
    expect(env[4], 'format 2').to.equal(2);
    expect(fixture.readers.length).to.equal(3);
    for (const secret of fixture.readers) {
      expect(new TextDecoder().decode(openEnvelope(env, hexToBytes(secret))!)).to.equal(fixture.plaintext);
      expect(new TextDecoder().decode((await openEnvelopeWith(env, readerOf(hexToBytes(secret))))!)).to.equal(fixture.plaintext);
    }
    expect(openEnvelope(env, seeded(1)(32))).to.equal(null);
  });

  it('still opens the frozen format-1 fixture, sealed once and committed', async function () {
    const fixture = (await (await fetch(new URL('../../fixtures/envelope-v1.json', import.meta.url))).json()) as {
      readers: string[];
      plaintext: string;
      envelope: string;
    };
    const env = hexToBytes(fixture.envelope);
    expect(fixture.readers.length).to.equal(3);
    for (const secret of fixture.readers) {
      expect(new TextDecoder().decode(openEnvelope(env, hexToBytes(secret))!)).to.equal(fixture.plaintext);
      expect(new TextDecoder().decode((await openEnvelopeWith(env, readerOf(hexToBytes(secret))))!)).to.equal(fixture.plaintext);
    }
    expect(openEnvelope(env, seeded(1)(32))).to.equal(null);
    expect(await openEnvelopeWith(env, readerOf(seeded(1)(32)))).to.equal(null);
  });
});
