// The directory's public records (issue 9, "Doctor profiles and the directory"): a doctor's profile
// (a FHIR R4 Bundle of type "collection" with a Practitioner and a PractitionerRole), its withdrawal,
// and a clinic's attestation (a FHIR R4 VerificationResult). They are public on purpose: never
// sealed, carried in bundles of kind TX_KINDS.profile under one public tag, DIRECTORY_TAG, so that
// every replica finds every profile by one tag lookup. The bundle's signature (checked by the replica)
// says who published a record; readDirectory (./read.ts) checks that the record names that key.
//
// The payload is the resource's JSON in UTF-8, not compressed. Measured (node:zlib deflateRaw, level
// 6): a profile with Ukrainian names and clinic is 812 bytes of JSON (394 deflated), so one tx of
// MAX_PAYLOAD = 1,024 bytes either way, and an attestation 959 (406), one tx too; deflate would save
// a tx only for the longest names, clinic and specialty text the rules allow (1,617 bytes: 2 txs,
// one more PoW, once, at publish). Against that, the platform's only inflate (DecompressionStream) is asynchronous,
// and readDirectory stays a pure, synchronous function of bytes bounded by MAX_DIRECTORY_PAYLOAD,
// with no decompression bomb to bound.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Bundle, Practitioner, PractitionerRole, VerificationResult } from '@medplum/fhirtypes';
import { TX_KINDS } from '../tx/index.ts';
import { PROFILE_MAX, fieldProblem } from '../identity/profile.ts';
import { SNOMED_CT, practiceSetting } from './specialties.ts';

/** What DIRECTORY_TAG hashes: our own label, versioned so that a later format can take a new tag. */
export const DIRECTORY_TAG_LABEL = 'medtangle/directory/v1';
/** The one public tag of every directory record: SHA-256 of DIRECTORY_TAG_LABEL. The tangle worker finds the directory with findTagged([DIRECTORY_TAG]). */
export const DIRECTORY_TAG: Uint8Array = sha256(utf8ToBytes(DIRECTORY_TAG_LABEL));
/** The tx kind of every directory record. Used by whoever builds the bundle (buildBundle's `kind`). */
export const DIRECTORY_KIND = TX_KINDS.profile;
/**
 * The most payload bytes readDirectory decodes of one record; past it the record is refused unread.
 * 16 KiB is far past a profile (about 800 bytes) and keeps a hostile record from costing more than
 * a JSON.parse of 16 KiB.
 */
export const MAX_DIRECTORY_PAYLOAD = 16 * 1024;

/** Identifier systems (the care issue's contract). */
export const KEY_ED25519 = 'urn:medtangle:key:ed25519';
export const KEY_X25519 = 'urn:medtangle:key:x25519';
export const LICENCE = 'urn:medtangle:licence';
/** The id of the Practitioner in a profile Bundle, which its PractitionerRole references. */
export const PRACTITIONER_ID = 'doctor';
/** The id of the Practitioner an attestation contains: the doctor as the clinic checked them. */
export const CHECKED_ID = 'checked';

/** A field of a directory record's input. */
export type DirectoryField = 'signingKey' | 'agreementKey' | 'familyName' | 'givenName' | 'licence' | 'specialty' | 'clinic' | 'clinicKey' | 'clinicName' | 'issuedAt';
/** What can be wrong with a field: the screens have one message per code. */
export type DirectoryProblem = 'required' | 'too-long' | 'characters' | 'id-format' | 'key-format' | 'unknown-code' | 'time';

/** Every code each field can give, so that a UI test can check that each has a message. */
export const DIRECTORY_RULES: Readonly<Record<DirectoryField, readonly DirectoryProblem[]>> = Object.freeze({
  signingKey: ['required', 'key-format'],
  agreementKey: ['required', 'key-format'],
  familyName: ['required', 'too-long', 'characters'],
  givenName: ['required', 'too-long', 'characters'],
  licence: ['required', 'too-long', 'id-format'],
  specialty: ['required', 'too-long', 'characters', 'unknown-code'],
  clinic: ['required', 'too-long', 'characters'],
  clinicKey: ['required', 'key-format'],
  clinicName: ['required', 'too-long', 'characters'],
  issuedAt: ['time'],
});

/** What a doctor publishes. Keys are 64 lowercase hex digits; at least one of specialtyCode and specialtyText. */
export interface DoctorProfileInput {
  signingKey: string;
  agreementKey: string;
  familyName: string;
  givenName: string;
  licence: string;
  /** A code of data/practice-settings.json. */
  specialtyCode?: string;
  /** Free text, alone or beside the code. */
  specialtyText?: string;
  clinic: string;
  /** When the doctor publishes it (ms since the epoch; the caller's clock): Bundle.timestamp. */
  issuedAt: number;
}

