// The consent form (issue 10, "Consent"): which doctor, what they may see (every record from now on,
// or the records the patient ticks), and the last day of access. GOV.UK style, as the care forms:
// errors beside each field and in a summary on submit. Nothing is written from here: a valid submit
// sends the choice up in an event, and the consents screen writes the grant.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { CareForm, NO_DATE, type DateParts, type ShownProblem } from './_care-form.ts';
import { untilOf, untilProblemText } from './access-dates.ts';

/** Detail of the `consent-submit` event. */
export interface ConsentSubmitDetail {
  doctor: string;
  scope: 'from-now-on' | 'records';
  /** The chosen records' places (scope 'records'). */
  places: string[];
  /** The end of the last day of access, in ms since 1970. */
  until: number;
}

/**
 * The consent form.
 *
 * @fires consent-submit - The form is valid and was submitted; detail is {@link ConsentSubmitDetail}.
 * @fires consent-cancel - The patient cancelled (no detail).
 */
@customElement('mt-consent-form')
@localized()
export class MtConsentForm extends CareForm {
  /** The doctors to choose from: agreement key and name. */
  @property({ attribute: false }) doctors: { key: string; name: string }[] = [];
  /** The doctor chosen to start with (a link from Find a doctor). */
  @property({ attribute: false }) doctor = '';
  /** The patient's records to choose from: place and the words that name each. */
  @property({ attribute: false }) records: { place: string; label: string }[] = [];

  @state() private _doctor = '';
  @state() private _scope = '';
  @state() private _places: string[] = [];
  @state() private _until: DateParts = { ...NO_DATE };

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('doctor') && this.doctor) this._doctor = this.doctor;
  }

  protected override _problems(): ShownProblem[] {
    const out: ShownProblem[] = [];
    if (!this.doctors.some((d) => d.key === this._doctor)) out.push({ path: 'doctor', target: 'doctor', message: msg('Choose the doctor who can see your records') });
    if (this._scope === '') out.push({ path: 'scope', target: 'scope', message: msg('Choose what the doctor can see') });
    if (this._scope === 'records' && this._places.length === 0) out.push({ path: 'records', target: 'records', message: msg('Choose at least one record') });
    const until = untilOf(this._until, this._today());
    if ('problem' in until) out.push({ path: 'until', target: 'until', message: untilProblemText(until.problem) });
    return out;
  }

  async #onSubmit(e: Event): Promise<void> {
    if (!(await this._check(e))) return;
    const until = untilOf(this._until, this._today());
    if ('problem' in until) return;
    this._fire<ConsentSubmitDetail>('consent-submit', {
      doctor: this._doctor,
      scope: this._scope as 'from-now-on' | 'records',
      places: this._scope === 'records' ? this.records.map((r) => r.place).filter((p) => this._places.includes(p)) : [],
      until: until.until,
    });
  }

  override render() {
    const problems = this._problems();
    const err = (path: string) => (this._shown(path) ? (problems.find((p) => p.path === path)?.message ?? '') : '');
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        ${this._summary(problems)}
        ${this._radios({
          path: 'doctor',
          label: msg('Which doctor?'),
          hint: this.doctors.length === 0 ? msg('No doctor is on this device yet. Find a doctor first.') : undefined,
          error: err('doctor'),
          value: this._doctor,
          options: this.doctors.map((d) => ({ value: d.key, text: d.name })),
          onChange: (v) => (this._doctor = v),
        })}
        ${this._radios({
          path: 'scope',
          label: msg('What can they see?'),
          error: err('scope'),
          value: this._scope,
          options: [
            { value: 'from-now-on', text: msg('Everything I add from now on'), hint: msg('Not what you already have: choose those records instead.') },
            { value: 'records', text: msg('Only the records I choose') },
          ],
          onChange: (v) => (this._scope = v),
        })}
        ${this._scope === 'records'
          ? this._checkboxes({
              path: 'records',
              label: msg('Which records?'),
              hint: this.records.length === 0 ? msg('You have no records yet.') : undefined,
              error: err('records'),
              values: this._places,
              options: this.records.map((r) => ({ value: r.place, text: r.label })),
              onChange: (v) => (this._places = v),
            })
          : ''}
        ${this._date({
          path: 'until',
          label: msg('Last day they can see them'),
          hint: msg('For example, 31 1 2027. After this day their device stops showing your records.'),
          error: err('until'),
          value: this._until,
          onInput: (v) => (this._until = v),
        })}
        ${this._buttons('consent-give', msg('Give access'), 'consent-cancel')}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-consent-form': MtConsentForm;
  }
}
