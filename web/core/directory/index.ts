// The doctor directory (issue 9, "Doctor profiles and the directory"): the specialties (the FHIR R4
// value set c80-practice-codes), the public records (a doctor's profile, its withdrawal, a clinic's
// attestation) and their builders, reading the directory from the found records, and its search.
// Pure: no I/O, no clock, no randomness; times and keys are arguments. Internal helpers (files
// starting with `_`) stay private.
export { PRACTICE_SETTINGS, PRACTICE_SETTINGS_URL, SNOMED_CT, practiceSetting } from './specialties.ts';
export type { PracticeSetting } from './specialties.ts';
export {
  DIRECTORY_TAG,
  DIRECTORY_TAG_LABEL,
  DIRECTORY_KIND,
  MAX_DIRECTORY_PAYLOAD,
  KEY_ED25519,
  KEY_X25519,
  LICENCE,
  CHECKED_ID,
  PRACTITIONER_ID,
  DIRECTORY_RULES,
  SPECIALTY_TEXT_MAX,
  profileInputProblems,
  attestationInputProblems,
  specialtyProblem,
  profileRecord,
  withdrawalRecord,
  attestationRecord,
} from './records.ts';
export type { DirectoryField, DirectoryProblem, DoctorProfileInput, AttestationInput, DirectoryRecord } from './records.ts';
export { REFUSAL_REASONS, readDirectory, entryOf } from './read.ts';
export type { FoundDirectoryBundle, Specialty, Attestation, DirectoryProfile, RefusalReason, Refusal, Directory, DirectoryEntry } from './read.ts';
export { foldText, wordsOf } from './fold.ts';
export { DirectoryIndex, specialtyKey } from './search.ts';
export type { SpecialtyCount, Completion } from './search.ts';
