// Shared links, format 1 (docs/links.md, byte by byte; docs/design.md "Shared links"). A link is the
// app's own URL with `#/link/<payload>` as its fragment, which browsers never send to a server: the
// payload holds a fresh 32-byte link secret, a clear header (what the link grants and until when),
// the contents encrypted under a key from that secret (and from a passcode, when there is one), and
// a MAC over all of it, so that any change is found before a passcode is asked for.
//
//   magic "MTL" (3) | version = 1 (1) | flags (1) | createdAt u48 (6) | expiresAt u48 (6)
//   | recordCount u16 (2) | [ salt (16) | log2 N (1) | r (1) | p (1) ]   (only with a passcode)
//   | secret (32) | XChaCha20-Poly1305(contentKey, nonce = 0, deflate(JSON), AD = the header)
//   | HMAC-SHA256(macKey, every byte before it) (32)
//
//   macKey     = HKDF-SHA256(ikm = secret, info = "medtangle/v1/link/mac")
//   contentKey = HKDF-SHA256(ikm = secret [‖ scrypt(passcode, salt, N, r, p)], info = "medtangle/v1/link/key")
//
// The all-zero nonce is safe because each content key seals exactly one message: every link draws
// its own secret. The payload is written as strict base64url (_base64url.ts), so each payload has
// one spelling and a changed character never reads as the same bytes.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { _fromBase64url, _toBase64url } from './_base64url.ts';
import { _deflate, _inflate } from './_deflate.ts';

/** What a link carries, all of it inside the encryption. */
export interface LinkContents {
  /** The patient's name as the doctor should see it, 1 to MAX_PATIENT_NAME characters. */
  patientName: string;
  /** The granted records: FHIR resources as plain JSON objects, 0 or more. */
  records: { resourceType: string }[];
  /** Words from the patient to the doctor, at most MAX_NOTE characters. */
  note?: string;
}

/** What anyone holding the link reads before the passcode; the MAC vouches for it. */
export interface LinkHeader {
  version: 1;
  /** When the link was made, ms since the epoch. */
  createdAt: number;
  /** From this instant on (ms since the epoch) the link does not open. */
  expiresAt: number;
  /** How many records the contents hold. */
  recordCount: number;
  /** Whether opening needs a passcode. */
  passcode: boolean;
}

/** Why a link was refused, for the screens to put in words. */
export type LinkErrorReason = 'not-a-link' | 'changed' | 'too-new' | 'expired' | 'passcode-needed' | 'wrong-passcode' | 'too-large';

