// The PoW digest of Kerl-PoW v1 (docs/design.md "Proof of work (Kerl-PoW v1)"; as TIP-12's pow_digest):
// BLAKE2b-256 over the transaction bytes without the nonce. Hashing the essence once lets every
// attempt hash only one 243-trit block.
import { blake2b } from '@noble/hashes/blake2.js';
import { DIGEST_BYTES } from './layout.ts';

/** BLAKE2b-256 of the tx bytes without the nonce. Called by the attach flow, the validator and the tests. */
export function powDigest(essence: Uint8Array): Uint8Array {
  if (!(essence instanceof Uint8Array)) throw new TypeError('essence must be a Uint8Array');
  return blake2b(essence, { dkLen: DIGEST_BYTES });
}
