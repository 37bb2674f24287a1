// Reading a care record for the screens: what a request or an answer says, as plain strings and
// numbers. Records come from strangers too (any key can address a patient), so the readers take any
// JSON value, never throw, and look only at own properties of the expected types: a field of the
// wrong type reads as absent ('' or null).
import { KEY_ED25519, KEY_X25519, REQUEST_SYSTEM, SNOMED, UCUM } from './_common.ts';

type Json = unknown;

function _get(o: Json, key: string): Json {
  return o !== null && typeof o === 'object' && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, Json>)[key] : undefined;
}
function _str(v: Json): string {
  return typeof v === 'string' ? v : '';
}
function _num(v: Json): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function _arr(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}
function _first(v: Json): Json {
  return _arr(v)[0];
}

/** A CodeableConcept's words: its first coding's display, else its text. */
function _conceptText(cc: Json): string {
  for (const c of _arr(_get(cc, 'coding'))) {
    const d = _str(_get(c, 'display'));
    if (d !== '') return d;
  }
  return _str(_get(cc, 'text'));
}
function _conceptCode(cc: Json, system: string): string {
  for (const c of _arr(_get(cc, 'coding'))) if (_get(c, 'system') === system) return _str(_get(c, 'code'));
  return '';
}

/** The request id a logical Reference carries, or ''. */
function _requestIdOf(ref: Json): string {
  const id = _get(ref, 'identifier');
  return _get(id, 'system') === REQUEST_SYSTEM ? _str(_get(id, 'value')) : '';
}

/** The key a logical Reference carries under `system`, or ''. */
function _keyOf(ref: Json, system: string): string {
  const id = _get(ref, 'identifier');
  return _get(id, 'system') === system ? _str(_get(id, 'value')) : '';
}

/** The numbers and codes a screen needs to say "1 tablet, 3 times a day, for 7 days" (the words are the screen's). */
export interface DosageParts {
  /** The dose amount, or null. */
  amount: number | null;
  /** The UCUM code of the dose (e.g. '{tablet}', 'mg'), or ''. */
  unit: string;
  /** The SNOMED CT route code, or ''. */
  route: string;
  /** Times per period (Timing.repeat.frequency), or null. */
  timesPerPeriod: number | null;
  /** The period's length in periodUnit (1 for "a day"), or null. */
  period: number | null;
  /** The period's unit, an R4 units-of-time code ('d', 'wk', …), or ''. */
  periodUnit: string;
  /** How many days the course lasts (boundsDuration in UCUM 'd'), or null. */
  durationDays: number | null;
}

/** The parts of an R4 Dosage (any JSON; never throws). Used by the timeline and readCareRecord. */
export function dosageParts(dosage: unknown): DosageParts {
  const repeat = _get(_get(dosage, 'timing'), 'repeat');
  const dose = _get(_first(_get(dosage, 'doseAndRate')), 'doseQuantity');
  const bounds = _get(repeat, 'boundsDuration');
  const doseSystem = _get(dose, 'system');
  const boundsDays = _get(bounds, 'system') === UCUM && _get(bounds, 'code') === 'd' ? _num(_get(bounds, 'value')) : null;
  return {
    amount: _num(_get(dose, 'value')),
    unit: doseSystem === UCUM ? _str(_get(dose, 'code')) : '',
    route: _conceptCode(_get(dosage, 'route'), SNOMED),
    timesPerPeriod: _num(_get(repeat, 'frequency')),
    period: _num(_get(repeat, 'period')),
    periodUnit: _str(_get(repeat, 'periodUnit')),
    durationDays: boundsDays,
  };
}

/** A consultation request as the inbox and the timeline show it. */
export interface RequestSummary {
  kind: 'request';
  requestId: string;
  /** The patient's X25519 key (hex) as the Patient entry gives it, or ''. */
  patientKey: string;
  /** The doctor's Ed25519 key (hex) as the request's performer gives it, or ''. */
  doctorKey: string;
  patientName: string;
  symptoms: string[];
  onset: string;
  severity: string;
  details: string;
  authored: string;
}
/** A diagnosis as the timeline shows it. */
export interface DiagnosisSummary {
  kind: 'diagnosis';
  requestId: string;
  condition: string;
  /** The SNOMED CT code when the condition is coded, or ''. */
  code: string;
  clinicalStatus: string;
  onset: string;
  note: string;
  authored: string;
}
/** A prescription as the timeline shows it. */
export interface PrescriptionSummary {
  kind: 'prescription';
  requestId: string;
  medication: string;
  dosage: DosageParts;
  /** The quantity to dispense (in dosage.unit), or null. */
  quantity: number | null;
  note: string;
  authored: string;
}
/** One exercise of a plan as the timeline shows it. */
export interface ExerciseSummary {
  name: string;
  timesPerPeriod: number | null;
  period: number | null;
  periodUnit: string;
  durationDays: number | null;
  instructions: string;
}
/** An exercise plan as the timeline shows it. */
export interface ExercisesSummary {
  kind: 'exercises';
  requestId: string;
  exercises: ExerciseSummary[];
  authored: string;
}

/** What a care record is, for the screens. */
export type CareSummary = RequestSummary | DiagnosisSummary | PrescriptionSummary | ExercisesSummary | { kind: 'other' };

function _notes(v: Json): string {
  return _arr(v)
    .map((n) => _str(_get(n, 'text')))
    .filter((t) => t !== '')
    .join('\n');
}

