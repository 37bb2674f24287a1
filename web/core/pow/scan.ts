// A plain sequential nonce scan with the reference hash: the oracle that the WASM search must match
// exactly (docs/design.md "Proof of work (Kerl-PoW v1)": valid iff weight >= MWM).
import { _assertCount, _assertDigest, _assertMwm, _assertNonce } from './_args.ts';
import { powWeightRef } from './hash.ts';
import { MAX_NONCE } from './layout.ts';

/**
 * The lowest nonce in [start, start + count) whose weight is >= mwm, or null. Called by the WASM
 * search tests and small-MWM unit tests.
 */
export function scanLowestNonce(digest: Uint8Array, start: bigint, count: number, mwm: number): bigint | null {
  _assertDigest(digest);
  _assertNonce(start, 'start');
  _assertCount(count);
  _assertMwm(mwm);
  if (count > 0 && start + BigInt(count) - 1n > MAX_NONCE) {
    throw new RangeError(`count ${count} from start ${start} runs past the largest nonce 2^64-1`);
  }
  for (let i = 0; i < count; i++) {
    const nonce = start + BigInt(i);
    if (powWeightRef(digest, nonce) >= mwm) return nonce;
  }
  return null;
}
