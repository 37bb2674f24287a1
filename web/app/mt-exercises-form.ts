// The doctor's exercise form (issue 9, "Consultation"): one or more exercises, each with its name, how
// often and for how many days, and instructions; exercises are added and removed in the form. The
// rules are the care core's (exercisesProblems); this element only words them (care-words.ts). Nothing
// is sent from here: a valid submit sends the form up in an event.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { MAX_EXERCISES, exercisesProblems, ruleKey, toExercisesForm, type ExercisesField, type ExercisesForm, type ExercisesInput } from '../core/care/index.ts';
import { CareForm, asText, fieldId, type ShownProblem } from './_care-form.ts';
import { exercisesProblemText } from './care-words.ts';
import { formatCount } from './format.ts';

/** Detail of the `exercises-submit` event. */
export interface ExercisesSubmitDetail {
  form: ExercisesForm;
}

interface _Row {
  name: string;
  timesPerPeriod: string;
  periodUnit: string;
  durationDays: string;
  instructions: string;
}

const _ITEM_FIELDS = ['name', 'timesPerPeriod', 'periodUnit', 'durationDays', 'instructions'] as const;

function _newRow(): _Row {
  return { name: '', timesPerPeriod: '', periodUnit: 'd', durationDays: '', instructions: '' };
}

/**
 * The exercise form.
 *
 * @fires exercises-submit - The form is valid and was submitted; detail is {@link ExercisesSubmitDetail}.
 * @fires exercises-cancel - The doctor cancelled (no detail).
 */
@customElement('mt-exercises-form')
@localized()
export class MtExercisesForm extends CareForm {
  /** Values to start from (a form filled in before); one blank exercise when it has none. */
  @property({ attribute: false }) initial: ExercisesInput = {};

  @state() private _rows: _Row[] = [_newRow()];

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('initial') && Array.isArray(this.initial.exercises)) {
      this._rows = (this.initial.exercises as Record<string, unknown>[]).map((o) => {
        const r = _newRow();
        for (const k of _ITEM_FIELDS) if (o && k in o) r[k] = asText(o[k]);
        return r;
      });
    }
  }

  protected override _problems(): ShownProblem[] {
    const raw = exercisesProblems({ exercises: this._rows });
    const out: ShownProblem[] = [];
    // Too many: the link goes to the first exercise past the most (the add button is disabled then).
    if (raw.exercises) out.push({ path: 'exercises', target: raw.exercises === 'too-many' ? `exercises.${MAX_EXERCISES}.name` : 'exercises', message: exercisesProblemText('exercises', raw.exercises) });
    this._rows.forEach((_, i) => {
      for (const k of _ITEM_FIELDS) {
        const path = `exercises.${i}.${k}`;
        const p = raw[path];
        if (p) out.push({ path, target: path, message: exercisesProblemText(ruleKey(path) as ExercisesField, p, i + 1) });
      }
    });
    return out;
  }

  #set(i: number, k: keyof _Row, value: string): void {
    this._rows = this._rows.map((r, n) => (n === i ? { ...r, [k]: value } : r));
  }

  async #add(): Promise<void> {
    this._rows = [...this._rows, _newRow()];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#${fieldId(`exercises.${this._rows.length - 1}.name`)}`)?.focus();
  }

  #remove(i: number): void {
    this._rows = this._rows.filter((_, n) => n !== i);
    // Fields after it moved up one: what was left is kept by position, not carried to another exercise.
    this._touched = new Set([...this._touched].filter((p) => !p.startsWith('exercises.')));
  }

  async #onSubmit(e: Event): Promise<void> {
    if (!(await this._check(e))) return;
    const form = toExercisesForm({ exercises: this._rows });
    if (form) this._fire<ExercisesSubmitDetail>('exercises-submit', { form });
  }

  override render() {
    const problems = this._problems();
    const err = (path: string) => (this._shown(path) ? (problems.find((p) => p.path === path)?.message ?? '') : '');
    const listError = this._submitted ? (problems.find((p) => p.path === 'exercises')?.message ?? '') : '';
    return html`
      <form novalidate @submit=${this.#onSubmit}>
        ${this._summary(problems)}
        ${listError ? html`<p id="field-exercises-error" class="field-error" data-testid="error-exercises">${listError}</p>` : nothing}
        ${this._rows.map((r, i) => {
          const n = formatCount(i + 1);
          const p = (k: string) => `exercises.${i}.${k}`;
          // An exercise past the most is one of "the others" the list's error asks to remove.
          const over = listError !== '' && i >= MAX_EXERCISES;
          return html`<fieldset class="field item" data-testid=${`exercise-${i}`} aria-describedby=${over ? 'field-exercises-error' : nothing}>
            <legend>${msg(str`Exercise ${n}`)}</legend>
            ${this._text({ path: p('name'), label: msg('Name of the exercise'), hint: msg('For example, Knee bends'), error: err(p('name')), value: r.name, onInput: (x) => this.#set(i, 'name', x) })}
            ${this._schedule(
              `exercises.${i}`,
              r,
              { timesPerPeriod: err(p('timesPerPeriod')), periodUnit: err(p('periodUnit')), durationDays: err(p('durationDays')) },
              (k, x) => this.#set(i, k, x),
              { often: msg('How often'), oftenHint: msg('For example, 2 times per day'), days: msg('For how many days'), daysHint: msg('For example, 14') },
            )}
            ${this._textarea({
              path: p('instructions'),
              label: msg('Instructions (optional)'),
              hint: msg('How to do it, for example how many repeats and what to avoid.'),
              error: err(p('instructions')),
              value: r.instructions,
              onInput: (x) => this.#set(i, 'instructions', x),
            })}
            <button type="button" class="secondary" data-testid=${`remove-exercise-${i}`} ?disabled=${this.disabled} @click=${() => this.#remove(i)}>
              ${msg('Remove')}<span class="visually-hidden"> ${msg(str`exercise ${n}`)}</span>
            </button>
          </fieldset>`;
        })}
        <div class="field">
          <button
            type="button"
            class="secondary"
            id=${fieldId('exercises')}
            data-testid="add-exercise"
            aria-describedby=${listError ? 'field-exercises-error' : nothing}
            ?disabled=${this.disabled || this._rows.length >= MAX_EXERCISES}
            @click=${() => this.#add()}
          >
            ${msg('Add another exercise')}
          </button>
        </div>
        ${this._buttons('exercises-submit', msg('Send the exercises'), 'exercises-cancel')}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-exercises-form': MtExercisesForm;
  }
}
