// The FHIR file card of My record (issue 9, "FHIR interoperability"): save the record as a patient
// summary file that other health systems read, and bring in a FHIR file from elsewhere, checked
// first, each problem named (which resource, where in it, what is wrong), stored only when the
// patient agrees. Thin: the records come in as a property; the files' I/O is the FHIR controller's.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { ImportRule } from '../core/fhir/index.ts';
import type { MyRecord } from '../identity/index.ts';
import { FhirController } from './controllers/fhir-controller.ts';
import { formatCount } from './format.ts';
import { shared } from './styles.ts';

/** What each import rule means, in words. Used by this card and its tests. */
export function importRuleMessage(rule: ImportRule): string {
  switch (rule) {
    case 'json':
      return msg('The file is not readable FHIR JSON');
    case 'too-large':
      return msg('The file is too large (at most 4 MiB)');
    case 'too-deep':
      return msg('The file is nested too deeply to be a health record');
    case 'too-many-entries':
      return msg('The file holds too many entries (at most 1,000)');
    case 'too-many-errors':
      return msg('There are more problems than are listed here');
    case 'not-a-resource':
      return msg('This is not a FHIR resource (it has no resource type)');
    case 'unknown-resource-type':
      return msg('FHIR has no resource of this type');
    case 'unsupported-resource-type':
      return msg('medtangle does not keep records of this type');
    case 'bundle-type':
      return msg('Only a document or a collection can be imported');
    case 'required':
      return msg('Something required is missing');
    case 'type':
      return msg('A value has the wrong type');
    case 'unknown-element':
      return msg('FHIR has no element of this name here');
    case 'cardinality':
      return msg('There are too many or too few values here');
    case 'format':
      return msg('A value is not written the way FHIR requires (for example a date)');
    case 'empty':
      return msg('A value is empty');
    case 'value':
      return msg('A value is not allowed');
    case 'invariant':
      return msg('A rule of FHIR that links several values is broken');
    case 'code':
      return msg('A code is not one of those FHIR allows here');
    case 'invalid':
      return msg('Something here is not valid FHIR');
    default:
      return msg('Something in the file cannot be checked');
  }
}

/**
 * The FHIR file card.
 */
@customElement('mt-fhir-files')
@localized()
export class MtFhirFiles extends LitElement {
  static override styles = [
    shared,
    css`
      ul.errors {
        padding-left: 1.25rem;
      }
      code {
        font-family: var(--mt-mono);
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The patient's records, as My record opened them. */
  @property({ attribute: false }) records: readonly MyRecord[] = [];
  readonly #fhir = new FhirController(this);

  #renderImport() {
    const v = this.#fhir.view;
    switch (v.state) {
      case 'reading':
        return html`<p role="status">${msg('Checking the file…')}</p>`;
      case 'refused':
        return html`<div class="notice error" role="alert" data-testid="fhir-refused">
          <p>${msg(str`Nothing was imported from ${v.file}. Fix these problems in the file, or ask whoever made it for a valid FHIR file:`)}</p>
          <ul class="errors">
            ${v.errors.map(
              (e) => html`<li data-testid="fhir-error" data-rule=${e.rule} data-path=${e.path}>
                ${importRuleMessage(e.rule)}: <code>${e.resource}</code>${e.path ? html`, <code>${e.path}</code>` : nothing}
              </li>`,
            )}
          </ul>
          <button type="button" class="secondary" @click=${() => this.#fhir.cancel()}>${msg('Choose another file')}</button>
        </div>`;
      case 'ready':
        return html`<div class="notice" data-testid="fhir-ready">
          <p>${msg(str`The file ${v.file} is valid. It holds ${formatCount(v.count)} records.`)}</p>
          ${v.summary.patients.length > 0
            ? html`<p>${msg(str`It is about: ${v.summary.patients.map((p) => p.name || '?').join(', ')}. Import it only if it is about you.`)}</p>`
            : nothing}
          <div class="row">
            <button type="button" data-testid="fhir-store" @click=${() => this.#fhir.storeImport()}>${msg('Add them to my record')}</button>
            <button type="button" class="secondary" @click=${() => this.#fhir.cancel()}>${msg('Cancel')}</button>
          </div>
        </div>`;
      case 'storing':
        return html`<div role="status" data-testid="fhir-storing">
          <p>${msg(str`Adding record ${Math.min(v.done + 1, v.total)} of ${v.total}…`)}</p>
          <progress max=${v.total} value=${v.done} aria-label=${msg('Progress')}></progress>
          <button type="button" class="secondary" @click=${() => this.#fhir.cancel()}>${msg('Stop')}</button>
        </div>`;
      case 'stored':
        return html`<p class="notice ok" role="status" data-testid="fhir-stored">${msg(str`Added ${formatCount(v.total)} records to your record.`)}</p>`;
      case 'stopped':
        return html`<p class="notice warn" role="alert" data-testid="fhir-stopped">
          ${v.error ? msg(str`Stopped after ${v.done} of ${v.total} records: ${v.error}`) : msg(str`Stopped after ${v.done} of ${v.total} records. Those are kept.`)}
        </p>`;
      default:
        return nothing;
    }
  }

  override render() {
    const busy = this.#fhir.view.state === 'storing' || this.#fhir.view.state === 'reading';
    return html`<section class="card" aria-labelledby="fhir-title">
      <h2 id="fhir-title">${msg('Your record as a file')}</h2>
      <p class="hint">
        ${msg('Save a summary of your record in the international FHIR format, to give to a hospital or keep. The file is not encrypted: keep it safe.')}
      </p>
      <div class="row">
        <button type="button" class="secondary" data-testid="fhir-export" ?disabled=${this.records.length === 0} @click=${() => this.#fhir.exportSummary(this.records)}>
          ${msg('Save a summary file')}
        </button>
      </div>
      ${this.#fhir.exportError ? html`<p class="notice error" role="alert">${msg(str`The file could not be made: ${this.#fhir.exportError}`)}</p>` : nothing}
      <div class="field">
        <label for="fhir-file">${msg('Import a FHIR file from elsewhere')}</label>
        <div id="fhir-file-hint" class="hint">${msg('A FHIR R4 file in JSON, such as a patient summary from a hospital. It is checked before anything is stored.')}</div>
        <input
          id="fhir-file"
          type="file"
          accept=".json,application/json,application/fhir+json"
          data-testid="fhir-import"
          aria-describedby="fhir-file-hint"
          ?disabled=${busy}
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            if (file) void this.#fhir.readFile(file);
            input.value = '';
          }}
        />
      </div>
      ${this.#renderImport()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-fhir-files': MtFhirFiles;
  }
}
