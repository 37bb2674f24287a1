// What the four care forms (mt-symptom-form, mt-diagnosis-form, mt-prescription-form,
// mt-exercises-form) share, in the style of the registration form (mt-profile-form.ts) and the GOV.UK
// Design System: one question per field with its label and hint; an error beside the field once the
// user has left it, and after a submit; on a failed submit an error summary at the top that links to
// each field and takes focus; aria-invalid and aria-describedby on the field. Internal to those forms.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { MtErrorSummary, SummaryError } from './mt-error-summary.ts';
import './mt-error-summary.ts';
import { shared } from './styles.ts';

/** Today as YYYY-MM-DD in the device's time zone (the forms check dates against the user's own today). */
export function deviceToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A date as the form takes it: three boxes. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const NO_DATE: DateParts = Object.freeze({ day: '', month: '', year: '' });

/**
 * The date of the three boxes as YYYY-MM-DD: '' when all are blank, and 'not-a-date' (which the core's
 * date rule calls date-format) when a box is blank or not a number, or the year has fewer than 4 digits.
 */
export function dateOf(p: DateParts): string {
  if (!p.day.trim() && !p.month.trim() && !p.year.trim()) return '';
  const num = (s: string) => (/^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : NaN);
  const [d, m, y] = [num(p.day), num(p.month), num(p.year)];
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1000) return 'not-a-date';
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The three boxes of a YYYY-MM-DD date (blank for anything else). */
export function partsOf(iso: unknown): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof iso === 'string' ? iso : '');
  return m ? { year: m[1], month: String(Number(m[2])), day: String(Number(m[3])) } : { ...NO_DATE };
}

/** A form value as a string for an input ('' for anything else but a number). */
export function asText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

/** The element id of a field's path: `exercises.2.name` → `field-exercises-2-name`. */
export function fieldId(path: string): string {
  return `field-${path.replace(/\./g, '-')}`;
}

/** One shown problem: the path it belongs to, where the summary links, and the words. */
export interface ShownProblem {
  path: string;
  /** The path of the control the summary link focuses (the path itself unless a group's first control). */
  target: string;
  message: string;
}

interface FieldBase {
  path: string;
  label: string;
  hint?: string;
  error: string;
}

export const careStyles = [
  shared,
  css`
    fieldset {
      min-width: 0;
    }
    /* Day, month and year, and "times per", wrap onto rows on a narrow screen with large text (WCAG 1.4.10). */
    .inline {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
    }
    .inline > div {
      flex: 0 0 auto;
      max-width: 100%;
    }
    .inline .short {
      width: 4.5rem;
    }
    .inline .year {
      width: 6.5rem;
    }
    input.number {
      width: 8rem;
      max-width: 100%;
    }
    /* Never wider than the screen: a list's longest choice sets a select's width. */
    input.wide,
    select,
    textarea {
      max-width: min(30rem, 100%);
    }
    select {
      width: auto;
    }
    textarea {
      min-height: 6rem;
    }
    .choice .hint {
      display: block;
    }
    .item {
      border-left: 4px solid var(--mt-border);
      padding-left: 0.75rem;
    }
    .item legend {
      font-size: 1.1rem;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      padding: 0;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
      border: 0;
    }
  `,
];

function _describedBy(id: string, hint: string | undefined, error: string): string | typeof nothing {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
}

function _error(path: string, error: string) {
  return error ? html`<p id=${`${fieldId(path)}-error`} class="field-error" data-testid=${`error-${path}`}>${error}</p>` : nothing;
}

function _hint(path: string, hint: string | undefined) {
  return hint ? html`<div id=${`${fieldId(path)}-hint`} class="hint">${hint}</div>` : nothing;
}

/** The base of each care form: touched fields, the submitted flag, the summary, the shared controls. */
export abstract class CareForm extends LitElement {
  static override styles = careStyles;

  /** While the app sends the form: every control is disabled (the values stay). */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** The user's today, YYYY-MM-DD, for the date rules; '' for the device's own (tests pass a fixed one). */
  @property({ attribute: false }) today = '';

  /** Fields left (errors show as the user types only once a field was left, or after a submit). */
  @state() protected _touched = new Set<string>();
  @state() protected _submitted = false;

