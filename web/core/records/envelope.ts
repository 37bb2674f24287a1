// The record envelope, format 1 (docs/envelope.md, byte by byte; docs/design.md "Identity, keys and
// privacy": a fresh data key per record, wrapped separately for every reader by X25519 + HKDF +
// AEAD). Everything is fixed-size except the list of wraps and the body, whose size is a power of
// two, so a record's length says little about what it holds:
//
//   magic "MTE1" (4) | version = 1 (1) | bucket exponent e (1) | nonce (24) | reader count k (1)
//   | k × wrap ( ephemeral X25519 public key (32) | wrapped data key (32 + 16) )
//   | body: XChaCha20-Poly1305(dataKey, nonce, padded, AD = every byte before the body)  (2^(8+e) bytes)
//
//   padded = u32 big-endian length of the plaintext | plaintext | zeros, 2^(8+e) - 16 bytes in all
//
// A wrap for reader R (X25519 public key) uses a fresh ephemeral key pair (E, e):
//   kek     = HKDF-SHA256(ikm = X25519(e, R), salt = E || R, info = "medtangle/v1/wrap", 32 bytes)
//   wrapped = XChaCha20-Poly1305(kek, nonce, dataKey, AD = the fixed header: magic .. reader count)
// A wrap names no reader; each reader tries the wraps with its own key. The body's AD covers every
// wrap, and each wrap's AD covers the nonce, so a wrap moved to another record opens nothing there.
// The plaintext is whatever the caller gives (the app compresses FHIR JSON first).
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** The envelope's first four bytes, "MTE1". */
export const ENVELOPE_MAGIC = Uint8Array.of(0x4d, 0x54, 0x45, 0x31);
/** The format version this code writes and reads. */
export const ENVELOPE_VERSION = 1;
// The fixed header, each field after the one before.
const _MAGIC_LENGTH = ENVELOPE_MAGIC.length;
const _VERSION_OFFSET = _MAGIC_LENGTH;
const _BUCKET_OFFSET = _VERSION_OFFSET + 1;
const _NONCE_OFFSET = _BUCKET_OFFSET + 1;
const _NONCE_LENGTH = 24;
const _COUNT_OFFSET = _NONCE_OFFSET + _NONCE_LENGTH;
/** Bytes of the fixed header (31): what each wrap's AD covers. */
export const ENVELOPE_HEADER_SIZE = _COUNT_OFFSET + 1;
const _EPHEMERAL_LENGTH = 32;
const _TAG_LENGTH = 16;
const _KEY_LENGTH = 32;
/** Bytes of one wrap: the ephemeral public key and the wrapped data key with its tag (32 + 32 + 16 = 80). */
export const WRAP_SIZE = _EPHEMERAL_LENGTH + _KEY_LENGTH + _TAG_LENGTH;
/** Readers one record can have. */
export const MAX_READERS = 16;
/** The smallest body, 2^8 bytes; bucket e holds a body of 2^(8+e) bytes. */
const _MIN_BUCKET_BITS = 8;
/** The largest bucket exponent: a body of 2^(8+10) = 256 KiB, so records up to 256 KiB - 20 bytes. */
export const MAX_BUCKET = 10;
/** The longest plaintext one record can hold. */
export const MAX_PLAINTEXT = 2 ** (_MIN_BUCKET_BITS + MAX_BUCKET) - _TAG_LENGTH - 4;
const _WRAP_INFO = utf8ToBytes('medtangle/v1/wrap');

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
  return ENVELOPE_HEADER_SIZE + readers * WRAP_SIZE + 2 ** (_MIN_BUCKET_BITS + bucketFor(length));
}

function _random(random: RandomBytes, n: number): Uint8Array {
  const b = random(n);
  if (!(b instanceof Uint8Array) || b.length !== n) throw new RangeError(`random(${n}) must return ${n} bytes`);
  return b;
}

function _kek(shared: Uint8Array, ephemeral: Uint8Array, reader: Uint8Array): Uint8Array {
  const salt = new Uint8Array(64);
  salt.set(ephemeral);
  salt.set(reader, 32);
  return hkdf(sha256, shared, salt, _WRAP_INFO, 32);
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
  readers.forEach((r, i) => {
    if (!(r instanceof Uint8Array) || r.length !== 32) throw new RangeError(`readers[${i}] must be a 32-byte X25519 public key`);
  });
  const e = bucketFor(plaintext.length);
  const bodySize = 2 ** (_MIN_BUCKET_BITS + e);
  const out = new Uint8Array(ENVELOPE_HEADER_SIZE + readers.length * WRAP_SIZE + bodySize);
  out.set(ENVELOPE_MAGIC, 0);
  out[_VERSION_OFFSET] = ENVELOPE_VERSION;
  out[_BUCKET_OFFSET] = e;
  const nonce = _random(random, _NONCE_LENGTH);
  out.set(nonce, _NONCE_OFFSET);
  out[_COUNT_OFFSET] = readers.length;
  const header = out.subarray(0, ENVELOPE_HEADER_SIZE);
  const dataKey = _random(random, _KEY_LENGTH);
  readers.forEach((reader, i) => {
    const secret = _random(random, 32);
    const ephemeral = x25519.getPublicKey(secret);
    const kek = _kek(x25519.getSharedSecret(secret, reader), ephemeral, reader);
    const at = ENVELOPE_HEADER_SIZE + i * WRAP_SIZE;
    out.set(ephemeral, at);
    out.set(xchacha20poly1305(kek, nonce, header).encrypt(dataKey), at + _EPHEMERAL_LENGTH);
    secret.fill(0);
    kek.fill(0);
  });
  const padded = new Uint8Array(bodySize - _TAG_LENGTH);
  new DataView(padded.buffer).setUint32(0, plaintext.length, false);
  padded.set(plaintext, 4);
  const bodyAt = ENVELOPE_HEADER_SIZE + readers.length * WRAP_SIZE;
  out.set(xchacha20poly1305(dataKey, nonce, out.subarray(0, bodyAt)).encrypt(padded), bodyAt);
  dataKey.fill(0);
  return out;
}

