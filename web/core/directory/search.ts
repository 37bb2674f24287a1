// Searching the directory (issue 9: "a search bar that completes specialties and names as the
// patient types, accent- and case-insensitive, or a list of specialties"). A profile matches when
// every word of the query (./fold.ts) is the prefix of one of its words: its family and given names,
// and its specialty's English display (and the value set's other displays of the code), our
// Ukrainian wording, and the doctor's own text. Built once per directory; each query is binary
// searches in sorted word arrays (./_token-index.ts), never a scan of the profiles.
import { _TokenIndex } from './_token-index.ts';
import { foldText, wordsOf } from './fold.ts';
import type { Directory, DirectoryProfile, Specialty } from './read.ts';
import { practiceSetting } from './specialties.ts';

/** A specialty and how many current profiles have it. */
export interface SpecialtyCount {
  /** The SNOMED CT code, or `text:` and the folded text for an uncoded specialty. */
  key: string;
  specialty: Specialty;
  count: number;
}

/** A completion of what the patient typed: a specialty's name (in English or Ukrainian) or a doctor's name. */
export interface Completion {
  kind: 'specialty' | 'name';
  /** What to show and, chosen, put in the search bar. */
  text: string;
  /** Specialties: the English display, the Ukrainian wording, or the doctor's own text. */
  lang?: 'en' | 'uk' | 'text';
  /** Specialties: SpecialtyCount.key. */
  key?: string;
  /** Profiles it leads to. */
  count: number;
}

/** The key of a profile's specialty in bySpecialty. Used by the screens to list one specialty's profiles. */
export function specialtyKey(s: Specialty): string {
  return s.code ?? `text:${foldText(s.text ?? '')}`;
}

function _specialtyWords(s: Specialty): string[] {
  const out: string[] = [];
  const setting = s.code ? practiceSetting(s.code) : undefined;
  if (setting) {
    out.push(...wordsOf(setting.display), ...wordsOf(setting.uk));
    for (const d of setting.also ?? []) out.push(...wordsOf(d));
  }
  if (s.text) out.push(...wordsOf(s.text));
  return out;
}

/** Plain code-unit order of folded texts: the same in every locale. */
const _byFolded = (a: string, b: string): number => {
  const x = foldText(a);
  const y = foldText(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The directory's index: search, completion and the list of specialties. Built by the search screen's controller from readDirectory's result. */
export class DirectoryIndex {
  readonly #profiles: readonly DirectoryProfile[];
  readonly #index: _TokenIndex;
  readonly #labels: Completion[];
  readonly #labelIndex: _TokenIndex;
  readonly #specialties: SpecialtyCount[];
  readonly #bySpecialty = new Map<string, DirectoryProfile[]>();

  constructor(directory: Directory | readonly DirectoryProfile[]) {
    const profiles = Array.isArray(directory) ? (directory as readonly DirectoryProfile[]) : (directory as Directory).profiles;
    this.#profiles = [...profiles];
    this.#index = new _TokenIndex(this.#profiles.map((p) => [...wordsOf(p.familyName), ...wordsOf(p.givenName), ..._specialtyWords(p.specialty)]));

    const specialties = new Map<string, SpecialtyCount>();
    const names = new Map<string, Completion>();
    for (const p of this.#profiles) {
      const key = specialtyKey(p.specialty);
      const known = specialties.get(key);
      if (known) known.count++;
      else specialties.set(key, { key, specialty: p.specialty.code ? { code: p.specialty.code, display: p.specialty.display, uk: p.specialty.uk } : { text: p.specialty.text }, count: 1 });
      let list = this.#bySpecialty.get(key);
      if (!list) this.#bySpecialty.set(key, (list = []));
      list.push(p);
      const full = `${p.familyName} ${p.givenName}`;
      const fk = foldText(full);
      const name = names.get(fk);
      if (name) name.count++;
      else names.set(fk, { kind: 'name', text: full, count: 1 });
    }
    this.#specialties = [...specialties.values()].sort((a, b) => b.count - a.count || _byFolded(a.specialty.display ?? a.specialty.text ?? '', b.specialty.display ?? b.specialty.text ?? ''));
    const labels: Completion[] = [];
    for (const s of this.#specialties) {
      if (s.specialty.code) {
        labels.push({ kind: 'specialty', text: s.specialty.display!, lang: 'en', key: s.key, count: s.count });
        labels.push({ kind: 'specialty', text: s.specialty.uk!, lang: 'uk', key: s.key, count: s.count });
      } else {
        labels.push({ kind: 'specialty', text: s.specialty.text!, lang: 'text', key: s.key, count: s.count });
      }
    }
    labels.push(...names.values());
    // Completions in rank order: most profiles first, specialties before names, then by text.
    const folded = new Map(labels.map((l) => [l, foldText(l.text)]));
    labels.sort((a, b) => {
      const fa = folded.get(a)!;
      const fb = folded.get(b)!;
      return b.count - a.count || (a.kind === b.kind ? 0 : a.kind === 'specialty' ? -1 : 1) || (fa < fb ? -1 : fa > fb ? 1 : 0);
    });
    this.#labels = labels;
    this.#labelIndex = new _TokenIndex(labels.map((l) => wordsOf(l.text)));
  }

  /** Profiles indexed. */
  get size(): number {
    return this.#profiles.length;
  }

  /** Distinct words indexed (context for the bench). */
  get words(): number {
    return this.#index.words;
  }

  /** The profiles in which every word of `query` begins a word (in the directory's order: family name, given name); at most `limit`. Empty for a query with no word. */
  search(query: string, limit = 50): DirectoryProfile[] {
    if (typeof query !== 'string') return [];
    return this.#index.match(wordsOf(query), Math.max(0, Math.floor(limit))).map((d) => this.#profiles[d]);
  }

  /** Specialty names (English, Ukrainian, the doctors' own) and doctors' names that `prefix` completes, most profiles first; at most `limit`. */
  complete(prefix: string, limit = 8): Completion[] {
    if (typeof prefix !== 'string') return [];
    return this.#labelIndex.match(wordsOf(prefix), Math.max(0, Math.floor(limit))).map((d) => ({ ...this.#labels[d] }));
  }

  /** Every specialty of a current profile, with how many, most first. */
  bySpecialty(): SpecialtyCount[] {
    return this.#specialties.map((s) => ({ ...s, specialty: { ...s.specialty } }));
  }

  /** The profiles of one specialty (SpecialtyCount.key), in the directory's order. */
  inSpecialty(key: string): DirectoryProfile[] {
    return [...(this.#bySpecialty.get(key) ?? [])];
  }
}
