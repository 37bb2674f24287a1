// A grant as a FHIR R4 Consent (issue 10 "Consent", "Revocation"): valid R4 under the independent
// validator of test/app/_fhir-validator.ts, required bindings included; exact round trips through the
// record layer's JSON and UTF-8, data keys included; readers that never throw and refuse any damage;
// and withoutKeys, which leaves no data key anywhere in the resource.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Consent } from '@medplum/fhirtypes';
import { errorsOf, fhirIssues } from '../../app/_fhir-validator.ts';
import { consentResource, parsePlace, placeString, readConsent, withoutKeys, type Grant } from '../../../web/core/consent/index.ts';
import { XSS, base64, copy, grant, hex, roundTrip } from './_gen.ts';

async function errors(r: Consent): Promise<string[]> {
  return errorsOf(await fhirIssues(r));
}

const T0 = Date.parse('2026-05-03T14:02:00.000Z');
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const RECORDS_GRANT: Grant = {
  id: '0123456789abcdef0123456789abcdef',
  patient: { key: 'a'.repeat(64), name: 'Олена Шевченко' },
  doctor: { key: 'b'.repeat(64), name: 'Іван Коваль' },
  scope: {
    kind: 'records',
    records: [
      { place: { tag: '1'.repeat(64), hash: '2'.repeat(64) }, label: 'Prescription, 3 May 2026', kind: 'MedicationRequest', date: T0 - 86_400_000, dataKey: KEY },
      { place: { tag: '3'.repeat(64), hash: '4'.repeat(64) }, label: XSS, kind: 'Condition', date: T0 - 1 },
    ],
  },
  until: T0 + 30 * 86_400_000,
  at: T0,
  status: 'active',
};
const STREAM_GRANT: Grant = { ...RECORDS_GRANT, id: 'fedcba9876543210fedcba9876543210', scope: { kind: 'from-now-on', start: T0 } };

describe('record places', () => {
  it('placeString joins tag and hash; parsePlace reads exactly that and nothing looser', () => {
    const p = { tag: 'ab'.repeat(32), hash: 'cd'.repeat(32) };
    expect(placeString(p)).to.equal(`${'ab'.repeat(32)}.${'cd'.repeat(32)}`);
    expect(parsePlace(placeString(p))).to.deep.equal(p);
    for (const bad of [
      `${'AB'.repeat(32)}.${'cd'.repeat(32)}`,
      `${'ab'.repeat(32)}:${'cd'.repeat(32)}`,
      `${'ab'.repeat(32)}.${'cd'.repeat(31)}`,
      ` ${'ab'.repeat(32)}.${'cd'.repeat(32)}`,
      `${'ab'.repeat(32)}.${'cd'.repeat(32)}\n`,
      `${'ab'.repeat(32)}.${'cd'.repeat(32)}.${'ef'.repeat(32)}`,
      '',
      42,
      null,
    ]) {
      expect(parsePlace(bad), String(bad)).to.equal(null);
    }
    expect(() => placeString({ tag: 'x', hash: 'cd'.repeat(32) })).to.throw(RangeError);
  });
});