/** The fixed header of an envelope, checked; throws EnvelopeError naming what is wrong. */
function _parse(envelope: Uint8Array): { nonce: Uint8Array; readers: number; bodyAt: number; bodySize: number } {
  if (!(envelope instanceof Uint8Array)) throw new TypeError('envelope must be a Uint8Array');
  if (envelope.length < ENVELOPE_HEADER_SIZE) throw new EnvelopeError('length', `the record is ${envelope.length} bytes, shorter than its header`);
  for (let i = 0; i < _MAGIC_LENGTH; i++) {
    if (envelope[i] !== ENVELOPE_MAGIC[i]) throw new EnvelopeError('magic', 'this is not a medtangle record');
  }
  if (envelope[_VERSION_OFFSET] !== ENVELOPE_VERSION) {
    throw new EnvelopeError('version', `the record has format ${envelope[_VERSION_OFFSET]}, and this app reads format ${ENVELOPE_VERSION}`);
  }
  const e = envelope[_BUCKET_OFFSET];
  if (e > MAX_BUCKET) throw new EnvelopeError('bucket', `the record's size class ${e} is past the largest, ${MAX_BUCKET}`);
  const readers = envelope[_COUNT_OFFSET];
  if (readers < 1 || readers > MAX_READERS) throw new EnvelopeError('readers', `the record names ${readers} readers; 1 to ${MAX_READERS} are allowed`);
  const bodyAt = ENVELOPE_HEADER_SIZE + readers * WRAP_SIZE;
  const bodySize = 2 ** (_MIN_BUCKET_BITS + e);
  if (envelope.length !== bodyAt + bodySize) {
    throw new EnvelopeError('length', `the record is ${envelope.length} bytes; its header says ${bodyAt + bodySize}`);
  }
  return { nonce: envelope.subarray(_NONCE_OFFSET, _NONCE_OFFSET + _NONCE_LENGTH), readers, bodyAt, bodySize };
}

/** The data key from one wrap, given the X25519 of its ephemeral key with the reader's; null when the wrap is not the reader's. */
function _unwrap(envelope: Uint8Array, at: number, shared: Uint8Array, mine: Uint8Array, nonce: Uint8Array): Uint8Array | null {
  const ephemeral = envelope.subarray(at, at + _EPHEMERAL_LENGTH);
  const kek = _kek(shared, ephemeral, mine);
  try {
    return xchacha20poly1305(kek, nonce, envelope.subarray(0, ENVELOPE_HEADER_SIZE)).decrypt(envelope.subarray(at + _EPHEMERAL_LENGTH, at + WRAP_SIZE));
  } catch {
    return null; // not this reader's wrap (or a changed one): try the next
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
  const { nonce, readers, bodyAt } = _parse(envelope);
  const mine = x25519.getPublicKey(secret);
  let dataKey: Uint8Array | null = null;
  for (let i = 0; i < readers && dataKey === null; i++) {
    const at = ENVELOPE_HEADER_SIZE + i * WRAP_SIZE;
    let shared: Uint8Array;
    try {
      shared = x25519.getSharedSecret(secret, envelope.subarray(at, at + _EPHEMERAL_LENGTH));
    } catch {
      continue; // a low-order point: not a wrap for anyone
    }
    dataKey = _unwrap(envelope, at, shared, mine, nonce);
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
  if (typeof reader !== 'object' || reader === null || typeof reader.agree !== 'function') throw new TypeError('reader must have publicKey and agree()');
  const mine = reader.publicKey;
  if (!(mine instanceof Uint8Array) || mine.length !== 32) throw new RangeError('reader.publicKey must be a 32-byte X25519 public key');
  const { nonce, readers, bodyAt } = _parse(envelope);
  let dataKey: Uint8Array | null = null;
  for (let i = 0; i < readers && dataKey === null; i++) {
    const at = ENVELOPE_HEADER_SIZE + i * WRAP_SIZE;
    let shared: Uint8Array;
    try {
      shared = await reader.agree(envelope.slice(at, at + _EPHEMERAL_LENGTH));
    } catch {
      continue; // a low-order point: not a wrap for anyone
    }
    dataKey = _unwrap(envelope, at, shared, mine, nonce);
  }
  return dataKey === null ? null : _openBody(envelope, nonce, bodyAt, dataKey);
}
