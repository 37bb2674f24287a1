// Input of `timeline.open_ms.n1e3`: a patient's timeline of 1,000 records made as the app makes them,
// by real IdentityService instances (one patient, 4 doctors, each on a test vault of its own) and the
// care builders (web/core/care), attached with PoW and imported through Replica.importTransactions.
// Made in the tangle worker before anything is timed; never cached on disk.

import { attachBundle, bundlePayload } from '../web/core/bundle/index.ts';
import {
  consultationRequest,
  diagnosisCondition,
  doctorReference,
  exercisePlan,
  patientReference,
  prescriptionRequest,
  toDiagnosisForm,
  toExercisesForm,
  toPrescriptionForm,
  toSymptomForm,
  type SymptomInput,
} from '../web/core/care/index.ts';
import { DIRECTORY_KIND, DIRECTORY_TAG, profileRecord } from '../web/core/directory/index.ts';
import { GENESIS_ID, NONCE_OFFSET, readIssuedAt, readIssuer, readTag } from '../web/core/tx/index.ts';
import { encodeArchive } from '../web/core/validate/index.ts';
import type { Replica } from '../web/ledger/index.ts';
import { IdentityService, type FoundBundle, type IdentityInfo } from '../web/identity/index.ts';
import type { Profile } from '../web/core/identity/index.ts';
import type { Core } from '../web/wasm/index.ts';
import { mulberry32 } from './naive-cw.ts';

const DAY_MS = 86_400_000;
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const hexToBytes = (h: string) => Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The patient, as onboarding stores the profile. */
export const TIMELINE_PATIENT: Profile = { role: 'patient', familyName: 'Шевченко', givenName: 'Олена', birthDate: '1984-03-09', personId: 'P-200' };
/** The 4 doctors: their names, specialty codes (of the practice-setting value set) and licences. */
export const TIMELINE_DOCTORS = [
  { familyName: 'Коваль', givenName: 'Іван', specialtyCode: '394802001', licence: 'UA-200001' },
  { familyName: 'Мельник', givenName: 'Ірина', specialtyCode: '394579002', licence: 'UA-200002' },
  { familyName: 'Novák', givenName: 'Jiří', specialtyCode: '394585009', licence: 'UA-200003' },
  { familyName: 'Бондаренко', givenName: 'Тарас', specialtyCode: '394602003', licence: 'UA-200004' },
];
/** Symptom forms the patient fills in, in turn: coded symptoms, typed ones, every severity. */
const SYMPTOM_FORMS: Omit<SymptomInput, 'onset'>[] = [
  { symptoms: [{ code: '25064002' }, { text: 'Біль у коліні' }], severity: 'moderate', details: 'Since Monday, worse in the evening' },
  { symptoms: [{ code: '386661006' }, { code: '49727002' }], severity: 'severe', details: 'Температура 38,5 з учора' },
  { symptoms: [{ text: 'Болить спина після роботи' }], severity: 'mild', details: '' },
];

/** One party of the timeline: its unlocked IdentityService and what the service says of it. */
export interface TimelineParty {
  service: IdentityService;
  info: IdentityInfo;
}

export interface TimelineFixture {
  /** The patient's consultations, in the order sent: request id, the doctor's agreement key, the 4 bundles' tail ids (request first). */
  consultations: { requestId: string; doctor: string; tails: string[] }[];
  /** Every record's tail id and the JSON of the resource sealed in it (what the patient must open). */
  resourceOf: Map<string, string>;
  /** Tail ids of the doctors' profiles. */
  profiles: string[];
  txs: number;
  bundles: number;
  /** Txs per bundle: min and max, and the envelope bytes (min, max) of the records. */
  bundleTxs: { min: number; max: number };
  envelopeBytes: { min: number; max: number };
  /** How many UTC days the requests were sent on. */
  requestDays: number;
}

/**
 * Fills the fresh `replica` with the timeline: the 4 doctors' profiles (profileRecord, kind
 * DIRECTORY_KIND under DIRECTORY_TAG, signed by each doctor's identity key), then o.consultations
 * consultations, each a first contact from the patient (sealFirstContact of a consultationRequest
 * Bundle, to the doctors' agreement keys in turn) that the doctor opens (openInbox of it as found),
 * then answers with a diagnosis, a prescription and an exercise plan (sealRecord to the patient).
 * `setClock` moves the services' shared clock: requests spread evenly over the o.days days before
 * `end`, each answered minutes later. Every bundle is attached as it is made (approving tails of
 * the 8 before it, at MWM o.mwm, attached a second after it was issued) and imported in archives
 * of about o.archiveTxs txs, each of which must be stored whole.
 */
