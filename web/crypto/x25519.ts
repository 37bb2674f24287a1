// X25519 key agreement (RFC 7748) behind one interface (docs/design.md "Identity, keys and privacy"):
// WebCrypto when the engine has it and agrees with @noble/curves on the key's own public key,
// @noble/curves otherwise. Opening a record takes one agreement per wrap tried; in the bench's
// identity worker one X25519 cost 450 to 1,400 µs with noble and 48 to 112 µs through WebCrypto
// (the peer's key imported each time; bench/README.md, `_meta.identity.breakdown`). The secret stays
// inside: a non-extractable CryptoKey, or for noble the caller's own array, used in place, so that
// zeroing it (as a lock does) leaves no copy behind.
import { x25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';

/** Which implementation agrees. */
export type X25519Backend = 'webcrypto' | 'noble';

/** A secret key that agrees: its public key and X25519 of its secret with another public key. */
export interface X25519Key {
  readonly publicKey: Uint8Array;
  readonly backend: X25519Backend;
  /** X25519(secret, peer) for a 32-byte public key; rejects when the result is all zeros (a low-order peer, RFC 7748 section 6.1). */
  agree(peer: Uint8Array): Promise<Uint8Array>;
}

const ALGORITHM = { name: 'X25519' } as const;
/** PKCS #8 of an X25519 private key (RFC 8410 section 7): this DER prefix, then the 32 secret bytes. */
const PKCS8_PREFIX = hexToBytes('302e020100300506032b656e04220420');
/** The base point, u = 9 (RFC 7748 section 4.1): X25519(secret, 9) is the public key. */
const BASE_POINT = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 9 : 0));

function _assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (value.length !== 32) throw new RangeError(`${name} must be 32 bytes, got ${value.length}`);
}

/** The engine's X25519 over `secret`, or null when it has none or it disagrees with noble on `publicKey`. */
async function _webCryptoAgree(secret: Uint8Array, publicKey: Uint8Array): Promise<((peer: Uint8Array) => Promise<Uint8Array>) | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const der = new Uint8Array(PKCS8_PREFIX.length + 32);
  der.set(PKCS8_PREFIX);
  der.set(secret, PKCS8_PREFIX.length);
  let key: CryptoKey;
  try {
    key = await subtle.importKey('pkcs8', der, ALGORITHM, false, ['deriveBits']);
  } catch {
    return null;
  } finally {
    der.fill(0);
  }
  const agree = async (peer: Uint8Array): Promise<Uint8Array> => {
    const other = await subtle.importKey('raw', peer.slice(), ALGORITHM, true, []);
    return new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: other }, key, 256));
  };
  try {
    const derived = await agree(BASE_POINT);
    return derived.every((b, i) => b === publicKey[i]) ? agree : null;
  } catch {
    return null;
  }
}

/**
 * A key that agrees with `secret` (32 bytes). `backend` 'auto' (the default) takes WebCrypto when it
 * works here, 'webcrypto' throws when it does not, 'noble' never tries it (tests). Called by the
 * identity service (opening records) and the crypto tests.
 */
export async function x25519Key(secret: Uint8Array, options: { backend?: X25519Backend | 'auto' } = {}): Promise<X25519Key> {
  _assertBytes(secret, 'secret');
  const wanted = options.backend ?? 'auto';
  if (wanted !== 'auto' && wanted !== 'webcrypto' && wanted !== 'noble') {
    throw new RangeError(`options.backend must be 'auto', 'webcrypto' or 'noble', got ${String(wanted)}`);
  }
  const publicKey = x25519.getPublicKey(secret);
  const engine = wanted === 'noble' ? null : await _webCryptoAgree(secret, publicKey);
  if (wanted === 'webcrypto' && !engine) throw new Error('WebCrypto X25519 is not available in this engine');
  const backend: X25519Backend = engine ? 'webcrypto' : 'noble';
  return Object.freeze({
    get publicKey(): Uint8Array {
      return publicKey.slice();
    },
    backend,
    async agree(peer: Uint8Array): Promise<Uint8Array> {
      _assertBytes(peer, 'peer');
      // Both throw for an all-zero result: noble by its own check, WebCrypto as its X25519 requires.
      return engine ? engine(peer) : x25519.getSharedSecret(secret, peer);
    },
  });
}
