// The four care forms as a person meets them, in a real browser: every rule code of every field of the
// care core's tables (SYMPTOM_RULES, DIAGNOSIS_RULES, PRESCRIPTION_RULES, EXERCISES_RULES) is made to
// happen by typing, ticking and clicking, and its message stands beside the field and in the summary,
// whose link goes to that field; a valid fill sends the form (values written here by hand); Cancel
// sends its event; markup typed into any box stays text; axe finds no serious or critical problem with
// the errors showing; and at 200% text in 320 px nothing runs off the side.
import { expect } from 'chai';
import { DIAGNOSIS_RULES, EXERCISES_RULES, PRESCRIPTION_RULES, SYMPTOM_RULES } from '../../web/core/care/index.ts';
import { diagnosisProblemText, exercisesProblemText, prescriptionProblemText, symptomProblemText } from '../../web/app/care-words.ts';
import '../../web/app/mt-symptom-form.ts';
import '../../web/app/mt-diagnosis-form.ts';
import '../../web/app/mt-prescription-form.ts';
import '../../web/app/mt-exercises-form.ts';
import type { CareForm } from '../../web/app/_care-form.ts';

type Form = 'symptom' | 'diagnosis' | 'prescription' | 'exercises';
const TAG: Record<Form, string> = { symptom: 'mt-symptom-form', diagnosis: 'mt-diagnosis-form', prescription: 'mt-prescription-form', exercises: 'mt-exercises-form' };
/** The user's today for every date rule here, so no test depends on the clock. */
const TODAY = '2025-06-15';

const tick = () => new Promise((r) => setTimeout(r, 0));
const q = <T extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
const idOf = (path: string) => `field-${path.replace(/\./g, '-')}`;

async function mount(form: Form, props: Record<string, unknown> = {}, host: HTMLElement = document.body): Promise<CareForm & HTMLElement> {
  const el = document.createElement(TAG[form]) as unknown as CareForm & HTMLElement & Record<string, unknown>;
  el.today = TODAY;
  Object.assign(el, props);
  host.append(el);
  await el.updateComplete;
  return el;
}

/** Types into a box as a person does, then leaves it. */
async function type(el: CareForm, testid: string, value: string): Promise<void> {
  const box = q<HTMLInputElement | HTMLTextAreaElement>(el.shadowRoot!, `input-${testid}`);
  expect(box, `box ${testid}`).to.not.equal(null);
  box!.value = value;
  box!.dispatchEvent(new Event('input'));
  box!.dispatchEvent(new Event('blur'));
  await el.updateComplete;
}

async function choose(el: CareForm, testid: string, value: string): Promise<void> {
  const select = q<HTMLSelectElement>(el.shadowRoot!, `input-${testid}`)!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

async function click(el: CareForm, testid: string): Promise<void> {
  const b = q<HTMLElement>(el.shadowRoot!, testid);
  expect(b, `control ${testid}`).to.not.equal(null);
  b!.click();
  await el.updateComplete;
  await tick();
}

async function date(el: CareForm, path: string, d: string, m: string, y: string): Promise<void> {
  await type(el, `${path}-day`, d);
  await type(el, `${path}-month`, m);
  await type(el, `${path}-year`, y);
}

async function submit(el: CareForm, form: Form): Promise<void> {
  await click(el, `${form}-submit`);
  const summary = el.shadowRoot!.querySelector('mt-error-summary');
  await summary?.updateComplete;
}

/** The summary's links as [href, text]. */
function links(el: CareForm): [string, string][] {
  const s = el.shadowRoot!.querySelector('mt-error-summary')!.shadowRoot!;
  return [...s.querySelectorAll('a')].map((a) => [a.getAttribute('href')!, a.textContent!]);
}

const A = (n: number) => 'a'.repeat(n);
const COUGH = '49727002';
const FEVER = '386661006';
const TABLET = '{tablet}';
const ORAL = '26643006';

/** One rule made to happen: the form, the field and code of the table, what to do, where the message stands and where the summary links. */
interface Case {
  form: Form;
  field: string;
  code: string;
  props?: Record<string, unknown>;
  act: (el: CareForm) => Promise<void>;
  /** The data-testid suffix of the error beside the field (error-<at>). */
  at: string;
  /** The id the summary links to; by default field-<at>. A function reads it from the page. */
  target?: string | ((el: CareForm) => string);
  /** The exercise's position the message names. */
  n?: number;
}

const nothingToDo = async () => {};
const ticks = async (el: CareForm, n: number) => {
  const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-testid="field-symptoms"] input[type="checkbox"]')];
  for (const b of boxes.slice(0, n)) b.click();
  await el.updateComplete;
};
const firstBox = (el: CareForm) => el.shadowRoot!.querySelector('[data-testid="field-symptoms"] input[type="checkbox"]')!.id;

