// The care builders make valid FHIR R4 (issue 9, "FHIR validity"), checked by the independent validator
// of test/app/_fhir-validator.ts (@medplum/core over the R4 definitions and terminology), for forms
// that fast-check generates with fixed seeds; they are pure; and what they write reads back.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Bundle, CarePlan, Condition, MedicationRequest, Observation, QuestionnaireResponse, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { errorsOf, fhirIssues } from '../../app/_fhir-validator.ts';
import {
  REQUEST_SYSTEM,
  consultationRequest,
  diagnosisCondition,
  exercisePlan,
  prescriptionRequest,
  requestEntryIds,
  toDiagnosisForm,
  toExercisesForm,
  toPrescriptionForm,
  toSymptomForm,
  uuidV5,
} from '../../../web/core/care/index.ts';
import { NOW, TODAY, answerContext, diagnosisInput, exercisesInput, keyHex, prescriptionInput, requestContext, symptomInput, uuidV4 } from './_gen.ts';

/** The record layer's round trip (web/identity/service.ts): JSON, UTF-8 bytes, and back. */
function roundTrip<T>(v: T): T {
  return JSON.parse(new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(v)))) as T;
}

async function errors(resource: Resource): Promise<string[]> {
  return errorsOf(await fhirIssues(resource));
}

/** Errors of a resource and, for a Bundle, of each entry's resource on its own too. */
async function allErrors(resource: Resource): Promise<string[]> {
  const out = [...(await errors(resource)), ...(await errors(roundTrip(resource)))];
  if (resource.resourceType === 'Bundle') for (const e of resource.entry ?? []) out.push(...(await errors(e.resource!)).map((x) => `${e.resource!.resourceType}: ${x}`));
  return out;
}

function firstSymptomForm() {
  const form = toSymptomForm({ symptoms: [{ code: '25064002' }, { text: 'Біль у коліні' }], onset: '2026-11-30', severity: 'moderate', details: 'Since Monday' }, TODAY);
  expect(form).to.not.equal(null);
  return form!;
}

describe('care builders: FHIR R4 validity', function () {
  // The validator's first call fetches and indexes about 45 MB of definitions.
  this.timeout(600_000);

  it('the validator refuses a request whose ServiceRequest lacks intent (control: it can fail)', async () => {
    const bundle = consultationRequest(firstSymptomForm(), requestContext());
    const sr = bundle.entry!.at(-1)!.resource as ServiceRequest;
    const { intent: _, ...noIntent } = sr;
    expect(await errors(noIntent as ServiceRequest)).to.satisfy((e: string[]) => e.some((x) => x.includes('intent')));
    expect(await errors({ ...sr, status: 'open' as ServiceRequest['status'] })).to.satisfy((e: string[]) => e.some((x) => x.includes('status')));
  });

  it('consultationRequest: a valid Bundle for any valid symptom form (fast-check seed 9001)', async () => {
    await fc.assert(
      fc.asyncProperty(symptomInput, uuidV4, keyHex, keyHex, keyHex, async (input, requestId, pk, dk, ds) => {
        const form = toSymptomForm(input, TODAY);
        expect(form, JSON.stringify(input)).to.not.equal(null);
        const ctx = requestContext({ requestId, patient: { ...requestContext().patient, agreementKey: pk }, doctor: { ...requestContext().doctor, agreementKey: dk, signingKey: ds } });
        const bundle = consultationRequest(form!, ctx);
        expect(await allErrors(bundle)).to.deep.equal([]);
      }),
      { seed: 9001, numRuns: 60 },
    );
  });

  it('diagnosisCondition: a valid Condition for any valid diagnosis form (fast-check seed 9002)', async () => {
    await fc.assert(
      fc.asyncProperty(diagnosisInput, uuidV4, uuidV4, async (input, id, requestId) => {
        const form = toDiagnosisForm(input, TODAY);
        expect(form, JSON.stringify(input)).to.not.equal(null);
        expect(await allErrors(diagnosisCondition(form!, answerContext({ id, requestId })))).to.deep.equal([]);
      }),
      { seed: 9002, numRuns: 80 },
    );
  });

  it('prescriptionRequest: a valid MedicationRequest for any valid prescription form (fast-check seed 9003)', async () => {
    await fc.assert(
      fc.asyncProperty(prescriptionInput, uuidV4, uuidV4, async (input, id, requestId) => {
        const form = toPrescriptionForm(input);
        expect(form, JSON.stringify(input)).to.not.equal(null);
        expect(await allErrors(prescriptionRequest(form!, answerContext({ id, requestId })))).to.deep.equal([]);
      }),
      { seed: 9003, numRuns: 80 },
    );
  });

  it('exercisePlan: a valid CarePlan for any valid exercise form (fast-check seed 9004)', async () => {
    await fc.assert(
      fc.asyncProperty(exercisesInput, uuidV4, uuidV4, async (input, id, requestId) => {
        const form = toExercisesForm(input);
        expect(form, JSON.stringify(input)).to.not.equal(null);
        expect(await allErrors(exercisePlan(form!, answerContext({ id, requestId })))).to.deep.equal([]);
      }),
      { seed: 9004, numRuns: 60 },
    );
  });
});