function _answerItem(qr: Json, linkId: string): Json[] {
  for (const item of _arr(_get(qr, 'item'))) if (_get(item, 'linkId') === linkId) return _arr(_get(item, 'answer'));
  return [];
}

function _readRequest(bundle: Json): CareSummary {
  const resources = _arr(_get(bundle, 'entry')).map((e) => _get(e, 'resource'));
  const sr = resources.find((r) => _get(r, 'resourceType') === 'ServiceRequest' && _arr(_get(r, 'identifier')).some((i) => _get(i, 'system') === REQUEST_SYSTEM));
  if (sr === undefined) return { kind: 'other' };
  const requestId = _str(_get(_arr(_get(sr, 'identifier')).find((i) => _get(i, 'system') === REQUEST_SYSTEM), 'value'));
  const patient = resources.find((r) => _get(r, 'resourceType') === 'Patient');
  const name = _first(_get(patient, 'name'));
  const given = _arr(_get(name, 'given')).map(_str).filter((s) => s !== '');
  const family = _str(_get(name, 'family'));
  const patientName = [...given, family].filter((s) => s !== '').join(' ');
  const patientKey = _str(_get(_arr(_get(patient, 'identifier')).find((i) => _get(i, 'system') === KEY_X25519), 'value'));
  const doctorKey = _keyOf(_first(_get(sr, 'performer')), KEY_ED25519);
  const symptoms = resources.filter((r) => _get(r, 'resourceType') === 'Observation').map((o) => _conceptText(_get(o, 'code')));
  const qr = resources.find((r) => _get(r, 'resourceType') === 'QuestionnaireResponse');
  const onset = _str(_get(_answerItem(qr, 'onset')[0], 'valueDate'));
  const sevCode = _str(_get(_get(_answerItem(qr, 'severity')[0], 'valueCoding'), 'code'));
  const severity = sevCode === '255604002' ? 'mild' : sevCode === '6736007' ? 'moderate' : sevCode === '24484000' ? 'severe' : '';
  const details = _str(_get(_answerItem(qr, 'details')[0], 'valueString'));
  return { kind: 'request', requestId, patientKey, doctorKey, patientName, symptoms, onset, severity, details, authored: _str(_get(sr, 'authoredOn')) };
}

/**
 * What a care record says, for the inbox and the timeline: a request (Bundle with our ServiceRequest),
 * a diagnosis (Condition), a prescription (MedicationRequest), exercises (CarePlan), or 'other'. Takes
 * any JSON value and never throws; every string it gives is a string, to be shown as text only.
 */
export function readCareRecord(resource: unknown): CareSummary {
  // No try/catch: the readers only index own properties of plain data and check each type before use,
  // so a JSON value cannot make them throw (test/core/care/read.test.ts checks it with fast-check).
  switch (_get(resource, 'resourceType')) {
    case 'Bundle':
      return _readRequest(resource);
    case 'Condition': {
      const detail = _first(_get(_first(_get(resource, 'evidence')), 'detail'));
      return {
        kind: 'diagnosis',
        requestId: _requestIdOf(detail),
        condition: _conceptText(_get(resource, 'code')),
        code: _conceptCode(_get(resource, 'code'), SNOMED),
        clinicalStatus: _conceptCode(_get(resource, 'clinicalStatus'), 'http://terminology.hl7.org/CodeSystem/condition-clinical'),
        onset: _str(_get(resource, 'onsetDateTime')),
        note: _notes(_get(resource, 'note')),
        authored: _str(_get(resource, 'recordedDate')),
      };
    }
    case 'MedicationRequest':
      return {
        kind: 'prescription',
        requestId: _requestIdOf(_first(_get(resource, 'basedOn'))),
        medication: _conceptText(_get(resource, 'medicationCodeableConcept')),
        dosage: dosageParts(_first(_get(resource, 'dosageInstruction'))),
        quantity: _num(_get(_get(_get(resource, 'dispenseRequest'), 'quantity'), 'value')),
        note: _notes(_get(resource, 'note')),
        authored: _str(_get(resource, 'authoredOn')),
      };
    case 'CarePlan': {
      const contained = _arr(_get(resource, 'contained'));
      const exercises: ExerciseSummary[] = [];
      for (const a of _arr(_get(resource, 'activity'))) {
        const ref = _str(_get(_get(a, 'reference'), 'reference'));
        if (!ref.startsWith('#')) continue;
        const sr = contained.find((c) => _get(c, 'resourceType') === 'ServiceRequest' && _get(c, 'id') === ref.slice(1));
        if (sr === undefined) continue;
        const repeat = _get(_get(sr, 'occurrenceTiming'), 'repeat');
        const bounds = _get(repeat, 'boundsDuration');
        exercises.push({
          name: _conceptText(_get(sr, 'code')),
          timesPerPeriod: _num(_get(repeat, 'frequency')),
          period: _num(_get(repeat, 'period')),
          periodUnit: _str(_get(repeat, 'periodUnit')),
          durationDays: _get(bounds, 'system') === UCUM && _get(bounds, 'code') === 'd' ? _num(_get(bounds, 'value')) : null,
          instructions: _str(_get(sr, 'patientInstruction')),
        });
      }
      return { kind: 'exercises', requestId: _requestIdOf(_first(_get(resource, 'supportingInfo'))), exercises, authored: _str(_get(resource, 'created')) };
    }
    default:
      return { kind: 'other' };
  }
}
