// The care screens' controller (web/app/controllers/care-controller.ts) between real identity
// services (keys, sealing, the pair protocol: web/identity) and a tangle stand-in that stores what is
// attached, with no proof of work, and finds it by tag as the replica does. A doctor publishes a
// profile that a patient's controller reads from the directory's public tag; the patient sends a
// request that the doctor's inbox opens; the doctor's answer reaches the patient's records; a
// cancelled or failed write stores nothing and says so. The real tangle worker's attach and
// findTagged are tested in test/workers and test/ledger.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CareController } from '../../web/app/controllers/care-controller.ts';
import { RecordsController, type RecordsTangle, type TaggedLike } from '../../web/app/controllers/records-controller.ts';
import { DIRECTORY_TAG, profileRecord, readDirectory } from '../../web/core/directory/index.ts';
import { consultationRequest, diagnosisCondition, doctorReference, patientReference, readCareRecord } from '../../web/core/care/index.ts';
import { bundlePayload } from '../../web/core/bundle/index.ts';
import { readIssuedAt, readIssuer, readTag, txId } from '../../web/core/tx/index.ts';
import { IdentityService, type IdentityInfo } from '../../web/identity/index.ts';
import { VaultStore } from '../../web/vault/index.ts';
import type { IdentityClient } from '../../web/workers/index.ts';
import type { Profile } from '../../web/core/identity/index.ts';
import { Host } from './_host.ts';

const FAST = { N: 2 ** 4, r: 1, p: 1 };
const dbs: string[] = [];

/** A shared "replica": bundles as attached, found by tag. No PoW: the controller's plumbing is under test. */
class FakeTangle extends EventTarget implements RecordsTangle {
  bundles: Uint8Array[][] = [];
  fail = false;
  async findTagged(tags: Uint8Array[]): Promise<TaggedLike[]> {
    const want = new Set(tags.map((t) => bytesToHex(t)));
    return this.bundles
      .filter((txs) => want.has(bytesToHex(readTag(txs[0]))))
      .map((txs) => ({ tag: readTag(txs[0]), tailId: bytesToHex(txId(txs[0])), payload: bundlePayload(txs), issuer: readIssuer(txs[0]), issuedAt: readIssuedAt(txs[0]), attachedAt: readIssuedAt(txs[0]), confirmed: false }));
  }
  async attachSigned(txs: Uint8Array[], options: { signal?: AbortSignal; onProgress?: (p: { txDone: number; txTotal: number }) => void } = {}) {
    await new Promise((r) => setTimeout(r, 5));
    if (options.signal?.aborted) throw new DOMException('stopped', 'AbortError');
    if (this.fail) throw new Error('the disk is full');
    options.onProgress?.({ txDone: txs.length, txTotal: txs.length });
    this.bundles.push(txs);
    return { ids: txs.map((t) => bytesToHex(txId(t))), report: {} as never };
  }
  async refreshConfirmation() {
    return { newlyConfirmed: [] };
  }
}

/** A real identity service seen through the client's shape (the worker's methods, run here). */
async function identity(role: Profile['role'], profile: Profile, seed: number): Promise<{ client: IdentityClient; info: IdentityInfo }> {
  const name = `care-controller-${seed}-${Date.now()}`;
  dbs.push(name);
  let s = seed;
  const random = (n: number) => Uint8Array.from({ length: n }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) & 0xff);
  const service = new IdentityService({ vault: await VaultStore.open({ name, random }), random, kdf: FAST });
  const { words, check } = service.beginNew(role);
  service.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })));
  const info = await service.create({ profile, label: profile.givenName, passphrase: 'a long passphrase' });
  const client = new Proxy(service, {
    get: (target, key) => (key === 'info' ? target.info() : (target as unknown as Record<string | symbol, unknown>)[key]),
  }) as unknown as IdentityClient;
  for (const k of ['signBundle', 'sealRecord', 'sealFirstContact', 'inboxTags', 'openInbox', 'expectedTags', 'openFound', 'trustedClinics', 'trustClinic', 'untrustClinic'] as const) {
    const f = (service as unknown as Record<string, (...a: unknown[]) => unknown>)[k].bind(service);
    (client as unknown as Record<string, unknown>)[k] = async (...a: unknown[]) => f(...a);
  }
  return { client, info };
}

const DOCTOR: Profile = { role: 'doctor', familyName: 'Shevchenko', givenName: 'Taras', personId: 'D-7', specialty: 'Cardiology', specialtyCode: '394579002', clinic: 'Kharkiv Clinic 3', licence: 'UA-2231' };
const PATIENT: Profile = { role: 'patient', familyName: 'Kovalenko', givenName: 'Olena', birthDate: '1985-04-12', personId: 'P-1' };

