// Structural Ed25519 checks, without verifying (RFC 8032 section 5.1.7: S must be below the group
// order L, and R and A must decode as points). They let the validator tell a malformed signature
// (SIGNATURE_MALFORMED) from one that is well-formed but wrong (SIGNATURE_INVALID), and reject
// small-order issuer keys, under which signatures can be forged for any message.
import { ed25519 } from '@noble/curves/ed25519.js';
import { idKey } from '../tx/index.ts';

/** The order of the Ed25519 base point: L = 2^252 + 27742317777372353535851937790883648493. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const L_BYTES_LE = Uint8Array.from({ length: 32 }, (_, i) => Number((L >> BigInt(8 * i)) & 0xffn));

/** Whether S (bytes 32..63, little-endian) is below L. Called by validation and web/crypto. */
export function isCanonicalSignature(signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array)) throw new TypeError('signature must be a Uint8Array');
  if (signature.length !== 64) throw new RangeError(`signature must be 64 bytes, got ${signature.length}`);
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i];
    if (s !== L_BYTES_LE[i]) return s < L_BYTES_LE[i];
  }
  return false; // S = L
}

/**
 * Canonical S and R a valid point encoding (strict RFC 8032 decoding). Called by the ingest
 * pipeline, only for a signature that failed to verify, to name why: a conforming verifier already
 * refuses an R that does not decode (RFC 8032 section 5.1.7, step 1), and decoding R costs a square
 * root in BigInt arithmetic, as much as a third of a WebCrypto verify.
 */
export function isWellFormedSignature(signature: Uint8Array): boolean {
  if (!isCanonicalSignature(signature)) return false;
  return _decodes(signature.subarray(0, 32)) !== null;
}

/** Verdicts of isValidPublicKey kept; a sync or a file names few issuers, again and again. */
const _KEY_VERDICTS = 1024;
const _keyVerdicts = new Map<string, boolean>();

/**
 * A valid public key: a strict point encoding, not of small order. Remembers its last verdicts (a
 * pure function of the bytes): decoding the point was a tenth of a sync receiver's samples when it
 * ran for every bundle (Chromium trace of the bench's data channel round). Called by the ingest
 * pipeline and web/crypto's verifier.
 */
export function isValidPublicKey(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array)) throw new TypeError('publicKey must be a Uint8Array');
  if (publicKey.length !== 32) return false;
  const key = idKey(publicKey);
  let valid = _keyVerdicts.get(key);
  if (valid === undefined) {
    const point = _decodes(publicKey);
    valid = point !== null && !point.isSmallOrder();
    if (_keyVerdicts.size >= _KEY_VERDICTS) _keyVerdicts.clear();
    _keyVerdicts.set(key, valid);
  }
  return valid;
}

function _decodes(bytes: Uint8Array) {
  try {
    return ed25519.Point.fromBytes(bytes, false);
  } catch {
    return null;
  }
}
