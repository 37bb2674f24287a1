// "Who can see your records" (issue 10): the patient gives a doctor access (every record from now
// on, or chosen records) until a day, sees every grant per doctor with its scope and its end, withdraws
// one, and reads the access log: every grant, withdrawal, share, link and opening by a doctor, newest
// first, filterable by doctor. The screen says plainly, before and after withdrawing, that what a
// doctor already opened cannot be taken back.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DIRECTORY_TAG } from '../core/directory/index.ts';
import { auditLog, readAudit, readConsentMessage, type Audit, type Grant } from '../core/consent/index.ts';
import type { MyRecord } from '../identity/index.ts';
import { CareController } from './controllers/care-controller.ts';
import { ConsentController } from './controllers/consent-controller.ts';
import { doctorName } from './care-text.ts';
import { recordLabel } from './mt-care-entry.ts';
import { medicalRecords } from './timeline.ts';
import { formatDay, formatTime } from './format.ts';
import { writeProgress } from './write-progress.ts';
import type { ConsentSubmitDetail } from './mt-consent-form.ts';
import './mt-consent-form.ts';
import { shared } from './styles.ts';

/** The doctor named in the address (`#/consents?doctor=<agreement key>`), from Find a doctor; never a secret. */
function _doctorInAddress(): string {
  const q = location.hash.split('?')[1] ?? '';
  const key = new URLSearchParams(q).get('doctor') ?? '';
  return /^[0-9a-f]{64}$/.test(key) ? key : '';
}

/** Every audit entry among the user's records: consent messages carry theirs; the rest are AuditEvents. */
function _audits(records: readonly MyRecord[]): Audit[] {
  const out: Audit[] = [];
  for (const r of records) {
    const m = readConsentMessage(r.resource);
    const a = m ? m.audit : r.resource.resourceType === 'AuditEvent' ? readAudit(r.resource) : null;
    if (a) out.push(a);
  }
  return out;
}

/**
 * The consents screen.
 */
@customElement('mt-consents')
@localized()
export class MtConsents extends LitElement {
  static override styles = [
    shared,
    css`
      ul.grants,
      ol.log {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.grants > li,
      ol.log > li {
        border-top: 1px solid var(--mt-border);
        padding: 0.75rem 0;
      }
      .status {
        font-weight: 600;
      }
      .confirm {
        border-left: 4px solid var(--mt-warn, #b35900);
        padding-left: 0.75rem;
      }
      select {
        max-width: 100%;
      }
    `,
  ];

  readonly #consent = new ConsentController(this);
  /** The directory, for the names of doctors. */
  readonly #care = new CareController(this, { publicTag: DIRECTORY_TAG });

  @state() private _giving = _doctorInAddress() !== '';
  @state() private _doctor = _doctorInAddress();
  @state() private _confirming = '';
  @state() private _done: '' | 'granted' | 'revoked' = '';
  @state() private _doneName = '';
  @state() private _filter = '';

