// Every rule of the care forms (issue 9, "a test for every validation rule"): one case per field and
// code that triggers exactly that code, checked against each form's exported table so a code without a
// case (or a case without a code in the table) fails; and valid values pass (fast-check, fixed seeds).
import { expect } from 'chai';
import fc from 'fast-check';
import {
  DIAGNOSIS_RULES,
  EXERCISES_RULES,
  MAX_DETAILS,
  MAX_SYMPTOM_TEXT,
  PRESCRIPTION_RULES,
  SYMPTOM_RULES,
  diagnosisProblems,
  exercisesProblems,
  prescriptionProblems,
  ruleKey,
  symptomProblems,
  toDiagnosisForm,
  toExercisesForm,
  toPrescriptionForm,
  toSymptomForm,
  type DiagnosisInput,
  type ExercisesInput,
  type PrescriptionInput,
  type SymptomInput,
} from '../../../web/core/care/index.ts';
import { TODAY, diagnosisInput, exercisesInput, prescriptionInput, symptomInput } from './_gen.ts';

interface Case<I> {
  /** The problem's path, as the rules function returns it. */
  path: string;
  code: string;
  input: I;
}

/** Checks each case gives exactly its one problem, and the cases cover the table exactly. */
function checkRules<I>(table: Readonly<Record<string, readonly string[]>>, cases: Case<I>[], problems: (i: I) => Record<string, string>): void {
  for (const c of cases) {
    expect(problems(c.input), `${c.path} ${c.code}: ${JSON.stringify(c.input)}`).to.deep.equal({ [c.path]: c.code });
  }
  const covered = new Set(cases.map((c) => `${ruleKey(c.path)} ${c.code}`));
  const listed = new Set(Object.entries(table).flatMap(([field, codes]) => codes.map((code) => `${field} ${code}`)));
  expect([...listed].filter((k) => !covered.has(k)), 'codes of the table without a case').to.deep.equal([]);
  expect([...covered].filter((k) => !listed.has(k)), 'cases whose code is not in the table').to.deep.equal([]);
}

const SYMPTOMS_OK: SymptomInput = { symptoms: [{ code: '25064002' }, { text: 'Біль у коліні' }], onset: '2026-11-30', severity: 'mild', details: '' };
const sym = (over: Partial<SymptomInput>): SymptomInput => ({ ...SYMPTOMS_OK, ...over });

