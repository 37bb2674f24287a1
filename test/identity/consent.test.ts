// Consent in the identity service (docs/consent.md, issue 10) on real vaults with a clock the test
// moves: a grant "from now on" seals later records for the doctor and tells the doctor where they
// are; a revocation stops that for later records, and the doctor's service stops offering the
// patient's records once it has seen it; a grant of chosen records hands over exactly their data keys
// (the records are not rewritten); an expired grant stops new wraps at its date; every action leaves
// exactly one audit entry the patient opens, and an outsider with every bundle opens none.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { IdentityService, type FoundBundle, type MyRecord } from '../../web/identity/index.ts';
import { noteObservationOf } from '../../web/app/record-text.ts';
import { VaultStore } from '../../web/vault/index.ts';
import { readIssuedAt, readIssuer, readTag, txId } from '../../web/core/tx/index.ts';
import { bundlePayload } from '../../web/core/bundle/index.ts';
import { ENVELOPE_HEADER_SIZE } from '../../web/core/records/index.ts';
import { readAudit, readConsentMessage, type Audit } from '../../web/core/consent/index.ts';
import type { Profile } from '../../web/core/identity/index.ts';

const FAST = { N: 2 ** 4, r: 1, p: 1 };
const DAY = 86_400_000;

/** splitmix32 bytes: seeded. */
function seeded(seed: number): (n: number) => Uint8Array {
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

/** One clock for every party: it moves a second at each reading, and the test can jump it. */
const clock = { t: Date.UTC(2026, 11, 4, 12) };
const now = () => (clock.t += 1000);

const dbs: string[] = [];
async function party(seed: number, role: 'patient' | 'doctor', given: string, family: string) {
  const name = `consent-${seed}-${Date.now()}`;
  dbs.push(name);
  const random = seeded(seed);
  const s = new IdentityService({ vault: await VaultStore.open({ name, random }), random, now, kdf: FAST });
  const { words, check } = s.beginNew(role);
  s.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
  const profile: Profile =
    role === 'patient'
      ? { role, familyName: family, givenName: given, birthDate: '1985-04-12', personId: `P-${seed}` }
      : { role, familyName: family, givenName: given, personId: `D-${seed}`, specialty: 'Cardiology', clinic: 'Rivne', licence: `L-${seed}` };
  const info = await s.create({ profile, label: given, passphrase: 'a good passphrase' });
  return { s, info, key: info.agreementKey };
}

/** The bundle of `txs` as the replica's findTagged gives it. */
function found(txs: Uint8Array[]): FoundBundle {
  return {
    tag: bytesToHex(readTag(txs[0])),
    id: bytesToHex(txId(txs[0])),
    payload: bundlePayload(txs),
    issuer: bytesToHex(readIssuer(txs[0])),
    issuedAt: readIssuedAt(txs[0]),
    attachedAt: readIssuedAt(txs[0]),
    confirmed: false,
  };
}

/** How many readers an envelope is sealed for (the byte before the wraps' header ends). */
const readers = (b: FoundBundle) => b.payload[ENVELOPE_HEADER_SIZE - 1];

/** The audit entries among opened records (consent messages carry theirs). */
function audits(records: MyRecord[]): Audit[] {
  return records.flatMap((r) => {
    const m = readConsentMessage(r.resource);
    const a = m ? m.audit : readAudit(r.resource);
    return a ? [a] : [];
  });
}

/** Everything a doctor's device does at a load: the inbox (first contacts), then every stream's records. */
async function doctorLoads(d: { s: IdentityService }, all: FoundBundle[]) {
  await d.s.openInbox(all);
  const opened = await d.s.openFound(all);
  return { records: opened.records, shared: d.s.sharedWithMe() };
}

describe('consent: grants, revocation and the audit log in the identity service', function () {
  this.timeout(120_000);
  after(async () => {
    for (const n of dbs) await deleteDB(n);
  });

  it('revocation: two doctors "from now on"; one is revoked between two records: it opens the first and not the second, the other opens both; the log holds each action once', async () => {
    const P = await party(101, 'patient', 'Olena', 'Kovalenko');
    const A = await party(102, 'doctor', 'Taras', 'Shevchenko');
    const B = await party(103, 'doctor', 'Lesia', 'Ukrainka');
    const O = await party(104, 'patient', 'Ivan', 'Franko');
    const bundles: FoundBundle[] = [];
    const add = (...list: Uint8Array[][]) => bundles.push(...list.map(found));
    const until = clock.t + 30 * DAY;

    const gA = await P.s.grantConsent({ doctor: A.key, doctorName: 'Dr Taras Shevchenko', scope: { kind: 'from-now-on' }, until });
    const gB = await P.s.grantConsent({ doctor: B.key, doctorName: 'Dr Lesia Ukrainka', scope: { kind: 'from-now-on' }, until });
    add(gA.txs, gB.txs);
    const first = await P.s.sealRecord(noteObservationOf('Blood pressure 150/95', new Date(clock.t)), { label: 'Note, 4 December 2026' });
    expect(first.shares.length, 'one share entry per doctor').to.equal(2);
    add(first.txs, ...first.shares);
    expect(readers(found(first.txs)), 'sealed for the patient and both doctors').to.equal(3);

    // Both doctors see the patient and the first record, and open it, which is logged once each.
    for (const D of [A, B]) {
      const { shared } = await doctorLoads(D, bundles);
      expect(shared.map((p) => [p.key, p.name, p.access, p.records.map((r) => r.place)])).to.deep.equal([[P.key, 'Olena Kovalenko', 'active', [first.place]]]);
      // As the doctor's screen does: the opening is logged first, then the record is opened.
      const log = await D.s.sealOpenAudit(P.key, first.place, 'Note, 4 December 2026');
      expect(log).to.not.equal(null);
      add(log!.txs);
      const entry = await D.s.openShared(P.key, first.place, bundles);
      expect(entry?.resource.valueString).to.equal('Blood pressure 150/95');
    }
    // A second opening on the same device is not logged again (openShared marked it).
    expect(await A.s.sealOpenAudit(P.key, first.place, 'x')).to.equal(null);

    const revoke = await P.s.revokeConsent(gA.grantId);
    add(revoke.txs);
    const second = await P.s.sealRecord(noteObservationOf('Blood pressure 130/85', new Date(clock.t)), { label: 'Note, 5 December 2026' });
    expect(second.shares.length, 'only the doctor still granted').to.equal(1);
    add(second.txs, ...second.shares);
    expect(readers(found(second.txs)), 'sealed for the patient and the one doctor left').to.equal(2);

    // The revoked doctor's device stops offering the patient's records once it has seen the revocation.
    const a = await doctorLoads(A, bundles);
    expect(a.shared.map((p) => [p.access, p.records.length])).to.deep.equal([['revoked', 0]]);
    let refused = '';
    await A.s.openShared(P.key, second.place, bundles).catch((e) => (refused = e.reason));
    expect(refused).to.equal('not-shared');
    // The other doctor opens the second record too.
    const b = await doctorLoads(B, bundles);
    expect(b.shared[0].records.map((r) => r.place)).to.have.members([first.place, second.place]);
    const bLog = await B.s.sealOpenAudit(P.key, second.place, 'Note, 5 December 2026');
    add(bLog!.txs);
    expect((await B.s.openShared(P.key, second.place, bundles))?.resource.valueString).to.equal('Blood pressure 130/85');

    // The patient's log: each action exactly once (grants 2, shares 3, revocation 1, openings 3).
    const mine = audits((await P.s.openFound(bundles)).records);
    const count = (action: string, who?: string) => mine.filter((x) => x.action === action && (!who || x.by.key === who || x.counterpart?.key === who)).length;
    expect([count('grant'), count('share'), count('revoke'), count('open')]).to.deep.equal([2, 3, 1, 3]);
    expect([count('open', A.key), count('open', B.key)]).to.deep.equal([1, 2]);
    expect(new Set(mine.map((x) => x.id)).size, 'no entry twice').to.equal(mine.length);
    // The patient's grants as they stand: A revoked, B active.
    expect(P.s.consents().map((g) => [g.doctor.key, g.status])).to.have.deep.members([
      [A.key, 'revoked'],
      [B.key, 'active'],
    ]);
    // An outsider holding every bundle opens none of it, and no key reaches a page: no data key in what is returned.
    const outsider = await O.s.openFound(bundles);
    expect(outsider.records).to.deep.equal([]);
    expect(JSON.stringify(mine)).to.not.include('data-key');
  });

  it('a grant of chosen records opens exactly those (a doctor\'s answer among them); "from now on" covers later records, not earlier ones; an expired grant stops new wraps at its date', async () => {
    const P = await party(111, 'patient', 'Olena', 'Kovalenko');
    const A = await party(112, 'doctor', 'Taras', 'Shevchenko');
    const C = await party(113, 'doctor', 'Marko', 'Vovchok');
    const D = await party(114, 'doctor', 'Hryhorii', 'Skovoroda');
    const bundles: FoundBundle[] = [];
    const add = (...list: Uint8Array[][]) => bundles.push(...list.map(found));
    const notes = [];
    for (const text of ['one', 'two', 'three']) {
      const n = await P.s.sealRecord(noteObservationOf(text, new Date(clock.t)));
      add(n.txs);
      notes.push(n);
    }
    // A doctor's answer in the patient's pair with A: the patient can share it too.
    const ask = await P.s.sealFirstContact(noteObservationOf('question', new Date(clock.t)), hexToBytes(A.key));
    add(ask.txs);
    await A.s.openInbox(bundles);
    const answer = await A.s.sealRecord(noteObservationOf('answer from A', new Date(clock.t)), { to: hexToBytes(P.key) });
    add(answer.txs);
    const opened = (await P.s.openFound(bundles)).records;
    const pick = (text: string) => {
      const r = opened.find((x) => x.resource.valueString === text)!;
      return { bundle: bundles.find((b) => b.id === r.id)!, label: text, kind: 'Observation', date: r.issuedAt };
    };
    const g = await P.s.grantConsent({ doctor: C.key, doctorName: 'Dr Marko Vovchok', scope: { kind: 'records', records: [pick('one'), pick('three'), pick('answer from A')] }, until: clock.t + DAY });
    add(g.txs);
    const c = await doctorLoads(C, bundles);
    const places = c.shared[0].records.map((r) => r.place);
    expect(places).to.have.length(3);
    const texts = [];
    for (const place of places) texts.push((await C.s.openShared(P.key, place, bundles))?.resource.valueString);
    expect(texts).to.have.members(['one', 'three', 'answer from A']);
    const two = opened.find((x) => x.resource.valueString === 'two')!;
    let refused = '';
    await C.s.openShared(P.key, two.place, bundles).catch((e) => (refused = e.reason));
    expect(refused, 'a record not chosen').to.equal('not-shared');
    // The chosen records were not rewritten: still sealed for the patient alone (and A, for the answer).
    expect(notes.map((n) => readers(found(n.txs)))).to.deep.equal([1, 1, 1]);

    // "From now on" until a date: a later record is covered, an earlier one not; past the date, no wrap.
    const until = clock.t + 10 * DAY;
    const gD = await P.s.grantConsent({ doctor: D.key, doctorName: 'Dr Hryhorii Skovoroda', scope: { kind: 'from-now-on' }, until });
    add(gD.txs);
    const later = await P.s.sealRecord(noteObservationOf('later', new Date(clock.t)));
    add(later.txs, ...later.shares);
    expect([readers(found(later.txs)), later.shares.length]).to.deep.equal([2, 1]);
    const d = await doctorLoads(D, bundles);
    expect(d.shared[0].records.map((r) => r.place)).to.deep.equal([later.place]);
    expect((await D.s.openShared(P.key, later.place, bundles))?.resource.valueString).to.equal('later');
    clock.t = until + 1;
    const after = await P.s.sealRecord(noteObservationOf('after the date', new Date(clock.t)));
    expect([readers(found(after.txs)), after.shares.length], 'an expired grant wraps nothing').to.deep.equal([1, 0]);
    const expired = await doctorLoads(D, [...bundles, found(after.txs)]);
    expect(expired.shared.map((p) => [p.access, p.records.length])).to.deep.equal([['expired', 0]]);
  });

  it('refuses a grant that is not the patient\'s to give: a record it cannot open, a time already past, its own key', async () => {
    const P = await party(121, 'patient', 'Olena', 'Kovalenko');
    const Q = await party(122, 'patient', 'Ivan', 'Franko');
    const A = await party(123, 'doctor', 'Taras', 'Shevchenko');
    const other = await Q.s.sealRecord(noteObservationOf('not yours', new Date(clock.t)));
    const reason = (p: Promise<unknown>) => p.then(() => 'granted', (e) => String(e.reason ?? e.message));
    expect(await reason(P.s.grantConsent({ doctor: A.key, doctorName: 'A', scope: { kind: 'records', records: [{ bundle: found(other.txs), label: 'x', kind: 'Observation', date: 1 }] }, until: clock.t + DAY }))).to.equal('not-readable');
    expect(await reason(P.s.grantConsent({ doctor: A.key, doctorName: 'A', scope: { kind: 'from-now-on' }, until: clock.t - 1 }))).to.match(/spec\.until/);
    expect(await reason(P.s.grantConsent({ doctor: P.key, doctorName: 'A', scope: { kind: 'from-now-on' }, until: clock.t + DAY }))).to.match(/spec\.doctor/);
    expect(await reason(P.s.revokeConsent('00'.repeat(16)))).to.equal('no-grant');
    expect(P.s.consents()).to.deep.equal([]);
  });
});
