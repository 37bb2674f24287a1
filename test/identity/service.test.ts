// The identity service (web/identity) on a real vault database, with small scrypt parameters and a
// seeded random source: nothing is stored before the backup check passes; a restore from the words
// gives the same keys; the user's records round-trip through a real replica (seal, sign, attach at a
// small MWM, find by tag, open); a non-reader and a locked service open nothing; and locking drops
// every key.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { IdentityError, IdentityService, type FoundBundle } from '../../web/identity/index.ts';
import { noteObservationOf } from '../../web/app/record-text.ts';
import { VaultStore } from '../../web/vault/index.ts';
import { BUNDLE_OFFSET, SIGNATURE_OFFSET, readIssuedAt, readIssuer, readTag, txId } from '../../web/core/tx/index.ts';
import { bundlePayload } from '../../web/core/bundle/index.ts';
import { verifyEd25519 } from '../../web/crypto/index.ts';
import { openEnvelope, sealEnvelope } from '../../web/core/records/index.ts';
import { inboxTag, utcDay, type Profile } from '../../web/core/identity/index.ts';

const FAST = { N: 2 ** 4, r: 1, p: 1 };
const PROFILE: Profile = { role: 'patient', familyName: 'Kovalenko', givenName: 'Olena', birthDate: '1985-04-12', personId: 'P-100' };

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

const dbs: string[] = [];
/** A clock that moves on a second at each reading, so records made one after the other have their order. */
function ticking(): () => number {
  let t = Date.UTC(2026, 11, 4, 12);
  return () => (t += 1000);
}

async function service(seed: number, now = ticking()): Promise<IdentityService> {
  const name = `identity-service-${dbs.length}-${Date.now()}`;
  dbs.push(name);
  const random = seeded(seed);
  return new IdentityService({ vault: await VaultStore.open({ name, random }), random, now, kdf: FAST });
}

/** The bundles of `txs` as the replica's findTagged gives them (payload joined in bundle order). */
function found(txs: Uint8Array[], confirmed = false): FoundBundle {
  return {
    tag: bytesToHex(readTag(txs[0])),
    id: bytesToHex(txId(txs[0])),
    payload: bundlePayload(txs),
    issuer: bytesToHex(readIssuer(txs[0])),
    issuedAt: readIssuedAt(txs[0]),
    attachedAt: readIssuedAt(txs[0]),
    confirmed,
  };
}

/** Raw DEFLATE of a text or bytes, as the service compresses plaintexts. */
async function deflateRaw(text: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** A pair message's plaintext as docs/pairs.md lays it out: format 1, the sender's key, a MAC, the resource's JSON. */
function pairMessage(fromHex: string, macHex: string, json: string): Uint8Array {
  const j = new TextEncoder().encode(json);
  const out = new Uint8Array(65 + j.length);
  out[0] = 1;
  out.set(hexToBytes(fromHex), 1);
  out.set(hexToBytes(macHex), 33);
  out.set(j, 65);
  return out;
}

async function reason(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'ok';
  } catch (e) {
    return (e as { reason?: string }).reason ?? String(e);
  }
}