/** A valid exercise row, as the initial property takes it. */
const ROW = { name: 'Walk', timesPerPeriod: '1', periodUnit: 'd', durationDays: '7', instructions: '' };

const CASES: Case[] = [
  // The symptom form.
  { form: 'symptom', field: 'symptoms', code: 'required', act: nothingToDo, at: 'symptoms', target: firstBox },
  { form: 'symptom', field: 'symptoms', code: 'too-many', act: (el) => ticks(el, 11), at: 'symptoms', target: firstBox },
  { form: 'symptom', field: 'symptoms.*', code: 'required', act: (el) => click(el, 'add-symptom'), at: 'typed.0' },
  { form: 'symptom', field: 'symptoms.*', code: 'unknown-code', props: { initial: { symptoms: [{ code: '999999999' }] } }, act: nothingToDo, at: 'symptom-999999999' },
  {
    form: 'symptom',
    field: 'symptoms.*',
    code: 'too-long',
    act: async (el) => {
      await click(el, 'add-symptom');
      await type(el, 'typed.0', A(121));
    },
    at: 'typed.0',
  },
  {
    form: 'symptom',
    field: 'symptoms.*',
    code: 'duplicate',
    act: async (el) => {
      await click(el, `input-symptom-${COUGH}`);
      await click(el, 'add-symptom');
      await type(el, 'typed.0', '  COUGH ');
    },
    at: 'typed.0',
  },
  { form: 'symptom', field: 'onset', code: 'required', act: nothingToDo, at: 'onset' },
  { form: 'symptom', field: 'onset', code: 'date-format', act: (el) => date(el, 'onset', 'x', '6', '2025'), at: 'onset' },
  { form: 'symptom', field: 'onset', code: 'date-invalid', act: (el) => date(el, 'onset', '31', '2', '2025'), at: 'onset' },
  { form: 'symptom', field: 'onset', code: 'date-future', act: (el) => date(el, 'onset', '16', '6', '2025'), at: 'onset' },
  { form: 'symptom', field: 'onset', code: 'date-too-old', act: (el) => date(el, 'onset', '31', '12', '1899'), at: 'onset' },
  { form: 'symptom', field: 'severity', code: 'required', act: nothingToDo, at: 'severity' },
  { form: 'symptom', field: 'severity', code: 'unknown', props: { initial: { severity: 'extreme' } }, act: nothingToDo, at: 'severity' },
  { form: 'symptom', field: 'details', code: 'too-long', act: (el) => type(el, 'details', A(2001)), at: 'details' },
  // The diagnosis form.
  { form: 'diagnosis', field: 'condition', code: 'required', act: nothingToDo, at: 'condition' },
  { form: 'diagnosis', field: 'condition', code: 'code-format', act: (el) => type(el, 'condition.code', '12345'), at: 'condition', target: idOf('condition.code') },
  { form: 'diagnosis', field: 'condition', code: 'too-long', act: (el) => type(el, 'condition', A(201)), at: 'condition' },
  { form: 'diagnosis', field: 'clinicalStatus', code: 'required', act: nothingToDo, at: 'clinicalStatus' },
  { form: 'diagnosis', field: 'clinicalStatus', code: 'unknown', props: { initial: { clinicalStatus: 'cured' } }, act: nothingToDo, at: 'clinicalStatus' },
  { form: 'diagnosis', field: 'onset', code: 'date-format', act: (el) => date(el, 'onset', '1', '', '2025'), at: 'onset' },
  { form: 'diagnosis', field: 'onset', code: 'date-invalid', act: (el) => date(el, 'onset', '0', '5', '2025'), at: 'onset' },
  { form: 'diagnosis', field: 'onset', code: 'date-future', act: (el) => date(el, 'onset', '1', '1', '2026'), at: 'onset' },
  { form: 'diagnosis', field: 'onset', code: 'date-too-old', act: (el) => date(el, 'onset', '1', '1', '1850'), at: 'onset' },
  { form: 'diagnosis', field: 'note', code: 'too-long', act: (el) => type(el, 'note', A(2001)), at: 'note' },
  // The prescription form.
  { form: 'prescription', field: 'medication', code: 'required', act: nothingToDo, at: 'medication' },
  {
    form: 'prescription',
    field: 'medication',
    code: 'code-format',
    act: async (el) => {
      await type(el, 'medication', 'Ibuprofen');
      await type(el, 'medication.code', '387207009x');
    },
    at: 'medication',
    target: idOf('medication.code'),
  },
  { form: 'prescription', field: 'medication', code: 'too-long', act: (el) => type(el, 'medication', A(201)), at: 'medication' },
  { form: 'prescription', field: 'doseAmount', code: 'required', act: nothingToDo, at: 'doseAmount' },
  { form: 'prescription', field: 'doseAmount', code: 'number-format', act: (el) => type(el, 'doseAmount', 'one'), at: 'doseAmount' },
  { form: 'prescription', field: 'doseAmount', code: 'out-of-range', act: (el) => type(el, 'doseAmount', '0'), at: 'doseAmount' },
  { form: 'prescription', field: 'doseUnit', code: 'required', act: nothingToDo, at: 'doseUnit' },
  { form: 'prescription', field: 'doseUnit', code: 'unknown', props: { initial: { doseUnit: 'kg' } }, act: nothingToDo, at: 'doseUnit' },
  { form: 'prescription', field: 'route', code: 'required', act: nothingToDo, at: 'route' },
  { form: 'prescription', field: 'route', code: 'unknown', props: { initial: { route: '12345' } }, act: nothingToDo, at: 'route' },
  { form: 'prescription', field: 'timesPerPeriod', code: 'required', act: nothingToDo, at: 'timesPerPeriod' },
  { form: 'prescription', field: 'timesPerPeriod', code: 'number-format', act: (el) => type(el, 'timesPerPeriod', '2.5'), at: 'timesPerPeriod' },
  { form: 'prescription', field: 'timesPerPeriod', code: 'out-of-range', act: (el) => type(el, 'timesPerPeriod', '25'), at: 'timesPerPeriod' },
  { form: 'prescription', field: 'periodUnit', code: 'required', act: (el) => choose(el, 'periodUnit', ''), at: 'periodUnit' },
  { form: 'prescription', field: 'periodUnit', code: 'unknown', props: { initial: { periodUnit: 'mo' } }, act: nothingToDo, at: 'periodUnit' },
  { form: 'prescription', field: 'durationDays', code: 'required', act: nothingToDo, at: 'durationDays' },
  { form: 'prescription', field: 'durationDays', code: 'number-format', act: (el) => type(el, 'durationDays', 'a week'), at: 'durationDays' },
  { form: 'prescription', field: 'durationDays', code: 'out-of-range', act: (el) => type(el, 'durationDays', '366'), at: 'durationDays' },
  { form: 'prescription', field: 'quantity', code: 'number-format', act: (el) => type(el, 'quantity', '20 tablets'), at: 'quantity' },
  { form: 'prescription', field: 'quantity', code: 'out-of-range', act: (el) => type(el, 'quantity', '10001'), at: 'quantity' },
  { form: 'prescription', field: 'note', code: 'too-long', act: (el) => type(el, 'note', A(2001)), at: 'note' },
  // The exercise form.
  { form: 'exercises', field: 'exercises', code: 'required', act: (el) => click(el, 'remove-exercise-0'), at: 'exercises' },
  { form: 'exercises', field: 'exercises', code: 'too-many', props: { initial: { exercises: Array.from({ length: 21 }, () => ({ ...ROW })) } }, act: nothingToDo, at: 'exercises', target: idOf('exercises.20.name') },
  {
    form: 'exercises',
    field: 'exercises.*.name',
    code: 'required',
    act: async (el) => {
      await type(el, 'exercises.0.name', 'Knee bends');
      await click(el, 'add-exercise');
    },
    at: 'exercises.1.name',
    n: 2,
  },
  { form: 'exercises', field: 'exercises.*.name', code: 'too-long', act: (el) => type(el, 'exercises.0.name', A(121)), at: 'exercises.0.name', n: 1 },
  { form: 'exercises', field: 'exercises.*.timesPerPeriod', code: 'required', act: nothingToDo, at: 'exercises.0.timesPerPeriod', n: 1 },
  { form: 'exercises', field: 'exercises.*.timesPerPeriod', code: 'number-format', act: (el) => type(el, 'exercises.0.timesPerPeriod', 'twice'), at: 'exercises.0.timesPerPeriod', n: 1 },
  { form: 'exercises', field: 'exercises.*.timesPerPeriod', code: 'out-of-range', act: (el) => type(el, 'exercises.0.timesPerPeriod', '0'), at: 'exercises.0.timesPerPeriod', n: 1 },
  { form: 'exercises', field: 'exercises.*.periodUnit', code: 'required', act: (el) => choose(el, 'exercises.0.periodUnit', ''), at: 'exercises.0.periodUnit', n: 1 },
  { form: 'exercises', field: 'exercises.*.periodUnit', code: 'unknown', props: { initial: { exercises: [{ ...ROW, periodUnit: 'h' }] } }, act: nothingToDo, at: 'exercises.0.periodUnit', n: 1 },
  { form: 'exercises', field: 'exercises.*.durationDays', code: 'required', act: nothingToDo, at: 'exercises.0.durationDays', n: 1 },
  { form: 'exercises', field: 'exercises.*.durationDays', code: 'number-format', act: (el) => type(el, 'exercises.0.durationDays', '-3'), at: 'exercises.0.durationDays', n: 1 },
  { form: 'exercises', field: 'exercises.*.durationDays', code: 'out-of-range', act: (el) => type(el, 'exercises.0.durationDays', '400'), at: 'exercises.0.durationDays', n: 1 },
  { form: 'exercises', field: 'exercises.*.instructions', code: 'too-long', act: (el) => type(el, 'exercises.0.instructions', A(1001)), at: 'exercises.0.instructions', n: 1 },
];

