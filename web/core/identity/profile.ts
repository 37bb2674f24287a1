// The registration form's data and its rules (a person's profile; docs/design.md "Who uses it"). The
// rules return codes, one per field: the screens say each in words, in the user's language, beside
// the field. Nothing here is saved: the vault stores the profile only encrypted.

/** Who the identity is: a patient, a doctor, or a clinic (which checks doctors' licences and attests their profiles). */
export type Role = 'patient' | 'doctor' | 'clinic';

/** The profile of an identity. Patients have a birth date; doctors a specialty, a clinic and a licence; a clinic its name and register ID, and the staff member's name. */
export interface Profile {
  role: Role;
  familyName: string;
  givenName: string;
  /** Patients: an ISO date, YYYY-MM-DD. */
  birthDate?: string;
  /** The patient's or the doctor's ID, as their health system or register gives it. */
  personId: string;
  specialty?: string;
  /** Doctors: the specialty's SNOMED CT code from the practice-setting list, when one was chosen (else the text alone). */
  specialtyCode?: string;
  clinic?: string;
  licence?: string;
}

/** A field of the form. */
export type ProfileField = 'familyName' | 'givenName' | 'birthDate' | 'personId' | 'specialty' | 'clinic' | 'licence';

/** What can be wrong with a field; the screens have one message per field and code. */
export type ProfileProblem = 'required' | 'too-long' | 'characters' | 'date-format' | 'date-invalid' | 'date-future' | 'date-too-old' | 'id-format';

/** The fields each role fills in, in the form's order. */
export const PROFILE_FIELDS: Readonly<Record<Role, readonly ProfileField[]>> = Object.freeze({
  patient: ['familyName', 'givenName', 'birthDate', 'personId'],
  doctor: ['familyName', 'givenName', 'personId', 'specialty', 'clinic', 'licence'],
  clinic: ['clinic', 'personId', 'familyName', 'givenName'],
});

/** Longest accepted value of each text field, in characters. */
export const PROFILE_MAX: Readonly<Record<ProfileField, number>> = Object.freeze({
  familyName: 80,
  givenName: 80,
  birthDate: 10,
  personId: 32,
  specialty: 120,
  clinic: 120,
  licence: 32,
});

/** Auto-lock after this many minutes without use, unless the user chose another time. */
export const DEFAULT_AUTO_LOCK_MINUTES = 5;
/** The auto-lock times a user can choose, in minutes. */
export const AUTO_LOCK_CHOICES: readonly number[] = Object.freeze([1, 2, 5, 10, 15, 30, 60]);

/** The shortest passphrase an identity's vault accepts, in characters (the forms say so up front). */
export const MIN_PASSPHRASE = 8;

/** The earliest birth date accepted. */
export const EARLIEST_BIRTH = '1900-01-01';

// Letters of any script, marks (accents), spaces, apostrophes, hyphens and dots: names as people write them.
const _NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .\u2019-]*$/u;
// IDs: letters, digits, and the separators registers use.
const _ID = /^[\p{L}\p{N}][\p{L}\p{N} ./-]*$/u;
const _TEXT = /^[^\p{Cc}]*$/u;
const _ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What is wrong with one field's value for `role`, or null. `today` is YYYY-MM-DD (the caller's clock). */
export function fieldProblem(role: Role, field: ProfileField, raw: unknown, today: string): ProfileProblem | null {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') return 'required';
  if (value.length > PROFILE_MAX[field]) return 'too-long';
  switch (field) {
    case 'familyName':
    case 'givenName':
      return _NAME.test(value) ? null : 'characters';
    case 'personId':
    case 'licence':
      return _ID.test(value) ? null : 'id-format';
    case 'birthDate': {
      const m = _ISO_DATE.exec(value);
      if (!m) return 'date-format';
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return 'date-invalid';
      if (value > today) return 'date-future';
      if (value < EARLIEST_BIRTH) return 'date-too-old';
      return null;
    }
    default:
      return _TEXT.test(value) ? null : 'characters';
  }
}

/** Every field's problem for `role` (only the role's fields), empty when the profile is valid. */
export function profileProblems(role: Role, values: Partial<Record<ProfileField, unknown>>, today: string): Partial<Record<ProfileField, ProfileProblem>> {
  if (role !== 'patient' && role !== 'doctor' && role !== 'clinic') throw new RangeError(`role must be 'patient', 'doctor' or 'clinic', got ${String(role)}`);
  const out: Partial<Record<ProfileField, ProfileProblem>> = {};
  for (const f of PROFILE_FIELDS[role]) {
    const p = fieldProblem(role, f, values[f], today);
    if (p) out[f] = p;
  }
  return out;
}

/** The profile of valid form values (trimmed), or null if any field has a problem. Called on submit. */
export function toProfile(role: Role, values: Partial<Record<ProfileField, unknown>>, today: string): Profile | null {
  if (Object.keys(profileProblems(role, values, today)).length > 0) return null;
  const p: Profile = { role, familyName: '', givenName: '', personId: '' };
  for (const f of PROFILE_FIELDS[role]) (p as unknown as Record<string, string>)[f] = String(values[f]).trim();
  return p;
}
