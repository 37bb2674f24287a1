// A grant as a FHIR R4 Consent (https://hl7.org/fhir/R4/consent.html), and back. The patient permits
// one doctor to read chosen records, or every record dated from a start, until a time. A revocation
// is the same Consent (same identifier) with status `inactive`. Pure; internal to web/core/consent.
import type { Consent, ConsentProvisionData, Extension, Resource } from '@medplum/fhirtypes';
import {
  CONSENT_SYSTEM,
  DATA_KEY_URL,
  RECORD_SYSTEM,
  base64Of,
  bytesOf,
  checkParty,
  checkText,
  instantOf,
  isHex32,
  isObject,
  isPlace,
  jsonEqual,
  parsePlace,
  partyOf,
  partyReference,
  placeString,
  timeOf,
  type Party,
  type RecordPlace,
} from './_common.ts';

/** One record a grant covers: its place, words to show, its FHIR kind, its date, and (chosen past records only) its data key. */
export interface GrantedRecord {
  place: RecordPlace;
  label: string;
  kind: string;
  date: number;
  dataKey?: Uint8Array;
}

/** What a grant covers: chosen records, or every record dated from `start` on. */
export type GrantScope = { kind: 'records'; records: GrantedRecord[] } | { kind: 'from-now-on'; start: number };

/** A patient's grant to a doctor, or its revocation (status 'revoked'). */
export interface Grant {
  id: string;
  patient: Party;
  doctor: Party;
  scope: GrantScope;
  until: number;
  at: number;
  status: 'active' | 'revoked';
}

/** The extensions of a granted record that hold what R4's Consent has no element for. */
const KIND_URL = 'urn:medtangle:record-kind';
const DATE_URL = 'urn:medtangle:record-date';

// The codes, each from the R4 binding of its element (all four bindings are extensible, and each code
// is in its value set): consentscope `patient-privacy`, so invariant ppc-2 asks for Consent.patient;
// LOINC 59284-0 (consent-category); v3-ActCode OPTIN as the policy rule, which invariant ppc-1 asks
// for when there is no policy; v3-ParticipationType IRCP "information recipient" for the doctor
// (security-role-type; PRCP is not in that value set); consentaction `access`.
const SCOPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] };
const CATEGORY = [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }];
const POLICY_RULE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN', display: 'opt-in' }] };
const RECIPIENT = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] };
const ACCESS = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'access', display: 'Access' }] }];

function _checkGrant(g: Grant): void {
  if (typeof g !== 'object' || g === null) throw new RangeError('grant must be an object');
  if (!isHex32(g.id)) throw new RangeError('grant.id must be 32 lower-case hex digits');
  if (g.status !== 'active' && g.status !== 'revoked') throw new RangeError(`grant.status must be 'active' or 'revoked'`);
  checkParty(g.patient, 'grant.patient');
  checkParty(g.doctor, 'grant.doctor');
  const s = g.scope;
  if (s?.kind === 'from-now-on') return;
  if (s?.kind !== 'records') throw new RangeError(`grant.scope.kind must be 'records' or 'from-now-on'`);
  // A grant of no record grants nothing, and would read back as neither scope.
  if (!Array.isArray(s.records) || s.records.length === 0) throw new RangeError('grant.scope.records must list one record at least');
  s.records.forEach((r, i) => {
    if (!isPlace(r?.place)) throw new RangeError(`grant.scope.records[${i}].place must be { tag, hash } in 64 hex digits each`);
    checkText(r.label, `grant.scope.records[${i}].label`);
    checkText(r.kind, `grant.scope.records[${i}].kind`);
    // A data key is the 32-byte AEAD key of docs/envelope.md.
    if (r.dataKey !== undefined && !(r.dataKey instanceof Uint8Array && r.dataKey.length === 32)) {
      throw new RangeError(`grant.scope.records[${i}].dataKey must be 32 bytes`);
    }
  });
}

function _data(r: GrantedRecord, i: number): ConsentProvisionData {
  const extension: Extension[] = [];
  if (r.kind) extension.push({ url: KIND_URL, valueString: r.kind });
  extension.push({ url: DATE_URL, valueDateTime: instantOf(r.date, `grant.scope.records[${i}].date`) });
  if (r.dataKey) extension.push({ url: DATA_KEY_URL, valueBase64Binary: base64Of(r.dataKey) });
  return {
    extension,
    meaning: 'instance',
    reference: { identifier: { system: RECORD_SYSTEM, value: placeString(r.place) }, ...(r.label ? { display: r.label } : {}) },
  };
}

