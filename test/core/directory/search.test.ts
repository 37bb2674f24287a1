// The directory's search (web/core/directory DirectoryIndex) against a from-scratch oracle: a plain
// linear scan over every profile's words, with its own folding written here from the rule in
// web/core/directory/fold.ts (NFD, marks removed, locale-free lower case). The property:
// every published profile is found by any prefix of its specialty's display name and of the
// doctor's family name, with and without accents.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  DirectoryIndex,
  PRACTICE_SETTINGS,
  foldText,
  profileRecord,
  readDirectory,
  specialtyKey,
  type DirectoryProfile,
  type DoctorProfileInput,
} from '../../../web/core/directory/index.ts';
import { T0, found, hexKey, rng } from './_fixtures.ts';

const SEED = 0x5ea2c4;
const RUNS = 60;

/** The oracle's folding: NFD, every nonspacing, spacing or enclosing mark out, lower case, apostrophes out. */
function oracleFold(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase().normalize('NFD')) {
    if (/\p{M}/u.test(ch) || "'’ʼ`".includes(ch)) continue;
    out += ch;
  }
  return out;
}
function oracleWords(s: string): string[] {
  const words: string[] = [];
  let w = '';
  for (const ch of oracleFold(s)) {
    if (/[\p{L}\p{N}]/u.test(ch)) w += ch;
    else if (w) (words.push(w), (w = ''));
  }
  if (w) words.push(w);
  return words;
}
/** A plain scan: the profiles (in the directory's order) in which each query word begins some word. */
function oracle(profiles: readonly DirectoryProfile[], query: string): DirectoryProfile[] {
  const q = oracleWords(query);
  if (q.length === 0) return [];
  return profiles.filter((p) => {
    const setting = PRACTICE_SETTINGS.find((s) => s.code === p.specialty.code);
    const text = [p.familyName, p.givenName, setting?.display, setting?.uk, ...(setting?.also ?? []), p.specialty.text].filter(Boolean).join(' ');
    const words = oracleWords(text);
    return q.every((x) => words.some((w) => w.startsWith(x)));
  });
}
/** A text with its accents taken off, as a patient without them on the keyboard types it. */
const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

// Names from letters with and without marks, Latin and Cyrillic (й and ї decompose, ł and ø do not),
// in NFC or NFD, with the separators names have.
const LETTERS = [...'abcdeilnorsz', ...'éèüöñçłøå', ...'абвгдеиклмнопрстуя', ...'йїієґ'];
const namePart = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 9 }).map((a) => a.join(''));
const name = fc
  .tuple(namePart, fc.option(fc.tuple(fc.constantFrom('-', ' ', "'", '’'), namePart), { nil: undefined }), fc.boolean(), fc.boolean())
  .map(([a, rest, capital, nfd]) => {
    let s = rest ? `${a}${rest[0]}${rest[1]}` : a;
    if (capital) s = s[0].toUpperCase() + s.slice(1);
    return nfd ? s.normalize('NFD') : s.normalize('NFC');
  });
const profileArb = fc.record({
  family: name,
  given: name,
  specialty: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PRACTICE_SETTINGS).map((s) => ({ code: s.code })) }, { weight: 1, arbitrary: name.map((t) => ({ text: `${t} care` })) }),
});

function directoryOf(rows: { family: string; given: string; specialty: { code?: string; text?: string } }[], seed: number): DirectoryProfile[] {
  const next = rng(seed);
  const bundles = rows.map((r, i) => {
    const signingKey = hexKey(next);
    const input: DoctorProfileInput = {
      signingKey,
      agreementKey: hexKey(next),
      familyName: r.family,
      givenName: r.given,
      licence: `L-${i}`,
      specialtyCode: r.specialty.code,
      specialtyText: r.specialty.text,
      clinic: 'Clinic',
      issuedAt: T0 + i,
    };
    return found(signingKey, profileRecord(input), T0 + i);
  });
  const d = readDirectory(bundles);
  expect(d.refused).to.deep.equal([]);
  return d.profiles;
}

function check<T extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<T>, runs = RUNS) {
  try {
    fc.assert(property, { seed: SEED, numRuns: runs });
  } catch (e) {
    throw new Error(`${name} failed with fast-check seed ${SEED}: ${(e as Error).message}`);
  }
}

const ids = (ps: readonly DirectoryProfile[]) => ps.map((p) => p.signingKey);

