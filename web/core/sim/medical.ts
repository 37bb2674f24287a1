// The medical workload: presets, and the bundle sizes the app's care forms really produce.
//
// How the sizes are measured (measureConsultationTxs): each record of a consultation is built by the
// app's own care builders (web/core/care: consultationRequest, diagnosisCondition,
// prescriptionRequest, exercisePlan) from filled-in forms, then sized as the identity service seals
// it (web/identity/service.ts sealFirstContact / sealRecord): the resource's JSON as UTF-8, behind
// the 65 bytes a message between two parties starts with (docs/pairs.md: a format byte, the sender's
// agreement key and a 32-byte MAC; random-looking, so they are filled with seeded random bytes
// here), compressed with the platform's raw DEFLATE (CompressionStream 'deflate-raw', as the
// service's _deflate), sealed for 2 readers (the patient and the doctor) of envelopeSize
// (docs/envelope.md), and cut into txs of MAX_PAYLOAD = 1,024 bytes each. Nothing is signed or
// attached: the sizes do not depend on keys or PoW.

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
} from '../care/index.ts';
import { envelopeSize } from '../records/index.ts';
import { MAX_PAYLOAD, TX_SIZE } from '../tx/index.ts';
import { _stream } from './_rng.ts';
import type { ChainParams } from './chain.ts';
import type { TangleParams } from './tangle.ts';
import type { ConsultationTxs, MedicalWorkload } from './workload.ts';

/** docs/pairs.md: format byte (1) + sender's agreement key (32) + MAC (32) before the JSON. */
const PAIR_PREFIX = 65;
/** A record between a patient and a doctor is sealed for both. */
const READERS = 2;

/** What the measurement found, per record kind: envelope bytes and txs of each example. */
export interface ConsultationSizes {
  txs: ConsultationTxs;
  envelopeBytes: Record<keyof ConsultationTxs, number[]>;
  method: string;
}

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const KEY_C = 'c3'.repeat(32);

/** Three consultations as a patient and a doctor would fill in the forms. */
const EXAMPLES = [
  {
    symptoms: { symptoms: [{ code: '25064002' }, { text: 'Pain behind the eyes' }], severity: 'moderate', details: 'Since Monday, worse in the evening' },
    diagnosis: { condition: { code: '25064002', display: 'Headache' }, clinicalStatus: 'active', note: 'Rest, water, less screen time' },
    prescription: { medication: { text: 'Paracetamol 500 mg' }, doseAmount: '1', doseUnit: '{tablet}', route: '26643006', timesPerPeriod: '3', periodUnit: 'd', durationDays: '5', quantity: '15', note: 'After meals' },
    exercises: [{ name: 'Neck stretch', timesPerPeriod: 3, periodUnit: 'd', durationDays: 7, instructions: 'Slowly, 10 times each side' }],
  },
  {
    symptoms: { symptoms: [{ code: '386661006' }, { code: '49727002' }], severity: 'severe', details: 'Температура 38,5 з учора, кашель вночі' },
    diagnosis: { condition: { text: 'Гостра респіраторна інфекція' }, clinicalStatus: 'active', note: 'Рекомендовано відпочинок і багато рідини' },
    prescription: { medication: { text: 'Ibuprofen 200 mg' }, doseAmount: '2', doseUnit: '{tablet}', route: '26643006', timesPerPeriod: '3', periodUnit: 'd', durationDays: '7', quantity: '42', note: 'Після їжі' },
    exercises: [
      { name: 'Breathing exercise', timesPerPeriod: 4, periodUnit: 'd', durationDays: 10, instructions: 'Deep breath in for 4 s, out for 6 s, 5 minutes' },
      { name: 'Walk', timesPerPeriod: 1, periodUnit: 'd', durationDays: 14, instructions: '20 minutes outdoors once the fever is gone' },
    ],
  },
  {
    symptoms: { symptoms: [{ text: 'Lower back pain after work' }], severity: 'mild', details: '' },
    diagnosis: { condition: { text: 'Lumbar strain' }, clinicalStatus: 'active', note: '' },
    prescription: { medication: { text: 'Diclofenac gel 1%' }, doseAmount: '1', doseUnit: '{application}', route: '6064005', timesPerPeriod: '2', periodUnit: 'd', durationDays: '10', quantity: '1', note: 'Thin layer on the painful area' },
    exercises: [
      { name: 'Plank', timesPerPeriod: 2, periodUnit: 'd', durationDays: 14, instructions: '30 s, rest 1 min, 3 times' },
      { name: 'Cat-cow stretch', timesPerPeriod: 2, periodUnit: 'd', durationDays: 14, instructions: '10 slow repetitions' },
      { name: 'Bridge', timesPerPeriod: 1, periodUnit: 'd', durationDays: 21, instructions: '3 sets of 12' },
    ],
  },
];

