// What the doctor's three answers share (issue 9, "Consultation"): who and when, the reference to the
// request (docs/design.md "Records"), a concept given as a SNOMED CT code or as words, and how often
// and how long something is done.
import type { CodeableConcept, Patient, Practitioner, Reference, ServiceRequest, Timing } from '@medplum/fhirtypes';
import { SNOMED, UCUM, checkReference, cleanText, instantOf, isConceptId, isUuid, isUuidV4, numberInRange, requestReference, textOf } from './_common.ts';

/** Who and when, for every answer builder. The references come from doctorReference / patientReference. */
export interface AnswerContext {
  /** The answer resource's own id, a UUID (the caller's randomness). */
  id: string;
  /** The request answered, a UUID v4 (its ServiceRequest.identifier value). */
  requestId: string;
  /** The doctor, a Practitioner reference by Ed25519 signing key. */
  author: Reference<Practitioner>;
  /** The patient, a Patient reference by X25519 agreement key. */
  subject: Reference<Patient>;
  now: Date;
}

/** Checks the context and gives the instant; throws RangeError naming what is wrong. */
export function checkAnswerContext(ctx: AnswerContext): { when: string; requestRef: Reference<ServiceRequest> } {
  const when = instantOf(ctx?.now, 'ctx.now');
  if (!isUuid(ctx.id)) throw new RangeError('ctx.id must be a lower-case UUID');
  if (!isUuidV4(ctx.requestId)) throw new RangeError('ctx.requestId must be a lower-case UUID v4');
  checkReference(ctx.author, 'Practitioner', 'ctx.author');
  checkReference(ctx.subject, 'Patient', 'ctx.subject');
  return { when, requestRef: requestReference(ctx.requestId) };
}

/** A concept: a SNOMED CT code with its display, or the doctor's own words. */
export type CodedOrText = { code: string; display: string } | { text: string };

/** What can be wrong with a concept field. Used by the diagnosis and prescription rules. */
export type CodedProblem = 'required' | 'too-long' | 'code-format';

/** Longest display or text of a concept, in UTF-16 code units. */
export const MAX_CONCEPT_TEXT = 200;

/** What is wrong with a concept value, or null. */
export function codedProblem(raw: unknown): CodedProblem | null {
  const o = (raw ?? {}) as { code?: unknown; display?: unknown; text?: unknown };
  const code = textOf(o.code);
  if (code !== '') {
    if (!isConceptId(code)) return 'code-format';
    const display = textOf(o.display);
    if (display === '') return 'required';
    return display.length > MAX_CONCEPT_TEXT ? 'too-long' : null;
  }
  const text = textOf(o.text);
  if (text === '') return 'required';
  return text.length > MAX_CONCEPT_TEXT ? 'too-long' : null;
}

/** The concept of a valid value, trimmed and cleaned. */
export function toCoded(raw: unknown): CodedOrText {
  const o = raw as { code?: unknown; display?: unknown; text?: unknown };
  const code = textOf(o.code);
  return code !== '' ? { code, display: cleanText(textOf(o.display)) } : { text: cleanText(textOf(o.text)) };
}

/** The CodeableConcept of a concept. */
export function conceptOf(c: CodedOrText): CodeableConcept {
  if ('code' in c) return { coding: [{ system: SNOMED, code: c.code, display: cleanText(c.display) }], text: cleanText(c.display) };
  return { text: cleanText(c.text) };
}

/** How often: per day or per week (R4 units-of-time 'd' and 'wk'). */
export type PeriodUnit = 'd' | 'wk';
export const PERIOD_UNITS: readonly PeriodUnit[] = Object.freeze(['d', 'wk']);

/** Most times per day or week a form takes (24: hourly). Used by the schedule rules. */
export const MAX_TIMES_PER_PERIOD = 24;
/** Longest course, in days. Used by the schedule rules. */
export const MAX_DURATION_DAYS = 365;

/** What can be wrong with a schedule field. Used by the prescription and exercise rules. */
export type ScheduleProblem = 'required' | 'number-format' | 'out-of-range' | 'unknown';

/** The problems of a schedule's three fields, each under its own name. */
export function scheduleProblems(v: { timesPerPeriod?: unknown; periodUnit?: unknown; durationDays?: unknown }): Partial<Record<'timesPerPeriod' | 'periodUnit' | 'durationDays', ScheduleProblem>> {
  const out: Partial<Record<'timesPerPeriod' | 'periodUnit' | 'durationDays', ScheduleProblem>> = {};
  const times = numberInRange(v.timesPerPeriod, true, 1, MAX_TIMES_PER_PERIOD);
  if (typeof times === 'string') out.timesPerPeriod = times;
  if (v.periodUnit === undefined || v.periodUnit === null || v.periodUnit === '') out.periodUnit = 'required';
  else if (!PERIOD_UNITS.includes(v.periodUnit as PeriodUnit)) out.periodUnit = 'unknown';
  const days = numberInRange(v.durationDays, true, 1, MAX_DURATION_DAYS);
  if (typeof days === 'string') out.durationDays = days;
  return out;
}

/** A schedule once valid. */
export interface Schedule {
  timesPerPeriod: number;
  periodUnit: PeriodUnit;
  durationDays: number;
}

/** The schedule of valid values, as numbers. Used by toPrescriptionForm and toExercisesForm. */
export function toSchedule(v: { timesPerPeriod?: unknown; periodUnit?: unknown; durationDays?: unknown }): Schedule {
  return {
    timesPerPeriod: numberInRange(v.timesPerPeriod, true, 1, MAX_TIMES_PER_PERIOD) as number,
    periodUnit: v.periodUnit as PeriodUnit,
    durationDays: numberInRange(v.durationDays, true, 1, MAX_DURATION_DAYS) as number,
  };
}

/**
 * The R4 Timing of a schedule: `frequency` times per one `periodUnit`, for `durationDays` days as
 * boundsDuration in UCUM 'd' (https://hl7.org/fhir/R4/datatypes.html#Timing; Duration needs a UCUM code).
 */
export function timingOf(s: Schedule): Timing {
  return {
    repeat: {
      boundsDuration: { value: s.durationDays, unit: 'd', system: UCUM, code: 'd' },
      frequency: s.timesPerPeriod,
      period: 1,
      periodUnit: s.periodUnit,
    },
  };
}

/** Free text the forms take as a note, checked for length only (controls are replaced, not refused). */
export function noteProblem(raw: unknown, max: number): 'too-long' | null {
  return typeof raw === 'string' && raw.trim().length > max ? 'too-long' : null;
}
