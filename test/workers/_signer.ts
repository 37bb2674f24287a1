// A bundle signer for tests of the tangle client (not a test file): what the identity worker does
// for the app, with a fixed key, so no outcome depends on crypto.getRandomValues.
import { buildBundle } from '../../web/core/bundle/index.ts';
import { signingKeyFromSecret } from '../../web/crypto/index.ts';
import type { BundleSigner } from '../../web/workers/index.ts';

/** A signer with the key of 32 bytes of `fill`. */
export function testSigner(fill = 0x5a): BundleSigner {
  const key = signingKeyFromSecret(new Uint8Array(32).fill(fill));
  return (spec) => buildBundle({ kind: spec.kind, issuer: key.publicKey, tag: new Uint8Array(32), issuedAt: Date.now(), payload: spec.payload }, key.sign);
}