async function deflateRaw(bytes: Uint8Array): Promise<number> {
  const cs = new CompressionStream('deflate-raw');
  const w = cs.writable.getWriter();
  void w.write(bytes as Uint8Array<ArrayBuffer>);
  void w.close();
  return (await new Response(cs.readable).arrayBuffer()).byteLength;
}

/** Envelope bytes of a resource sealed between two parties (see the top of this file). */
async function sealedSize(resource: unknown, salt: number): Promise<number> {
  const json = new TextEncoder().encode(JSON.stringify(resource));
  const plain = new Uint8Array(PAIR_PREFIX + json.length);
  const rng = _stream(salt, 'pair-prefix');
  for (let i = 0; i < PAIR_PREFIX; i++) plain[i] = rng.u32() & 0xff;
  plain.set(json, PAIR_PREFIX);
  return envelopeSize(READERS, await deflateRaw(plain));
}

/**
 * Builds the example consultations with the app's care builders and sizes their records; the txs
 * per record kind are the largest among the examples. Called by the CLI's report, the simulation
 * screen and tests.
 */
export async function measureConsultationTxs(): Promise<ConsultationSizes> {
  const envelopeBytes: ConsultationSizes['envelopeBytes'] = { request: [], diagnosis: [], prescription: [], exercises: [] };
  const now = new Date(Date.UTC(2026, 2, 10, 9, 30));
  const today = '2026-03-10';
  const patient = { familyName: 'Шевченко', givenName: 'Олена', birthDate: '1984-03-09', agreementKey: KEY_A };
  const doctor = { familyName: 'Novák', givenName: 'Jiří', agreementKey: KEY_B, signingKey: KEY_C };
  for (const [i, ex] of EXAMPLES.entries()) {
    const requestId = `6f1c2a3b-4d5e-4f60-8a7b-${String(100000000000 + i)}`;
    const form = toSymptomForm({ ...ex.symptoms, onset: '2026-03-08' }, today);
    const d = toDiagnosisForm({ ...ex.diagnosis, onset: '2026-03-08' }, today);
    const p = toPrescriptionForm(ex.prescription);
    const e = toExercisesForm({ exercises: ex.exercises });
    if (!form || !d || !p || !e) throw new Error(`example consultation ${i} was refused by the care forms`);
    const ctx = (n: number) => ({
      id: `0b7e9c1d-2f3a-4b5c-9d6e-${String(200000000000 + 10 * i + n)}`,
      requestId,
      author: doctorReference(doctor),
      subject: patientReference(patient),
      now: new Date(now.getTime() + (60 + n) * 60_000),
    });
    const resources = {
      request: consultationRequest(form, { requestId, patient, doctor, now }),
      diagnosis: diagnosisCondition(d, ctx(0)),
      prescription: prescriptionRequest(p, ctx(1)),
      exercises: exercisePlan(e, ctx(2)),
    };
    for (const k of Object.keys(resources) as (keyof ConsultationTxs)[]) envelopeBytes[k].push(await sealedSize(resources[k], 10 * i + k.length));
  }
  const txsOf = (bytes: number[]) => Math.max(...bytes.map((b) => Math.ceil(b / MAX_PAYLOAD)));
  return {
    txs: { request: txsOf(envelopeBytes.request), diagnosis: txsOf(envelopeBytes.diagnosis), prescription: txsOf(envelopeBytes.prescription), exercises: txsOf(envelopeBytes.exercises) },
    envelopeBytes,
    method:
      `${EXAMPLES.length} example consultations built with the app's care builders; each record's JSON behind a ${PAIR_PREFIX}-byte pair prefix, ` +
      `raw DEFLATE (CompressionStream), envelopeSize(${READERS} readers), ${MAX_PAYLOAD} payload bytes per tx; the largest per kind`,
  };
}