  protected _today(): string {
    return this.today || deviceToday();
  }

  protected _leave(path: string): void {
    if (!this._touched.has(path)) this._touched = new Set([...this._touched, path]);
  }

  /** Marks a group left once focus moves out of it (not between its own controls). */
  protected _leaveGroup(path: string, e: FocusEvent): void {
    const to = e.relatedTarget as Node | null;
    if (to && (e.currentTarget as Node).contains(to)) return;
    this._leave(path);
  }

  protected _shown(path: string): boolean {
    return this._submitted || this._touched.has(path);
  }

  /** The problems of the form as it is now, in the page's order. */
  protected abstract _problems(): ShownProblem[];

  /** On submit: shows every error and focuses the summary, or returns true when the form is valid. */
  protected async _check(e: Event): Promise<boolean> {
    e.preventDefault();
    if (this.disabled) return false;
    this._submitted = true;
    if (this._problems().length === 0) return true;
    await this.updateComplete;
    this.renderRoot.querySelector<MtErrorSummary>('mt-error-summary')?.focus();
    return false;
  }

  protected _fire<T>(name: string, detail?: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }

  protected _summary(problems: ShownProblem[]) {
    const errors: SummaryError[] = this._submitted ? problems.map((p) => ({ field: fieldId(p.target), message: p.message })) : [];
    return html`<mt-error-summary .errors=${errors} .root=${this.renderRoot as ShadowRoot}></mt-error-summary>`;
  }

  protected _buttons(submitTestId: string, submitLabel: string, cancelEvent: string) {
    return html`<div class="row">
      <button type="submit" data-testid=${submitTestId} ?disabled=${this.disabled}>${submitLabel}</button>
      <button type="button" class="secondary" data-testid=${cancelEvent} ?disabled=${this.disabled} @click=${() => this._fire(cancelEvent)}>${msg('Cancel')}</button>
    </div>`;
  }

  /** A one-line text box. */
  protected _text(f: FieldBase & { value: string; onInput: (v: string) => void; kind?: 'wide' | 'number' | 'decimal'; invalid?: boolean; bare?: boolean }) {
    const id = fieldId(f.path);
    const numeric = f.kind === 'number' || f.kind === 'decimal';
    const input = html`<input
      id=${id}
      class=${numeric ? 'number' : 'wide'}
      type="text"
      inputmode=${f.kind === 'number' ? 'numeric' : f.kind === 'decimal' ? 'decimal' : nothing}
      autocomplete="off"
      spellcheck=${numeric ? 'false' : 'true'}
      data-testid=${`input-${f.path}`}
      .value=${f.value}
      ?disabled=${this.disabled}
      aria-invalid=${(f.invalid ?? f.error !== '') ? 'true' : 'false'}
      aria-describedby=${_describedBy(id, f.hint, f.error)}
      @input=${(e: Event) => f.onInput((e.target as HTMLInputElement).value)}
      @blur=${() => this._leave(f.path)}
    />`;
    if (f.bare) return html`<label for=${id}>${f.label}</label>${_hint(f.path, f.hint)}${_error(f.path, f.error)}${input}`;
    return html`<div class="field"><label for=${id}>${f.label}</label>${_hint(f.path, f.hint)}${_error(f.path, f.error)}${input}</div>`;
  }

  /** A text area for free text. */
  protected _textarea(f: FieldBase & { value: string; onInput: (v: string) => void }) {
    const id = fieldId(f.path);
    return html`<div class="field">
      <label for=${id}>${f.label}</label>${_hint(f.path, f.hint)}${_error(f.path, f.error)}
      <textarea
        id=${id}
        rows="5"
        data-testid=${`input-${f.path}`}
        .value=${f.value}
        ?disabled=${this.disabled}
        aria-invalid=${f.error ? 'true' : 'false'}
        aria-describedby=${_describedBy(id, f.hint, f.error)}
        @input=${(e: Event) => f.onInput((e.target as HTMLTextAreaElement).value)}
        @blur=${() => this._leave(f.path)}
      ></textarea>
    </div>`;
  }

