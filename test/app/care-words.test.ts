// The care forms' words (web/app/care-words.ts): every rule code of every field of the care core's
// tables has its own message, and a prescription's dosage reads as plain English with the right
// plurals. The expected sentences are written here by hand, as a person would say them.
import { expect } from 'chai';
import { DIAGNOSIS_RULES, EXERCISES_RULES, PRESCRIPTION_RULES, SYMPTOM_RULES, type DosageParts } from '../../web/core/care/index.ts';
import {
  clinicalStatusText,
  diagnosisProblemText,
  doseUnitText,
  dosageText,
  durationText,
  exercisesProblemText,
  frequencyText,
  prescriptionProblemText,
  routeText,
  severityText,
  symptomProblemText,
} from '../../web/app/care-words.ts';

const NONE: DosageParts = { amount: null, unit: '', route: '', timesPerPeriod: null, period: null, periodUnit: '', durationDays: null };
const dose = (p: Partial<DosageParts>) => dosageText({ ...NONE, ...p });

describe('care words: dosage in plain words', () => {
  it('says the issue\'s example exactly: 1 tablet, 3 times a day, for 7 days', () => {
    expect(dose({ amount: 1, unit: '{tablet}', timesPerPeriod: 3, period: 1, periodUnit: 'd', durationDays: 7 })).to.equal('1 tablet, 3 times a day, for 7 days');
  });

  it('puts one and many in their forms: tablet/tablets, once/twice/3 times, 1 day/7 days', () => {
    const cases: [Partial<DosageParts>, string][] = [
      [{ amount: 2, unit: '{tablet}', timesPerPeriod: 1, period: 1, periodUnit: 'd', durationDays: 1 }, '2 tablets, once a day, for 1 day'],
      [{ amount: 1, unit: '{capsule}', timesPerPeriod: 2, period: 1, periodUnit: 'd', durationDays: 14 }, '1 capsule, twice a day, for 14 days'],
      [{ amount: 0.5, unit: '{tablet}', timesPerPeriod: 3, period: 1, periodUnit: 'wk', durationDays: 21 }, '0.5 tablets, 3 times a week, for 21 days'],
      [{ amount: 1, unit: '{tablet}', timesPerPeriod: 1, period: 1, periodUnit: 'wk', durationDays: 28 }, '1 tablet, once a week, for 28 days'],
      [{ amount: 1, unit: '{tablet}', timesPerPeriod: 2, period: 1, periodUnit: 'wk', durationDays: 2 }, '1 tablet, twice a week, for 2 days'],
      [{ amount: 250, unit: 'mg', timesPerPeriod: 4, period: 1, periodUnit: 'd', durationDays: 10 }, '250 milligrams, 4 times a day, for 10 days'],
      [{ amount: 1, unit: 'mg', timesPerPeriod: 1, period: 8, periodUnit: 'h', durationDays: 3 }, '1 milligram, once every 8 hours, for 3 days'],
      [{ amount: 1500, unit: 'mg', timesPerPeriod: 1, period: 1, periodUnit: 'd', durationDays: 365 }, '1,500 milligrams, once a day, for 365 days'],
    ];
    for (const [parts, words] of cases) expect(dose(parts), JSON.stringify(parts)).to.equal(words);
  });

  it('adds the route in plain words last, and leaves out what the dosage lacks', () => {
    expect(dose({ amount: 1, unit: '{tablet}', route: '26643006', timesPerPeriod: 3, period: 1, periodUnit: 'd', durationDays: 7 })).to.equal('1 tablet, 3 times a day, for 7 days, by mouth');
    expect(dose({ amount: 2, unit: '{puff}', route: '46713006' })).to.equal('2 puffs, into the nose');
    expect(dose({ timesPerPeriod: 3, period: 1, periodUnit: 'd' })).to.equal('3 times a day');
    expect(dose({ amount: 5, unit: 'mL', timesPerPeriod: 3, period: 1, periodUnit: 'a' }), 'a period we have no words for is left out').to.equal('5 millilitres');
    expect(dose({ amount: 2, unit: 'mg/kg' }), 'a unit not ours is shown as its code').to.equal('2 mg/kg');
    expect(dose({ route: '000' }), 'an unknown route says nothing').to.equal('');
    expect(dose({})).to.equal('');
  });

  it('words the parts on their own for the exercise views', () => {
    expect(frequencyText(2, 1, 'd')).to.equal('twice a day');
    expect(frequencyText(5, 1, 'wk')).to.equal('5 times a week');
    expect(frequencyText(null, 1, 'd')).to.equal('');
    expect(durationText(1)).to.equal('for 1 day');
    expect(durationText(30)).to.equal('for 30 days');
    expect(doseUnitText('[drp]', 1)).to.equal('drop');
    expect(doseUnitText('[drp]', 3)).to.equal('drops');
    expect(routeText('26643006')).to.equal('by mouth');
    expect(routeText('nope')).to.equal('');
    expect(severityText('moderate')).to.equal('Moderate');
    expect(clinicalStatusText('resolved')).to.equal('Resolved');
    expect(clinicalStatusText('made-up')).to.equal('made-up');
  });
});

