// The registration form: a patient's or a doctor's details, in the style of the GOV.UK Design
// System (one question per field with a hint; errors beside the field as the user types once it
// has been left, and on submit a summary at the top that links to each field). The rules are the
// identity core's (web/core/identity profile.ts); this element only words them. Nothing is saved
// here: a valid submit sends the profile up.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { PROFILE_FIELDS, PROFILE_MAX, fieldProblem, toProfile, type Profile, type ProfileField, type ProfileProblem, type Role } from '../core/identity/index.ts';
import './mt-error-summary.ts';
import type { MtErrorSummary, SummaryError } from './mt-error-summary.ts';
import { nCharacters } from './i18n/plural.ts';
import { currentLanguage } from './i18n/index.ts';
import { PRACTICE_SETTINGS, foldText } from '../core/directory/index.ts';
import { shared } from './styles.ts';

/** Detail of the `profile-submit` event. */
export interface ProfileSubmitDetail {
  profile: Profile;
  /** The name for this device's list of identities (kept in the clear). */
  label: string;
}

/** The practice setting (specialty) whose name, in either language, is the text given, or undefined: the doctor chose it from the list. Used by this form and its tests. */
export function specialtyCodeOf(text: string): string | undefined {
  const f = foldText(text.trim());
  if (f === '') return undefined;
  return PRACTICE_SETTINGS.find((p) => [p.display, p.uk, ...(p.also ?? [])].some((name) => foldText(name) === f))?.code;
}

/** Today as YYYY-MM-DD in the device's time zone. */
function _today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The field's label. */
function _label(field: ProfileField | 'label', role: Role): string {
  switch (field) {
    case 'familyName':
      return role === 'clinic' ? msg('Your last name') : msg('Last name');
    case 'givenName':
      return role === 'clinic' ? msg('Your first name') : msg('First name');
    case 'birthDate':
      return msg('Date of birth');
    case 'personId':
      return role === 'doctor' ? msg('Doctor ID') : role === 'clinic' ? msg('Clinic register number') : msg('Patient ID');
    case 'specialty':
      return msg('Specialty');
    case 'clinic':
      return role === 'clinic' ? msg('Clinic name') : msg('Clinic');
    case 'licence':
      return msg('Licence number');
    case 'label':
      return msg('Name for this device’s list');
  }
}

/** The field's hint. */
function _hint(field: ProfileField | 'label', role: Role): string {
  switch (field) {
    case 'birthDate':
      return msg('For example, 27 3 1985');
    case 'personId':
      return role === 'doctor'
        ? msg('As your medical register gives it: letters, digits, dots, slashes or hyphens.')
        : role === 'clinic'
          ? msg('As the register of health facilities gives it: letters, digits, dots, slashes or hyphens.')
          : msg('As your health card gives it: letters, digits, dots, slashes or hyphens.');
    case 'familyName':
    case 'givenName':
      return role === 'clinic' ? msg('The member of staff who checks doctors’ licences.') : '';
    case 'clinic':
      return role === 'clinic' ? msg('As patients know it. It is shown beside every profile you vouch for.') : '';
    case 'specialty':
      return msg('Start typing and choose from the list, or write your own.');
    case 'licence':
      return msg('As it is written on your licence.');
    case 'label':
      return msg('Shown when someone picks who they are on this device, before any passphrase. Anyone holding the device can read it.');
    default:
      return '';
  }
}

/** "Enter …" for each field: what the field asks, in words that fit a sentence. */
function _enter(field: ProfileField | 'label', role: Role): string {
  switch (field) {
    case 'familyName':
      return msg('Enter your last name');
    case 'givenName':
      return msg('Enter your first name');
    case 'birthDate':
      return msg('Enter your date of birth');
    case 'personId':
      return role === 'doctor' ? msg('Enter your doctor ID') : role === 'clinic' ? msg('Enter the clinic’s register number') : msg('Enter your patient ID');
    case 'specialty':
      return msg('Enter your specialty');
    case 'clinic':
      return role === 'clinic' ? msg('Enter the clinic’s name') : msg('Enter your clinic');
    case 'licence':
      return msg('Enter your licence number');
    case 'label':
      return msg('Enter a name for this device’s list');
  }
}