describe('symptom form rules', () => {
  it('a valid form has no problem and becomes the form', () => {
    expect(symptomProblems(SYMPTOMS_OK, TODAY)).to.deep.equal({});
    expect(toSymptomForm(SYMPTOMS_OK, TODAY)).to.deep.equal({ symptoms: [{ code: '25064002' }, { text: 'Біль у коліні' }], onset: '2026-11-30', severity: 'mild', details: '' });
  });

  it('each code of SYMPTOM_RULES has a case that triggers it and only it', () => {
    checkRules<SymptomInput>(
      SYMPTOM_RULES,
      [
        { path: 'symptoms', code: 'required', input: sym({ symptoms: [] }) },
        { path: 'symptoms', code: 'too-many', input: sym({ symptoms: Array.from({ length: 11 }, (_, i) => ({ text: `Symptom ${i}` })) }) },
        { path: 'symptoms.1', code: 'required', input: sym({ symptoms: [{ code: '25064002' }, { text: '   ' }] }) },
        { path: 'symptoms.0', code: 'unknown-code', input: sym({ symptoms: [{ code: '404684003' }] }) },
        { path: 'symptoms.0', code: 'too-long', input: sym({ symptoms: [{ text: 'a'.repeat(MAX_SYMPTOM_TEXT + 1) }] }) },
        { path: 'symptoms.1', code: 'duplicate', input: sym({ symptoms: [{ code: '25064002' }, { code: '25064002' }] }) },
        { path: 'onset', code: 'required', input: sym({ onset: '' }) },
        { path: 'onset', code: 'date-format', input: sym({ onset: '30.11.2026' }) },
        { path: 'onset', code: 'date-invalid', input: sym({ onset: '2026-02-30' }) },
        { path: 'onset', code: 'date-future', input: sym({ onset: '2026-12-05' }) },
        { path: 'onset', code: 'date-too-old', input: sym({ onset: '1899-12-31' }) },
        { path: 'severity', code: 'required', input: sym({ severity: undefined }) },
        { path: 'severity', code: 'unknown', input: sym({ severity: 'awful' }) },
        { path: 'details', code: 'too-long', input: sym({ details: 'x'.repeat(MAX_DETAILS + 1) }) },
      ],
      (i) => symptomProblems(i, TODAY),
    );
  });

  it('a duplicate is the same symptom by code, by its English or Ukrainian name typed, or typed twice with other case and spaces', () => {
    for (const symptoms of [
      [{ code: '25064002' }, { text: 'headache' }],
      [{ code: '25064002' }, { text: ' Головний  біль ' }],
      [{ text: 'Біль у коліні' }, { text: 'БІЛЬ У КОЛІНІ' }],
      [{ text: 'Headache' }, { code: '25064002' }],
    ]) {
      expect(symptomProblems(sym({ symptoms }), TODAY), JSON.stringify(symptoms)).to.deep.equal({ 'symptoms.1': 'duplicate' });
    }
  });

  it('the limits are inclusive: 10 symptoms, a 120-unit symptom, 2000-unit details, onset today and on 1900-01-01', () => {
    expect(symptomProblems(sym({ symptoms: Array.from({ length: 10 }, (_, i) => ({ text: `Symptom ${i}` })) }), TODAY)).to.deep.equal({});
    expect(symptomProblems(sym({ symptoms: [{ text: 'a'.repeat(MAX_SYMPTOM_TEXT) }], details: 'x'.repeat(MAX_DETAILS) }), TODAY)).to.deep.equal({});
    expect(symptomProblems(sym({ onset: TODAY }), TODAY)).to.deep.equal({});
    expect(symptomProblems(sym({ onset: '1900-01-01' }), TODAY)).to.deep.equal({});
  });

  it('values of the wrong type are problems, never exceptions', () => {
    expect(symptomProblems({ symptoms: 'headache', onset: 20261130, severity: 2, details: {} } as SymptomInput, TODAY)).to.deep.equal({ symptoms: 'required', onset: 'required', severity: 'unknown' });
    expect(symptomProblems(sym({ symptoms: [null, 7] }), TODAY)).to.deep.equal({ 'symptoms.0': 'required', 'symptoms.1': 'required' });
    expect(toSymptomForm(sym({ severity: 'awful' }), TODAY)).to.equal(null);
  });

  it('generated valid forms pass (fast-check seed 9101)', () => {
    fc.assert(
      fc.property(symptomInput, (i) => {
        expect(symptomProblems(i, TODAY)).to.deep.equal({});
      }),
      { seed: 9101, numRuns: 300 },
    );
  });
});

const DIAGNOSIS_OK: DiagnosisInput = { condition: { code: '25064002', display: 'Headache' }, clinicalStatus: 'active', onset: '2026-11-30', note: '' };
const dia = (over: Partial<DiagnosisInput>): DiagnosisInput => ({ ...DIAGNOSIS_OK, ...over });

