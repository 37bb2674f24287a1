// The record envelope (docs/envelope.md, byte by byte; docs/design.md "Identity, keys and privacy":
// a fresh data key per record, wrapped separately for every reader by X25519 + HKDF + AEAD).
// Everything is fixed-size except the list of wraps and the body, whose size is a power of two, so
// a record's length says little about what it holds. Format 2, written since format 1:
//
//   magic "MTE1" (4) | version = 2 (1) | bucket exponent e (1) | nonce (24) | reader count k (1)
//   | ephemeral X25519 public key E (32) | k × wrapped data key (32 + 16)
//   | body: XChaCha20-Poly1305(dataKey, nonce, padded, AD = every byte before the body)  (2^(8+e) bytes)
//
//   padded = u32 big-endian length of the plaintext | plaintext | zeros, 2^(8+e) - 16 bytes in all
//
// One fresh ephemeral key pair (E, e) per record; the wrap for reader R:
//   kek     = HKDF-SHA256(ikm = X25519(e, R), salt = E || R, info = "medtangle/v2/wrap", 32 bytes)
//   wrapped = XChaCha20-Poly1305(kek, nonce, dataKey, AD = magic .. E)
// A reader does one X25519 per record, X25519(r, E), and tries its key-encryption key on each wrap
// (an AEAD check of 48 bytes), where format 1 needed one X25519 per wrap: that agreement was most of
// the cost of opening a record as the last of 3 readers (the bench's records.open_per_s). Each
// reader's kek binds its own public key, so one reader cannot compute another's. A wrap names no
// reader. The body's AD covers every wrap, and each wrap's AD covers the nonce and E, so a wrap moved
// to another record opens nothing there. The plaintext is whatever the caller gives (the app
// compresses FHIR JSON first).
//
// Format 1 (still opened, never written): the same header with version = 1, then k wraps of
// ( ephemeral X25519 public key (32) | wrapped data key (32 + 16) ), each wrap its own ephemeral
// key pair and kek = HKDF(X25519(e_i, R), salt = E_i || R, info = "medtangle/v1/wrap"), AD = magic ..
// reader count; then the same body.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** The envelope's first four bytes, "MTE1". */
export const ENVELOPE_MAGIC = Uint8Array.of(0x4d, 0x54, 0x45, 0x31);
/** The format version this code writes; it reads this one and format 1. */
export const ENVELOPE_VERSION = 2;
const _V1 = 1;
// The fixed header, each field after the one before.
const _MAGIC_LENGTH = ENVELOPE_MAGIC.length;
const _VERSION_OFFSET = _MAGIC_LENGTH;
const _BUCKET_OFFSET = _VERSION_OFFSET + 1;
const _NONCE_OFFSET = _BUCKET_OFFSET + 1;
const _NONCE_LENGTH = 24;
const _COUNT_OFFSET = _NONCE_OFFSET + _NONCE_LENGTH;
/** Bytes of the fixed header (31), the same in both formats. */
export const ENVELOPE_HEADER_SIZE = _COUNT_OFFSET + 1;
const _EPHEMERAL_LENGTH = 32;
const _TAG_LENGTH = 16;
const _KEY_LENGTH = 32;
/** Where format 2's wraps start: after the fixed header and the record's ephemeral key (63). */
export const WRAPS_OFFSET = ENVELOPE_HEADER_SIZE + _EPHEMERAL_LENGTH;
/** Bytes of one wrap of format 2: the wrapped data key with its tag (32 + 16 = 48). */
export const WRAP_SIZE = _KEY_LENGTH + _TAG_LENGTH;
/** Bytes of one wrap of format 1: its own ephemeral key, then the wrapped data key with its tag (80). */
const _V1_WRAP_SIZE = _EPHEMERAL_LENGTH + WRAP_SIZE;
/** Readers one record can have. */
export const MAX_READERS = 16;
/** The smallest body, 2^8 bytes; bucket e holds a body of 2^(8+e) bytes. */
const _MIN_BUCKET_BITS = 8;
/** The largest bucket exponent: a body of 2^(8+10) = 256 KiB, so records up to 256 KiB - 20 bytes. */
export const MAX_BUCKET = 10;
/** The longest plaintext one record can hold. */
export const MAX_PLAINTEXT = 2 ** (_MIN_BUCKET_BITS + MAX_BUCKET) - _TAG_LENGTH - 4;
const _WRAP_INFO_V1 = utf8ToBytes('medtangle/v1/wrap');
const _WRAP_INFO = utf8ToBytes('medtangle/v2/wrap');

