// Care records for the link tests, made by the app's own care builders (web/core/care): typical ones
// with fixed inputs (for the sizes the report and docs/links.md give), and arbitrary ones from the
// care tests' fast-check generators. Also the seeded byte source the tests give makeLink.
import fc from 'fast-check';
import {
  consultationRequest,
  diagnosisCondition,
  exercisePlan,
  prescriptionRequest,
  toDiagnosisForm,
  toExercisesForm,
  toPrescriptionForm,
  toSymptomForm,
} from '../../../web/core/care/index.ts';
import { TODAY, answerContext, diagnosisInput, exercisesInput, prescriptionInput, requestContext, symptomInput } from '../care/_gen.ts';

export type Resource = { resourceType: string } & Record<string, unknown>;

/** splitmix32 bytes: a seeded source, so no outcome depends on crypto.getRandomValues. */
export function seeded(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (n) => Uint8Array.from({ length: n }, () => next() & 0xff);
}

function must<T>(v: T | null): T {
  if (v === null) throw new Error('a fixed care form did not pass its own rules');
  return v;
}

/** One consultation as the app writes it: the patient's request, the doctor's diagnosis and prescription. */
function consultation(i: number): Resource[] {
  const requestId = `0b6a3f4e-2d8c-4e1a-9f3b-7c5d2e1a0f${(0x10 + i).toString(16)}`;
  const request = consultationRequest(
    must(toSymptomForm({ symptoms: [{ code: '25064002' }, { text: 'Біль у коліні' }], onset: '2026-11-30', severity: 'moderate', details: 'З понеділка, гірше ввечері; ібупрофен допомагає на кілька годин.' }, TODAY)),
    requestContext({ requestId }),
  );
  const ctx = (n: number) => answerContext({ id: `5f0c8a2e-1b7d-4c3e-8a9f-0d1e2f3a4b${(0x10 + i * 4 + n).toString(16)}`, requestId });
  const diagnosis = diagnosisCondition(
    must(toDiagnosisForm({ condition: { code: '25064002', display: 'Headache' }, clinicalStatus: 'active', onset: '2026-11-30', note: 'Головний біль напруги; контроль тиску через тиждень.' }, TODAY)),
    ctx(0),
  );
  const prescription = prescriptionRequest(
    must(toPrescriptionForm({ medication: { text: 'Ібупрофен 200 мг' }, doseAmount: '1', doseUnit: '{tablet}', route: '26643006', timesPerPeriod: '3', periodUnit: 'd', durationDays: '7', quantity: '21', note: 'Після їжі.' })),
    ctx(1),
  );
  return [request, diagnosis, prescription] as unknown as Resource[];
}

/** An exercise plan of three exercises, as a doctor writes one. */
function exercises(): Resource {
  const plan = exercisePlan(
    must(
      toExercisesForm({
        exercises: [
          { name: 'Розтяжка шиї', timesPerPeriod: '2', periodUnit: 'd', durationDays: '14', instructions: 'Повільно, по 10 секунд у кожен бік.' },
          { name: 'Прогулянка', timesPerPeriod: '1', periodUnit: 'd', durationDays: '30', instructions: '30 хвилин у спокійному темпі.' },
          { name: 'Вправи для колін', timesPerPeriod: '3', periodUnit: 'wk', durationDays: '28', instructions: '' },
        ],
      }),
    ),
    answerContext({ id: '5f0c8a2e-1b7d-4c3e-8a9f-0d1e2f3a4bff' }),
  );
  return plan as unknown as Resource;
}

/**
 * `n` typical care records (0 to 10): consultations of three records each (request, diagnosis,
 * prescription), then an exercise plan as the tenth. One record is a prescription alone, two are a
 * diagnosis and its prescription.
 */
export function typicalRecords(n: number): Resource[] {
  if (n === 1 || n === 2) return consultation(0).slice(3 - n);
  const out: Resource[] = [];
  for (let i = 0; out.length < Math.min(n, 9); i++) out.push(...consultation(i));
  if (n === 10) out.push(exercises());
  return out.slice(0, n);
}

/** Any one care record the builders make, from the care tests' generators. */
export const careRecord: fc.Arbitrary<Resource> = fc.oneof(
  symptomInput.map((i) => toSymptomForm(i, TODAY)).filter((f) => f !== null).map((f) => consultationRequest(f!, requestContext()) as unknown as Resource),
  diagnosisInput.map((i) => toDiagnosisForm(i, TODAY)).filter((f) => f !== null).map((f) => diagnosisCondition(f!, answerContext()) as unknown as Resource),
  prescriptionInput.map((i) => toPrescriptionForm(i)).filter((f) => f !== null).map((f) => prescriptionRequest(f!, answerContext()) as unknown as Resource),
  exercisesInput.map((i) => toExercisesForm(i)).filter((f) => f !== null).map((f) => exercisePlan(f!, answerContext()) as unknown as Resource),
);