describe('diagnosis form rules', () => {
  it('a valid form, coded or in words, has no problem; onset and note may be empty', () => {
    expect(diagnosisProblems(DIAGNOSIS_OK, TODAY)).to.deep.equal({});
    expect(diagnosisProblems({ condition: { text: 'Tension headache' }, clinicalStatus: 'resolved' }, TODAY)).to.deep.equal({});
    expect(toDiagnosisForm({ condition: { text: ' Tension headache ' }, clinicalStatus: 'resolved' }, TODAY)).to.deep.equal({ condition: { text: 'Tension headache' }, clinicalStatus: 'resolved', onset: '', note: '' });
  });

  it('each code of DIAGNOSIS_RULES has a case that triggers it and only it', () => {
    checkRules<DiagnosisInput>(
      DIAGNOSIS_RULES,
      [
        { path: 'condition', code: 'required', input: dia({ condition: { text: ' ' } }) },
        // 25064003: the last digit is not the Verhoeff check digit of 2506400 (the right one is 2).
        { path: 'condition', code: 'code-format', input: dia({ condition: { code: '25064003', display: 'Headache' } }) },
        { path: 'condition', code: 'too-long', input: dia({ condition: { text: 'x'.repeat(201) } }) },
        { path: 'clinicalStatus', code: 'required', input: dia({ clinicalStatus: '' }) },
        { path: 'clinicalStatus', code: 'unknown', input: dia({ clinicalStatus: 'cured' }) },
        { path: 'onset', code: 'date-format', input: dia({ onset: '2026-11' }) },
        { path: 'onset', code: 'date-invalid', input: dia({ onset: '2026-13-01' }) },
        { path: 'onset', code: 'date-future', input: dia({ onset: '2027-01-01' }) },
        { path: 'onset', code: 'date-too-old', input: dia({ onset: '1850-01-01' }) },
        { path: 'note', code: 'too-long', input: dia({ note: 'x'.repeat(2001) }) },
      ],
      (i) => diagnosisProblems(i, TODAY) as Record<string, string>,
    );
  });

  it('a coded condition needs its display too', () => {
    expect(diagnosisProblems(dia({ condition: { code: '25064002' } }), TODAY)).to.deep.equal({ condition: 'required' });
  });

  it('generated valid forms pass (fast-check seed 9102)', () => {
    fc.assert(
      fc.property(diagnosisInput, (i) => {
        expect(diagnosisProblems(i, TODAY)).to.deep.equal({});
      }),
      { seed: 9102, numRuns: 300 },
    );
  });
});

const PRESCRIPTION_OK: PrescriptionInput = { medication: { text: 'Ibuprofen 200 mg' }, doseAmount: '1', doseUnit: '{tablet}', route: '26643006', timesPerPeriod: '3', periodUnit: 'd', durationDays: '7', quantity: '21', note: '' };
const pre = (over: Partial<PrescriptionInput>): PrescriptionInput => ({ ...PRESCRIPTION_OK, ...over });

describe('prescription form rules', () => {
  it('a valid form has no problem and becomes numbers; a decimal comma reads as a point; quantity may be empty', () => {
    expect(prescriptionProblems(PRESCRIPTION_OK)).to.deep.equal({});
    expect(toPrescriptionForm(pre({ doseAmount: '2,5', doseUnit: 'mL', quantity: '' }))).to.deep.include({ doseAmount: 2.5, doseUnit: 'mL', timesPerPeriod: 3, periodUnit: 'd', durationDays: 7, quantity: null });
  });

  it('each code of PRESCRIPTION_RULES has a case that triggers it and only it', () => {
    checkRules<PrescriptionInput>(
      PRESCRIPTION_RULES,
      [
        { path: 'medication', code: 'required', input: pre({ medication: undefined }) },
        { path: 'medication', code: 'code-format', input: pre({ medication: { code: '12345', display: 'x' } }) },
        { path: 'medication', code: 'too-long', input: pre({ medication: { text: 'x'.repeat(201) } }) },
        { path: 'doseAmount', code: 'required', input: pre({ doseAmount: ' ' }) },
        { path: 'doseAmount', code: 'number-format', input: pre({ doseAmount: '1e3' }) },
        { path: 'doseAmount', code: 'out-of-range', input: pre({ doseAmount: '0' }) },
        { path: 'doseUnit', code: 'required', input: pre({ doseUnit: '' }) },
        { path: 'doseUnit', code: 'unknown', input: pre({ doseUnit: 'kg' }) },
        { path: 'route', code: 'required', input: pre({ route: undefined }) },
        { path: 'route', code: 'unknown', input: pre({ route: '284009009' }) },
        { path: 'timesPerPeriod', code: 'required', input: pre({ timesPerPeriod: '' }) },
        { path: 'timesPerPeriod', code: 'number-format', input: pre({ timesPerPeriod: '1.5' }) },
        { path: 'timesPerPeriod', code: 'out-of-range', input: pre({ timesPerPeriod: '25' }) },
        { path: 'periodUnit', code: 'required', input: pre({ periodUnit: undefined }) },
        { path: 'periodUnit', code: 'unknown', input: pre({ periodUnit: 'mo' }) },
        { path: 'durationDays', code: 'required', input: pre({ durationDays: null }) },
        { path: 'durationDays', code: 'number-format', input: pre({ durationDays: '-3' }) },
        { path: 'durationDays', code: 'out-of-range', input: pre({ durationDays: 366 }) },
        { path: 'quantity', code: 'number-format', input: pre({ quantity: 'twenty' }) },
        { path: 'quantity', code: 'out-of-range', input: pre({ quantity: '10001' }) },
        { path: 'note', code: 'too-long', input: pre({ note: 'x'.repeat(2001) }) },
      ],
      (i) => prescriptionProblems(i) as Record<string, string>,
    );
  });

  it('numbers at the limits pass; more than three decimals, NaN and Infinity do not', () => {
    expect(prescriptionProblems(pre({ doseAmount: '0.001', timesPerPeriod: 24, durationDays: '365', quantity: 10000 }))).to.deep.equal({});
    expect(prescriptionProblems(pre({ doseAmount: '0.0001' }))).to.deep.equal({ doseAmount: 'number-format' });
    expect(prescriptionProblems(pre({ doseAmount: Number.NaN }))).to.deep.equal({ doseAmount: 'number-format' });
    expect(prescriptionProblems(pre({ doseAmount: Number.POSITIVE_INFINITY }))).to.deep.equal({ doseAmount: 'number-format' });
    expect(prescriptionProblems(pre({ doseAmount: 10000.5 }))).to.deep.equal({ doseAmount: 'out-of-range' });
  });

  it('generated valid forms pass (fast-check seed 9103)', () => {
    fc.assert(
      fc.property(prescriptionInput, (i) => {
        expect(prescriptionProblems(i)).to.deep.equal({});
      }),
      { seed: 9103, numRuns: 300 },
    );
  });
});

