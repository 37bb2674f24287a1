// FHIR interoperability (issue 9, item 4): the patient's records out, as an International Patient
// Summary document, and FHIR R4 files from elsewhere in, validated against the R4 definitions.
// Pure: no DOM, no clock, no randomness (the time and UUIDs are arguments).
//
// The import validates with @medplum/core's validateResource over a trimmed copy of the R4
// definitions (./data/_r4.ts, written by scripts/gen-fhir-defs.mjs). Load this module lazily (a
// dynamic import from the export and import screens): measured in `npm run build:app`, it is a chunk
// of its own of 396 kB, 51 kB gzipped, precached like the rest.
//
// Accepted types, and why: what the app's own records are (Condition, MedicationRequest, CarePlan,
// Observation, QuestionnaireResponse, ServiceRequest, and the Bundle of a consultation request);
// what an IPS document holds besides (Composition, Patient, AllergyIntolerance, Immunization,
// Procedure, MedicationStatement, Medication, Organization, Practitioner, PractitionerRole).

/** Builds the IPS document Bundle of the patient's records. Called by the export screen. */
export { ipsDocument } from './_ips.ts';
export type { IpsInput, IpsPatient } from './_ips.ts';

/** Reads and validates a FHIR file into records, or lists its errors. Called by the import screen. */
export { readFhirImport } from './_import.ts';
export type { ImportResult, ImportSummary, ImportedPatient } from './_import.ts';
export type { Problem as ImportError, Rule as ImportRule } from './_validate.ts';

/** Every rule code of an import error: the screens' message table, checked by a UI test. */
export { IMPORT_RULES } from './_import.ts';

/** The import's bounds, which the import screen states up front. */
export { MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH, MAX_IMPORT_ENTRIES, MAX_IMPORT_ERRORS } from './_import.ts';

/** The resource types an import accepts, for the import screen's help text. */
export { acceptedTypes } from './_validate.ts';
