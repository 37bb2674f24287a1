// What the screens ask of many grants and audit entries (issue 10 "Consent", "Revocation", "The audit
// log"): whether a grant covers a record (table tests), the current state of each grant whatever the
// order of arrival (fast-check over permutations), and the audit log's order, filter and duplicates.
import { expect } from 'chai';
import fc from 'fast-check';
import { auditLog, foldGrants, grantCovers, type Audit, type Grant } from '../../../web/core/consent/index.ts';
import { audit, grant } from './_gen.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-05-03T14:02:00.000Z');
const P1 = { tag: '1'.repeat(64), hash: '2'.repeat(64) };
const P2 = { tag: '3'.repeat(64), hash: '4'.repeat(64) };
const P1_OTHER_HASH = { tag: '1'.repeat(64), hash: '5'.repeat(64) };
const PATIENT = { key: 'a'.repeat(64), name: 'Олена' };
const DOCTOR = { key: 'b'.repeat(64), name: 'Іван' };
const OTHER = { key: 'c'.repeat(64), name: 'Марія' };

const CHOSEN: Grant = {
  id: '1'.repeat(32),
  patient: PATIENT,
  doctor: DOCTOR,
  scope: { kind: 'records', records: [{ place: P1, label: 'Prescription', kind: 'MedicationRequest', date: T0 - 10 * DAY }] },
  until: T0 + 30 * DAY,
  at: T0,
  status: 'active',
};
const STREAM: Grant = { ...CHOSEN, id: '2'.repeat(32), scope: { kind: 'from-now-on', start: T0 } };

describe('grantCovers', () => {
  // [what, grant, place, record date, now, expected]
  const table: [string, Grant, typeof P1 | null, number, number, boolean][] = [
    ['chosen: a listed record, before until', CHOSEN, P1, T0 - 10 * DAY, T0 + DAY, true],
    ['chosen: a listed record, whatever its date', CHOSEN, P1, T0 + 100 * DAY, T0 + DAY, true],
    ['chosen: a record not listed', CHOSEN, P2, T0 - 10 * DAY, T0 + DAY, false],
    ['chosen: the same tag, another hash', CHOSEN, P1_OTHER_HASH, T0 - 10 * DAY, T0 + DAY, false],
    ['chosen: no place', CHOSEN, null, T0 - 10 * DAY, T0 + DAY, false],
    ['chosen: one millisecond before until', CHOSEN, P1, T0, CHOSEN.until - 1, true],
    ['chosen: at until', CHOSEN, P1, T0, CHOSEN.until, false],
    ['chosen: after until', CHOSEN, P1, T0, CHOSEN.until + DAY, false],
    ['chosen: revoked', { ...CHOSEN, status: 'revoked' }, P1, T0, T0 + DAY, false],
    ['from now on: a record dated at start', STREAM, P2, T0, T0 + DAY, true],
    ['from now on: a later record', STREAM, P2, T0 + 5 * DAY, T0 + 6 * DAY, true],
    ['from now on: a later record, without a place', STREAM, null, T0 + 5 * DAY, T0 + 6 * DAY, true],
    ['from now on: a record dated before start', STREAM, P2, T0 - 1, T0 + DAY, false],
    ['from now on: at until', STREAM, P2, T0 + DAY, STREAM.until, false],
    ['from now on: expired, a record dated after until', STREAM, P2, STREAM.until + DAY, STREAM.until + DAY, false],
    ['from now on: revoked', { ...STREAM, status: 'revoked' }, P2, T0 + DAY, T0 + DAY, false],
    ['from now on: now is not a number', STREAM, P2, T0 + DAY, NaN, false],
    ['from now on: date is not a number', STREAM, P2, NaN, T0 + DAY, false],
  ];
  for (const [what, g, place, date, now, expected] of table) {
    it(`${what}: ${expected}`, () => {
      expect(grantCovers(g, place, date, now)).to.equal(expected);
    });
  }
});

