// Boundary checks for the Kerl-PoW v1 functions (internal: not exported from index.ts). Errors name
// the argument. Ranges come from docs/design.md "Proof of work (Kerl-PoW v1)".
import { DIGEST_BYTES, MAX_NONCE } from './layout.ts';
import { MAX_MWM, MIN_MWM } from './params.ts';

export function _assertDigest(digest: unknown): asserts digest is Uint8Array {
  if (!(digest instanceof Uint8Array)) throw new TypeError('digest must be a Uint8Array');
  if (digest.length !== DIGEST_BYTES) {
    throw new RangeError(`digest must be ${DIGEST_BYTES} bytes, got ${digest.length}`);
  }
}

export function _assertNonce(nonce: unknown, name = 'nonce'): asserts nonce is bigint {
  if (typeof nonce !== 'bigint') throw new TypeError(`${name} must be a bigint, got ${typeof nonce}`);
  if (nonce < 0n || nonce > MAX_NONCE) throw new RangeError(`${name} must be in 0..2^64-1, got ${nonce}`);
}

export function _assertMwm(mwm: unknown): asserts mwm is number {
  if (typeof mwm !== 'number' || !Number.isInteger(mwm) || mwm < MIN_MWM || mwm > MAX_MWM) {
    throw new RangeError(`mwm must be an integer in ${MIN_MWM}..${MAX_MWM}, got ${String(mwm)}`);
  }
}

export function _assertCount(count: unknown): asserts count is number {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative safe integer, got ${String(count)}`);
  }
}
