// Validation of one FHIR R4 JSON resource (a Bundle's entries included) against the trimmed R4
// definitions of ./data/_r4.ts, by @medplum/core's validateResource, plus three checks it lacks:
// - a value that must be an object (a CodeableConcept, a Reference, a backbone element) but is a
//   string or a number: validateResource would report each character of the string as an unknown
//   property (a million errors for a 1 MB string), so these are found first, said once as `type`,
//   and left out of what validateResource sees;
// - keys that name a property of every JS object (`constructor`, `__proto__`, `toString`):
//   validateResource looks elements up with `in` on a plain object and lets them through;
// - the codes of required bindings, which validateResource only collects.
// Contained and entry resources must be of an accepted type, found before validateResource too
// (it aborts on a type it has no definition of). Never throws: an exception of the library becomes
// an error of rule `invalid`.
import { OperationOutcomeError, indexStructureDefinitionBundle, isPrimitiveType, tryGetDataType, validateResource } from '@medplum/core';
import type { InternalSchemaElement, InternalTypeSchema } from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { R4_DATA } from './data/_r4.ts';

/** What an import error is about. */
export type Rule =
  | 'json'
  | 'too-large'
  | 'too-deep'
  | 'too-many-entries'
  | 'too-many-errors'
  | 'not-a-resource'
  | 'unknown-resource-type'
  | 'unsupported-resource-type'
  | 'bundle-type'
  | 'required'
  | 'type'
  | 'unknown-element'
  | 'cardinality'
  | 'format'
  | 'empty'
  | 'value'
  | 'invariant'
  | 'code'
  | 'invalid';

/** One error: which resource, where in it (FHIRPath-like, from the resource's type), which rule. */
export interface Problem {
  resource: string;
  path: string;
  rule: Rule;
  detail: string;
}

interface R4Data {
  source: string;
  accepted: string[];
  r4Types: string[];
  types: StructureDefinition[];
  resources: StructureDefinition[];
  expansions: Record<string, string[]>;
  unexpanded: string[];
}

let data: { accepted: Set<string>; r4Types: Set<string>; expansions: Map<string, Set<string>> } | undefined;

/** Parses and indexes the definitions once, on first use (about 330 kB of JSON). */
function definitions(): NonNullable<typeof data> {
  if (data) return data;
  const raw = JSON.parse(R4_DATA) as R4Data;
  indexStructureDefinitionBundle(raw.types);
  indexStructureDefinitionBundle(raw.resources);
  data = {
    accepted: new Set(raw.accepted),
    r4Types: new Set(raw.r4Types),
    expansions: new Map(Object.entries(raw.expansions).map(([url, codes]) => [url, new Set(codes)])),
  };
  return data;
}

/** The resource types an import may hold. */
export function acceptedTypes(): readonly string[] {
  return [...definitions().accepted];
}

/** Where, in validateResource's paths, each Bundle entry's resource starts, and how errors name it. */
interface Location {
  prefix: string;
  label: string;
  type: string;
}

