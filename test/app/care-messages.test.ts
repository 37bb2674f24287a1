// The care screens' words and pure helpers: every import rule and every clinic code problem has its
// own message (none falls to the catch-all); a doctor's specialty typed as the list names it, in
// English or Ukrainian, any case or accent, gets its code and nothing else does; and the timeline
// groups records by pair and request, in order, checked against records made by the care builders.
import { expect } from 'chai';
import { IMPORT_RULES } from '../../web/core/fhir/index.ts';
import { importRuleMessage } from '../../web/app/mt-fhir-files.ts';
import { clinicCodeMessage } from '../../web/app/mt-find-doctor.ts';
import { specialtyCodeOf } from '../../web/app/mt-profile-form.ts';
import { timelineOf } from '../../web/app/timeline.ts';
import { PRACTICE_SETTINGS } from '../../web/core/directory/index.ts';
import { consultationRequest, diagnosisCondition, doctorReference, patientReference } from '../../web/core/care/index.ts';
import type { MyRecord } from '../../web/identity/index.ts';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

describe('care words and helpers', () => {
  it('every import rule has a message of its own', () => {
    const fallback = importRuleMessage('no-such-rule' as never);
    const messages = IMPORT_RULES.map((r) => importRuleMessage(r));
    for (const [i, m] of messages.entries()) expect(m, IMPORT_RULES[i]).to.not.equal(fallback).and.to.not.equal('');
    expect(new Set(messages).size).to.equal(IMPORT_RULES.length);
  });

  it('every clinic code problem has a message of its own that says what to do', () => {
    const problems = ['empty', 'not-a-clinic-code', 'characters', 'length', 'checksum', 'name'] as const;
    const messages = problems.map((p) => clinicCodeMessage(p));
    expect(new Set(messages).size).to.equal(problems.length);
    for (const m of messages) expect(m).to.match(/^[A-Z]/);
  });

  it("resolves a specialty typed as the list names it, in either language, case and accents aside, and nothing else", () => {
    expect(specialtyCodeOf('Cardiology')).to.equal('394579002');
    expect(specialtyCodeOf('  cardiology ')).to.equal('394579002');
    expect(specialtyCodeOf('КАРДІОЛОГІЯ')).to.equal('394579002');
    expect(specialtyCodeOf('Cardio')).to.equal(undefined);
    expect(specialtyCodeOf('')).to.equal(undefined);
    for (const p of PRACTICE_SETTINGS) {
      expect(specialtyCodeOf(p.display), p.display).to.be.a('string');
      // Two codes of the value set share a display (it lists them twice): either code is the list's.
      expect(PRACTICE_SETTINGS.filter((q) => q.code === specialtyCodeOf(p.uk)).some((q) => q.uk === p.uk), p.uk).to.equal(true);
    }
  });

  it('groups the timeline by pair and request, entries in order, the newest consultation first, the rest after', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    const request = (id: string, doctorKey: string) =>
      consultationRequest(
        { symptoms: [{ text: 'Cough' }], onset: '2026-12-01', severity: 'mild', details: '' },
        { requestId: id, patient: { familyName: 'K', givenName: 'O', agreementKey: KEY_A }, doctor: { familyName: 'S', givenName: 'T', agreementKey: doctorKey, signingKey: KEY_B }, now },
      );
    const answer = (id: string) =>
      diagnosisCondition({ condition: { text: 'Flu' }, clinicalStatus: 'active', onset: '', note: '' } as never, {
        id: '0e6f1d2c-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
        requestId: id,
        author: doctorReference({ familyName: 'S', givenName: 'T', signingKey: KEY_B }),
        subject: patientReference({ familyName: 'K', givenName: 'O', agreementKey: KEY_A }),
        now,
      });
    const r1 = '11111111-1111-4111-8111-111111111111';
    const r2 = '22222222-2222-4222-8222-222222222222';
    let n = 0;
    const rec = (resource: object, t: number, author: 'me' | 'counterpart', withKey: string | null): MyRecord => ({
      id: `id${n++}`,
      resource: resource as MyRecord['resource'],
      issuedAt: t,
      attachedAt: t,
      confirmed: false,
      author,
      with: withKey,
      place: '',
    });
    const records = [
      rec(answer(r1), 30, 'counterpart', KEY_B),
      rec({ resourceType: 'Observation', valueString: 'note' }, 5, 'me', null),
      rec(request(r2, KEY_B), 20, 'me', KEY_B),
      rec(request(r1, KEY_B), 10, 'me', KEY_B),
      // The same request id with another doctor is another consultation.
      rec(request(r1, 'c'.repeat(64)), 15, 'me', 'c'.repeat(64)),
    ];
    const t = timelineOf(records);
    expect(t.consultations.map((g) => [g.id, g.with, g.entries.map((e) => [e.s.kind, e.r.issuedAt])])).to.deep.equal([
      [r1, KEY_B, [['request', 10], ['diagnosis', 30]]],
      [r2, KEY_B, [['request', 20]]],
      [r1, 'c'.repeat(64), [['request', 15]]],
    ]);
    expect(t.notes.map((r) => r.issuedAt)).to.deep.equal([5]);
  });
});
