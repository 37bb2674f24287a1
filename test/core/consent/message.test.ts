// One consent action as one message (issue 10: a grant or a revocation and its audit entry travel in one
// Tangle bundle): a FHIR R4 Bundle of type collection, valid under the independent validator; exact
// round trips; a reader that never throws and refuses messages whose parts do not belong together.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Bundle } from '@medplum/fhirtypes';
import { errorsOf, fhirIssues } from '../../app/_fhir-validator.ts';
import { consentMessage, readConsentMessage, withoutKeys, type Audit, type Grant } from '../../../web/core/consent/index.ts';
import { audit, base64, copy, grant, roundTrip } from './_gen.ts';

/** A grant or revocation with an audit entry of it (the action that fits its status, its id, its patient). */
const pair: fc.Arbitrary<[Grant, Audit]> = fc.tuple(grant, audit, fc.boolean()).map(([g, a, share]) => [
  g,
  { ...a, action: g.status === 'revoked' ? 'revoke' : share ? 'share' : 'grant', grantId: g.id, patient: g.patient, by: g.patient, counterpart: g.doctor },
]);

const [G, A] = fc.sample(pair, { seed: 10301, numRuns: 1 })[0];

describe('consentMessage and readConsentMessage', () => {
  it('a collection Bundle of the Consent then the AuditEvent', () => {
    const b = consentMessage(G, A);
    expect(b.resourceType).to.equal('Bundle');
    expect(b.type).to.equal('collection');
    expect(b.entry!.map((e) => e.resource!.resourceType)).to.deep.equal(['Consent', 'AuditEvent']);
  });

  it('round trip through the record layer (seed 10302)', () => {
    fc.assert(
      fc.property(pair, ([g, a]) => {
        expect(readConsentMessage(roundTrip(consentMessage(g, a)))).to.deep.equal({ grant: g, audit: a });
      }),
      { seed: 10302, numRuns: 300 },
    );
  });

  it('withoutKeys of a message leaves no data key, and the message still reads, keys gone (seed 10305)', () => {
    fc.assert(
      fc.property(pair, ([g, a]) => {
        const stripped = withoutKeys(consentMessage(g, a));
        const json = JSON.stringify(stripped);
        if (g.scope.kind === 'records') for (const r of g.scope.records) if (r.dataKey) expect(json).to.not.include(base64(r.dataKey));
        const back = readConsentMessage(roundTrip(stripped));
        expect(back?.audit).to.deep.equal(a);
        expect(JSON.stringify(back?.grant.scope)).to.not.include('dataKey');
      }),
      { seed: 10305, numRuns: 200 },
    );
  });

  it('refuses to build a message whose audit entry is not of this grant', () => {
    expect(() => consentMessage(G, { ...A, grantId: undefined }), 'no grant id').to.throw(RangeError);
    expect(() => consentMessage(G, { ...A, grantId: 'f'.repeat(32) === G.id ? 'e'.repeat(32) : 'f'.repeat(32) }), 'another grant').to.throw(RangeError);
    expect(() => consentMessage(G, { ...A, patient: { ...A.patient, key: A.patient.key === 'c'.repeat(64) ? 'd'.repeat(64) : 'c'.repeat(64) } }), 'another patient').to.throw(RangeError);
    expect(() => consentMessage({ ...G, status: 'revoked' }, { ...A, action: 'grant' }), 'a revocation logged as a grant').to.throw(RangeError);
    expect(() => consentMessage({ ...G, status: 'active' }, { ...A, action: 'revoke' }), 'a grant logged as a revocation').to.throw(RangeError);
    expect(() => consentMessage({ ...G, status: 'active' }, { ...A, action: 'open' }), 'an opening').to.throw(RangeError);
  });

  it('null, never a throw, for arbitrary values (seed 10303) and damaged messages', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        expect(readConsentMessage(v)).to.equal(null);
      }),
      { seed: 10303, numRuns: 500 },
    );
    const good = consentMessage({ ...G, status: 'active' }, { ...A, action: 'grant' });
    expect(readConsentMessage(copy(good)), 'control: the undamaged message reads').to.not.equal(null);
    const damages: [string, (b: any) => void][] = [
      ['entries swapped', (b) => b.entry.reverse()],
      ['a third entry', (b) => b.entry.push(b.entry[1])],
      ['one entry', (b) => b.entry.pop()],
      ['type document', (b) => (b.type = 'document')],
      ['a fullUrl we never write', (b) => (b.entry[0].fullUrl = 'urn:uuid:0b6a3f4e-2d8c-4e1a-9f3b-7c5d2e1a0f9b')],
      ['an element we never write', (b) => (b.timestamp = '2026-05-03T14:02:00.000Z')],
      ['the audit of another grant', (b) => (b.entry[1].resource.entity[1].what.identifier.value = 'f'.repeat(32) === G.id ? 'e'.repeat(32) : 'f'.repeat(32))],
      ['a damaged Consent', (b) => (b.entry[0].resource.status = 'draft')],
      ['a damaged AuditEvent', (b) => delete b.entry[1].resource.recorded],
    ];
    for (const [what, damage] of damages) {
      const b = copy(good);
      damage(b);
      let out: unknown = 'threw';
      expect(() => (out = readConsentMessage(b)), what).to.not.throw();
      expect(out, what).to.equal(null);
    }
  });
});

describe('consentMessage: FHIR R4 validity', function () {
  // The validator's first call fetches and indexes about 45 MB of definitions.
  this.timeout(600_000);

  it('the Bundle and each entry are valid (seed 10304)', async () => {
    await fc.assert(
      fc.asyncProperty(pair, async ([g, a]) => {
        const b: Bundle = consentMessage(g, a);
        expect(errorsOf(await fhirIssues(b))).to.deep.equal([]);
        for (const e of b.entry!) expect(errorsOf(await fhirIssues(e.resource!)), e.resource!.resourceType).to.deep.equal([]);
      }),
      { seed: 10304, numRuns: 40 },
    );
  });
});