describe(`directory search (fast-check seed ${SEED}, ${RUNS} runs each)`, function () {
  this.timeout(300_000);

  it('every profile is found by any prefix of its specialty display and of its family name, with and without accents, upper or lower case; the results are the oracle\'s', () => {
    check(
      'prefix property',
      fc.property(fc.array(profileArb, { minLength: 1, maxLength: 40 }), fc.nat(), (rows, seed) => {
        const profiles = directoryOf(rows, seed);
        const index = new DirectoryIndex(profiles);
        const pick = rng(seed ^ 0x9e37);
        for (const p of profiles) {
          const display = p.specialty.display ?? p.specialty.uk ?? p.specialty.text!;
          for (const whole of [display, p.specialty.uk ?? display, p.familyName]) {
            // Any prefix that holds a letter; a few picked at random, and the shortest and the whole.
            const cuts = [1, whole.length, 1 + Math.floor(pick() * whole.length), 1 + Math.floor(pick() * whole.length)];
            for (const cut of cuts) {
              const prefix = whole.slice(0, cut);
              if (!/[\p{L}\p{N}]/u.test(prefix)) continue;
              for (const q of [prefix, stripAccents(prefix), prefix.toUpperCase(), prefix.normalize('NFD'), prefix.normalize('NFC')]) {
                const got = index.search(q, profiles.length);
                expect(ids(got), `${JSON.stringify(q)} finds ${p.familyName}`).to.include(p.signingKey);
                expect(ids(got), `${JSON.stringify(q)}: index against the oracle`).to.deep.equal(ids(oracle(profiles, q)));
              }
            }
          }
          // A prefix of the family name and one of the specialty together narrow to both.
          const both = `${p.familyName.slice(0, 2)} ${display.slice(0, 3)}`;
          expect(ids(index.search(both, profiles.length))).to.deep.equal(ids(oracle(profiles, both)));
        }
        return true;
      }),
    );
  });

  it('arbitrary queries give exactly the oracle\'s results, in order, cut at the limit', () => {
    const query = fc.oneof(fc.string({ maxLength: 12 }), fc.array(fc.constantFrom(...LETTERS, ' ', '-', 'A', 'Й'), { maxLength: 8 }).map((a) => a.join('')));
    check(
      'arbitrary queries',
      fc.property(fc.array(profileArb, { minLength: 1, maxLength: 60 }), fc.nat(), fc.array(query, { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 70 }), (rows, seed, queries, limit) => {
        const profiles = directoryOf(rows, seed);
        const index = new DirectoryIndex(profiles);
        for (const q of queries) expect(ids(index.search(q, limit)), JSON.stringify(q)).to.deep.equal(ids(oracle(profiles, q).slice(0, limit)));
        return true;
      }),
    );
  });

  it('many profiles under one specialty, so that a short prefix takes the many-postings path', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      family: `Name${'abcdefghij'[i % 10]}${'klmnopqrst'[Math.floor(i / 10) % 10]}`.replace(/\d/g, ''),
      given: i % 2 ? 'Ірина' : 'Йосип',
      specialty: { code: PRACTICE_SETTINGS[i % 3].code },
    }));
    const profiles = directoryOf(rows, 7);
    const index = new DirectoryIndex(profiles);
    for (const q of ['n', 'na', 'a', 'и', 'й', 'ї', 'і', 'ир', 'Ан', 'Au', 'nameak', 'name a', '']) {
      for (const limit of [1, 5, 1000]) expect(ids(index.search(q, limit)), `${q} ${limit}`).to.deep.equal(ids(oracle(profiles, q).slice(0, limit)));
    }
    // й folds to и (fold.ts): typing either finds Йосип.
    expect(index.search('иосип', 1000).length).to.equal(150);
    expect(index.search('йосип', 1000).length).to.equal(150);
  });

  it('folds as fold.ts says: marks off (й → и, ї → і, é → e), case off, apostrophes out; ł, ø and Latin i against Cyrillic і stay apart', () => {
    expect(foldText('Йосип Їжак MÜLLER-İnce O’Brien здоров\'я')).to.equal('иосип іжак muller-ince obrien здоровя');
    expect(foldText('Łukasz Søren')).to.equal('łukasz søren');
    expect(foldText('i')).to.not.equal(foldText('і'));
  });

  it('complete() offers specialties (English and Ukrainian) and names that the prefix completes, most profiles first', () => {
    const profiles = directoryOf(
      [
        { family: 'Kardash', given: 'Ivan', specialty: { code: '394579002' } }, // Cardiology
        { family: 'Коваль', given: 'Ірина', specialty: { code: '394579002' } },
        { family: 'Carter', given: 'Ann', specialty: { code: '408466002' } }, // Surgery-Cardiac surgery
        { family: 'Müller', given: 'Kai', specialty: { text: 'Kardio-Reha' } },
      ],
      3,
    );
    const index = new DirectoryIndex(profiles);
    const c = index.complete('car', 10);
    expect(c.map((x) => [x.kind, x.text, x.count])).to.deep.equal([
      ['specialty', 'Cardiology', 2],
      ['specialty', 'Surgery-Cardiac surgery', 1],
      ['name', 'Carter Ann', 1],
    ]);
    expect(index.complete('КАРД', 10).map((x) => [x.text, x.lang])).to.deep.equal([['Кардіологія', 'uk'], ['Кардіохірургія', 'uk']]);
    expect(index.complete('mull', 10).map((x) => x.text)).to.deep.equal(['Müller Kai']);
    expect(index.complete('kardio', 10).map((x) => [x.text, x.lang])).to.deep.equal([['Kardio-Reha', 'text']]);
    expect(index.complete('car', 1)).to.have.length(1);
    expect(index.complete('   ', 10)).to.deep.equal([]);
  });

  it('bySpecialty() lists each specialty of a current profile with its count; inSpecialty() its profiles', () => {
    const rows = [
      { family: 'A', given: 'A', specialty: { code: '394579002' } },
      { family: 'B', given: 'B', specialty: { code: '394579002' } },
      { family: 'C', given: 'C', specialty: { code: '394591006' } },
      { family: 'D', given: 'D', specialty: { text: 'Спортивна медицина' } },
    ];
    const index = new DirectoryIndex(directoryOf(rows, 5));
    const list = index.bySpecialty();
    expect(list.map((s) => [s.key, s.count])).to.deep.equal([
      ['394579002', 2],
      ['394591006', 1],
      [`text:${foldText('Спортивна медицина')}`, 1],
    ]);
    expect(list[0].specialty).to.deep.equal({ code: '394579002', display: 'Cardiology', uk: 'Кардіологія' });
    expect(index.inSpecialty('394579002').map((p) => p.familyName)).to.deep.equal(['A', 'B']);
    expect(index.inSpecialty(specialtyKey({ text: 'СПОРТИВНА медицина' })).map((p) => p.familyName)).to.deep.equal(['D']);
  });
});
