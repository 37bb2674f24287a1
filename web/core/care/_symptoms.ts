// The patient's symptom form and the consultation request it becomes (issue 9, "Consultation"): one
// FHIR R4 Bundle of type collection holding the Patient, the QuestionnaireResponse of the form, one
// Observation per symptom and the ServiceRequest to the doctor (docs/design.md "Records").
import type { Bundle, BundleEntry, Observation, Patient, QuestionnaireResponse, QuestionnaireResponseItem, Reference, ServiceRequest } from '@medplum/fhirtypes';
import {
  KEY_ED25519,
  KEY_X25519,
  REQUEST_SYSTEM,
  SNOMED,
  cleanText,
  dateProblem,
  instantOf,
  isKeyHex,
  isUuidV4,
  latestDay,
  textOf,
  uuidV5,
  type DateProblem,
} from './_common.ts';
import { SEVERITIES, SEVERITY_ATTRIBUTE, isSeverity, symptomTerm, type Severity } from './_terms.ts';

/** The canonical URL of our symptom questionnaire, with its version; the QuestionnaireResponse names it. */
export const SYMPTOM_QUESTIONNAIRE = 'urn:medtangle:questionnaire:symptoms|1';
/** Each linkId of the questionnaire, in the form's order. */
export const SYMPTOM_LINK_IDS = Object.freeze(['symptoms', 'onset', 'severity', 'details'] as const);

/** Most symptoms one request lists. */
export const MAX_SYMPTOMS = 10;
/** Longest typed symptom, and longest details text, in UTF-16 code units (what `maxlength` counts). */
export const MAX_SYMPTOM_TEXT = 120;
export const MAX_DETAILS = 2000;

/** One symptom: a code of the list (SYMPTOMS) or the patient's own words. */
export type SymptomChoice = { code: string } | { text: string };

/** The symptom form once its rules pass (toSymptomForm). */
export interface SymptomForm {
  symptoms: SymptomChoice[];
  /** YYYY-MM-DD. */
  onset: string;
  severity: Severity;
  /** Free text; '' when the patient wrote none. */
  details: string;
}

/** The form's values as the screen holds them: anything may be missing or of the wrong type. */
/** The symptom form's raw values. Used by the symptom form. */
export interface SymptomInput {
  symptoms?: unknown;
  onset?: unknown;
  severity?: unknown;
  details?: unknown;
}

/** A field of the symptom form; `symptoms.*` is any one symptom. Used by SYMPTOM_RULES. */
export type SymptomField = 'symptoms' | 'symptoms.*' | 'onset' | 'severity' | 'details';
/** What can be wrong with a symptom field. Used by the symptom form's messages. */
export type SymptomProblem = 'required' | 'too-many' | 'unknown-code' | 'too-long' | 'duplicate' | 'unknown' | DateProblem;

/** Every code each field's rules can return; the screens have a message for each. */
export const SYMPTOM_RULES: Readonly<Record<SymptomField, readonly SymptomProblem[]>> = Object.freeze({
  symptoms: Object.freeze(['required', 'too-many'] as const),
  'symptoms.*': Object.freeze(['required', 'unknown-code', 'too-long', 'duplicate'] as const),
  onset: Object.freeze(['required', 'date-format', 'date-invalid', 'date-future', 'date-too-old'] as const),
  severity: Object.freeze(['required', 'unknown'] as const),
  details: Object.freeze(['too-long'] as const),
});

