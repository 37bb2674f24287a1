// The Ukrainian catalogue is complete: every unit of web/app/i18n/xliff/uk.xlf (which holds exactly
// the msg() calls of the source: test/e2e/i18n-catalogue.e2e.test.mjs) has a Ukrainian target that
// is not empty, is not the English left as it was, and keeps the source's placeholders; the module
// the app loads (locales/uk.ts) holds every one of them. Every reason code has a sentence in both
// languages, and every plural form that Ukrainian needs is there.
import { expect } from 'chai';
import { templates } from '../../web/app/i18n/locales/uk.ts';
import { REASON_CODES } from '../../web/core/validate/index.ts';

interface Unit {
  id: string;
  source: Element;
  target: Element | null;
}

async function readUnits(): Promise<Unit[]> {
  const text = await (await fetch(new URL('../../web/app/i18n/xliff/uk.xlf', import.meta.url))).text();
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  expect(doc.querySelector('parsererror'), 'the XLIFF file parses').to.equal(null);
  return Array.from(doc.getElementsByTagName('trans-unit')).map((u) => ({
    id: u.getAttribute('id')!,
    source: u.getElementsByTagName('source')[0],
    target: u.getElementsByTagName('target')[0] ?? null,
  }));
}

/** The words of a unit: its text without the placeholders. */
const words = (el: Element) =>
  Array.from(el.childNodes)
    .filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.textContent)
    .join(' ');
/** The placeholder ids of a unit, sorted. */
const placeholders = (el: Element) => Array.from(el.getElementsByTagName('x'), (x) => x.getAttribute('id')).sort();

/** Words that stay as they are in Ukrainian text: names and abbreviations, not English prose (mtx, mtid: file name endings; mt1: the start of a sync code; QR: the code's name; STUN, stun: the protocol and its URL scheme; IP: as in IP address; Escape: the key, as its keycap reads; FHIR, R4, JSON, SNOMED CT: the standards' names; MTC1: the start of a clinic's code). */
const KEPT = /\b(medtangle|MWM|UTF-8|mtx|mtid|mt1|QR|STUN|stun|IP|test|Escape|FHIR|R4|JSON|CSV|SNOMED|CT|MTC1)\b|#\/link\//g;

describe('the Ukrainian catalogue', () => {
  it('has a translation for every message: none missing, none empty, none left in English', async () => {
    const units = await readUnits();
    expect(units.length, 'units in the XLIFF').to.be.greaterThan(300);
    const problems: string[] = [];
    for (const u of units) {
      const source = words(u.source);
      if (!u.target) {
        problems.push(`${u.id}: no target for "${source}"`);
        continue;
      }
      const target = words(u.target);
      const hasLetters = /\p{L}/u.test(source.replace(KEPT, ''));
      if (u.target.childNodes.length === 0) problems.push(`${u.id}: empty target`);
      else if (hasLetters && target.trim() === source.trim()) problems.push(`${u.id}: target is the English source "${source}"`);
      // English words left in a Ukrainian sentence: any Latin word but the names that stay.
      else if (/[A-Za-z]{2,}/.test(target.replace(KEPT, ''))) problems.push(`${u.id}: Latin words in "${target}"`);
      else if (hasLetters && !/[а-яіїєґ]/iu.test(target)) problems.push(`${u.id}: no Ukrainian letters in "${target}"`);
      if (placeholders(u.source).join() !== placeholders(u.target).join()) {
        problems.push(`${u.id}: placeholders ${placeholders(u.target).join()} instead of ${placeholders(u.source).join()}`);
      }
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('is what the app loads: locales/uk.ts holds every unit of the XLIFF, and nothing else', async () => {
    const ids = (await readUnits()).map((u) => u.id).sort();
    expect(Object.keys(templates).sort()).to.deep.equal(ids);
  });

  it('has the four Ukrainian plural forms of every counted phrase', async () => {
    const ids = new Set((await readUnits()).map((u) => u.id));
    const counted = new Set([...ids].filter((id) => /\.(one|few|many|other)$/.test(id)).map((id) => id.replace(/\.[a-z]+$/, '')));
    expect(counted.size, 'counted phrases').to.be.greaterThan(10);
    const missing = [...counted].flatMap((p) => ['one', 'few', 'many', 'other'].filter((f) => !ids.has(`${p}.${f}`)).map((f) => `${p}.${f}`));
    expect(missing).to.deep.equal([]);
  });

  it('says every reason code in a sentence of its own', async () => {
    // reasonInWords is exhaustive by type; here its messages are in the catalogue, each once.
    const { reasonInWords } = await import('../../web/app/i18n/reasons.ts');
    const sentences = REASON_CODES.map((code) => reasonInWords(code));
    expect(new Set(sentences).size, 'one sentence per code').to.equal(REASON_CODES.length);
    for (const [k, s] of sentences.entries()) {
      expect(s, REASON_CODES[k]).to.match(/^[A-Z].+\.$/);
      expect(s, `${REASON_CODES[k]} is not named by its code`).to.not.contain(REASON_CODES[k]);
    }
  });
});
