// The doctor's diagnosis form and the R4 Condition it becomes, pointing at the request by its business
// identifier through evidence.detail (docs/design.md "Records").
import type { Condition } from '@medplum/fhirtypes';
import { cleanText, dateProblem, latestDay, textOf, type DateProblem } from './_common.ts';
import { checkAnswerContext, codedProblem, conceptOf, noteProblem, toCoded, type AnswerContext, type CodedOrText, type CodedProblem } from './_answer.ts';
import { clinicalStatusTerm, type ClinicalStatus } from './_terms.ts';

/** Longest note, in UTF-16 code units. */
export const MAX_DIAGNOSIS_NOTE = 2000;

/** The diagnosis form once its rules pass (toDiagnosisForm). Used by diagnosisCondition. */
export interface DiagnosisForm {
  condition: CodedOrText;
  clinicalStatus: ClinicalStatus;
  /** YYYY-MM-DD, or '' when not known. */
  onset: string;
  /** '' when none. */
  note: string;
}

/** The diagnosis form's raw values. Used by the diagnosis form. */
export interface DiagnosisInput {
  condition?: unknown;
  clinicalStatus?: unknown;
  onset?: unknown;
  note?: unknown;
}

/** A field of the diagnosis form. Used by DIAGNOSIS_RULES. */
export type DiagnosisField = 'condition' | 'clinicalStatus' | 'onset' | 'note';
export type DiagnosisProblem = CodedProblem | 'unknown' | DateProblem;

/** Every code each field's rules can return; the screens have a message for each. */
export const DIAGNOSIS_RULES: Readonly<Record<DiagnosisField, readonly DiagnosisProblem[]>> = Object.freeze({
  condition: Object.freeze(['required', 'code-format', 'too-long'] as const),
  clinicalStatus: Object.freeze(['required', 'unknown'] as const),
  onset: Object.freeze(['date-format', 'date-invalid', 'date-future', 'date-too-old'] as const),
  note: Object.freeze(['too-long'] as const),
});

/** Every problem of the diagnosis form by field, empty when valid. `today` is the doctor's date. Called by the form. */
export function diagnosisProblems(values: DiagnosisInput, today: string): Partial<Record<DiagnosisField, DiagnosisProblem>> {
  const out: Partial<Record<DiagnosisField, DiagnosisProblem>> = {};
  const c = codedProblem(values?.condition);
  if (c) out.condition = c;
  if (values?.clinicalStatus === undefined || values?.clinicalStatus === null || values?.clinicalStatus === '') out.clinicalStatus = 'required';
  else if (!clinicalStatusTerm(values.clinicalStatus)) out.clinicalStatus = 'unknown';
  const onset = textOf(values?.onset);
  if (onset !== '') {
    const p = dateProblem(onset, today);
    if (p) out.onset = p;
  }
  if (noteProblem(values?.note, MAX_DIAGNOSIS_NOTE)) out.note = 'too-long';
  return out;
}

/** The valid form, or null. Called on submit. */
export function toDiagnosisForm(values: DiagnosisInput, today: string): DiagnosisForm | null {
  if (Object.keys(diagnosisProblems(values, today)).length > 0) return null;
  return {
    condition: toCoded(values.condition),
    clinicalStatus: values.clinicalStatus as ClinicalStatus,
    onset: textOf(values.onset),
    note: cleanText(typeof values.note === 'string' ? values.note : ''),
  };
}

/** The Condition of a valid diagnosis form. Throws RangeError on a refused form or context. Called by the form on submit. */
export function diagnosisCondition(form: DiagnosisForm, ctx: AnswerContext): Condition {
  const { when, requestRef } = checkAnswerContext(ctx);
  const problems = diagnosisProblems(form, latestDay(ctx.now));
  if (Object.keys(problems).length > 0) throw new RangeError(`form has problems: ${JSON.stringify(problems)}`);
  const status = clinicalStatusTerm(form.clinicalStatus)!;
  const note = cleanText(form.note);
  return {
    resourceType: 'Condition',
    id: ctx.id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: status.code, display: status.display }],
    },
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] },
    ],
    code: conceptOf(form.condition),
    subject: ctx.subject,
    ...(form.onset !== '' ? { onsetDateTime: form.onset } : {}),
    recordedDate: when,
    recorder: ctx.author,
    asserter: ctx.author,
    evidence: [{ detail: [requestRef] }],
    ...(note !== '' ? { note: [{ authorReference: ctx.author, time: when, text: note }] } : {}),
  };
}