// The same symptom chosen from the list and typed, or typed twice with other case or spacing, is one
// symptom: compare list entries by code and by both their names, typed ones by their words.
function _words(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Every problem of the form, keyed by path: `symptoms`, `symptoms.<i>` (the i-th symptom), `onset`,
 * `severity`, `details`. Empty when the form is valid. `today` is the user's own date, YYYY-MM-DD.
 * Called by the symptom form on input and on submit.
 */
export function symptomProblems(values: SymptomInput, today: string): Record<string, SymptomProblem> {
  const out: Record<string, SymptomProblem> = {};
  const list = Array.isArray(values?.symptoms) ? (values.symptoms as unknown[]) : [];
  if (list.length === 0) out.symptoms = 'required';
  else if (list.length > MAX_SYMPTOMS) out.symptoms = 'too-many';
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const o = (item ?? {}) as { code?: unknown; text?: unknown };
    const code = textOf(o.code);
    const text = textOf(o.text);
    let keys: string[];
    if (code !== '') {
      const term = symptomTerm(code);
      if (!term) {
        out[`symptoms.${i}`] = 'unknown-code';
        return;
      }
      keys = [`code:${code}`, `words:${_words(term.display)}`, `words:${_words(term.uk)}`];
    } else if (text !== '') {
      if (text.length > MAX_SYMPTOM_TEXT) {
        out[`symptoms.${i}`] = 'too-long';
        return;
      }
      keys = [`words:${_words(text)}`];
    } else {
      out[`symptoms.${i}`] = 'required';
      return;
    }
    if (keys.some((k) => seen.has(k))) out[`symptoms.${i}`] = 'duplicate';
    for (const k of keys) seen.add(k);
  });
  const onset = textOf(values?.onset);
  const op = onset === '' ? 'required' : dateProblem(onset, today);
  if (op) out.onset = op;
  if (values?.severity === undefined || values?.severity === null || values?.severity === '') out.severity = 'required';
  else if (!isSeverity(values.severity)) out.severity = 'unknown';
  const details = typeof values?.details === 'string' ? values.details.trim() : '';
  if (details.length > MAX_DETAILS) out.details = 'too-long';
  return out;
}

/** The valid form (trimmed; controls in free text replaced), or null if any rule fails. Called on submit. */
export function toSymptomForm(values: SymptomInput, today: string): SymptomForm | null {
  if (Object.keys(symptomProblems(values, today)).length > 0) return null;
  const symptoms = (values.symptoms as { code?: unknown; text?: unknown }[]).map((o): SymptomChoice => {
    const code = textOf(o.code);
    return code !== '' ? { code } : { text: cleanText(textOf(o.text)) };
  });
  return { symptoms, onset: textOf(values.onset), severity: values.severity as Severity, details: cleanText(typeof values.details === 'string' ? values.details : '') };
}

/** Who and when, for consultationRequest. Keys are hex; ids and the time come from the caller. */
export interface RequestContext {
  /** The request's business identifier, a UUID v4. */
  requestId: string;
  patient: { familyName: string; givenName: string; birthDate?: string; agreementKey: string };
  doctor: { familyName: string; givenName: string; agreementKey: string; signingKey: string };
  now: Date;
}

function _checkPerson(p: { familyName?: unknown; givenName?: unknown } | undefined, name: string): void {
  if (!p || typeof p.familyName !== 'string' || typeof p.givenName !== 'string' || (p.familyName.trim() === '' && p.givenName.trim() === '')) {
    throw new RangeError(`${name} must have a familyName and a givenName`);
  }
}

/** The ids of a request's entries, derived from its requestId (RFC 9562 name-based UUIDs), so building is pure. */
export function requestEntryIds(requestId: string, symptomCount: number): { patient: string; response: string; request: string; observations: string[] } {
  return {
    patient: uuidV5(requestId, 'Patient'),
    response: uuidV5(requestId, 'QuestionnaireResponse'),
    request: uuidV5(requestId, 'ServiceRequest'),
    observations: Array.from({ length: symptomCount }, (_, i) => uuidV5(requestId, `Observation/${i}`)),
  };
}

/**
 * The consultation request of a valid symptom form: a Bundle (collection) of Patient,
 * QuestionnaireResponse, one Observation per symptom and the ServiceRequest to the doctor. Throws
 * RangeError on a form its rules refuse or on a bad context. Called by the symptom form on submit.
 */