/** An envelope that is malformed or was changed: `reason` says what, for the app to put in words. */
export class EnvelopeError extends Error {
  constructor(
    readonly reason: 'magic' | 'version' | 'length' | 'readers' | 'bucket' | 'tampered',
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

/** Fills `n` random bytes; the app passes crypto.getRandomValues, tests a seeded source. */
export type RandomBytes = (n: number) => Uint8Array;

/** The bucket exponent for a plaintext of `length` bytes: the smallest body that holds it. */
export function bucketFor(length: number): number {
  if (!Number.isInteger(length) || length < 0 || length > MAX_PLAINTEXT) {
    throw new RangeError(`plaintext must be 0 to ${MAX_PLAINTEXT} bytes, got ${String(length)}`);
  }
  let e = 0;
  while (2 ** (_MIN_BUCKET_BITS + e) - _TAG_LENGTH - 4 < length) e++;
  return e;
}

/** The envelope's size for `readers` readers and a plaintext of `length` bytes. */
export function envelopeSize(readers: number, length: number): number {
  return WRAPS_OFFSET + readers * WRAP_SIZE + 2 ** (_MIN_BUCKET_BITS + bucketFor(length));
}

function _random(random: RandomBytes, n: number): Uint8Array {
  const b = random(n);
  if (!(b instanceof Uint8Array) || b.length !== n) throw new RangeError(`random(${n}) must return ${n} bytes`);
  return b;
}

function _kek(shared: Uint8Array, ephemeral: Uint8Array, reader: Uint8Array, info: Uint8Array): Uint8Array {
  const salt = new Uint8Array(64);
  salt.set(ephemeral);
  salt.set(reader, 32);
  return hkdf(sha256, shared, salt, info, 32);
}

/**
 * Seals `plaintext` for `readers` (X25519 public keys, the author's own included): a fresh data key,
 * a fresh nonce, one wrap per reader in the order given. Called by the records service in the
 * identity worker.
 */
export function sealEnvelope(plaintext: Uint8Array, readers: readonly Uint8Array[], random: RandomBytes): Uint8Array {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be a Uint8Array');
  if (!Array.isArray(readers) || readers.length < 1 || readers.length > MAX_READERS) {
    throw new RangeError(`readers must hold 1 to ${MAX_READERS} public keys, got ${Array.isArray(readers) ? readers.length : String(readers)}`);
  }
  const seen = new Map<string, number>();
  readers.forEach((r, i) => {
    if (!(r instanceof Uint8Array) || r.length !== 32) throw new RangeError(`readers[${i}] must be a 32-byte X25519 public key`);
    // Two wraps for one reader would be the same bytes: a repeated reader is a mistake of the caller.
    const key = r.join(',');
    if (seen.has(key)) throw new RangeError(`readers[${i}] repeats readers[${seen.get(key)}]`);
    seen.set(key, i);
  });
  const e = bucketFor(plaintext.length);
  const bodySize = 2 ** (_MIN_BUCKET_BITS + e);
  const out = new Uint8Array(WRAPS_OFFSET + readers.length * WRAP_SIZE + bodySize);
  out.set(ENVELOPE_MAGIC, 0);
  out[_VERSION_OFFSET] = ENVELOPE_VERSION;
  out[_BUCKET_OFFSET] = e;
  const nonce = _random(random, _NONCE_LENGTH);
  out.set(nonce, _NONCE_OFFSET);
  out[_COUNT_OFFSET] = readers.length;
  const secret = _random(random, 32);
  const ephemeral = x25519.getPublicKey(secret);
  out.set(ephemeral, ENVELOPE_HEADER_SIZE);
  const wrapAd = out.subarray(0, WRAPS_OFFSET);
  const dataKey = _random(random, _KEY_LENGTH);
  readers.forEach((reader, i) => {
    const kek = _kek(x25519.getSharedSecret(secret, reader), ephemeral, reader, _WRAP_INFO);
    out.set(xchacha20poly1305(kek, nonce, wrapAd).encrypt(dataKey), WRAPS_OFFSET + i * WRAP_SIZE);
    kek.fill(0);
  });
  secret.fill(0);
  const padded = new Uint8Array(bodySize - _TAG_LENGTH);
  new DataView(padded.buffer).setUint32(0, plaintext.length, false);
  padded.set(plaintext, 4);
  const bodyAt = WRAPS_OFFSET + readers.length * WRAP_SIZE;
  out.set(xchacha20poly1305(dataKey, nonce, out.subarray(0, bodyAt)).encrypt(padded), bodyAt);
  dataKey.fill(0);
  return out;
}

/** An envelope's header, checked: its format, nonce, reader count and where its body is. */
interface _Parsed {
  version: number;
  nonce: Uint8Array;
  readers: number;
  bodyAt: number;
}

/** The fixed header of an envelope, checked; throws EnvelopeError naming what is wrong. */
function _parse(envelope: Uint8Array): _Parsed {
  if (!(envelope instanceof Uint8Array)) throw new TypeError('envelope must be a Uint8Array');
  if (envelope.length < ENVELOPE_HEADER_SIZE) throw new EnvelopeError('length', `the record is ${envelope.length} bytes, shorter than its header`);
  for (let i = 0; i < _MAGIC_LENGTH; i++) {
    if (envelope[i] !== ENVELOPE_MAGIC[i]) throw new EnvelopeError('magic', 'this is not a medtangle record');
  }
  const version = envelope[_VERSION_OFFSET];
  if (version !== ENVELOPE_VERSION && version !== _V1) {
    throw new EnvelopeError('version', `the record has format ${version}, and this app reads formats ${_V1} and ${ENVELOPE_VERSION}`);
  }
  const e = envelope[_BUCKET_OFFSET];
  if (e > MAX_BUCKET) throw new EnvelopeError('bucket', `the record's size class ${e} is past the largest, ${MAX_BUCKET}`);
  const readers = envelope[_COUNT_OFFSET];
  if (readers < 1 || readers > MAX_READERS) throw new EnvelopeError('readers', `the record names ${readers} readers; 1 to ${MAX_READERS} are allowed`);
  const bodyAt = version === _V1 ? ENVELOPE_HEADER_SIZE + readers * _V1_WRAP_SIZE : WRAPS_OFFSET + readers * WRAP_SIZE;
  const bodySize = 2 ** (_MIN_BUCKET_BITS + e);
  if (envelope.length !== bodyAt + bodySize) {
    throw new EnvelopeError('length', `the record is ${envelope.length} bytes; its header says ${bodyAt + bodySize}`);
  }
  return { version, nonce: envelope.subarray(_NONCE_OFFSET, _NONCE_OFFSET + _NONCE_LENGTH), readers, bodyAt };
}

/** AEAD-opens one wrap with `kek`: the data key, or null when the wrap is not for this kek (or was changed). */
function _tryWrap(kek: Uint8Array, nonce: Uint8Array, ad: Uint8Array, wrap: Uint8Array): Uint8Array | null {
  try {
    return xchacha20poly1305(kek, nonce, ad).decrypt(wrap);
  } catch {
    return null; // not this reader's wrap (or a changed one): try the next
  }
}

/** Format 1: the data key from wrap `i`, given X25519 of its own ephemeral key with the reader's; null when it is not the reader's. */
function _unwrapV1(envelope: Uint8Array, i: number, shared: Uint8Array, mine: Uint8Array, nonce: Uint8Array): Uint8Array | null {
  const at = ENVELOPE_HEADER_SIZE + i * _V1_WRAP_SIZE;
  const kek = _kek(shared, envelope.subarray(at, at + _EPHEMERAL_LENGTH), mine, _WRAP_INFO_V1);
  try {
    return _tryWrap(kek, nonce, envelope.subarray(0, ENVELOPE_HEADER_SIZE), envelope.subarray(at + _EPHEMERAL_LENGTH, at + _V1_WRAP_SIZE));
  } finally {
    kek.fill(0);
  }
}

/** Format 2: the data key from whichever wrap the reader's kek opens, given X25519 of the record's ephemeral key with the reader's; null when none. */
function _unwrapV2(envelope: Uint8Array, readers: number, shared: Uint8Array, mine: Uint8Array, nonce: Uint8Array): Uint8Array | null {
  const kek = _kek(shared, envelope.subarray(ENVELOPE_HEADER_SIZE, WRAPS_OFFSET), mine, _WRAP_INFO);
  try {
    const ad = envelope.subarray(0, WRAPS_OFFSET);
    for (let i = 0; i < readers; i++) {
      const at = WRAPS_OFFSET + i * WRAP_SIZE;
      const key = _tryWrap(kek, nonce, ad, envelope.subarray(at, at + WRAP_SIZE));
      if (key !== null) return key;
    }
    return null;
  } finally {
    kek.fill(0);
  }
}

/** The plaintext of the body under the data key (zeroed after); EnvelopeError when it was changed. */
function _openBody(envelope: Uint8Array, nonce: Uint8Array, bodyAt: number, dataKey: Uint8Array): Uint8Array {
  let padded: Uint8Array;
  try {
    padded = xchacha20poly1305(dataKey, nonce, envelope.subarray(0, bodyAt)).decrypt(envelope.subarray(bodyAt));
  } catch {
    throw new EnvelopeError('tampered', 'the record was changed after it was sealed');
  } finally {
    dataKey.fill(0);
  }
  const length = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0, false);
  if (length > padded.length - 4) throw new EnvelopeError('tampered', 'the record says it holds more than it does');
  for (let i = 4 + length; i < padded.length; i++) if (padded[i] !== 0) throw new EnvelopeError('tampered', 'the record\'s padding is not zeros');
  return padded.slice(4, 4 + length);
}

/**
 * Opens an envelope with the reader's X25519 secret: the plaintext, or null when no wrap is for this
 * key. Throws EnvelopeError when the envelope is malformed, or a wrap opens but the body does not
 * (it was changed). Called by tests and tools that hold a secret; the identity service opens with
 * openEnvelopeWith.
 */
export function openEnvelope(envelope: Uint8Array, secret: Uint8Array): Uint8Array | null {
  if (!(secret instanceof Uint8Array) || secret.length !== 32) throw new RangeError('secret must be a 32-byte X25519 secret key');
  const { version, nonce, readers, bodyAt } = _parse(envelope);
  const mine = x25519.getPublicKey(secret);
  // X25519 throws for a low-order point (an all-zero result): such a key opens nothing for anyone.
  const agree = (at: number): Uint8Array | null => {
    try {
      return x25519.getSharedSecret(secret, envelope.subarray(at, at + _EPHEMERAL_LENGTH));
    } catch {
      return null;
    }
  };
  let dataKey: Uint8Array | null = null;
  if (version === _V1) {
    for (let i = 0; i < readers && dataKey === null; i++) {
      const shared = agree(ENVELOPE_HEADER_SIZE + i * _V1_WRAP_SIZE);
      if (shared !== null) dataKey = _unwrapV1(envelope, i, shared, mine, nonce);
    }
  } else {
    const shared = agree(ENVELOPE_HEADER_SIZE);
    if (shared !== null) dataKey = _unwrapV2(envelope, readers, shared, mine, nonce);
  }
  return dataKey === null ? null : _openBody(envelope, nonce, bodyAt, dataKey);
}

/** A reader whose secret is kept elsewhere: its X25519 public key, and X25519 of that secret with a public key. */
export interface EnvelopeReader {
  readonly publicKey: Uint8Array;
  /** X25519(secret, publicKey); rejects for a low-order point (an all-zero result). */
  agree(publicKey: Uint8Array): Promise<Uint8Array>;
}

/**
 * Opens an envelope as openEnvelope does, byte for byte and answer for answer, with the key
 * agreement done by `reader` (web/crypto's x25519Key: the engine's X25519 where it has one, about
 * 10 times as fast as the pure one in the bench's identity worker). Called by the identity service in the identity worker.
 */
export async function openEnvelopeWith(envelope: Uint8Array, reader: EnvelopeReader): Promise<Uint8Array | null> {
  return (await openEnvelopeKeyWith(envelope, reader))?.plaintext ?? null;
}

/**
 * Opens an envelope as openEnvelopeWith does, and gives its data key too (a copy the caller owns and
 * should zero): a patient's grant of past records hands their data keys to a doctor (docs/consent.md)
 * without rewriting the records. Null when no wrap is for this reader. Called by the identity service.
 */
export async function openEnvelopeKeyWith(envelope: Uint8Array, reader: EnvelopeReader): Promise<{ plaintext: Uint8Array; dataKey: Uint8Array } | null> {
  if (typeof reader !== 'object' || reader === null || typeof reader.agree !== 'function') throw new TypeError('reader must have publicKey and agree()');
  const mine = reader.publicKey;
  if (!(mine instanceof Uint8Array) || mine.length !== 32) throw new RangeError('reader.publicKey must be a 32-byte X25519 public key');
  const { version, nonce, readers, bodyAt } = _parse(envelope);
  // The agreement rejects a low-order point (an all-zero result): such a key opens nothing for anyone.
  const agree = async (at: number): Promise<Uint8Array | null> => {
    try {
      return await reader.agree(envelope.slice(at, at + _EPHEMERAL_LENGTH));
    } catch {
      return null;
    }
  };
  let dataKey: Uint8Array | null = null;
  if (version === _V1) {
    for (let i = 0; i < readers && dataKey === null; i++) {
      const shared = await agree(ENVELOPE_HEADER_SIZE + i * _V1_WRAP_SIZE);
      if (shared !== null) dataKey = _unwrapV1(envelope, i, shared, mine, nonce);
    }
  } else {
    const shared = await agree(ENVELOPE_HEADER_SIZE);
    if (shared !== null) dataKey = _unwrapV2(envelope, readers, shared, mine, nonce);
  }
  if (dataKey === null) return null;
  const copy = dataKey.slice();
  return { plaintext: _openBody(envelope, nonce, bodyAt, dataKey), dataKey: copy };
}

/**
 * Opens an envelope's body with a data key given by its owner (a grant of past records): the
 * plaintext; EnvelopeError when the envelope is malformed or the key does not open it. The key is
 * not changed. Called by the identity service of a doctor a patient granted records to.
 */
export function openEnvelopeWithKey(envelope: Uint8Array, dataKey: Uint8Array): Uint8Array {
  if (!(dataKey instanceof Uint8Array) || dataKey.length !== _KEY_LENGTH) throw new RangeError('dataKey must be a 32-byte data key');
  const { nonce, bodyAt } = _parse(envelope);
  return _openBody(envelope, nonce, bodyAt, dataKey.slice());
}