function expected(c: Case): string {
  switch (c.form) {
    case 'symptom':
      return symptomProblemText(c.field as never, c.code as never);
    case 'diagnosis':
      return diagnosisProblemText(c.field as never, c.code as never);
    case 'prescription':
      return prescriptionProblemText(c.field as never, c.code as never);
    case 'exercises':
      return exercisesProblemText(c.field as never, c.code as never, c.n ?? 1);
  }
}

describe('care forms: every rule shows its message beside the field and in the summary', function () {
  afterEach(() => document.body.replaceChildren());

  it('has a case below for every code of every field of the four tables', function () {
    const want = new Set<string>();
    const tables: [Form, Readonly<Record<string, readonly string[]>>][] = [
      ['symptom', SYMPTOM_RULES],
      ['diagnosis', DIAGNOSIS_RULES],
      ['prescription', PRESCRIPTION_RULES],
      ['exercises', EXERCISES_RULES],
    ];
    for (const [form, rules] of tables) for (const [field, codes] of Object.entries(rules)) for (const code of codes) want.add(`${form} ${field} ${code}`);
    const have = new Set(CASES.map((c) => `${c.form} ${c.field} ${c.code}`));
    expect([...want].filter((k) => !have.has(k)), 'codes without a case').to.deep.equal([]);
    expect([...have].filter((k) => !want.has(k)), 'cases for no code').to.deep.equal([]);
  });

  for (const c of CASES) {
    it(`${c.form}: ${c.field} ${c.code}`, async function () {
      const el = await mount(c.form, c.props);
      await c.act(el);
      await submit(el, c.form);
      const root = el.shadowRoot!;
      const message = expected(c);
      expect(message, 'the words exist').to.not.equal('');
      const beside = q(root, `error-${c.at}`);
      expect(beside, `an error beside ${c.at}`).to.not.equal(null);
      expect(beside!.textContent).to.equal(message);
      const target = typeof c.target === 'function' ? c.target(el) : (c.target ?? idOf(c.at));
      expect(links(el), 'the summary links to the field with the same words').to.deep.include([`#${target}`, message]);
      // The link's field is a control that takes focus, marked invalid or described by the error.
      const field = root.getElementById(target);
      expect(field, `#${target}`).to.not.equal(null);
      const a = [...root.querySelector('mt-error-summary')!.shadowRoot!.querySelectorAll('a')].find((x) => x.getAttribute('href') === `#${target}` && x.textContent === message)!;
      a.click();
      expect(root.activeElement, 'the link moves focus to the field').to.equal(field);
      const described = [field!, field!.closest('fieldset')].some((n) => n?.getAttribute('aria-describedby')?.split(' ').includes(beside!.id));
      expect(described, 'the field (or its group) is described by the error').to.equal(true);
    });
  }
});

