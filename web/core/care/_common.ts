// What every care form shares: the systems and identifier URIs of docs/design.md "Records", free text as
// R4 strings may hold it, dates and numbers as the forms take them, name-based UUIDs (RFC 9562 §5.5)
// for the ids a builder derives, and the SNOMED CT identifier check. Pure; internal to web/core/care.
import { sha1 } from '@noble/hashes/legacy.js';
import type { Patient, Practitioner, Reference, ServiceRequest } from '@medplum/fhirtypes';

/** SNOMED CT's system URI. Used by the builders and readers of this folder. */
export const SNOMED = 'http://snomed.info/sct';
/** UCUM's system URI (https://hl7.org/fhir/R4/datatypes.html#Quantity). Used by the builders and readers. */
export const UCUM = 'http://unitsofmeasure.org';
/** The system of a request's business identifier (docs/design.md "Records"). Used by builders, readers and the inbox. */
export const REQUEST_SYSTEM = 'urn:medtangle:request';
/** The identifier system of a signing key. Used by doctorReference and the readers. */
export const KEY_ED25519 = 'urn:medtangle:key:ed25519';
/** The identifier system of an agreement key. Used by patientReference and the readers. */
export const KEY_X25519 = 'urn:medtangle:key:x25519';

/** Earliest date a form takes (an onset before it is a typing slip, as a birth date is in the profile). */
export const EARLIEST_DATE = '1900-01-01';

// C0 control characters but tab, LF and CR: an R4 string holds none of them
// (https://hl7.org/fhir/R4/datatypes.html#string). Each becomes U+FFFD one for one, as the app's own
// note form does (web/app/record-text.ts), so the text keeps its length and shows where one stood.
const _CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** Free text as a record keeps it: trimmed, each C0 control (not tab, LF, CR) replaced by U+FFFD. */
export function cleanText(s: string): string {
  return s.trim().replace(_CONTROL, '\uFFFD');
}

/** The trimmed string of a form value, or '' for anything that is not a string. */
export function textOf(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : '';
}

// RFC 9562 §4: 8-4-4-4-12 hex digits; we write and accept lower case only, as crypto.randomUUID does.
const _UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const _UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// X25519 and Ed25519 public keys are 32 bytes (RFC 7748 §5, RFC 8032 §5.1.5), written as 64 hex digits.
const _KEY = /^[0-9a-f]{64}$/;

/** Whether s is a lower-case UUID. Used by the builders' context checks. */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && _UUID.test(s);
}
/** Whether s is a lower-case UUID v4 (a request id). Used by the builders' context checks. */
export function isUuidV4(s: unknown): s is string {
  return typeof s === 'string' && _UUID_V4.test(s);
}
/** Whether s is a 32-byte key as 64 lower-case hex digits. Used by the builders' context checks. */
export function isKeyHex(s: unknown): s is string {
  return typeof s === 'string' && _KEY.test(s);
}

