// The care forms' words (issue 9): a message for every rule code of the care core's tables
// (SYMPTOM_RULES, DIAGNOSIS_RULES, PRESCRIPTION_RULES, EXERCISES_RULES in web/core/care), each saying
// how to fix the answer, in the style of the GOV.UK Design System's error messages ("Enter …",
// "… must be …", never a code); the coded terms in the language shown; and a prescription's dosage in
// plain words ("1 tablet, 3 times a day, for 7 days"). Counted phrases go through plural() with explicit
// ids so Ukrainian gets its one/few/many/other forms (CLDR plural rules). Pure: no DOM.
import { msg, str } from '@lit/localize';
import {
  MAX_CONCEPT_TEXT,
  MAX_DETAILS,
  MAX_DIAGNOSIS_NOTE,
  MAX_DOSE,
  MAX_DURATION_DAYS,
  MAX_EXERCISE_NAME,
  MAX_EXERCISES,
  MAX_INSTRUCTIONS,
  MAX_PRESCRIPTION_NOTE,
  MAX_QUANTITY,
  MAX_SYMPTOM_TEXT,
  MAX_SYMPTOMS,
  MAX_TIMES_PER_PERIOD,
  clinicalStatusTerm,
  doseUnit,
  routeTerm,
  symptomTerm,
  type DiagnosisField,
  type DiagnosisProblem,
  type DosageParts,
  type ExercisesField,
  type ExercisesProblem,
  type PrescriptionField,
  type PrescriptionProblem,
  type Severity,
  type SymptomField,
  type SymptomProblem,
} from '../core/care/index.ts';
import { currentLanguage } from './i18n/index.ts';
import { nCharacters, plural } from './i18n/plural.ts';
import { formatCount } from './format.ts';

const _amounts = new Map<string, Intl.NumberFormat>();
const _rules = new Map<string, Intl.PluralRules>();

/** An amount as the language writes it: "0.5", "0,5" in Ukrainian; up to 3 decimals, as the forms take. */
function _amount(n: number): string {
  const language = currentLanguage();
  let f = _amounts.get(language);
  if (!f) _amounts.set(language, (f = new Intl.NumberFormat(language, { maximumFractionDigits: 3 })));
  return f.format(n);
}

/** "10 symptoms": the most a request lists. */
function _nSymptoms(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} symptom`, { id: 'n-symptoms.one' }),
    few: msg(str`${c} symptoms`, { id: 'n-symptoms.few' }),
    many: msg(str`${c} symptoms`, { id: 'n-symptoms.many' }),
    other: msg(str`${c} symptoms`, { id: 'n-symptoms.other' }),
  });
}

/** "20 exercises": the most a plan holds. */
function _nExercises(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} exercise`, { id: 'n-exercises.one' }),
    few: msg(str`${c} exercises`, { id: 'n-exercises.few' }),
    many: msg(str`${c} exercises`, { id: 'n-exercises.many' }),
    other: msg(str`${c} exercises`, { id: 'n-exercises.other' }),
  });
}

/** The date rules' messages for a date named `what` (a phrase that starts a sentence). */
function _dateText(problem: string, what: 'symptoms' | 'condition'): string {
  const symptoms = what === 'symptoms';
  switch (problem) {
    case 'date-format':
      return symptoms
        ? msg('Date the symptoms started must be a real date, in numbers: day, month and year')
        : msg('Date the condition started must be a real date, in numbers: day, month and year');
    case 'date-invalid':
      return symptoms ? msg('Date the symptoms started must be a real date') : msg('Date the condition started must be a real date');
    case 'date-future':
      return symptoms ? msg('Date the symptoms started must be today or in the past') : msg('Date the condition started must be today or in the past');
    case 'date-too-old':
      return symptoms ? msg('Date the symptoms started must be after 1 January 1900') : msg('Date the condition started must be after 1 January 1900');
    default:
      return '';
  }
}

/** How to fix a SNOMED CT code the coded rules refuse (code-format). */
function _codeFormatText(): string {
  return msg('SNOMED CT code must be 6 to 18 digits with a valid check digit, like 38341003, or leave it blank');
}