/** A link that cannot be made or opened: `reason` says why. Thrown by makeLink, readLinkHeader and openLink. */
export class LinkError extends Error {
  constructor(
    readonly reason: LinkErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

/** scrypt's cost parameters (RFC 7914): N a power of two, r the block size, p the parallelism. */
export interface LinkKdf {
  N: number;
  r: number;
  p: number;
}

/** Options of makeLink. */
export interface MakeLinkOptions {
  /** Now, ms since the epoch. */
  createdAt: number;
  /** When the link stops opening, ms since the epoch, after createdAt. */
  expiresAt: number;
  /** An optional passcode (1 to MAX_PASSCODE characters); the doctor types it to open the link. */
  passcode?: string;
  /** Random bytes: crypto.getRandomValues unless a test gives a seeded source. */
  random?: (n: number) => Uint8Array;
  /** scrypt's cost when there is a passcode; LINK_KDF unless a test gives a cheaper one. */
  kdf?: LinkKdf;
  /** Progress of the passcode's key derivation, 0 to 1. */
  onProgress?: (fraction: number) => void;
}

/** Options of openLink. */
export interface OpenLinkOptions {
  /** Now on the opening device, ms since the epoch: the link is expired from expiresAt on. */
  now: number;
  /** The passcode, when the header says one is needed. */
  passcode?: string;
  /** Progress of the passcode's key derivation, 0 to 1. */
  onProgress?: (fraction: number) => void;
}

/** The route of a link in the app: the fragment is `#/link/<payload>`. Our own path, never `shlink:`. */
export const LINK_PATH = '/link/';

/**
 * The longest fragment (LINK_PATH and payload, in characters, which are ASCII bytes) that makeLink
 * writes and readLinkHeader reads: 64 KiB. A URL that long is far inside what browsers open (Chromium
 * allows 2 MiB) and what a text message or an e-mail carries, and holds well over a hundred typical
 * care records (docs/links.md "Sizes": ten take 3,560 characters); more belongs in a sync, not in a URL. A QR code holds far less
 * (qrFits): a link too large for one is offered as a file.
 */
export const MAX_LINK_BYTES = 64 * 1024;
/** The longest patient name a link carries (UTF-16 units, like the care forms' limits). */
export const MAX_PATIENT_NAME = 120;
/** The longest note a link carries (UTF-16 units). */
export const MAX_NOTE = 500;
/** The longest passcode (UTF-16 units): long enough for a passphrase, short enough to bound scrypt's input. */
export const MAX_PASSCODE = 256;
/** scrypt's cost for a new link with a passcode: N = 2^17, r = 8, p = 1, as the vault's (128 MiB). */
export const LINK_KDF: Readonly<LinkKdf> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

const _MAGIC = Uint8Array.of(0x4d, 0x54, 0x4c); // "MTL"
const _VERSION = 1;
const _FLAG_PASSCODE = 0x01;
// The clear header, each field after the one before.
const _VERSION_OFFSET = _MAGIC.length;
const _FLAGS_OFFSET = _VERSION_OFFSET + 1;
const _CREATED_OFFSET = _FLAGS_OFFSET + 1;
const _TIME_LENGTH = 6;
const _EXPIRES_OFFSET = _CREATED_OFFSET + _TIME_LENGTH;
const _COUNT_OFFSET = _EXPIRES_OFFSET + _TIME_LENGTH;
const _COUNT_LENGTH = 2;
/** The header of a link without a passcode ends here (19). */
const _BASE_HEADER = _COUNT_OFFSET + _COUNT_LENGTH;
const _SALT_LENGTH = 16;
const _LOG_N_OFFSET = _BASE_HEADER + _SALT_LENGTH;
const _R_OFFSET = _LOG_N_OFFSET + 1;
const _P_OFFSET = _R_OFFSET + 1;
/** The header of a link with a passcode ends here (38). */
const _KDF_HEADER = _P_OFFSET + 1;
const _SECRET_LENGTH = 32;
const _TAG_LENGTH = 16;
const _MAC_LENGTH = 32;
const _NONCE = new Uint8Array(24);
/** Times fit 48 bits: ms since the epoch up to the year 10889. */
const _MAX_TIME = 2 ** 48 - 1;
const _MAX_RECORDS = 2 ** 16 - 1;
/**
 * The most bytes of JSON a link's contents may inflate to: 4 MiB. FHIR JSON deflates about 3.4 to 1
 * (the bench's record: 2,169 bytes to 636), so MAX_LINK_BYTES of payload hold some 160 KiB of JSON;
 * 4 MiB leaves room for contents that compress far better, and refuses a link that would otherwise
 * inflate (DEFLATE reaches about 1,000 to 1) into the doctor's memory.
 */
const _MAX_JSON = 4 * 1024 * 1024;
// scrypt's cost as a link may state it: at most 256 MiB of memory (128·r·N bytes), so a link cannot
// make the doctor's browser allocate more than twice what LINK_KDF takes.
const _MAX_LOG_N = 20;
const _MAX_R = 16;
const _MAX_P = 4;
const _MAX_KDF_MEMORY = 2 ** 28;
const _MAC_INFO = utf8ToBytes('medtangle/v1/link/mac');
const _KEY_INFO = utf8ToBytes('medtangle/v1/link/key');
/** Resource type names of FHIR R4: a capital letter, then letters. */
const _RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;

const _enc = new TextEncoder();

/** A link's bytes, parsed: the header as shown, where its parts are, and the passcode's KDF. */
interface _Parsed {
  header: LinkHeader;
  bytes: Uint8Array;
  headerEnd: number;
  kdf: (LinkKdf & { salt: Uint8Array }) | null;
}

function _u48(bytes: Uint8Array, at: number): number {
  let v = 0;
  for (let i = 0; i < _TIME_LENGTH; i++) v = v * 256 + bytes[at + i];
  return v;
}

function _putU48(bytes: Uint8Array, at: number, v: number): void {
  for (let i = _TIME_LENGTH - 1; i >= 0; i--) {
    bytes[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

function _time(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number of ms since the epoch`);
  if (!Number.isInteger(v) || v < 0 || v > _MAX_TIME) throw new RangeError(`${name} must be an integer from 0 to ${_MAX_TIME}, got ${v}`);
  return v;
}

function _kdfFits(kdf: LinkKdf): boolean {
  return 128 * kdf.r * kdf.N <= _MAX_KDF_MEMORY;
}

function _checkKdf(kdf: unknown): LinkKdf {
  if (typeof kdf !== 'object' || kdf === null) throw new TypeError('options.kdf must be an object { N, r, p }');
  const { N, r, p } = kdf as Record<string, unknown>;
  if (typeof N !== 'number' || !Number.isInteger(Math.log2(N)) || N < 2 || N > 2 ** _MAX_LOG_N) {
    throw new RangeError(`options.kdf.N must be a power of two from 2 to 2^${_MAX_LOG_N}, got ${String(N)}`);
  }
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > _MAX_R) throw new RangeError(`options.kdf.r must be an integer from 1 to ${_MAX_R}, got ${String(r)}`);
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > _MAX_P) throw new RangeError(`options.kdf.p must be an integer from 1 to ${_MAX_P}, got ${String(p)}`);
  const out = { N, r, p };
  if (!_kdfFits(out)) throw new RangeError(`options.kdf takes 128·r·N = ${128 * r * N} bytes of memory, more than ${_MAX_KDF_MEMORY}`);
  return out;
}

/** The passcode as scrypt reads it: NFKC, so one typed on another keyboard (or composed otherwise) still opens. */
function _passcodeBytes(passcode: unknown, name: string): Uint8Array {
  if (typeof passcode !== 'string') throw new TypeError(`${name} must be a string`);
  const normal = passcode.normalize('NFKC');
  if (normal.length < 1 || normal.length > MAX_PASSCODE) throw new RangeError(`${name} must be 1 to ${MAX_PASSCODE} characters, got ${normal.length}`);
  return _enc.encode(normal);
}

/** Whether `v` is a plain JSON object (what JSON.parse gives), not an array, class instance or null. */
function _isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What is wrong with `v` as LinkContents, naming the field, or null when nothing is. */
function _contentsProblem(v: unknown): { type: boolean; message: string } | null {
  if (!_isPlainObject(v)) return { type: true, message: 'contents must be an object { patientName, records, note? }' };
  for (const key of Object.keys(v)) {
    if (key !== 'patientName' && key !== 'records' && key !== 'note') return { type: false, message: `contents has an unknown field ${JSON.stringify(key)}` };
  }
  const { patientName, records, note } = v;
  if (typeof patientName !== 'string') return { type: true, message: 'contents.patientName must be a string' };
  if (patientName.trim() === '' || patientName.length > MAX_PATIENT_NAME) {
    return { type: false, message: `contents.patientName must be 1 to ${MAX_PATIENT_NAME} characters, not blank; got ${patientName.length}` };
  }
  if (!Array.isArray(records)) return { type: true, message: 'contents.records must be an array of FHIR resources' };
  if (records.length > _MAX_RECORDS) return { type: false, message: `contents.records holds ${records.length} records; at most ${_MAX_RECORDS}` };
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    if (!_isPlainObject(r)) return { type: true, message: `contents.records[${i}] must be a FHIR resource as a plain JSON object` };
    if (typeof r.resourceType !== 'string' || !_RESOURCE_TYPE.test(r.resourceType)) {
      return { type: false, message: `contents.records[${i}].resourceType must be a FHIR resource type name, got ${JSON.stringify(r.resourceType)}` };
    }
  }
  if (note !== undefined) {
    if (typeof note !== 'string') return { type: true, message: 'contents.note must be a string when given' };
    if (note.length > MAX_NOTE) return { type: false, message: `contents.note must be at most ${MAX_NOTE} characters, got ${note.length}` };
  }
  return null;
}

/** The base64url length of `n` bytes without padding. */
function _encodedLength(n: number): number {
  return Math.floor(n / 3) * 4 + [0, 2, 3][n % 3];
}

function _macKey(secret: Uint8Array): Uint8Array {
  return hkdf(sha256, secret, undefined, _MAC_INFO, 32);
}

/** The contents' key: from the secret alone, or from the secret and scrypt of the passcode. */
async function _contentKey(secret: Uint8Array, passcode: Uint8Array | null, kdf: (LinkKdf & { salt: Uint8Array }) | null, onProgress?: (f: number) => void): Promise<Uint8Array> {
  if (passcode === null || kdf === null) return hkdf(sha256, secret, undefined, _KEY_INFO, 32);
  const { N, r, p, salt } = kdf;
  const stretched = await scryptAsync(passcode, salt, { N, r, p, dkLen: 32, maxmem: 2 * 128 * r * N + 1024 * 1024, onProgress: _byPercent(onProgress), asyncTick: 20 });
  const ikm = new Uint8Array(_SECRET_LENGTH + 32);
  ikm.set(secret);
  ikm.set(stretched, _SECRET_LENGTH);
  stretched.fill(0);
  const key = hkdf(sha256, ikm, undefined, _KEY_INFO, 32);
  ikm.fill(0);
  return key;
}

/** Passes scrypt's progress on once per whole percent: @noble/hashes reports up to 10,000 times, and a bar needs no finer step. */
function _byPercent(onProgress?: (f: number) => void): ((f: number) => void) | undefined {
  if (!onProgress) return undefined;
  let last = -1;
  return (f) => {
    const percent = Math.floor(f * 100);
    if (percent === last) return;
    last = percent;
    onProgress(f);
  };
}

function _random(random: (n: number) => Uint8Array, n: number): Uint8Array {
  const b = random(n);
  if (!(b instanceof Uint8Array) || b.length !== n) throw new RangeError(`options.random(${n}) must return ${n} bytes`);
  return b.slice();
}

function _equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

function _defaultRandom(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/**
 * Makes a link: the fragment without '#', `/link/<payload>`. Refuses with LinkError('too-large')
 * contents whose link would pass MAX_LINK_BYTES (before any scrypt is run), and with TypeError or
 * RangeError, naming the argument, anything else out of bounds. Called by the link screen's controller.
 */
export async function makeLink(contents: LinkContents, options: MakeLinkOptions): Promise<string> {
  const problem = _contentsProblem(contents);
  if (problem) throw problem.type ? new TypeError(problem.message) : new RangeError(problem.message);
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object { createdAt, expiresAt, ... }');
  const createdAt = _time(options.createdAt, 'options.createdAt');
  const expiresAt = _time(options.expiresAt, 'options.expiresAt');
  if (expiresAt <= createdAt) throw new RangeError(`options.expiresAt (${expiresAt}) must be after options.createdAt (${createdAt})`);
  const passcode = options.passcode === undefined ? null : _passcodeBytes(options.passcode, 'options.passcode');
  const random = options.random ?? _defaultRandom;
  if (typeof random !== 'function') throw new TypeError('options.random must be a function (n) => Uint8Array');
  const kdf = passcode === null ? null : _checkKdf(options.kdf ?? LINK_KDF);
  if (options.kdf !== undefined && passcode === null) _checkKdf(options.kdf);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');

  // Only the three known fields, in one order: the JSON is what the doctor's app reads back.
  const plain: LinkContents = { patientName: contents.patientName, records: contents.records };
  if (contents.note !== undefined) plain.note = contents.note;
  let json: Uint8Array;
  try {
    json = _enc.encode(JSON.stringify(plain));
  } catch (e) {
    throw new TypeError(`contents must be JSON: ${String(e)}`);
  }
  if (json.length > _MAX_JSON) throw new LinkError('too-large', `the contents are ${json.length} bytes of JSON; a link holds at most ${_MAX_JSON}`);
  const deflated = await _deflate(json);

  const headerEnd = passcode === null ? _BASE_HEADER : _KDF_HEADER;
  const total = headerEnd + _SECRET_LENGTH + deflated.length + _TAG_LENGTH + _MAC_LENGTH;
  const length = LINK_PATH.length + _encodedLength(total);
  if (length > MAX_LINK_BYTES) throw new LinkError('too-large', `the link would be ${length} characters; at most ${MAX_LINK_BYTES}`);

  const out = new Uint8Array(total);
  out.set(_MAGIC, 0);
  out[_VERSION_OFFSET] = _VERSION;
  out[_FLAGS_OFFSET] = passcode === null ? 0 : _FLAG_PASSCODE;
  _putU48(out, _CREATED_OFFSET, createdAt);
  _putU48(out, _EXPIRES_OFFSET, expiresAt);
  new DataView(out.buffer).setUint16(_COUNT_OFFSET, contents.records.length, false);
  const secret = _random(random, _SECRET_LENGTH);
  let salted: (LinkKdf & { salt: Uint8Array }) | null = null;
  if (kdf !== null) {
    salted = { ...kdf, salt: _random(random, _SALT_LENGTH) };
    out.set(salted.salt, _BASE_HEADER);
    out[_LOG_N_OFFSET] = Math.log2(kdf.N);
    out[_R_OFFSET] = kdf.r;
    out[_P_OFFSET] = kdf.p;
  }
  out.set(secret, headerEnd);
  const key = await _contentKey(secret, passcode, salted, options.onProgress);
  const bodyAt = headerEnd + _SECRET_LENGTH;
  out.set(xchacha20poly1305(key, _NONCE, out.subarray(0, headerEnd)).encrypt(deflated), bodyAt);
  key.fill(0);
  const macKey = _macKey(secret);
  out.set(hmac(sha256, macKey, out.subarray(0, total - _MAC_LENGTH)), total - _MAC_LENGTH);
  macKey.fill(0);
  secret.fill(0);
  return LINK_PATH + _toBase64url(out);
}

/** The link's bytes, checked up to and including the MAC and the header's bounds; throws LinkError. */
function _parse(fragment: unknown): _Parsed {
  if (typeof fragment !== 'string') throw new TypeError('fragment must be a string');
  if (!fragment.startsWith(LINK_PATH)) throw new LinkError('not-a-link', `a link's fragment starts with ${LINK_PATH}`);
  if (fragment.length > MAX_LINK_BYTES) throw new LinkError('too-large', `the link is ${fragment.length} characters; a link has at most ${MAX_LINK_BYTES}`);
  const bytes = _fromBase64url(fragment.slice(LINK_PATH.length));
  // From here every fault is a changed link: it has our path, so it was one before it was damaged.
  if (bytes === null) throw new LinkError('changed', 'the link has a character that does not belong in it');
  if (bytes.length < _BASE_HEADER) throw new LinkError('changed', 'the link is cut short');
  for (let i = 0; i < _MAGIC.length; i++) if (bytes[i] !== _MAGIC[i]) throw new LinkError('changed', 'the link does not start as a medtangle link does');
  const version = bytes[_VERSION_OFFSET];
  // A newer format may lay out and authenticate its bytes differently: say so before reading further.
  if (version > _VERSION) throw new LinkError('too-new', `the link has format ${version}; this app reads format ${_VERSION}`);
  if (version !== _VERSION) throw new LinkError('changed', `the link has format ${version}, which no app writes`);
  const flags = bytes[_FLAGS_OFFSET];
  if ((flags & ~_FLAG_PASSCODE) !== 0) throw new LinkError('changed', 'the link has flags this format does not define');
  const passcode = (flags & _FLAG_PASSCODE) !== 0;
  const headerEnd = passcode ? _KDF_HEADER : _BASE_HEADER;
  if (bytes.length < headerEnd + _SECRET_LENGTH + _TAG_LENGTH + _MAC_LENGTH) throw new LinkError('changed', 'the link is cut short');
  const macAt = bytes.length - _MAC_LENGTH;
  const secret = bytes.subarray(headerEnd, headerEnd + _SECRET_LENGTH);
  const macKey = _macKey(secret);
  const ok = _equal(hmac(sha256, macKey, bytes.subarray(0, macAt)), bytes.subarray(macAt));
  macKey.fill(0);
  if (!ok) throw new LinkError('changed', 'the link was changed after it was made');
  const createdAt = _u48(bytes, _CREATED_OFFSET);
  const expiresAt = _u48(bytes, _EXPIRES_OFFSET);
  if (expiresAt <= createdAt) throw new LinkError('changed', 'the link expires before it was made');
  let kdf: _Parsed['kdf'] = null;
  if (passcode) {
    const logN = bytes[_LOG_N_OFFSET];
    kdf = { N: 2 ** logN, r: bytes[_R_OFFSET], p: bytes[_P_OFFSET], salt: bytes.slice(_BASE_HEADER, _BASE_HEADER + _SALT_LENGTH) };
    if (logN < 1 || logN > _MAX_LOG_N || kdf.r < 1 || kdf.r > _MAX_R || kdf.p < 1 || kdf.p > _MAX_P || !_kdfFits(kdf)) {
      throw new LinkError('changed', 'the link asks for a passcode check past what this app allows');
    }
  }
  const recordCount = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(_COUNT_OFFSET, false);
  return { header: { version: _VERSION, createdAt, expiresAt, recordCount, passcode }, bytes, headerEnd, kdf };
}

/**
 * The header of a link, readable without the passcode and checked by the MAC; an expired link's
 * header is read too, so that the screen can say when it expired. Throws LinkError ('not-a-link',
 * 'changed', 'too-new', or 'too-large' past MAX_LINK_BYTES). Called by the link screen's controller.
 */
export function readLinkHeader(fragment: string): LinkHeader {
  return _parse(fragment).header;
}

/**
 * Opens a link: its header and contents. Throws LinkError: those of readLinkHeader, 'expired' when
 * `now` is at or past expiresAt, 'passcode-needed' when the link needs one and none is given, and
 * 'wrong-passcode'. Called by the link screen's controller.
 */
export async function openLink(fragment: string, options: OpenLinkOptions): Promise<{ header: LinkHeader; contents: LinkContents }> {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object { now, passcode?, onProgress? }');
  if (typeof options.now !== 'number' || !Number.isFinite(options.now)) throw new TypeError('options.now must be a finite number of ms since the epoch');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
  if (options.passcode !== undefined && typeof options.passcode !== 'string') throw new TypeError('options.passcode must be a string when given');
  const { header, bytes, headerEnd, kdf } = _parse(fragment);
  if (options.now >= header.expiresAt) throw new LinkError('expired', `the link expired at ${new Date(header.expiresAt).toISOString()}`);
  let passcode: Uint8Array | null = null;
  if (header.passcode) {
    if (options.passcode === undefined || options.passcode === '') throw new LinkError('passcode-needed', 'the link needs its passcode');
    try {
      passcode = _passcodeBytes(options.passcode, 'options.passcode');
    } catch {
      throw new LinkError('wrong-passcode', 'the passcode is not this link\'s'); // too long to be any link's
    }
  }
  const secret = bytes.subarray(headerEnd, headerEnd + _SECRET_LENGTH);
  const key = await _contentKey(secret, passcode, kdf, options.onProgress);
  let deflated: Uint8Array;
  try {
    deflated = xchacha20poly1305(key, _NONCE, bytes.subarray(0, headerEnd)).decrypt(bytes.subarray(headerEnd + _SECRET_LENGTH, bytes.length - _MAC_LENGTH));
  } catch {
    // The MAC held, so these bytes are as made: with a passcode, the passcode is what differs.
    throw header.passcode ? new LinkError('wrong-passcode', 'the passcode is not this link\'s') : new LinkError('changed', 'the link\'s contents do not open');
  } finally {
    key.fill(0);
  }
  const json = await _inflate(deflated, _MAX_JSON);
  if (json === null) throw new LinkError('changed', 'the link\'s contents are not as a medtangle link writes them');
  let contents: unknown;
  try {
    contents = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new LinkError('changed', 'the link\'s contents are not JSON');
  }
  const problem = _contentsProblem(contents);
  if (problem) throw new LinkError('changed', `the link's contents are not as a medtangle link writes them: ${problem.message}`);
  const checked = contents as LinkContents;
  if (checked.records.length !== header.recordCount) throw new LinkError('changed', `the link says ${header.recordCount} records and holds ${checked.records.length}`);
  return { header, contents: checked };
}

/** The full link: `appUrl` without its own fragment, then '#' and the fragment. Called by the link screen. */
export function linkUrl(appUrl: string, fragment: string): string {
  if (typeof appUrl !== 'string') throw new TypeError('appUrl must be a string');
  if (typeof fragment !== 'string') throw new TypeError('fragment must be a string');
  if (!fragment.startsWith(LINK_PATH)) throw new RangeError(`fragment must start with ${LINK_PATH}`);
  let url: URL;
  try {
    url = new URL(appUrl);
  } catch {
    throw new RangeError(`appUrl must be an absolute URL, got ${JSON.stringify(appUrl)}`);
  }
  url.hash = '';
  return `${url.href}#${fragment}`;
}
