// Reading a FHIR R4 JSON file from elsewhere into records. Bounded first (size, nesting, entries),
// then every resource validated (./_validate.ts), then Bundles flattened. Nothing here throws: the
// file is hostile until proven otherwise.
import type { Bundle, Composition, Identifier, Patient, Reference, Resource } from '@medplum/fhirtypes';
import { KEY_X25519 } from './_ips.ts';
import { type Problem, type Rule, validate } from './_validate.ts';

/** Largest file read, in bytes of UTF-8 JSON: an IPS of a long history is tens of kB; attachments make MBs. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
/** Most resources a file may hold (Bundle entries, nested Bundles' entries included). */
export const MAX_IMPORT_ENTRIES = 1000;
/** Deepest JSON nesting read (an IPS nests about 10 deep; QuestionnaireResponse items nest further). */
export const MAX_IMPORT_DEPTH = 64;
/** Errors listed at most; one more of rule `too-many-errors` says the list stops there. */
export const MAX_IMPORT_ERRORS = 100;

/** Every rule an import error can have: the screens give each a message. */
export const IMPORT_RULES: readonly Rule[] = Object.freeze([
  'json',
  'too-large',
  'too-deep',
  'too-many-entries',
  'too-many-errors',
  'not-a-resource',
  'unknown-resource-type',
  'unsupported-resource-type',
  'bundle-type',
  'required',
  'type',
  'unknown-element',
  'cardinality',
  'format',
  'empty',
  'value',
  'invariant',
  'code',
  'invalid',
] as const);

/** Who a file's Patient is (it is shown, not stored: the importing identity is the patient). */
export interface ImportedPatient {
  name?: string;
  birthDate?: string;
  identifier: Identifier[];
}

/** What a valid file holds, for the screen to show before storing. */
export interface ImportSummary {
  /** The file's top resource type, and the Bundle's type: 'Bundle/document', 'Bundle/collection', 'Condition'... */
  kind: string;
  /** How many records of each type would be stored. */
  counts: Record<string, number>;
  /** The file's Patients, not stored. */
  patients: ImportedPatient[];
  /** The document's Composition, not stored (an export writes its own): title and date. */
  composition?: { title?: string; date?: string };
}

export type ImportResult = { ok: true; resources: Resource[]; summary: ImportSummary } | { ok: false; errors: Problem[] };

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const fail = (rule: Rule, detail: string, resource = '(file)', path = ''): ImportResult => ({ ok: false, errors: [{ resource, path, rule, detail }] });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The deepest nesting of a JSON value, without recursion (a hostile file may nest 100,000 deep). */
function tooDeep(root: unknown): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d > MAX_IMPORT_DEPTH) return true;
    for (const c of Array.isArray(v) ? v : Object.values(v)) if (typeof c === 'object' && c !== null) stack.push([c, d + 1]);
  }
  return false;
}

/** Entries of the Bundle and of the Bundles in it (depth is bounded already). */
function countEntries(v: unknown): number {
  if (!isObject(v) || v.resourceType !== 'Bundle' || !Array.isArray(v.entry)) return 0;
  let n = v.entry.length;
  for (const e of v.entry) if (isObject(e)) n += countEntries(e.resource);
  return n;
}

function nameOf(p: Patient): string | undefined {
  const n = p.name?.[0];
  if (!n) return undefined;
  return n.text ?? ([...(n.given ?? []), n.family].filter(Boolean).join(' ') || undefined);
}

/** Rewrites in place each Reference to one of `targets`: without its `reference`, or `fill` when nothing is left. */
function unlink(value: unknown, targets: ReadonlySet<string>, fill: Reference): void {
  if (Array.isArray(value)) {
    for (const v of value) unlink(v, targets, fill);
    return;
  }
  if (!isObject(value)) return;
  if (typeof value.reference === 'string' && targets.has(value.reference)) {
    delete value.reference;
    if (Object.keys(value).length === 0) Object.assign(value, structuredClone(fill));
  }
  for (const v of Object.values(value)) unlink(v, targets, fill);
}