interface Walk {
  problems: Problem[];
  /** Properties to leave out of what validateResource sees: [object, key, path of the property]. */
  drop: [Record<string, unknown>, string, string][];
  locations: Location[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const OWN = Object.prototype.hasOwnProperty;

/** The element a JSON key stands for, with its type when it is a choice ([x]) element. */
function elementOf(schema: InternalTypeSchema, key: string): { element: InternalSchemaElement; code?: string } | undefined {
  if (OWN.call(schema.elements, key)) return { element: schema.elements[key] };
  for (const [name, element] of Object.entries(schema.elements)) {
    if (!name.endsWith('[x]')) continue;
    const stem = name.slice(0, -3);
    if (!key.startsWith(stem)) continue;
    const t = element.type.find((t) => stem + capitalize(t.code) === key);
    if (t) return { element, code: t.code };
  }
  return undefined;
}

function labelOf(path: string, type: string): string {
  return `${path} (${type})`;
}

/** Checks a resource found at `path` (the resource's own path in validateResource's terms). */
function walkResource(value: unknown, path: string, where: string, w: Walk, isEntry: boolean): boolean {
  if (!isObject(value) || typeof value.resourceType !== 'string') {
    w.problems.push({ resource: where, path, rule: 'not-a-resource', detail: 'expected a JSON object with a resourceType' });
    return false;
  }
  const type = value.resourceType;
  const defs = definitions();
  if (!defs.accepted.has(type)) {
    const known = defs.r4Types.has(type);
    w.problems.push({
      resource: isEntry ? labelOf(where, type) : where,
      path: isEntry ? type : path,
      rule: known ? 'unsupported-resource-type' : 'unknown-resource-type',
      detail: known ? `${type} is an R4 resource type that this app does not import` : `${type} is not an R4 resource type`,
    });
    return false;
  }
  if (isEntry) w.locations.push({ prefix: path, label: labelOf(where, type), type });
  if (type === 'Bundle' && value.type !== 'document' && value.type !== 'collection') {
    w.problems.push({
      resource: isEntry ? labelOf(where, type) : 'Bundle',
      path: 'Bundle.type',
      rule: 'bundle-type',
      detail: `a Bundle of type ${JSON.stringify(value.type)}: only document and collection Bundles are imported`,
    });
  }
  walkObject(value, type, path, w);
  return true;
}

function walkObject(obj: Record<string, unknown>, typeName: string, path: string, w: Walk): void {
  const schema = tryGetDataType(typeName);
  if (!schema) return;
  for (const key of Object.keys(obj)) {
    const keyPath = `${path}.${key}`;
    if (key === 'resourceType') continue;
    if (key in Object.prototype || key === '__proto__') {
      w.problems.push({ resource: '', path: keyPath, rule: 'unknown-element', detail: `${key} is not an element of ${typeName}` });
      w.drop.push([obj, key, keyPath]);
      continue;
    }
    const found = elementOf(schema, key);
    if (!found) continue; // validateResource reports unknown elements itself.
    const v = obj[key];
    // Cardinality and empty properties are checked here, where the path has its indexes: the
    // library names these by the element's path alone (`Bundle.entry.resource.code`).
    const el = found.element;
    const fault = (rule: Rule, detail: string) => {
      w.problems.push({ resource: '', path: keyPath, rule, detail });
      w.drop.push([obj, key, keyPath]);
    };
    if (v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)) {
      fault('empty', 'an empty value (FHIR JSON leaves an element out rather than empty)');
      continue;
    }
    if (Array.isArray(v) !== Boolean(el.isArray) && v !== null) {
      fault('cardinality', el.isArray ? 'expected an array' : 'expected a single value, found an array');
      continue;
    }
    if (Array.isArray(v) && (v.length < el.min || v.length > el.max)) {
      fault('cardinality', `expected ${el.min}..${Number.isFinite(el.max) ? el.max : '*'} values, found ${v.length}`);
      continue;
    }
    const code = found.code ?? el.type[0]?.code;
    if (!code || isPrimitiveType(code)) continue;
    const items = Array.isArray(v) ? v : [v];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const itemPath = Array.isArray(v) ? `${keyPath}[${i}]` : keyPath;
      if (item === null || item === undefined) continue; // validateResource reports nulls.
      if (code === 'Resource') {
        // Bundle.entry.resource is where records are; contained resources belong to their container.
        const isEntry = typeName === 'BundleEntry' && key === 'resource';
        if (!walkResource(item, itemPath, isEntry ? entryName(path) : '', w, isEntry)) {
          w.drop.push([obj, key, keyPath]);
          break;
        }
        continue;
      }
      if (!isObject(item)) {
        w.problems.push({ resource: '', path: itemPath, rule: 'type', detail: `expected ${code} (a JSON object), found ${Array.isArray(item) ? 'an array' : typeof item}` });
        w.drop.push([obj, key, keyPath]);
        break;
      }
      walkObject(item, code, itemPath, w);
    }
  }
}

/** `Bundle.entry[3]` for validateResource's `Bundle.entry[3]`, and nested Bundles in full. */
function entryName(entryPath: string): string {
  return entryPath.replace(/\.resource\./g, '.');
}

/** The rule of one of validateResource's issues, from its code and text (@medplum/core 5.2). */
function ruleOf(issue: OperationOutcomeIssue): Rule {
  const text = issue.details?.text ?? '';
  if (issue.code === 'invariant' || issue.code === 'processing') return 'invariant';
  if (text.startsWith('Missing required property')) return 'required';
  if (text.startsWith('Invalid additional property')) return 'unknown-element';
  if (text.startsWith('Invalid JSON type')) return 'type';
  if (text.startsWith('Invalid number of values') || text.startsWith('Expected array') || text.startsWith('Expected single') || text.startsWith('Incorrect number of values'))
    return 'cardinality';
  if (text.startsWith('Invalid null') || text.startsWith('Invalid undefined') || text.startsWith('Invalid empty') || text.startsWith('String must contain')) return 'empty';
  if (text.startsWith('Value did not match')) return 'value';
  if (/^Invalid \S+ (format|value)$|^Invalid numeric|^Expected number|^String cannot be larger|^base64Binary exceeds/.test(text)) return 'format';
  return 'invalid';
}

