// One care record as the timeline and the inbox show it: what it is (a request, a diagnosis, a
// prescription, exercises, a note), who wrote it and when, whether it is confirmed, and what it
// says in plain words ("1 tablet, 3 times a day, for 7 days"). Pure rendering; every text from a
// record is put in as text, never as HTML.
import { css, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { CareSummary } from '../core/care/index.ts';
import type { MyRecord } from '../identity/index.ts';
import { clinicalStatusText, dosageText, severityText } from './care-words.ts';
import { formatDay, formatTime } from './format.ts';
import { readCareRecord } from '../core/care/index.ts';

/** What kind of record it is, in words. */
function _kind(s: CareSummary, record: MyRecord): string {
  switch (s.kind) {
    case 'request':
      return msg('Request for advice');
    case 'diagnosis':
      return msg('Diagnosis');
    case 'prescription':
      return msg('Prescription');
    case 'exercises':
      return msg('Exercises');
    default: {
      const r = record.resource as { resourceType: string; code?: { text?: string } };
      return r.resourceType === 'Observation' && r.code?.text === 'Patient note' ? msg('Note') : msg('Other record');
    }
  }
}

function _body(s: CareSummary, record: MyRecord) {
  switch (s.kind) {
    case 'request':
      return html`<p data-testid="entry-symptoms">${s.symptoms.join(', ')}</p>
        <p class="meta">${msg(str`Started on ${s.onset}.`)} ${s.severity ? msg(str`Severity: ${severityText(s.severity)}.`) : nothing}</p>
        ${s.details ? html`<p class="text">${s.details}</p>` : nothing}`;
    case 'diagnosis':
      return html`<p><strong data-testid="entry-condition">${s.condition}</strong></p>
        <p class="meta">${s.clinicalStatus ? clinicalStatusText(s.clinicalStatus) : nothing} ${s.onset ? msg(str`Since ${s.onset}.`) : nothing}</p>
        ${s.note ? html`<p class="text">${s.note}</p>` : nothing}`;
    case 'prescription':
      return html`<p><strong data-testid="entry-medication">${s.medication}</strong></p>
        <p data-testid="entry-dosage">${dosageText(s.dosage)}</p>
        ${s.quantity !== null ? html`<p class="meta">${msg(str`Quantity to dispense: ${s.quantity}`)}</p>` : nothing}
        ${s.note ? html`<p class="text">${s.note}</p>` : nothing}`;
    case 'exercises':
      return html`<ul data-testid="entry-exercises">
        ${s.exercises.map(
          (x) => html`<li>
            <strong>${x.name}</strong>
            ${x.timesPerPeriod !== null
              ? html` · ${dosageText({ amount: null, unit: '', route: '', timesPerPeriod: x.timesPerPeriod, period: x.period, periodUnit: x.periodUnit, durationDays: x.durationDays })}`
              : nothing}
            ${x.instructions ? html`<p class="text">${x.instructions}</p>` : nothing}
          </li>`,
        )}
      </ul>`;
    default: {
      const r = record.resource as { valueString?: unknown };
      return typeof r.valueString === 'string' ? html`<p class="text" data-testid="record-text">${r.valueString}</p>` : nothing;
    }
  }
}

/** The words that name a record in a grant, a link or the access log: "Prescription, 3 May 2026". Called by the consent screens and the writes that share records. */
export function recordLabel(resource: { resourceType: string }, when: number): string {
  const record = { resource } as unknown as MyRecord;
  return `${_kind(readCareRecord(record.resource), record)}, ${formatDay(when)}`;
}

/**
 * The entry of one record: `author` is the name to show ("You", "Dr …"). `inTangle` false leaves out
 * the Tangle's confirmation, which a record carried in a link does not have. Called by the timeline,
 * the inbox, the shared records and a link's records.
 */
export function careEntry(s: CareSummary, record: MyRecord, author: string, inTangle = true) {
  return html`<article data-testid="entry" data-kind=${s.kind}>
    <p class="meta">
      <strong data-testid="entry-kind">${_kind(s, record)}</strong> · <span data-testid="entry-author">${author}</span> · <span>${formatTime(record.issuedAt)}</span>
      ${inTangle
        ? html`·
            <span class=${`status ${record.confirmed ? 'confirmed' : 'pending'}`} data-testid="record-status" data-status=${record.confirmed ? 'confirmed' : 'pending'}
              >${record.confirmed ? msg('Confirmed') : msg('Waiting for confirmation')}</span
            >`
        : nothing}
    </p>
    ${_body(s, record)}
  </article>`;
}

/** The entries' styles: the screens that show entries add them. */
export const careEntryStyles = css`
  .meta {
    color: var(--mt-muted);
    font-size: 0.9rem;
  }
  .status {
    display: inline-block;
    border-radius: 999px;
    padding: 0.05rem 0.6rem;
    font-size: 0.85rem;
    font-weight: 600;
  }
  .status.pending {
    background: var(--mt-warn-bg);
  }
  .status.confirmed {
    background: var(--mt-ok-bg);
    color: var(--mt-ok);
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0.25rem 0;
  }
  article p {
    margin: 0 0 0.35rem;
  }
`;