describe('consentResource: the codes of R4', () => {
  // Each expected value is written from the R4 pages (consent.html and the value sets it binds), not
  // from the builder.
  it('a grant of chosen records: privacy scope, LOINC category, opt-in, permit until, the doctor as recipient, each record by place with its key', () => {
    const c = consentResource(RECORDS_GRANT);
    expect(c.resourceType).to.equal('Consent');
    expect(c.status).to.equal('active');
    expect(c.identifier).to.deep.equal([{ system: 'urn:medtangle:consent', value: RECORDS_GRANT.id }]);
    expect(c.scope!.coding![0]).to.include({ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' });
    expect(c.category![0].coding![0]).to.include({ system: 'http://loinc.org', code: '59284-0' });
    expect(c.policyRule!.coding![0]).to.include({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' });
    expect(c.patient).to.deep.equal({ type: 'Patient', identifier: { system: 'urn:medtangle:key:x25519', value: 'a'.repeat(64) }, display: 'Олена Шевченко' });
    expect(c.dateTime).to.equal('2026-05-03T14:02:00.000Z');
    const p = c.provision!;
    expect(p.type).to.equal('permit');
    expect(p.period).to.deep.equal({ end: '2026-06-02T14:02:00.000Z' });
    expect(p.actor).to.have.length(1);
    expect(p.actor![0].role.coding![0]).to.include({ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' });
    expect(p.actor![0].reference).to.deep.equal({ type: 'Practitioner', identifier: { system: 'urn:medtangle:key:x25519', value: 'b'.repeat(64) }, display: 'Іван Коваль' });
    expect(p.dataPeriod).to.equal(undefined);
    expect(p.data!.map((d) => d.meaning)).to.deep.equal(['instance', 'instance']);
    expect(p.data![0].reference.identifier).to.deep.equal({ system: 'urn:medtangle:record', value: `${'1'.repeat(64)}.${'2'.repeat(64)}` });
    expect(p.data![0].reference.display).to.equal('Prescription, 3 May 2026');
    expect(p.data![0].extension!.find((e) => e.url === 'urn:medtangle:data-key')!.valueBase64Binary).to.equal(base64(KEY));
    expect(p.data![1].extension!.some((e) => e.url === 'urn:medtangle:data-key')).to.equal(false);
  });

  it('a grant from now on: dataPeriod.start and no data; a revocation: the same identifier, status inactive', () => {
    const c = consentResource(STREAM_GRANT);
    expect(c.provision!.dataPeriod).to.deep.equal({ start: '2026-05-03T14:02:00.000Z' });
    expect(c.provision!.data).to.equal(undefined);
    const revoked = consentResource({ ...STREAM_GRANT, status: 'revoked', at: T0 + 1000 });
    expect(revoked.status).to.equal('inactive');
    expect(revoked.identifier).to.deep.equal(c.identifier);
  });

  it('refuses what it cannot write exactly, naming the field', () => {
    const bad: [string, unknown][] = [
      ['grant.id', { ...RECORDS_GRANT, id: 'ABCDEF'.padEnd(32, '0') }],
      ['grant.status', { ...RECORDS_GRANT, status: 'inactive' }],
      ['grant.patient.key', { ...RECORDS_GRANT, patient: { key: 'a'.repeat(63), name: '' } }],
      ['grant.doctor.name', { ...RECORDS_GRANT, doctor: { key: 'b'.repeat(64), name: 'a\u0007b' } }],
      ['grant.scope.records must list', { ...RECORDS_GRANT, scope: { kind: 'records', records: [] } }],
      ['dataKey must be 32 bytes', { ...RECORDS_GRANT, scope: { kind: 'records', records: [{ ...RECORDS_GRANT.scope.kind === 'records' && RECORDS_GRANT.scope.records[0], dataKey: new Uint8Array(31) }] } }],
      ['label', { ...RECORDS_GRANT, scope: { kind: 'records', records: [{ place: { tag: '1'.repeat(64), hash: '2'.repeat(64) }, label: '\uD800x', kind: 'x', date: T0 }] } }],
      ['grant.until', { ...RECORDS_GRANT, until: 253402300800000 }],
      ['grant.at', { ...RECORDS_GRANT, at: 1.5 }],
      ['grant.scope.start', { ...STREAM_GRANT, scope: { kind: 'from-now-on', start: NaN } }],
    ];
    for (const [what, g] of bad) expect(() => consentResource(g as Grant), what).to.throw(RangeError, what);
  });
});

describe('consentResource and readConsent: round trips (fast-check)', () => {
  it('readConsent gives back exactly the grant, data key bytes included, after the record layer round trip (seed 10101)', () => {
    fc.assert(
      fc.property(grant, (g) => {
        const back = readConsent(roundTrip(consentResource(g)));
        expect(back).to.deep.equal(g);
        if (g.scope.kind === 'records' && back?.scope.kind === 'records') {
          g.scope.records.forEach((r, i) => expect(back.scope.kind === 'records' && back.scope.records[i].dataKey).to.deep.equal(r.dataKey));
        }
      }),
      { seed: 10101, numRuns: 400 },
    );
  });

  it('readConsent of withoutKeys gives the grant without its keys, and withoutKeys leaves no key in the JSON (seed 10102)', () => {
    fc.assert(
      fc.property(grant, (g) => {
        const c = consentResource(g);
        const before = JSON.stringify(c);
        const stripped = withoutKeys(c);
        expect(JSON.stringify(c), 'withoutKeys must not change its argument').to.equal(before);
        const json = JSON.stringify(stripped);
        expect(json).to.not.include('urn:medtangle:data-key');
        if (g.scope.kind === 'records') {
          for (const r of g.scope.records) {
            if (!r.dataKey) continue;
            expect(before, 'control: the key was there').to.include(base64(r.dataKey));
            expect(json).to.not.include(base64(r.dataKey));
            expect(json).to.not.include(hex(r.dataKey));
          }
        }
        const expected: Grant =
          g.scope.kind === 'records' ? { ...g, scope: { kind: 'records', records: g.scope.records.map(({ dataKey: _, ...r }) => r) } } : g;
        expect(readConsent(roundTrip(stripped))).to.deep.equal(expected);
      }),
      { seed: 10102, numRuns: 300 },
    );
  });
});

describe('readConsent: never throws, refuses what is not ours', () => {
  it('null for arbitrary JSON values (fc.jsonValue, seed 10103) and arbitrary values (fc.anything, seed 10104)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(readConsent(v)).to.equal(null);
      }),
      { seed: 10103, numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true, withObjectString: true }), (v) => {
        expect(readConsent(v)).to.equal(null);
      }),
      { seed: 10104, numRuns: 500 },
    );
    // Shapes near ours: our Consent with arbitrary JSON in some of its elements. Whatever it reads
    // must be exactly what it was given; almost always that is nothing.
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('identifier', 'status', 'patient', 'provision', 'dateTime', 'scope', 'id'), fc.jsonValue(), { minKeys: 1 }), (d) => {
        const v = { ...consentResource(RECORDS_GRANT), ...d };
        const out = readConsent(v);
        if (out !== null) expect(consentResource(out)).to.deep.equal(copy(v));
      }),
      { seed: 10105, numRuns: 300 },
    );
  });

  it('null for our own resource with one field damaged', () => {
    const good = consentResource(RECORDS_GRANT);
    expect(readConsent(copy(good)), 'control: the undamaged resource reads').to.deep.equal(RECORDS_GRANT);
    const damages: [string, (c: any) => void][] = [
      ['wrong identifier system', (c) => (c.identifier[0].system = 'urn:medtangle:request')],
      ['id and identifier differ', (c) => (c.id = 'f'.repeat(32))],
      ['upper-case hex in the id', (c) => (c.identifier[0].value = c.id = RECORDS_GRANT.id.toUpperCase())],
      ['short patient key', (c) => (c.patient.identifier.value = 'a'.repeat(62))],
      ['wrong key system for the doctor', (c) => (c.provision.actor[0].reference.identifier.system = 'urn:medtangle:key:ed25519')],
      ['bad hex in a record place', (c) => (c.provision.data[0].reference.identifier.value = `${'g'.repeat(64)}.${'2'.repeat(64)}`)],
      ['wrong record system', (c) => (c.provision.data[0].reference.identifier.system = 'urn:medtangle:consent')],
      ['a date that does not exist', (c) => (c.provision.period.end = '2026-02-30T00:00:00.000Z')],
      ['a date without milliseconds', (c) => (c.dateTime = '2026-05-03T14:02:00Z')],
      ['a date in another zone', (c) => (c.dateTime = '2026-05-03T16:02:00.000+02:00')],
      ['a record date that is not a date', (c) => (c.provision.data[0].extension.find((e: any) => e.url === 'urn:medtangle:record-date').valueDateTime = 'yesterday')],
      ['missing status', (c) => delete c.status],
      ['status draft', (c) => (c.status = 'draft')],
      ['provision deny', (c) => (c.provision.type = 'deny')],
      ['a second actor', (c) => c.provision.actor.push(c.provision.actor[0])],
      ['a second identifier', (c) => c.identifier.push({ system: 'urn:x', value: '1' })],
      ['scope research', (c) => (c.scope.coding[0].code = 'research')],
      ['an element we never write', (c) => (c.language = 'en')],
      ['a data key of 31 bytes', (c) => (c.provision.data[0].extension.find((e: any) => e.url === 'urn:medtangle:data-key').valueBase64Binary = base64(new Uint8Array(31)))],
      ['a data key not in canonical base64', (c) => (c.provision.data[0].extension.find((e: any) => e.url === 'urn:medtangle:data-key').valueBase64Binary = base64(KEY).replace(/=$/, ''))],
      ['two data-key extensions', (c) => c.provision.data[0].extension.push({ url: 'urn:medtangle:data-key', valueBase64Binary: base64(KEY) })],
      ['data and dataPeriod both', (c) => (c.provision.dataPeriod = { start: '2026-05-03T14:02:00.000Z' })],
      ['no data nor dataPeriod', (c) => delete c.provision.data],
      ['an empty display', (c) => (c.patient.display = '')],
      ['resourceType Contract', (c) => (c.resourceType = 'Contract')],
    ];
    for (const [what, damage] of damages) {
      const c = copy(good);
      damage(c);
      let out: unknown = 'threw';
      expect(() => (out = readConsent(c)), what).to.not.throw();
      expect(out, what).to.equal(null);
    }
  });
});