/** Names the resource an issue's path falls in, and the path from that resource's type. */
function place(path: string, top: string, locations: Location[]): { resource: string; path: string } {
  let best: Location | undefined;
  for (const l of locations) {
    if ((path === l.prefix || path.startsWith(l.prefix + '.') || path.startsWith(l.prefix + '[')) && (!best || l.prefix.length > best.prefix.length)) best = l;
  }
  if (!best) return { resource: top, path };
  return { resource: best.label, path: best.type + path.slice(best.prefix.length) };
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[');

/** A value a required binding allows, or why not (`system|code` sets from the R4 ValueSets). */
function codeProblem(type: string, value: unknown, codes: Set<string>, url: string): string | undefined {
  const has = (system: unknown, code: unknown) => {
    if (typeof code !== 'string') return false;
    if (typeof system === 'string') return codes.has(`${system}|${code}`);
    for (const c of codes) if (c.endsWith(`|${code}`)) return true;
    return false;
  };
  // A code that is not a string already has its `type` error.
  if (type === 'code') return typeof value !== 'string' || has(undefined, value) ? undefined : `${JSON.stringify(value)} is not a code of ${url}`;
  if (type === 'Coding') {
    const c = value as { system?: unknown; code?: unknown };
    return has(c.system, c.code) ? undefined : `${String(c.system)}|${String(c.code)} is not a code of ${url}`;
  }
  if (type === 'CodeableConcept') {
    const cc = value as { coding?: { system?: unknown; code?: unknown }[] };
    return Array.isArray(cc.coding) && cc.coding.some((c) => isObject(c) && has(c.system, c.code)) ? undefined : `no coding is a code of ${url}`;
  }
  return undefined;
}

/**
 * Every error in `resource` (a parsed JSON value whose depth the caller has bounded), each naming the
 * resource (`Bundle.entry[3] (Condition)`), the path from its type (`Condition.subject`) and the rule.
 */
export function validate(resource: Record<string, unknown>): Problem[] {
  try {
    return validateUnsafe(resource);
  } catch (e) {
    return [{ resource: String(resource.resourceType), path: String(resource.resourceType), rule: 'invalid', detail: e instanceof Error ? e.message : String(e) }];
  }
}

function validateUnsafe(input: Record<string, unknown>): Problem[] {
  const top = typeof input.resourceType === 'string' ? input.resourceType : '';
  // The walk drops properties from a copy, never from the caller's value.
  const resource = structuredClone(input);
  const w: Walk = { problems: [], drop: [], locations: [] };
  if (!walkResource(resource, top, top || '(file)', w, false)) return w.problems;
  const dropped = w.drop.map(([, , p]) => p);
  for (const [obj, key] of w.drop) delete obj[key];
  const out: Problem[] = w.problems.map((p) => (p.resource ? p : { ...p, ...place(p.path, top, w.locations) }));

  const tokens: Record<string, { type: string; value: unknown; path: string }[]> = {};
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource as unknown as Resource, { collect: { tokens } });
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    issues = e.outcome.issue ?? [];
  }
  for (const issue of issues) {
    if (issue.severity !== 'error' && issue.severity !== 'fatal') continue;
    // Counted by the walk, with indexes (the library's path for these has none).
    if (issue.details?.text?.startsWith('Invalid number of values')) continue;
    const path = issue.expression?.[0] ?? top;
    // Issues inside, or (an invariant) on the holder of, a property the walk already reported.
    if (dropped.some((d) => under(path, d) || (issue.code === 'invariant' && path === d.slice(0, d.lastIndexOf('.'))))) continue;
    out.push({ ...place(path, top, w.locations), rule: ruleOf(issue), detail: issue.details?.text ?? issue.code ?? '' });
  }
  const { expansions } = definitions();
  for (const [bound, values] of Object.entries(tokens)) {
    const url = bound.split('|')[0];
    const codes = expansions.get(url);
    if (!codes) continue; // currencies, mimetypes, v3 confidentiality: not in the package's terminology.
    for (const t of values) {
      const problem = codeProblem(t.type, t.value, codes, url);
      if (problem) out.push({ ...place(t.path, top, w.locations), rule: 'code', detail: problem });
    }
  }
  return out;
}