/** What a clinic attests: the doctor as checked in person. */
export interface AttestationInput {
  clinicKey: string;
  clinicName: string;
  doctor: { signingKey: string; familyName: string; givenName: string; licence: string };
  issuedAt: number;
  /** 'validated' attests; 'val-fail' takes a clinic's earlier attestation back. Default 'validated'. */
  status?: 'validated' | 'val-fail';
}

/** A record ready to go in a bundle: the resource, and its payload (UTF-8 JSON). */
export interface DirectoryRecord<R> {
  resource: R;
  payload: Uint8Array;
}

const _HEX_KEY = /^[0-9a-f]{64}$/;
// The years toISOString writes as four digits, which FHIR's dateTime requires.
const _MIN_TIME = Date.UTC(1, 0, 1);
const _MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The rule code of a key, or null. Used here and by ./read.ts. */
export function _keyProblem(v: unknown): DirectoryProblem | null {
  if (typeof v !== 'string' || v === '') return 'required';
  return _HEX_KEY.test(v) ? null : 'key-format';
}

/** A text field through the identity form's rules (names, licence, clinic), as its role 'doctor' checks them. */
function _textProblem(field: 'familyName' | 'givenName' | 'licence' | 'clinic', v: unknown): DirectoryProblem | null {
  return fieldProblem('doctor', field, v, '9999-12-31') as DirectoryProblem | null;
}

function _timeProblem(t: unknown): DirectoryProblem | null {
  return typeof t === 'number' && Number.isFinite(t) && t >= _MIN_TIME && t <= _MAX_TIME ? null : 'time';
}

/** Every field's problem in a profile, empty when it can be published. Called by the profile form and by profileRecord. */
export function profileInputProblems(input: Partial<DoctorProfileInput>): Partial<Record<DirectoryField, DirectoryProblem>> {
  const out: Partial<Record<DirectoryField, DirectoryProblem>> = {};
  const set = (f: DirectoryField, p: DirectoryProblem | null) => {
    if (p) out[f] = p;
  };
  set('signingKey', _keyProblem(input.signingKey));
  set('agreementKey', _keyProblem(input.agreementKey));
  set('familyName', _textProblem('familyName', input.familyName));
  set('givenName', _textProblem('givenName', input.givenName));
  set('licence', _textProblem('licence', input.licence));
  set('clinic', _textProblem('clinic', input.clinic));
  set('specialty', specialtyProblem(input.specialtyCode, input.specialtyText));
  set('issuedAt', _timeProblem(input.issuedAt));
  return out;
}

/** The specialty's problem: a known code, or free text, or both. Used here and by ./read.ts. */
export function specialtyProblem(code: unknown, text: unknown): DirectoryProblem | null {
  const hasCode = typeof code === 'string' && code !== '';
  const hasText = typeof text === 'string' && text.trim() !== '';
  if (!hasCode && !hasText) return 'required';
  if (hasCode && !practiceSetting(code as string)) return 'unknown-code';
  if (hasText) return fieldProblem('doctor', 'specialty', text, '9999-12-31') as DirectoryProblem | null;
  return null;
}

/** Every field's problem in an attestation, empty when it can be published. Called by the clinic's screen and by attestationRecord. */
export function attestationInputProblems(input: Partial<AttestationInput>): Partial<Record<DirectoryField, DirectoryProblem>> {
  const out: Partial<Record<DirectoryField, DirectoryProblem>> = {};
  const set = (f: DirectoryField, p: DirectoryProblem | null) => {
    if (p) out[f] = p;
  };
  set('clinicKey', _keyProblem(input.clinicKey));
  set('clinicName', _textProblem('clinic', input.clinicName));
  const d = input.doctor ?? ({} as Partial<AttestationInput['doctor']>);
  set('signingKey', _keyProblem(d.signingKey));
  set('familyName', _textProblem('familyName', d.familyName));
  set('givenName', _textProblem('givenName', d.givenName));
  set('licence', _textProblem('licence', d.licence));
  set('issuedAt', _timeProblem(input.issuedAt));
  return out;
}

function _check(problems: Partial<Record<DirectoryField, DirectoryProblem>>, what: string): void {
  const list = Object.entries(problems);
  if (list.length > 0) throw new RangeError(`${what}: ${list.map(([f, p]) => `${f} ${p}`).join(', ')}`);
}

