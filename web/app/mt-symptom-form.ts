// The patient's symptom form (issue 9, "Consultation"): symptoms ticked from the coded list or typed in
// the patient's own words, the date they started, how bad they are, and anything else to tell the
// doctor. The rules are the care core's (symptomProblems); this element only words them
// (care-words.ts). Nothing is sent from here: a valid submit sends the form up in an event.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { MAX_SYMPTOMS, SYMPTOMS, ruleKey, symptomProblems, symptomTerm, toSymptomForm, type Severity, type SymptomField, type SymptomForm, type SymptomInput, type SymptomProblem } from '../core/care/index.ts';
import { CareForm, NO_DATE, asText, dateOf, fieldId, partsOf, type DateParts, type ShownProblem } from './_care-form.ts';
import { severityHint, severityText, symptomProblemText, symptomText } from './care-words.ts';
import { currentLanguage } from './i18n/index.ts';
import { formatCount } from './format.ts';

/** Detail of the `symptom-submit` event. */
export interface SymptomSubmitDetail {
  form: SymptomForm;
}

const _SEVERITIES: readonly Severity[] = ['mild', 'moderate', 'severe'];

/**
 * The symptom form.
 *
 * @fires symptom-submit - The form is valid and was submitted; detail is {@link SymptomSubmitDetail}.
 * @fires symptom-cancel - The patient cancelled (no detail).
 */
@customElement('mt-symptom-form')
@localized()
export class MtSymptomForm extends CareForm {
  /** Values to start from (a form filled in before, when the patient comes back). */
  @property({ attribute: false }) initial: SymptomInput = {};