describe('identity service', function () {
  this.timeout(120_000);
  after(async () => {
    for (const n of dbs) await deleteDB(n);
  });

  it('stores nothing until the backup check passes, then keeps the identity only in the vault', async () => {
    const s = await service(1);
    const { words, check } = s.beginNew('patient');
    expect(words.length).to.equal(24);
    expect(check.length).to.equal(4);
    expect(await reason(s.create({ profile: PROFILE, label: 'Olena', passphrase: 'a good passphrase' }))).to.equal('backup-not-checked');
    expect(await s.list()).to.deep.equal([]);
    const wrong = s.checkBackup(check.map((p, k) => ({ position: p, word: k === 1 ? 'zoo' : words[p - 1] })));
    expect(wrong).to.deep.equal({ ok: false, wrong: [check[1]] });
    expect(s.checkBackup(check.map((p) => ({ position: p, word: ` ${words[p - 1].toUpperCase()} ` })))).to.deep.equal({ ok: true, wrong: [] });
    const info = await s.create({ profile: PROFILE, label: 'Olena', passphrase: 'a good passphrase' });
    expect(info).to.deep.include({ role: 'patient', label: 'Olena', profile: PROFILE, autoLockMinutes: 5 });
    expect(info.signingKey).to.match(/^[0-9a-f]{64}$/);
    expect((await s.list()).map((x) => x.label)).to.deep.equal(['Olena']);
  });

  it('restores the same identity from its 24 words, and names the fault in bad words', async () => {
    const a = await service(2);
    const { words, check } = a.beginNew('doctor');
    a.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
    const doctor: Profile = { role: 'doctor', familyName: 'Shevchenko', givenName: 'Taras', personId: 'D-7', specialty: 'Cardiology', clinic: 'Kharkiv 3', licence: 'UA-2231' };
    const original = await a.create({ profile: doctor, label: 'Dr Shevchenko', passphrase: 'doctor passphrase' });
    const b = await service(3);
    expect(b.beginRestore('doctor', words.slice(0, 23))).to.deep.equal({ ok: false, problem: { kind: 'count', count: 23 } });
    expect(b.beginRestore('doctor', [...words.slice(0, 5), 'qqq', ...words.slice(6)])).to.deep.equal({ ok: false, problem: { kind: 'unknown-word', position: 6, word: 'qqq' } });
    expect(b.beginRestore('doctor', words)).to.deep.equal({ ok: true });
    const restored = await b.create({ profile: doctor, label: 'Dr S (restored)', passphrase: 'another passphrase' });
    expect([restored.signingKey, restored.agreementKey]).to.deep.equal([original.signingKey, original.agreementKey]);
  });

  it('seals the user\'s records so only the user (and chosen readers) open them, finds them by tag, and counts on', async () => {
    const s = await service(4);
    const { words, check } = s.beginNew('patient');
    s.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
    const me = await s.create({ profile: PROFILE, label: 'Olena', passphrase: 'a good passphrase' });
    const doctorSecret = seeded(40)(32);
    const a = await s.sealRecord(noteObservationOf('Headache since Monday', new Date('2026-12-04T12:00:00Z')));
    const b = await s.sealRecord(noteObservationOf('Better today', new Date('2026-12-05T09:00:00Z')), { to: x25519.getPublicKey(doctorSecret) });
    expect(a.tag).to.not.equal(b.tag);
    // Each signed by its own stream's key (the user's own, the relationship's), never the identity key.
    const issuers = [a, b].map((r) => bytesToHex(readIssuer(r.txs[0])));
    expect(new Set([...issuers, me.signingKey]).size).to.equal(3);
    const again = await s.sealRecord(noteObservationOf('Again', new Date('2026-12-06T09:00:00Z')), { to: x25519.getPublicKey(doctorSecret) });
    expect(bytesToHex(readIssuer(again.txs[0])), 'one relationship, one key').to.equal(issuers[1]);
    // The doctor opens b (a reader), not a.
    expect(openEnvelope(bundlePayload(a.txs), doctorSecret)).to.equal(null);
    expect(openEnvelope(bundlePayload(b.txs), doctorSecret)).to.not.equal(null);
    const tags = (await s.expectedTags()).map(bytesToHex);
    expect(tags).to.include.members([a.tag, b.tag]);
    const opened = await s.openFound([found(a.txs, true), found(b.txs), found(again.txs)]);
    expect(opened.unreadable).to.equal(0);
    const doctor = bytesToHex(x25519.getPublicKey(doctorSecret));
    expect(opened.records.map((r) => [r.resource.valueString, r.confirmed, r.with])).to.deep.equal([
      ['Again', false, doctor],
      ['Better today', false, doctor],
      ['Headache since Monday', true, null],
    ]);
    // A bundle with a tag of the stream that does not open (not the user's) is left out.
    const other = await service(5);
    const w = other.beginNew('patient');
    other.checkBackup(w.check.map((p) => ({ position: p, word: w.words[p - 1] })));
    await other.create({ profile: PROFILE, label: 'Other', passphrase: 'other passphrase' });
    const theirs = await other.sealRecord(noteObservationOf('Not yours', new Date('2026-12-04T12:00:00Z')));
    const forged = { ...found(theirs.txs), tag: tags[2] };
    expect((await s.openFound([forged])).records).to.deep.equal([]);
    expect((await s.openFound([forged])).unreadable).to.equal(1);

    // A record that opens, filed under one of the user's tags by someone else: they sealed it to the
    // user's public agreement key and signed it with their own key. It is not the user's own.
    const spoofPlain = await deflateRaw(JSON.stringify(noteObservationOf('I am you', new Date('2026-12-04T12:00:00Z'))));
    const spoof = await other.signBundle({ kind: 1, payload: sealEnvelope(spoofPlain, [hexToBytes(me.agreementKey)], seeded(41)) });
    const spoofed = { ...found(spoof), tag: a.tag };
    // It does open for the user: only the issuer tells it apart (a lie the replica's signature
    // check rules out, told here to show that nothing else would stop it).
    const lying = await s.openFound([{ ...spoofed, issuer: found(a.txs).issuer }]);
    expect(lying.records.map((r) => r.resource.valueString)).to.deep.equal(['I am you']);
    const withSpoof = await s.openFound([found(a.txs, true), spoofed]);
    expect(withSpoof.records.map((r) => r.resource.valueString)).to.deep.equal(['Headache since Monday']);
    expect(withSpoof.unreadable).to.equal(1);

    // One record attached twice (a re-attachment: same tag, same payload, another tx id) is listed
    // once, as its confirmed attachment.
    const twice = { ...found(a.txs, true), id: 'ff'.repeat(32), attachedAt: found(a.txs).attachedAt + 1000 };
    const once = await s.openFound([found(a.txs, false), twice]);
    expect(once.records.map((r) => [r.id, r.confirmed])).to.deep.equal([[twice.id, true]]);
  });

  it('counts a record of the user whose plaintext is not raw DEFLATE of a FHIR resource, or inflates past 16 MiB, as unreadable, and opens the rest', async () => {
    const s = await service(8);
    const { words, check } = s.beginNew('patient');
    s.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
    const me = await s.create({ profile: PROFILE, label: 'Olena', passphrase: 'a good passphrase' });
    const good = await s.sealRecord(noteObservationOf('Readable', new Date('2026-12-04T12:00:00Z')));
    const tag = bytesToHex((await s.expectedTags())[3]);
    const random = seeded(80);
    // Sealed for the user with its tag, so only the plaintext is wrong: bytes that are not DEFLATE,
    // a valid stream with bytes after its end, DEFLATE of text that is not JSON, of JSON that is not a resource.
    const deflate = async (text: string) => {
      const out = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      return new Uint8Array(await new Response(out).arrayBuffer());
    };
    const valid = await deflate('{"resourceType":"Observation"}');
    const trailing = new Uint8Array(valid.length + 3);
    trailing.set(valid);
    trailing.set([1, 2, 3], valid.length);
    // And a bomb: valid DEFLATE of a resource 17 MiB long (about 17 KB sealed), past what is inflated.
    const bomb = await deflate(`{"resourceType":"Observation","note":"${' '.repeat(17 * 1024 * 1024)}"}`);
    expect(bomb.length, 'the bomb is small sealed').to.be.below(64 * 1024);
    const plains = [Uint8Array.of(0xff, 0xff, 0xff, 0xff), trailing, await deflate('not json'), await deflate('{"no":"type"}'), bomb];
    const bad = plains.map((plain, i): FoundBundle => ({
      tag,
      id: bytesToHex(random(32)),
      // Signed by the stream's own key, as the user's own records are: only the plaintext is wrong.
      issuer: bytesToHex(readIssuer(good.txs[0])),
      payload: sealEnvelope(plain, [hexToBytes(me.agreementKey)], random),
      issuedAt: 1000 + i,
      attachedAt: 1000 + i,
      confirmed: false,
    }));
    // The inflate's refusal reaches openFound, and nothing of it is left unhandled elsewhere.
    const unhandled: string[] = [];
    const onUnhandled = (e: PromiseRejectionEvent) => {
      unhandled.push(String(e.reason));
      e.preventDefault();
    };
    addEventListener('unhandledrejection', onUnhandled);
    let opened: Awaited<ReturnType<IdentityService['openFound']>>;
    try {
      opened = await s.openFound([...bad, found(good.txs)]);
      await new Promise((done) => setTimeout(done, 100));
    } finally {
      removeEventListener('unhandledrejection', onUnhandled);
    }
    expect(unhandled).to.deep.equal([]);
    expect(opened.unreadable).to.equal(5);
    expect(opened.records.map((r) => r.resource.valueString)).to.deep.equal(['Readable']);
  });

  it('locking drops every key: nothing can be signed, sealed or opened until the next unlock', async () => {
    const s = await service(6);
    const { words, check } = s.beginNew('patient');
    s.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
    const me = await s.create({ profile: PROFILE, label: 'Olena', passphrase: 'a good passphrase' });
    const rec = await s.sealRecord(noteObservationOf('Before the lock', new Date('2026-12-04T12:00:00Z')));
    s.lock();
    expect(s.info()).to.equal(null);
    expect(await reason(s.sealRecord(noteObservationOf('x', new Date('2026-12-04T12:00:00Z'))))).to.equal('locked');
    expect(await reason(s.signBundle({ kind: 1, payload: new Uint8Array(1) }))).to.equal('locked');
    expect(await reason(() => s.expectedTags())).to.equal('locked');
    expect(await reason(s.openFound([found(rec.txs)]))).to.equal('locked');
    expect(await reason(s.unlock(me.id, 'the wrong passphrase'))).to.equal('wrong-passphrase');
    await s.unlock(me.id, 'a good passphrase');
    expect((await s.openFound([found(rec.txs)])).records.map((r) => r.resource.valueString)).to.deep.equal(['Before the lock']);
    // A lock while records are being opened stops the opening: nothing opened comes back after it.
    const opening = s.openFound([found(rec.txs), found(rec.txs)]);
    s.lock();
    expect(await reason(opening)).to.equal('locked');
    await s.unlock(me.id, 'a good passphrase');
    // The identity's own test bundles verify under its identity key.
    const txs = await s.signBundle({ kind: 1, payload: new TextEncoder().encode('test') });
    expect(bytesToHex(readIssuer(txs[0]))).to.equal(me.signingKey);
    expect(await verifyEd25519(hexToBytes(me.signingKey), txs[0].subarray(BUNDLE_OFFSET, BUNDLE_OFFSET + 32), txs[0].subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + 64))).to.equal(true);
    expect(await reason(s.setAutoLock(3))).to.match(/minutes must be one of/);
    await s.setAutoLock(10);
    s.lock();
    expect((await s.unlock(me.id, 'a good passphrase')).autoLockMinutes).to.equal(10);
  });

  it('a passphrase change keeps every record readable: the same keys, the same tags, only the vault key re-wrapped', async () => {
    const s = await service(9);
    const { words, check } = s.beginNew('patient');
    s.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
    const me = await s.create({ profile: PROFILE, label: 'Olena', passphrase: 'a good passphrase' });
    const doctorKey = x25519.getPublicKey(seeded(90)(32));
    const own = await s.sealRecord(noteObservationOf('Mine, before the change', new Date('2026-12-04T12:00:00Z')));
    const shared = await s.sealRecord(noteObservationOf('For the doctor, before the change', new Date('2026-12-04T12:05:00Z')), { to: doctorKey });
    const tagsBefore = (await s.expectedTags()).map(bytesToHex);
    await s.changePassphrase('a good passphrase', 'a new and better passphrase');
    s.lock();
    expect(await reason(s.unlock(me.id, 'a good passphrase')), 'the old passphrase').to.equal('wrong-passphrase');
    const again = await s.unlock(me.id, 'a new and better passphrase');
    expect(again.signingKey).to.equal(me.signingKey);
    expect(again.agreementKey).to.equal(me.agreementKey);
    expect((await s.expectedTags()).map(bytesToHex)).to.deep.equal(tagsBefore);
    const opened = await s.openFound([found(own.txs), found(shared.txs)]);
    expect(opened.unreadable).to.equal(0);
    expect(opened.records.map((r) => r.resource.valueString)).to.have.members(['Mine, before the change', 'For the doctor, before the change']);
    // A record made after the change opens beside them.
    const later = await s.sealRecord(noteObservationOf('After the change', new Date('2026-12-04T12:10:00Z')));
    expect((await s.openFound([found(own.txs), found(later.txs)])).records.map((r) => r.resource.valueString)).to.have.members(['Mine, before the change', 'After the change']);
  });

  it("a first contact reaches a doctor under the day's inbox tag, opens for the doctor and the sender only, and comes back to the sender", async () => {
    const make = async (seed: number, label: string) => {
      const s = await service(seed);
      const { words, check } = s.beginNew('patient');
      s.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
      return { s, info: await s.create({ profile: PROFILE, label, passphrase: 'a good passphrase' }) };
    };
    const [doctor, patient, other, outsider] = [await make(10, 'Taras'), await make(11, 'Olena'), await make(12, 'Petro'), await make(13, 'Ivan')];
    const drKey = hexToBytes(doctor.info.agreementKey);
    const at = new Date('2026-12-04T12:00:00Z');
    const sent = await patient.s.sealFirstContact(noteObservationOf('Chest pain when climbing stairs', at), drKey);
    // The tag is the doctor's inbox tag of the day: anyone can compute it from the published key.
    expect(sent.tag).to.equal(bytesToHex(inboxTag(drKey, utcDay(readIssuedAt(sent.txs[0])))));
    // Signed by the sender's key for this relationship: not the identity key, and the key of its later records.
    const issuer = bytesToHex(readIssuer(sent.txs[0]));
    expect(issuer).to.not.equal(patient.info.signingKey);
    const later = await patient.s.sealRecord(noteObservationOf('Follow-up: better since Monday', at), { to: drKey });
    expect(bytesToHex(readIssuer(later.txs[0]))).to.equal(issuer);
    expect(later.tag, 'a later record uses the relationship tag, not the inbox').to.not.equal(sent.tag);

    // The doctor: today's tag is among the inbox tags, and the requests open, each with who signed it.
    expect((await doctor.s.inboxTags(2)).map((t) => bytesToHex(t))).to.include(sent.tag);
    const second = await other.s.sealFirstContact(noteObservationOf('Rash on both arms', at), drKey);
    const inbox = await doctor.s.openInbox([found(sent.txs), found(second.txs), found(later.txs), found(sent.txs)]);
    expect(inbox.unreadable).to.equal(0);
    expect(inbox.requests.map((r) => [r.resource.valueString, r.from])).to.have.deep.members([
      ['Chest pain when climbing stairs', issuer],
      ['Rash on both arms', bytesToHex(readIssuer(second.txs[0]))],
    ]);
    // Another identity's inbox holds none of it.
    expect((await outsider.s.openInbox([found(sent.txs), found(second.txs)])).requests).to.deep.equal([]);

    // The sender finds its request again, filed under the relationship with the doctor; another
    // sender's request under the same tag is neither listed nor counted as unreadable.
    const mine = await patient.s.openFound([found(sent.txs), found(second.txs), found(later.txs)]);
    expect(mine.unreadable).to.equal(0);
    expect(mine.records.map((r) => [r.resource.valueString, r.with])).to.have.deep.members([
      ['Chest pain when climbing stairs', doctor.info.agreementKey],
      ['Follow-up: better since Monday', doctor.info.agreementKey],
    ]);
    patient.s.lock();
    await patient.s.unlock(patient.info.id, 'a good passphrase');
    expect((await patient.s.openFound([found(sent.txs)])).records.map((r) => r.resource.valueString), 'after an unlock').to.deep.equal(['Chest pain when climbing stairs']);

    expect(await reason(patient.s.sealFirstContact(noteObservationOf('x', at), new Uint8Array(31)))).to.match(/doctor must be a 32-byte X25519 public key/);
    expect(await reason(patient.s.sealFirstContact(noteObservationOf('x', at), hexToBytes(patient.info.agreementKey)))).to.match(/another identity/);
    expect(await reason(doctor.s.inboxTags(0))).to.match(/days must be an integer from 1 to 366/);
  });
});

