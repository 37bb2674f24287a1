// Care (issue 9; docs/design.md "Records"): the symptom, diagnosis, prescription and exercise forms,
// their rules (codes per field; the screens say them in words), the FHIR R4 resources they become, and
// the readers the inbox and the timeline show records with. Pure: ids, keys and the time are arguments.
// Used by the care screens and the identity worker's records service.
export { SNOMED, UCUM, REQUEST_SYSTEM, KEY_ED25519, KEY_X25519, EARLIEST_DATE, doctorReference, patientReference, requestReference, ruleKey, isConceptId, uuidV5 } from './_common.ts';
export type { PersonName, DateProblem, NumberProblem } from './_common.ts';
export { SYMPTOMS, DOSE_UNITS, ROUTES, CLINICAL_STATUSES, SEVERITIES, SEVERITY_ATTRIBUTE, symptomTerm, doseUnit, routeTerm, clinicalStatusTerm } from './_terms.ts';
export type { SymptomTerm, DoseUnit, RouteTerm, ClinicalStatusTerm, ClinicalStatus, Severity } from './_terms.ts';
export { MAX_CONCEPT_TEXT, PERIOD_UNITS, MAX_TIMES_PER_PERIOD, MAX_DURATION_DAYS } from './_answer.ts';
export type { AnswerContext, CodedOrText, CodedProblem, PeriodUnit, Schedule, ScheduleProblem } from './_answer.ts';
export {
  SYMPTOM_QUESTIONNAIRE,
  SYMPTOM_LINK_IDS,
  MAX_SYMPTOMS,
  MAX_SYMPTOM_TEXT,
  MAX_DETAILS,
  SYMPTOM_RULES,
  symptomProblems,
  toSymptomForm,
  requestEntryIds,
  consultationRequest,
} from './_symptoms.ts';
export type { SymptomChoice, SymptomForm, SymptomInput, SymptomField, SymptomProblem, RequestContext } from './_symptoms.ts';
export { MAX_DIAGNOSIS_NOTE, DIAGNOSIS_RULES, diagnosisProblems, toDiagnosisForm, diagnosisCondition } from './_diagnosis.ts';
export type { DiagnosisForm, DiagnosisInput, DiagnosisField, DiagnosisProblem } from './_diagnosis.ts';
export { MAX_DOSE, MAX_QUANTITY, MAX_PRESCRIPTION_NOTE, PRESCRIPTION_RULES, prescriptionProblems, toPrescriptionForm, prescriptionRequest } from './_prescription.ts';
export type { PrescriptionForm, PrescriptionInput, PrescriptionField, PrescriptionProblem } from './_prescription.ts';
export { MAX_EXERCISES, MAX_EXERCISE_NAME, MAX_INSTRUCTIONS, EXERCISES_RULES, exercisesProblems, toExercisesForm, exercisePlan } from './_exercises.ts';
export type { Exercise, ExercisesForm, ExercisesInput, ExercisesField, ExercisesProblem } from './_exercises.ts';
export { readCareRecord, dosageParts } from './_read.ts';
export type { CareSummary, RequestSummary, DiagnosisSummary, PrescriptionSummary, ExercisesSummary, ExerciseSummary, DosageParts } from './_read.ts';
