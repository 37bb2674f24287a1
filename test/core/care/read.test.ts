// The care readers (readCareRecord, dosageParts): they read back what the builders write, and they take
// anything a stranger may send — any JSON value, or a record of ours with any part replaced — without
// throwing, giving strings where they promise strings. Free text, markup included, stays text.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  SYMPTOMS,
  consultationRequest,
  diagnosisCondition,
  dosageParts,
  exercisePlan,
  prescriptionRequest,
  readCareRecord,
  symptomTerm,
  toDiagnosisForm,
  toExercisesForm,
  toPrescriptionForm,
  toSymptomForm,
  type CareSummary,
} from '../../../web/core/care/index.ts';
import { noteObservationOf } from '../../../web/app/record-text.ts';
import { DOCTOR, NOW, PATIENT, TODAY, XSS, answerContext, diagnosisInput, exercisesInput, prescriptionInput, requestContext, symptomInput } from './_gen.ts';

/** The record layer's round trip (web/identity/service.ts): JSON, UTF-8 bytes, and back. */
function roundTrip<T>(v: T): T {
  return JSON.parse(new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(v)))) as T;
}

/** Free text as a record keeps it, by an independent route: the app's own note form (web/app/record-text.ts). */
function kept(text: string): string {
  const t = text.trim();
  return t === '' ? '' : noteObservationOf(t, NOW).valueString!;
}

/** Every string a summary gives is a string, every number a finite number or null, recursively. */
function checkTypes(v: unknown, path = 'summary'): void {
  if (typeof v === 'string' || v === null) return;
  if (typeof v === 'number') {
    expect(Number.isFinite(v), path).to.equal(true);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkTypes(x, `${path}[${i}]`));
    return;
  }
  expect(typeof v, path).to.equal('object');
  for (const [k, x] of Object.entries(v as object)) checkTypes(x, `${path}.${k}`);
}

const SHAPES: Record<CareSummary['kind'], Record<string, string>> = {
  request: { requestId: 'string', patientKey: 'string', doctorKey: 'string', patientName: 'string', symptoms: 'object', onset: 'string', severity: 'string', details: 'string', authored: 'string' },
  diagnosis: { requestId: 'string', condition: 'string', code: 'string', clinicalStatus: 'string', onset: 'string', note: 'string', authored: 'string' },
  prescription: { requestId: 'string', medication: 'string', dosage: 'object', quantity: 'number|null', note: 'string', authored: 'string' },
  exercises: { requestId: 'string', exercises: 'object', authored: 'string' },
  other: {},
};

function checkShape(s: CareSummary): void {
  const shape = SHAPES[s.kind];
  expect(shape, `kind ${String(s.kind)}`).to.not.equal(undefined);
  const { kind: _, ...rest } = s as unknown as Record<string, unknown>;
  expect(Object.keys(rest).sort()).to.deep.equal(Object.keys(shape).sort());
  for (const [k, t] of Object.entries(shape)) {
    const v = rest[k];
    const ok = t === 'number|null' ? v === null || typeof v === 'number' : typeof v === t;
    expect(ok, `${s.kind}.${k} is ${t}`).to.equal(true);
  }
  if (s.kind === 'request') for (const x of s.symptoms) expect(typeof x).to.equal('string');
  if (s.kind === 'exercises') for (const e of s.exercises) for (const k of ['name', 'periodUnit', 'instructions'] as const) expect(typeof e[k]).to.equal('string');
  checkTypes(s);
}

