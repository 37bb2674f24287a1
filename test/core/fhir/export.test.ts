// FHIR export (issue 9, item 4): the patient's records as an IPS-shaped document Bundle. Checked by
// the independent validator of the tests (test/app/_fhir-validator.ts: every R4 definition and the
// R4 terminology, untrimmed), by the IPS rules the export promises (read from the IG, see
// web/core/fhir/_ips.ts), and by a round trip through the import on generated records.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Bundle, CarePlan, Composition, Condition, MedicationRequest, Observation, Patient, Reference, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { ipsDocument, readFhirImport } from '../../../web/core/fhir/index.ts';
import { errorsOf, fhirIssues } from '../../app/_fhir-validator.ts';

const KEY = 'urn:medtangle:key:x25519';
const HEX = 'a1'.repeat(32);
const SELF: Reference<Patient> = { type: 'Patient', identifier: { system: KEY, value: HEX } };
const REQUEST_ID = '6b1f4a52-3f0e-4c59-9d1a-3c8a0f7e2b11';
const REQUEST: Reference<ServiceRequest> = { type: 'ServiceRequest', identifier: { system: 'urn:medtangle:request', value: REQUEST_ID } };
const NOW = '2026-12-04T12:00:00.000Z';
const PATIENT = { familyName: 'Шевченко', givenName: 'Олена', birthDate: '1990-02-03', x25519: HEX };