/** A name-based UUID, version 5 (SHA-1), of `name` in the namespace `namespace` (RFC 9562 §5.5). */
export function uuidV5(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw new RangeError(`namespace must be a lower-case UUID, got ${String(namespace)}`);
  const ns = namespace.replace(/-/g, '');
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(ns.slice(2 * i, 2 * i + 2), 16);
  input.set(nameBytes, 16);
  const h = sha1(input).slice(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50; // version 5 in the high nibble of octet 6
  h[8] = (h[8] & 0x3f) | 0x80; // variant 10xx in octet 8
  const hex = [...h].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const _ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What can be wrong with a date field. Used by the symptom and diagnosis rules. */
export type DateProblem = 'date-format' | 'date-invalid' | 'date-future' | 'date-too-old';

/** What is wrong with a YYYY-MM-DD date that must fall between 1900-01-01 and `today`, or null. */
export function dateProblem(value: string, today: string): DateProblem | null {
  const m = _ISO_DATE.exec(value);
  if (!m) return 'date-format';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return 'date-invalid';
  if (value > today) return 'date-future';
  if (value < EARLIEST_DATE) return 'date-too-old';
  return null;
}

/** The UTC calendar day of an instant, YYYY-MM-DD. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The latest calendar day anywhere on Earth at `now`: UTC+14 (Line Islands) is the zone furthest ahead,
 * so a date the user's own clock calls today is never after it. Builders check dates against it, as
 * they have the instant but not the user's zone; the forms check against the user's own today.
 */
export function latestDay(now: Date): string {
  return utcDay(new Date(now.getTime() + 14 * 3600_000));
}

/** The instant as an R4 instant/dateTime; throws outside the years 0001 to 9999 that R4 can write. */
export function instantOf(now: Date, name = 'now'): string {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError(`${name} must be a valid Date`);
  const year = now.getUTCFullYear();
  // https://hl7.org/fhir/R4/datatypes.html#dateTime: four-digit years; toISOString writes ±YYYYYY outside.
  if (year < 1 || year > 9999) throw new RangeError(`${name} must fall in the years 0001 to 9999, got ${year}`);
  return now.toISOString();
}

/** What can be wrong with a number field. Used by the prescription and exercise rules. */
export type NumberProblem = 'number-format' | 'out-of-range';

// People type "2,5" as often as "2.5" (Ukrainian writes a decimal comma); three decimals at most,
// enough for 0.125 mg, and no exponent or sign, which no dose is written with.
const _DECIMAL = /^\d{1,6}(?:[.,]\d{1,3})?$/;
const _INTEGER = /^\d{1,6}$/;

/** A form's number: a finite number, or a string of digits with an optional decimal point or comma. */
export function parseNumber(raw: unknown, integer: boolean): number | NumberProblem | null {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return 'number-format';
    if (integer && !Number.isInteger(raw)) return 'number-format';
    return _DECIMAL.test(String(raw)) || _INTEGER.test(String(raw)) ? raw : 'number-format';
  }
  if (typeof raw !== 'string') return 'number-format';
  const s = raw.trim();
  if (!(integer ? _INTEGER : _DECIMAL).test(s)) return 'number-format';
  return Number(s.replace(',', '.'));
}

/** The problem of a required number in [min, max], or the number. */
export function numberInRange(raw: unknown, integer: boolean, min: number, max: number, minExclusive = false): number | NumberProblem | 'required' {
  const n = parseNumber(raw, integer);
  if (n === null) return 'required';
  if (typeof n === 'string') return n;
  if (n > max || n < min || (minExclusive && n === min)) return 'out-of-range';
  return n;
}

// SNOMED CT identifiers (SNOMED CT Technical Implementation Guide, "SCTID" and "Check-digit
// computation"): 6 to 18 digits, no leading zero, the last a Verhoeff check digit and the two before it
// the partition, 00 or 10 for a concept.
const _D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const _P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Whether `code` is a well-formed SNOMED CT concept identifier (format and check digit, not existence). */
export function isConceptId(code: string): boolean {
  if (!/^[1-9]\d{5,17}$/.test(code)) return false;
  const partition = code.slice(-3, -1);
  if (partition !== '00' && partition !== '10') return false;
  let c = 0;
  const digits = [...code].reverse().map(Number);
  for (let i = 0; i < digits.length; i++) c = _D[c][_P[i % 8][digits[i]]];
  return c === 0;
}

/** Who wrote or is the subject of a care record, for the references every answer carries. */
export interface PersonName {
  familyName: string;
  givenName: string;
}

function _nameOf(p: PersonName): string {
  return cleanText(`${p.givenName} ${p.familyName}`);
}

/** The doctor as a logical Reference by signing key (Ed25519, hex). Used by the answer screens. */
export function doctorReference(doctor: PersonName & { signingKey: string }): Reference<Practitioner> {
  if (!isKeyHex(doctor?.signingKey)) throw new RangeError('doctor.signingKey must be 64 lower-case hex digits');
  return { type: 'Practitioner', identifier: { system: KEY_ED25519, value: doctor.signingKey }, display: _nameOf(doctor) };
}

/** The patient as a logical Reference by agreement key (X25519, hex). Used by the answer screens. */
export function patientReference(patient: PersonName & { agreementKey: string }): Reference<Patient> {
  if (!isKeyHex(patient?.agreementKey)) throw new RangeError('patient.agreementKey must be 64 lower-case hex digits');
  return { type: 'Patient', identifier: { system: KEY_X25519, value: patient.agreementKey }, display: _nameOf(patient) };
}

/** The logical Reference by which an answer points at its request (docs/design.md "Records"). */
export function requestReference(requestId: string): Reference<ServiceRequest> {
  return { type: 'ServiceRequest', identifier: { system: REQUEST_SYSTEM, value: requestId } };
}

/** Checks a reference a builder is given: the type and key system it must have. */
export function checkReference(ref: Reference | undefined, type: 'Practitioner' | 'Patient', name: string): void {
  const system = type === 'Practitioner' ? KEY_ED25519 : KEY_X25519;
  if (!ref || ref.type !== type || ref.identifier?.system !== system || !isKeyHex(ref.identifier?.value)) {
    throw new RangeError(`${name} must be a ${type} reference by its ${system} identifier (64 hex digits)`);
  }
}

/** A problem table's key for a list item's field: `exercises.3.name` → `exercises.*.name`. */
export function ruleKey(path: string): string {
  return path.replace(/\.\d+(?=\.|$)/g, '.*');
}