  /** A list to choose from; the first option is blank ("Choose …"). */
  protected _select(f: FieldBase & { value: string; options: { value: string; text: string }[]; blank: string; onChange: (v: string) => void; bare?: boolean }) {
    const id = fieldId(f.path);
    const select = html`<select
      id=${id}
      data-testid=${`input-${f.path}`}
      ?disabled=${this.disabled}
      aria-invalid=${f.error ? 'true' : 'false'}
      aria-describedby=${_describedBy(id, f.hint, f.error)}
      @change=${(e: Event) => f.onChange((e.target as HTMLSelectElement).value)}
      @blur=${() => this._leave(f.path)}
    >
      <option value="" ?selected=${f.value === ''}>${f.blank}</option>
      ${f.options.map((o) => html`<option value=${o.value} ?selected=${o.value === f.value}>${o.text}</option>`)}
    </select>`;
    if (f.bare) return html`<label for=${id}>${f.label}</label>${_hint(f.path, f.hint)}${_error(f.path, f.error)}${select}`;
    return html`<div class="field"><label for=${id}>${f.label}</label>${_hint(f.path, f.hint)}${_error(f.path, f.error)}${select}</div>`;
  }

  /** One choice of several, as radios in a fieldset whose legend asks the question; the first radio carries the field's id. */
  protected _radios(f: FieldBase & { value: string; options: { value: string; text: string; hint?: string }[]; onChange: (v: string) => void }) {
    const id = fieldId(f.path);
    return html`<fieldset class="field" aria-describedby=${_describedBy(id, f.hint, f.error)} data-testid=${`field-${f.path}`} @focusout=${(e: FocusEvent) => this._leaveGroup(f.path, e)}>
      <legend>${f.label}</legend>
      ${_hint(f.path, f.hint)}${_error(f.path, f.error)}
      ${f.options.map((o, i) => {
        const oid = i === 0 ? id : `${id}-${o.value}`;
        return html`<div class="choice">
          <input
            type="radio"
            id=${oid}
            name=${f.path}
            value=${o.value}
            data-testid=${`input-${f.path}-${o.value}`}
            .checked=${f.value === o.value}
            ?disabled=${this.disabled}
            aria-describedby=${o.hint ? `${oid}-hint` : nothing}
            @change=${() => f.onChange(o.value)}
          />
          <label for=${oid}>${o.text}${o.hint ? html`<span id=${`${oid}-hint`} class="hint">${o.hint}</span>` : nothing}</label>
        </div>`;
      })}
    </fieldset>`;
  }

  /** Several choices, as checkboxes in a fieldset whose legend asks the question; the first box carries the field's id. */
  protected _checkboxes(f: FieldBase & { values: readonly string[]; options: { value: string; text: string; hint?: string }[]; onChange: (v: string[]) => void }) {
    const id = fieldId(f.path);
    return html`<fieldset class="field" aria-describedby=${_describedBy(id, f.hint, f.error)} data-testid=${`field-${f.path}`} @focusout=${(e: FocusEvent) => this._leaveGroup(f.path, e)}>
      <legend>${f.label}</legend>
      ${_hint(f.path, f.hint)}${_error(f.path, f.error)}
      ${f.options.map((o, i) => {
        const oid = i === 0 ? id : `${id}-${i}`;
        const on = f.values.includes(o.value);
        return html`<div class="choice">
          <input
            type="checkbox"
            id=${oid}
            name=${f.path}
            value=${o.value}
            data-testid=${`input-${f.path}-${i}`}
            .checked=${on}
            ?disabled=${this.disabled}
            aria-describedby=${o.hint ? `${oid}-hint` : nothing}
            @change=${(e: Event) => f.onChange((e.target as HTMLInputElement).checked ? [...f.values, o.value] : f.values.filter((v) => v !== o.value))}
          />
          <label for=${oid}>${o.text}${o.hint ? html`<span id=${`${oid}-hint`} class="hint">${o.hint}</span>` : nothing}</label>
        </div>`;
      })}
    </fieldset>`;
  }