/** Sequential UUIDs v4 (deterministic, distinct): the test's stand-in for crypto.randomUUID. */
function uuids(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

const condition = (text: string): Condition => ({
  resourceType: 'Condition',
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { text },
  subject: SELF,
  evidence: [{ detail: [REQUEST] }],
  note: [{ text }],
});
const prescription = (text: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: { text },
  subject: SELF,
  basedOn: [REQUEST],
  dosageInstruction: [{ text: '1 tablet, 3 times a day, for 7 days', timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', boundsDuration: { value: 7, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } } } }],
});
const exercises = (text: string): CarePlan => ({
  resourceType: 'CarePlan',
  status: 'active',
  intent: 'plan',
  title: text,
  subject: SELF,
  supportingInfo: [REQUEST],
  contained: [{ resourceType: 'ServiceRequest', id: 'ex1', status: 'active', intent: 'order', code: { text }, subject: SELF, basedOn: [REQUEST] }],
  activity: [{ reference: { reference: '#ex1' } }],
});
const symptom = (text: string): Observation => ({ resourceType: 'Observation', status: 'final', code: { text }, subject: SELF, valueString: text, effectiveDateTime: NOW });

async function validatorErrors(r: Resource): Promise<string[]> {
  return errorsOf(await fhirIssues(r));
}

describe('FHIR export: an IPS document Bundle', function () {
  // The validator's first call fetches and indexes about 45 MB of definitions.
  this.timeout(300_000);

  const records: Resource[] = [condition('Migraine'), prescription('Ibuprofen 400 mg'), exercises('Neck stretches'), symptom('Headache')];

  it('passes the R4 validator, the Bundle and each resource', async () => {
    const doc = ipsDocument({ patient: PATIENT, records, now: NOW, newUuid: uuids() });
    expect(await validatorErrors(doc)).to.deep.equal([]);
    for (const e of doc.entry ?? []) expect(await validatorErrors(e.resource as Resource), e.resource?.resourceType).to.deep.equal([]);
  });

  it('has the shape of an IPS: Composition first, then Patient, urn:uuid fullUrls, the required sections', () => {
    const doc = ipsDocument({ patient: PATIENT, records, now: NOW, newUuid: uuids() });
    expect(doc.type).to.equal('document');
    expect(doc.timestamp).to.equal(NOW);
    expect(doc.identifier?.system && doc.identifier.value).to.match(/^urn:uuid:/);
    const entries = doc.entry ?? [];
    expect(entries.map((e) => e.resource?.resourceType)).to.deep.equal(['Composition', 'Patient', 'Condition', 'MedicationRequest', 'CarePlan', 'Observation']);
    for (const e of entries) expect(e.fullUrl).to.match(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(entries.map((e) => e.fullUrl)).size).to.equal(entries.length);

    const composition = entries[0].resource as Composition;
    const patientUrl = entries[1].fullUrl;
    expect(composition.type.coding).to.deep.equal([{ system: 'http://loinc.org', code: '60591-5', display: 'Patient summary Document' }]);
    expect(composition.subject).to.deep.equal({ reference: patientUrl });
    expect(composition.author).to.deep.equal([{ reference: patientUrl }]);
    expect(composition.date).to.equal(NOW);
    const patient = entries[1].resource as Patient;
    expect(patient.identifier).to.deep.equal([{ system: KEY, value: HEX }]);
    expect(patient.name).to.deep.equal([{ family: 'Шевченко', given: ['Олена'] }]);
    expect(patient.birthDate).to.equal('1990-02-03');

    const codes = (composition.section ?? []).map((s) => s.code?.coding?.[0].code);
    expect(codes).to.deep.equal(['11450-4', '10160-0', '48765-2', '10164-2', '18776-5']);
    const urlOf = (type: string) => entries.find((e) => e.resource?.resourceType === type)?.fullUrl;
    const section = (code: string) => (composition.section ?? []).find((s) => s.code?.coding?.[0].code === code)!;
    expect(section('11450-4').entry).to.deep.equal([{ reference: urlOf('Condition') }]);
    expect(section('10160-0').entry).to.deep.equal([{ reference: urlOf('MedicationRequest') }]);
    expect(section('18776-5').entry).to.deep.equal([{ reference: urlOf('CarePlan') }]);
    expect(section('10164-2').entry).to.deep.equal([{ reference: urlOf('Observation') }]);
    // Allergies: required, none recorded: no entry, an emptyReason (IPS 2.0 ips-comp-1), and a narrative.
    const allergies = section('48765-2');
    expect(allergies.entry).to.equal(undefined);
    expect(allergies.emptyReason?.coding?.[0]).to.deep.include({ system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'notasked' });
    for (const s of composition.section ?? []) expect(s.text?.status, s.title).to.equal('generated');
    // Every record names the patient by the Patient entry, beside the key identifier it had.
    for (const e of entries.slice(2)) expect((e.resource as Condition).subject, e.resource?.resourceType).to.deep.equal({ ...SELF, reference: patientUrl });
  });

  it('with no records at all: the three required sections, each with an emptyReason, still valid', async () => {
    const doc = ipsDocument({ patient: PATIENT, records: [], now: NOW, newUuid: uuids() });
    const composition = doc.entry![0].resource as Composition;
    expect((composition.section ?? []).map((s) => [s.code?.coding?.[0].code, s.emptyReason?.coding?.[0].code])).to.deep.equal([
      ['11450-4', 'notasked'],
      ['10160-0', 'notasked'],
      ['48765-2', 'notasked'],
    ]);
    expect(await validatorErrors(doc)).to.deep.equal([]);
  });

  it('flattens a consultation request (a collection Bundle): its Patient becomes the document Patient', async () => {
    const request: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111', resource: { resourceType: 'Patient', name: [{ family: 'Шевченко' }], birthDate: '1990-02-03' } },
        {
          fullUrl: 'urn:uuid:22222222-2222-4222-8222-222222222222',
          resource: { resourceType: 'QuestionnaireResponse', status: 'completed', subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' }, item: [{ linkId: 'text', answer: [{ valueString: 'Pain' }] }] },
        },
        {
          fullUrl: 'urn:uuid:33333333-3333-4333-8333-333333333333',
          resource: { ...symptom('Headache'), subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' }, derivedFrom: [{ reference: 'urn:uuid:22222222-2222-4222-8222-222222222222' }] },
        },
        {
          fullUrl: 'urn:uuid:44444444-4444-4444-8444-444444444444',
          resource: {
            resourceType: 'ServiceRequest',
            identifier: [{ system: 'urn:medtangle:request', value: REQUEST_ID }],
            status: 'active',
            intent: 'order',
            subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' },
            supportingInfo: [{ reference: 'urn:uuid:33333333-3333-4333-8333-333333333333' }],
          },
        },
      ],
    };
    const doc = ipsDocument({ patient: PATIENT, records: [request, condition('Migraine')], now: NOW, newUuid: uuids() });
    expect(await validatorErrors(doc)).to.deep.equal([]);
    const entries = doc.entry ?? [];
    expect(entries.map((e) => e.resource?.resourceType)).to.deep.equal(['Composition', 'Patient', 'QuestionnaireResponse', 'Observation', 'ServiceRequest', 'Condition']);
    const patientUrl = entries[1].fullUrl;
    // The collection's urn:uuids stay, so references between its entries still resolve in the document.
    expect(entries.slice(2, 5).map((e) => e.fullUrl)).to.deep.equal([
      'urn:uuid:22222222-2222-4222-8222-222222222222',
      'urn:uuid:33333333-3333-4333-8333-333333333333',
      'urn:uuid:44444444-4444-4444-8444-444444444444',
    ]);
    expect((entries[3].resource as Observation).derivedFrom).to.deep.equal([{ reference: 'urn:uuid:22222222-2222-4222-8222-222222222222' }]);
    // And every reference of the document resolves to one of its entries.
    const urls = new Set(entries.map((e) => e.fullUrl));
    const refs: string[] = [];
    JSON.stringify(doc, (k, v) => (k === 'reference' && typeof v === 'string' && !v.startsWith('#') && refs.push(v), v));
    for (const r of refs) expect(urls.has(r), r).to.equal(true);
    for (const e of entries.slice(2)) expect((e.resource as Observation).subject?.reference ?? patientUrl).to.equal(patientUrl);
    // The record given in the input is left as it was (pure).
    expect((request.entry![2].resource as Observation).subject).to.deep.equal({ reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' });
  });

  it('is pure: the same input gives the same document; a UUID source that lies is refused', () => {
    const a = ipsDocument({ patient: PATIENT, records, now: NOW, newUuid: uuids() });
    const b = ipsDocument({ patient: PATIENT, records, now: NOW, newUuid: uuids() });
    expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
    expect(() => ipsDocument({ patient: PATIENT, records, now: NOW, newUuid: () => 'not-a-uuid' })).to.throw(RangeError);
  });

  it('keeps <script> and <img onerror> as text: escaped in the XHTML narrative, exact in the records', () => {
    const payloads = ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">', "a & b < c > d ' e"];
    const doc = ipsDocument({ patient: { ...PATIENT, givenName: payloads[0] }, records: payloads.map(condition), now: NOW, newUuid: uuids() });
    const composition = doc.entry![0].resource as Composition;
    const div = composition.section![0].text!.div;
    // Parsed as XML (as a FHIR narrative is), the div holds list items whose text is the payloads, and no other element.
    const xml = new DOMParser().parseFromString(div, 'application/xml');
    expect(xml.getElementsByTagName('parsererror').length).to.equal(0);
    expect([...xml.getElementsByTagName('li')].map((li) => li.textContent)).to.deep.equal(payloads);
    expect([...xml.getElementsByTagName('*')].map((e) => e.localName)).to.deep.equal(['div', 'ul', 'li', 'li', 'li']);
    expect(doc.entry!.slice(2).map((e) => (e.resource as Condition).code?.text)).to.deep.equal(payloads);
    expect((doc.entry![1].resource as Patient).name?.[0].given).to.deep.equal([payloads[0]]);
  });
});

describe('FHIR export and import: a round trip', function () {
  this.timeout(600_000);

  // Free text from the forms: words, Cyrillic, markup that must stay text.
  const text = fc
    .array(fc.oneof(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('Головний біль', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'a & b', '"quoted"', "it's")), {
      minLength: 1,
      maxLength: 4,
    })
    .map((w) => w.join(' '));
  const record: fc.Arbitrary<Resource> = fc.oneof(text.map(condition), text.map(prescription), text.map(exercises), text.map(symptom));

  it('the export of generated records passes the validator, and imports back to the same records (fast-check seed 4242)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 0, maxLength: 6 }), async (records) => {
        const doc = ipsDocument({ patient: PATIENT, records, now: NOW, newUuid: uuids() });
        expect(await validatorErrors(doc)).to.deep.equal([]);
        const back = readFhirImport(JSON.stringify(doc));
        if (!back.ok) throw new Error(JSON.stringify(back.errors));
        expect(back.resources).to.deep.equal(records);
        expect(back.summary.patients).to.deep.equal([{ name: 'Олена Шевченко', birthDate: '1990-02-03', identifier: [{ system: KEY, value: HEX }] }]);
        runs++;
      }),
      { seed: 4242, numRuns: 25 },
    );
    expect(runs).to.equal(25);
  });
});