function _encode<R>(resource: R): DirectoryRecord<R> {
  const payload = new TextEncoder().encode(JSON.stringify(resource));
  if (payload.length > MAX_DIRECTORY_PAYLOAD) throw new RangeError(`the record is ${payload.length} bytes, more than ${MAX_DIRECTORY_PAYLOAD}`);
  return { resource, payload };
}

/** The profile Bundle of `input` and its payload; throws a RangeError naming each problem (profileInputProblems first). Called by the doctor's publish. */
export function profileRecord(input: DoctorProfileInput): DirectoryRecord<Bundle> {
  _check(profileInputProblems(input), 'profileRecord');
  const family = input.familyName.trim();
  const given = input.givenName.trim();
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    // A short id: the key already is in the identifiers, and every byte counts against one tx (above).
    id: PRACTITIONER_ID,
    active: true,
    identifier: [
      { system: KEY_ED25519, value: input.signingKey },
      { system: KEY_X25519, value: input.agreementKey },
      { system: LICENCE, value: input.licence.trim() },
    ],
    name: [{ family, given: [given] }],
  };
  const code = input.specialtyCode ? practiceSetting(input.specialtyCode) : undefined;
  const text = input.specialtyText?.trim();
  const role: PractitionerRole = {
    resourceType: 'PractitionerRole',
    active: true,
    practitioner: { reference: `Practitioner/${PRACTITIONER_ID}` },
    organization: { display: input.clinic.trim() },
    specialty: [
      {
        ...(code ? { coding: [{ system: SNOMED_CT, code: code.code, display: code.display }] } : {}),
        ...(text ? { text } : {}),
      },
    ],
  };
  return _encode<Bundle>({
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date(input.issuedAt).toISOString(),
    entry: [{ resource: practitioner }, { resource: role }],
  });
}

/**
 * A withdrawal: a profile Bundle whose only entry is the doctor's Practitioner with active false and
 * no name, licence or role, so the newest record from the key says nothing more about the doctor.
 * Called by the doctor's withdraw.
 */
export function withdrawalRecord(input: { signingKey: string; issuedAt: number }): DirectoryRecord<Bundle> {
  _check({ ...(_keyProblem(input.signingKey) ? { signingKey: _keyProblem(input.signingKey)! } : {}), ...(_timeProblem(input.issuedAt) ? { issuedAt: 'time' as const } : {}) }, 'withdrawalRecord');
  return _encode<Bundle>({
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date(input.issuedAt).toISOString(),
    entry: [{ resource: { resourceType: 'Practitioner', id: PRACTITIONER_ID, active: false, identifier: [{ system: KEY_ED25519, value: input.signingKey }] } }],
  });
}

/**
 * A clinic's attestation: a VerificationResult whose target is the doctor's Practitioner by signing
 * key, and which contains that Practitioner as the clinic checked it (key, licence, names): the
 * attestation counts only while the doctor's current profile says the same. The validator is the
 * clinic, by its signing key (which must sign the bundle) and its name. Called by the clinic's screen.
 */
export function attestationRecord(input: AttestationInput): DirectoryRecord<VerificationResult> {
  _check(attestationInputProblems(input), 'attestationRecord');
  const status = input.status ?? 'validated';
  if (status !== 'validated' && status !== 'val-fail') throw new RangeError(`attestationRecord: status must be 'validated' or 'val-fail', got ${String(status)}`);
  const d = input.doctor;
  const checked: Practitioner = {
    resourceType: 'Practitioner',
    id: CHECKED_ID,
    identifier: [
      { system: KEY_ED25519, value: d.signingKey },
      { system: LICENCE, value: d.licence.trim() },
    ],
    name: [{ family: d.familyName.trim(), given: [d.givenName.trim()] }],
  };
  return _encode<VerificationResult>({
    resourceType: 'VerificationResult',
    contained: [checked],
    target: [{ reference: `#${CHECKED_ID}`, type: 'Practitioner', identifier: { system: KEY_ED25519, value: d.signingKey } }],
    targetLocation: ['Practitioner.identifier', 'Practitioner.name'],
    status,
    statusDate: new Date(input.issuedAt).toISOString(),
    validationProcess: [{ text: 'licence and identity checked in person' }],
    validator: [{ organization: { type: 'Organization', identifier: { system: KEY_ED25519, value: input.clinicKey }, display: input.clinicName.trim() } }],
  });
}

/** Longest specialty text, for the form. */
export const SPECIALTY_TEXT_MAX = PROFILE_MAX.specialty;
