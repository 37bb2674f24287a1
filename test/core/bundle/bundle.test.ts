// Bundles (web/core/bundle; docs/design.md "Transactions and bundles"): splitting and joining payloads,
// what the bundle hash covers, and building a signed, unattached bundle.
import { expect } from 'chai';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  MAX_BUNDLE_PAYLOAD,
  buildBundle,
  bundleHash,
  bundlePayload,
  joinPayload,
  splitPayload,
} from '../../../web/core/bundle/index.ts';
import {
  BUNDLE_OFFSET,
  GENESIS_ID,
  MAX_PAYLOAD,
  TX_KINDS,
  TX_SIZE,
  decodeTx,
  encodeTx,
  readBundle,
  readSignature,
} from '../../../web/core/tx/index.ts';
import { signingKeyFromSecret } from '../../../web/crypto/index.ts';

const key = signingKeyFromSecret(new Uint8Array(32).fill(3));
const TAG = new Uint8Array(32).fill(0x7a);
const ISSUED = Date.UTC(2025, 2, 1);
const payloadOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
const spec = (payload: Uint8Array) => ({ kind: TX_KINDS.record, issuer: key.publicKey, tag: TAG, issuedAt: ISSUED, payload });

describe('bundle payloads', function () {
  it('split then join round-trips any payload up to the bundle maximum (fast-check seed 21)', function () {
    const sizes = fc.oneof(fc.integer({ min: 0, max: 3 * MAX_PAYLOAD + 5 }), fc.constantFrom(MAX_PAYLOAD, MAX_BUNDLE_PAYLOAD));
    fc.assert(
      fc.property(sizes, fc.integer({ min: 0, max: 255 }), (n, fill) => {
        const p = payloadOf(n).map((x) => x ^ fill);
        const chunks = splitPayload(p);
        expect(chunks.length).to.equal(Math.max(1, Math.ceil(n / MAX_PAYLOAD)));
        for (const c of chunks.slice(0, -1)) expect(c.length).to.equal(MAX_PAYLOAD);
        expect(chunks[chunks.length - 1].length).to.be.within(n === 0 ? 0 : 1, MAX_PAYLOAD);
        expect(joinPayload(chunks)).to.deep.equal(p);
      }),
      { seed: 21, numRuns: 60 },
    );
  });

  it('gives one empty chunk for an empty payload, and refuses more than 255 txs', function () {
    expect(splitPayload(new Uint8Array(0)).map((c) => c.length)).to.deep.equal([0]);
    expect(MAX_BUNDLE_PAYLOAD).to.equal(255 * 1024);
    expect(splitPayload(new Uint8Array(MAX_BUNDLE_PAYLOAD)).length).to.equal(255);
    expect(() => splitPayload(new Uint8Array(MAX_BUNDLE_PAYLOAD + 1))).to.throw(RangeError, /bytes/);
    expect(() => splitPayload('x' as unknown as Uint8Array)).to.throw(TypeError, /bytes/);
  });
});

describe('bundleHash', function () {
  let txs: Uint8Array[];
  before(async function () {
    txs = await buildBundle(spec(payloadOf(2 * MAX_PAYLOAD + 10)), key.sign);
  });

  it('is BLAKE2b-256 of the essences without the bundle field, in index order', function () {
    const h = bundleHash(txs);
    expect(h.length).to.equal(32);
    expect(bundleHash([txs[1], txs[0], txs[2]])).to.not.deep.equal(h);
  });

  it('changes when any essence byte changes (fast-check seed 22)', function () {
    const h = bundleHash(txs);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: BUNDLE_OFFSET - 1 }), fc.integer({ min: 1, max: 255 }), (t, at, x) => {
        const copy = txs.map((b) => b.slice());
        copy[t][at] ^= x;
        expect(bundleHash(copy)).to.not.deep.equal(h);
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('does not change with the bundle field, attachment, signature or nonce (fast-check seed 23)', function () {
    const h = bundleHash(txs);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: BUNDLE_OFFSET, max: TX_SIZE - 1 }), fc.integer({ min: 1, max: 255 }), (t, at, x) => {
        const copy = txs.map((b) => b.slice());
        copy[t][at] ^= x;
        expect(bundleHash(copy)).to.deep.equal(h);
      }),
      { seed: 23, numRuns: 300 },
    );
  });

  it('names bad arguments', function () {
    expect(() => bundleHash([])).to.throw(RangeError, /txs/);
    expect(() => bundleHash([new Uint8Array(5)])).to.throw(RangeError, /txs\[0\]/);
  });
});