/** Fisher–Yates with fast-check's seeded random source, never Math.random. */
function shuffled<T>(xs: T[], rand: (n: number) => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('foldGrants', () => {
  it('a revocation wins over its grant in either order; other grants stay active', () => {
    const revoked: Grant = { ...CHOSEN, status: 'revoked', at: T0 + DAY };
    for (const items of [[CHOSEN, revoked, STREAM], [revoked, CHOSEN, STREAM], [STREAM, revoked, CHOSEN, CHOSEN]]) {
      expect(foldGrants(items)).to.deep.equal([revoked, STREAM].sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1)));
    }
  });

  it('the same state for every order and any duplicates, and a revocation wins for each revoked id (seed 10401)', () => {
    // Grants of a few ids (so that ids repeat), each perhaps revoked later, then shuffled and duplicated.
    const items = fc.array(fc.tuple(grant, fc.constantFrom('0'.repeat(32), '1'.repeat(32), '2'.repeat(32), '3'.repeat(32)), fc.boolean(), fc.nat(1000)), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(items, fc.infiniteStream(fc.nat()), fc.nat(3), (specs, rnd, dup) => {
        const list: Grant[] = [];
        for (const [g, id, revoke, later] of specs) {
          const active: Grant = { ...g, id, status: 'active' };
          list.push(active);
          if (revoke) list.push({ ...active, status: 'revoked', at: Math.min(g.at + later, 253402300799999) });
        }
        const it = rnd[Symbol.iterator]();
        const rand = (n: number) => (it.next().value as number) % n;
        const first = foldGrants(list);
        const other = foldGrants(shuffled([...list, ...list.slice(0, dup)], rand));
        expect(other).to.deep.equal(first);
        // Oracle: one state per id; revoked exactly when some item of that id is a revocation.
        const ids = new Set(list.map((g) => g.id));
        expect(first.map((g) => g.id).sort()).to.deep.equal([...ids].sort());
        for (const g of first) expect(g.status, g.id).to.equal(list.some((x) => x.id === g.id && x.status === 'revoked') ? 'revoked' : 'active');
        for (let i = 1; i < first.length; i++) expect(first[i - 1].at).to.be.at.least(first[i].at);
      }),
      { seed: 10401, numRuns: 300 },
    );
  });

  it('every permutation of a grant, two revocations and a duplicate gives the same state (exhaustive, 24 orders)', () => {
    const r1: Grant = { ...CHOSEN, status: 'revoked', at: T0 + DAY };
    const r2: Grant = { ...CHOSEN, status: 'revoked', at: T0 + 2 * DAY };
    const items = [CHOSEN, r1, r2, CHOSEN];
    const perms = (xs: Grant[]): Grant[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
    const all = perms(items);
    expect(all).to.have.length(24);
    // The first revocation is when access ended.
    for (const p of all) expect(foldGrants(p)).to.deep.equal([r1]);
  });
});

describe('auditLog', () => {
  const e = (id: string, at: number, by: typeof PATIENT, counterpart: typeof PATIENT | null, action: Audit['action']): Audit => ({ id: id.repeat(32), action, at, by, patient: PATIENT, counterpart, records: [] });
  const grantB = e('1', T0, PATIENT, DOCTOR, 'grant');
  const openB = e('2', T0 + 3 * DAY, DOCTOR, PATIENT, 'open');
  const grantC = e('3', T0 + DAY, PATIENT, OTHER, 'grant');
  const link = e('4', T0 + 2 * DAY, PATIENT, null, 'link');
  const openC = e('5', T0 + 3 * DAY, OTHER, PATIENT, 'open');

  it('newest first (ties by id), each id once', () => {
    expect(auditLog([grantB, link, openC, grantC, openB, grantB, openB]).map((a) => a.id[0])).to.deep.equal(['2', '5', '4', '3', '1']);
  });

  it('filtered by a doctor: what the patient granted them and what they opened, nothing of others, no link', () => {
    expect(auditLog([grantB, link, openC, grantC, openB], { counterpart: DOCTOR.key })).to.deep.equal([openB, grantB]);
    expect(auditLog([grantB, link, openC, grantC, openB], { counterpart: OTHER.key })).to.deep.equal([openC, grantC]);
    expect(auditLog([grantB, link], { counterpart: 'd'.repeat(64) })).to.deep.equal([]);
    expect(auditLog([grantB, link, openB], {})).to.have.length(3);
  });

  it('the same list for any order and duplicates (seed 10402)', () => {
    fc.assert(
      fc.property(fc.array(audit, { maxLength: 10 }), fc.infiniteStream(fc.nat()), (items, rnd) => {
        const it = rnd[Symbol.iterator]();
        const rand = (n: number) => (it.next().value as number) % n;
        const log = auditLog(items);
        expect(auditLog(shuffled([...items, ...items], rand))).to.deep.equal(log);
        expect(new Set(log.map((a) => a.id)).size).to.equal(log.length);
        expect(log.length).to.equal(new Set(items.map((a) => a.id)).size);
        for (let i = 1; i < log.length; i++) expect(log[i - 1].at).to.be.at.least(log[i].at);
      }),
      { seed: 10402, numRuns: 200 },
    );
  });
});
