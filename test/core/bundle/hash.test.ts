// The bundle hash (web/core/bundle/hash.ts; README "Transactions": BLAKE2b-256 over the essences of
// the bundle's txs, in index order, without their bundle fields) against an independent BLAKE2b
// (hash-wasm), fed with the bytes the layout table (web/core/tx/layout.ts TX_LAYOUT) names as
// essence, minus the BUNDLE field. Random bundles of 1..255 txs of random bytes, so every field,
// covered or not, differs between txs. Checked for the default hash (@noble/hashes) and for the
// WASM core's blake2b256, which the replica hands to the ingest pipeline (coreServices ->
// ReplicaOptions.blake2b256 -> IngestContext.blake2b256), whose buffer a large bundle overflows
// many times over (255 essences are 281,520 bytes).
import { expect } from 'chai';
import fc from 'fast-check';
import { createBLAKE2b } from 'hash-wasm';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bundleHash } from '../../../web/core/bundle/index.ts';
import { MAX_BUNDLE_TXS, TX_LAYOUT, TX_SIZE } from '../../../web/core/tx/index.ts';
import { coreServices } from '../../../web/ledger/services.ts';
import { loadCore } from '../../../web/wasm/index.ts';

const SEED = 0x62756e64; // "bund"
const CASES = 60;

/** What the bundle hash covers of each tx, from the table: every essence field but BUNDLE, in order. */
const COVERED = TX_LAYOUT.filter((f) => f.part === 'essence' && f.name !== 'BUNDLE');

/** The expected bundle hash: hash-wasm's BLAKE2b-256 over the covered fields of each tx in turn. */
async function expectedHash(txs: readonly Uint8Array[]): Promise<string> {
  const h = await createBLAKE2b(256);
  h.init();
  for (const tx of txs) for (const f of COVERED) h.update(tx.subarray(f.offset, f.offset + f.length));
  return h.digest('hex');
}

/**
 * TX_SIZE random bytes from a nonzero 32-bit seed (Marsaglia's xorshift32). fast-check draws the
 * seeds; drawing 1280 bytes per tx through it took 8.5 s for the 8,000 txs of a run.
 */
function txBytes(seed: number): Uint8Array {
  const out = new Uint8Array(TX_SIZE);
  let x = seed >>> 0;
  for (let i = 0; i < TX_SIZE; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x;
    out[i + 1] = x >>> 8;
    out[i + 2] = x >>> 16;
    out[i + 3] = x >>> 24;
  }
  return out;
}

// A third each: 1..4 txs (the usual record), 1..255, and the largest bundle.
const bundles: fc.Arbitrary<Uint8Array[]> = fc
  .oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: MAX_BUNDLE_TXS }), fc.constant(MAX_BUNDLE_TXS))
  .chain((n) => fc.array(fc.integer({ min: 1, max: 0xffffffff }), { minLength: n, maxLength: n }))
  .map((seeds) => seeds.map(txBytes));

describe(`bundleHash against hash-wasm's BLAKE2b over the layout's essence fields (seed ${SEED})`, function () {
  it('covers the essence fields but BUNDLE, and nothing of attachment, signature or nonce', function () {
    // The oracle's own input: if the table moved a field, the bundle hash must follow the table.
    expect(COVERED.map((f) => f.name)).to.include.members(['VERSION', 'KIND', 'INDEX', 'LAST_INDEX', 'ISSUER', 'TAG', 'ISSUED_AT', 'PAYLOAD_LENGTH', 'PAYLOAD']);
    expect(COVERED.map((f) => f.name)).to.not.include('BUNDLE');
    expect(COVERED.every((f) => f.part === 'essence')).to.equal(true);
  });

  it(`equals it for ${CASES} random bundles of 1..${MAX_BUNDLE_TXS} txs, with the default and the WASM BLAKE2b`, async function () {
    this.timeout(300_000);
    const core = await loadCore();
    const wasmHash = coreServices(core).blake2b256;
    expect(wasmHash, 'coreServices gives the pipeline a blake2b256').to.be.a('function');
    const samples = fc.sample(bundles, { seed: SEED, numRuns: CASES });
    let ran = 0;
    let largest = 0;
    for (const [n, txs] of samples.entries()) {
      const where = `seed ${SEED}, case ${n}: a bundle of ${txs.length} txs`;
      const expected = await expectedHash(txs);
      expect(bytesToHex(bundleHash(txs)), `${where}, default BLAKE2b`).to.equal(expected);
      expect(bytesToHex(bundleHash(txs, wasmHash!)), `${where}, the WASM core's BLAKE2b`).to.equal(expected);
      ran++;
      largest = Math.max(largest, txs.length);
    }
    expect(ran, `cases run (seed ${SEED})`).to.equal(CASES);
    expect(largest, `the largest bundle drawn (seed ${SEED})`).to.equal(MAX_BUNDLE_TXS);
  });
});