describe('care forms: errors as the user goes, valid forms, cancel, disabled', function () {
  afterEach(() => document.body.replaceChildren());

  it('says nothing in a box until it is left, then the error beside it, marked invalid', async function () {
    const el = await mount('prescription');
    const root = el.shadowRoot!;
    const box = q<HTMLInputElement>(root, 'input-doseAmount')!;
    box.value = 'one';
    box.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(q(root, 'error-doseAmount'), 'not while typing into a fresh box').to.equal(null);
    expect(box.getAttribute('aria-invalid')).to.equal('false');
    box.dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(q(root, 'error-doseAmount')!.textContent).to.equal('Dose must be a number, like 1 or 0.5');
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    expect(box.getAttribute('aria-describedby')).to.contain('field-doseAmount-error');
    expect(q(root, 'error-medication'), 'other fields say nothing before a submit').to.equal(null);
    expect(links(el), 'no summary before a submit').to.deep.equal([]);
  });

  it('on a failed submit the summary takes focus and nothing is sent', async function () {
    for (const form of Object.keys(TAG) as Form[]) {
      const el = await mount(form);
      const sent: unknown[] = [];
      el.addEventListener(`${form}-submit`, (e) => sent.push(e));
      if (form === 'exercises') await click(el, 'remove-exercise-0');
      await submit(el, form);
      const summary = el.shadowRoot!.querySelector('mt-error-summary')!;
      expect(summary.shadowRoot!.activeElement, `${form}: the summary has focus`).to.equal(q(summary.shadowRoot!, 'error-summary'));
      expect(links(el).length, form).to.be.greaterThan(0);
      expect(sent, form).to.deep.equal([]);
      el.remove();
    }
  });

  it('symptom: a valid fill sends the form, ticked codes in the order ticked, then the patient\'s own words, trimmed', async function () {
    const el = await mount('symptom');
    const got: CustomEvent[] = [];
    document.body.addEventListener('symptom-submit', (e) => got.push(e as CustomEvent));
    await click(el, `input-symptom-${FEVER}`);
    await click(el, `input-symptom-${COUGH}`);
    await click(el, 'add-symptom');
    expect(el.shadowRoot!.activeElement?.id, 'a new row takes focus').to.equal('field-typed-0');
    await type(el, 'typed.0', ' Sore throat ');
    await click(el, 'add-symptom');
    await type(el, 'typed.1', 'to remove');
    await click(el, 'remove-typed.1');
    await date(el, 'onset', '3', '6', '2025');
    await click(el, 'input-severity-moderate');
    await type(el, 'details', 'Worse at night\n');
    await submit(el, 'symptom');
    expect(got.length).to.equal(1);
    expect(got[0].bubbles && got[0].composed, 'bubbles out of the shadow root').to.equal(true);
    expect(got[0].detail).to.deep.equal({
      form: { symptoms: [{ code: FEVER }, { code: COUGH }, { text: 'Sore throat' }], onset: '2025-06-03', severity: 'moderate', details: 'Worse at night' },
    });
  });

  it('diagnosis: a valid fill sends the form, with a SNOMED CT code or in words only', async function () {
    let el = await mount('diagnosis');
    const got: CustomEvent[] = [];
    document.body.addEventListener('diagnosis-submit', (e) => got.push(e as CustomEvent));
    await type(el, 'condition', ' Hypertension ');
    await type(el, 'condition.code', '38341003');
    await click(el, 'input-clinicalStatus-active');
    await date(el, 'onset', '1', '5', '2025');
    await type(el, 'note', 'Measure it each morning');
    await submit(el, 'diagnosis');
    el.remove();
    el = await mount('diagnosis');
    await type(el, 'condition', 'Flu');
    await click(el, 'input-clinicalStatus-resolved');
    await submit(el, 'diagnosis');
    expect(got.map((e) => [e.bubbles, e.composed, e.detail])).to.deep.equal([
      [true, true, { form: { condition: { code: '38341003', display: 'Hypertension' }, clinicalStatus: 'active', onset: '2025-05-01', note: 'Measure it each morning' } }],
      [true, true, { form: { condition: { text: 'Flu' }, clinicalStatus: 'resolved', onset: '', note: '' } }],
    ]);
  });

  it('prescription: a valid fill sends the form; a decimal comma is a decimal point; no quantity is null', async function () {
    let el = await mount('prescription');
    const got: CustomEvent[] = [];
    document.body.addEventListener('prescription-submit', (e) => got.push(e as CustomEvent));
    await type(el, 'medication', 'Ibuprofen 200 mg tablets');
    await type(el, 'doseAmount', '1');
    await choose(el, 'doseUnit', TABLET);
    await choose(el, 'route', ORAL);
    await type(el, 'timesPerPeriod', '3');
    await type(el, 'durationDays', '7');
    await type(el, 'quantity', '21');
    await submit(el, 'prescription');
    el.remove();
    el = await mount('prescription');
    await type(el, 'medication', 'Paracetamol');
    await type(el, 'doseAmount', '0,5');
    await choose(el, 'doseUnit', TABLET);
    await choose(el, 'route', ORAL);
    await type(el, 'timesPerPeriod', '2');
    await choose(el, 'periodUnit', 'wk');
    await type(el, 'durationDays', '14');
    await type(el, 'note', 'With food');
    await submit(el, 'prescription');
    expect(got.map((e) => [e.bubbles, e.composed, e.detail])).to.deep.equal([
      [true, true, { form: { medication: { text: 'Ibuprofen 200 mg tablets' }, doseAmount: 1, doseUnit: TABLET, route: ORAL, timesPerPeriod: 3, periodUnit: 'd', durationDays: 7, quantity: 21, note: '' } }],
      [true, true, { form: { medication: { text: 'Paracetamol' }, doseAmount: 0.5, doseUnit: TABLET, route: ORAL, timesPerPeriod: 2, periodUnit: 'wk', durationDays: 14, quantity: null, note: 'With food' } }],
    ]);
  });

  it('prescription: the unit and route lists read in words, the units with the dose typed', async function () {
    const el = await mount('prescription');
    const options = (id: string) => [...q<HTMLSelectElement>(el.shadowRoot!, `input-${id}`)!.options].map((o) => [o.value, o.textContent!.trim()]);
    expect(options('route')).to.deep.include([ORAL, 'by mouth']);
    expect(options('doseUnit')).to.deep.include([TABLET, 'tablets']);
    await type(el, 'doseAmount', '1');
    expect(options('doseUnit')).to.deep.include([TABLET, 'tablet']);
    expect(options('doseUnit')[0]).to.deep.equal(['', 'Choose a unit']);
  });

  it('exercises: a valid fill sends every exercise in order; one can be added and removed', async function () {
    const el = await mount('exercises');
    const got: CustomEvent[] = [];
    document.body.addEventListener('exercises-submit', (e) => got.push(e as CustomEvent));
    await type(el, 'exercises.0.name', 'Knee bends');
    await type(el, 'exercises.0.timesPerPeriod', '2');
    await type(el, 'exercises.0.durationDays', '14');
    await type(el, 'exercises.0.instructions', '10 slow repeats');
    await click(el, 'add-exercise');
    expect(el.shadowRoot!.activeElement?.id, 'the new exercise\'s name takes focus').to.equal('field-exercises-1-name');
    await type(el, 'exercises.1.name', 'Drop me');
    await click(el, 'add-exercise');
    await type(el, 'exercises.2.name', 'Walk');
    await type(el, 'exercises.2.timesPerPeriod', '3');
    await choose(el, 'exercises.2.periodUnit', 'wk');
    await type(el, 'exercises.2.durationDays', '30');
    await click(el, 'remove-exercise-1');
    await submit(el, 'exercises');
    expect(got.length).to.equal(1);
    expect(got[0].bubbles && got[0].composed).to.equal(true);
    expect(got[0].detail).to.deep.equal({
      form: {
        exercises: [
          { name: 'Knee bends', timesPerPeriod: 2, periodUnit: 'd', durationDays: 14, instructions: '10 slow repeats' },
          { name: 'Walk', timesPerPeriod: 3, periodUnit: 'wk', durationDays: 30, instructions: '' },
        ],
      },
    });
  });

  it('exercises: the add button stops at 20', async function () {
    const el = await mount('exercises', { initial: { exercises: Array.from({ length: 19 }, () => ({ ...ROW })) } });
    await click(el, 'add-exercise');
    expect(el.shadowRoot!.querySelectorAll('fieldset.item').length).to.equal(20);
    expect(q<HTMLButtonElement>(el.shadowRoot!, 'add-exercise')!.disabled).to.equal(true);
  });

  it('Cancel sends <name>-cancel, bubbling out of the shadow root, and nothing else', async function () {
    for (const form of Object.keys(TAG) as Form[]) {
      const el = await mount(form);
      const got: Event[] = [];
      document.body.addEventListener(`${form}-cancel`, (e) => got.push(e));
      document.body.addEventListener(`${form}-submit`, (e) => got.push(e));
      await click(el, `${form}-cancel`);
      expect(got.map((e) => [e.type, e.bubbles, e.composed]), form).to.deep.equal([[`${form}-cancel`, true, true]]);
      el.remove();
    }
  });

  it('disabled: every control is disabled and a submit sends nothing', async function () {
    const el = await mount('symptom', { initial: { symptoms: [{ code: COUGH }], onset: '2025-06-01', severity: 'mild' } });
    const got: Event[] = [];
    el.addEventListener('symptom-submit', (e) => got.push(e));
    el.disabled = true;
    await el.updateComplete;
    const controls = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input, select, textarea, button')];
    expect(controls.length).to.be.greaterThan(20);
    expect(controls.filter((c) => !c.disabled).map((c) => c.id || c.dataset.testid)).to.deep.equal([]);
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await el.updateComplete;
    expect(got).to.deep.equal([]);
    el.disabled = false;
    await el.updateComplete;
    await submit(el, 'symptom');
    expect(got.length, 'the same values go once enabled').to.equal(1);
  });
});