  /** A date as day, month and year boxes in a fieldset (as the registration form's date of birth). */
  protected _date(f: FieldBase & { value: DateParts; onInput: (v: DateParts) => void }) {
    const id = fieldId(f.path);
    return html`<fieldset class="field" aria-describedby=${_describedBy(id, f.hint, f.error)} data-testid=${`field-${f.path}`} @focusout=${(e: FocusEvent) => this._leaveGroup(f.path, e)}>
      <legend>${f.label}</legend>
      ${_hint(f.path, f.hint)}${_error(f.path, f.error)}
      <div class="inline">
        ${(['day', 'month', 'year'] as const).map(
          (part) => html`<div>
            <label for=${part === 'day' ? id : `${id}-${part}`}>${part === 'day' ? msg('Day') : part === 'month' ? msg('Month') : msg('Year')}</label>
            <input
              id=${part === 'day' ? id : `${id}-${part}`}
              class=${part === 'year' ? 'year' : 'short'}
              type="text"
              inputmode="numeric"
              autocomplete="off"
              data-testid=${`input-${f.path}-${part}`}
              .value=${f.value[part]}
              ?disabled=${this.disabled}
              aria-invalid=${f.error ? 'true' : 'false'}
              @input=${(e: Event) => f.onInput({ ...f.value, [part]: (e.target as HTMLInputElement).value })}
            />
          </div>`,
        )}
      </div>
    </fieldset>`;
  }

  /**
   * A concept as words and an optional SNOMED CT code (the core's CodedOrText), in a fieldset whose
   * legend asks the question. The words box carries the field's id; a code-format problem marks the
   * code box instead, and the summary links there.
   */
  protected _coded(f: FieldBase & { value: { text: string; code: string }; codeWrong: boolean; textLabel: string; onInput: (v: { text: string; code: string }) => void }) {
    const id = fieldId(f.path);
    return html`<fieldset class="field" aria-describedby=${_describedBy(id, f.hint, f.error)} data-testid=${`field-${f.path}`}>
      <legend>${f.label}</legend>
      ${_hint(f.path, f.hint)}${_error(f.path, f.error)}
      <div class="field">${this._text({
        path: f.path,
        label: f.textLabel,
        error: '',
        invalid: f.error !== '' && !f.codeWrong,
        value: f.value.text,
        bare: true,
        onInput: (text) => f.onInput({ ...f.value, text }),
      })}</div>
      <div class="field">${this._text({
        path: `${f.path}.code`,
        label: msg('SNOMED CT code (optional)'),
        hint: msg('If you know it, for example 38341003'),
        error: '',
        invalid: f.error !== '' && f.codeWrong,
        value: f.value.code,
        kind: 'number',
        bare: true,
        onInput: (code) => f.onInput({ ...f.value, code }),
      })}</div>
    </fieldset>`;
  }

  /** The core's CodedOrText input of a words box and a code box. */
  protected _codedValue(v: { text: string; code: string }): { code: string; display: string } | { text: string } {
    return v.code.trim() !== '' ? { code: v.code, display: v.text } : { text: v.text };
  }

  /** How often and for how long (the core's Schedule): times per day or week, and a number of days. */
  protected _schedule(
    prefix: string,
    v: { timesPerPeriod: string; periodUnit: string; durationDays: string },
    errors: { timesPerPeriod: string; periodUnit: string; durationDays: string },
    set: (k: 'timesPerPeriod' | 'periodUnit' | 'durationDays', value: string) => void,
    words: { often: string; oftenHint: string; days: string; daysHint: string },
  ): TemplateResult {
    const p = (k: string) => (prefix ? `${prefix}.${k}` : k);
    return html`<fieldset class="field">
        <legend>${words.often}</legend>
        <div class="hint">${words.oftenHint}</div>
        <div class="inline">
          <div>
            ${this._text({ path: p('timesPerPeriod'), label: msg('Times'), error: errors.timesPerPeriod, value: v.timesPerPeriod, kind: 'number', bare: true, onInput: (x) => set('timesPerPeriod', x) })}
          </div>
          <div>
            ${this._select({
              path: p('periodUnit'),
              label: msg('Per'),
              error: errors.periodUnit,
              value: v.periodUnit,
              blank: msg('Choose'),
              bare: true,
              options: [
                { value: 'd', text: msg('day') },
                { value: 'wk', text: msg('week') },
              ],
              onChange: (x) => set('periodUnit', x),
            })}
          </div>
        </div>
      </fieldset>
      ${this._text({ path: p('durationDays'), label: words.days, hint: words.daysHint, error: errors.durationDays, value: v.durationDays, kind: 'number', onInput: (x) => set('durationDays', x) })}`;
  }
}