describe('care words: a message for every rule', () => {
  const tables: [string, Readonly<Record<string, readonly string[]>>, (field: string, code: string) => string][] = [
    ['symptom', SYMPTOM_RULES, (f, c) => symptomProblemText(f as never, c as never)],
    ['diagnosis', DIAGNOSIS_RULES, (f, c) => diagnosisProblemText(f as never, c as never)],
    ['prescription', PRESCRIPTION_RULES, (f, c) => prescriptionProblemText(f as never, c as never)],
    ['exercises', EXERCISES_RULES, (f, c) => exercisesProblemText(f as never, c as never, 2)],
  ];
  for (const [name, rules, word] of tables) {
    it(`${name}: every code of every field has a message of its own that says how to fix it`, () => {
      let count = 0;
      for (const [field, codes] of Object.entries(rules)) {
        expect(codes.length, `${name} ${field} has rules`).to.be.greaterThan(0);
        const seen = new Map<string, string>();
        for (const code of codes) {
          const m = word(field, code);
          expect(m, `${name} ${field} ${code}`).to.be.a('string').and.match(/^[A-Z]/);
          expect(m, `${name} ${field} ${code}: no code in words`).to.not.match(/\b[a-z]+-[a-z]+\b|_|\*|undefined|NaN/);
          expect(seen.has(m), `${name} ${field}: "${m}" for both ${seen.get(m)} and ${code}`).to.equal(false);
          seen.set(m, code);
          count++;
        }
      }
      expect(count).to.equal(Object.values(rules).reduce((n, c) => n + c.length, 0));
    });
  }

  it('words a few as written: what to enter, and the number rules with an example', () => {
    expect(symptomProblemText('onset', 'required')).to.equal('Enter the date the symptoms started');
    expect(symptomProblemText('symptoms', 'too-many')).to.equal('List at most 10 symptoms: untick or remove the others');
    expect(symptomProblemText('symptoms.*', 'too-long')).to.equal('Symptom must be at most 120 characters');
    expect(prescriptionProblemText('doseAmount', 'number-format')).to.equal('Dose must be a number, like 1 or 0.5');
    expect(prescriptionProblemText('doseAmount', 'out-of-range')).to.equal('Dose must be more than 0 and at most 10,000');
    expect(prescriptionProblemText('durationDays', 'out-of-range')).to.equal('Number of days must be between 1 and 365');
    expect(exercisesProblemText('exercises.*.name', 'required', 3)).to.equal('Enter the name of exercise 3');
    expect(diagnosisProblemText('onset', 'date-future')).to.equal('Date the condition started must be today or in the past');
  });

  it('says nothing for a code a field has no rule for (so a missing message cannot pass unseen)', () => {
    expect(symptomProblemText('details', 'required')).to.equal('');
    expect(prescriptionProblemText('quantity', 'required')).to.equal('');
    expect(exercisesProblemText('exercises.*.instructions', 'required')).to.equal('');
    expect(diagnosisProblemText('note', 'unknown')).to.equal('');
  });
});
