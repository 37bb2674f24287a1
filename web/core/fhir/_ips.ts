// The patient's records as one FHIR R4 document Bundle in the shape of the International Patient
// Summary (HL7 IPS IG, build.fhir.org/ig/HL7/fhir-ips): the Composition first, then the Patient,
// then every record. Facts of the IG this follows:
// - Bundle: type `document`, an identifier, a timestamp; every entry has a fullUrl (urn:uuid here);
//   the Composition is the first entry (R4 bdl-9, bdl-10, bdl-11).
// - Composition: type LOINC 60591-5, subject the Patient, a date, an author (the patient: the app
//   holds what the patient keeps, not a clinician's curated summary), a title, sections coded in
//   LOINC. Problems (11450-4), medications (10160-0) and allergies (48765-2) are always present.
// - IPS 2.0 "Empty Sections and Missing Data": a required section with no entry SHALL carry
//   section.emptyReason, and every section SHALL carry a narrative (section.text). The app never asks
//   about allergies (nor records a clinician's review of problems or medicines), so an empty section
//   says `notasked` (R4 list-empty-reason), never "no known allergies", which would claim a finding.
// - Optional sections appear only with entries: immunizations (11369-6), procedures (47519-4),
//   results (30954-2: Observations categorised laboratory or imaging), plan of care (18776-5:
//   CarePlans and ServiceRequests). Symptoms and the consultation form (other Observations,
//   QuestionnaireResponses) go to a History of present illness section (10164-2), which the IG does
//   not define but its open slicing of Composition.section allows.
// Narratives are built from the records' text with every `&`, `<`, `>` and quote escaped, so text
// such as `<script>` stays text in the XHTML.
import type { Bundle, BundleEntry, CodeableConcept, Composition, CompositionSection, Patient, Reference, Resource } from '@medplum/fhirtypes';

/** The patient the summary is about, as the identity's profile has it. */
export interface IpsPatient {
  familyName: string;
  givenName: string;
  /** YYYY-MM-DD. */
  birthDate?: string;
  /** The patient's X25519 agreement key, hex (identifier system urn:medtangle:key:x25519). */
  x25519: string;
}

/** What `ipsDocument` needs: the patient, the records, the time, and a source of fresh UUIDs. */
export interface IpsInput {
  patient: IpsPatient;
  /** The patient's records, each a FHIR resource; Bundles (a consultation request) are flattened. */
  records: readonly Resource[];
  /** The document's time, an ISO 8601 instant with a time zone (Bundle.timestamp, Composition.date). */
  now: string;
  /** Returns a new random UUID (v4, lowercase) at each call: the caller's randomness keeps this pure. */
  newUuid: () => string;
  /** Composition.title; 'Patient summary' when absent. */
  title?: string;
}

const LOINC = 'http://loinc.org';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The identifier system of a person's X25519 agreement key (issue 9: people's keys appear as identifiers). Used by ./_import.ts. */
export const KEY_X25519 = 'urn:medtangle:key:x25519';
const XHTML = 'http://www.w3.org/1999/xhtml';

interface SectionSpec {
  code: string;
  display: string;
  title: string;
  required: boolean;
  takes: (r: Resource) => boolean;
}

const isResultObservation = (r: Resource) =>
  r.resourceType === 'Observation' &&
  (r.category ?? []).some((c) =>
    (c.coding ?? []).some((k) => k.system === 'http://terminology.hl7.org/CodeSystem/observation-category' && (k.code === 'laboratory' || k.code === 'imaging')),
  );

