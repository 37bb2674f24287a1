// The doctor's diagnosis form (issue 9, "Consultation"): the condition in words with an optional
// SNOMED CT code, its clinical status, when it started (optional) and a note. The rules are the care
// core's (diagnosisProblems); this element only words them (care-words.ts). Nothing is sent from here:
// a valid submit sends the form up in an event.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { CLINICAL_STATUSES, diagnosisProblems, toDiagnosisForm, type DiagnosisField, type DiagnosisForm, type DiagnosisInput } from '../core/care/index.ts';
import { CareForm, NO_DATE, asText, dateOf, partsOf, type DateParts, type ShownProblem } from './_care-form.ts';
import { clinicalStatusText, diagnosisProblemText } from './care-words.ts';

/** Detail of the `diagnosis-submit` event. */
export interface DiagnosisSubmitDetail {
  form: DiagnosisForm;
}

const _FIELDS: readonly DiagnosisField[] = ['condition', 'clinicalStatus', 'onset', 'note'];

/**
 * The diagnosis form.
 *
 * @fires diagnosis-submit - The form is valid and was submitted; detail is {@link DiagnosisSubmitDetail}.
 * @fires diagnosis-cancel - The doctor cancelled (no detail).
 */
@customElement('mt-diagnosis-form')
@localized()
export class MtDiagnosisForm extends CareForm {
  /** Values to start from (a form filled in before). */
  @property({ attribute: false }) initial: DiagnosisInput = {};

  @state() private _condition = { text: '', code: '' };
  @state() private _status = '';
  @state() private _onset: DateParts = { ...NO_DATE };
  @state() private _note = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('initial')) {
      const c = (this.initial.condition ?? {}) as { code?: unknown; display?: unknown; text?: unknown };
      this._condition = { code: asText(c.code), text: asText(c.code) !== '' ? asText(c.display) : asText(c.text) };
      this._status = asText(this.initial.clinicalStatus);
      this._onset = partsOf(this.initial.onset);
      this._note = asText(this.initial.note);
    }
  }

  #values(): DiagnosisInput {
    return { condition: this._codedValue(this._condition), clinicalStatus: this._status, onset: dateOf(this._onset), note: this._note };
  }

  protected override _problems(): ShownProblem[] {
    const raw = diagnosisProblems(this.#values(), this._today());
    return _FIELDS.filter((f) => raw[f]).map((f) => ({
      path: f,
      target: f === 'condition' && raw[f] === 'code-format' ? 'condition.code' : f,
      message: diagnosisProblemText(f, raw[f]!),
    }));
  }

  async #onSubmit(e: Event): Promise<void> {
    if (!(await this._check(e))) return;
    const form = toDiagnosisForm(this.#values(), this._today());
    if (form) this._fire<DiagnosisSubmitDetail>('diagnosis-submit', { form });
  }

  override render() {
    const problems = this._problems();
    const err = (path: string, ...also: string[]) => ([path, ...also].some((p) => this._shown(p)) ? (problems.find((p) => p.path === path)?.message ?? '') : '');
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        ${this._summary(problems)}
        ${this._coded({
          path: 'condition',
          label: msg('Diagnosis'),
          textLabel: msg('Name of the condition'),
          hint: msg('The patient reads it: write it in words they understand.'),
          error: err('condition', 'condition.code'),
          codeWrong: problems.some((p) => p.target === 'condition.code'),
          value: this._condition,
          onInput: (v) => (this._condition = v),
        })}
        ${this._radios({
          path: 'clinicalStatus',
          label: msg('Clinical status'),
          error: err('clinicalStatus'),
          value: this._status,
          options: CLINICAL_STATUSES.map((s) => ({ value: s.code, text: clinicalStatusText(s.code) })),
          onChange: (v) => (this._status = v),
        })}
        ${this._date({
          path: 'onset',
          label: msg('When did the condition start? (optional)'),
          hint: msg('For example, 27 3 2025'),
          error: err('onset'),
          value: this._onset,
          onInput: (v) => (this._onset = v),
        })}
        ${this._textarea({
          path: 'note',
          label: msg('Note for the patient (optional)'),
          error: err('note'),
          value: this._note,
          onInput: (v) => (this._note = v),
        })}
        ${this._buttons('diagnosis-submit', msg('Send the diagnosis'), 'diagnosis-cancel')}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-diagnosis-form': MtDiagnosisForm;
  }
}
