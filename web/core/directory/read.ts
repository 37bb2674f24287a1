// Reading the directory from the records the replica found under DIRECTORY_TAG (./records.ts): the
// newest profile of each signing key, the attestations that still match it, and what was refused
// and why. Everything here is someone else's bytes: nothing throws, every size is bounded, and a
// record counts only for the key that signed its bundle.
import { fieldProblem } from '../identity/profile.ts';
import { TX_KINDS } from '../tx/index.ts';
import { CHECKED_ID, PRACTITIONER_ID, KEY_ED25519, KEY_X25519, LICENCE, MAX_DIRECTORY_PAYLOAD, _keyProblem, specialtyProblem } from './records.ts';
import { SNOMED_CT, practiceSetting } from './specialties.ts';
import { foldText } from './fold.ts';

/** A bundle the replica found under DIRECTORY_TAG, as the tangle worker hands it on. */
export interface FoundDirectoryBundle {
  /** The Ed25519 key that signed the bundle (64 lowercase hex digits; the replica checked the signature). */
  issuer: string;
  /** The bundle's tail id (hex): its name. */
  id: string;
  issuedAt: number;
  attachedAt: number;
  confirmed: boolean;
  payload: Uint8Array;
  /** The bundle's kind, when known: anything but TX_KINDS.profile is refused. */
  kind?: number;
}

/** A specialty: a code of the value set (with its names), free text, or both. */
export interface Specialty {
  code?: string;
  /** The value set's display (English), with a code. */
  display?: string;
  /** Our Ukrainian wording, with a code. */
  uk?: string;
  /** The doctor's own words. */
  text?: string;
}

/** A clinic's attestation that still matches the doctor's current profile. */
export interface Attestation {
  clinicKey: string;
  clinicName: string;
  id: string;
  issuedAt: number;
  confirmed: boolean;
}

/** A doctor's current profile. */
export interface DirectoryProfile {
  signingKey: string;
  agreementKey: string;
  familyName: string;
  givenName: string;
  licence: string;
  specialty: Specialty;
  clinic: string;
  /** The bundle that carries it. */
  id: string;
  issuedAt: number;
  attachedAt: number;
  confirmed: boolean;
  /** Newest first, one per clinic. */
  attestations: Attestation[];
}

/** Why a record does not count. */
export type RefusalReason =
  | 'wrong-kind'
  | 'bad-issuer'
  | 'too-large'
  | 'not-utf8'
  | 'bad-json'
  | 'unknown-resource'
  | 'bad-shape'
  | 'bad-field'
  | 'issuer-mismatch'
  | 'attestation-no-profile'
  | 'attestation-mismatch';

/** Every refusal reason, so that a screen can check that each has a message. */
export const REFUSAL_REASONS: readonly RefusalReason[] = Object.freeze([
  'wrong-kind',
  'bad-issuer',
  'too-large',
  'not-utf8',
  'bad-json',
  'unknown-resource',
  'bad-shape',
  'bad-field',
  'issuer-mismatch',
  'attestation-no-profile',
  'attestation-mismatch',
] as RefusalReason[]);

export interface Refusal {
  id: string;
  issuer: string;
  reason: RefusalReason;
}

/** The directory: current profiles (by folded family name, given name, then key: ./fold.ts) and what was refused. */
export interface Directory {
  profiles: DirectoryProfile[];
  refused: Refusal[];
}

/** What a search result shows. */
export interface DirectoryEntry {
  signingKey: string;
  familyName: string;
  givenName: string;
  specialty: Specialty;
  clinic: string;
  agreementKey: string;
  /** Names of the trusted clinics that attest the profile; empty: unattested. */
  attestedBy: string[];
  attested: boolean;
}

type Json = unknown;
type Obj = Record<string, Json>;

const _obj = (v: Json): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const _arr = (v: Json, max: number): Json[] | null => (Array.isArray(v) && v.length <= max ? v : null);
const _str = (v: Json): string | null => (typeof v === 'string' ? v : null);
/** A found bundle's string field, or '' (the bundles come from the replica, but nothing here throws). */
const _s = (v: unknown): string => (typeof v === 'string' ? v : '');
const _n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** Own properties only: a record's `__proto__` or `constructor` key is data, never the prototype's. */
const _get = (o: Obj, k: string): Json => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/** A refusal, thrown inside this file only and turned into the Refusal list. */
class _Refused {
  constructor(readonly reason: RefusalReason) {}
}
const _refuse = (reason: RefusalReason): never => {
  throw new _Refused(reason);
};