// In the order an IPS reader expects them: required sections first.
const SECTIONS: readonly SectionSpec[] = [
  { code: '11450-4', display: 'Problem list - Reported', title: 'Problems', required: true, takes: (r) => r.resourceType === 'Condition' },
  {
    code: '10160-0',
    display: 'History of Medication use Narrative',
    title: 'Medications',
    required: true,
    takes: (r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement',
  },
  { code: '48765-2', display: 'Allergies and adverse reactions Document', title: 'Allergies and intolerances', required: true, takes: (r) => r.resourceType === 'AllergyIntolerance' },
  { code: '11369-6', display: 'History of Immunization Narrative', title: 'Immunizations', required: false, takes: (r) => r.resourceType === 'Immunization' },
  { code: '47519-4', display: 'History of Procedures Document', title: 'Procedures', required: false, takes: (r) => r.resourceType === 'Procedure' },
  { code: '30954-2', display: 'Relevant diagnostic tests/laboratory data Narrative', title: 'Results', required: false, takes: isResultObservation },
  {
    code: '10164-2',
    display: 'History of Present illness Narrative',
    title: 'Symptoms and consultation requests',
    required: false,
    takes: (r) => (r.resourceType === 'Observation' && !isResultObservation(r)) || r.resourceType === 'QuestionnaireResponse',
  },
  {
    code: '18776-5',
    display: 'Plan of care note',
    title: 'Plan of care',
    required: false,
    takes: (r) => r.resourceType === 'CarePlan' || r.resourceType === 'ServiceRequest',
  },
];

/** The element of each record type that names the patient (R4: `patient` for these two, else `subject`). */
const PATIENT_ELEMENT: Readonly<Record<string, 'subject' | 'patient'>> = Object.freeze({
  Condition: 'subject',
  MedicationRequest: 'subject',
  MedicationStatement: 'subject',
  CarePlan: 'subject',
  ServiceRequest: 'subject',
  Observation: 'subject',
  QuestionnaireResponse: 'subject',
  Procedure: 'subject',
  AllergyIntolerance: 'patient',
  Immunization: 'patient',
});

/** Text safe inside XHTML (a text node or an attribute). */
function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function conceptText(cc: CodeableConcept | undefined): string | undefined {
  if (!cc) return undefined;
  return cc.text ?? cc.coding?.find((c) => c.display)?.display ?? cc.coding?.find((c) => c.code)?.code;
}

/** One line of a section's narrative for a record. */
function lineOf(r: Resource): string {
  const parts: (string | undefined)[] = [];
  switch (r.resourceType) {
    case 'Condition':
    case 'AllergyIntolerance':
    case 'Procedure':
      parts.push(conceptText(r.code));
      break;
    case 'Immunization':
      parts.push(conceptText(r.vaccineCode), r.occurrenceDateTime);
      break;
    case 'MedicationRequest':
      parts.push(conceptText(r.medicationCodeableConcept) ?? r.medicationReference?.display, r.dosageInstruction?.[0]?.text);
      break;
    case 'MedicationStatement':
      parts.push(conceptText(r.medicationCodeableConcept) ?? r.medicationReference?.display, r.dosage?.[0]?.text);
      break;
    case 'CarePlan':
      parts.push(r.title, r.description);
      break;
    case 'ServiceRequest':
      parts.push(conceptText(r.code), r.authoredOn);
      break;
    case 'Observation': {
      const q = r.valueQuantity;
      const value = r.valueString ?? conceptText(r.valueCodeableConcept) ?? (q?.value !== undefined ? `${q.value} ${q.unit ?? q.code ?? ''}`.trim() : undefined);
      parts.push(conceptText(r.code), value, r.effectiveDateTime);
      break;
    }
    case 'QuestionnaireResponse':
      parts.push('Questionnaire response', r.authored);
      break;
  }
  const text = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' — ');
  return text || r.resourceType;
}

function narrative(lines: string[]): { status: 'generated'; div: string } {
  return { status: 'generated', div: `<div xmlns="${XHTML}"><ul>${lines.map((l) => `<li>${escapeXml(l)}</li>`).join('')}</ul></div>` };
}

/** Every resource of the records, Bundles flattened (their entries, recursively), in order, with the entry fullUrl if any. */
function flatten(records: readonly Resource[]): { resource: Resource; fullUrl?: string }[] {
  const out: { resource: Resource; fullUrl?: string }[] = [];
  const visit = (r: Resource, fullUrl: string | undefined, depth: number) => {
    if (r.resourceType === 'Bundle') {
      // Records nest at most a collection in a record; the bound only guards against a cycle-free but absurd input.
      if (depth > 8) return;
      for (const e of r.entry ?? []) if (e.resource) visit(e.resource, e.fullUrl, depth + 1);
      return;
    }
    out.push({ resource: r, fullUrl });
  };
  for (const r of records) visit(r, undefined, 0);
  return out;
}

