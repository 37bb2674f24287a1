// "Find a doctor" (issue 9): the clinics the patient trusts (added from a clinic's code or link),
// the directory search (completing specialties and names as the patient types, accent- and
// case-insensitive) or a list of specialties, each result with name, specialty, clinic and whether
// a trusted clinic vouches for it; then the symptom form, sent as a first contact with the proof of
// work's progress. The directory is read from this device's replica only: nothing is asked of anyone.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DIRECTORY_TAG, DirectoryIndex, entryOf, type Completion, type DirectoryEntry, type DirectoryProfile } from '../core/directory/index.ts';
import { consultationRequest, type SymptomForm } from '../core/care/index.ts';
import { readClinicCode, type ClinicCodeProblem } from '../core/identity/index.ts';
import { CareController } from './controllers/care-controller.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import { doctorName, specialtyName } from './care-text.ts';
import { recordLabel } from './mt-care-entry.ts';
import { writeProgress } from './write-progress.ts';
import './mt-symptom-form.ts';
import { shared } from './styles.ts';

/** What to say for a pasted clinic code's problem. Used by this screen and its tests. */
export function clinicCodeMessage(problem: ClinicCodeProblem): string {
  switch (problem) {
    case 'empty':
      return msg('Enter the clinic’s code');
    case 'not-a-clinic-code':
      return msg('This is not a clinic’s code. A clinic’s code starts with MTC1-');
    case 'characters':
      return msg('The code has characters a clinic’s code never has. Copy it again, whole');
    case 'length':
      return msg('The code is too short or too long. Copy it again, whole');
    case 'checksum':
      return msg('The code has a mistake in it. Check each character, or copy it again');
    case 'name':
      return msg('The clinic’s name in this code cannot be read. Ask the clinic for its code again');
  }
}

/** The clinic code in the page's link (`#/doctors?clinic=…`), if any. */
function _linkedCode(): string | null {
  const q = location.hash.indexOf('?');
  if (q < 0) return null;
  return new URLSearchParams(location.hash.slice(q + 1)).get('clinic');
}

/** A random version 4 UUID (RFC 9562 §5.4) for a request's identifier. */
function _uuid(): string {
  return crypto.randomUUID();
}

/**
 * The Find a doctor screen.
 */
@customElement('mt-find-doctor')
@localized()
export class MtFindDoctor extends LitElement {
  static override styles = [
    shared,
    css`
      ul.plain {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.results > li,
      ul.clinics > li {
        border-top: 1px solid var(--mt-border);
        padding: 0.75rem 0;
      }
      .combo {
        position: relative;
      }
      [role='listbox'] {
        border: 1px solid var(--mt-input-border);
        border-top: none;
        border-radius: 0 0 8px 8px;
        margin: 0;
        padding: 0;
        list-style: none;
        background: var(--mt-surface);
      }
      [role='option'] {
        padding: 0.5rem 0.6rem;
        cursor: pointer;
      }
      [role='option'][aria-selected='true'] {
        background: var(--mt-accent);
        color: var(--mt-accent-text);
      }
      .badge {
        display: inline-block;
        border-radius: 999px;
        padding: 0.05rem 0.6rem;
        font-size: 0.85rem;
        font-weight: 600;
      }
      .badge.ok {
        background: var(--mt-ok-bg);
        color: var(--mt-ok);
      }
      .badge.warn {
        background: var(--mt-warn-bg);
      }
      .specialties {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .specialties button {
        min-height: 2.25rem;
        padding: 0.25rem 0.8rem;
      }
      textarea {
        min-height: 4rem;
        font-family: var(--mt-mono);
      }
    `,
  ];

  readonly #identity = new IdentityController(this);
  readonly #care = new CareController(this, { publicTag: DIRECTORY_TAG });
  /** The index of the bundles it was built from (rebuilt when they change). */
  #index: { from: unknown; index: DirectoryIndex; profiles: DirectoryProfile[] } | null = null;
  @state() private _query = '';
  @state() private _active = -1;
  @state() private _open = false;
  /** The search that was run (a typed query, or a specialty chosen from the list). */
  @state() private _searched: { query: string } | { specialty: string } | null = null;
  @state() private _chosen: DirectoryEntry | null = null;
  @state() private _sent: DirectoryEntry | null = null;
  @state() private _code = '';
  @state() private _codeError = '';
  @state() private _linked: { key: string; name: string } | { problem: ClinicCodeProblem } | null = null;
  @state() private _linkHandled = false;