/** The value of the one identifier of `system` (several of a system: refused). */
function _identifier(list: Json[] | null, system: string): string | undefined {
  let found: string | undefined;
  for (const i of list ?? []) {
    const o = _obj(i) ?? _refuse('bad-shape');
    if (_get(o, 'system') !== system) continue;
    if (found !== undefined) _refuse('bad-shape');
    found = _str(_get(o, 'value')) ?? _refuse('bad-shape');
  }
  return found;
}

/** The family and given names of a Practitioner's first name (one given name, as the builders write). */
function _name(p: Obj): { family: string; given: string } {
  const names = _arr(_get(p, 'name'), 4) ?? _refuse('bad-shape');
  const n = _obj(names[0]) ?? _refuse('bad-shape');
  const family = _str(_get(n, 'family')) ?? _refuse('bad-shape');
  const givens = _arr(_get(n, 'given'), 4) ?? _refuse('bad-shape');
  const given = _str(givens[0]) ?? _refuse('bad-shape');
  if (fieldProblem('doctor', 'familyName', family, '9999-12-31') || fieldProblem('doctor', 'givenName', given, '9999-12-31')) _refuse('bad-field');
  return { family: family.trim(), given: given.trim() };
}

function _licence(v: string | undefined): string {
  if (v === undefined || fieldProblem('doctor', 'licence', v, '9999-12-31')) return _refuse('bad-field');
  return v.trim();
}

type Parsed =
  | { kind: 'profile'; profile: Omit<DirectoryProfile, 'id' | 'issuedAt' | 'attachedAt' | 'confirmed' | 'attestations'> }
  | { kind: 'withdrawal' }
  | { kind: 'attestation'; doctorKey: string; clinicName: string; validated: boolean; checked: { family: string; given: string; licence: string } };

function _parseBundle(r: Obj, issuer: string): Parsed {
  if (_get(r, 'type') !== 'collection') _refuse('bad-shape');
  const entries = _arr(_get(r, 'entry'), 2) ?? _refuse('bad-shape');
  if (entries.length === 0) _refuse('bad-shape');
  const resources = entries.map((e) => _obj(_get(_obj(e) ?? _refuse('bad-shape'), 'resource')) ?? _refuse('bad-shape'));
  const p = resources[0];
  if (_get(p, 'resourceType') !== 'Practitioner') _refuse('bad-shape');
  const ids = _arr(_get(p, 'identifier'), 8) ?? _refuse('bad-shape');
  const signingKey = _identifier(ids, KEY_ED25519);
  if (signingKey === undefined || _keyProblem(signingKey)) _refuse('bad-field');
  // A profile signed by key K must name K: no one can publish (or withdraw) a profile for someone else.
  if (signingKey !== issuer) _refuse('issuer-mismatch');
  if (_get(p, 'id') !== PRACTITIONER_ID) _refuse('bad-shape');
  const active = _get(p, 'active');
  if (active === false) return { kind: 'withdrawal' };
  if (active !== true || resources.length !== 2) _refuse('bad-shape');
  const agreementKey = _identifier(ids, KEY_X25519);
  if (agreementKey === undefined || _keyProblem(agreementKey)) _refuse('bad-field');
  const licence = _licence(_identifier(ids, LICENCE));
  const { family, given } = _name(p);
  const role = resources[1];
  if (_get(role, 'resourceType') !== 'PractitionerRole' || _get(role, 'active') !== true) _refuse('bad-shape');
  const ref = _obj(_get(role, 'practitioner')) ?? _refuse('bad-shape');
  if (_get(ref, 'reference') !== `Practitioner/${PRACTITIONER_ID}`) _refuse('bad-shape');
  const clinic = _str(_get(_obj(_get(role, 'organization')) ?? _refuse('bad-shape'), 'display')) ?? _refuse('bad-shape');
  if (fieldProblem('doctor', 'clinic', clinic, '9999-12-31')) _refuse('bad-field');
  const specialties = _arr(_get(role, 'specialty'), 4) ?? _refuse('bad-shape');
  const sp = _obj(specialties[0]) ?? _refuse('bad-shape');
  const codings = _get(sp, 'coding') === undefined ? [] : (_arr(_get(sp, 'coding'), 4) ?? _refuse('bad-shape'));
  let code: string | undefined;
  for (const c of codings) {
    const o = _obj(c) ?? _refuse('bad-shape');
    if (_get(o, 'system') === SNOMED_CT && code === undefined) code = _str(_get(o, 'code')) ?? _refuse('bad-shape');
  }
  const rawText = _get(sp, 'text');
  if (rawText !== undefined && typeof rawText !== 'string') _refuse('bad-shape');
  if (specialtyProblem(code, rawText)) _refuse('bad-field');
  const setting = code === undefined ? undefined : practiceSetting(code)!;
  const text = typeof rawText === 'string' && rawText.trim() !== '' ? rawText.trim() : undefined;
  const specialty: Specialty = {
    ...(setting ? { code: setting.code, display: setting.display, uk: setting.uk } : {}),
    ...(text ? { text } : {}),
  };
  return { kind: 'profile', profile: { signingKey: issuer, agreementKey: agreementKey!, familyName: family, givenName: given, licence, specialty, clinic: clinic.trim() } };
}