describe('readCareRecord reads back what the builders write', () => {
  it('a request: ids, names, the symptoms in order, onset, severity and details (fast-check seed 9201)', () => {
    fc.assert(
      fc.property(symptomInput, (input) => {
        const form = toSymptomForm(input, TODAY)!;
        const s = readCareRecord(roundTrip(consultationRequest(form, requestContext())));
        expect(s).to.deep.equal({
          kind: 'request',
          requestId: requestContext().requestId,
          patientKey: PATIENT.agreementKey,
          doctorKey: DOCTOR.signingKey,
          patientName: `${PATIENT.givenName} ${PATIENT.familyName}`,
          symptoms: form.symptoms.map((x) => ('code' in x ? symptomTerm(x.code)!.display : x.text)),
          onset: form.onset,
          severity: form.severity,
          details: form.details,
          authored: NOW.toISOString(),
        });
      }),
      { seed: 9201, numRuns: 200 },
    );
  });

  it('a diagnosis (fast-check seed 9202)', () => {
    fc.assert(
      fc.property(diagnosisInput, (input) => {
        const form = toDiagnosisForm(input, TODAY)!;
        const s = readCareRecord(roundTrip(diagnosisCondition(form, answerContext())));
        expect(s).to.deep.equal({
          kind: 'diagnosis',
          requestId: answerContext().requestId,
          condition: 'code' in form.condition ? form.condition.display : form.condition.text,
          code: 'code' in form.condition ? form.condition.code : '',
          clinicalStatus: form.clinicalStatus,
          onset: form.onset,
          note: form.note,
          authored: NOW.toISOString(),
        });
      }),
      { seed: 9202, numRuns: 200 },
    );
  });

  it('a prescription, with the dosage a screen says in words (fast-check seed 9203)', () => {
    fc.assert(
      fc.property(prescriptionInput, (input) => {
        const form = toPrescriptionForm(input)!;
        const s = readCareRecord(roundTrip(prescriptionRequest(form, answerContext())));
        expect(s).to.deep.equal({
          kind: 'prescription',
          requestId: answerContext().requestId,
          medication: 'code' in form.medication ? form.medication.display : form.medication.text,
          dosage: { amount: form.doseAmount, unit: form.doseUnit, route: form.route, timesPerPeriod: form.timesPerPeriod, period: 1, periodUnit: form.periodUnit, durationDays: form.durationDays },
          quantity: form.quantity,
          note: form.note,
          authored: NOW.toISOString(),
        });
      }),
      { seed: 9203, numRuns: 200 },
    );
  });

  it('exercises, in order (fast-check seed 9204)', () => {
    fc.assert(
      fc.property(exercisesInput, (input) => {
        const form = toExercisesForm(input)!;
        const s = readCareRecord(roundTrip(exercisePlan(form, answerContext())));
        expect(s).to.deep.equal({
          kind: 'exercises',
          requestId: answerContext().requestId,
          exercises: form.exercises.map((e) => ({ name: e.name, timesPerPeriod: e.timesPerPeriod, period: 1, periodUnit: e.periodUnit, durationDays: e.durationDays, instructions: e.instructions })),
          authored: NOW.toISOString(),
        });
      }),
      { seed: 9204, numRuns: 200 },
    );
  });

  it('"1 tablet, 3 times a day, for 7 days": the numbers dosageParts gives', () => {
    const mr = prescriptionRequest(toPrescriptionForm({ medication: { text: 'Ibuprofen' }, doseAmount: '1', doseUnit: '{tablet}', route: '26643006', timesPerPeriod: '3', periodUnit: 'd', durationDays: '7' })!, answerContext());
    expect(dosageParts(mr.dosageInstruction![0])).to.deep.equal({ amount: 1, unit: '{tablet}', route: '26643006', timesPerPeriod: 3, period: 1, periodUnit: 'd', durationDays: 7 });
  });

  it('a Bundle without our ServiceRequest, and other resources, are "other"', () => {
    expect(readCareRecord({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient' } }] })).to.deep.equal({ kind: 'other' });
    expect(readCareRecord(noteObservationOf('a note', NOW))).to.deep.equal({ kind: 'other' });
    for (const v of [null, 0, 'Condition', [], [{ resourceType: 'Condition' }], { resourceType: { toString: 'Condition' } }]) expect(readCareRecord(v), JSON.stringify(v)).to.deep.equal({ kind: 'other' });
  });
});

describe('readCareRecord and dosageParts take anything a stranger sends', () => {
  it('any JSON value: no exception, and the summary has the promised types (fast-check seed 9205)', () => {
    // Values shaped like ours at the top, so the readers go deep, and plain JSON besides.
    const kinds = fc.constantFrom('Bundle', 'Condition', 'MedicationRequest', 'CarePlan', 'Observation', '__proto__', 'constructor', 'toString');
    const value = fc.oneof(
      fc.jsonValue(),
      fc.record({ resourceType: kinds }, { requiredKeys: ['resourceType'] }).chain((r) => fc.dictionary(fc.string(), fc.jsonValue()).map((d) => ({ ...d, ...r }))),
      fc.tuple(kinds, fc.jsonValue(), fc.jsonValue()).map(([resourceType, a, b]) => ({ resourceType, entry: [a, { resource: b }], code: a, evidence: b, dosageInstruction: [a], activity: [{ reference: { reference: '#x' } }], contained: [{ resourceType: 'ServiceRequest', id: 'x', ...((b ?? {}) as object) }] })),
    );
    fc.assert(
      fc.property(value, (v) => {
        checkShape(readCareRecord(v));
        checkTypes(dosageParts(v));
        checkTypes(dosageParts(JSON.parse(JSON.stringify(v ?? null))));
      }),
      { seed: 9205, numRuns: 3000 },
    );
  });

  it('a record of ours with any one part replaced by any JSON value (fast-check seed 9206)', () => {
    const records = [
      consultationRequest(toSymptomForm({ symptoms: [{ code: SYMPTOMS[0].code }, { text: 'x' }], onset: '2026-11-30', severity: 'severe', details: 'd' }, TODAY)!, requestContext()),
      diagnosisCondition(toDiagnosisForm({ condition: { text: 'x' }, clinicalStatus: 'active', note: 'n' }, TODAY)!, answerContext()),
      prescriptionRequest(toPrescriptionForm({ medication: { text: 'x' }, doseAmount: 1, doseUnit: 'mg', route: '26643006', timesPerPeriod: 1, periodUnit: 'd', durationDays: 1, quantity: 3 })!, answerContext()),
      exercisePlan(toExercisesForm({ exercises: [{ name: 'x', timesPerPeriod: 1, periodUnit: 'wk', durationDays: 3 }] })!, answerContext()),
    ].map((r) => roundTrip(r) as unknown);
    // Every path to a value inside a record, so a mutation can hit any depth.
    const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      v !== null && typeof v === 'object' ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))] : [at];
    const mutated = fc.nat({ max: records.length - 1 }).chain((i) =>
      fc.tuple(fc.constantFrom(...paths(records[i]).filter((p) => p.length > 0)), fc.jsonValue()).map(([path, value]) => {
        const copy = structuredClone(records[i]) as Record<string | number, unknown>;
        let o = copy;
        for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        o[path.at(-1)!] = value;
        return copy;
      }),
    );
    fc.assert(
      fc.property(mutated, (v) => {
        checkShape(readCareRecord(v));
      }),
      { seed: 9206, numRuns: 3000 },
    );
  });
});

