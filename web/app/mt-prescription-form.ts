// The doctor's prescription form (issue 9, "Consultation"): the medicine in words with an optional
// SNOMED CT code, the dose and its unit (UCUM), how it is taken (route), how often and for how many
// days, the quantity to dispense and a note. The rules are the care core's (prescriptionProblems); this
// element only words them (care-words.ts). Nothing is sent from here: a valid submit sends the form up.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { DOSE_UNITS, ROUTES, prescriptionProblems, toPrescriptionForm, type PrescriptionField, type PrescriptionForm, type PrescriptionInput } from '../core/care/index.ts';
import { CareForm, asText, type ShownProblem } from './_care-form.ts';
import { doseUnitText, prescriptionProblemText, routeText } from './care-words.ts';

/** Detail of the `prescription-submit` event. */
export interface PrescriptionSubmitDetail {
  form: PrescriptionForm;
}

const _FIELDS: readonly PrescriptionField[] = ['medication', 'doseAmount', 'doseUnit', 'route', 'timesPerPeriod', 'periodUnit', 'durationDays', 'quantity', 'note'];

type _Plain = Exclude<PrescriptionField, 'medication'>;

/**
 * The prescription form.
 *
 * @fires prescription-submit - The form is valid and was submitted; detail is {@link PrescriptionSubmitDetail}.
 * @fires prescription-cancel - The doctor cancelled (no detail).
 */
@customElement('mt-prescription-form')
@localized()
export class MtPrescriptionForm extends CareForm {
  /** Values to start from (a form filled in before). */
  @property({ attribute: false }) initial: PrescriptionInput = {};

  @state() private _medication = { text: '', code: '' };
  /** Every other field as typed; a day is the usual period, so it is chosen to start with. */
  @state() private _v: Record<_Plain, string> = _blank();

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('initial')) {
      const m = (this.initial.medication ?? {}) as { code?: unknown; display?: unknown; text?: unknown };
      this._medication = { code: asText(m.code), text: asText(m.code) !== '' ? asText(m.display) : asText(m.text) };
      const v = _blank();
      for (const k of Object.keys(v) as _Plain[]) if (k in this.initial) v[k] = asText(this.initial[k]);
      this._v = v;
    }
  }

  #values(): PrescriptionInput {
    return { medication: this._codedValue(this._medication), ...this._v };
  }

  protected override _problems(): ShownProblem[] {
    const raw = prescriptionProblems(this.#values());
    return _FIELDS.filter((f) => raw[f]).map((f) => ({
      path: f,
      target: f === 'medication' && raw[f] === 'code-format' ? 'medication.code' : f,
      message: prescriptionProblemText(f, raw[f]!),
    }));
  }

  #set(k: _Plain, value: string): void {
    this._v = { ...this._v, [k]: value };
  }

  async #onSubmit(e: Event): Promise<void> {
    if (!(await this._check(e))) return;
    const form = toPrescriptionForm(this.#values());
    if (form) this._fire<PrescriptionSubmitDetail>('prescription-submit', { form });
  }

  override render() {
    const problems = this._problems();
    const err = (path: string, ...also: string[]) => ([path, ...also].some((p) => this._shown(p)) ? (problems.find((p) => p.path === path)?.message ?? '') : '');
    // The units read with the dose typed ("tablet" for 1, "tablets" for 2), or as for a few when none is.
    const amount = Number(this._v.doseAmount.replace(',', '.'));
    const forAmount = this._v.doseAmount.trim() !== '' && Number.isFinite(amount) ? amount : 2;
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        ${this._summary(problems)}
        ${this._coded({
          path: 'medication',
          label: msg('Medicine'),
          textLabel: msg('Name of the medicine'),
          hint: msg('With its strength, for example Ibuprofen 200 mg tablets'),
          error: err('medication', 'medication.code'),
          codeWrong: problems.some((p) => p.target === 'medication.code'),
          value: this._medication,
          onInput: (v) => (this._medication = v),
        })}
        <fieldset class="field">
          <legend>${msg('Dose')}</legend>
          <div class="hint">${msg('How much to take each time')}</div>
          <div class="inline">
            <div>
              ${this._text({ path: 'doseAmount', label: msg('Amount'), hint: msg('For example, 1 or 0.5'), error: err('doseAmount'), value: this._v.doseAmount, kind: 'decimal', bare: true, onInput: (x) => this.#set('doseAmount', x) })}
            </div>
            <div>
              ${this._select({
                path: 'doseUnit',
                label: msg('Unit'),
                error: err('doseUnit'),
                value: this._v.doseUnit,
                blank: msg('Choose a unit'),
                bare: true,
                options: DOSE_UNITS.map((u) => ({ value: u.code, text: doseUnitText(u.code, forAmount) })),
                onChange: (x) => this.#set('doseUnit', x),
              })}
            </div>
          </div>
        </fieldset>
        ${this._select({
          path: 'route',
          label: msg('How it is taken'),
          error: err('route'),
          value: this._v.route,
          blank: msg('Choose how'),
          options: ROUTES.map((r) => ({ value: r.code, text: routeText(r.code) })),
          onChange: (x) => this.#set('route', x),
        })}
        ${this._schedule(
          '',
          this._v,
          { timesPerPeriod: err('timesPerPeriod'), periodUnit: err('periodUnit'), durationDays: err('durationDays') },
          (k, x) => this.#set(k, x),
          { often: msg('How often'), oftenHint: msg('For example, 3 times per day'), days: msg('For how many days'), daysHint: msg('For example, 7') },
        )}
        ${this._text({ path: 'quantity', label: msg('Quantity to dispense (optional)'), hint: msg('In the unit of the dose, for example 20'), error: err('quantity'), value: this._v.quantity, kind: 'decimal', onInput: (x) => this.#set('quantity', x) })}
        ${this._textarea({ path: 'note', label: msg('Note for the patient (optional)'), hint: msg('For example, take with food.'), error: err('note'), value: this._v.note, onInput: (x) => this.#set('note', x) })}
        ${this._buttons('prescription-submit', msg('Send the prescription'), 'prescription-cancel')}
      </form>
    `;
  }
}

function _blank(): Record<_Plain, string> {
  return { doseAmount: '', doseUnit: '', route: '', timesPerPeriod: '', periodUnit: 'd', durationDays: '', quantity: '', note: '' };
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-prescription-form': MtPrescriptionForm;
  }
}