describe('care controller', function () {
  this.timeout(60_000);
  after(async () => {
    for (const n of dbs) await deleteDB(n);
  });

  it('a published profile, a request and an answer travel through the controller: directory, inbox, records', async () => {
    const tangle = new FakeTangle();
    const dr = await identity('doctor', DOCTOR, 11);
    const pt = await identity('patient', PATIENT, 12);
    const drCare = new CareController(new Host(), { publicTag: DIRECTORY_TAG, inbox: true, identity: dr.client, tangle });
    const ptCare = new CareController(new Host(), { publicTag: DIRECTORY_TAG, identity: pt.client, tangle });

    const profile = profileRecord({ signingKey: dr.info.signingKey, agreementKey: dr.info.agreementKey, familyName: 'Shevchenko', givenName: 'Taras', licence: 'UA-2231', specialtyCode: '394579002', clinic: 'Kharkiv Clinic 3', issuedAt: Date.UTC(2026, 11, 4) });
    expect(await drCare.publish(profile.payload)).to.equal(true);
    expect(drCare.write.state).to.equal('done');
    await ptCare.load();
    const found = readDirectory(ptCare.publicBundles).profiles;
    expect(found.map((p) => [p.familyName, p.agreementKey])).to.deep.equal([['Shevchenko', dr.info.agreementKey]]);

    const requestId = '3f0c2a9e-6d7b-4c1e-9a5f-2b8d7e6c1a40';
    const bundle = consultationRequest(
      { symptoms: [{ text: 'Cough' }], onset: '2026-11-30', severity: 'moderate', details: 'At night' },
      { requestId, patient: { familyName: 'Kovalenko', givenName: 'Olena', agreementKey: pt.info.agreementKey }, doctor: { familyName: 'Shevchenko', givenName: 'Taras', agreementKey: dr.info.agreementKey, signingKey: dr.info.signingKey }, now: new Date() },
    );
    expect(await ptCare.sendRequest(bundle, found[0].agreementKey)).to.equal(true);
    await drCare.load();
    expect(drCare.inbox.map((r) => [readCareRecord(r.resource).kind, r.sender])).to.deep.equal([['request', pt.info.agreementKey]]);

    const condition = diagnosisCondition(
      { condition: { text: 'Acute bronchitis' }, clinicalStatus: 'active', onset: '', note: '' } as never,
      { id: 'a3a7e1a4-5b6c-4d7e-8f90-123456789abc', requestId, author: doctorReference({ familyName: 'Shevchenko', givenName: 'Taras', signingKey: dr.info.signingKey }), subject: patientReference({ familyName: 'Kovalenko', givenName: 'Olena', agreementKey: pt.info.agreementKey }), now: new Date() },
    );
    expect(await drCare.sendToPair(condition, drCare.inbox[0].sender)).to.equal(true);
    const records = new RecordsController(new Host(), { identity: pt.client, tangle });
    await records.load();
    expect(records.records.map((r) => [readCareRecord(r.resource).kind, r.author, r.with])).to.have.deep.members([
      ['request', 'me', dr.info.agreementKey],
      ['diagnosis', 'counterpart', dr.info.agreementKey],
    ]);
  });

  it("one load opens a backlog far past the tags' lookahead: 40 answers of a doctor since the patient last looked", async () => {
    const tangle = new FakeTangle();
    const dr = await identity('doctor', DOCTOR, 31);
    const pt = await identity('patient', PATIENT, 32);
    const ptCare = new CareController(new Host(), { publicTag: DIRECTORY_TAG, identity: pt.client, tangle });
    const drCare = new CareController(new Host(), { publicTag: DIRECTORY_TAG, inbox: true, identity: dr.client, tangle });
    expect(await ptCare.sendRequest({ resourceType: 'Observation', valueString: 'request' } as never, dr.info.agreementKey)).to.equal(true);
    await drCare.load();
    for (let i = 0; i < 40; i++) expect(await drCare.sendToPair({ resourceType: 'Observation', valueString: `answer ${i}` } as never, drCare.inbox[0].sender)).to.equal(true);
    const records = new RecordsController(new Host(), { identity: pt.client, tangle });
    let asks = 0;
    const find = tangle.findTagged.bind(tangle);
    tangle.findTagged = async (tags) => (asks++, find(tags));
    await records.load();
    expect(records.records.length).to.equal(41);
    expect(records.records.filter((r) => r.author === 'counterpart').length).to.equal(40);
    // 16 tags past the last known message each round: 40 answers take 3 rounds and one that finds nothing.
    expect(asks).to.equal(4);
    // A second load asks for nothing new and lists the same.
    await records.load();
    expect(records.records.length).to.equal(41);
  });

  it('a failed or cancelled write stores nothing and says which; trusting a clinic is kept', async () => {
    const tangle = new FakeTangle();
    const pt = await identity('patient', PATIENT, 21);
    const care = new CareController(new Host(), { publicTag: DIRECTORY_TAG, identity: pt.client, tangle });
    tangle.fail = true;
    expect(await care.sendRequest({ resourceType: 'Bundle' }, 'ab'.repeat(32))).to.equal(false);
    expect([care.write.state, care.write.error]).to.deep.equal(['failed', 'the disk is full']);
    tangle.fail = false;
    const going = care.sendRequest({ resourceType: 'Bundle' }, 'ab'.repeat(32));
    care.cancelWrite();
    expect(await going).to.equal(false);
    expect(care.write.state).to.equal('cancelled');
    expect(tangle.bundles).to.deep.equal([]);
    // A malformed key is named before anything is sealed.
    expect(await care.sendRequest({ resourceType: 'Bundle' }, 'not a key')).to.equal(false);
    expect(care.write.error).to.match(/key must be 64 lowercase hex digits/);
    await care.trust('cd'.repeat(32), 'Rivne District Clinic');
    expect(care.trusted.map((c) => c.name)).to.deep.equal(['Rivne District Clinic']);
    await care.load();
    expect(care.trusted.map((c) => c.name)).to.deep.equal(['Rivne District Clinic']);
  });
});