  /** Codes ticked, in the order ticked (codes not on the list, from `initial`, stay until unticked). */
  @state() private _chosen: string[] = [];
  /** Symptoms in the patient's own words, one per row. */
  @state() private _typed: string[] = [];
  @state() private _onset: DateParts = { ...NO_DATE };
  @state() private _severity = '';
  @state() private _details = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('initial')) {
      const list = Array.isArray(this.initial.symptoms) ? (this.initial.symptoms as { code?: unknown; text?: unknown }[]) : [];
      this._chosen = list.filter((s) => typeof s?.code === 'string' && s.code !== '').map((s) => s.code as string);
      this._typed = list.filter((s) => !(typeof s?.code === 'string' && s.code !== '')).map((s) => asText(s?.text));
      this._onset = partsOf(this.initial.onset);
      this._severity = asText(this.initial.severity);
      this._details = asText(this.initial.details);
    }
  }

  #values(): SymptomInput {
    return {
      symptoms: [...this._chosen.map((code) => ({ code })), ...this._typed.map((text) => ({ text }))],
      onset: dateOf(this._onset),
      severity: this._severity,
      details: this._details,
    };
  }

  /** The path of the control a symptom's problem stands beside: its tick box, or its row. */
  #symptomPath(i: number): string {
    return i < this._chosen.length ? `symptom-${this._chosen[i]}` : `typed.${i - this._chosen.length}`;
  }

  /** The list's tick boxes, in the order shown: the list sorted by name in the language shown. */
  #listed(): string[] {
    const collator = new Intl.Collator(currentLanguage());
    return SYMPTOMS.map((s) => s.code).sort((a, b) => collator.compare(symptomText(a), symptomText(b)));
  }

  protected override _problems(): ShownProblem[] {
    const raw = symptomProblems(this.#values(), this._today());
    const out: ShownProblem[] = [];
    const word = (path: string, p: SymptomProblem) => symptomProblemText(ruleKey(path) as SymptomField, p);
    if (raw.symptoms) out.push({ path: 'symptoms', target: this.#firstBox(), message: word('symptoms', raw.symptoms) });
    // The list's order on the page: ticked codes in list order (unknown ones after), then the typed rows.
    const listed = this.#listed();
    const order = [...this._chosen.keys()].sort((a, b) => _pos(listed, this._chosen[a]) - _pos(listed, this._chosen[b]));
    for (const i of [...order, ...this._typed.map((_, k) => k + this._chosen.length)]) {
      const p = raw[`symptoms.${i}`];
      if (p) out.push({ path: this.#symptomPath(i), target: this.#symptomPath(i), message: word(`symptoms.${i}`, p) });
    }
    for (const f of ['onset', 'severity', 'details'] as const) {
      if (raw[f]) out.push({ path: f, target: f, message: word(f, raw[f]) });
    }
    return out;
  }

  #firstBox(): string {
    return `symptom-${this.#listed()[0]}`;
  }

  #tick(code: string, on: boolean): void {
    this._chosen = on ? [...this._chosen.filter((c) => c !== code), code] : this._chosen.filter((c) => c !== code);
  }

  async #add(): Promise<void> {
    this._typed = [...this._typed, ''];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#${fieldId(`typed.${this._typed.length - 1}`)}`)?.focus();
  }

  #remove(i: number): void {
    this._typed = this._typed.filter((_, k) => k !== i);
    // Paths of the rows after it moved up one: what was left stays left, by position.
    this._touched = new Set([...this._touched].filter((p) => !p.startsWith('typed.')));
  }

  async #onSubmit(e: Event): Promise<void> {
    if (!(await this._check(e))) return;
    const form = toSymptomForm(this.#values(), this._today());
    if (form) this._fire<SymptomSubmitDetail>('symptom-submit', { form });
  }

  #box(code: string, error: string) {
    const path = `symptom-${code}`;
    const id = fieldId(path);
    const known = symptomTerm(code) !== undefined;
    return html`<div>
      ${error ? html`<p id=${`${id}-error`} class="field-error" data-testid=${`error-${path}`}>${error}</p>` : nothing}
      <div class="choice">
        <input
          type="checkbox"
          id=${id}
          value=${code}
          data-testid=${`input-${path}`}
          .checked=${this._chosen.includes(code)}
          ?disabled=${this.disabled}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? `${id}-error` : nothing}
          @change=${(e: Event) => this.#tick(code, (e.target as HTMLInputElement).checked)}
        />
        <label for=${id}>${known ? symptomText(code) : msg(str`Code ${code} (no longer on the list)`)}</label>
      </div>
    </div>`;
  }

  override render() {
    const problems = this._problems();
    const err = (path: string) => (this._shown(path) || this._shown('symptoms') ? (problems.find((p) => p.path === path)?.message ?? '') : '');
    const listed = this.#listed();
    const unknown = this._chosen.filter((c) => !symptomTerm(c));
    const listError = this._shown('symptoms') ? (problems.find((p) => p.path === 'symptoms')?.message ?? '') : '';
    const plain = (path: string) => (this._shown(path) ? (problems.find((p) => p.path === path)?.message ?? '') : '');
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        ${this._summary(problems)}
        <fieldset class="field" aria-describedby=${['field-symptoms-hint', listError ? 'field-symptoms-error' : ''].filter(Boolean).join(' ')} data-testid="field-symptoms" @focusout=${(e: FocusEvent) => this._leaveGroup('symptoms', e)}>
          <legend>${msg('What are your symptoms?')}</legend>
          <div id="field-symptoms-hint" class="hint">${msg(str`Tick all that apply, or add your own below: ${formatCount(MAX_SYMPTOMS)} at most.`)}</div>
          ${listError ? html`<p id="field-symptoms-error" class="field-error" data-testid="error-symptoms">${listError}</p>` : nothing}
          ${[...listed, ...unknown].map((code) => this.#box(code, err(`symptom-${code}`)))}
          ${this._typed.map((text, i) => {
            const path = `typed.${i}`;
            return html`<div class="field">
              ${this._text({
                path,
                label: msg(str`Symptom ${formatCount(i + 1)} in your own words`),
                error: err(path),
                value: text,
                bare: true,
                onInput: (v) => (this._typed = this._typed.map((t, k) => (k === i ? v : t))),
              })}
              <button type="button" class="secondary" data-testid=${`remove-${path}`} ?disabled=${this.disabled} @click=${() => this.#remove(i)}>
                ${msg('Remove')}<span class="visually-hidden"> ${msg(str`symptom ${formatCount(i + 1)}`)}</span>
              </button>
            </div>`;
          })}
          <button type="button" class="secondary" data-testid="add-symptom" ?disabled=${this.disabled || this._typed.length >= MAX_SYMPTOMS} @click=${() => this.#add()}>
            ${msg('Add a symptom in your own words')}
          </button>
        </fieldset>
        ${this._date({
          path: 'onset',
          label: msg('When did the symptoms start?'),
          hint: msg('For example, 27 3 2025'),
          error: plain('onset'),
          value: this._onset,
          onInput: (v) => (this._onset = v),
        })}
        ${this._radios({
          path: 'severity',
          label: msg('How bad are the symptoms?'),
          error: plain('severity'),
          value: this._severity,
          options: _SEVERITIES.map((s) => ({ value: s, text: severityText(s), hint: severityHint(s) })),
          onChange: (v) => (this._severity = v),
        })}
        ${this._textarea({
          path: 'details',
          label: msg('Anything else the doctor should know (optional)'),
          hint: msg('For example, what makes it better or worse, and medicines you take.'),
          error: plain('details'),
          value: this._details,
          onInput: (v) => (this._details = v),
        })}
        ${this._buttons('symptom-submit', msg('Send to the doctor'), 'symptom-cancel')}
      </form>
    `;
  }
}

function _pos(listed: string[], code: string): number {
  const i = listed.indexOf(code);
  return i < 0 ? listed.length : i;
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-symptom-form': MtSymptomForm;
  }
}