describe('free text stays text', () => {
  const PAYLOADS = [XSS, `<script>alert(1)</script>`, `"><svg onload=alert(1)>`, `a\u0000b\u0007c\td\r\ne\u001Bf\u007F`, `${XSS}\u0000${XSS}`];

  it('every free-text field keeps markup as it was typed, with C0 controls as U+FFFD, through build and read', () => {
    for (const p of PAYLOADS) {
      const req = readCareRecord(roundTrip(consultationRequest(toSymptomForm({ symptoms: [{ text: p }], onset: '2026-11-30', severity: 'mild', details: p }, TODAY)!, requestContext())));
      expect(req).to.deep.include({ symptoms: [kept(p)], details: kept(p) });
      const dia = readCareRecord(roundTrip(diagnosisCondition(toDiagnosisForm({ condition: { text: p }, clinicalStatus: 'active', note: p }, TODAY)!, answerContext())));
      expect(dia).to.deep.include({ condition: kept(p), note: kept(p) });
      const pre = readCareRecord(roundTrip(prescriptionRequest(toPrescriptionForm({ medication: { text: p }, doseAmount: 1, doseUnit: 'mg', route: '26643006', timesPerPeriod: 1, periodUnit: 'd', durationDays: 1, note: p })!, answerContext())));
      expect(pre).to.deep.include({ medication: kept(p), note: kept(p) });
      const exe = readCareRecord(roundTrip(exercisePlan(toExercisesForm({ exercises: [{ name: p, timesPerPeriod: 1, periodUnit: 'd', durationDays: 1, instructions: p }] })!, answerContext())));
      expect(exe.kind === 'exercises' && exe.exercises[0]).to.deep.include({ name: kept(p), instructions: kept(p) });
    }
  });

  it('the markup is never turned into anything: no narrative, no escaping, no stripping, in any resource', () => {
    const bundle = consultationRequest(toSymptomForm({ symptoms: [{ text: XSS }], onset: '2026-11-30', severity: 'mild', details: XSS }, TODAY)!, requestContext());
    const json = JSON.stringify(bundle);
    // An R4 Narrative (text.div) is XHTML a FHIR viewer renders: the builders write none.
    expect(json).to.not.include('"div"');
    expect(json).to.not.include('&lt;');
    expect(json.split(JSON.stringify(XSS).slice(1, -1)).length - 1).to.equal(3); // the QR answer, the Observation, the details
  });

  it('the text cleaning is the app note form\'s, for any text (fast-check seed 9207)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((t) => t.trim() !== '' && t.trim().length <= 120), (t) => {
        const s = readCareRecord(roundTrip(consultationRequest(toSymptomForm({ symptoms: [{ text: t }], onset: '2026-11-30', severity: 'mild', details: t }, TODAY)!, requestContext())));
        expect(s).to.deep.include({ symptoms: [kept(t)], details: kept(t) });
      }),
      { seed: 9207, numRuns: 300 },
    );
  });
});