/** A named medical scenario: its workload and the parameters of both sides. */
export interface MedicalPreset {
  id: 'district' | 'national';
  clinics: number;
  consultationsPerClinicPerDay: number;
  workload: MedicalWorkload;
  tangle: TangleParams;
  chain: ChainParams;
}

/** Requests per second at the 14:00 peak over the day's mean (workload.ts: the mean shape is night + (1 - night) / 4). */
function peakFactor(night: number): number {
  return 1 / (night + (1 - night) / 4);
}

/**
 * "A district of 50 clinics" (30 consultations a clinic a day, a week) or "a national network"
 * (2,000 clinics, 40 a day, one day). Each clinic is a node that mines on the blockchain side at
 * `deviceHashRate` attempts a second (the CLI passes the bench's measured PoW rate of one worker).
 * Called by the CLI, the simulation screen and tests.
 */
export function medicalPreset(id: MedicalPreset['id'], txs: ConsultationTxs, deviceHashRate: number): MedicalPreset {
  const clinics = id === 'district' ? 50 : 2000;
  const perClinic = id === 'district' ? 30 : 40;
  const nightLevel = 0.05;
  const workload: MedicalWorkload = {
    kind: 'medical',
    consultationsPerDay: clinics * perClinic,
    days: id === 'district' ? 7 : 1,
    nightLevel,
    answerDelayMean: 2 * 3600,
    txs,
  };
  const h = 2;
  // Bundles a second at the peak: each consultation makes 4 bundles.
  const peakBundles = (4 * workload.consultationsPerDay * peakFactor(nightLevel)) / 86_400;
  return {
    id,
    clinics,
    consultationsPerClinicPerDay: perClinic,
    workload,
    // Checked every 30 s, not every h: a week of checks every 2 s would cost more than the rest of the run.
    tangle: { ...defaultTangleParams({ tipSelection: 'alpha', alpha: 0.1, h, lambda: peakBundles }), confirm: { every: 30, samples: 100, threshold: 0.95 } },
    chain: {
      blockInterval: 60,
      intervals: 'exponential',
      blockBytes: 1_000_000,
      headerBytes: 80,
      txBytes: TX_SIZE,
      k: 6,
      h,
      hashRate: clinics * deviceHashRate,
      feePerByte: 1,
    },
  };
}

/**
 * Tangle parameters for a rate `lambda` and delay `h`: the app's MWM (13) and alpha unless given;
 * the entry point 40 lambda h txs deep (at least the app's 15), and a window that holds 4 times
 * that. Why so deep: an entry point only reaches tips in its own future, and a shallower one leaves
 * txs behind even at alpha 0 (docs/simulation.md, the depth experiment: at lambda h = 10, 15 txs
 * left 38% behind, 100 left 0.1%, 200 left 1 tx in 20,000 on one seed of five, 400 none). Confirmation checked every
 * h with the app's first stage (100 walks, 0.95). Called by medicalPreset, the CLI and the screen.
 */
export function defaultTangleParams(o: { tipSelection: 'urts' | 'alpha'; alpha?: number; h: number; lambda: number; mwm?: number; confirm?: boolean }): TangleParams {
  const depth = Math.max(15, Math.ceil(40 * o.lambda * o.h));
  return {
    tipSelection: o.tipSelection,
    alpha: o.alpha ?? 0.1,
    depth,
    h: o.h,
    mwm: o.mwm ?? 13,
    confirm: o.confirm === false ? null : { every: Math.max(o.h, 1e-9), samples: 100, threshold: 0.95 },
    maxWindow: Math.min(2 ** 20, Math.max(4096, 4 * depth)),
  };
}