describe('care builders: shape', () => {
  it('a request: Patient, QuestionnaireResponse, one Observation per symptom, then the ServiceRequest, ids from the requestId', () => {
    const form = firstSymptomForm();
    const bundle = consultationRequest(form, requestContext());
    const ids = requestEntryIds(requestContext().requestId, 2);
    expect(bundle.type).to.equal('collection');
    expect(bundle.entry!.map((e) => e.resource!.resourceType)).to.deep.equal(['Patient', 'QuestionnaireResponse', 'Observation', 'Observation', 'ServiceRequest']);
    expect(bundle.entry!.map((e) => e.fullUrl)).to.deep.equal([ids.patient, ids.response, ...ids.observations, ids.request].map((id) => `urn:uuid:${id}`));
    for (const e of bundle.entry!) expect(e.fullUrl).to.equal(`urn:uuid:${e.resource!.id}`);
    // The ids are RFC 9562 name-based UUIDs in the request's namespace, so two requests never share one.
    expect(ids.patient).to.equal(uuidV5(requestContext().requestId, 'Patient'));
    expect(new Set([ids.patient, ids.response, ids.request, ...ids.observations]).size).to.equal(5);
    const sr = bundle.entry!.at(-1)!.resource as ServiceRequest;
    expect(sr.identifier).to.deep.equal([{ system: REQUEST_SYSTEM, value: requestContext().requestId }]);
    expect([sr.status, sr.intent]).to.deep.equal(['active', 'order']);
    expect(sr.requester).to.deep.equal({ reference: `urn:uuid:${ids.patient}` });
    expect(sr.performer![0]).to.deep.include({ type: 'Practitioner', identifier: { system: 'urn:medtangle:key:ed25519', value: requestContext().doctor.signingKey } });
    const qr = bundle.entry![1].resource as QuestionnaireResponse;
    expect(qr.item!.map((i) => i.linkId)).to.deep.equal(['symptoms', 'onset', 'severity', 'details']);
    const obs = bundle.entry![2].resource as Observation;
    expect(obs.code).to.deep.equal({ coding: [{ system: 'http://snomed.info/sct', code: '25064002', display: 'Headache' }], text: 'Headache' });
    expect(obs.effectiveDateTime).to.equal('2026-11-30');
    expect(obs.component![0].valueCodeableConcept!.coding![0].code).to.equal('6736007');
    expect((bundle.entry![3].resource as Observation).code).to.deep.equal({ text: 'Біль у коліні' });
  });

  it('a prescription: timing.repeat with frequency, period, periodUnit and boundsDuration in UCUM d; a UCUM dose', () => {
    const form = toPrescriptionForm({ medication: { text: 'Ibuprofen 200 mg' }, doseAmount: '1', doseUnit: '{tablet}', route: '26643006', timesPerPeriod: '3', periodUnit: 'd', durationDays: '7', quantity: '21' })!;
    const mr = prescriptionRequest(form, answerContext());
    expect([mr.status, mr.intent]).to.deep.equal(['active', 'order']);
    expect(mr.basedOn).to.deep.equal([{ type: 'ServiceRequest', identifier: { system: REQUEST_SYSTEM, value: answerContext().requestId } }]);
    const d = mr.dosageInstruction![0];
    expect(d.timing!.repeat).to.deep.equal({ boundsDuration: { value: 7, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' }, frequency: 3, period: 1, periodUnit: 'd' });
    expect(d.doseAndRate![0].doseQuantity).to.deep.equal({ value: 1, unit: 'tablet', system: 'http://unitsofmeasure.org', code: '{tablet}' });
    expect(d.route!.coding![0]).to.deep.equal({ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' });
    expect(mr.dispenseRequest!.quantity).to.deep.equal({ value: 21, unit: 'tablets', system: 'http://unitsofmeasure.org', code: '{tablet}' });
  });

  it('a diagnosis points at the request through evidence.detail; exercises through supportingInfo and each activity', () => {
    const c = diagnosisCondition(toDiagnosisForm({ condition: { code: '25064002', display: 'Headache' }, clinicalStatus: 'active' }, TODAY)!, answerContext());
    const ref = { type: 'ServiceRequest', identifier: { system: REQUEST_SYSTEM, value: answerContext().requestId } };
    expect(c.evidence![0].detail![0]).to.deep.equal(ref);
    expect(c.clinicalStatus!.coding![0]).to.deep.equal({ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active', display: 'Active' });
    const plan = exercisePlan(toExercisesForm({ exercises: [{ name: 'Plank', timesPerPeriod: 2, periodUnit: 'd', durationDays: 14, instructions: '30 s' }] })!, answerContext());
    expect([plan.status, plan.intent]).to.deep.equal(['active', 'plan']);
    expect(plan.supportingInfo).to.deep.equal([ref]);
    const sr = plan.contained![0] as ServiceRequest;
    expect(plan.activity![0].reference).to.deep.equal({ reference: `#${sr.id}` });
    expect(sr.basedOn).to.deep.equal([ref]);
    expect(sr.code).to.deep.equal({ text: 'Plank' });
    expect(sr.patientInstruction).to.equal('30 s');
  });
});

describe('care builders: pure', () => {
  it('the same input gives the same output, and inputs are left as they were (fast-check seed 9005)', () => {
    fc.assert(
      fc.property(symptomInput, diagnosisInput, prescriptionInput, exercisesInput, (s, d, p, e) => {
        const snapshot = JSON.stringify([s, d, p, e]);
        const build = () => [
          consultationRequest(toSymptomForm(s, TODAY)!, requestContext()),
          diagnosisCondition(toDiagnosisForm(d, TODAY)!, answerContext()),
          prescriptionRequest(toPrescriptionForm(p)!, answerContext()),
          exercisePlan(toExercisesForm(e)!, answerContext()),
        ];
        expect(JSON.stringify(build())).to.equal(JSON.stringify(build()));
        expect(JSON.stringify([s, d, p, e])).to.equal(snapshot);
      }),
      { seed: 9005, numRuns: 100 },
    );
  });

  it('the time is an argument: another now changes the times and nothing else', () => {
    const form = firstSymptomForm();
    const a = JSON.stringify(consultationRequest(form, requestContext()));
    const later = new Date(NOW.getTime() + 60_000);
    const b = JSON.stringify(consultationRequest(form, requestContext({ now: later })));
    expect(b.replaceAll(later.toISOString(), NOW.toISOString())).to.equal(a);
  });

  it('refuses a context it cannot write: a bad requestId, a key that is not hex, a time outside 0001..9999', () => {
    const form = firstSymptomForm();
    expect(() => consultationRequest(form, requestContext({ requestId: 'not-a-uuid' }))).to.throw(RangeError, /requestId/);
    expect(() => consultationRequest(form, requestContext({ doctor: { ...requestContext().doctor, signingKey: 'xyz' } }))).to.throw(RangeError, /doctor keys/);
    expect(() => consultationRequest(form, requestContext({ now: new Date('+010000-01-01T00:00:00Z') }))).to.throw(RangeError, /0001 to 9999/);
    expect(() => diagnosisCondition(toDiagnosisForm({ condition: { text: 'x' }, clinicalStatus: 'active' }, TODAY)!, answerContext({ author: answerContext().subject as never }))).to.throw(RangeError, /ctx.author/);
  });

  it('refuses a form its rules refuse, even when handed over without toXForm', () => {
    const form = { ...firstSymptomForm(), severity: 'awful' as never };
    expect(() => consultationRequest(form, requestContext())).to.throw(RangeError, /severity/);
    expect(() => prescriptionRequest({ ...toPrescriptionForm({ medication: { text: 'x' }, doseAmount: 1, doseUnit: 'mg', route: '26643006', timesPerPeriod: 1, periodUnit: 'd', durationDays: 1 })!, doseUnit: 'kg' }, answerContext())).to.throw(RangeError, /doseUnit/);
  });
});

// Keep the resource types in use for the compiler (they document what each builder returns).
export type _Built = [Bundle, Condition, MedicationRequest, CarePlan];
