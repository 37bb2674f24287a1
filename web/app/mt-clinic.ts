// A clinic's screen (issue 9, "Clinic attestation"): the clinic's code and link, which patients add
// to trust it, and the doctors of the directory, each of whom the clinic can vouch for after checking
// the licence in person, or stop vouching for. Vouching is a signed public record; the screen asks
// the member of staff to confirm the in-person check each time.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DIRECTORY_TAG, attestationRecord, foldText, type DirectoryProfile } from '../core/directory/index.ts';
import { clinicCode } from '../core/identity/index.ts';
import { CareController } from './controllers/care-controller.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import { clinicLink, specialtyName } from './care-text.ts';
import { qrPath } from './mt-sync-flow.ts';
import { formatTime } from './format.ts';
import { writeProgress } from './write-progress.ts';
import { shared } from './styles.ts';

/**
 * The clinic's screen.
 */
@customElement('mt-clinic')
@localized()
export class MtClinic extends LitElement {
  static override styles = [
    shared,
    css`
      .code {
        font-family: var(--mt-mono);
        overflow-wrap: anywhere;
        user-select: all;
      }
      /* Never wider than the screen (WCAG 1.4.10: 12rem is 384 px at 200% text). */
      svg.qr {
        width: min(12rem, 100%);
        height: auto;
        aspect-ratio: 1;
        background: #fff;
        display: block;
        margin: 0 0 0.75rem;
      }
      ul.doctors {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.doctors > li {
        border-top: 1px solid var(--mt-border);
        padding: 0.75rem 0;
      }
      .choice {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
      }
      .choice input {
        width: auto;
        margin-top: 0.3rem;
      }
      /* The label takes the rest of the row and wraps, never pushing past a narrow screen. */
      .choice label {
        flex: 1 1 auto;
        min-width: 0;
      }
    `,
  ];

  readonly #identity = new IdentityController(this);
  readonly #care = new CareController(this, { publicTag: DIRECTORY_TAG });
  @state() private _filter = '';
  /** The doctor being vouched for (signing key), while the staff member confirms the check. */
  @state() private _checking: string | null = null;
  @state() private _checked = false;
  @state() private _checkError = '';
  @state() private _copied = false;