export async function fillTimelineReplica(
  core: Core,
  replica: Replica,
  parties: { patient: TimelineParty; doctors: TimelineParty[] },
  o: { consultations: number; days: number; end: number; archiveTxs: number; mwm: number; setClock: (t: number) => void },
  progress: (done: number) => void,
): Promise<TimelineFixture> {
  const { patient, doctors } = parties;
  const next = mulberry32(0x7141e);
  const pow = async (digest: Uint8Array, mwm: number): Promise<bigint> => {
    const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
    if (r.nonce === null) throw new Error('the PoW search found no nonce');
    return r.nonce;
  };
  const tails: Uint8Array[] = [];
  let records: { id: Uint8Array; bytes: Uint8Array }[] = [];
  let stored = 0;
  let lastAttached = 0;
  const bundleTxs = { min: Infinity, max: 0 };
  const envelopeBytes = { min: Infinity, max: 0 };
  const flush = async () => {
    if (records.length === 0) return;
    const report = await replica.importTransactions(encodeArchive(records));
    if (report.accepted !== records.length) throw new Error(`timeline: stored ${report.accepted} of ${records.length} txs (${JSON.stringify(report.counts)})`);
    stored += records.length;
    records = [];
  };
  /** Attaches a signed bundle as the tangle worker would, and gives it as findTagged would hand it on. */
  const attach = async (txs: Uint8Array[]): Promise<FoundBundle> => {
    const b = tails.length;
    const pick = () => (b === 0 ? GENESIS_ID : tails[b - 1 - Math.floor(next() * Math.min(b, 8))]);
    const issuedAt = readIssuedAt(txs[0]);
    const attachedAt = Math.max(issuedAt + 1000, lastAttached + 1);
    lastAttached = attachedAt;
    const attached = await attachBundle(txs, { trunk: pick(), branch: pick(), attachedAt, mwm: o.mwm, pow });
    const ids = attached.map((bytes) => core.txHashes(bytes, NONCE_OFFSET).id);
    for (let i = attached.length - 1; i >= 0; i--) records.push({ id: ids[i], bytes: attached[i] });
    tails.push(ids[0]);
    bundleTxs.min = Math.min(bundleTxs.min, txs.length);
    bundleTxs.max = Math.max(bundleTxs.max, txs.length);
    if (records.length >= o.archiveTxs) await flush();
    return { tag: hex(readTag(txs[0])), id: hex(ids[0]), payload: bundlePayload(txs), issuer: hex(readIssuer(txs[0])), issuedAt, attachedAt, confirmed: false };
  };

  const start = o.end - o.days * DAY_MS;
  // The doctors publish their profiles the day before the first request.
  const profiles: string[] = [];
  for (const [i, d] of doctors.entries()) {
    o.setClock(start - DAY_MS + i * 60_000);
    const who = TIMELINE_DOCTORS[i];
    const record = profileRecord({
      signingKey: d.info.signingKey,
      agreementKey: d.info.agreementKey,
      familyName: who.familyName,
      givenName: who.givenName,
      licence: who.licence,
      specialtyCode: who.specialtyCode,
      clinic: `Клініка №${i + 1}`,
      issuedAt: start - DAY_MS + i * 60_000,
    });
    profiles.push((await attach(await d.service.signBundle({ kind: DIRECTORY_KIND, payload: record.payload, tag: DIRECTORY_TAG }))).id);
  }

  const resourceOf = new Map<string, string>();
  const consultations: TimelineFixture['consultations'] = [];
  const days = new Set<number>();
  const pInfo = patient.info;
  const patientRef = patientReference({ familyName: pInfo.profile.familyName, givenName: pInfo.profile.givenName, agreementKey: pInfo.agreementKey });
  const step = (o.days * DAY_MS) / o.consultations;
  for (let k = 0; k < o.consultations; k++) {
    const d = k % doctors.length;
    const doctor = doctors[d];
    const who = TIMELINE_DOCTORS[d];
    // The patient sends the request (its inbox tag is the UTC day of the patient's clock).
    const sentAt = Math.round(start + k * step);
    o.setClock(sentAt);
    days.add(Math.floor(sentAt / DAY_MS));
    const requestId = crypto.randomUUID();
    const form = toSymptomForm({ ...SYMPTOM_FORMS[k % SYMPTOM_FORMS.length], onset: isoDay(sentAt - 2 * DAY_MS) }, isoDay(sentAt));
    if (form === null) throw new Error('timeline: a symptom form was refused');
    const request = consultationRequest(form, {
      requestId,
      patient: { familyName: pInfo.profile.familyName, givenName: pInfo.profile.givenName, birthDate: pInfo.profile.birthDate, agreementKey: pInfo.agreementKey },
      doctor: { familyName: who.familyName, givenName: who.givenName, agreementKey: doctor.info.agreementKey, signingKey: doctor.info.signingKey },
      now: new Date(sentAt),
    });
    const sent = await attach((await patient.service.sealFirstContact(request, hexToBytes(doctor.info.agreementKey))).txs);
    resourceOf.set(sent.id, JSON.stringify(request));
    envelopeBytes.min = Math.min(envelopeBytes.min, sent.payload.length);
    envelopeBytes.max = Math.max(envelopeBytes.max, sent.payload.length);

    // The doctor finds it in the inbox ten minutes later and opens it, so it knows the patient.
    o.setClock(sentAt + 10 * 60_000);
    const inbox = await doctor.service.openInbox([sent]);
    if (inbox.requests.length !== 1 || inbox.requests[0].sender !== pInfo.agreementKey) throw new Error(`timeline: doctor ${d} could not open request ${k}`);

    // The three answers, a minute apart, each naming the request.
    const ctx = (n: number) => ({
      id: crypto.randomUUID(),
      requestId,
      author: doctorReference({ familyName: who.familyName, givenName: who.givenName, signingKey: doctor.info.signingKey }),
      subject: patientRef,
      now: new Date(sentAt + (11 + n) * 60_000),
    });
    const today = isoDay(sentAt + 11 * 60_000);
    const diagnosis = toDiagnosisForm({ condition: { code: '25064002', display: 'Headache' }, clinicalStatus: 'active', onset: isoDay(sentAt - 2 * DAY_MS), note: 'Рекомендовано відпочинок' }, today);
    const prescription = toPrescriptionForm({
      medication: { text: 'Ibuprofen 200 mg' },
      doseAmount: '1',
      doseUnit: '{tablet}',
      route: '26643006',
      timesPerPeriod: '3',
      periodUnit: 'd',
      durationDays: String(5 + (k % 10)),
      quantity: String(3 * (5 + (k % 10))),
      note: 'Після їжі',
    });
    const exercises = toExercisesForm({
      exercises: [
        { name: 'Plank', timesPerPeriod: 2, periodUnit: 'd', durationDays: 14, instructions: '30 s, rest 1 min' },
        { name: 'Розтяжка шиї', timesPerPeriod: 3, periodUnit: 'd', durationDays: 7, instructions: 'Повільно' },
      ],
    });
    if (!diagnosis || !prescription || !exercises) throw new Error('timeline: an answer form was refused');
    const answers = [diagnosisCondition(diagnosis, ctx(0)), prescriptionRequest(prescription, ctx(1)), exercisePlan(exercises, ctx(2))];
    const tailsOf = [sent.id];
    for (const [n, resource] of answers.entries()) {
      o.setClock(sentAt + (11 + n) * 60_000);
      const b = await attach((await doctor.service.sealRecord(resource, { to: hexToBytes(pInfo.agreementKey) })).txs);
      resourceOf.set(b.id, JSON.stringify(resource));
      envelopeBytes.min = Math.min(envelopeBytes.min, b.payload.length);
      envelopeBytes.max = Math.max(envelopeBytes.max, b.payload.length);
      tailsOf.push(b.id);
    }
    consultations.push({ requestId, doctor: doctor.info.agreementKey, tails: tailsOf });
    if (k % 25 === 24) progress(k + 1);
  }
  await flush();
  if (replica.txCount !== stored) throw new Error(`timeline: the replica holds ${replica.txCount} txs, not ${stored}`);
  return { consultations, resourceOf, profiles, txs: stored, bundles: tails.length, bundleTxs, envelopeBytes, requestDays: days.size };
}
