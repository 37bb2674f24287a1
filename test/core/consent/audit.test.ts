// Each audited action as a FHIR R4 AuditEvent (issue 10 "The audit log"): codes from the R4 value sets
// for each action, valid R4 under the independent validator of test/app/_fhir-validator.ts, exact round
// trips, and a reader that never throws and refuses any damage.
import { expect } from 'chai';
import fc from 'fast-check';
import type { AuditEvent } from '@medplum/fhirtypes';
import { errorsOf, fhirIssues } from '../../app/_fhir-validator.ts';
import { auditResource, readAudit, type Audit, type AuditAction } from '../../../web/core/consent/index.ts';
import { ACTIONS, XSS, audit, copy, realisticAudit, roundTrip } from './_gen.ts';

async function errors(r: AuditEvent): Promise<string[]> {
  return errorsOf(await fhirIssues(r));
}

const T0 = Date.parse('2026-05-03T14:02:00.000Z');
const PATIENT = { key: 'a'.repeat(64), name: 'Олена Шевченко' };
const DOCTOR = { key: 'b'.repeat(64), name: 'Dr Shevchenko' };
const PLACE = { tag: '1'.repeat(64), hash: '2'.repeat(64) };

function entry(action: AuditAction): Audit {
  const base = { id: '00112233445566778899aabbccddeeff', action, at: T0, patient: PATIENT, records: [{ place: PLACE, label: 'Prescription, 3 May 2026' }] };
  if (action === 'open') return { ...base, by: DOCTOR, counterpart: PATIENT };
  if (action === 'link') return { ...base, by: PATIENT, counterpart: null, until: T0 + 86_400_000 };
  return { ...base, by: PATIENT, counterpart: DOCTOR, grantId: 'ffeeddccbbaa99887766554433221100', until: T0 + 86_400_000 };
}