  readonly #onHash = (): void => {
    const code = _linkedCode();
    if (code === null) return;
    this._linked = readClinicCode(code);
    this._linkHandled = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.#onHash();
    // A clinic's link opened while the app is already on this screen changes only the fragment.
    window.addEventListener('hashchange', this.#onHash);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHash);
    super.disconnectedCallback();
  }

  /** The link's offer is answered: its code leaves the address bar, so a reload does not ask again. */
  #linkDone(): void {
    this._linkHandled = true;
    if (_linkedCode() !== null) history.replaceState(history.state, '', `${location.pathname}${location.search}#/doctors`);
  }

  #directory(): { index: DirectoryIndex; profiles: DirectoryProfile[] } {
    const from = this.#care.publicBundles;
    if (this.#index?.from !== from) {
      const profiles = this.#care.directory.profiles;
      this.#index = { from, index: new DirectoryIndex(profiles), profiles };
    }
    return this.#index;
  }

  #entries(profiles: DirectoryProfile[]): DirectoryEntry[] {
    const trusted = this.#care.trusted.map((c) => c.key);
    return profiles.map((p) => entryOf(p, trusted));
  }

  #completions(): Completion[] {
    return this._query.trim() === '' ? [] : this.#directory().index.complete(this._query, 8);
  }

  #completionText(c: Completion): string {
    return c.kind === 'specialty' ? msg(str`${c.text} (specialty)`) : c.text;
  }

  #run(query: string): void {
    this._query = query;
    this._open = false;
    this._active = -1;
    this._searched = { query };
    this._chosen = null;
  }

  #onKey(e: KeyboardEvent): void {
    const list = this.#completions();
    if (e.key === 'ArrowDown' && list.length > 0) {
      e.preventDefault();
      this._open = true;
      this._active = (this._active + 1) % list.length;
    } else if (e.key === 'ArrowUp' && list.length > 0) {
      e.preventDefault();
      this._open = true;
      this._active = (this._active - 1 + list.length) % list.length;
    } else if (e.key === 'Escape') {
      this._open = false;
      this._active = -1;
    } else if (e.key === 'Enter' && this._open && this._active >= 0 && list[this._active]) {
      e.preventDefault();
      this.#run(list[this._active].text);
    }
  }

  async #trust(key: string, name: string): Promise<void> {
    await this.#care.trust(key, name);
  }

  async #addCode(e: Event): Promise<void> {
    e.preventDefault();
    const read = readClinicCode(this._code);
    if ('problem' in read) {
      this._codeError = clinicCodeMessage(read.problem);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLTextAreaElement>('#clinic-code')?.focus();
      return;
    }
    if (read.key === this.#identity.info?.signingKey) {
      this._codeError = msg('This is your own code. Enter the code of a clinic');
      return;
    }
    this._codeError = '';
    this._code = '';
    await this.#trust(read.key, read.name);
  }

  async #send(e: CustomEvent<{ form: SymptomForm }>): Promise<void> {
    const info = this.#identity.info;
    const doctor = this._chosen;
    if (!info || !doctor) return;
    const bundle = consultationRequest(e.detail.form, {
      requestId: _uuid(),
      patient: { familyName: info.profile.familyName, givenName: info.profile.givenName, birthDate: info.profile.birthDate, agreementKey: info.agreementKey },
      doctor: { familyName: doctor.familyName, givenName: doctor.givenName, agreementKey: doctor.agreementKey, signingKey: doctor.signingKey },
      now: new Date(),
    });
    if (await this.#care.sendRequest(bundle, doctor.agreementKey, recordLabel(bundle, Date.now()))) {
      this._sent = doctor;
      this._chosen = null;
    }
  }

  #renderTrust() {
    const care = this.#care;
    const linked = this._linked;
    return html`<section class="card" aria-labelledby="trust-title">
      <h2 id="trust-title">${msg('Clinics you trust')}</h2>
      <p class="hint">${msg('A clinic you trust has checked doctors’ licences in person. Doctors it vouches for are marked in your search.')}</p>
      ${linked && !this._linkHandled
        ? 'problem' in linked
          ? html`<p class="notice error" role="alert" data-testid="linked-error">${msg(str`The link’s clinic code cannot be used: ${clinicCodeMessage(linked.problem)}.`)}</p>`
          : html`<div class="notice warn" data-testid="linked-clinic">
              <p>${msg(str`Do you want to trust “${linked.name}”? Trust a clinic only if you got its link from the clinic itself.`)}</p>
              <div class="row">
                <button
                  type="button"
                  data-testid="linked-trust"
                  @click=${async () => {
                    await this.#trust(linked.key, linked.name);
                    this.#linkDone();
                  }}
                >
                  ${msg('Trust this clinic')}
                </button>
                <button type="button" class="secondary" @click=${() => this.#linkDone()}>${msg('Not now')}</button>
              </div>
            </div>`
        : nothing}
      ${care.trusted.length === 0
        ? html`<p data-testid="trusted-none">${msg('You trust no clinic yet.')}</p>`
        : html`<ul class="plain clinics" data-testid="trusted">
            ${care.trusted.map(
              (c) => html`<li>
                <span data-testid="trusted-name">${c.name}</span>
                <button type="button" class="secondary" @click=${() => care.untrust(c.key)} aria-label=${msg(str`Stop trusting ${c.name}`)}>${msg('Stop trusting')}</button>
              </li>`,
            )}
          </ul>`}
      <form novalidate @submit=${this.#addCode}>
        <div class="field">
          <label for="clinic-code">${msg('Add a clinic by its code')}</label>
          <div id="clinic-code-hint" class="hint">${msg('Ask the clinic for its code. It starts with MTC1-.')}</div>
          ${this._codeError ? html`<p id="clinic-code-error" class="field-error" data-testid="clinic-code-error">${this._codeError}</p>` : nothing}
          <textarea
            id="clinic-code"
            data-testid="clinic-code-input"
            spellcheck="false"
            .value=${this._code}
            aria-invalid=${this._codeError ? 'true' : 'false'}
            aria-describedby=${this._codeError ? 'clinic-code-hint clinic-code-error' : 'clinic-code-hint'}
            @input=${(e: Event) => (this._code = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
        <button type="submit" class="secondary" data-testid="clinic-code-add">${msg('Trust this clinic')}</button>
      </form>
    </section>`;
  }

  #renderEntry(d: DirectoryEntry) {
    return html`<li data-testid="result">
      <p><strong data-testid="result-name">${doctorName(d.givenName, d.familyName)}</strong></p>
      <p>${msg(str`Specialty: ${specialtyName(d.specialty)}`)} · ${msg(str`Clinic: ${d.clinic}`)}</p>
      <p>
        ${d.attested
          ? html`<span class="badge ok" data-testid="result-attested">${msg(str`Licence checked by ${d.attestedBy.join(', ')}`)}</span>`
          : html`<span class="badge warn" data-testid="result-unattested">${msg('No clinic you trust has checked this doctor’s licence')}</span>`}
      </p>
      <button type="button" data-testid="result-choose" @click=${() => ((this._chosen = d), (this._sent = null), this.#care.resetWrite())}>
        ${msg(str`Ask ${doctorName(d.givenName, d.familyName)} for advice`)}
      </button>
      <p><a data-testid="result-give-access" href=${`#/consents?doctor=${d.agreementKey}`}>${msg(str`Let ${doctorName(d.givenName, d.familyName)} see my records`)}</a></p>
    </li>`;
  }

  #renderSearch() {
    const { index, profiles } = this.#directory();
    const list = this._open ? this.#completions() : [];
    const s = this._searched;
    const found = s === null ? [] : 'query' in s ? index.search(s.query, 50) : index.inSpecialty(s.specialty);
    const entries = this.#entries(found);
    return html`<section class="card" aria-labelledby="search-title">
      <h2 id="search-title">${msg('Find a doctor')}</h2>
      ${this.#care.state === 'ready' && profiles.length === 0
        ? html`<p data-testid="directory-empty">${msg('No doctor’s profile is on this device yet. Profiles arrive when you sync with a clinic or another device, or from a file.')}</p>`
        : nothing}
      <form
        novalidate
        role="search"
        @submit=${(e: Event) => {
          e.preventDefault();
          this.#run(this._query);
        }}
      >
        <div class="field combo">
          <label for="search">${msg('Specialty or doctor’s name')}</label>
          <div id="search-hint" class="hint">${msg('For example, “cardio” or a family name. Suggestions appear as you type.')}</div>
          <input
            id="search"
            type="text"
            role="combobox"
            autocomplete="off"
            spellcheck="false"
            data-testid="search"
            aria-autocomplete="list"
            aria-controls="suggestions"
            aria-expanded=${list.length > 0 ? 'true' : 'false'}
            aria-activedescendant=${this._active >= 0 && list.length > 0 ? `suggestion-${this._active}` : nothing}
            aria-describedby="search-hint"
            .value=${this._query}
            @input=${(e: Event) => {
              this._query = (e.target as HTMLInputElement).value;
              this._open = true;
              this._active = -1;
            }}
            @keydown=${this.#onKey}
            @blur=${() => setTimeout(() => (this._open = false), 150)}
          />
          <ul id="suggestions" role="listbox" aria-label=${msg('Suggestions')} ?hidden=${list.length === 0} data-testid="suggestions">
            ${list.map(
              (c, i) => html`<li
                id=${`suggestion-${i}`}
                role="option"
                data-testid="suggestion"
                aria-selected=${i === this._active ? 'true' : 'false'}
                @mousedown=${(e: Event) => {
                  e.preventDefault();
                  this.#run(c.text);
                }}
              >
                ${this.#completionText(c)}
              </li>`,
            )}
          </ul>
        </div>
        <button type="submit" data-testid="search-go">${msg('Search')}</button>
      </form>
      ${index.bySpecialty().length > 0
        ? html`<h3>${msg('Or choose a specialty')}</h3>
            <div class="specialties" data-testid="specialty-list">
              ${index.bySpecialty().map(
                (x) => html`<button type="button" class="secondary" data-testid="specialty" @click=${() => ((this._searched = { specialty: x.key }), (this._chosen = null))}>
                  ${specialtyName(x.specialty)} (${x.count})
                </button>`,
              )}
            </div>`
        : nothing}
      ${s !== null
        ? html`<h3 id="results-title" aria-live="polite">${entries.length === 0 ? msg('No doctor matches. Try fewer letters, or choose a specialty.') : msg(str`Doctors found: ${entries.length}`)}</h3>
            <ul class="plain results" data-testid="results" aria-labelledby="results-title">
              ${entries.map((d) => this.#renderEntry(d))}
            </ul>`
        : nothing}
    </section>`;
  }

  #renderConsultation() {
    const d = this._chosen;
    const care = this.#care;
    if (!d) return nothing;
    return html`<section class="card" aria-labelledby="ask-title">
      <h2 id="ask-title">${msg(str`Ask ${doctorName(d.givenName, d.familyName)} for advice`)}</h2>
      <p class="hint">${msg('Only you and this doctor can read what you send. It is sealed on this device before it is stored.')}</p>
      <mt-symptom-form ?disabled=${care.write.state === 'running'} @symptom-submit=${this.#send} @symptom-cancel=${() => (this._chosen = null)}></mt-symptom-form>
      ${writeProgress(care.write, () => care.cancelWrite(), 'request')}
      ${care.write.state === 'cancelled' ? html`<p class="notice warn" role="status">${msg('Stopped: your request was not sent. Your answers are still here.')}</p>` : nothing}
      ${care.write.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="request-failed">${msg(str`Your request was not sent: ${care.write.error}`)}</p>` : nothing}
    </section>`;
  }

  override render() {
    return html`
      <h1 tabindex="-1">${msg('Find a doctor')}</h1>
      ${this.#care.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`The directory could not be read: ${this.#care.error}`)}</p>` : nothing}
      ${this._sent
        ? html`<p class="notice ok" role="status" data-testid="request-sent">
            ${msg(str`Your request is stored for ${doctorName(this._sent.givenName, this._sent.familyName)}. It reaches the doctor when your devices sync, directly or through a clinic. The answer appears in My record.`)}
          </p>`
        : nothing}
      ${this.#renderConsultation()} ${this.#renderTrust()} ${this.#renderSearch()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-find-doctor': MtFindDoctor;
  }
}
