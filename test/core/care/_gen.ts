// Generators of valid care forms and contexts for the care tests (fast-check), and the fixed people
// and times they use. Every property test that uses them runs with a fixed seed.
import fc from 'fast-check';
import {
  CLINICAL_STATUSES,
  DOSE_UNITS,
  MAX_DETAILS,
  MAX_SYMPTOMS,
  ROUTES,
  SYMPTOMS,
  doctorReference,
  patientReference,
  type AnswerContext,
  type DiagnosisInput,
  type ExercisesInput,
  type PrescriptionInput,
  type RequestContext,
  type SymptomInput,
} from '../../../web/core/care/index.ts';

export const XSS = '<img src=x onerror=alert(1)>';
export const TODAY = '2026-12-04';
export const NOW = new Date('2026-12-04T12:00:00.000Z');

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const keyHex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex);
export const uuidV4 = fc.uuid({ version: 4 }).map((s) => s.toLowerCase());

export const PATIENT = {
  familyName: 'Шевченко',
  givenName: 'Олена',
  birthDate: '1984-03-09',
  agreementKey: 'a'.repeat(64),
};
export const DOCTOR = {
  familyName: 'Коваль',
  givenName: 'Іван',
  agreementKey: 'b'.repeat(64),
  signingKey: 'c'.repeat(64),
};
export const REQUEST_ID = '0b6a3f4e-2d8c-4e1a-9f3b-7c5d2e1a0f9b';

export function requestContext(over: Partial<RequestContext> = {}): RequestContext {
  return { requestId: REQUEST_ID, patient: PATIENT, doctor: DOCTOR, now: NOW, ...over };
}
export function answerContext(over: Partial<AnswerContext> = {}): AnswerContext {
  return {
    id: '5f0c8a2e-1b7d-4c3e-8a9f-0d1e2f3a4b5c',
    requestId: REQUEST_ID,
    author: doctorReference(DOCTOR),
    subject: patientReference(PATIENT),
    now: NOW,
    ...over,
  };
}

// Words people type, with what must survive as text: markup, quotes, Ukrainian, emoji, control
// characters (replaced by U+FFFD), lone surrogates.
const WORDS = ['Болить', 'голова', 'з понеділка', 'ґанок, їжак, є', '🙂', '👩🏽‍⚕️', '\n', '\t', ' ', XSS, '<script>alert(1)</script>', '"\\', '&amp;', '\u0000', '\u001B', '\u0007', 'note'];

/** Free text of at most `max` UTF-16 units once trimmed, possibly empty. */
export function freeText(max: number, minLength = 0): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.array(fc.constantFrom(...WORDS), { minLength: Math.max(minLength, 0), maxLength: 30 }).map((w) => w.join('')),
      fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(max, 200) }),
      fc.string({ unit: 'binary', minLength, maxLength: Math.min(max, 200) }),
    )
    .map((t) => (t.trim().length > max ? t.trim().slice(0, max) : t))
    .filter((t) => t.trim().length >= minLength && t.trim().length <= max && !/^[\uDC00-\uDFFF]/.test(t.trim()));
}

/** A non-empty name (after trimming) of at most `max` units. */
export function name(max: number): fc.Arbitrary<string> {
  return freeText(max, 1).filter((t) => t.trim() !== '');
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
export const pastDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }).map(isoDay);

// Typed symptoms that match no listed one and no other typed one (the duplicate rule compares words).
const TYPED = ['Біль у коліні', 'Свербіж', `Висип ${XSS}`, 'Tingling in fingers', 'Шум у вухах', 'Пітливість уночі', 'Сухість у роті\u0007'];

export const symptomInput: fc.Arbitrary<SymptomInput> = fc
  .record({
    coded: fc.subarray(SYMPTOMS.map((s) => s.code)),
    typed: fc.subarray(TYPED),
    onset: pastDate,
    severity: fc.constantFrom('mild', 'moderate', 'severe'),
    details: fc.oneof(fc.constant(''), freeText(MAX_DETAILS)),
  })
  .filter((r) => r.coded.length + r.typed.length >= 1)
  .chain((r) =>
    fc.shuffledSubarray([...r.coded.map((code) => ({ code })), ...r.typed.map((text) => ({ text }))], {
      minLength: 1,
      maxLength: Math.min(MAX_SYMPTOMS, r.coded.length + r.typed.length),
    }).map((symptoms) => ({ symptoms, onset: r.onset, severity: r.severity, details: r.details })),
  );

// Concept ids of the symptom list are well-formed SNOMED CT identifiers; a diagnosis may use any.
const concept = fc.oneof(
  fc.constantFrom(...SYMPTOMS).map((s) => ({ code: s.code, display: s.display })),
  name(200).map((text) => ({ text })),
);

export const diagnosisInput: fc.Arbitrary<DiagnosisInput> = fc.record({
  condition: concept,
  clinicalStatus: fc.constantFrom(...CLINICAL_STATUSES.map((s) => s.code)),
  onset: fc.oneof(fc.constant(''), pastDate),
  note: fc.oneof(fc.constant(''), freeText(2000)),
});

const schedule = {
  timesPerPeriod: fc.oneof(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }).map(String)),
  periodUnit: fc.constantFrom('d', 'wk'),
  durationDays: fc.oneof(fc.integer({ min: 1, max: 365 }), fc.integer({ min: 1, max: 365 }).map(String)),
};

// Amounts as a form types them: integers, and decimals with up to three places, dot or comma.
const amount = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('.', ',', '')).map(([i, f, sep]) => {
  const whole = sep === '' ? String(i === 0 ? 1 : i) : `${i}${sep}${String(f).padStart(3, '0')}`;
  return whole === '0.000' || whole === '0,000' ? '1' : whole;
});

export const prescriptionInput: fc.Arbitrary<PrescriptionInput> = fc.record({
  medication: concept,
  doseAmount: fc.oneof(amount, fc.integer({ min: 1, max: 10000 })),
  doseUnit: fc.constantFrom(...DOSE_UNITS.map((u) => u.code)),
  route: fc.constantFrom(...ROUTES.map((r) => r.code)),
  ...schedule,
  quantity: fc.oneof(fc.constant(''), amount),
  note: fc.oneof(fc.constant(''), freeText(2000)),
});

export const exercisesInput: fc.Arbitrary<ExercisesInput> = fc.record({
  exercises: fc.array(fc.record({ name: name(120), ...schedule, instructions: fc.oneof(fc.constant(''), freeText(1000)) }), { minLength: 1, maxLength: 20 }),
});
