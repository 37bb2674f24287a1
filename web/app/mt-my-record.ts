// "My record": the patient's timeline (issue 9): everything sent and received, opened on this device,
// grouped by consultation (a request and the doctor's answers), each entry with its author, time and
// whether it is confirmed; notes of the patient's own; and a form to write a note, stored as a FHIR
// Observation. Free text is only ever rendered as text.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { noteObservationOf } from './record-text.ts';
import { RecordsController } from './controllers/records-controller.ts';
import { CareController } from './controllers/care-controller.ts';
import { DIRECTORY_TAG } from '../core/directory/index.ts';
import { medicalRecords, timelineOf } from './timeline.ts';
import { readCareRecord } from '../core/care/index.ts';
import { careEntry, careEntryStyles, recordLabel } from './mt-care-entry.ts';
import { doctorName } from './care-text.ts';
import './mt-fhir-files.ts';
import { nCharacters } from './i18n/plural.ts';
import { formatCount } from './format.ts';
import { LongJobFocus } from './controllers/long-job-focus.ts';
import { shared } from './styles.ts';

/** Longest note, in characters (a record holds far more; a note is a note). */
export const MAX_NOTE = 4000;

/**
 * The My record screen.
 */
@customElement('mt-my-record')
@localized()
export class MtMyRecord extends LitElement {
  static override styles = [
    shared,
    careEntryStyles,
    css`
      ol.records {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ol.records li {
        border-top: 1px solid var(--mt-border);
        padding: 0.75rem 0;
      }
      textarea {
        min-height: 6rem;
      }
    `,
  ];

  readonly #records = new RecordsController(this);
  /** The directory, for the names of the doctors the patient writes with. */
  readonly #care = new CareController(this, { publicTag: DIRECTORY_TAG });

  constructor() {
    super();
    // Focus to Cancel while the proof of work runs and back to the note after; Escape cancels.
    new LongJobFocus(this, {
      running: () => this.#records.write.state === 'running',
      cancel: () => this.#records.cancelWrite(),
      cancelSelector: '[data-testid="note-cancel"]',
      returnSelector: '#note',
    });
  }
  @state() private _note = '';
  @state() private _error = '';

  async #onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    const text = this._note.trim();
    if (text === '') this._error = msg('Enter your note');
    else if ([...text].length > MAX_NOTE) this._error = msg(str`Your note must be ${nCharacters(MAX_NOTE)} or fewer`);
    else this._error = '';
    if (this._error) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLTextAreaElement>('#note')?.focus();
      return;
    }
    const note = noteObservationOf(text, new Date());
    await this.#records.writeRecord(note, recordLabel(note, Date.now()));
    if (this.#records.write.state === 'done') this._note = '';
  }

  /** The name of the counterpart with agreement key `key`, from the directory on this device. */
  #nameOf(key: string | null): string {
    const p = key ? this.#care.profileOf(key) : undefined;
    return p ? doctorName(p.givenName, p.familyName) : msg('Your doctor');
  }

  #renderTimeline() {
    const { consultations, notes } = timelineOf(this.#records.records);
    return html`${consultations.map(
        (g) => html`<section class="consultation" data-testid="consultation" aria-label=${msg(str`Consultation with ${this.#nameOf(g.with)}`)}>
          <h3>${msg(str`Consultation with ${this.#nameOf(g.with)}`)}</h3>
          <ol class="records">
            ${g.entries.map((e) => html`<li data-testid="record">${careEntry(e.s, e.r, e.r.author === 'me' ? msg('You') : this.#nameOf(g.with))}</li>`)}
          </ol>
        </section>`,
      )}
      ${notes.length > 0
        ? html`<section class="consultation" aria-labelledby="notes-title">
            <h3 id="notes-title">${msg('Your notes and other records')}</h3>
            <ol class="records" data-testid="records">
              ${notes.map((n) => html`<li data-testid="record">${careEntry(readCareRecord(n.resource), n, n.author === 'me' ? msg('You') : this.#nameOf(n.with))}</li>`)}
            </ol>
          </section>`
        : nothing}`;
  }

  override render() {
    const r = this.#records;
    const w = r.write;
    const running = w.state === 'running';
    return html`
      <h1 tabindex="-1">${msg('My record')}</h1>
      <section class="card" aria-labelledby="records-title">
        <h2 id="records-title">${msg('Your records')}</h2>
        <p class="hint">${msg('Opened on this device. Only you, and the doctors you choose, can read them.')}</p>
        ${r.state === 'loading' && r.records.length === 0 ? html`<p role="status">${msg('Finding your records…')}</p>` : nothing}
        ${r.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`Your records could not be read: ${r.error}`)}</p>` : nothing}
        ${r.state === 'ready' && r.records.length === 0 ? html`<p data-testid="records-empty">${msg('You have no records yet. Write a note below to start.')}</p>` : nothing}
        ${r.records.length > 0 ? this.#renderTimeline() : nothing}
        ${r.unreadable > 0
          ? html`<p class="notice warn">${msg(str`Stored items with your record’s mark that do not open: ${formatCount(r.unreadable)}. They were not made by you, or they are damaged.`)}</p>`
          : nothing}
      </section>
      <mt-fhir-files .records=${medicalRecords(r.records)}></mt-fhir-files>
      <section class="card" aria-labelledby="note-title">
        <h2 id="note-title">${msg('Write a note')}</h2>
        <form novalidate @submit=${this.#onSubmit}>
          <div class="field">
            <label for="note">${msg('Note')}</label>
            <div id="note-hint" class="hint">${msg('For example, how you feel today. It is encrypted on this device before it is stored.')}</div>
            ${this._error ? html`<p id="note-error" class="field-error" data-testid="note-error">${this._error}</p>` : nothing}
            <textarea
              id="note"
              data-testid="note-text"
              .value=${this._note}
              ?disabled=${running}
              aria-invalid=${this._error ? 'true' : 'false'}
              aria-describedby=${this._error ? 'note-hint note-error' : 'note-hint'}
              @input=${(e: Event) => (this._note = (e.target as HTMLTextAreaElement).value)}
            ></textarea>
          </div>
          <div class="row">
            <button type="submit" data-testid="note-save" ?disabled=${running}>${msg('Save to my record')}</button>
            ${running
              ? html`<button type="button" class="secondary" data-testid="note-cancel" @click=${() => r.cancelWrite()}>${msg('Cancel')}</button>`
              : nothing}
          </div>
        </form>
        ${running
          ? html`<div role="status" data-testid="note-progress">
              <p>${w.txTotal > 0 ? msg(str`Adding your note to the Tangle: part ${Math.min(w.txDone + 1, w.txTotal)} of ${w.txTotal}…`) : msg('Sealing your note…')}</p>
              <progress max=${Math.max(1, w.txTotal)} value=${w.txDone} aria-label=${msg('Progress')}></progress>
              <p class="hint">${msg('Press Escape or Cancel to stop; nothing is stored then.')}</p>
            </div>`
          : nothing}
        ${w.state === 'done' ? html`<p class="notice ok" role="status" data-testid="note-done">${msg('Your note is stored. It is confirmed once later transactions approve it.')}</p>` : nothing}
        ${w.state === 'cancelled' ? html`<p class="notice warn" role="status" data-testid="note-cancelled">${msg('Stopped: your note was not stored. Your text is still here.')}</p>` : nothing}
        ${w.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="note-failed">${msg(str`Your note was not stored: ${w.error}`)}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-my-record': MtMyRecord;
  }
}