  #doctors(): DirectoryProfile[] {
    const all = this.#care.directory.profiles;
    const f = foldText(this._filter.trim());
    if (f === '') return all;
    return all.filter((p) => foldText(`${p.givenName} ${p.familyName} ${p.licence} ${p.clinic}`).includes(f));
  }

  async #vouch(p: DirectoryProfile, status: 'validated' | 'val-fail'): Promise<void> {
    const info = this.#identity.info;
    if (!info) return;
    if (status === 'validated' && !this._checked) {
      this._checkError = msg('Confirm that you checked the licence in person');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#checked')?.focus();
      return;
    }
    this._checkError = '';
    const record = attestationRecord({
      clinicKey: info.signingKey,
      clinicName: info.profile.clinic ?? info.label,
      doctor: { signingKey: p.signingKey, familyName: p.familyName, givenName: p.givenName, licence: p.licence },
      issuedAt: Date.now(),
      status,
    });
    if (await this.#care.publish(record.payload)) {
      this._checking = null;
      this._checked = false;
    }
  }

  async #copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this._copied = true;
    } catch {
      this._copied = false;
    }
  }

  #renderDoctor(p: DirectoryProfile) {
    const me = this.#identity.info!.signingKey;
    const mine = p.attestations.find((a) => a.clinicKey === me);
    const checking = this._checking === p.signingKey;
    const running = this.#care.write.state === 'running';
    return html`<li data-testid="clinic-doctor">
      <p><strong data-testid="doctor-name">${p.givenName} ${p.familyName}</strong> · ${specialtyName(p.specialty)}</p>
      <p class="hint">${msg(str`Clinic: ${p.clinic}. Licence number: ${p.licence}.`)}</p>
      ${mine
        ? html`<p data-testid="vouched">${msg(str`You vouched for this doctor on ${formatTime(mine.issuedAt)}.`)}</p>
            <button type="button" class="secondary" data-testid="unvouch" ?disabled=${running} @click=${() => this.#vouch(p, 'val-fail')}>${msg('Stop vouching')}</button>`
        : checking
          ? html`<div class="field">
              ${this._checkError ? html`<p id="checked-error" class="field-error" data-testid="checked-error">${this._checkError}</p>` : nothing}
              <div class="choice">
                <input
                  type="checkbox"
                  id="checked"
                  data-testid="checked"
                  .checked=${this._checked}
                  aria-invalid=${this._checkError ? 'true' : 'false'}
                  aria-describedby=${this._checkError ? 'checked-error' : nothing}
                  @change=${(e: Event) => (this._checked = (e.target as HTMLInputElement).checked)}
                />
                <label for="checked">${msg(str`I have seen ${p.givenName} ${p.familyName}’s licence number ${p.licence} in person, and it is valid.`)}</label>
              </div>
              <div class="row">
                <button type="button" data-testid="vouch-confirm" ?disabled=${running} @click=${() => this.#vouch(p, 'validated')}>${msg('Vouch for this doctor')}</button>
                <button type="button" class="secondary" @click=${() => (this._checking = null)}>${msg('Cancel')}</button>
              </div>
            </div>`
          : html`<button
              type="button"
              data-testid="vouch"
              ?disabled=${running}
              @click=${() => {
                this._checking = p.signingKey;
                this._checked = false;
                this._checkError = '';
              }}
            >
              ${msg('Vouch for this doctor…')}
            </button>`}
    </li>`;
  }

  override render() {
    const info = this.#identity.info;
    if (!info) return nothing;
    const care = this.#care;
    const name = info.profile.clinic ?? info.label;
    const code = clinicCode(info.signingKey, name);
    const link = clinicLink(code);
    const qr = qrPath(link);
    const doctors = this.#doctors();
    return html`
      <h1 tabindex="-1">${msg('Doctors we vouch for')}</h1>
      <section class="card" aria-labelledby="code-title">
        <h2 id="code-title">${msg('Your clinic’s code')}</h2>
        <p class="hint">${msg('Patients add this code, or open this link, to trust your clinic. It holds no secret: you can print it or put it on your door.')}</p>
        <p class="code" data-testid="clinic-code">${code}</p>
        <svg class="qr" viewBox=${`0 0 ${qr.size} ${qr.size}`} role="img" aria-label=${msg('QR code of your clinic’s link')} data-testid="clinic-qr">
          <path d=${qr.d} fill="#000"></path>
        </svg>
        <p><a href=${link} data-testid="clinic-link">${msg('Link to trust this clinic')}</a></p>
        <div class="row">
          <button type="button" class="secondary" data-testid="copy-code" @click=${() => this.#copy(code)}>${msg('Copy the code')}</button>
        </div>
        ${this._copied ? html`<p role="status" class="hint">${msg('Copied.')}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="doctors-title">
        <h2 id="doctors-title">${msg('Doctors in the directory')}</h2>
        <p class="hint">${msg('Vouch for a doctor only after you have seen their licence in person. Patients who trust your clinic will see your name beside the doctor’s profile.')}</p>
        <div class="field">
          <label for="filter">${msg('Find a doctor by name or licence number')}</label>
          <input id="filter" type="search" data-testid="clinic-filter" .value=${this._filter} @input=${(e: Event) => (this._filter = (e.target as HTMLInputElement).value)} />
        </div>
        ${care.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`The directory could not be read: ${care.error}`)}</p>` : nothing}
        ${care.state === 'ready' && doctors.length === 0
          ? html`<p data-testid="clinic-none">${msg('No doctor’s profile matches. Profiles arrive when this device syncs, or from a file.')}</p>`
          : nothing}
        <ul class="doctors">${doctors.map((p) => this.#renderDoctor(p))}</ul>
        ${writeProgress(care.write, () => care.cancelWrite(), 'vouch')}
        ${care.write.state === 'done' ? html`<p class="notice ok" role="status" data-testid="vouch-done">${msg('Done. Other devices see it once they sync with this one.')}</p>` : nothing}
        ${care.write.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`Nothing was published: ${care.write.error}`)}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-clinic': MtClinic;
  }
}