/** Rewrites, in place, every Reference.reference found in `map` (records of a collection pointing at its Patient). */
function redirect(value: unknown, map: ReadonlyMap<string, string>): void {
  if (Array.isArray(value)) {
    for (const v of value) redirect(v, map);
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.reference === 'string' && map.has(o.reference)) o.reference = map.get(o.reference);
    for (const v of Object.values(o)) redirect(v, map);
  }
}

/**
 * The patient's records as an IPS-shaped FHIR R4 document Bundle (pure: the time and the UUIDs are
 * arguments). Records keep every element they have; the reference to the patient of each gets
 * `reference: urn:uuid:<the Patient entry>` beside what it had (an identifier of the patient's key),
 * as a document's references must resolve inside it. Patients and Compositions among the records
 * are left out: the document's own come first. Called by the export screen, to save as a file.
 */
export function ipsDocument(input: IpsInput): Bundle {
  const uuid = () => {
    const u = input.newUuid();
    if (!UUID_V4.test(u)) throw new RangeError(`newUuid must return a lowercase UUID v4, got ${JSON.stringify(u)}`);
    return u;
  };
  const bundleId = uuid();
  const compositionUrl = `urn:uuid:${uuid()}`;
  const patientUrl = `urn:uuid:${uuid()}`;
  const p = input.patient;

  const patient: Patient = { resourceType: 'Patient', identifier: [{ system: KEY_X25519, value: p.x25519 }] };
  const name = { ...(p.familyName.trim() ? { family: p.familyName } : {}), ...(p.givenName.trim() ? { given: [p.givenName] } : {}) };
  if (Object.keys(name).length) patient.name = [name];
  if (p.birthDate) patient.birthDate = p.birthDate;

  // Patients inside collections stand for this patient: their fullUrls point to the document's Patient.
  const flat = flatten(input.records);
  const toPatient = new Map<string, string>();
  for (const f of flat) {
    if (f.resource.resourceType !== 'Patient') continue;
    if (f.fullUrl) toPatient.set(f.fullUrl, patientUrl);
    if (f.resource.id) toPatient.set(`Patient/${f.resource.id}`, patientUrl);
  }
  const used = new Set([compositionUrl, patientUrl]);
  const entries: { fullUrl: string; resource: Resource }[] = [];
  for (const f of flat) {
    if (f.resource.resourceType === 'Patient' || f.resource.resourceType === 'Composition') continue;
    const resource = structuredClone(f.resource);
    redirect(resource, toPatient);
    const element = PATIENT_ELEMENT[resource.resourceType];
    if (element) {
      const holder = resource as unknown as Record<string, Reference | undefined>;
      holder[element] = { ...(holder[element] ?? {}), reference: patientUrl };
    }
    // A collection's urn:uuid stays, so that references between its entries still resolve.
    const fullUrl = f.fullUrl?.startsWith('urn:uuid:') && !used.has(f.fullUrl) ? f.fullUrl : `urn:uuid:${uuid()}`;
    used.add(fullUrl);
    entries.push({ fullUrl, resource });
  }

  const sections: CompositionSection[] = [];
  for (const spec of SECTIONS) {
    const mine = entries.filter((e) => spec.takes(e.resource));
    if (mine.length === 0 && !spec.required) continue;
    const section: CompositionSection = { title: spec.title, code: { coding: [{ system: LOINC, code: spec.code, display: spec.display }] } };
    if (mine.length) {
      section.text = narrative(mine.map((e) => lineOf(e.resource)));
      section.entry = mine.map((e) => ({ reference: e.fullUrl }));
    } else {
      section.text = { status: 'generated', div: `<div xmlns="${XHTML}"><p>Not recorded in this app.</p></div>` };
      section.emptyReason = {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'notasked', display: 'Not Asked' }],
      };
    }
    sections.push(section);
  }

  const composition: Composition = {
    resourceType: 'Composition',
    status: 'final',
    type: { coding: [{ system: LOINC, code: '60591-5', display: 'Patient summary Document' }] },
    subject: { reference: patientUrl },
    date: input.now,
    author: [{ reference: patientUrl }],
    title: input.title ?? 'Patient summary',
    section: sections,
  };

  const entry: BundleEntry[] = [
    { fullUrl: compositionUrl, resource: composition },
    { fullUrl: patientUrl, resource: patient },
    ...entries,
  ];
  return {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${bundleId}` },
    type: 'document',
    timestamp: input.now,
    entry,
  };
}