function _parseAttestation(r: Obj, issuer: string): Parsed {
  const status = _get(r, 'status');
  const validators = _arr(_get(r, 'validator'), 4) ?? _refuse('bad-shape');
  const org = _obj(_get(_obj(validators[0]) ?? _refuse('bad-shape'), 'organization')) ?? _refuse('bad-shape');
  const orgId = _obj(_get(org, 'identifier')) ?? _refuse('bad-shape');
  if (_get(orgId, 'system') !== KEY_ED25519) _refuse('bad-shape');
  // The attestation's issuer is the clinic named as validator: it must be the key that signed the bundle.
  if (_get(orgId, 'value') !== issuer) _refuse('issuer-mismatch');
  const clinicName = _str(_get(org, 'display')) ?? _refuse('bad-shape');
  if (fieldProblem('doctor', 'clinic', clinicName, '9999-12-31')) _refuse('bad-field');
  const targets = _arr(_get(r, 'target'), 4) ?? _refuse('bad-shape');
  const target = _obj(targets[0]) ?? _refuse('bad-shape');
  const targetId = _obj(_get(target, 'identifier')) ?? _refuse('bad-shape');
  if (_get(targetId, 'system') !== KEY_ED25519 || _get(target, 'reference') !== `#${CHECKED_ID}`) _refuse('bad-shape');
  const doctorKey = _str(_get(targetId, 'value')) ?? _refuse('bad-shape');
  if (_keyProblem(doctorKey)) _refuse('bad-field');
  const contained = _arr(_get(r, 'contained'), 4) ?? _refuse('bad-shape');
  const checked = contained.map((c) => _obj(c) ?? _refuse('bad-shape')).find((c) => _get(c, 'id') === CHECKED_ID) ?? _refuse('bad-shape');
  if (_get(checked, 'resourceType') !== 'Practitioner') _refuse('bad-shape');
  const ids = _arr(_get(checked, 'identifier'), 8) ?? _refuse('bad-shape');
  if (_identifier(ids, KEY_ED25519) !== doctorKey) _refuse('bad-shape');
  const licence = _licence(_identifier(ids, LICENCE));
  const { family, given } = _name(checked);
  return { kind: 'attestation', doctorKey, clinicName: clinicName.trim(), validated: status === 'validated', checked: { family, given, licence } };
}

const _utf8 = new TextDecoder('utf-8', { fatal: true });

/** One found bundle's record, or throws _Refused. */
function _parse(b: FoundDirectoryBundle): Parsed {
  if (b.kind !== undefined && b.kind !== TX_KINDS.profile) _refuse('wrong-kind');
  if (typeof b.issuer !== 'string' || _keyProblem(b.issuer)) _refuse('bad-issuer');
  if (!(b.payload instanceof Uint8Array)) _refuse('bad-shape');
  if (b.payload.length > MAX_DIRECTORY_PAYLOAD) _refuse('too-large');
  let text = '';
  try {
    text = _utf8.decode(b.payload);
  } catch {
    _refuse('not-utf8');
  }
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    return _refuse('bad-json');
  }
  const r = _obj(json) ?? _refuse('bad-shape');
  const type = _get(r, 'resourceType');
  if (type === 'Bundle') return _parseBundle(r, b.issuer);
  if (type === 'VerificationResult') return _parseAttestation(r, b.issuer);
  return _refuse('unknown-resource');
}

/** Whether a is newer than b: later issuedAt (the signer's own order), then the greater id. */
function _newer(a: { issuedAt: number; id: string }, b: { issuedAt: number; id: string }): boolean {
  return a.issuedAt !== b.issuedAt ? a.issuedAt > b.issuedAt : a.id > b.id;
}


