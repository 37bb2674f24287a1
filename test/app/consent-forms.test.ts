// The consent and link forms (issue 10): each wrong or missing answer is named beside its field and
// in the summary, and nothing is sent; a valid form sends exactly what was chosen, the last day as
// the end of that day on the user's clock. The last day's rule (access-dates.ts) as a table.
import { expect } from 'chai';
import type { LitElement } from 'lit';
import { untilOf } from '../../web/app/access-dates.ts';
import type { ConsentSubmitDetail } from '../../web/app/mt-consent-form.ts';
import type { LinkSubmitDetail } from '../../web/app/mt-link-form.ts';
import '../../web/app/mt-consent-form.ts';
import '../../web/app/mt-link-form.ts';

const TODAY = '2026-12-04';
const DOCTORS = [
  { key: 'aa'.repeat(32), name: 'Dr Taras Shevchenko' },
  { key: 'bb'.repeat(32), name: 'Dr Lesia Ukrainka' },
];
const RECORDS = [
  { place: `${'01'.repeat(32)}.${'02'.repeat(32)}`, label: 'Note, 4 December 2026' },
  { place: `${'03'.repeat(32)}.${'04'.repeat(32)}`, label: 'Prescription, 3 May 2026' },
];

async function mount<T extends LitElement>(tag: string, props: Record<string, unknown>): Promise<T> {
  const el = document.createElement(tag) as T;
  Object.assign(el, { today: TODAY, ...props });
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const q = <T extends Element = HTMLElement>(el: LitElement, id: string) => el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);
const squash = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function type(el: LitElement, id: string, value: string): Promise<void> {
  const input = q<HTMLInputElement>(el, id)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

async function submit(el: LitElement, id: string): Promise<void> {
  q<HTMLButtonElement>(el, id)!.click();
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 0));
  await el.updateComplete;
}

async function day(el: LitElement, path: string, d: string, m: string, y: string): Promise<void> {
  await type(el, `input-${path}-day`, d);
  await type(el, `input-${path}-month`, m);
  await type(el, `input-${path}-year`, y);
}

describe('the consent and link forms', () => {
  afterEach(() => document.querySelectorAll('mt-consent-form, mt-link-form').forEach((e) => e.remove()));

  it('the last day: the end of that day on the user\'s clock, or what is wrong with it', () => {
    const parts = (day: string, month: string, year: string) => ({ day, month, year });
    expect(untilOf(parts('31', '1', '2027'), TODAY)).to.deep.equal({ until: new Date(2027, 0, 31, 23, 59, 59, 999).getTime() });
    expect(untilOf(parts('4', '12', '2026'), TODAY), 'today itself').to.deep.equal({ until: new Date(2026, 11, 4, 23, 59, 59, 999).getTime() });
    const cases: [string, string, string, string][] = [
      ['', '', '', 'required'],
      ['3', '', '2027', 'date-format'],
      ['x', '1', '2027', 'date-format'],
      ['1', '1', '27', 'date-format'],
      ['31', '2', '2027', 'date-invalid'],
      ['3', '12', '2026', 'date-past'],
      ['1', '1', '2032', 'too-far'],
    ];
    for (const [d, m, y, problem] of cases) expect(untilOf(parts(d, m, y), TODAY), `${d}/${m}/${y}`).to.deep.equal({ problem });
  });

  it('consent: every missing answer is named and nothing is sent; a valid form sends the doctor, the scope, the records chosen and the end of the last day', async () => {
    const el = await mount('mt-consent-form', { doctors: DOCTORS, records: RECORDS });
    const sent: ConsentSubmitDetail[] = [];
    el.addEventListener('consent-submit', (e) => sent.push((e as CustomEvent<ConsentSubmitDetail>).detail));
    await submit(el, 'consent-give');
    expect([squash(q(el, 'error-doctor')), squash(q(el, 'error-scope')), squash(q(el, 'error-until'))]).to.deep.equal([
      'Choose the doctor who can see your records',
      'Choose what the doctor can see',
      'Enter the last day',
    ]);
    const summary = el.shadowRoot!.querySelector('mt-error-summary')!;
    await (summary as LitElement).updateComplete;
    expect(squash(summary.shadowRoot!.querySelector('ul'))).to.contain('Choose what the doctor can see');
    q<HTMLInputElement>(el, 'input-doctor-' + DOCTORS[1].key)!.click();
    q<HTMLInputElement>(el, 'input-scope-records')!.click();
    await el.updateComplete;
    await day(el, 'until', '3', '12', '2026');
    await submit(el, 'consent-give');
    expect(squash(q(el, 'error-records'))).to.equal('Choose at least one record');
    expect(squash(q(el, 'error-until'))).to.equal('The last day must be today or later');
    expect(sent).to.deep.equal([]);
    q<HTMLInputElement>(el, 'input-records-1')!.click();
    await day(el, 'until', '31', '1', '2027');
    await submit(el, 'consent-give');
    expect(sent).to.deep.equal([{ doctor: DOCTORS[1].key, scope: 'records', places: [RECORDS[1].place], until: new Date(2027, 0, 31, 23, 59, 59, 999).getTime() }]);
  });

  it('consent: "from now on" sends no records, and the doctor from Find a doctor is chosen already', async () => {
    const el = await mount('mt-consent-form', { doctors: DOCTORS, records: RECORDS, doctor: DOCTORS[0].key });
    const sent: ConsentSubmitDetail[] = [];
    el.addEventListener('consent-submit', (e) => sent.push((e as CustomEvent<ConsentSubmitDetail>).detail));
    expect([DOCTORS[0], DOCTORS[1]].map((d) => q<HTMLInputElement>(el, 'input-doctor-' + d.key)!.checked)).to.deep.equal([true, false]);
    q<HTMLInputElement>(el, 'input-scope-from-now-on')!.click();
    await day(el, 'until', '4', '12', '2026');
    await submit(el, 'consent-give');
    expect(sent.map((d) => [d.doctor, d.scope, d.places])).to.deep.equal([[DOCTORS[0].key, 'from-now-on', []]]);
  });

  it('link: records and the last day are required; a short passcode is named; a valid form sends the records, the day and the passcode', async () => {
    const el = await mount('mt-link-form', { records: RECORDS });
    const sent: LinkSubmitDetail[] = [];
    el.addEventListener('link-submit', (e) => sent.push((e as CustomEvent<LinkSubmitDetail>).detail));
    await type(el, 'input-passcode', 'short');
    await submit(el, 'link-make');
    expect([squash(q(el, 'error-records')), squash(q(el, 'error-until')), squash(q(el, 'error-passcode'))]).to.deep.equal([
      'Choose at least one record',
      'Enter the last day',
      'The passcode must be at least 8 characters, or leave it empty',
    ]);
    expect(sent).to.deep.equal([]);
    q<HTMLInputElement>(el, 'input-records-0')!.click();
    await day(el, 'until', '11', '12', '2026');
    await type(el, 'input-passcode', 'river lamp orchard');
    await submit(el, 'link-make');
    expect(sent).to.deep.equal([{ places: [RECORDS[0].place], until: new Date(2026, 11, 11, 23, 59, 59, 999).getTime(), passcode: 'river lamp orchard' }]);
  });
});