/** The FHIR R4 Consent of a grant (active) or of its revocation (inactive). Used by the identity service. */
export function consentResource(g: Grant): Consent {
  _checkGrant(g);
  const patient = partyReference(g.patient, 'Patient');
  return {
    resourceType: 'Consent',
    id: g.id,
    identifier: [{ system: CONSENT_SYSTEM, value: g.id }],
    status: g.status === 'active' ? 'active' : 'inactive',
    scope: SCOPE,
    category: CATEGORY,
    patient,
    dateTime: instantOf(g.at, 'grant.at'),
    performer: [patient],
    policyRule: POLICY_RULE,
    provision: {
      type: 'permit',
      period: { end: instantOf(g.until, 'grant.until') },
      actor: [{ role: RECIPIENT, reference: partyReference(g.doctor, 'Practitioner') }],
      action: ACCESS,
      ...(g.scope.kind === 'from-now-on'
        ? { dataPeriod: { start: instantOf(g.scope.start, 'grant.scope.start') } }
        : { data: g.scope.records.map(_data) }),
    },
  } as Consent;
}

function _extension(list: unknown, url: string): unknown {
  if (!Array.isArray(list)) return undefined;
  const found = list.filter((e) => isObject(e) && e.url === url);
  return found.length === 1 ? found[0] : undefined;
}

function _record(d: unknown): GrantedRecord | null {
  if (!isObject(d) || !isObject(d.reference)) return null;
  const id = d.reference.identifier;
  const place = isObject(id) && id.system === RECORD_SYSTEM ? parsePlace(id.value) : null;
  if (!place) return null;
  const label = d.reference.display ?? '';
  const kindExt = _extension(d.extension, KIND_URL);
  const kind = isObject(kindExt) ? kindExt.valueString : '';
  const dateExt = _extension(d.extension, DATE_URL);
  const date = isObject(dateExt) ? timeOf(dateExt.valueDateTime) : NaN;
  const keyExt = _extension(d.extension, DATA_KEY_URL);
  if (typeof label !== 'string' || typeof kind !== 'string') return null;
  const out: GrantedRecord = { place, label, kind, date };
  if (keyExt !== undefined) {
    if (!isObject(keyExt) || typeof keyExt.valueBase64Binary !== 'string') return null;
    out.dataKey = bytesOf(keyExt.valueBase64Binary);
  }
  return out;
}

function _read(r: unknown): Grant | null {
  if (!isObject(r) || r.resourceType !== 'Consent') return null;
  const ids = r.identifier;
  if (!Array.isArray(ids) || ids.length !== 1 || !isObject(ids[0]) || ids[0].system !== CONSENT_SYSTEM || !isHex32(ids[0].value)) return null;
  const status = r.status === 'active' ? 'active' : r.status === 'inactive' ? 'revoked' : null;
  const patient = partyOf(r.patient);
  const p = r.provision;
  if (!status || !patient || !isObject(p) || !isObject(p.period)) return null;
  const actors = p.actor;
  const doctor = Array.isArray(actors) && actors.length === 1 && isObject(actors[0]) ? partyOf(actors[0].reference) : null;
  if (!doctor) return null;
  let scope: GrantScope;
  if (p.data !== undefined) {
    if (!Array.isArray(p.data)) return null;
    const records = p.data.map(_record);
    if (records.some((x) => x === null)) return null;
    scope = { kind: 'records', records: records as GrantedRecord[] };
  } else {
    if (!isObject(p.dataPeriod)) return null;
    scope = { kind: 'from-now-on', start: timeOf(p.dataPeriod.start) };
  }
  return { id: ids[0].value, patient, doctor, scope, until: timeOf(p.period.end), at: timeOf(r.dateTime), status };
}

/**
 * The grant a Consent written by consentResource holds, or null for anything else: the resource must
 * be exactly what consentResource writes for what is read from it, so a changed system, a bad hex
 * digit or date, or any field added or dropped gives null. Never throws. Used by the identity service.
 */
export function readConsent(r: unknown): Grant | null {
  try {
    const g = _read(r);
    return g && jsonEqual(consentResource(g), r) ? g : null;
  } catch {
    return null;
  }
}

/**
 * The same resource with every data key removed, wherever it sits (a Consent, or a consent message
 * Bundle): what the page may see. Used by the identity service.
 */
export function withoutKeys<T extends Resource = Consent>(r: T): T {
  // A deep copy through JSON: the caller's resource stays as it was.
  const copy = JSON.parse(JSON.stringify(r)) as T;
  const strip = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(strip);
    if (!isObject(node)) return;
    if (Array.isArray(node.extension)) {
      node.extension = node.extension.filter((e) => !(isObject(e) && e.url === DATA_KEY_URL));
      if ((node.extension as unknown[]).length === 0) delete node.extension;
    }
    for (const v of Object.values(node)) strip(v);
  };
  strip(copy);
  return copy;
}
