// FHIR interoperability (issue 9, item 4): the patient's records out, as an International Patient
// Summary document, and FHIR R4 files from elsewhere in, validated against the R4 definitions.
// Pure: no DOM, no clock, no randomness (the time and UUIDs are arguments).
//
// The import validates with @medplum/core's validateResource over a trimmed copy of the R4
// definitions (./data/_r4.ts, written by scripts/gen-fhir-defs.mjs). Load this module lazily (a
// dynamic import from the export and import screens): the definitions and the validator weigh
// about 420 kB unpacked, 45 kB gzipped.
//
// Accepted types, and why: what the app's own records are (Condition, MedicationRequest, CarePlan,
// Observation, QuestionnaireResponse, ServiceRequest, and the Bundle of a consultation request);
// what an IPS document holds besides (Composition, Patient, AllergyIntolerance, Immunization,
// Procedure, MedicationStatement, Medication, Organization, Practitioner, PractitionerRole).
export { ipsDocument, escapeXml, KEY_X25519, PATIENT_ELEMENT } from './_ips.ts';
export type { IpsInput, IpsPatient } from './_ips.ts';
export { readFhirImport, IMPORT_RULES, MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH, MAX_IMPORT_ENTRIES, MAX_IMPORT_ERRORS } from './_import.ts';
export type { ImportResult, ImportSummary, ImportedPatient } from './_import.ts';
export { acceptedTypes } from './_validate.ts';
export type { Problem as ImportError, Rule as ImportRule } from './_validate.ts';
