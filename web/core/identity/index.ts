// Identity (docs/design.md "Identity, keys and privacy"): the seed and its 24 words, every key derived
// from it, relationship tags, and the profile with its rules. Pure: randomness and the clock are
// arguments. Used by the identity worker (keys never leave it) and by the registration screens
// (rules only).
export { SEED_BYTES, SEED_WORDS, newSeed, seedToWords, splitWords, wordsToSeed, backupCheckPositions } from './seed.ts';
export type { RandomBytes, WordsProblem } from './seed.ts';
export { KEY_INFO, deriveIdentityKeys, deriveRelationshipKeys, relationshipTag, inboxTag, utcDay, derivePairKeys } from './keys.ts';
export type { KeyPair, IdentityKeys, RelationshipKeys, PairKeys } from './keys.ts';
export { PROFILE_FIELDS, PROFILE_MAX, EARLIEST_BIRTH, MIN_PASSPHRASE, DEFAULT_AUTO_LOCK_MINUTES, AUTO_LOCK_CHOICES, fieldProblem, profileProblems, toProfile } from './profile.ts';
export type { Role, Profile, ProfileField, ProfileProblem } from './profile.ts';
export { CLINIC_CODE_PREFIX, CLINIC_NAME_MAX_BYTES, clinicCode, readClinicCode } from './clinic-code.ts';
export type { ClinicCodeProblem } from './clinic-code.ts';
