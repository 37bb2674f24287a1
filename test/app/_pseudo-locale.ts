// A pseudo-locale for the catalogue bypass test: the Ukrainian catalogue with every literal piece
// of every message wrapped in ⟦…⟧ (the values put into a message stay outside), and a walk over
// what a person reads on a page (text, and the attributes that are read out or shown) that names
// every run of Latin letters found outside those marks. A string written into a component without
// msg(), or a msg() without a Ukrainian translation (which falls back to the English source), shows
// there unmarked. Values in a message (numbers, names, file names) must be data the test allowed.
import type { LocaleModule, TemplateLike } from '@lit/localize';
import { templates } from '../../web/app/i18n/locales/uk.ts';

export const OPEN = '⟦';
export const CLOSE = '⟧';

const mark = (s: string) => (s === '' ? s : `${OPEN}${s}${CLOSE}`);

/** A strings array that lit accepts as a template's (it must own `raw`). */
function templateStrings(strings: string[]): TemplateStringsArray {
  return Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
}

/**
 * The text between tags, marked, in a lit template's strings: a tag may open in one string and
 * close in a later one (an attribute holds a value), so where each string starts is carried over.
 */
function markHtmlStrings(strings: readonly string[]): string[] {
  let inTag = false;
  return strings.map((s) => {
    let out = '';
    let text = '';
    for (const ch of s) {
      if (!inTag && ch === '<') {
        out += mark(text);
        text = '';
        inTag = true;
        out += ch;
      } else if (inTag) {
        out += ch;
        if (ch === '>') inTag = false;
      } else {
        text += ch;
      }
    }
    return out + mark(text);
  });
}

function markTemplate(t: TemplateLike): TemplateLike {
  if (typeof t === 'string') return mark(t);
  if ('strTag' in t) return { ...t, strings: templateStrings(t.strings.map(mark)) };
  return { ...t, strings: templateStrings(markHtmlStrings(t.strings)) };
}

/** The Ukrainian catalogue, marked: a loader for startI18n. */
export async function loadPseudo(): Promise<LocaleModule> {
  const marked: Record<string, TemplateLike> = {};
  for (const [id, t] of Object.entries(templates)) marked[id] = markTemplate(t as TemplateLike);
  return { templates: marked };
}

/** Attributes a person reads or hears. */
const READ_ATTRIBUTES = ['aria-label', 'aria-valuetext', 'aria-description', 'title', 'placeholder', 'alt'];

/** Every run of Latin letters outside the marks, less the allowed data; each with where it was. */
function unmarked(text: string, allowed: readonly string[]): string[] {
  let rest = text;
  // Marks do not nest (a value inside a message is outside its marks), so one pass removes them.
  rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  if (/[⟦⟧]/.test(rest)) return [`unbalanced marks in "${text}"`];
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) rest = rest.split(a).join(' ');
  // Hex data (ids, keys, and their shortened forms): lowercase hex digits, 8 or more.
  rest = rest.replace(/\b[0-9a-f]{8,}\b/g, ' ');
  return rest.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
}

function where(node: Node): string {
  const path: string[] = [];
  for (let n: Node | null = node; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
    if (n instanceof Element) {
      const id = n.getAttribute('data-testid');
      path.unshift(n.localName + (id ? `[${id}]` : ''));
    }
  }
  return path.slice(-4).join(' > ');
}

/**
 * What a person reads under `root` (shadow roots included) that is neither in a message of the
 * catalogue nor allowed data: one line per find. Called by the bypass test for each screen.
 */
export function findBypasses(root: Node, allowed: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement?.localName;
      if (parent === 'style' || parent === 'script') return;
      for (const w of unmarked(node.textContent ?? '', allowed)) found.push(`"${w}" in text at ${where(node)}: "${node.textContent!.trim()}"`);
      return;
    }
    if (node instanceof Element) {
      for (const name of READ_ATTRIBUTES) {
        const value = node.getAttribute(name);
        if (value) for (const w of unmarked(value, allowed)) found.push(`"${w}" in ${name} of ${where(node)}: "${value}"`);
      }
      if (node.shadowRoot) visit(node.shadowRoot);
      // A form field's own text (textarea, input): data the user typed, or an example from msg().
      // A radio button's or checkbox's value is never shown (its label is), so it is not read.
      if (node instanceof HTMLTextAreaElement || (node instanceof HTMLInputElement && node.type !== 'radio' && node.type !== 'checkbox')) {
        for (const w of unmarked(node.value, allowed)) found.push(`"${w}" in the value of ${where(node)}: "${node.value}"`);
      }
    }
    for (const child of Array.from(node.childNodes)) visit(child);
  };
  visit(root);
  return found;
}