describe('auditResource: the codes of R4 for each action', () => {
  // Written from the R4 value sets audit-event-type (DICOM 110110 "Patient Record", 110106 "Export"),
  // audit-event-action (C, R, U) and iso-21089-lifecycle, not from the builder.
  const table: [AuditAction, string, 'C' | 'R' | 'U', string | undefined][] = [
    ['grant', '110110', 'C', 'disclose'],
    ['revoke', '110110', 'U', undefined],
    ['share', '110106', 'R', 'disclose'],
    ['link', '110106', 'R', 'disclose'],
    ['open', '110110', 'R', 'access'],
  ];
  for (const [action, type, code, lifecycle] of table) {
    it(`${action}: DICOM ${type}, action ${code}, our own subtype ${action}${lifecycle ? `, records ${lifecycle}` : ''}`, () => {
      const a = entry(action);
      const r = auditResource(a);
      expect(r.type).to.include({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: type });
      expect(r.action).to.equal(code);
      expect(r.subtype![0]).to.deep.equal({ system: 'urn:medtangle:audit', code: action });
      expect(r.recorded).to.equal('2026-05-03T14:02:00.000Z');
      expect(r.outcome).to.equal('0');
      expect(r.agent[0]).to.deep.include({ requestor: true });
      expect(r.agent[0].who!.identifier).to.deep.equal({ system: 'urn:medtangle:key:x25519', value: a.by.key });
      expect(r.agent.length).to.equal(a.counterpart ? 2 : 1);
      if (a.counterpart) expect(r.agent[1]).to.deep.include({ requestor: false });
      expect(r.source.observer.identifier!.value).to.equal(a.by.key);
      const patient = r.entity![0];
      expect(patient.what!.identifier).to.deep.equal({ system: 'urn:medtangle:key:x25519', value: PATIENT.key });
      expect(patient.role).to.include({ system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' });
      const rec = r.entity!.at(-1)!;
      expect(rec.what!.identifier).to.deep.equal({ system: 'urn:medtangle:record', value: `${PLACE.tag}.${PLACE.hash}` });
      expect(rec.name).to.equal('Prescription, 3 May 2026');
      expect(rec.lifecycle?.code).to.equal(lifecycle);
      expect(r.entity!.some((e) => e.what?.identifier?.system === 'urn:medtangle:consent')).to.equal(a.grantId !== undefined);
    });
  }

  it('refuses what it cannot write exactly, naming the field', () => {
    const bad: [string, unknown][] = [
      ['audit.id', { ...entry('open'), id: 'xyz' }],
      ['audit.action', { ...entry('open'), action: 'delete' }],
      ['audit.by.key', { ...entry('open'), by: { key: 'B'.repeat(64), name: '' } }],
      ['audit.counterpart', { ...entry('open'), counterpart: undefined }],
      ['audit.records[0].place', { ...entry('open'), records: [{ place: { tag: '1', hash: '2' }, label: '' }] }],
      ['audit.records[0].label', { ...entry('open'), records: [{ place: PLACE, label: 'a\u0000' }] }],
      ['audit.grantId', { ...entry('grant'), grantId: '' }],
      ['audit.until', { ...entry('grant'), until: -62135596800001 }],
      ['audit.at', { ...entry('grant'), at: Infinity }],
    ];
    for (const [what, a] of bad) expect(() => auditResource(a as Audit), what).to.throw(RangeError, what);
  });
});

describe('auditResource and readAudit: round trips (fast-check)', () => {
  it('readAudit gives back exactly the entry after the record layer round trip (seed 10201)', () => {
    fc.assert(
      fc.property(audit, (a) => {
        expect(readAudit(roundTrip(auditResource(a)))).to.deep.equal(a);
      }),
      { seed: 10201, numRuns: 500 },
    );
  });
});

describe('readAudit: never throws, refuses what is not ours', () => {
  it('null for arbitrary JSON values (seed 10202) and arbitrary values (seed 10203)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(readAudit(v)).to.equal(null);
      }),
      { seed: 10202, numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }), (v) => {
        expect(readAudit(v)).to.equal(null);
      }),
      { seed: 10203, numRuns: 500 },
    );
    // Our AuditEvent with arbitrary JSON in some elements: whatever it reads is exactly what it was given.
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('id', 'type', 'subtype', 'action', 'recorded', 'agent', 'entity', 'extension', 'source'), fc.jsonValue(), { minKeys: 1 }), (d) => {
        const v = { ...auditResource(entry('grant')), ...d };
        const out = readAudit(v);
        if (out !== null) expect(auditResource(out)).to.deep.equal(copy(v));
      }),
      { seed: 10204, numRuns: 300 },
    );
  });

  it('null for our own resource with one field damaged', () => {
    const good = auditResource(entry('grant'));
    expect(readAudit(copy(good)), 'control: the undamaged resource reads').to.deep.equal(entry('grant'));
    const damages: [string, (r: any) => void][] = [
      ['our subtype in another system', (r) => (r.subtype[0].system = 'urn:medtangle:audits')],
      ['an action we do not know', (r) => (r.subtype[0].code = 'delete')],
      ['the subtype says revoke, the codes say grant', (r) => (r.subtype[0].code = 'revoke')],
      ['action R for a grant', (r) => (r.action = 'R')],
      ['bad hex in the id', (r) => (r.id = 'z'.repeat(32))],
      ['bad hex in the grant id', (r) => (r.entity[1].what.identifier.value = 'G'.repeat(32))],
      ['wrong record system', (r) => (r.entity[2].what.identifier.system = 'urn:medtangle:consent')],
      ['a short key', (r) => (r.agent[0].who.identifier.value = 'a'.repeat(10))],
      ['observer and actor differ', (r) => (r.source.observer.identifier.value = 'c'.repeat(64))],
      ['a date that does not exist', (r) => (r.recorded = '2026-13-01T00:00:00.000Z')],
      ['until without milliseconds', (r) => (r.extension[0].valueDateTime = '2026-05-04T14:02:00Z')],
      ['missing recorded', (r) => delete r.recorded],
      ['missing agent', (r) => delete r.agent],
      ['requestor swapped', (r) => (r.agent[0].requestor = false)],
      ['a third agent', (r) => r.agent.push(r.agent[1])],
      ['outcome failure', (r) => (r.outcome = '8')],
      ['an unknown extension', (r) => r.extension.push({ url: 'urn:x', valueString: 'y' })],
      ['an element we never write', (r) => (r.purposeOfEvent = [{ text: 'x' }])],
      ['an empty name', (r) => (r.entity[2].name = '')],
      ['resourceType Provenance', (r) => (r.resourceType = 'Provenance')],
    ];
    for (const [what, damage] of damages) {
      const r = copy(good);
      damage(r);
      let out: unknown = 'threw';
      expect(() => (out = readAudit(r)), what).to.not.throw();
      expect(out, what).to.equal(null);
    }
  });
});

describe('auditResource: FHIR R4 validity', function () {
  // The validator's first call fetches and indexes about 45 MB of definitions.
  this.timeout(600_000);

  it('the validator refuses an AuditEvent without recorded, or with action X (control: it can fail)', async () => {
    const { recorded: _, ...noRecorded } = auditResource(entry('open'));
    expect(await errors(noRecorded as AuditEvent)).to.satisfy((e: string[]) => e.some((x) => x.includes('recorded')));
    expect(await errors({ ...auditResource(entry('open')), action: 'X' as AuditEvent['action'] })).to.satisfy((e: string[]) => e.some((x) => x.includes('audit-event-action')));
    // sev-1: an entity has a name or a query, not both.
    const both = copy(auditResource(entry('open')));
    both.entity!.at(-1)!.query = btoa('x');
    expect(await errors(both)).to.satisfy((e: string[]) => e.some((x) => x.includes('sev-1')));
  });

  it('each action of the table is valid, with markup in a label', async () => {
    for (const action of ACTIONS) {
      const a = { ...entry(action), records: [...entry(action).records, { place: PLACE, label: XSS }] };
      expect(await errors(auditResource(a)), action).to.deep.equal([]);
      expect(await errors(roundTrip(auditResource(a))), action).to.deep.equal([]);
    }
  });

  it('every generated entry gives a valid AuditEvent (seed 10205)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(audit, realisticAudit), async (a) => {
        expect(await errors(auditResource(a))).to.deep.equal([]);
      }),
      { seed: 10205, numRuns: 100 },
    );
  });
});
