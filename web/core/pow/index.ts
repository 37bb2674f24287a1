// Kerl-PoW v1, the specification in plain TypeScript (docs/design.md "Proof of work (Kerl-PoW v1)";
// layout after TIP-12, b1t6 after TIP-5). The WASM core implements the fast search; these functions
// are its oracle and the validator's reference. Internal helpers (files starting with `_`) stay private.
export {
  DIGEST_BYTES,
  DIGEST_TRITS,
  DIGEST_OFFSET,
  NONCE_BYTES,
  NONCE_TRITS,
  NONCE_OFFSET,
  PAD_TRITS,
  PAD_OFFSET,
  POW_INPUT_TRITS,
  MAX_NONCE,
} from './layout.ts';
export { DEFAULT_MWM, MIN_MWM, MAX_MWM } from './params.ts';
export { expectedAttempts } from './cost.ts';
export { powDigest } from './digest.ts';
export { powInputTrits } from './input.ts';
export { tritWeight } from './weight.ts';
export { powHashRef, powWeightRef } from './hash.ts';
export { scanLowestNonce } from './scan.ts';