/** The schedule rules' messages (how often, for how long), for a prescription or exercise `n` (1-based). */
function _scheduleText(field: 'timesPerPeriod' | 'periodUnit' | 'durationDays', problem: string, n: number | null): string {
  const max = formatCount(MAX_TIMES_PER_PERIOD);
  const days = formatCount(MAX_DURATION_DAYS);
  const e = formatCount(n ?? 0);
  switch (`${field}:${problem}`) {
    case 'timesPerPeriod:required':
      return n === null ? msg('Enter how many times it is taken') : msg(str`Enter how many times to do exercise ${e}`);
    case 'timesPerPeriod:number-format':
      return n === null ? msg('How many times must be a whole number, like 3') : msg(str`How many times to do exercise ${e} must be a whole number, like 3`);
    case 'timesPerPeriod:out-of-range':
      return n === null ? msg(str`How many times must be between 1 and ${max}`) : msg(str`How many times to do exercise ${e} must be between 1 and ${max}`);
    case 'periodUnit:required':
      return n === null ? msg('Choose whether it is a day or a week') : msg(str`Choose whether exercise ${e} is done so often a day or a week`);
    case 'periodUnit:unknown':
      return n === null ? msg('Choose a day or a week from the list') : msg(str`Choose a day or a week from the list for exercise ${e}`);
    case 'durationDays:required':
      return n === null ? msg('Enter for how many days it is taken') : msg(str`Enter for how many days to do exercise ${e}`);
    case 'durationDays:number-format':
      return n === null ? msg('Number of days must be a whole number, like 7') : msg(str`Number of days of exercise ${e} must be a whole number, like 7`);
    case 'durationDays:out-of-range':
      return n === null ? msg(str`Number of days must be between 1 and ${days}`) : msg(str`Number of days of exercise ${e} must be between 1 and ${days}`);
    default:
      return '';
  }
}

/** The message for a symptom form rule: `field` is a key of SYMPTOM_RULES. '' for a code the field has no rule for. Called by mt-symptom-form and its tests. */
export function symptomProblemText(field: SymptomField, problem: SymptomProblem): string {
  switch (field) {
    case 'symptoms':
      if (problem === 'required') return msg('Choose at least one symptom, or type your own');
      if (problem === 'too-many') return msg(str`List at most ${_nSymptoms(MAX_SYMPTOMS)}: untick or remove the others`);
      return '';
    case 'symptoms.*':
      if (problem === 'required') return msg('Enter the symptom in your own words, or remove it');
      if (problem === 'unknown-code') return msg('This symptom is no longer on the list: untick it and type it in your own words');
      if (problem === 'too-long') return msg(str`Symptom must be at most ${nCharacters(MAX_SYMPTOM_TEXT)}`);
      if (problem === 'duplicate') return msg('You have already listed this symptom: remove it here');
      return '';
    case 'onset':
      return problem === 'required' ? msg('Enter the date the symptoms started') : _dateText(problem, 'symptoms');
    case 'severity':
      if (problem === 'required') return msg('Choose how bad the symptoms are');
      if (problem === 'unknown') return msg('Choose mild, moderate or severe');
      return '';
    case 'details':
      return problem === 'too-long' ? msg(str`Details must be at most ${nCharacters(MAX_DETAILS)}`) : '';
  }
}

/** The message for a diagnosis form rule (a key of DIAGNOSIS_RULES). Called by mt-diagnosis-form and its tests. */
export function diagnosisProblemText(field: DiagnosisField, problem: DiagnosisProblem): string {
  switch (field) {
    case 'condition':
      if (problem === 'required') return msg('Enter the diagnosis');
      if (problem === 'code-format') return _codeFormatText();
      if (problem === 'too-long') return msg(str`Diagnosis must be at most ${nCharacters(MAX_CONCEPT_TEXT)}`);
      return '';
    case 'clinicalStatus':
      if (problem === 'required') return msg('Choose the clinical status');
      if (problem === 'unknown') return msg('Choose one of the clinical statuses listed');
      return '';
    case 'onset':
      return _dateText(problem, 'condition');
    case 'note':
      return problem === 'too-long' ? msg(str`Note must be at most ${nCharacters(MAX_DIAGNOSIS_NOTE)}`) : '';
  }
}

/** The message for a prescription form rule (a key of PRESCRIPTION_RULES). Called by mt-prescription-form and its tests. */
export function prescriptionProblemText(field: PrescriptionField, problem: PrescriptionProblem): string {
  switch (field) {
    case 'medication':
      if (problem === 'required') return msg('Enter the medicine');
      if (problem === 'code-format') return _codeFormatText();
      if (problem === 'too-long') return msg(str`Medicine must be at most ${nCharacters(MAX_CONCEPT_TEXT)}`);
      return '';
    case 'doseAmount':
      if (problem === 'required') return msg('Enter the dose');
      if (problem === 'number-format') return msg('Dose must be a number, like 1 or 0.5');
      if (problem === 'out-of-range') return msg(str`Dose must be more than 0 and at most ${formatCount(MAX_DOSE)}`);
      return '';
    case 'doseUnit':
      if (problem === 'required') return msg('Choose the unit of the dose');
      if (problem === 'unknown') return msg('Choose a unit of the dose from the list');
      return '';
    case 'route':
      if (problem === 'required') return msg('Choose how the medicine is taken');
      if (problem === 'unknown') return msg('Choose how the medicine is taken from the list');
      return '';
    case 'timesPerPeriod':
    case 'periodUnit':
    case 'durationDays':
      return _scheduleText(field, problem, null);
    case 'quantity':
      if (problem === 'number-format') return msg('Quantity must be a number, like 20');
      if (problem === 'out-of-range') return msg(str`Quantity must be more than 0 and at most ${formatCount(MAX_QUANTITY)}`);
      return '';
    case 'note':
      return problem === 'too-long' ? msg(str`Note must be at most ${nCharacters(MAX_PRESCRIPTION_NOTE)}`) : '';
  }
}

