// Ed25519 signing keys (docs/design.md "Identity, keys and privacy"). Signing uses @noble/curves; the
// secret lives only in a closure: it is never a property, never logged, never returned.
import { ed25519 } from '@noble/curves/ed25519.js';

/** A signing key: its public key, and a signer over the secret kept in a closure. */
export interface SigningKey {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** A key from a 32-byte secret (the RFC 8032 "secret key" seed). Called by identity derivation (HKDF) and tests. */
export function signingKeyFromSecret(secret: Uint8Array): SigningKey {
  if (!(secret instanceof Uint8Array)) throw new TypeError('secret must be a Uint8Array');
  if (secret.length !== 32) throw new RangeError(`secret must be 32 bytes, got ${secret.length}`);
  const kept = secret.slice(); // the caller may wipe its copy
  const publicKey = ed25519.getPublicKey(kept);
  return Object.freeze({
    get publicKey(): Uint8Array {
      return publicKey.slice();
    },
    async sign(message: Uint8Array): Promise<Uint8Array> {
      if (!(message instanceof Uint8Array)) throw new TypeError('message must be a Uint8Array');
      return ed25519.sign(message, kept);
    },
  });
}

/** A fresh random key (secret from crypto.getRandomValues). Called by identity setup and tests. */
export async function generateSigningKey(): Promise<SigningKey> {
  const secret = globalThis.crypto.getRandomValues(new Uint8Array(32));
  try {
    return signingKeyFromSecret(secret);
  } finally {
    secret.fill(0);
  }
}