describe('care forms: markup typed into a box stays text', function () {
  afterEach(() => {
    document.body.replaceChildren();
    delete (window as unknown as Record<string, unknown>).__xss;
    delete (window as unknown as Record<string, unknown>).__xssControl;
  });

  const PAYLOADS = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>'];

  /** Every element of a form's shadow root and of the shadow roots inside it. */
  function elements(root: ShadowRoot): Element[] {
    const out: Element[] = [];
    for (const e of root.querySelectorAll('*')) {
      out.push(e);
      if (e.shadowRoot) out.push(...elements(e.shadowRoot));
    }
    return out;
  }

  /** What the browser made of a payload put into the page as HTML, to prove the check can see a run. */
  function control(): Promise<void> {
    const div = document.createElement('div');
    div.innerHTML = '<img src=x onerror="window.__xssControl=1">';
    // Added after the parser set the inline handler, so it runs after it.
    const done = new Promise<void>((resolve) => div.querySelector('img')!.addEventListener('error', () => resolve()));
    document.body.append(div);
    return done;
  }

  for (const payload of PAYLOADS) {
    it(`every text box of every form keeps ${payload} as text, and the forms send it as text`, async function () {
      const sent: unknown[] = [];
      for (const form of Object.keys(TAG) as Form[]) {
        const el = await mount(form, form === 'symptom' ? { initial: { symptoms: [{ code: payload }] } } : {});
        el.addEventListener(`${form}-submit`, (e) => sent.push((e as CustomEvent).detail));
        if (form === 'symptom') await click(el, 'add-symptom');
        const root = el.shadowRoot!;
        const boxes = [...root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[type="text"], textarea')];
        expect(boxes.length, form).to.be.greaterThan(1);
        for (const box of boxes) await type(el, box.dataset.testid!.slice('input-'.length), payload);
        await submit(el, form);
        for (const box of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[type="text"], textarea')) {
          expect(box.value, `${form} ${box.id} keeps the text`).to.equal(payload);
        }
        const made = elements(root).filter((e) => e.localName === 'img' || e.localName === 'script' || e.hasAttribute('onerror'));
        expect(made.map((e) => e.outerHTML), `${form}: no element made from the text`).to.deep.equal([]);
        if (form === 'symptom') {
          // The one place a form writes a value back as text: a ticked code no longer on the list.
          const label = root.querySelector(`label[for="${CSS.escape(idOf(`symptom-${payload}`))}"]`);
          expect(label?.textContent, 'the code is shown as text').to.contain(payload);
        }
      }
      // The free-text fields of forms that can be valid with the payload in them go out as text.
      const el = await mount('symptom');
      el.addEventListener('symptom-submit', (e) => sent.push((e as CustomEvent).detail));
      await click(el, 'add-symptom');
      await type(el, 'typed.0', payload);
      await date(el, 'onset', '1', '6', '2025');
      await click(el, 'input-severity-mild');
      await type(el, 'details', payload);
      await submit(el, 'symptom');
      const ex = await mount('exercises', { initial: { exercises: [{ ...ROW, name: payload, instructions: payload }] } });
      ex.addEventListener('exercises-submit', (e) => sent.push((e as CustomEvent).detail));
      await submit(ex, 'exercises');
      expect(sent).to.deep.equal([
        { form: { symptoms: [{ text: payload }], onset: '2025-06-01', severity: 'mild', details: payload } },
        { form: { exercises: [{ name: payload, timesPerPeriod: 1, periodUnit: 'd', durationDays: 7, instructions: payload }] } },
      ]);
      await control();
      expect((window as unknown as Record<string, unknown>).__xssControl, 'the page runs a handler put in as HTML (so the check below can fail)').to.equal(1);
      expect((window as unknown as Record<string, unknown>).__xss, 'no handler ran from the forms').to.equal(undefined);
    });
  }
});

describe('care forms: accessible with the errors showing', function () {
  afterEach(() => document.body.replaceChildren());

  async function loadAxe(): Promise<{ run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }> }> {
    const w = window as unknown as Record<string, unknown>;
    if (!w.axe) {
      await new Promise<void>((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/node_modules/axe-core/axe.min.js';
        s.onload = () => resolve();
        s.onerror = () => reject(new Error('axe-core did not load'));
        document.head.append(s);
      });
    }
    return w.axe as never;
  }

  for (const form of Object.keys(TAG) as Form[]) {
    it(`${form}: axe finds no serious or critical violation, with every field in error`, async function () {
      const axe = await loadAxe();
      const el = await mount(form);
      if (form === 'symptom') {
        await click(el, 'add-symptom');
        await type(el, 'details', A(2001));
      }
      if (form === 'diagnosis') await date(el, 'onset', 'x', '1', '2025');
      if (form === 'prescription') await type(el, 'quantity', 'x');
      await submit(el, form);
      expect(links(el).length).to.be.greaterThan(2);
      // The form's own tree (shadow roots included), not the test page's title and language.
      const r = await axe.run(el, { resultTypes: ['violations'] });
      const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(', ')}`);
      expect(bad).to.deep.equal([]);
    });

    it(`${form}: at 200% text in 320 px, nothing runs off the side (WCAG 1.4.10)`, async function () {
      const box = document.createElement('div');
      box.style.cssText = 'width: 320px; font-size: 200%; padding: 0; margin: 0;';
      document.body.append(box);
      const el = await mount(form, {}, box);
      await submit(el, form);
      const right = box.getBoundingClientRect().right;
      const over = [...el.shadowRoot!.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > right + 0.5)
        .map((e) => `${e.localName}#${e.id} ${Math.round(e.getBoundingClientRect().right)} > ${Math.round(right)}`);
      expect(over).to.deep.equal([]);
    });
  }
});