  readonly #onHash = (): void => {
    const key = _doctorInAddress();
    if (key && key !== this._doctor) {
      this._doctor = key;
      this._giving = true;
    }
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHash);
    super.disconnectedCallback();
  }

  /** A doctor's name: the directory's, else the name the grant or the log entry gave. */
  #name(key: string, given = ''): string {
    const p = this.#care.profileOf(key);
    return p ? doctorName(p.givenName, p.familyName) : given || msg('A doctor');
  }

  /** The doctors the patient can choose: the one from Find a doctor, those written with, and those granted before. */
  #candidates(): { key: string; name: string }[] {
    const keys = new Map<string, string>();
    if (this._doctor) keys.set(this._doctor, '');
    for (const r of this.#consent.records) if (r.with) keys.set(r.with, keys.get(r.with) ?? '');
    for (const g of this.#consent.grants) keys.set(g.doctor.key, g.doctor.name);
    return [...keys].filter(([k, given]) => given || this.#care.profileOf(k)).map(([key, given]) => ({ key, name: this.#name(key, given) }));
  }

  #choices(): { place: string; label: string; record: MyRecord }[] {
    return medicalRecords(this.#consent.records).map((r) => ({ place: r.place, label: recordLabel(r.resource, r.issuedAt), record: r }));
  }

  async #onGive(e: CustomEvent<ConsentSubmitDetail>): Promise<void> {
    const d = e.detail;
    const name = this.#candidates().find((c) => c.key === d.doctor)?.name ?? msg('A doctor');
    const choices = this.#choices();
    const ok = await this.#consent.grant({
      doctor: d.doctor,
      doctorName: name,
      scope: d.scope === 'from-now-on' ? { kind: 'from-now-on' } : { kind: 'records', records: choices.filter((c) => d.places.includes(c.place)).map((c) => ({ record: c.record, label: c.label })) },
      until: d.until,
    });
    if (ok) {
      this._done = 'granted';
      this._doneName = name;
      this._giving = false;
      if (_doctorInAddress()) history.replaceState(null, '', '#/consents');
    }
  }

  async #onRevoke(g: Grant): Promise<void> {
    if (await this.#consent.revoke(g.id)) {
      this._done = 'revoked';
      this._doneName = this.#name(g.doctor.key, g.doctor.name);
      this._confirming = '';
    }
  }

  #scopeText(g: Grant): string {
    if (g.scope.kind === 'from-now-on') return msg(str`Everything you add from ${formatDay(g.scope.start)}`);
    return msg(str`Chosen records: ${g.scope.records.map((r) => r.label).join('; ')}`);
  }

  #statusText(g: Grant): string {
    if (g.status === 'revoked') return msg(str`Withdrawn on ${formatDay(g.at)}`);
    if (Date.now() >= g.until) return msg(str`Ended on ${formatDay(g.until)}`);
    return msg(str`Can see them until ${formatDay(g.until)}`);
  }

  #renderGrants() {
    const grants = this.#consent.grants;
    if (this.#consent.state === 'ready' && grants.length === 0) return html`<p data-testid="grants-empty">${msg('No doctor can see your records yet, except the doctors you write to, who see what you send them.')}</p>`;
    const byDoctor = new Map<string, Grant[]>();
    for (const g of grants) byDoctor.set(g.doctor.key, [...(byDoctor.get(g.doctor.key) ?? []), g]);
    const running = this.#consent.write.state === 'running';
    return html`<ul class="grants" data-testid="grants">
      ${[...byDoctor].map(
        ([key, list]) => html`<li data-testid="grant-doctor">
          <h3>${this.#name(key, list[0].doctor.name)}</h3>
          <ul class="grants">
            ${list.map((g) => {
              const active = g.status === 'active' && Date.now() < g.until;
              return html`<li data-testid="grant" data-status=${active ? 'active' : g.status === 'revoked' ? 'revoked' : 'ended'}>
                <p>${this.#scopeText(g)}</p>
                <p class="status" data-testid="grant-status">${this.#statusText(g)}</p>
                <p class="hint">${msg(str`Given on ${formatTime(g.scope.kind === 'from-now-on' ? g.scope.start : g.at)}`)}</p>
                ${active && this._confirming !== g.id
                  ? html`<button type="button" class="secondary" data-testid="grant-withdraw" ?disabled=${running} @click=${() => (this._confirming = g.id)}>${msg('Withdraw access')}</button>`
                  : nothing}
                ${active && this._confirming === g.id
                  ? html`<div class="confirm" data-testid="withdraw-confirm">
                      <p><strong>${msg(str`Withdraw ${this.#name(key, g.doctor.name)}’s access?`)}</strong></p>
                      <p>${msg('Your new records will no longer be sealed for this doctor. What they already opened stays with them: it cannot be taken back. Their device learns of this when it syncs with yours, directly or through a clinic.')}</p>
                      <div class="row">
                        <button type="button" data-testid="withdraw-yes" ?disabled=${running} @click=${() => this.#onRevoke(g)}>${msg('Withdraw access')}</button>
                        <button type="button" class="secondary" data-testid="withdraw-no" ?disabled=${running} @click=${() => (this._confirming = '')}>${msg('Keep access')}</button>
                      </div>
                    </div>`
                  : nothing}
              </li>`;
            })}
          </ul>
        </li>`,
      )}
    </ul>`;
  }

  #logLine(a: Audit, labels: Map<string, string>): string {
    const label = (i: number) => labels.get(`${a.records[i].place.tag}.${a.records[i].place.hash}`) ?? a.records[i].label;
    const all = a.records.map((_, i) => label(i)).join('; ');
    const other = a.counterpart ? this.#name(a.counterpart.key, a.counterpart.name) : '';
    switch (a.action) {
      case 'grant':
        return a.records.length > 0
          ? msg(str`You let ${other} see chosen records until ${formatDay(a.until ?? 0)}: ${all}.`)
          : msg(str`You let ${other} see everything you add from now on, until ${formatDay(a.until ?? 0)}.`);
      case 'revoke':
        return msg(str`You withdrew ${other}’s access.`);
      case 'share':
        return msg(str`Shared with ${other}, as your consent allows: ${all}.`);
      case 'link':
        return msg(str`You made a link that works until ${formatDay(a.until ?? 0)}: ${all}.`);
      default:
        return msg(str`${this.#name(a.by.key, a.by.name)} opened your record: ${all}.`);
    }
  }

  #renderLog() {
    const audits = _audits(this.#consent.records);
    const labels = new Map(this.#choices().map((c) => [c.place, c.label]));
    const people = new Map<string, string>();
    for (const a of audits) if (a.counterpart && a.action !== 'open') people.set(a.counterpart.key, this.#name(a.counterpart.key, a.counterpart.name));
    for (const a of audits) if (a.action === 'open') people.set(a.by.key, this.#name(a.by.key, a.by.name));
    // An opening names the doctor as its author, the rest as the other party: the filter takes either.
    const list = auditLog(audits, this._filter ? { counterpart: this._filter } : undefined);
    return html`<section class="card" aria-labelledby="log-title">
      <h2 id="log-title">${msg('Access log')}</h2>
      <p class="hint">${msg('Every time you gave or withdrew access, shared a record or made a link, and every time a doctor opened one of your records. A doctor’s opening shows here once their device has synced with yours.')}</p>
      <div class="field">
        <label for="log-filter">${msg('Show')}</label>
        <select id="log-filter" data-testid="log-filter" @change=${(e: Event) => (this._filter = (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${this._filter === ''}>${msg('Everyone')}</option>
          ${[...people].map(([key, name]) => html`<option value=${key} ?selected=${this._filter === key}>${name}</option>`)}
        </select>
      </div>
      ${list.length === 0
        ? html`<p data-testid="log-empty">${msg('Nothing to show yet.')}</p>`
        : html`<ol class="log" data-testid="log">
            ${list.map((a) => html`<li data-testid="log-entry" data-action=${a.action}><p>${this.#logLine(a, labels)}</p><p class="hint">${formatTime(a.at)}</p></li>`)}
          </ol>`}
    </section>`;
  }

  override render() {
    const c = this.#consent;
    const w = c.write;
    const running = w.state === 'running';
    return html`
      <h1 tabindex="-1">${msg('Who can see your records')}</h1>
      <p>${msg('You decide which doctor sees which records, and until when. A doctor you let in can keep what they have opened: withdrawing access stops new records from reaching them, and cannot take back what they already saw.')}</p>
      ${c.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`Your consents could not be read: ${c.error}`)}</p>` : nothing}
      ${this._done === 'granted' && w.state === 'done'
        ? html`<p class="notice ok" role="status" data-testid="grant-done">${msg(str`${this._doneName} can now see what you chose. It reaches their device when it syncs with yours, directly or through a clinic.`)}</p>`
        : nothing}
      ${this._done === 'revoked' && w.state === 'done'
        ? html`<p class="notice ok" role="status" data-testid="revoke-done">${msg(str`You withdrew ${this._doneName}’s access. New records are no longer sealed for them. What they already opened cannot be taken back.`)}</p>`
        : nothing}
      ${w.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="consent-failed">${msg(str`That was not saved: ${w.error}`)}</p>` : nothing}
      ${w.state === 'cancelled' ? html`<p class="notice warn" role="status">${msg('Stopped: nothing was saved.')}</p>` : nothing}
      <section class="card" aria-labelledby="give-title">
        <h2 id="give-title">${msg('Give a doctor access')}</h2>
        ${this._giving
          ? html`<mt-consent-form
              .doctors=${this.#candidates()}
              .doctor=${this._doctor}
              .records=${this.#choices().map(({ place, label }) => ({ place, label }))}
              ?disabled=${running}
              @consent-submit=${this.#onGive}
              @consent-cancel=${() => (this._giving = false)}
            ></mt-consent-form>`
          : html`<p>${msg('Choose a doctor you have written to, or find one first.')}</p>
              <div class="row">
                <button type="button" data-testid="give-access" @click=${() => ((this._giving = true), (this._done = ''))}>${msg('Give a doctor access')}</button>
                <a href="#/doctors">${msg('Find a doctor')}</a>
              </div>`}
        ${writeProgress(w, () => c.cancelWrite(), 'consent')}
      </section>
      <section class="card" aria-labelledby="grants-title">
        <h2 id="grants-title">${msg('Doctors who can see your records')}</h2>
        ${c.state === 'loading' && c.grants.length === 0 ? html`<p role="status">${msg('Finding your consents…')}</p>` : nothing} ${this.#renderGrants()}
      </section>
      <section class="card" aria-labelledby="link-title">
        <h2 id="link-title">${msg('Share with a doctor who does not use medtangle')}</h2>
        <p>${msg('Make a link or a QR code that holds chosen records, encrypted. Whoever has it can open them until the day you choose.')}</p>
        <p><a href="#/share" data-testid="to-share">${msg('Make a link')}</a></p>
      </section>
      ${this.#renderLog()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-consents': MtConsents;
  }
}