/**
 * The message for an exercise form rule (a key of EXERCISES_RULES); `n` is the exercise's position,
 * from 1, which the messages of an exercise's own fields name. Called by mt-exercises-form and its tests.
 */
export function exercisesProblemText(field: ExercisesField, problem: ExercisesProblem, n = 1): string {
  const e = formatCount(n);
  switch (field) {
    case 'exercises':
      if (problem === 'required') return msg('Add at least one exercise');
      if (problem === 'too-many') return msg(str`List at most ${_nExercises(MAX_EXERCISES)}: remove the others`);
      return '';
    case 'exercises.*.name':
      if (problem === 'required') return msg(str`Enter the name of exercise ${e}`);
      if (problem === 'too-long') return msg(str`Name of exercise ${e} must be at most ${nCharacters(MAX_EXERCISE_NAME)}`);
      return '';
    case 'exercises.*.timesPerPeriod':
      return _scheduleText('timesPerPeriod', problem, n);
    case 'exercises.*.periodUnit':
      return _scheduleText('periodUnit', problem, n);
    case 'exercises.*.durationDays':
      return _scheduleText('durationDays', problem, n);
    case 'exercises.*.instructions':
      return problem === 'too-long' ? msg(str`Instructions for exercise ${e} must be at most ${nCharacters(MAX_INSTRUCTIONS)}`) : '';
  }
}

/** A severity in a word. Called by the symptom form, the inbox and the timeline. */
export function severityText(s: Severity | string): string {
  switch (s) {
    case 'mild':
      return msg('Mild');
    case 'moderate':
      return msg('Moderate');
    case 'severe':
      return msg('Severe');
    default:
      return String(s);
  }
}

/** What each severity means, for the symptom form's choices (plain words, not a scale). */
export function severityHint(s: Severity): string {
  switch (s) {
    case 'mild':
      return msg('I can do my usual things');
    case 'moderate':
      return msg('It gets in the way of my usual things');
    case 'severe':
      return msg('I cannot do my usual things');
  }
}

/** A listed symptom's name in the language shown (the code itself when not on the list). Called by the symptom form and the screens. */
export function symptomText(code: string): string {
  const t = symptomTerm(code);
  if (!t) return code;
  return currentLanguage() === 'uk' ? t.uk : t.display;
}

/** A clinical status (R4 condition-clinical code) in the language shown; the code when unknown. Called by the diagnosis form and the timeline. */
export function clinicalStatusText(code: string): string {
  const t = clinicalStatusTerm(code);
  if (!t) return code;
  return currentLanguage() === 'uk' ? t.uk : t.en;
}

/** A route (SNOMED CT code of ROUTES) in plain words ("by mouth"); '' when unknown. Called by the prescription form and dosageText. */
export function routeText(code: string): string {
  const t = routeTerm(code);
  if (!t) return '';
  return currentLanguage() === 'uk' ? t.uk : t.en;
}

/**
 * A dose unit (UCUM code of DOSE_UNITS) in the words that go with `amount` in the language shown
 * ("tablet" for 1, "tablets" for 2; "таблетка", "таблетки", "таблеток"), by CLDR's plural rules;
 * the UCUM code itself when the unit is not one of ours. Called by the prescription form and dosageText.
 */
export function doseUnitText(code: string, amount: number): string {
  const u = doseUnit(code);
  if (!u) return code;
  const language = currentLanguage();
  let rules = _rules.get(language);
  if (!rules) _rules.set(language, (rules = new Intl.PluralRules(language)));
  const form = rules.select(amount);
  if (language === 'uk') return form === 'one' || form === 'few' || form === 'many' ? u.uk[form] : u.uk.other;
  return form === 'one' ? u.en.one : u.en.other;
}

