// One entry of the patient's audit log as a FHIR R4 AuditEvent (https://hl7.org/fhir/R4/auditevent.html),
// and back: a grant, a revocation, a share, a link, or a doctor's opening of a record. Pure; internal to
// web/core/consent.
import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding } from '@medplum/fhirtypes';
import {
  AUDIT_SYSTEM,
  CONSENT_SYSTEM,
  RECORD_SYSTEM,
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

/** What the patient's log records. */
export type AuditAction = 'grant' | 'revoke' | 'share' | 'link' | 'open';

/** One audited action. */
export interface Audit {
  id: string;
  action: AuditAction;
  at: number;
  /** who acted */
  by: Party;
  patient: Party;
  /** the other party where there is one: the doctor granted/revoked/shared with, or the patient whose record a doctor opened; null for a link */
  counterpart: Party | null;
  records: { place: RecordPlace; label: string }[];
  grantId?: string;
  until?: number;
}

/** Every action, in the order the screens list them. Used by the audit screens and the tests. */
export const AUDIT_ACTIONS: readonly AuditAction[] = ['grant', 'revoke', 'share', 'link', 'open'];

const UNTIL_URL = 'urn:medtangle:until';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REST = 'http://hl7.org/fhir/restful-interaction';
const LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle';
const ROLE_CLASS = 'http://terminology.hl7.org/CodeSystem/v3-RoleClass';

// Per action, codes from the R4 value sets of each element (audit-event-type and audit-event-sub-type,
// both extensible; audit-event-action, required; object-lifecycle-events, extensible):
// - grant and revoke create and update a Consent, a part of the patient's record: DICOM 110110
//   "Patient Record" with the FHIR interaction create / update, actions C / U;
// - share and link send records out of the patient's keeping: DICOM 110106 "Export", action R, as DICOM
//   PS3.15 A.5.3.6 has an export, each record's lifecycle ISO 21089 `disclose`;
// - open is a read of the patient's record: 110110 with the interaction read, action R, lifecycle `access`.
// A grant of chosen records hands their data keys over, so its records are disclosed too.
// Our own code (AUDIT_SYSTEM) comes first in subtype, so that the reader never has to infer the action.
interface ActionCodes {
  type: Coding;
  rest?: Coding;
  action: 'C' | 'R' | 'U';
  lifecycle?: Coding;
}
const PATIENT_RECORD: Coding = { system: DCM, code: '110110', display: 'Patient Record' };
const EXPORT: Coding = { system: DCM, code: '110106', display: 'Export' };
const DISCLOSE: Coding = { system: LIFECYCLE, code: 'disclose', display: 'Disclose Record Lifecycle Event' };
const CODES: Record<AuditAction, ActionCodes> = {
  grant: { type: PATIENT_RECORD, rest: { system: REST, code: 'create', display: 'create' }, action: 'C', lifecycle: DISCLOSE },
  revoke: { type: PATIENT_RECORD, rest: { system: REST, code: 'update', display: 'update' }, action: 'U' },
  share: { type: EXPORT, action: 'R', lifecycle: DISCLOSE },
  link: { type: EXPORT, action: 'R', lifecycle: DISCLOSE },
  open: { type: PATIENT_RECORD, rest: { system: REST, code: 'read', display: 'read' }, action: 'R', lifecycle: { system: LIFECYCLE, code: 'access', display: 'Access/View Record Lifecycle Event' } },
};

// An agent's type (participation-role-type, extensible): the patient, or a healthcare provider.
const PAT = { coding: [{ system: ROLE_CLASS, code: 'PAT', display: 'patient' }] };
const PROV = { coding: [{ system: ROLE_CLASS, code: 'PROV', display: 'healthcare provider' }] };
// The patient whose log it is, as IHE and the R4 examples name the subject of an event: an entity of
// audit-entity-type 1 "Person" in object-role 1 "Patient"; each record an entity of type 2 "System
// Object" in role 4 "Domain Resource"; a grant an entity of the resource type Consent.
const PERSON = { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' };
const OBJECT = { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' };
const ROLE_PATIENT = { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' };
const ROLE_RESOURCE = { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' };
const CONSENT_TYPE = { system: 'http://hl7.org/fhir/resource-types', code: 'Consent', display: 'Consent' };
// The recording device is the acting person's own (security-source-type 1 "User Device").
const USER_DEVICE = [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '1', display: 'User Device' }];

function _checkAudit(a: Audit): void {
  if (typeof a !== 'object' || a === null) throw new RangeError('audit must be an object');
  if (!isHex32(a.id)) throw new RangeError('audit.id must be 32 lower-case hex digits');
  if (!AUDIT_ACTIONS.includes(a.action)) throw new RangeError(`audit.action must be one of ${AUDIT_ACTIONS.join(', ')}`);
  checkParty(a.by, 'audit.by');
  checkParty(a.patient, 'audit.patient');
  if (a.counterpart !== null) checkParty(a.counterpart, 'audit.counterpart');
  if (!Array.isArray(a.records)) throw new RangeError('audit.records must be an array');
  a.records.forEach((r, i) => {
    if (!isPlace(r?.place)) throw new RangeError(`audit.records[${i}].place must be { tag, hash } in 64 hex digits each`);
    checkText(r.label, `audit.records[${i}].label`);
  });
  if (a.grantId !== undefined && !isHex32(a.grantId)) throw new RangeError('audit.grantId must be 32 lower-case hex digits');
}

function _agent(p: Party, patient: Party, requestor: boolean): AuditEventAgent {
  const isPatient = p.key === patient.key;
  return { type: isPatient ? PAT : PROV, who: partyReference(p, isPatient ? 'Patient' : 'Practitioner'), requestor };
}

/** The FHIR R4 AuditEvent of one audited action. Used by the identity service and the doctor's app. */
export function auditResource(a: Audit): AuditEvent {
  _checkAudit(a);
  const codes = CODES[a.action];
  const entity: AuditEventEntity[] = [{ what: partyReference(a.patient, 'Patient'), type: PERSON, role: ROLE_PATIENT }];
  if (a.grantId !== undefined) entity.push({ what: { type: 'Consent', identifier: { system: CONSENT_SYSTEM, value: a.grantId } }, type: CONSENT_TYPE });
  for (const r of a.records) {
    entity.push({
      what: { identifier: { system: RECORD_SYSTEM, value: placeString(r.place) } },
      type: OBJECT,
      role: ROLE_RESOURCE,
      ...(codes.lifecycle ? { lifecycle: codes.lifecycle } : {}),
      ...(r.label ? { name: r.label } : {}),
    });
  }
  const agent = [_agent(a.by, a.patient, true)];
  if (a.counterpart) agent.push(_agent(a.counterpart, a.patient, false));
  return {
    resourceType: 'AuditEvent',
    id: a.id,
    ...(a.until !== undefined ? { extension: [{ url: UNTIL_URL, valueDateTime: instantOf(a.until, 'audit.until') }] } : {}),
    type: codes.type,
    subtype: [{ system: AUDIT_SYSTEM, code: a.action }, ...(codes.rest ? [codes.rest] : [])],
    action: codes.action,
    recorded: instantOf(a.at, 'audit.at'),
    outcome: '0',
    agent,
    source: { observer: _agent(a.by, a.patient, true).who!, type: USER_DEVICE },
    entity,
  };
}

function _read(r: unknown): Audit | null {
  if (!isObject(r) || r.resourceType !== 'AuditEvent' || !isHex32(r.id)) return null;
  const sub = r.subtype;
  const first = Array.isArray(sub) && isObject(sub[0]) && sub[0].system === AUDIT_SYSTEM ? sub[0].code : undefined;
  const action = AUDIT_ACTIONS.find((x) => x === first);
  const agents = r.agent;
  const entities = r.entity;
  if (!action || !Array.isArray(agents) || !Array.isArray(entities) || !isObject(agents[0]) || !isObject(entities[0])) return null;
  const by = partyOf(agents[0].who);
  const patient = partyOf(entities[0].what);
  const counterpart = agents.length === 2 && isObject(agents[1]) ? partyOf(agents[1].who) : null;
  if (!by || !patient || (agents.length === 2 && !counterpart)) return null;
  const out: Audit = { id: r.id, action, at: timeOf(r.recorded), by, patient, counterpart, records: [] };
  let rest = entities.slice(1);
  const consent = isObject(rest[0]) && isObject(rest[0].what) ? rest[0].what.identifier : undefined;
  if (isObject(consent) && consent.system === CONSENT_SYSTEM) {
    if (!isHex32(consent.value)) return null;
    out.grantId = consent.value;
    rest = rest.slice(1);
  }
  for (const e of rest) {
    const id = isObject(e) && isObject(e.what) ? e.what.identifier : undefined;
    const place = isObject(id) && id.system === RECORD_SYSTEM ? parsePlace(id.value) : null;
    const label = isObject(e) ? (e.name ?? '') : undefined;
    if (!place || typeof label !== 'string') return null;
    out.records.push({ place, label });
  }
  if (r.extension !== undefined) {
    const ext = Array.isArray(r.extension) && r.extension.length === 1 ? r.extension[0] : undefined;
    if (!isObject(ext) || ext.url !== UNTIL_URL) return null;
    out.until = timeOf(ext.valueDateTime);
  }
  return out;
}

/**
 * The audited action an AuditEvent written by auditResource holds, or null for anything else (the
 * resource must be exactly what auditResource writes for what is read from it). Never throws.
 * Used by the identity service to list the patient's log.
 */
export function readAudit(r: unknown): Audit | null {
  try {
    const a = _read(r);
    return a && jsonEqual(auditResource(a), r) ? a : null;
  } catch {
    return null;
  }
}