export function consultationRequest(form: SymptomForm, ctx: RequestContext): Bundle {
  const authored = instantOf(ctx?.now, 'ctx.now');
  if (!isUuidV4(ctx.requestId)) throw new RangeError('ctx.requestId must be a lower-case UUID v4');
  _checkPerson(ctx.patient, 'ctx.patient');
  _checkPerson(ctx.doctor, 'ctx.doctor');
  if (!isKeyHex(ctx.patient.agreementKey)) throw new RangeError('ctx.patient.agreementKey must be 64 lower-case hex digits');
  if (!isKeyHex(ctx.doctor.agreementKey) || !isKeyHex(ctx.doctor.signingKey)) throw new RangeError('ctx.doctor keys must be 64 lower-case hex digits');
  if (ctx.patient.birthDate !== undefined && dateProblem(ctx.patient.birthDate, latestDay(ctx.now))) throw new RangeError('ctx.patient.birthDate must be a past YYYY-MM-DD date');
  // The builder has the instant, not the patient's zone: an onset of the patient's today may be
  // tomorrow in UTC, so the latest day on Earth bounds it (the form itself used the patient's today).
  const problems = symptomProblems(form, latestDay(ctx.now));
  if (Object.keys(problems).length > 0) throw new RangeError(`form has problems: ${JSON.stringify(problems)}`);

  const ids = requestEntryIds(ctx.requestId, form.symptoms.length);
  const url = (id: string) => `urn:uuid:${id}`;
  const patientRef: Reference<Patient> = { reference: url(ids.patient) };
  const severity = SEVERITIES[form.severity];
  const severityCoding = { system: SNOMED, code: severity.code, display: severity.display };

  const patient: Patient = {
    resourceType: 'Patient',
    id: ids.patient,
    identifier: [{ system: KEY_X25519, value: ctx.patient.agreementKey }],
    name: [{ family: cleanText(ctx.patient.familyName), given: [cleanText(ctx.patient.givenName)] }],
    ...(ctx.patient.birthDate !== undefined ? { birthDate: ctx.patient.birthDate } : {}),
  };

  const codeOf = (s: SymptomChoice) => {
    if ('code' in s) {
      const t = symptomTerm(s.code)!;
      return { coding: [{ system: SNOMED, code: t.code, display: t.display }], text: t.display };
    }
    return { text: cleanText(s.text) };
  };

  const items: QuestionnaireResponseItem[] = [
    {
      linkId: 'symptoms',
      text: 'Symptoms',
      answer: form.symptoms.map((s) => {
        if ('code' in s) {
          const t = symptomTerm(s.code)!;
          return { valueCoding: { system: SNOMED, code: t.code, display: t.display } };
        }
        return { valueString: cleanText(s.text) };
      }),
    },
    { linkId: 'onset', text: 'Onset', answer: [{ valueDate: form.onset }] },
    { linkId: 'severity', text: 'Severity', answer: [{ valueCoding: severityCoding }] },
  ];
  const details = cleanText(form.details);
  if (details !== '') items.push({ linkId: 'details', text: 'Details', answer: [{ valueString: details }] });

  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    id: ids.response,
    questionnaire: SYMPTOM_QUESTIONNAIRE,
    status: 'completed',
    subject: patientRef,
    authored,
    author: patientRef,
    source: patientRef,
    item: items,
  };

  // Severity as a component, not as an interpretation: R4 binds Observation.interpretation
  // (extensible) to observation-interpretation, whose codes grade a value against a reference range
  // (high, low, abnormal), not how bad a symptom feels. A component pairs the question, SNOMED CT
  // 246112005 |Severity|, with a coded answer from R4's own condition-severity value set.
  const observations: Observation[] = form.symptoms.map((s, i) => ({
    resourceType: 'Observation',
    id: ids.observations[i],
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
    code: codeOf(s),
    subject: patientRef,
    // The onset: when the symptom began (a date is a valid R4 dateTime).
    effectiveDateTime: form.onset,
    issued: authored,
    performer: [patientRef],
    derivedFrom: [{ reference: url(ids.response) }],
    component: [
      {
        code: { coding: [{ system: SNOMED, code: SEVERITY_ATTRIBUTE.code, display: SEVERITY_ATTRIBUTE.display }] },
        valueCodeableConcept: { coding: [severityCoding] },
      },
    ],
  }));

  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: ids.request,
    identifier: [{ system: REQUEST_SYSTEM, value: ctx.requestId }],
    status: 'active',
    intent: 'order',
    subject: patientRef,
    authoredOn: authored,
    requester: patientRef,
    performer: [
      {
        type: 'Practitioner',
        identifier: { system: KEY_ED25519, value: ctx.doctor.signingKey },
        display: cleanText(`${ctx.doctor.givenName} ${ctx.doctor.familyName}`),
      },
    ],
    reasonReference: ids.observations.map((id) => ({ reference: url(id) })),
    supportingInfo: [{ reference: url(ids.response) }],
  };

  const entry: BundleEntry[] = [
    { fullUrl: url(ids.patient), resource: patient },
    { fullUrl: url(ids.response), resource: response },
    ...observations.map((o) => ({ fullUrl: url(o.id!), resource: o })),
    { fullUrl: url(ids.request), resource: request },
  ];
  return { resourceType: 'Bundle', type: 'collection', timestamp: authored, entry };
}

