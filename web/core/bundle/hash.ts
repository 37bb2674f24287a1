// The bundle hash (docs/design.md "Transactions and bundles": the bundle hash covers all the members'
// essences): BLAKE2b-256 over the concatenation, in index order, of each tx's essence without the
// bundle field, i.e. bytes [0, BUNDLE_OFFSET). Attachment, signature and nonce are outside it, so a
// bundle can be re-attached without a new signature.
import { blake2b } from '@noble/hashes/blake2.js';
import { BUNDLE_OFFSET, HASH_LENGTH, TX_SIZE } from '../tx/index.ts';

/**
 * The bundle hash of `txs`, given in index order. `hash` is an optional faster BLAKE2b-256 (the
 * validator passes the WASM core's); by default @noble/hashes. Called by buildBundle, validation
 * and tests.
 */
export function bundleHash(txs: readonly Uint8Array[], hash?: (data: Uint8Array) => Uint8Array): Uint8Array {
  if (!Array.isArray(txs)) throw new TypeError('txs must be an array of txs');
  if (txs.length === 0) throw new RangeError('txs must hold at least one tx');
  txs.forEach((tx, i) => {
    if (!(tx instanceof Uint8Array)) throw new TypeError(`txs[${i}] must be a Uint8Array`);
    if (tx.length !== TX_SIZE) throw new RangeError(`txs[${i}] must be a tx of ${TX_SIZE} bytes, got ${tx.length}`);
  });
  if (hash) {
    const all = new Uint8Array(txs.length * BUNDLE_OFFSET);
    txs.forEach((tx, i) => all.set(tx.subarray(0, BUNDLE_OFFSET), i * BUNDLE_OFFSET));
    return hash(all);
  }
  const h = blake2b.create({ dkLen: HASH_LENGTH });
  for (const tx of txs) h.update(tx.subarray(0, BUNDLE_OFFSET));
  return h.digest();
}