describe('identity service: a pair of a patient and a doctor', function () {
  this.timeout(120_000);
  after(async () => {
    for (const n of dbs) await deleteDB(n);
  });

  const make = async (seed: number, label: string) => {
    const s = await service(seed);
    const { words, check } = s.beginNew('patient');
    s.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
    return { s, info: await s.create({ profile: PROFILE, label, passphrase: 'a good passphrase' }) };
  };
  const at = new Date('2026-12-04T12:00:00Z');
  const texts = (records: { resource: Record<string, unknown> }[]) => records.map((r) => r.resource.valueString);

  it("the doctor answers under the pair's own tags: the patient finds the answers as the doctor's, across a lock, and each side counts on", async () => {
    const [patient, doctor] = [await make(20, 'Olena'), await make(21, 'Taras')];
    const drKey = hexToBytes(doctor.info.agreementKey);
    const request = await patient.s.sealFirstContact(noteObservationOf('Cough for two weeks', at), drKey);
    // Before the doctor opened the inbox, the pair's tags are not the doctor's to look for.
    expect((await doctor.s.expectedTags()).map(bytesToHex)).to.not.include(request.tag);
    const inbox = await doctor.s.openInbox([found(request.txs)]);
    expect(inbox.requests.map((r) => [r.resource.valueString, r.sender])).to.deep.equal([['Cough for two weeks', patient.info.agreementKey]]);
    const patientKey = hexToBytes(inbox.requests[0].sender);

    const answers = [];
    for (const text of ['Diagnosis: acute bronchitis', 'Prescription: rest and fluids']) answers.push(await doctor.s.sealRecord(noteObservationOf(text, at), { to: patientKey }));
    // The patient looks for the doctor's tags ahead of any answer (the pair's secret, no message needed).
    const patientTags = (await patient.s.expectedTags()).map(bytesToHex);
    expect(patientTags).to.include.members(answers.map((a) => a.tag));
    const seen = await patient.s.openFound([found(request.txs), ...answers.map((a) => found(a.txs))]);
    expect(seen.unreadable).to.equal(0);
    expect(seen.records.map((r) => [r.resource.valueString, r.author, r.with])).to.have.deep.members([
      ['Cough for two weeks', 'me', doctor.info.agreementKey],
      ['Diagnosis: acute bronchitis', 'counterpart', doctor.info.agreementKey],
      ['Prescription: rest and fluids', 'counterpart', doctor.info.agreementKey],
    ]);
    // The patient's follow-up goes under the pair's tags of the patient's side, which the doctor looks for.
    const followUp = await patient.s.sealRecord(noteObservationOf('Still coughing at night', at), { to: drKey });
    expect((await doctor.s.expectedTags()).map(bytesToHex)).to.include.members([followUp.tag, ...answers.map((a) => a.tag)]);
    const doctorSees = await doctor.s.openFound([found(request.txs), found(followUp.txs), ...answers.map((a) => found(a.txs))]);
    expect(doctorSees.unreadable).to.equal(0);
    expect(doctorSees.records.map((r) => [r.resource.valueString, r.author, r.with])).to.have.deep.members([
      ['Cough for two weeks', 'counterpart', patient.info.agreementKey],
      ['Still coughing at night', 'counterpart', patient.info.agreementKey],
      ['Diagnosis: acute bronchitis', 'me', patient.info.agreementKey],
      ['Prescription: rest and fluids', 'me', patient.info.agreementKey],
    ]);

    // Both remember across a lock: the doctor its inbox's sender, the patient the answers heard, so
    // the tags looked for go on past them.
    for (const side of [patient, doctor]) {
      side.s.lock();
      await side.s.unlock(side.info.id, 'a good passphrase');
    }
    const third = await doctor.s.sealRecord(noteObservationOf('Exercises: breathing, twice a day', at), { to: patientKey });
    const tagsNow = (await patient.s.expectedTags()).map(bytesToHex);
    expect(tagsNow).to.include(third.tag);
    expect(texts((await patient.s.openFound([found(third.txs)])).records)).to.deep.equal(['Exercises: breathing, twice a day']);
    expect(texts((await doctor.s.openFound([found(request.txs), found(followUp.txs)])).records)).to.have.members(['Cough for two weeks', 'Still coughing at night']);
  });

  it("refuses what an outsider files under a pair's tag or in an inbox: no MAC of the pair, a MAC moved to another tag, a sender's key it does not hold", async () => {
    const [patient, doctor, outsider] = [await make(30, 'Olena'), await make(31, 'Taras'), await make(32, 'Ivan')];
    const drKey = hexToBytes(doctor.info.agreementKey);
    const request = await patient.s.sealFirstContact(noteObservationOf('Back pain', at), drKey);
    const patientKey = hexToBytes((await doctor.s.openInbox([found(request.txs)])).requests[0].sender);
    const answer = await doctor.s.sealRecord(noteObservationOf('Diagnosis: strain', at), { to: patientKey });
    const next = (await patient.s.expectedTags()).map(bytesToHex).filter((t) => t !== answer.tag && t !== request.tag);

    // 1. An outsider who saw the answer's tag (tags are public once attached) files its own message
    //    under the doctor's next tag, sealed for the patient: a pair message naming the doctor, with
    //    a MAC it cannot compute.
    const forgedPlain = await deflateRaw(pairMessage(doctor.info.agreementKey, 'ab'.repeat(32), JSON.stringify(noteObservationOf('Stop all medicines', at))));
    const forged = await outsider.s.signBundle({ kind: 1, payload: sealEnvelope(forgedPlain, [patientKey], seeded(33)) });
    // 2. The doctor's real answer moved under another of the pair's tags (its MAC names its own tag).
    const moved = next.map((tag) => ({ ...found(answer.txs), tag, id: 'ee'.repeat(32) }));
    const opened = await patient.s.openFound([...next.map((tag) => ({ ...found(forged), tag })), ...moved, found(answer.txs)]);
    expect(texts(opened.records)).to.deep.equal(['Diagnosis: strain']);
    expect(opened.unreadable).to.equal(next.length * 2);

    // 3. A request that names the patient's key but is the outsider's: it cannot make the pair's MAC.
    const claim = await deflateRaw(pairMessage(patient.info.agreementKey, '00'.repeat(32), JSON.stringify(noteObservationOf('I am Olena', at))));
    const fake = await outsider.s.signBundle({ kind: 1, payload: sealEnvelope(claim, [drKey], seeded(34)) });
    const inbox = await doctor.s.openInbox([{ ...found(fake), tag: request.tag }, found(request.txs)]);
    expect(texts(inbox.requests)).to.deep.equal(['Back pain']);
    expect(inbox.unreadable).to.equal(1);
    // The outsider's own honest request opens, as the outsider's.
    const honest = await outsider.s.sealFirstContact(noteObservationOf('A question', at), drKey);
    expect((await doctor.s.openInbox([found(honest.txs)])).requests.map((r) => r.sender)).to.deep.equal([outsider.info.agreementKey]);
    // And the outsider opens none of the pair's messages.
    expect((await outsider.s.openFound([found(request.txs), found(answer.txs)])).records).to.deep.equal([]);
  });

  it('trusts clinics by key, once each, and forgets them on request', async () => {
    const { s, info } = await make(40, 'Olena');
    const clinic = (n: number) => seeded(400 + n)(32);
    expect(s.trustedClinics()).to.deep.equal([]);
    await s.trustClinic(clinic(1), '  Rivne district clinic ');
    const list = await s.trustClinic(clinic(2), 'Lutsk hospital');
    expect(list.map((c) => [c.key, c.name])).to.deep.equal([
      [bytesToHex(clinic(1)), 'Rivne district clinic'],
      [bytesToHex(clinic(2)), 'Lutsk hospital'],
    ]);
    expect((await s.trustClinic(clinic(1), 'Rivne clinic')).map((c) => c.name), 'again: renamed, not doubled').to.deep.equal(['Lutsk hospital', 'Rivne clinic']);
    s.lock();
    await s.unlock(info.id, 'a good passphrase');
    expect(s.trustedClinics().map((c) => c.name), 'kept in the vault').to.deep.equal(['Lutsk hospital', 'Rivne clinic']);
    expect((await s.untrustClinic(bytesToHex(clinic(2)))).map((c) => c.name)).to.deep.equal(['Rivne clinic']);
    expect(await reason(s.trustClinic(new Uint8Array(31), 'x'))).to.match(/key must be a 32-byte Ed25519 public key/);
    expect(await reason(s.trustClinic(clinic(3), ' '))).to.match(/name must be 1 to 120 characters/);
    expect(await reason(s.trustClinic(hexToBytes(info.signingKey), 'Me'))).to.match(/another identity/);
  });
});

describe('identity service errors', function () {
  it('names what is missing', async () => {
    const s = await service(7);
    expect(await reason(() => s.checkBackup([]))).to.equal('no-draft');
    expect(await reason(() => s.beginNew('nurse' as never))).to.match(/role must be 'patient', 'doctor' or 'clinic'/);
    expect(() => noteObservationOf('  ', new Date('x'))).to.throw(RangeError, /text must be a non-empty string/);
    expect(IdentityError.name).to.equal('IdentityError');
  });
});
