// A doctor's "Shared with you" (issue 10): the patients who let this doctor see records, each with
// what the grant covers and until when, and the records while access lasts. Opening a record writes
// the opening to the patient's access log first (once per record), then shows it. Once the patient
// withdrew access, or it ran out, the screen says so and offers none of that patient's records.
import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { readCareRecord } from '../core/care/index.ts';
import type { SharedPatient } from '../identity/index.ts';
import { ConsentController } from './controllers/consent-controller.ts';
import { careEntry, careEntryStyles } from './mt-care-entry.ts';
import { formatDay } from './format.ts';
import { writeProgress } from './write-progress.ts';
import { shared } from './styles.ts';

/**
 * The doctor's shared-records screen.
 */
@customElement('mt-shared')
@localized()
export class MtShared extends LitElement {
  static override styles = [
    shared,
    careEntryStyles,
    css`
      ul.patients,
      ul.records {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.records > li {
        border-top: 1px solid var(--mt-border);
        padding: 0.5rem 0;
      }
      .opened {
        border-left: 4px solid var(--mt-accent);
        padding-left: 0.75rem;
      }
    `,
  ];

  readonly #consent = new ConsentController(this, { doctor: true });

  #access(p: SharedPatient) {
    const until = Math.max(0, ...p.grants.filter((g) => g.status === 'active').map((g) => g.until));
    if (p.access === 'active') return html`<p data-testid="shared-access" data-access="active">${msg(str`You can see what ${p.name} shared until ${formatDay(until)}.`)}</p>`;
    const revoked = p.grants.find((g) => g.status === 'revoked');
    return html`<p class="notice warn" data-testid="shared-access" data-access=${p.access}>
      ${p.access === 'revoked'
        ? msg(str`${p.name} withdrew your access on ${formatDay(revoked?.at ?? 0)}. Their records are no longer offered here.`)
        : msg(str`Your access to ${p.name}’s records ended on ${formatDay(until || (p.grants[0]?.until ?? 0))}. Their records are no longer offered here.`)}
    </p>`;
  }

  #renderPatient(p: SharedPatient) {
    const c = this.#consent;
    const running = c.write.state === 'running';
    const opened = c.opened?.patient === p.key ? c.opened.record : null;
    return html`<li class="card" data-testid="shared-patient">
      <h2>${p.name}</h2>
      ${this.#access(p)}
      ${p.access === 'active' && p.records.length === 0 ? html`<p data-testid="shared-none">${msg('Nothing shared yet: new records appear here once the patient’s device syncs with yours.')}</p>` : nothing}
      ${p.access === 'active'
        ? html`<ul class="records">
            ${p.records.map(
              (r) => html`<li data-testid="shared-record" data-opened=${r.opened ? 'yes' : 'no'}>
                <p><strong>${r.label}</strong> ${r.opened ? html`· <span class="hint">${msg('Opened before')}</span>` : nothing}</p>
                <button type="button" class="secondary" data-testid="shared-open" ?disabled=${running} @click=${() => c.open(p.key, r.place, r.label)}>
                  ${msg(str`Open ${r.label}`)}
                </button>
                ${opened && opened.place === r.place ? html`<div class="opened" data-testid="shared-opened">${careEntry(readCareRecord(opened.resource), opened, p.name)}</div>` : nothing}
              </li>`,
            )}
          </ul>`
        : nothing}
    </li>`;
  }

  override render() {
    const c = this.#consent;
    return html`
      <h1 tabindex="-1">${msg('Shared with you')}</h1>
      <p>${msg('Records patients let you see. The first time you open one, the patient’s access log records it.')}</p>
      ${c.state === 'loading' && c.shared.length === 0 ? html`<p role="status">${msg('Finding what patients shared…')}</p>` : nothing}
      ${c.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`What patients shared could not be read: ${c.error}`)}</p>` : nothing}
      ${c.state === 'ready' && c.shared.length === 0 ? html`<p data-testid="shared-empty">${msg('No patient has shared records with you yet. They arrive when a patient’s device syncs with yours, directly or through a clinic.')}</p>` : nothing}
      ${writeProgress(c.write, () => c.cancelWrite(), 'shared')}
      ${c.openProblem === 'not-here'
        ? html`<p class="notice warn" role="alert" data-testid="shared-not-here">${msg('This record has not reached this device yet. Sync with the patient or a clinic, then try again.')}</p>`
        : nothing}
      ${c.openProblem === 'not-shared' ? html`<p class="notice warn" role="alert" data-testid="shared-ended">${msg('The patient no longer shares this record with you.')}</p>` : nothing}
      ${c.openProblem === 'not-readable' ? html`<p class="notice error" role="alert" data-testid="shared-damaged">${msg('This record could not be opened: it is damaged or not what the patient shared.')}</p>` : nothing}
      ${c.write.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`The opening could not be logged, so the record stays closed: ${c.write.error}`)}</p>` : nothing}
      ${c.write.state === 'cancelled' ? html`<p class="notice warn" role="status" data-testid="shared-cancelled">${msg('Stopped: the record stays closed, and nothing was written to the patient’s log.')}</p>` : nothing}
      <ul class="patients">
        ${c.shared.map((p) => this.#renderPatient(p))}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-shared': MtShared;
  }
}