/** "once", "twice", "3 times". */
function _times(n: number): string {
  if (n === 1) return msg('once', { id: 'dosage.once' });
  if (n === 2) return msg('twice', { id: 'dosage.twice' });
  const c = _amount(n);
  return plural(n, {
    one: msg(str`${c} times`, { id: 'n-times.one' }),
    few: msg(str`${c} times`, { id: 'n-times.few' }),
    many: msg(str`${c} times`, { id: 'n-times.many' }),
    other: msg(str`${c} times`, { id: 'n-times.other' }),
  });
}

/** "a day", "every 2 days", … for a period of R4 units-of-time; '' for a unit we have no words for. */
function _per(period: number, unit: string): string {
  if (period === 1) {
    switch (unit) {
      case 'h':
        return msg('an hour', { id: 'dosage.per-hour' });
      case 'd':
        return msg('a day', { id: 'dosage.per-day' });
      case 'wk':
        return msg('a week', { id: 'dosage.per-week' });
      case 'mo':
        return msg('a month', { id: 'dosage.per-month' });
      default:
        return '';
    }
  }
  const c = _amount(period);
  switch (unit) {
    case 'h':
      return plural(period, {
        one: msg(str`every ${c} hours`, { id: 'every-n-hours.one' }),
        few: msg(str`every ${c} hours`, { id: 'every-n-hours.few' }),
        many: msg(str`every ${c} hours`, { id: 'every-n-hours.many' }),
        other: msg(str`every ${c} hours`, { id: 'every-n-hours.other' }),
      });
    case 'd':
      return plural(period, {
        one: msg(str`every ${c} days`, { id: 'every-n-days.one' }),
        few: msg(str`every ${c} days`, { id: 'every-n-days.few' }),
        many: msg(str`every ${c} days`, { id: 'every-n-days.many' }),
        other: msg(str`every ${c} days`, { id: 'every-n-days.other' }),
      });
    case 'wk':
      return plural(period, {
        one: msg(str`every ${c} weeks`, { id: 'every-n-weeks.one' }),
        few: msg(str`every ${c} weeks`, { id: 'every-n-weeks.few' }),
        many: msg(str`every ${c} weeks`, { id: 'every-n-weeks.many' }),
        other: msg(str`every ${c} weeks`, { id: 'every-n-weeks.other' }),
      });
    case 'mo':
      return plural(period, {
        one: msg(str`every ${c} months`, { id: 'every-n-months.one' }),
        few: msg(str`every ${c} months`, { id: 'every-n-months.few' }),
        many: msg(str`every ${c} months`, { id: 'every-n-months.many' }),
        other: msg(str`every ${c} months`, { id: 'every-n-months.other' }),
      });
    default:
      return '';
  }
}

/**
 * How often, in words: "3 times a day", "once a week", "twice every 2 days"; '' when the unit is not
 * one we word (h, d, wk, mo) or a number is missing. Called by dosageText and the exercise views.
 */
export function frequencyText(timesPerPeriod: number | null, period: number | null, periodUnit: string): string {
  if (timesPerPeriod === null || !(timesPerPeriod > 0)) return '';
  const per = _per(period ?? 1, periodUnit);
  if (per === '') return '';
  const times = _times(timesPerPeriod);
  return msg(str`${times} ${per}`, { id: 'dosage.frequency' });
}

/** "for 7 days", "for 1 day" ("протягом 1 дня", "протягом 5 днів"). Called by dosageText and the exercise views. */
export function durationText(days: number): string {
  const c = _amount(days);
  return plural(days, {
    one: msg(str`for ${c} day`, { id: 'for-n-days.one' }),
    few: msg(str`for ${c} days`, { id: 'for-n-days.few' }),
    many: msg(str`for ${c} days`, { id: 'for-n-days.many' }),
    other: msg(str`for ${c} days`, { id: 'for-n-days.other' }),
  });
}

/**
 * A prescription's dosage in plain words: "1 tablet, 3 times a day, for 7 days, by mouth". Each part is
 * left out when the dosage lacks it (a record from elsewhere may), never guessed. The route comes last
 * so the dose, how often and how long read first, as a label on a pack does. Called by the timeline.
 */
export function dosageText(parts: DosageParts): string {
  const out: string[] = [];
  if (parts.amount !== null && Number.isFinite(parts.amount)) {
    const unit = parts.unit === '' ? '' : doseUnitText(parts.unit, parts.amount);
    out.push(unit === '' ? _amount(parts.amount) : msg(str`${_amount(parts.amount)} ${unit}`, { id: 'dosage.dose' }));
  }
  const often = frequencyText(parts.timesPerPeriod, parts.period, parts.periodUnit);
  if (often !== '') out.push(often);
  if (parts.durationDays !== null && parts.durationDays > 0) out.push(durationText(parts.durationDays));
  const route = routeText(parts.route);
  if (route !== '') out.push(route);
  return out.join(msg(', ', { id: 'dosage.separator' }));
}
