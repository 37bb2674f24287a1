// The coded choices of the care forms, from the data files beside this one (each entry names its
// source): common symptoms as SNOMED CT findings, the UCUM units a dose is written in, SNOMED CT routes
// of administration (R4 value set route-codes), the R4 Condition clinical statuses (code system
// condition-clinical) and the three severities of R4's condition-severity value set.
// The data files as a module (scripts/care-data.mjs writes it; the test runner serves no JSON modules).
import { _CLINICAL_STATUSES, _DOSE_UNITS, _ROUTES, _SYMPTOMS } from './_data.ts';

/** A symptom of the form's list: SNOMED CT concept, preferred term, our Ukrainian wording, where it came from. */
export interface SymptomTerm {
  readonly code: string;
  readonly display: string;
  readonly uk: string;
  readonly source: string;
}

/** A UCUM unit a dose may be written in, with its words (CLDR plural categories of each language). */
export interface DoseUnit {
  readonly code: string;
  readonly en: { readonly one: string; readonly other: string };
  readonly uk: { readonly one: string; readonly few: string; readonly many: string; readonly other: string };
  readonly source: string;
}

/** A SNOMED CT route of administration with plain words for it. */
export interface RouteTerm {
  readonly code: string;
  readonly display: string;
  readonly en: string;
  readonly uk: string;
  readonly source: string;
}

/** An R4 condition-clinical code with plain words for it. */
export interface ClinicalStatusTerm {
  readonly code: ClinicalStatus;
  readonly display: string;
  readonly en: string;
  readonly uk: string;
  readonly source: string;
}

/** A code of R4 condition-clinical. Used by the diagnosis form. */
export type ClinicalStatus = 'active' | 'recurrence' | 'relapse' | 'inactive' | 'remission' | 'resolved';
/** How bad the symptoms are, as the symptom form asks. Used by the symptom form. */
export type Severity = 'mild' | 'moderate' | 'severe';

function _freeze<T>(rows: T[]): readonly T[] {
  return Object.freeze(rows.map((r) => Object.freeze(r)));
}

/** The symptom list, in the data file's order. Used by the symptom form's choices and rules. */
export const SYMPTOMS: readonly SymptomTerm[] = _freeze(_SYMPTOMS);
/** The dose units. Used by the prescription form's choices and rules, and the timeline's words. */
export const DOSE_UNITS: readonly DoseUnit[] = _freeze(_DOSE_UNITS);
/** The routes of administration. Used by the prescription form's choices and rules, and the timeline's words. */
export const ROUTES: readonly RouteTerm[] = _freeze(_ROUTES);
/** The clinical statuses. Used by the diagnosis form's choices and rules. */
export const CLINICAL_STATUSES: readonly ClinicalStatusTerm[] = _freeze(_CLINICAL_STATUSES);

/**
 * The severities, as the SNOMED CT qualifiers of R4's condition-severity value set
 * (http://hl7.org/fhir/ValueSet/condition-severity: 24484000, 6736007, 255604002, displays as
 * https://hl7.org/fhir/R4/valueset-condition-severity.html gives them).
 */
export const SEVERITIES: Readonly<Record<Severity, { readonly code: string; readonly display: string }>> = Object.freeze({
  mild: Object.freeze({ code: '255604002', display: 'Mild' }),
  moderate: Object.freeze({ code: '6736007', display: 'Moderate' }),
  severe: Object.freeze({ code: '24484000', display: 'Severe' }),
});

/** SNOMED CT 246112005 |Severity (attribute)|, the question a severity answers. */
export const SEVERITY_ATTRIBUTE = Object.freeze({ code: '246112005', display: 'Severity' });

const _bySymptom = new Map(SYMPTOMS.map((s) => [s.code, s]));
const _byUnit = new Map(DOSE_UNITS.map((u) => [u.code, u]));
const _byRoute = new Map(ROUTES.map((r) => [r.code, r]));
const _byStatus = new Map(CLINICAL_STATUSES.map((s) => [s.code as string, s]));

/** The listed symptom of a code, or undefined. Used by the symptom rules and builder. */
export function symptomTerm(code: unknown): SymptomTerm | undefined {
  return typeof code === 'string' ? _bySymptom.get(code) : undefined;
}
/** The listed dose unit of a UCUM code, or undefined. Used by the prescription rules and the timeline. */
export function doseUnit(code: unknown): DoseUnit | undefined {
  return typeof code === 'string' ? _byUnit.get(code) : undefined;
}
/** The listed route of a SNOMED CT code, or undefined. Used by the prescription rules and the timeline. */
export function routeTerm(code: unknown): RouteTerm | undefined {
  return typeof code === 'string' ? _byRoute.get(code) : undefined;
}
/** The listed clinical status of a code, or undefined. Used by the diagnosis rules and the timeline. */
export function clinicalStatusTerm(code: unknown): ClinicalStatusTerm | undefined {
  return typeof code === 'string' ? _byStatus.get(code) : undefined;
}
/** Whether s is one of the three severities. Used by the symptom rules. */
export function isSeverity(s: unknown): s is Severity {
  return s === 'mild' || s === 'moderate' || s === 'severe';
}
