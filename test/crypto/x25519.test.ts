// The X25519 adapter (web/crypto; docs/design.md "Identity, keys and privacy"): RFC 7748 vectors on
// both backends, the two backends agreeing on random keys and on any 32 bytes as the other key (top
// bit set, values past p), low-order keys refused by both, and the frozen record envelope opening
// through the engine's X25519.
//
// Vectors: RFC 7748 section 5.2 (the two single scalar multiplications; the second's u has its top
// bit set, which X25519 must ignore) and section 6.1 (Alice's and Bob's key pairs and their shared
// secret), https://www.rfc-editor.org/rfc/rfc7748. The RFC's page was not in the search corpus; the
// values were taken from independent test suites that quote them and agree digit for digit (among
// them a Go TLS test, a Rust X25519 test and a C test of RFC 7748 section 5.2), and @noble/curves
// reproducing each is a further check that no digit was mistyped. The low-order u values are the
// seven of libsodium's list (0, 1, the two points of order 8, p - 1, p, p + 1), as those suites list them.
import { expect } from 'chai';
import fc from 'fast-check';
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { x25519Key, type X25519Key } from '../../web/crypto/index.ts';
import { openEnvelopeWith } from '../../web/core/records/index.ts';

const RFC7748_5_2 = [
  {
    scalar: 'a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4',
    u: 'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c',
    out: 'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
  },
  {
    scalar: '4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d',
    u: 'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493',
    out: '95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957',
  },
];
const RFC7748_6_1 = {
  alice: { secret: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', publicKey: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a' },
  bob: { secret: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb', publicKey: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f' },
  shared: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
};

const P = 2n ** 255n - 19n;
const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
/** The low-order u values, each also with its top bit set (X25519 ignores that bit). */
const LOW_ORDER = [
  le(0n),
  le(1n),
  hexToBytes('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'),
  hexToBytes('5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157'),
  le(P - 1n),
  le(P),
  le(P + 1n),
].flatMap((u) => {
  const high = u.slice();
  high[31] |= 0x80;
  return [u, high];
});

/** 'ok:<hex>' for a result, 'rejected' for a refusal. */
async function outcome(p: Promise<Uint8Array>): Promise<string> {
  try {
    return `ok:${bytesToHex(await p)}`;
  } catch {
    return 'rejected';
  }
}

const BACKENDS = ['webcrypto', 'noble'] as const;

describe('X25519 adapter (WebCrypto and @noble/curves)', function () {
  this.timeout(120_000);

  it('uses WebCrypto in this browser, and noble when asked', async function () {
    const secret = hexToBytes(RFC7748_6_1.alice.secret);
    expect((await x25519Key(secret)).backend).to.equal('webcrypto');
    expect((await x25519Key(secret, { backend: 'noble' })).backend).to.equal('noble');
  });

  for (const backend of BACKENDS) {
    it(`RFC 7748 5.2 and 6.1 on ${backend}: scalar multiplications, both public keys, the shared secret both ways`, async function () {
      for (const v of RFC7748_5_2) {
        const key = await x25519Key(hexToBytes(v.scalar), { backend });
        expect(bytesToHex(await key.agree(hexToBytes(v.u))), v.scalar).to.equal(v.out);
        expect(bytesToHex(x25519.getSharedSecret(hexToBytes(v.scalar), hexToBytes(v.u))), 'noble as the oracle').to.equal(v.out);
      }
      const alice = await x25519Key(hexToBytes(RFC7748_6_1.alice.secret), { backend });
      const bob = await x25519Key(hexToBytes(RFC7748_6_1.bob.secret), { backend });
      expect(bytesToHex(alice.publicKey)).to.equal(RFC7748_6_1.alice.publicKey);
      expect(bytesToHex(bob.publicKey)).to.equal(RFC7748_6_1.bob.publicKey);
      expect(bytesToHex(await alice.agree(hexToBytes(RFC7748_6_1.bob.publicKey)))).to.equal(RFC7748_6_1.shared);
      expect(bytesToHex(await bob.agree(hexToBytes(RFC7748_6_1.alice.publicKey)))).to.equal(RFC7748_6_1.shared);
    });

    it(`refuses every low-order key on ${backend} (all-zero result)`, async function () {
      const key = await x25519Key(hexToBytes(RFC7748_6_1.bob.secret), { backend });
      for (const u of LOW_ORDER) expect(await outcome(key.agree(u)), bytesToHex(u)).to.equal('rejected');
    });
  }

  it('both backends agree on random secrets and any 32 bytes as the other key (fast-check seed 7748)', async function () {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.constantFrom('as is', 'top bit set', 'past p'),
        async (secret, peer, kind) => {
          const u = peer.slice();
          if (kind === 'top bit set') u[31] |= 0x80;
          // A value from p to 2^255 - 1, which X25519 takes modulo p.
          if (kind === 'past p') u.set(le(P + BigInt(u[0] % 19)));
          const [a, b] = await Promise.all(BACKENDS.map((backend) => x25519Key(secret, { backend })));
          expect(bytesToHex(a.publicKey)).to.equal(bytesToHex(b.publicKey));
          const fromWebCrypto = await outcome(a.agree(u));
          expect(fromWebCrypto, `${bytesToHex(secret)} × ${bytesToHex(u)}`).to.equal(await outcome(b.agree(u)));
          runs++;
        },
      ),
      { seed: 7748, numRuns: 200 },
    );
    expect(runs).to.equal(200);
  });

  it('checks its arguments, and keeps no copy of the secret in view', async function () {
    const secret = hexToBytes(RFC7748_6_1.alice.secret);
    let thrown: unknown;
    try {
      await x25519Key(new Uint8Array(31));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(RangeError);
    const key: X25519Key = await x25519Key(secret);
    expect(await outcome(key.agree(new Uint8Array(33)))).to.equal('rejected');
    expect(JSON.stringify(key)).to.not.include(RFC7748_6_1.alice.secret);
    expect(Object.values(key).some((v) => v instanceof Uint8Array && bytesToHex(v) === RFC7748_6_1.alice.secret)).to.equal(false);
  });

  it('opens the frozen format-1 envelope through the engine\'s X25519, for each of its readers', async function () {
    const fixture = (await (await fetch(new URL('../fixtures/envelope-v1.json', import.meta.url))).json()) as { readers: string[]; plaintext: string; envelope: string };
    const env = hexToBytes(fixture.envelope);
    for (const secret of fixture.readers) {
      const key = await x25519Key(hexToBytes(secret));
      expect(key.backend).to.equal('webcrypto');
      expect(new TextDecoder().decode((await openEnvelopeWith(env, key))!)).to.equal(fixture.plaintext);
    }
    expect(await openEnvelopeWith(env, await x25519Key(new Uint8Array(32).fill(7)))).to.equal(null);
  });
});
