// The doctor's prescription form and the R4 MedicationRequest it becomes: a dose in a UCUM unit of our
// list, a SNOMED CT route, times per day or week for a number of days (Dosage.timing.repeat), and the
// quantity to dispense; basedOn points at the request (docs/design.md "Records").
import type { MedicationRequest, Quantity } from '@medplum/fhirtypes';
import { SNOMED, UCUM, cleanText, numberInRange, parseNumber, type NumberProblem } from './_common.ts';
import {
  checkAnswerContext,
  codedProblem,
  conceptOf,
  noteProblem,
  scheduleProblems,
  timingOf,
  toCoded,
  toSchedule,
  type AnswerContext,
  type CodedOrText,
  type CodedProblem,
  type Schedule,
} from './_answer.ts';
import { doseUnit, routeTerm, type DoseUnit } from './_terms.ts';

/** Largest dose amount a form takes (no dose in our units comes near it). Used by the prescription rules. */
export const MAX_DOSE = 10_000;
/** Largest dispense quantity. Used by the prescription rules. */
export const MAX_QUANTITY = 10_000;
/** Longest note, in UTF-16 code units. */
export const MAX_PRESCRIPTION_NOTE = 2000;

/** The prescription form once its rules pass (toPrescriptionForm). Used by prescriptionRequest. */
export interface PrescriptionForm extends Schedule {
  medication: CodedOrText;
  doseAmount: number;
  /** A UCUM code of DOSE_UNITS. */
  doseUnit: string;
  /** A SNOMED CT code of ROUTES. */
  route: string;
  /** Units (doseUnit) to dispense, or null when the doctor leaves it to the pharmacy. */
  quantity: number | null;
  note: string;
}

/** The prescription form's raw values. Used by the prescription form. */
export interface PrescriptionInput {
  medication?: unknown;
  doseAmount?: unknown;
  doseUnit?: unknown;
  route?: unknown;
  timesPerPeriod?: unknown;
  periodUnit?: unknown;
  durationDays?: unknown;
  quantity?: unknown;
  note?: unknown;
}

/** A field of the prescription form. Used by PRESCRIPTION_RULES. */
export type PrescriptionField = 'medication' | 'doseAmount' | 'doseUnit' | 'route' | 'timesPerPeriod' | 'periodUnit' | 'durationDays' | 'quantity' | 'note';
export type PrescriptionProblem = CodedProblem | NumberProblem | 'unknown';

/** Every code each field's rules can return; the screens have a message for each. */
export const PRESCRIPTION_RULES: Readonly<Record<PrescriptionField, readonly PrescriptionProblem[]>> = Object.freeze({
  medication: Object.freeze(['required', 'code-format', 'too-long'] as const),
  doseAmount: Object.freeze(['required', 'number-format', 'out-of-range'] as const),
  doseUnit: Object.freeze(['required', 'unknown'] as const),
  route: Object.freeze(['required', 'unknown'] as const),
  timesPerPeriod: Object.freeze(['required', 'number-format', 'out-of-range'] as const),
  periodUnit: Object.freeze(['required', 'unknown'] as const),
  durationDays: Object.freeze(['required', 'number-format', 'out-of-range'] as const),
  quantity: Object.freeze(['number-format', 'out-of-range'] as const),
  note: Object.freeze(['too-long'] as const),
});

function _blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Every problem of the prescription form by field, empty when valid. Called by the form. */
export function prescriptionProblems(values: PrescriptionInput): Partial<Record<PrescriptionField, PrescriptionProblem>> {
  const out: Partial<Record<PrescriptionField, PrescriptionProblem>> = {};
  const m = codedProblem(values?.medication);
  if (m) out.medication = m;
  // A dose is more than nothing: 0 is out of range, as is anything above MAX_DOSE.
  const dose = numberInRange(values?.doseAmount, false, 0, MAX_DOSE, true);
  if (typeof dose === 'string') out.doseAmount = dose;
  if (_blank(values?.doseUnit)) out.doseUnit = 'required';
  else if (!doseUnit(values.doseUnit)) out.doseUnit = 'unknown';
  if (_blank(values?.route)) out.route = 'required';
  else if (!routeTerm(values.route)) out.route = 'unknown';
  Object.assign(out, scheduleProblems(values ?? {}));
  if (!_blank(values?.quantity)) {
    const q = numberInRange(values.quantity, false, 0, MAX_QUANTITY, true);
    if (typeof q === 'string') out.quantity = q as NumberProblem;
  }
  if (noteProblem(values?.note, MAX_PRESCRIPTION_NOTE)) out.note = 'too-long';
  return out;
}

/** The valid form, or null. Called on submit. */
export function toPrescriptionForm(values: PrescriptionInput): PrescriptionForm | null {
  if (Object.keys(prescriptionProblems(values)).length > 0) return null;
  const q = _blank(values.quantity) ? null : (parseNumber(values.quantity, false) as number);
  return {
    medication: toCoded(values.medication),
    doseAmount: parseNumber(values.doseAmount, false) as number,
    doseUnit: values.doseUnit as string,
    route: values.route as string,
    ...toSchedule(values),
    quantity: q,
    note: cleanText(typeof values.note === 'string' ? values.note : ''),
  };
}

/** The words of a unit for an amount, in English, for the Quantity.unit a FHIR reader shows. */
function _unitWords(u: DoseUnit, amount: number): string {
  return amount === 1 ? u.en.one : u.en.other;
}

function _quantity(value: number, u: DoseUnit): Quantity {
  return { value, unit: _unitWords(u, value), system: UCUM, code: u.code };
}

/** The MedicationRequest of a valid prescription form. Throws RangeError on a refused form or context. Called by the form on submit. */
export function prescriptionRequest(form: PrescriptionForm, ctx: AnswerContext): MedicationRequest {
  const { when, requestRef } = checkAnswerContext(ctx);
  const problems = prescriptionProblems(form);
  if (Object.keys(problems).length > 0) throw new RangeError(`form has problems: ${JSON.stringify(problems)}`);
  const unit = doseUnit(form.doseUnit)!;
  const route = routeTerm(form.route)!;
  const note = cleanText(form.note);
  return {
    resourceType: 'MedicationRequest',
    id: ctx.id,
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: conceptOf(form.medication),
    subject: ctx.subject,
    authoredOn: when,
    requester: ctx.author,
    basedOn: [requestRef],
    ...(note !== '' ? { note: [{ authorReference: ctx.author, time: when, text: note }] } : {}),
    dosageInstruction: [
      {
        timing: timingOf(form),
        route: { coding: [{ system: SNOMED, code: route.code, display: route.display }] },
        doseAndRate: [{ doseQuantity: _quantity(form.doseAmount, unit) }],
      },
    ],
    ...(form.quantity !== null ? { dispenseRequest: { quantity: _quantity(form.quantity, unit) } } : {}),
  };
}
