// Input of `directory.search_ms.n1e4` and `directory.index_ms.n1e4`: a replica holding a directory of
// published doctor profiles and clinic attestations, made as the app makes them (web/core/directory's
// builders, buildBundle of kind TX_KINDS.profile under DIRECTORY_TAG, signed by each doctor's own
// Ed25519 key, attached with PoW and imported through Replica.importTransactions), and the prefix
// queries a patient types. Made in the tangle worker before anything is timed; never cached on disk.

import { attachBundle, buildBundle } from '../web/core/bundle/index.ts';
import { GENESIS_ID, NONCE_OFFSET } from '../web/core/tx/index.ts';
import { encodeArchive } from '../web/core/validate/index.ts';
import { DIRECTORY_KIND, DIRECTORY_TAG, PRACTICE_SETTINGS, attestationRecord, profileRecord, type DirectoryRecord } from '../web/core/directory/index.ts';
import { generateSigningKey } from '../web/crypto/index.ts';
import type { Replica } from '../web/ledger/index.ts';
import type { Core } from '../web/wasm/index.ts';
import { mulberry32 } from './naive-cw.ts';
import { randomBytes } from './tangle-fixtures.ts';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

// Family names from syllables, Ukrainian and Latin (with the accents and letters NFD decomposes: й,
// ї, é, ü, ř, ñ, and some it does not: ł, ø), so that the index holds thousands of distinct words
// with shared prefixes, as a real register does.
const UK_SYLLABLES = ['ко', 'ва', 'лен', 'шев', 'чен', 'бон', 'да', 'рен', 'тка', 'ол', 'ій', 'мель', 'по', 'лі', 'щу', 'гри', 'го', 'ро', 'сав', 'ї', 'зу', 'бе', 'єв', 'ґа'];
const UK_ENDINGS = ['ко', 'енко', 'ук', 'юк', 'ич', 'ський', 'ець', 'ник', 'чук', 'ій'];
const LATIN_SYLLABLES = ['mü', 'ler', 'gar', 'cí', 'no', 'vák', 'dvo', 'řá', 'ko', 'vács', 'le', 'fè', 'søn', 'der', 'łu', 'ka', 'ñu', 'ez', 'ber', 'tin', 'ro', 'si', 'an', 'mar'];
const LATIN_ENDINGS = ['a', 'ova', 'ski', 'son', 'er', 'ez', 'ić', 'ová', 'in', 'et'];
const GIVEN = ['Олена', 'Андрій', 'Ірина', 'Юрій', 'Софія', 'Олексій', 'Наталія', 'Йосип', 'Марія', 'Тарас', 'Anna', 'José', 'Zoë', 'Łukasz', 'Søren', 'Chloé', 'Jiří', 'Noël', 'Ana', 'Max'];

/** A seeded family name: 2 or 3 syllables and an ending, Ukrainian two times in three. */
function familyName(next: () => number): string {
  const uk = next() < 2 / 3;
  const syl = uk ? UK_SYLLABLES : LATIN_SYLLABLES;
  const end = uk ? UK_ENDINGS : LATIN_ENDINGS;
  let s = '';
  const n = 2 + Math.floor(next() * 2);
  for (let i = 0; i < n; i++) s += syl[Math.floor(next() * syl.length)];
  s += end[Math.floor(next() * end.length)];
  return s[0].toUpperCase() + s.slice(1);
}

export interface DirectoryFixture {
  /** The doctors, in the order published: their names and specialty codes, for the queries and the checks. */
  doctors: { key: string; familyName: string; givenName: string; specialtyCode: string; licence: string }[];
  /** Clinic keys, and how many attestations each published. */
  clinics: string[];
  attestations: number;
  txs: number;
  bundles: number;
  /** Bytes of the profile and attestation payloads (min, max), and the txs of the largest bundle. */
  payloadBytes: { min: number; max: number };
  maxBundleTxs: number;
}

/**
 * Publishes o.profiles doctor profiles (each signed by the doctor's own fresh key; specialties in
 * turn through every code of the value set; 1 in 10 with a free text beside the code) and o.attestations
 * attestations by o.clinics clinics (of the first doctors, in turn), into the fresh `replica`: bundles
 * approve tails of the 8 bundles before them, attached at increasing times at o.mwm, imported in
 * archives of about o.archiveTxs txs, each of which must be stored whole.
 */