/** What to say for a field's problem: each says how to fix it. Used by this form and its tests. */
export function problemMessage(field: ProfileField | 'label', problem: ProfileProblem, role: Role = 'patient'): string {
  const max = field === 'label' ? 40 : PROFILE_MAX[field];
  switch (problem) {
    case 'required':
      return _enter(field, role);
    case 'too-long':
      return msg(str`${_label(field, role)} must be at most ${nCharacters(max)}`);
    case 'characters':
      return field === 'familyName' || field === 'givenName'
        ? msg(str`${_label(field, role)} must only use letters, spaces, hyphens and apostrophes`)
        : msg(str`${_label(field, role)} must not contain control characters`);
    case 'id-format':
      return msg(str`${_label(field, role)} must start with a letter or digit and only use letters, digits, spaces, dots, slashes and hyphens`);
    case 'date-format':
      return msg('Date of birth must be a real date, in numbers: day, month and year');
    case 'date-invalid':
      return msg('Date of birth must be a real date');
    case 'date-future':
      return msg('Date of birth must be in the past');
    case 'date-too-old':
      return msg('Date of birth must be after 1 January 1900');
  }
}

/**
 * The registration form for a role.
 *
 * @fires profile-submit - The form is valid and was submitted; detail is {@link ProfileSubmitDetail}.
 * @fires profile-back - The user went back (no detail).
 */
@customElement('mt-profile-form')
@localized()
export class MtProfileForm extends LitElement {
  static override styles = [
    shared,
    css`
      /* Day, month and year wrap onto rows on a narrow screen with large text (WCAG 1.4.10), and
         the fieldset may shrink below their width (a fieldset's min-width is its content's). */
      fieldset {
        min-width: 0;
      }
      .date {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
      .date div {
        flex: 0 0 auto;
      }
      .date input {
        width: 4.5rem;
      }
      .date .year {
        width: 6.5rem;
      }
      input.wide {
        max-width: 30rem;
      }
    `,
  ];

  @property({ attribute: 'profile-role' }) profileRole: Role = 'patient';
  /** Values to start from (a form filled in before, when the user comes back). */
  @property({ attribute: false }) initial: Partial<Record<ProfileField | 'label', string>> = {};
  /** The submit button's words. */
  @property({ attribute: 'submit-label' }) submitLabel = '';