/**
 * Reads a FHIR R4 JSON file: a resource of an accepted type, or a document or collection Bundle of
 * them. Either every resource is valid and `resources` are the records to store (Bundles flattened;
 * Compositions and Patients left out, the Patients described in `summary`), or `errors` lists what
 * is wrong, each naming the resource, the path and the rule. References to the file's Patient lose
 * their `reference` (it resolved only inside the file); one left empty becomes `self` if given,
 * else a reference by the patient's key identifier, else by name. Called by the import screen.
 */
export function readFhirImport(text: string, self?: Reference): ImportResult {
  try {
    return readUnsafe(text, self);
  } catch (e) {
    // Nothing above is expected to throw; this keeps the promise of the signature if something does.
    return fail('invalid', e instanceof Error ? e.message : String(e));
  }
}

function readUnsafe(text: string, self: Reference | undefined): ImportResult {
  if (typeof text !== 'string') return fail('json', 'the file is not text');
  if (text.length > MAX_IMPORT_BYTES || utf8Length(text) > MAX_IMPORT_BYTES) return fail('too-large', `the file is larger than ${MAX_IMPORT_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail('json', e instanceof Error ? e.message : 'not JSON');
  }
  if (tooDeep(parsed)) return fail('too-deep', `the JSON nests deeper than ${MAX_IMPORT_DEPTH} levels`);
  if (!isObject(parsed) || typeof parsed.resourceType !== 'string') return fail('not-a-resource', 'expected a JSON object with a resourceType');
  const entries = countEntries(parsed);
  if (entries > MAX_IMPORT_ENTRIES) return fail('too-many-entries', `the file holds ${entries} entries, more than ${MAX_IMPORT_ENTRIES}`, 'Bundle', 'Bundle.entry');

  const problems = validate(parsed);
  if (problems.length) {
    const errors = problems.slice(0, MAX_IMPORT_ERRORS);
    if (problems.length > MAX_IMPORT_ERRORS)
      errors.push({ resource: '(file)', path: '', rule: 'too-many-errors', detail: `${problems.length - MAX_IMPORT_ERRORS} more errors are not listed` });
    return { ok: false, errors };
  }

  const top = parsed as unknown as Resource;
  const flat: { resource: Resource; fullUrl?: string }[] = [];
  const visit = (r: Resource, fullUrl: string | undefined) => {
    if (r.resourceType === 'Bundle') {
      for (const e of r.entry ?? []) if (e.resource) visit(e.resource, e.fullUrl);
    } else flat.push({ resource: r, fullUrl });
  };
  visit(top, undefined);

  const summary: ImportSummary = { kind: top.resourceType === 'Bundle' ? `Bundle/${(top as Bundle).type}` : top.resourceType, counts: {}, patients: [] };
  const patientRefs = new Set<string>();
  let keyIdentifier: Identifier | undefined;
  let patientName: string | undefined;
  for (const { resource: r, fullUrl } of flat) {
    if (r.resourceType === 'Patient') {
      summary.patients.push({ name: nameOf(r), birthDate: r.birthDate, identifier: r.identifier ?? [] });
      if (fullUrl) patientRefs.add(fullUrl);
      if (r.id) patientRefs.add(`Patient/${r.id}`);
      keyIdentifier ??= r.identifier?.find((i) => i.system === KEY_X25519 && i.value);
      patientName ??= nameOf(r);
    } else if (r.resourceType === 'Composition' && !summary.composition) {
      const c = r as Composition;
      summary.composition = { title: c.title, date: c.date };
    }
  }
  const fill: Reference =
    self ??
    (keyIdentifier
      ? { type: 'Patient', identifier: { system: keyIdentifier.system, value: keyIdentifier.value } }
      : { type: 'Patient', ...(patientName ? { display: patientName } : {}) });

  const resources: Resource[] = [];
  for (const { resource } of flat) {
    if (resource.resourceType === 'Patient' || resource.resourceType === 'Composition') continue;
    const r = structuredClone(resource);
    unlink(r, patientRefs, fill);
    resources.push(r);
    summary.counts[r.resourceType] = (summary.counts[r.resourceType] ?? 0) + 1;
  }
  return { ok: true, resources, summary };
}