export async function fillDirectoryReplica(
  core: Core,
  replica: Replica,
  o: { profiles: number; attestations: number; clinics: number; archiveTxs: number; mwm: number },
  progress: (done: number) => void,
): Promise<DirectoryFixture> {
  const next = mulberry32(0xd17ec7);
  const pow = async (digest: Uint8Array, mwm: number): Promise<bigint> => {
    const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
    if (r.nonce === null) throw new Error('the PoW search found no nonce');
    return r.nonce;
  };
  const clinicKeys = await Promise.all(Array.from({ length: o.clinics }, () => generateSigningKey()));
  const total = o.profiles + o.attestations;
  const t0 = Date.now() - 3 * 3600_000 - total;
  const tails: Uint8Array[] = [];
  let records: { id: Uint8Array; bytes: Uint8Array }[] = [];
  let stored = 0;
  let minBytes = Infinity;
  let maxBytes = 0;
  let maxBundleTxs = 0;
  const flush = async () => {
    if (records.length === 0) return;
    const report = await replica.importTransactions(encodeArchive(records));
    if (report.accepted !== records.length) throw new Error(`directory: stored ${report.accepted} of ${records.length} txs (${JSON.stringify(report.counts)})`);
    stored += records.length;
    records = [];
  };
  const publish = async (b: number, key: { publicKey: Uint8Array; sign(m: Uint8Array): Promise<Uint8Array> }, record: DirectoryRecord<unknown>) => {
    minBytes = Math.min(minBytes, record.payload.length);
    maxBytes = Math.max(maxBytes, record.payload.length);
    const pick = () => (b === 0 ? GENESIS_ID : tails[b - 1 - Math.floor(next() * Math.min(b, 8))]);
    const txs = await buildBundle({ kind: DIRECTORY_KIND, issuer: key.publicKey, tag: DIRECTORY_TAG, issuedAt: t0 + b, payload: record.payload }, (m) => key.sign(m));
    const attached = await attachBundle(txs, { trunk: pick(), branch: pick(), attachedAt: t0 + b, mwm: o.mwm, pow });
    maxBundleTxs = Math.max(maxBundleTxs, attached.length);
    const ids = attached.map((bytes) => core.txHashes(bytes, NONCE_OFFSET).id);
    for (let i = attached.length - 1; i >= 0; i--) records.push({ id: ids[i], bytes: attached[i] });
    tails.push(ids[0]);
    if (records.length >= o.archiveTxs) await flush();
    if (b % 500 === 499) progress(b + 1);
  };
  const doctors: DirectoryFixture['doctors'] = [];
  let b = 0;
  for (let i = 0; i < o.profiles; i++, b++) {
    const key = await generateSigningKey();
    const setting = PRACTICE_SETTINGS[i % PRACTICE_SETTINGS.length];
    const doctor = {
      key: hex(key.publicKey),
      familyName: familyName(next),
      givenName: GIVEN[Math.floor(next() * GIVEN.length)],
      specialtyCode: setting.code,
      licence: `UA-${100000 + i}`,
    };
    doctors.push(doctor);
    const record = profileRecord({
      signingKey: doctor.key,
      agreementKey: hex(randomBytes(new Uint8Array(32))),
      familyName: doctor.familyName,
      givenName: doctor.givenName,
      licence: doctor.licence,
      specialtyCode: doctor.specialtyCode,
      specialtyText: i % 10 === 9 ? 'Консультації онлайн' : undefined,
      clinic: `Клініка №${1 + (i % 97)}`,
      issuedAt: t0 + b,
    });
    await publish(b, key, record);
  }
  for (let k = 0; k < o.attestations; k++, b++) {
    const clinic = clinicKeys[k % clinicKeys.length];
    const d = doctors[k % doctors.length];
    const record = attestationRecord({
      clinicKey: hex(clinic.publicKey),
      clinicName: `Клініка №${1 + (k % clinicKeys.length)}`,
      doctor: { signingKey: d.key, familyName: d.familyName, givenName: d.givenName, licence: d.licence },
      issuedAt: t0 + b,
    });
    await publish(b, clinic, record);
  }
  await flush();
  if (replica.txCount !== stored) throw new Error(`directory: the replica holds ${replica.txCount} txs, not ${stored}`);
  return {
    doctors,
    clinics: clinicKeys.map((k) => hex(k.publicKey)),
    attestations: o.attestations,
    txs: stored,
    bundles: total,
    payloadBytes: { min: minBytes, max: maxBytes },
    maxBundleTxs,
  };
}

/**
 * The prefix queries a patient types, from the directory itself (seeded): prefixes of 1 to 6
 * characters of specialty names (English display and Ukrainian wording), prefixes of 1 to 5 of family
 * names as written and with their accents taken off, and a family-name prefix with a specialty prefix.
 */
export function directoryQueries(doctors: DirectoryFixture['doctors'], count: number): string[] {
  const next = mulberry32(0x9e3779b9);
  const out: string[] = [];
  const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
  const cut = (s: string, max: number) => s.slice(0, 1 + Math.floor(next() * Math.min(max, s.length)));
  for (let i = 0; i < count; i++) {
    const d = doctors[Math.floor(next() * doctors.length)];
    const s = PRACTICE_SETTINGS.find((x) => x.code === d.specialtyCode)!;
    switch (i % 5) {
      case 0:
        out.push(cut(s.display, 6));
        break;
      case 1:
        out.push(cut(s.uk, 6));
        break;
      case 2:
        out.push(cut(d.familyName, 5));
        break;
      case 3:
        out.push(strip(cut(d.familyName, 5)).toLowerCase());
        break;
      default:
        out.push(`${cut(d.familyName, 3)} ${cut(s.uk, 4)}`);
    }
  }
  return out;
}
