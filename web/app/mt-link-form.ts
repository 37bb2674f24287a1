// The link form (issue 10, "Shared links"): which records the link holds, its last day, and an
// optional passcode with a plain warning that whoever holds the link can try passcodes offline. GOV.UK
// style, as the care forms. Nothing is made from here: a valid submit sends the choice up in an event.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { CareForm, NO_DATE, type DateParts, type ShownProblem } from './_care-form.ts';
import { untilOf, untilProblemText } from './access-dates.ts';

/** Shortest passcode accepted: with the link in hand, a short one falls to guessing on any computer. */
const MIN_PASSCODE = 8;

/** Detail of the `link-submit` event. */
export interface LinkSubmitDetail {
  places: string[];
  until: number;
  passcode: string;
}

/**
 * The link form.
 *
 * @fires link-submit - The form is valid and was submitted; detail is {@link LinkSubmitDetail}.
 * @fires link-cancel - The patient cancelled (no detail).
 */
@customElement('mt-link-form')
@localized()
export class MtLinkForm extends CareForm {
  /** The patient's records to choose from: place and the words that name each. */
  @property({ attribute: false }) records: { place: string; label: string }[] = [];

  @state() private _places: string[] = [];
  @state() private _until: DateParts = { ...NO_DATE };
  @state() private _passcode = '';

  protected override _problems(): ShownProblem[] {
    const out: ShownProblem[] = [];
    if (this._places.length === 0) out.push({ path: 'records', target: 'records', message: msg('Choose at least one record') });
    const until = untilOf(this._until, this._today());
    if ('problem' in until) out.push({ path: 'until', target: 'until', message: untilProblemText(until.problem) });
    if (this._passcode !== '' && [...this._passcode].length < MIN_PASSCODE) {
      out.push({ path: 'passcode', target: 'passcode', message: msg(str`The passcode must be at least ${MIN_PASSCODE} characters, or leave it empty`) });
    }
    return out;
  }

  async #onSubmit(e: Event): Promise<void> {
    if (!(await this._check(e))) return;
    const until = untilOf(this._until, this._today());
    if ('problem' in until) return;
    this._fire<LinkSubmitDetail>('link-submit', {
      places: this.records.map((r) => r.place).filter((p) => this._places.includes(p)),
      until: until.until,
      passcode: this._passcode,
    });
  }

  override render() {
    const problems = this._problems();
    const err = (path: string) => (this._shown(path) ? (problems.find((p) => p.path === path)?.message ?? '') : '');
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        ${this._summary(problems)}
        ${this._checkboxes({
          path: 'records',
          label: msg('Which records?'),
          hint: this.records.length === 0 ? msg('You have no records yet.') : msg('Fewer records make a smaller QR code.'),
          error: err('records'),
          values: this._places,
          options: this.records.map((r) => ({ value: r.place, text: r.label })),
          onChange: (v) => (this._places = v),
        })}
        ${this._date({
          path: 'until',
          label: msg('Last day the link works'),
          hint: msg('For example, 31 1 2027. The doctor’s device checks this day by its own clock.'),
          error: err('until'),
          value: this._until,
          onInput: (v) => (this._until = v),
        })}
        ${this._text({
          path: 'passcode',
          label: msg('Passcode (optional)'),
          hint: msg(str`At least ${MIN_PASSCODE} characters. Tell it to the doctor separately, not with the link. Someone who gets the link can try passcodes on their own computer without limit, so choose a long one, such as three unrelated words.`),
          error: err('passcode'),
          value: this._passcode,
          kind: 'wide',
          onInput: (v) => (this._passcode = v),
        })}
        ${this._buttons('link-make', msg('Make the link'), 'link-cancel')}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-link-form': MtLinkForm;
  }
}
