// A doctor's inbox (issue 9, "Consultation"): the requests this doctor can open, newest first, each
// with the patient's name and symptoms; a request opened in full, with what the doctor already
// answered; and the three answers (a diagnosis, a prescription, exercises), each sent to the patient
// under the pair's own tags with the proof of work's progress. Free text is only ever shown as text.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DIRECTORY_TAG } from '../core/directory/index.ts';
import {
  diagnosisCondition,
  doctorReference,
  exercisePlan,
  patientReference,
  prescriptionRequest,
  readCareRecord,
  type CareSummary,
  type DiagnosisForm,
  type ExercisesForm,
  type PrescriptionForm,
  type RequestSummary,
} from '../core/care/index.ts';
import type { InboxRequest, MyRecord } from '../identity/index.ts';
import { CareController } from './controllers/care-controller.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import { RecordsController } from './controllers/records-controller.ts';
import { careEntry, careEntryStyles, recordLabel } from './mt-care-entry.ts';
import { severityText } from './care-words.ts';
import { formatTime } from './format.ts';
import { writeProgress } from './write-progress.ts';
import './mt-diagnosis-form.ts';
import './mt-prescription-form.ts';
import './mt-exercises-form.ts';
import { shared } from './styles.ts';

type Answer = 'diagnosis' | 'prescription' | 'exercises';

/** One request with what it says and the answers already sent for it. */
interface _Consultation {
  request: InboxRequest;
  summary: RequestSummary;
  answers: { record: MyRecord; summary: CareSummary }[];
}

/**
 * The doctor's inbox.
 */
@customElement('mt-inbox')
@localized()
export class MtInbox extends LitElement {
  static override styles = [
    shared,
    careEntryStyles,
    css`
      ol.requests {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ol.requests > li {
        border-top: 1px solid var(--mt-border);
        padding: 0.75rem 0;
      }
      .tabs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0 0 1rem;
      }
    `,
  ];

  readonly #identity = new IdentityController(this);
  readonly #care = new CareController(this, { publicTag: DIRECTORY_TAG, inbox: true });
  readonly #records = new RecordsController(this);
  /** The request open in full (its request id), or null for the list. */
  @state() private _open: string | null = null;
  @state() private _answer: Answer | null = null;
  @state() private _sent: Answer | null = null;

  #consultations(): _Consultation[] {
    const answers = new Map<string, _Consultation['answers']>();
    for (const record of this.#records.records) {
      if (record.author !== 'me') continue;
      const summary = readCareRecord(record.resource);
      if (summary.kind === 'other' || summary.kind === 'request') continue;
      const list = answers.get(summary.requestId) ?? [];
      list.push({ record, summary });
      answers.set(summary.requestId, list);
    }
    const out: _Consultation[] = [];
    const seen = new Set<string>();
    // Requests older than the inbox's days are still found with the pair's records (openFound).
    const older: InboxRequest[] = this.#records.records
      .filter((r) => r.author === 'counterpart' && r.with !== null)
      .map((r) => ({ id: r.id, resource: r.resource, from: '', sender: r.with!, issuedAt: r.issuedAt, attachedAt: r.attachedAt, confirmed: r.confirmed }));
    for (const request of [...this.#care.inbox, ...older.sort((a, b) => b.issuedAt - a.issuedAt)]) {
      const summary = readCareRecord(request.resource);
      if (summary.kind !== 'request' || summary.requestId === '' || seen.has(summary.requestId)) continue;
      seen.add(summary.requestId);
      out.push({ request, summary, answers: (answers.get(summary.requestId) ?? []).sort((a, b) => a.record.issuedAt - b.record.issuedAt) });
    }
    return out;
  }