/**
 * The directory of the found bundles: the newest profile record of each signing key (a withdrawal
 * removes the profile), each with the newest attestation of each clinic when it is 'validated' and
 * its checked licence and names are the profile's; and every record that does not count, with why.
 * Never throws on what the bundles hold. Called by the tangle worker's directory (or the page) after findTagged([DIRECTORY_TAG]).
 */
export function readDirectory(bundles: readonly FoundDirectoryBundle[]): Directory {
  const refused: Refusal[] = [];
  const latest = new Map<string, { b: FoundDirectoryBundle; p: Parsed }>();
  // Newest attestation per clinic and doctor: key `${clinic}/${doctor}`.
  const attest = new Map<string, { b: FoundDirectoryBundle; p: Extract<Parsed, { kind: 'attestation' }> }>();
  for (const b of bundles) {
    let p: Parsed;
    try {
      if (b === null || typeof b !== 'object') continue;
      p = _parse(b);
    } catch (e) {
      const reason: RefusalReason = e instanceof _Refused ? e.reason : 'bad-shape';
      refused.push({ id: _s(b.id), issuer: _s(b.issuer), reason });
      continue;
    }
    const when = { issuedAt: _n(b.issuedAt), id: _s(b.id) };
    if (p.kind === 'attestation') {
      const key = `${b.issuer}/${p.doctorKey}`;
      const known = attest.get(key);
      if (!known || _newer(when, { issuedAt: _n(known.b.issuedAt), id: _s(known.b.id) })) attest.set(key, { b, p });
      continue;
    }
    const known = latest.get(b.issuer);
    if (!known || _newer(when, { issuedAt: _n(known.b.issuedAt), id: _s(known.b.id) })) latest.set(b.issuer, { b, p });
  }
  const profiles = new Map<string, DirectoryProfile>();
  for (const [key, { b, p }] of latest) {
    if (p.kind !== 'profile') continue;
    // Written out, not spread: spreading the parsed profile cost about half of readDirectory's own time (10^4 profiles, V8 profile).
    const f = p.profile;
    profiles.set(key, {
      signingKey: f.signingKey,
      agreementKey: f.agreementKey,
      familyName: f.familyName,
      givenName: f.givenName,
      licence: f.licence,
      specialty: f.specialty,
      clinic: f.clinic,
      id: _s(b.id),
      issuedAt: _n(b.issuedAt),
      attachedAt: _n(b.attachedAt),
      confirmed: b.confirmed === true,
      attestations: [],
    });
  }
  for (const { b, p } of attest.values()) {
    if (!p.validated) continue; // taken back by the clinic's newer record
    const profile = profiles.get(p.doctorKey);
    if (!profile) {
      refused.push({ id: _s(b.id), issuer: b.issuer, reason: 'attestation-no-profile' });
      continue;
    }
    if (profile.licence !== p.checked.licence || profile.familyName !== p.checked.family || profile.givenName !== p.checked.given) {
      refused.push({ id: _s(b.id), issuer: b.issuer, reason: 'attestation-mismatch' });
      continue;
    }
    profile.attestations.push({ clinicKey: b.issuer, clinicName: p.clinicName, id: _s(b.id), issuedAt: _n(b.issuedAt), confirmed: b.confirmed === true });
  }
  // By folded family name, given name, then key (./fold.ts), compared as plain strings: the same
  // order on every device and in every locale, which a collator's would not promise.
  const keyed = [...profiles.values()].map((pr) => ({ pr, key: `${foldText(pr.familyName)}\u0001${foldText(pr.givenName)}\u0001${pr.signingKey}` }));
  keyed.sort((a, c) => (a.key < c.key ? -1 : a.key > c.key ? 1 : 0));
  const list = keyed.map((k) => k.pr);
  for (const pr of list) pr.attestations.sort((a, c) => (_newer(a, c) ? -1 : 1));
  return { profiles: list, refused };
}

/** What a result shows for `profile`, attested by the clinics of `trustedClinicKeys` only. Called by the search screen. */
export function entryOf(profile: DirectoryProfile, trustedClinicKeys: Iterable<string>): DirectoryEntry {
  const trusted = trustedClinicKeys instanceof Set ? (trustedClinicKeys as Set<string>) : new Set(trustedClinicKeys);
  const attestedBy = profile.attestations.filter((a) => trusted.has(a.clinicKey)).map((a) => a.clinicName);
  return {
    signingKey: profile.signingKey,
    familyName: profile.familyName,
    givenName: profile.givenName,
    specialty: { ...profile.specialty },
    clinic: profile.clinic,
    agreementKey: profile.agreementKey,
    attestedBy,
    attested: attestedBy.length > 0,
  };
}
