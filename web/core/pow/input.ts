// The 243-trit Kerl input of Kerl-PoW v1: b1t6(digest) || b1t6(nonce as 8 bytes LE) || [0,0,0].
// Spec: docs/design.md "Proof of work (Kerl-PoW v1)"; layout from TIP-12, b1t6 from TIP-5.
import { b1t6Encode } from '../ternary/index.ts';
import { _assertDigest, _assertNonce } from './_args.ts';
import { DIGEST_OFFSET, NONCE_BYTES, NONCE_OFFSET, POW_INPUT_TRITS } from './layout.ts';

/** The Kerl input block for one attempt. Called by powHashRef and the layout tests. */
export function powInputTrits(digest: Uint8Array, nonce: bigint): Int8Array {
  _assertDigest(digest);
  _assertNonce(nonce);
  const out = new Int8Array(POW_INPUT_TRITS); // the PAD trits stay 0
  out.set(b1t6Encode(digest), DIGEST_OFFSET);
  out.set(b1t6Encode(_nonceBytesLE(nonce)), NONCE_OFFSET);
  return out;
}

function _nonceBytesLE(nonce: bigint): Uint8Array {
  const bytes = new Uint8Array(NONCE_BYTES);
  let rest = nonce;
  for (let i = 0; i < NONCE_BYTES; i++) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