  async #send(c: _Consultation, kind: Answer, form: DiagnosisForm | PrescriptionForm | ExercisesForm): Promise<void> {
    const info = this.#identity.info;
    if (!info) return;
    const ctx = {
      id: crypto.randomUUID(),
      requestId: c.summary.requestId,
      author: doctorReference({ familyName: info.profile.familyName, givenName: info.profile.givenName, signingKey: info.signingKey }),
      subject: patientReference({ familyName: c.summary.patientName, givenName: '', agreementKey: c.request.sender }),
      now: new Date(),
    };
    const resource =
      kind === 'diagnosis'
        ? diagnosisCondition(form as DiagnosisForm, ctx)
        : kind === 'prescription'
          ? prescriptionRequest(form as PrescriptionForm, ctx)
          : exercisePlan(form as ExercisesForm, ctx);
    if (await this.#care.sendToPair(resource, c.request.sender, recordLabel(resource, Date.now()))) {
      this._sent = kind;
      this._answer = null;
      await this.#records.load();
    }
  }

  #renderForm(c: _Consultation) {
    const running = this.#care.write.state === 'running';
    switch (this._answer) {
      case 'diagnosis':
        return html`<mt-diagnosis-form
          ?disabled=${running}
          @diagnosis-submit=${(e: CustomEvent<{ form: DiagnosisForm }>) => this.#send(c, 'diagnosis', e.detail.form)}
          @diagnosis-cancel=${() => (this._answer = null)}
        ></mt-diagnosis-form>`;
      case 'prescription':
        return html`<mt-prescription-form
          ?disabled=${running}
          @prescription-submit=${(e: CustomEvent<{ form: PrescriptionForm }>) => this.#send(c, 'prescription', e.detail.form)}
          @prescription-cancel=${() => (this._answer = null)}
        ></mt-prescription-form>`;
      case 'exercises':
        return html`<mt-exercises-form
          ?disabled=${running}
          @exercises-submit=${(e: CustomEvent<{ form: ExercisesForm }>) => this.#send(c, 'exercises', e.detail.form)}
          @exercises-cancel=${() => (this._answer = null)}
        ></mt-exercises-form>`;
      default:
        return nothing;
    }
  }

  #renderOpen(c: _Consultation) {
    const care = this.#care;
    const s = c.summary;
    const choose = (a: Answer) => {
      this._answer = a;
      this._sent = null;
      care.resetWrite();
    };
    return html`
      <p><button type="button" class="secondary" data-testid="inbox-back" @click=${() => ((this._open = null), (this._answer = null))}>${msg('Back to the inbox')}</button></p>
      <section class="card" aria-labelledby="request-title" data-testid="request-open">
        <h2 id="request-title">${msg(str`Request from ${s.patientName}`)}</h2>
        <p class="meta">${formatTime(c.request.issuedAt)} · ${c.request.confirmed ? msg('Confirmed') : msg('Waiting for confirmation')}</p>
        <p><strong>${msg('Symptoms:')}</strong> <span data-testid="request-symptoms">${s.symptoms.join(', ')}</span></p>
        <p>${msg(str`Started on ${s.onset}.`)} ${s.severity ? msg(str`Severity: ${severityText(s.severity)}.`) : nothing}</p>
        ${s.details ? html`<p class="text" data-testid="request-details">${s.details}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="answers-title">
        <h2 id="answers-title">${msg('Your answers')}</h2>
        ${c.answers.length === 0
          ? html`<p data-testid="answers-none">${msg('You have not answered yet.')}</p>`
          : html`<ol class="requests" data-testid="answers">${c.answers.map((a) => html`<li>${careEntry(a.summary, a.record, msg('You'))}</li>`)}</ol>`}
        <div class="tabs">
          <button type="button" data-testid="answer-diagnosis" class=${this._answer === 'diagnosis' ? '' : 'secondary'} @click=${() => choose('diagnosis')}>${msg('Write a diagnosis')}</button>
          <button type="button" data-testid="answer-prescription" class=${this._answer === 'prescription' ? '' : 'secondary'} @click=${() => choose('prescription')}>
            ${msg('Write a prescription')}
          </button>
          <button type="button" data-testid="answer-exercises" class=${this._answer === 'exercises' ? '' : 'secondary'} @click=${() => choose('exercises')}>${msg('Give exercises')}</button>
        </div>
        ${this.#renderForm(c)} ${writeProgress(care.write, () => care.cancelWrite(), 'answer')}
        ${care.write.state === 'done' && this._sent
          ? html`<p class="notice ok" role="status" data-testid="answer-sent">
              ${msg('Your answer is stored, sealed for this patient and you. It reaches the patient when your devices sync, directly or through a clinic.')}
            </p>`
          : nothing}
        ${care.write.state === 'cancelled' ? html`<p class="notice warn" role="status">${msg('Stopped: your answer was not sent. What you wrote is still here.')}</p>` : nothing}
        ${care.write.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="answer-failed">${msg(str`Your answer was not sent: ${care.write.error}`)}</p>` : nothing}
      </section>
    `;
  }

  override render() {
    const info = this.#identity.info;
    const care = this.#care;
    const list = this.#consultations();
    const open = this._open === null ? null : (list.find((c) => c.summary.requestId === this._open) ?? null);
    return html`
      <h1 tabindex="-1">${msg('Inbox')}</h1>
      ${open
        ? this.#renderOpen(open)
        : html`<section class="card" aria-labelledby="requests-title">
            <h2 id="requests-title">${msg('Requests from patients')}</h2>
            ${care.state === 'loading' && list.length === 0 ? html`<p role="status">${msg('Looking for requests…')}</p>` : nothing}
            ${care.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`Your inbox could not be read: ${care.error}`)}</p>` : nothing}
            ${care.state === 'ready' && list.length === 0
              ? html`<p data-testid="inbox-empty">${msg('No requests yet. Requests arrive when this device syncs with patients’ devices or a clinic’s, or from a file.')}</p>`
              : nothing}
            <ol class="requests" data-testid="requests">
              ${list.map(
                (c) => html`<li data-testid="request">
                  <p><strong data-testid="request-patient">${c.summary.patientName}</strong> · <span class="meta">${formatTime(c.request.issuedAt)}</span></p>
                  <p data-testid="request-symptoms">${c.summary.symptoms.join(', ')}</p>
                  <p class="meta">${c.answers.length === 0 ? msg('Not answered yet') : msg(str`Answers sent: ${c.answers.length}`)}</p>
                  <button type="button" data-testid="request-open-button" @click=${() => ((this._open = c.summary.requestId), (this._answer = null), (this._sent = null))}>
                    ${msg(str`Open the request from ${c.summary.patientName}`)}
                  </button>
                </li>`,
              )}
            </ol>
            ${care.inboxUnreadable > 0 ? html`<p class="hint">${msg('Some items in your inbox could not be opened: they were not sent to you, or were damaged.')}</p>` : nothing}
            ${info
              ? html`<p class="hint">${msg('Patients find you through your public profile.')} <a href="#/profile">${msg('See your public profile')}</a></p>`
              : nothing}
          </section>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-inbox': MtInbox;
  }
}
