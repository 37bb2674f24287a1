// What the consent builders and readers share: record places, parties, the checks of every value they
// write (hex ids and keys, R4 text, instants), base64 for data keys, references by agreement key, and
// the JSON equality the readers use to insist that a resource is exactly what the builder writes.
// Pure; internal to web/core/consent.
import type { Patient, Practitioner, Reference } from '@medplum/fhirtypes';
import { KEY_X25519 } from '../care/index.ts';

/** Where a record sits in the Tangle: its bundle's tag and the SHA-256 of its payload (both 64 lowercase hex). */
export interface RecordPlace {
  tag: string;
  hash: string;
}

/** A person in a consent or an audit event: the X25519 agreement key (64 hex) and the name to show ('' for none). */
export interface Party {
  key: string;
  name: string;
}

/** The identifier system of a record's place (`tag.hash`). Used by the builders and the screens' tests. */
export const RECORD_SYSTEM = 'urn:medtangle:record';
/** The identifier system of a grant (its 32-hex id). Used by the Consent and AuditEvent builders. */
export const CONSENT_SYSTEM = 'urn:medtangle:consent';
/** The code system of our own audit actions (grant, revoke, share, link, open). Used by the AuditEvent builder. */
export const AUDIT_SYSTEM = 'urn:medtangle:audit';
/** The extension that carries a record's data key in a grant; withoutKeys removes every one. */
export const DATA_KEY_URL = 'urn:medtangle:data-key';

const _HEX64 = /^[0-9a-f]{64}$/;
const _HEX32 = /^[0-9a-f]{32}$/;
const _PLACE = /^([0-9a-f]{64})\.([0-9a-f]{64})$/;

/** Whether s is 64 lower-case hex digits (a key, a tag, a hash). Used by the checks and readers of this folder. */
export function isHex64(s: unknown): s is string {
  return typeof s === 'string' && _HEX64.test(s);
}
/** Whether s is 32 lower-case hex digits (a grant or audit id: 16 random bytes). Used by the builders and readers. */
export function isHex32(s: unknown): s is string {
  return typeof s === 'string' && _HEX32.test(s);
}

/** A place as its identifier value, `${tag}.${hash}`. Used by the builders, the service and the screens. */
export function placeString(p: RecordPlace): string {
  if (!isPlace(p)) throw new RangeError('place must be { tag, hash }, each 64 lower-case hex digits');
  return `${p.tag}.${p.hash}`;
}

/** The place a `tag.hash` string names, or null for anything else (upper case, other lengths, spaces). */
export function parsePlace(s: unknown): RecordPlace | null {
  if (typeof s !== 'string') return null;
  const m = _PLACE.exec(s);
  return m ? { tag: m[1], hash: m[2] } : null;
}

/** Whether p is a place with both fields 64 lower-case hex digits. Used by the builders and grantCovers. */
export function isPlace(p: unknown): p is RecordPlace {
  return typeof p === 'object' && p !== null && isHex64((p as RecordPlace).tag) && isHex64((p as RecordPlace).hash);
}

// R4 strings (https://hl7.org/fhir/R4/datatypes.html#string) hold no C0 control but tab, LF and CR; a
// lone surrogate is not Unicode at all and would come back as U+FFFD from the record layer's UTF-8, so
// a text that holds one could not round-trip. An empty text is written as an absent element, as R4
// forbids empty strings.
const _CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const _LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether s is a text a resource can hold exactly ('' included: it is written as absent). Used by checkText and checkParty. */
export function isText(s: unknown): s is string {
  return typeof s === 'string' && !_CONTROL.test(s) && !_LONE_SURROGATE.test(s);
}

// R4 instants and dateTimes have four-digit years 0001 to 9999
// (https://hl7.org/fhir/R4/datatypes.html#instant); toISOString writes ±YYYYYY outside them.
const _MIN_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const _MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const _INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Whether t is a time (integer milliseconds since 1970) that an R4 instant can write exactly. Used by instantOf. */
export function isTime(t: unknown): t is number {
  return typeof t === 'number' && Number.isInteger(t) && t >= _MIN_TIME && t <= _MAX_TIME && !Object.is(t, -0);
}

/** The time as an R4 instant with milliseconds (UTC); RangeError naming `name` when it has none. Used by the builders. */
export function instantOf(t: number, name: string): string {
  if (!isTime(t)) throw new RangeError(`${name} must be integer milliseconds in the years 0001 to 9999, got ${String(t)}`);
  return new Date(t).toISOString();
}

/** The time an instant we wrote names, or NaN (the rebuild then throws, and the reader returns null). Used by the readers. */
export function timeOf(s: unknown): number {
  return typeof s === 'string' && _INSTANT.test(s) ? Date.parse(s) : NaN;
}

/** Standard base64 (RFC 4648 §4) of bytes, as R4 base64Binary holds it. Used by consentResource for data keys. */
export function base64Of(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The bytes of a base64 string (the rebuild then insists it was canonical). Used by readConsent for data keys. */
export function bytesOf(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Throws RangeError unless p is a party: a 64-hex key and a text name. Used by the builders' checks. */
export function checkParty(p: unknown, name: string): asserts p is Party {
  if (typeof p !== 'object' || p === null) throw new RangeError(`${name} must be { key, name }`);
  if (!isHex64((p as Party).key)) throw new RangeError(`${name}.key must be 64 lower-case hex digits`);
  if (!isText((p as Party).name)) throw new RangeError(`${name}.name must be a string without control characters or lone surrogates`);
}

/** Throws RangeError unless s is a text a resource can hold; `name` says which. Used by the builders' checks. */
export function checkText(s: unknown, name: string): asserts s is string {
  if (!isText(s)) throw new RangeError(`${name} must be a string without control characters or lone surrogates`);
}

/** A logical Reference to a party by agreement key (the care records' system), the name as its display (none when ''). Used by the builders. */
export function partyReference(p: Party, type: 'Patient' | 'Practitioner'): Reference<Patient | Practitioner> {
  return { type, identifier: { system: KEY_X25519, value: p.key }, ...(p.name ? { display: p.name } : {}) };
}

/** The party a Reference written by partyReference names, or null; its type is left to the rebuild to check. Used by the readers. */
export function partyOf(ref: unknown): Party | null {
  if (!isObject(ref)) return null;
  const id = ref.identifier;
  if (!isObject(id) || id.system !== KEY_X25519 || !isHex64(id.value)) return null;
  const display = ref.display;
  if (display !== undefined && typeof display !== 'string') return null;
  return { key: id.value, name: display ?? '' };
}

/** Whether v is a non-array object (what a JSON object parses to). Used by the readers. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Whether two values are equal as JSON: same primitives, arrays in order, objects with the same keys
 * (an undefined-valued key counts as absent, as JSON.stringify drops it). The readers compare what
 * they were given with what the builder writes for what they read, so nothing else may differ.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Number.isFinite(a);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  if (Object.getPrototypeOf(a) !== Object.prototype && Object.getPrototypeOf(a) !== null) return false;
  if (Object.getPrototypeOf(b) !== Object.prototype && Object.getPrototypeOf(b) !== null) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
