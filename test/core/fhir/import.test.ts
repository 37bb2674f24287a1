// FHIR import (issue 9, item 4): the official IPS example Bundle imports; the same Bundle with one
// fault is refused with the resource, the path and the rule named; hostile input never throws.
// The vector is the HL7 SMART Health Links IG's IPS example (test/vectors/ips-example.json, with
// its source and sha256); every fault below is made on a copy of it.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Bundle, Condition, Reference, Resource } from '@medplum/fhirtypes';
import {
  IMPORT_RULES,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_DEPTH,
  MAX_IMPORT_ENTRIES,
  MAX_IMPORT_ERRORS,
  type ImportError,
  type ImportResult,
  readFhirImport,
} from '../../../web/core/fhir/index.ts';

interface Vector {
  sha256: string;
  bytes: number;
  text: string;
}

let vector: Vector;
let ips: Bundle;

const copy = (): Bundle => JSON.parse(vector.text) as Bundle;
const errorsOf = (r: ImportResult): ImportError[] => {
  if (r.ok) throw new Error('expected the import to be refused');
  return r.errors;
};

async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('FHIR import: the IPS example', function () {
  this.timeout(60_000);

  before(async () => {
    vector = (await (await fetch(new URL('../../vectors/ips-example.json', import.meta.url))).json()) as Vector;
    ips = copy();
  });

  it('is the official file (sha256 and length of the vector)', async () => {
    expect(await sha256Hex(vector.text)).to.equal(vector.sha256);
    expect(new TextEncoder().encode(vector.text).length).to.equal(vector.bytes);
  });

  it('imports: every entry but the Composition and the Patient becomes a record, in order', () => {
    const r = readFhirImport(vector.text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
    const expected = (ips.entry ?? []).map((e) => e.resource as Resource).filter((x) => x.resourceType !== 'Composition' && x.resourceType !== 'Patient');
    expect(expected.length).to.equal(18);
    expect(r.resources.map((x) => `${x.resourceType}/${x.id}`)).to.deep.equal(expected.map((x) => `${x.resourceType}/${x.id}`));
    expect(r.summary.kind).to.equal('Bundle/document');
    expect(r.summary.counts).to.deep.equal({ Practitioner: 1, Organization: 2, Condition: 2, MedicationStatement: 2, Medication: 2, AllergyIntolerance: 2, Observation: 7 });
    expect(r.summary.patients.map((p) => [p.name, p.birthDate])).to.deep.equal([['Martha DeLarosa', '1972-05-01']]);
    expect(r.summary.composition).to.deep.equal({ title: 'Patient Summary as of December 11, 2017 14:30', date: '2017-12-11T14:30:00+01:00' });
  });

  it("drops the references to the file's Patient, which resolve only inside the file; keeps every other element", () => {
    const r = readFhirImport(vector.text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const original = (ips.entry ?? []).find((e) => e.resource?.id === 'c64139e7-f02d-409c-bf34-75e8bf23bc80')?.resource as Condition;
    const imported = r.resources.find((x) => x.id === original.id) as Condition;
    expect(original.subject).to.deep.equal({ reference: 'Patient/2b90dd2b-2dab-4c75-9bb9-a355e07401e8' });
    // The file's Patient has no key identifier of this app: the reference keeps the name.
    expect(imported.subject).to.deep.equal({ type: 'Patient', display: 'Martha DeLarosa' });
    const { subject: _a, ...restImported } = imported;
    const { subject: _b, ...restOriginal } = original;
    expect(restImported).to.deep.equal(restOriginal);
    // Given the importing identity's own reference, that one is used.
    const self: Reference = { type: 'Patient', identifier: { system: 'urn:medtangle:key:x25519', value: 'ab'.repeat(32) } };
    const mine = readFhirImport(vector.text, self);
    expect(mine.ok && (mine.resources.find((x) => x.id === original.id) as Condition).subject).to.deep.equal(self);
  });
});

describe('FHIR import: one fault, named by resource, path and rule', function () {
  this.timeout(60_000);

  before(async () => {
    vector ??= (await (await fetch(new URL('../../vectors/ips-example.json', import.meta.url))).json()) as Vector;
  });

  it('a required element removed: Condition.subject (1..1 in R4) of entry 4', () => {
    const b = copy();
    const condition = b.entry![4].resource as Condition;
    expect(condition.resourceType).to.equal('Condition');
    delete (condition as Partial<Condition>).subject;
    expect(errorsOf(readFhirImport(JSON.stringify(b)))).to.deep.equal([
      { resource: 'Bundle.entry[4] (Condition)', path: 'Condition.subject', rule: 'required', detail: 'Missing required property' },
    ]);
  });

  it('a wrong primitive type: MedicationStatement.status a number', () => {
    const b = copy();
    (b.entry![5].resource as unknown as Record<string, unknown>).status = 5;
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    expect(errors.map((e) => [e.resource, e.path, e.rule])).to.deep.equal([['Bundle.entry[5] (MedicationStatement)', 'MedicationStatement.status', 'type']]);
  });

  it('a wrong complex type: Medication.code a string, said once (not once per character)', () => {
    const b = copy();
    (b.entry![7].resource as unknown as Record<string, unknown>).code = 'x'.repeat(10_000);
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    expect(errors.map((e) => [e.resource, e.path, e.rule])).to.deep.equal([['Bundle.entry[7] (Medication)', 'Medication.code', 'type']]);
  });

  it('an unknown resource type: entry 7 a "Medicament"', () => {
    const b = copy();
    (b.entry![7].resource as unknown as Record<string, unknown>).resourceType = 'Medicament';
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    expect(errors.map((e) => [e.resource, e.path, e.rule])).to.deep.equal([['Bundle.entry[7] (Medicament)', 'Medicament', 'unknown-resource-type']]);
  });

  it('an R4 type the app does not import: entry 7 an Account', () => {
    const b = copy();
    b.entry![7].resource = { resourceType: 'Account', status: 'active' };
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    expect(errors.map((e) => [e.resource, e.path, e.rule])).to.deep.equal([['Bundle.entry[7] (Account)', 'Account', 'unsupported-resource-type']]);
  });

  it('an element R4 does not define, and one named like a property of every JS object', () => {
    const b = copy();
    (b.entry![4].resource as unknown as Record<string, unknown>).severity_text = 'x';
    (b.entry![10].resource as unknown as Record<string, unknown>)['constructor'] = 'x';
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    expect(errors.map((e) => [e.resource, e.path, e.rule]).sort()).to.deep.equal([
      ['Bundle.entry[10] (Condition)', 'Condition.constructor', 'unknown-element'],
      ['Bundle.entry[4] (Condition)', 'Condition.severity_text', 'unknown-element'],
    ]);
  });

  it('a code outside its required value set: AllergyIntolerance.clinicalStatus', () => {
    const b = copy();
    const allergy = b.entry![9].resource as unknown as { clinicalStatus: { coding: { code: string }[] } };
    allergy.clinicalStatus.coding[0].code = 'sometimes';
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    expect(errors.map((e) => [e.resource, e.path, e.rule])).to.deep.equal([['Bundle.entry[9] (AllergyIntolerance)', 'AllergyIntolerance.clinicalStatus', 'code']]);
  });

  it('a malformed date, a cardinality fault, a broken invariant', () => {
    const b = copy();
    (b.entry![4].resource as Condition).onsetDateTime = '2017-13-40';
    (b.entry![4].resource as unknown as Record<string, unknown>).code = [{ text: 'a' }];
    b.entry![1].fullUrl = b.entry![2].fullUrl; // bdl-7: fullUrl unique
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    const got = errors.map((e) => [e.resource, e.path, e.rule]);
    expect(got).to.deep.include(['Bundle.entry[4] (Condition)', 'Condition.onset[x]', 'format']);
    expect(got).to.deep.include(['Bundle.entry[4] (Condition)', 'Condition.code', 'cardinality']);
    expect(got.length).to.equal(3);
    expect(got).to.deep.include(['Bundle', 'Bundle', 'invariant']);
    expect(errors.find((e) => e.rule === 'invariant')!.detail).to.match(/^Constraint bdl-7 not met/);
  });

  it('a Bundle of a type other than document or collection', () => {
    const b = copy();
    b.type = 'transaction';
    const errors = errorsOf(readFhirImport(JSON.stringify(b)));
    expect(errors.map((e) => [e.resource, e.path, e.rule])).to.deep.include(['Bundle', 'Bundle.type', 'bundle-type']);
  });
});

describe('FHIR import: bounds and hostile input', function () {
  this.timeout(120_000);

  it('refuses text that is not JSON, JSON that is not a resource, and says which', () => {
    expect(errorsOf(readFhirImport('{"resourceType":')).map((e) => e.rule)).to.deep.equal(['json']);
    expect(errorsOf(readFhirImport('')).map((e) => e.rule)).to.deep.equal(['json']);
    for (const t of ['null', '[]', '3', '"Bundle"', '{}', '{"resourceType":3}']) expect(errorsOf(readFhirImport(t)).map((e) => e.rule), t).to.deep.equal(['not-a-resource']);
  });

  it(`refuses more than ${MAX_IMPORT_BYTES} bytes of UTF-8, counting multi-byte characters`, () => {
    // Notes of at most 1 MB each (the R4 cap of a string), the last one making up the total.
    const make = (lens: number[], c: string) =>
      JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, note: lens.map((n) => ({ text: c.repeat(n) })) });
    const base = make([0, 0, 0, 0, 0], 'a').length;
    const exact = make([1e6, 1e6, 1e6, 1e6, MAX_IMPORT_BYTES - base - 4e6], 'a');
    expect(exact.length).to.equal(MAX_IMPORT_BYTES);
    const r = readFhirImport(exact);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(errorsOf(readFhirImport(make([1e6, 1e6, 1e6, 1e6, MAX_IMPORT_BYTES - base - 4e6 + 1], 'a'))).map((e) => e.rule)).to.deep.equal(['too-large']);
    // 'é' is 2 bytes of UTF-8: fewer characters than the cap, more bytes.
    const baseE = make([0, 0, 0], 'é').length;
    const e = make([1e6, 1e6, Math.ceil((MAX_IMPORT_BYTES + 1 - baseE) / 2) - 2e6], 'é');
    expect(e.length).to.be.lessThan(MAX_IMPORT_BYTES);
    expect(errorsOf(readFhirImport(e)).map((x) => x.rule)).to.deep.equal(['too-large']);
  });

  it(`refuses JSON nested deeper than ${MAX_IMPORT_DEPTH}, even 100,000 deep, without a stack overflow`, () => {
    const nested = (n: number) => '{"resourceType":"Observation","extension":' + '['.repeat(n) + ']'.repeat(n) + '}';
    expect(errorsOf(readFhirImport(nested(MAX_IMPORT_DEPTH))).map((e) => e.rule)).to.deep.equal(['too-deep']);
    expect(errorsOf(readFhirImport(nested(100_000))).map((e) => e.rule)).to.satisfy((r: string[]) => r.length === 1 && (r[0] === 'too-deep' || r[0] === 'json'));
  });

  it(`refuses more than ${MAX_IMPORT_ENTRIES} entries`, () => {
    const obs = { resourceType: 'Observation', status: 'final', code: { text: 'x' } };
    const bundle = (n: number) => JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: Array.from({ length: n }, () => ({ resource: obs })) });
    const ok = readFhirImport(bundle(MAX_IMPORT_ENTRIES));
    expect(ok.ok && ok.resources.length).to.equal(MAX_IMPORT_ENTRIES);
    expect(errorsOf(readFhirImport(bundle(MAX_IMPORT_ENTRIES + 1))).map((e) => e.rule)).to.deep.equal(['too-many-entries']);
  });

  it(`lists at most ${MAX_IMPORT_ERRORS} errors, then says how many more`, () => {
    const bad = { resourceType: 'Observation', code: { text: 'x' } }; // status missing
    const text = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: Array.from({ length: 300 }, () => ({ resource: bad })) });
    const errors = errorsOf(readFhirImport(text));
    expect(errors.length).to.equal(MAX_IMPORT_ERRORS + 1);
    expect(errors[MAX_IMPORT_ERRORS]).to.deep.include({ rule: 'too-many-errors', detail: '200 more errors are not listed' });
  });

  it('never throws on arbitrary JSON text, and every error has a known rule (fast-check seed 9041)', () => {
    const rules = new Set<string>(IMPORT_RULES);
    const check = (text: string) => {
      const r = readFhirImport(text);
      if (!r.ok) {
        expect(r.errors.length).to.be.greaterThan(0);
        for (const e of r.errors) {
          expect(rules.has(e.rule), e.rule).to.equal(true);
          expect(typeof e.resource === 'string' && typeof e.path === 'string' && typeof e.detail === 'string').to.equal(true);
        }
      }
    };
    fc.assert(fc.property(fc.json({ maxDepth: 6 }), check), { seed: 9041, numRuns: 300 });
    // Resource-shaped objects: a known type with random properties, which reach the validator.
    const types = ['Bundle', 'Condition', 'Observation', 'CarePlan', 'Patient', 'Composition', 'Foo', 'constructor', '__proto__', 'toString'];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('status', 'code', 'entry', 'subject', 'contained', '__proto__', 'constructor', 'type')), fc.jsonValue({ maxDepth: 4 })), (type, props) =>
        check(JSON.stringify({ ...props, resourceType: type })),
      ),
      { seed: 9042, numRuns: 300 },
    );
  });

  it('never throws on the IPS example with a random value put at a random place (fast-check seed 9043)', async () => {
    vector ??= (await (await fetch(new URL('../../vectors/ips-example.json', import.meta.url))).json()) as Vector;
    const rules = new Set<string>(IMPORT_RULES);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), (steps, key, value) => {
        const b = copy() as unknown as Record<string, unknown>;
        let at: Record<string, unknown> = b;
        for (const s of steps) {
          const keys = Object.keys(at);
          const next = at[keys[s % keys.length]];
          if (typeof next !== 'object' || next === null) break;
          at = next as Record<string, unknown>;
        }
        const keys = Object.keys(at);
        at[key === '' ? keys[steps[0] % keys.length] : key] = value;
        const r = readFhirImport(JSON.stringify(b));
        if (!r.ok) for (const e of r.errors) expect(rules.has(e.rule), e.rule).to.equal(true);
      }),
      { seed: 9043, numRuns: 200 },
    );
  });
});

describe('FHIR import: free text stays text', () => {
  it('keeps <script> and <img onerror> as the exact strings typed, in every free-text element', () => {
    const payloads = ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '"><svg onload=alert(1)>'];
    for (const p of payloads) {
      const condition = { resourceType: 'Condition', subject: { display: p }, code: { text: p }, note: [{ text: p }] };
      const r = readFhirImport(JSON.stringify(condition));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(r.resources).to.deep.equal([condition]);
    }
  });
});