  @state() private _values: Partial<Record<ProfileField | 'label', string>> = {};
  @state() private _date = { day: '', month: '', year: '' };
  /** Fields the user has left (errors show as they type only once a field was left, or after a submit). */
  @state() private _touched = new Set<string>();
  @state() private _submitted = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('initial')) {
      this._values = { ...this.initial };
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(this.initial.birthDate ?? '');
      if (m) this._date = { year: m[1], month: String(Number(m[2])), day: String(Number(m[3])) };
    }
  }

  #birthDate(): string {
    const { day, month, year } = this._date;
    if (!day.trim() && !month.trim() && !year.trim()) return '';
    const num = (s: string) => (/^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : NaN);
    const [d, m, y] = [num(day), num(month), num(year)];
    if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1000) return 'not-a-date';
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }

  #values(): Partial<Record<ProfileField, string>> {
    const v: Partial<Record<ProfileField, string>> = { ...this._values };
    v.birthDate = this.#birthDate();
    return v;
  }

  #problems(): { field: ProfileField | 'label'; problem: ProfileProblem }[] {
    const today = _today();
    const values = this.#values();
    const out: { field: ProfileField | 'label'; problem: ProfileProblem }[] = [];
    for (const field of PROFILE_FIELDS[this.profileRole]) {
      const p = fieldProblem(this.profileRole, field, values[field], today);
      if (p) out.push({ field, problem: p });
    }
    const label = (this._values.label ?? '').trim();
    if (label === '') out.push({ field: 'label', problem: 'required' });
    else if (label.length > 40) out.push({ field: 'label', problem: 'too-long' });
    return out;
  }

  #onInput(field: ProfileField | 'label', e: Event): void {
    this._values = { ...this._values, [field]: (e.target as HTMLInputElement).value };
  }

  #onDate(part: 'day' | 'month' | 'year', e: Event): void {
    this._date = { ...this._date, [part]: (e.target as HTMLInputElement).value };
  }

  #leave(field: string): void {
    if (!this._touched.has(field)) this._touched = new Set([...this._touched, field]);
  }

  async #onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    this._submitted = true;
    const problems = this.#problems();
    if (problems.length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<MtErrorSummary>('mt-error-summary')?.focus();
      return;
    }
    const profile = toProfile(this.profileRole, this.#values(), _today());
    if (!profile) return;
    if (profile.specialty !== undefined) {
      const code = specialtyCodeOf(profile.specialty);
      if (code) profile.specialtyCode = code;
    }
    this.dispatchEvent(
      new CustomEvent<ProfileSubmitDetail>('profile-submit', {
        detail: { profile, label: (this._values.label ?? '').trim() },
        bubbles: true,
        composed: true,
      }),
    );
  }

  #field(field: ProfileField | 'label', problem: ProfileProblem | undefined, shown: boolean) {
    const id = `field-${field}`;
    const hint = _hint(field, this.profileRole);
    const error = shown && problem ? problemMessage(field, problem, this.profileRole) : '';
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    if (field === 'birthDate') {
      return html`
        <fieldset class="field" aria-describedby=${describedBy} data-testid="field-birthDate">
          <legend>${_label(field, this.profileRole)}</legend>
          ${hint ? html`<div id=${`${id}-hint`} class="hint">${hint}</div>` : nothing}
          ${error ? html`<p id=${`${id}-error`} class="field-error" data-testid="error-birthDate">${error}</p>` : nothing}
          <div class="date">
            ${(['day', 'month', 'year'] as const).map(
              (part) => html`<div>
                <label for=${part === 'day' ? id : `${id}-${part}`}>${part === 'day' ? msg('Day') : part === 'month' ? msg('Month') : msg('Year')}</label>
                <input
                  id=${part === 'day' ? id : `${id}-${part}`}
                  class=${part}
                  type="text"
                  inputmode="numeric"
                  autocomplete=${part === 'day' ? 'bday-day' : part === 'month' ? 'bday-month' : 'bday-year'}
                  data-testid=${`input-birthDate-${part}`}
                  .value=${this._date[part]}
                  aria-invalid=${error ? 'true' : 'false'}
                  @input=${(e: Event) => this.#onDate(part, e)}
                  @blur=${() => this.#leave('birthDate')}
                />
              </div>`,
            )}
          </div>
        </fieldset>
      `;
    }
    const auto: Partial<Record<ProfileField | 'label', string>> = { familyName: 'family-name', givenName: 'given-name', clinic: 'organization' };
    return html`
      <div class="field">
        <label for=${id}>${_label(field, this.profileRole)}</label>
        ${hint ? html`<div id=${`${id}-hint`} class="hint">${hint}</div>` : nothing}
        ${error ? html`<p id=${`${id}-error`} class="field-error" data-testid=${`error-${field}`}>${error}</p>` : nothing}
        <input
          id=${id}
          class="wide"
          type="text"
          autocomplete=${auto[field] ?? 'off'}
          spellcheck="false"
          data-testid=${`input-${field}`}
          .value=${this._values[field] ?? ''}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          list=${field === 'specialty' ? 'specialty-list' : nothing}
          @input=${(e: Event) => this.#onInput(field, e)}
          @blur=${() => this.#leave(field)}
        />
        ${field === 'specialty'
          ? html`<datalist id="specialty-list">
              ${PRACTICE_SETTINGS.map((p) => html`<option value=${currentLanguage() === 'uk' ? p.uk : p.display}></option>`)}
            </datalist>`
          : nothing}
      </div>
    `;
  }

  override render() {
    const problems = this.#problems();
    const byField = new Map(problems.map((p) => [p.field, p.problem]));
    const shown = (f: string) => this._submitted || this._touched.has(f);
    const summary: SummaryError[] = this._submitted
      ? problems.map((p) => ({ field: `field-${p.field}`, message: problemMessage(p.field, p.problem, this.profileRole) }))
      : [];
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        <mt-error-summary .errors=${summary} .root=${this.renderRoot as ShadowRoot}></mt-error-summary>
        ${PROFILE_FIELDS[this.profileRole].map((f) => this.#field(f, byField.get(f), shown(f)))}
        ${this.#field('label', byField.get('label'), shown('label'))}
        <div class="row">
          <button type="submit" data-testid="profile-continue">${this.submitLabel || msg('Continue')}</button>
          <button type="button" class="secondary" data-testid="profile-back" @click=${() => this.dispatchEvent(new CustomEvent('profile-back', { bubbles: true, composed: true }))}>
            ${msg('Back')}
          </button>
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-profile-form': MtProfileForm;
  }
}
