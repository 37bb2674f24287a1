// Ed25519 verification behind one interface (docs/design.md "Identity, keys and privacy": WebCrypto where
// it is faster, about 15x natively; @noble/curves otherwise). Every replica of a network must reach
// the same verdict on the same tx, so both backends check one equation. RFC 8032 section 5.1.7
// allows two: the cofactorless [S]B = R + [k]A and the cofactored [8][S]B = [8]R + [8][k]A, which
// differ when R or A has a small-order component. Chromium's WebCrypto checks the cofactorless one
// (it re-encodes [S]B - [k]A and compares the bytes with R) and noble's own verify the cofactored
// one, so the fallback here computes the cofactorless check from noble's point arithmetic instead
// of calling noble's verify (found by the ledger fuzz campaign: `npm run fuzz -- --torsion`; pinned
// by the C2SP CCTV edge-case vectors in test/crypto/ed25519.test.ts). Both refuse a non-canonical S
// (S >= L) and a small-order or non-canonical public key. Imported WebCrypto keys are cached (LRU):
// an import costs about as much as a verify. Wrong lengths throw (a programming error); bad keys and
// signatures give false.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { bytesToNumberLE, equalBytes } from '@noble/curves/utils.js';
import { isCanonicalSignature, isValidPublicKey } from '../core/validate/index.ts';
import { _Lru } from './_lru.ts';

/** Which implementation verifies. */
export type Ed25519Backend = 'webcrypto' | 'noble';

/** A verifier: `verify` resolves true only for a valid signature of `message` under `publicKey`. */
export interface Ed25519Verifier {
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** The backend in use (resolved on first use: WebCrypto when it supports Ed25519). */
  backend(): Promise<Ed25519Backend>;
}

/** Options: force a backend (tests force 'noble'), size the key cache. */
export interface Ed25519VerifierOptions {
  backend?: Ed25519Backend | 'auto';
  cacheSize?: number;
}

/** Keys kept imported by default. */
const DEFAULT_CACHE_SIZE = 256;
/** A valid public key for the support probe: the encoding of the Ed25519 base point (y = 4/5). */
const PROBE_KEY = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0x58 : 0x66));
const ALGORITHM = { name: 'Ed25519' } as const;

let _webCryptoSupport: Promise<boolean> | undefined;

/** Whether this engine's WebCrypto does Ed25519 (probed once per realm). */
function _supportsWebCrypto(): Promise<boolean> {
  _webCryptoSupport ??= (async () => {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) return false;
    try {
      await subtle.importKey('raw', PROBE_KEY.slice(), ALGORITHM, false, ['verify']);
      return true;
    } catch {
      return false;
    }
  })();
  return _webCryptoSupport;
}

/** A verifier with its own key cache. Called by the app's composition root and the crypto tests. */
export function createEd25519Verifier(options: Ed25519VerifierOptions = {}): Ed25519Verifier {
  const wanted = options.backend ?? 'auto';
  if (wanted !== 'auto' && wanted !== 'webcrypto' && wanted !== 'noble') {
    throw new RangeError(`options.backend must be 'auto', 'webcrypto' or 'noble', got ${String(wanted)}`);
  }
  const keys = new _Lru<string, Promise<CryptoKey | null>>(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  let resolved: Promise<Ed25519Backend> | undefined;

  const backend = (): Promise<Ed25519Backend> => {
    resolved ??= (async () => {
      if (wanted === 'noble') return 'noble';
      const ok = await _supportsWebCrypto();
      if (wanted === 'webcrypto' && !ok) throw new Error('WebCrypto Ed25519 is not available in this engine');
      return ok ? 'webcrypto' : 'noble';
    })();
    return resolved;
  };

  /** The imported key, or null for a key that is not a valid, non-small-order point. */
  const importKey = (publicKey: Uint8Array): Promise<CryptoKey | null> => {
    const hex = bytesToHex(publicKey);
    let key = keys.get(hex);
    if (key === undefined) {
      key = isValidPublicKey(publicKey)
        ? globalThis.crypto.subtle.importKey('raw', publicKey.slice(), ALGORITHM, false, ['verify']).catch(() => null)
        : Promise.resolve(null);
      keys.set(hex, key);
    }
    return key;
  };

  const verify = async (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> => {
    _assertBytes(publicKey, 'publicKey', 32);
    _assertBytes(message, 'message');
    _assertBytes(signature, 'signature', 64);
    if (!isCanonicalSignature(signature)) return false;
    if ((await backend()) === 'noble') return _verifyCofactorless(publicKey, message, signature);
    const key = await importKey(publicKey);
    if (key === null) return false;
    try {
      return await globalThis.crypto.subtle.verify(ALGORITHM, key, signature.slice(), message.slice());
    } catch {
      return false;
    }
  };

  return Object.freeze({ verify, backend });
}

/** The ed25519 group order L (RFC 8032 section 5.1). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/**
 * RFC 8032 5.1.7 with the cofactorless equation, as WebCrypto checks it: k = SHA-512(R || A || M)
 * mod L, then the encoding of [S]B - [k]A must equal R byte for byte (so a non-canonical R never
 * verifies). S < L was checked by the caller; A must be a canonical encoding of a point that is not
 * of small order (isValidPublicKey).
 */
function _verifyCofactorless(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isValidPublicKey(publicKey)) return false;
  const A = ed25519.Point.fromBytes(publicKey, false);
  const R = signature.subarray(0, 32);
  const S = bytesToNumberLE(signature.subarray(32, 64));
  const k = bytesToNumberLE(sha512(concatBytes(R, publicKey, message))) % L;
  const check = ed25519.Point.BASE.multiplyUnsafe(S).subtract(A.multiplyUnsafe(k));
  return equalBytes(check.toBytes(), R);
}

function _assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (length !== undefined && value.length !== length) throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
}

let _default: Ed25519Verifier | undefined;

/** Verifies with the shared default verifier (WebCrypto when available). Called by the ingest pipeline's context and the record layer. */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  _default ??= createEd25519Verifier();
  return _default.verify(publicKey, message, signature);
}
