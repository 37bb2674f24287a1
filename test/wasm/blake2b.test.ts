// BLAKE2b-256 in the WASM core against RFC 7693 and @noble/hashes, every build.
import { expect } from 'chai';
import fc from 'fast-check';
import { blake2b } from '@noble/hashes/blake2.js';
import { loadCore } from '../../web/wasm/index.ts';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const ref = (d: Uint8Array) => blake2b(d, { dkLen: 32 });

for (const variant of ['release', 'compat', 'debug'] as const) {
  describe(`WASM BLAKE2b-256 (${variant})`, () => {
    it('gives the known BLAKE2b-256 of "" and "abc"', async () => {
      const core = await loadCore({ variant });
      // Known BLAKE2b-256 answers (what b2sum -l 256 prints); RFC 7693 itself lists only the
      // 512-bit "abc" example, so @noble/hashes below is the independent oracle.
      expect(hex(core.blake2b256(new Uint8Array(0)))).to.equal('0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
      expect(hex(core.blake2b256(new TextEncoder().encode('abc')))).to.equal('bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
    });

    it('agrees with @noble/hashes at every length around block edges and for random data', async () => {
      const core = await loadCore({ variant });
      for (const n of [0, 1, 127, 128, 129, 255, 256, 257, 1103, 1104, 1272, 1280, 16383, 16384, 16385, 40000]) {
        const d = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff);
        expect(hex(core.blake2b256(d)), `length ${n}`).to.equal(hex(ref(d)));
      }
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 3000 }), (d) => hex(core.blake2b256(d)) === hex(ref(d))),
        { numRuns: 300, seed: 0x626c616b },
      );
    });

    it('txHashes gives the digest of the prefix and the hash of the whole at once', async () => {
      const core = await loadCore({ variant });
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 2000 }), fc.nat(), (d, k) => {
          const short = d.length === 0 ? 0 : k % (d.length + 1);
          const { digest, id } = core.txHashes(d, short);
          return hex(digest) === hex(ref(d.subarray(0, short))) && hex(id) === hex(ref(d));
        }),
        { numRuns: 300, seed: 0x7478 },
      );
      expect(() => core.txHashes(new Uint8Array(10), 11)).to.throw(RangeError, /digestLength/);
    });
  });
}
