// Kerl-PoW v1 hash and weight with the plain reference Kerl (docs/design.md "Proof of work (Kerl-PoW v1)").
// Slow on purpose: this is the oracle for the WASM search, not the search itself.
import { Kerl } from '../ternary/index.ts';
import { powInputTrits } from './input.ts';
import { POW_INPUT_TRITS } from './layout.ts';
import { tritWeight } from './weight.ts';

/** Kerl(absorb 243, squeeze 243) of the attempt's input. Called by powWeightRef and the vector suites. */
export function powHashRef(digest: Uint8Array, nonce: bigint): Int8Array {
  const input = powInputTrits(digest, nonce); // checks digest and nonce
  const kerl = new Kerl();
  kerl.absorb(input);
  return kerl.squeeze(POW_INPUT_TRITS);
}

/** The weight of one attempt. Called by scanLowestNonce, the validator's tests and the WASM tests. */
export function powWeightRef(digest: Uint8Array, nonce: bigint): number {
  return tritWeight(powHashRef(digest, nonce));
}
