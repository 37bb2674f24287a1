// A clinic's code: how a patient adds a clinic to the clinics they trust, pasted or inside a link
// (issue 9, "clinic attestation"). It carries the clinic's signing key (public) and the name the
// clinic gives itself, with a checksum so a mistyped or cut code is named as such, never read as
// another key. Pure; used by the clinic's screen (to show it) and the patient's (to read it).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** What every clinic code starts with: the format's name and version. */
export const CLINIC_CODE_PREFIX = 'MTC1-';
/** The longest clinic name a code carries, in UTF-8 bytes. */
export const CLINIC_NAME_MAX_BYTES = 360;
const KEY_BYTES = 32;
const CHECK_BYTES = 4;

/** What can be wrong with a pasted code. */
export type ClinicCodeProblem = 'empty' | 'not-a-clinic-code' | 'characters' | 'length' | 'checksum' | 'name';

function _b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function _check(body: Uint8Array): Uint8Array {
  return sha256(body).subarray(0, CHECK_BYTES);
}

/** The code of a clinic's key (32 bytes or 64 hex digits) and name. Called by the clinic's screen. */
export function clinicCode(key: Uint8Array | string, name: string): string {
  const k = typeof key === 'string' ? (/^[0-9a-f]{64}$/.test(key) ? hexToBytes(key) : null) : key;
  if (!(k instanceof Uint8Array) || k.length !== KEY_BYTES) throw new RangeError('key must be a 32-byte Ed25519 public key (or 64 hex digits)');
  const n = new TextEncoder().encode(typeof name === 'string' ? name.trim() : '');
  if (n.length === 0 || n.length > CLINIC_NAME_MAX_BYTES) throw new RangeError(`name must be 1 to ${CLINIC_NAME_MAX_BYTES} bytes of text`);
  const body = new Uint8Array(KEY_BYTES + n.length);
  body.set(k);
  body.set(n, KEY_BYTES);
  const all = new Uint8Array(body.length + CHECK_BYTES);
  all.set(body);
  all.set(_check(body), body.length);
  return CLINIC_CODE_PREFIX + _b64url(all);
}

/** The key (hex) and name in a pasted code, or what is wrong with it. Spaces and line breaks inside are ignored (a code copied across lines). */
export function readClinicCode(raw: unknown): { key: string; name: string } | { problem: ClinicCodeProblem } {
  const text = typeof raw === 'string' ? raw.replace(/\s+/g, '') : '';
  if (text === '') return { problem: 'empty' };
  if (!text.toUpperCase().startsWith(CLINIC_CODE_PREFIX)) return { problem: 'not-a-clinic-code' };
  const b64 = text.slice(CLINIC_CODE_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(b64)) return { problem: 'characters' };
  // The shortest code holds the key, one byte of name and the check; the longest a name of the most bytes.
  const bytes = (b64.length * 3) >> 2;
  if (b64.length % 4 === 1 || bytes < KEY_BYTES + 1 + CHECK_BYTES || bytes > KEY_BYTES + CLINIC_NAME_MAX_BYTES + CHECK_BYTES) return { problem: 'length' };
  let all: Uint8Array;
  try {
    all = Uint8Array.from(atob(b64.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return { problem: 'characters' };
  }
  const body = all.subarray(0, all.length - CHECK_BYTES);
  const check = _check(body);
  for (let i = 0; i < CHECK_BYTES; i++) if (check[i] !== all[body.length + i]) return { problem: 'checksum' };
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(KEY_BYTES));
  } catch {
    return { problem: 'name' };
  }
  if (name.trim() === '' || name !== name.trim() || /\p{Cc}/u.test(name)) return { problem: 'name' };
  return { key: bytesToHex(body.subarray(0, KEY_BYTES)), name };
}