describe('consentResource: FHIR R4 validity', function () {
  // The validator's first call fetches and indexes about 45 MB of definitions.
  this.timeout(600_000);

  it('the validator refuses a Consent without scope, with provision.type allow, or without a policy rule (control: it can fail)', async () => {
    const { scope: _, ...noScope } = consentResource(RECORDS_GRANT);
    expect(await errors(noScope as Consent)).to.satisfy((e: string[]) => e.some((x) => x.includes('scope')));
    const wrongType = copy(consentResource(RECORDS_GRANT));
    (wrongType.provision as { type: string }).type = 'allow';
    expect(await errors(wrongType)).to.satisfy((e: string[]) => e.some((x) => x.includes('consent-provision-type')));
    // ppc-1: a policy or a policy rule. (R4's ppc-2, "a privacy consent names its patient", tests the
    // system 'something' and so never fires; the builder writes the patient all the same.)
    const noRule = copy(consentResource(RECORDS_GRANT));
    delete noRule.policyRule;
    expect(await errors(noRule)).to.satisfy((e: string[]) => e.some((x) => x.includes('ppc-1')));
  });

  it('the two fixed grants, their revocations and their keyless copies are valid', async () => {
    for (const g of [RECORDS_GRANT, STREAM_GRANT]) {
      for (const c of [consentResource(g), consentResource({ ...g, status: 'revoked' }), withoutKeys(consentResource(g))]) {
        expect(await errors(c)).to.deep.equal([]);
        expect(await errors(roundTrip(c))).to.deep.equal([]);
      }
    }
  });

  it('every generated grant gives a valid Consent, and so does its keyless copy (seed 10106)', async () => {
    await fc.assert(
      fc.asyncProperty(grant, async (g) => {
        const c = consentResource(g);
        expect(await errors(c)).to.deep.equal([]);
        expect(await errors(withoutKeys(roundTrip(c)))).to.deep.equal([]);
      }),
      { seed: 10106, numRuns: 80 },
    );
  });
});