describe('buildBundle', function () {
  it('makes txs 0..last with shared essence fields, the bundle hash in each, attachment zero', async function () {
    const payload = payloadOf(2 * MAX_PAYLOAD + 1);
    const txs = await buildBundle(spec(payload), key.sign);
    expect(txs.length).to.equal(3);
    const h = bundleHash(txs);
    txs.forEach((b, i) => {
      const f = decodeTx(b);
      expect([f.index, f.lastIndex, f.kind, f.issuedAt]).to.deep.equal([i, 2, TX_KINDS.record, ISSUED]);
      expect(f.issuer).to.deep.equal(key.publicKey);
      expect(f.tag).to.deep.equal(TAG);
      expect(f.bundle).to.deep.equal(h);
      expect(f.trunk).to.deep.equal(GENESIS_ID);
      expect(f.branch).to.deep.equal(GENESIS_ID);
      expect([f.attachedAt, f.nonce]).to.deep.equal([0, 0n]);
      if (i > 0) expect(f.signature).to.deep.equal(new Uint8Array(64));
    });
    expect(bundlePayload(txs)).to.deep.equal(payload);
  });

  it('signs the bundle hash once, on the tail, with a signature that verifies', async function () {
    const messages: Uint8Array[] = [];
    const txs = await buildBundle(spec(payloadOf(1500)), async (m) => {
      messages.push(m);
      return key.sign(m);
    });
    expect(messages.length).to.equal(1);
    expect(messages[0]).to.deep.equal(readBundle(txs[0]));
    expect(ed25519.verify(readSignature(txs[0]), readBundle(txs[0]), key.publicKey, { zip215: false })).to.equal(true);
  });

  it('builds one tx for an empty record', async function () {
    const txs = await buildBundle(spec(new Uint8Array(0)), key.sign);
    expect(txs.length).to.equal(1);
    expect(decodeTx(txs[0]).payload.length).to.equal(0);
  });

  it('refuses unknown kinds, bad fields and a bad signer result', async function () {
    const fail = async (p: Promise<unknown>, type: typeof Error, re: RegExp) => {
      try {
        await p;
      } catch (e) {
        expect(e).to.be.instanceOf(type);
        expect((e as Error).message).to.match(re);
        return;
      }
      expect.fail(`expected ${type.name} ${re}`);
    };
    await fail(buildBundle({ ...spec(payloadOf(1)), kind: 7 }, key.sign), RangeError, /spec\.kind/);
    await fail(buildBundle({ ...spec(payloadOf(1)), issuer: new Uint8Array(3) }, key.sign), RangeError, /issuer/);
    await fail(buildBundle({ ...spec(payloadOf(1)), issuedAt: -5 }, key.sign), RangeError, /issuedAt/);
    await fail(buildBundle(spec(payloadOf(1)), async () => new Uint8Array(10)), RangeError, /sign\(\)/);
    await fail(buildBundle(spec(new Uint8Array(MAX_BUNDLE_PAYLOAD + 1)), key.sign), RangeError, /bytes/);
  });

  it('builds the same bytes as encodeTx would, field by field', async function () {
    const txs = await buildBundle(spec(payloadOf(10)), key.sign);
    expect(encodeTx(decodeTx(txs[0]))).to.deep.equal(txs[0]);
  });
});