const EXERCISE_OK = { name: 'Plank', timesPerPeriod: '2', periodUnit: 'd', durationDays: '14', instructions: 'Hold 30 s' };
const exe = (over: Record<string, unknown>): ExercisesInput => ({ exercises: [EXERCISE_OK, { ...EXERCISE_OK, ...over }] });

describe('exercise form rules', () => {
  it('a valid form has no problem and becomes numbers', () => {
    expect(exercisesProblems({ exercises: [EXERCISE_OK] })).to.deep.equal({});
    expect(toExercisesForm({ exercises: [EXERCISE_OK] })).to.deep.equal({ exercises: [{ name: 'Plank', timesPerPeriod: 2, periodUnit: 'd', durationDays: 14, instructions: 'Hold 30 s' }] });
  });

  it('each code of EXERCISES_RULES has a case that triggers it and only it', () => {
    checkRules<ExercisesInput>(
      EXERCISES_RULES,
      [
        { path: 'exercises', code: 'required', input: { exercises: [] } },
        { path: 'exercises', code: 'too-many', input: { exercises: Array.from({ length: 21 }, () => EXERCISE_OK) } },
        { path: 'exercises.1.name', code: 'required', input: exe({ name: '' }) },
        { path: 'exercises.1.name', code: 'too-long', input: exe({ name: 'x'.repeat(121) }) },
        { path: 'exercises.1.timesPerPeriod', code: 'required', input: exe({ timesPerPeriod: undefined }) },
        { path: 'exercises.1.timesPerPeriod', code: 'number-format', input: exe({ timesPerPeriod: 'twice' }) },
        { path: 'exercises.1.timesPerPeriod', code: 'out-of-range', input: exe({ timesPerPeriod: 0 }) },
        { path: 'exercises.1.periodUnit', code: 'required', input: exe({ periodUnit: '' }) },
        { path: 'exercises.1.periodUnit', code: 'unknown', input: exe({ periodUnit: 'h' }) },
        { path: 'exercises.1.durationDays', code: 'required', input: exe({ durationDays: '' }) },
        { path: 'exercises.1.durationDays', code: 'number-format', input: exe({ durationDays: '2 weeks' }) },
        { path: 'exercises.1.durationDays', code: 'out-of-range', input: exe({ durationDays: '0' }) },
        { path: 'exercises.1.instructions', code: 'too-long', input: exe({ instructions: 'x'.repeat(1001) }) },
      ],
      exercisesProblems,
    );
  });

  it('generated valid forms pass (fast-check seed 9104)', () => {
    fc.assert(
      fc.property(exercisesInput, (i) => {
        expect(exercisesProblems(i)).to.deep.equal({});
      }),
      { seed: 9104, numRuns: 300 },
    );
  });
});
