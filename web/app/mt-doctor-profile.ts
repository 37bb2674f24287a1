// A doctor's public profile (issue 9, "Doctor profiles and the directory"): what patients will see,
// publishing it (a signed public record under the directory's tag), publishing it again after a
// change, withdrawing it, and which clinics vouch for it. Profiles are public on purpose, and the
// screen says so before anything is published.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DIRECTORY_TAG, profileRecord, withdrawalRecord, type DirectoryProfile } from '../core/directory/index.ts';
import { CareController } from './controllers/care-controller.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import { specialtyName } from './care-text.ts';
import { formatTime } from './format.ts';
import { writeProgress } from './write-progress.ts';
import { shared } from './styles.ts';

/**
 * The doctor's profile screen.
 */
@customElement('mt-doctor-profile')
@localized()
export class MtDoctorProfile extends LitElement {
  static override styles = [
    shared,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.35rem 1rem;
        margin: 0 0 1rem;
      }
      /* On a narrow screen (or large text) each answer goes under its label (WCAG 1.4.10). */
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: minmax(0, 1fr);
          gap: 0 0;
        }
        dd {
          margin-bottom: 0.5rem;
        }
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  readonly #identity = new IdentityController(this);
  readonly #care = new CareController(this, { publicTag: DIRECTORY_TAG });
  /** Which write ran last, so its outcome is worded for it. */
  @state() private _last: 'publish' | 'withdraw' | null = null;
  @state() private _confirmWithdraw = false;

  /** The doctor's newest published profile in this replica, or null. */
  #published(): DirectoryProfile | null {
    const me = this.#identity.info?.signingKey;
    if (!me) return null;
    return this.#care.directory.profiles.find((p) => p.signingKey === me) ?? null;
  }

  /** Whether the published profile says what the identity's profile says now. */
  #current(p: DirectoryProfile): boolean {
    const me = this.#identity.info!.profile;
    return (
      p.familyName === me.familyName &&
      p.givenName === me.givenName &&
      p.licence === (me.licence ?? '') &&
      p.clinic === (me.clinic ?? '') &&
      (p.specialty.code ?? '') === (me.specialtyCode ?? '') &&
      (me.specialtyCode ? true : (p.specialty.text ?? '') === (me.specialty ?? ''))
    );
  }

  async #publish(): Promise<void> {
    const info = this.#identity.info;
    if (!info) return;
    const p = info.profile;
    this._last = 'publish';
    const record = profileRecord({
      signingKey: info.signingKey,
      agreementKey: info.agreementKey,
      familyName: p.familyName,
      givenName: p.givenName,
      licence: p.licence ?? '',
      specialtyCode: p.specialtyCode,
      specialtyText: p.specialtyCode ? undefined : p.specialty,
      clinic: p.clinic ?? '',
      issuedAt: Date.now(),
    });
    await this.#care.publish(record.payload);
  }

  async #withdraw(): Promise<void> {
    const info = this.#identity.info;
    if (!info) return;
    this._last = 'withdraw';
    this._confirmWithdraw = false;
    await this.#care.publish(withdrawalRecord({ signingKey: info.signingKey, issuedAt: Date.now() }).payload);
  }

  override render() {
    const info = this.#identity.info;
    const care = this.#care;
    if (!info) return nothing;
    const p = info.profile;
    const published = care.state === 'ready' || care.publicBundles.length > 0 ? this.#published() : null;
    const running = care.write.state === 'running';
    return html`
      <h1 tabindex="-1">${msg('My public profile')}</h1>
      <section class="card" aria-labelledby="profile-what">
        <h2 id="profile-what">${msg('What patients see')}</h2>
        <p class="hint">
          ${msg('Your profile is public on purpose: anyone who has the app can see your name, specialty, clinic and licence number, so patients can find you. Nothing else about you is published.')}
        </p>
        <dl data-testid="profile-preview">
          <dt>${msg('Name')}</dt>
          <dd>${p.givenName} ${p.familyName}</dd>
          <dt>${msg('Specialty')}</dt>
          <dd>${specialtyName({ code: p.specialtyCode, text: p.specialtyCode ? undefined : p.specialty })}</dd>
          <dt>${msg('Clinic')}</dt>
          <dd>${p.clinic ?? ''}</dd>
          <dt>${msg('Licence number')}</dt>
          <dd>${p.licence ?? ''}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="profile-state">
        <h2 id="profile-state">${msg('Your profile in the directory')}</h2>
        ${care.state === 'loading' && care.publicBundles.length === 0 ? html`<p role="status">${msg('Looking for your profile…')}</p>` : nothing}
        ${care.state === 'failed' ? html`<p class="notice error" role="alert">${msg(str`The directory could not be read: ${care.error}`)}</p>` : nothing}
        ${published
          ? html`<p data-testid="profile-status" data-status=${published.confirmed ? 'confirmed' : 'pending'}>
                ${published.confirmed
                  ? msg(str`Published on ${formatTime(published.issuedAt)}, and confirmed.`)
                  : msg(str`Published on ${formatTime(published.issuedAt)}, waiting for confirmation.`)}
              </p>
              ${this.#current(published) ? nothing : html`<p class="notice warn" data-testid="profile-outdated">${msg('Your details have changed since then. Publish again so patients see them.')}</p>`}
              ${published.attestations.length > 0
                ? html`<p data-testid="profile-attested">${msg(str`Vouched for by: ${published.attestations.map((a) => a.clinicName).join(', ')}.`)}</p>`
                : html`<p class="hint" data-testid="profile-unattested">
                    ${msg('No clinic has vouched for your profile yet. Show your licence at a clinic that uses medtangle: once it vouches for you, patients who trust that clinic see it.')}
                  </p>`}`
          : care.state === 'ready'
            ? html`<p data-testid="profile-status" data-status="none">${msg('Not published. Patients cannot find you until you publish your profile.')}</p>`
            : nothing}
        <div class="row">
          <button type="button" data-testid="profile-publish" ?disabled=${running} @click=${this.#publish}>
            ${published ? msg('Publish again') : msg('Publish my profile')}
          </button>
          ${published
            ? html`<button type="button" class="secondary" data-testid="profile-withdraw" ?disabled=${running} @click=${() => (this._confirmWithdraw = true)}>
                ${msg('Withdraw my profile')}
              </button>`
            : nothing}
        </div>
        ${this._confirmWithdraw
          ? html`<div class="notice warn" role="alert" data-testid="withdraw-confirm">
              <p>
                ${msg('Patients will no longer find you in the directory. Conversations you already have go on. Copies of your old profile may stay on devices that do not sync again.')}
              </p>
              <div class="row">
                <button type="button" data-testid="withdraw-yes" @click=${this.#withdraw}>${msg('Withdraw it')}</button>
                <button type="button" class="secondary" @click=${() => (this._confirmWithdraw = false)}>${msg('Keep it')}</button>
              </div>
            </div>`
          : nothing}
        ${writeProgress(care.write, () => care.cancelWrite(), 'profile')}
        ${care.write.state === 'done'
          ? html`<p class="notice ok" role="status" data-testid="profile-done">
              ${this._last === 'withdraw' ? msg('Your profile is withdrawn.') : msg('Your profile is published. Other devices see it once they sync with this one.')}
            </p>`
          : nothing}
        ${care.write.state === 'cancelled' ? html`<p class="notice warn" role="status">${msg('Stopped: nothing was published.')}</p>` : nothing}
        ${care.write.state === 'failed' ? html`<p class="notice error" role="alert" data-testid="profile-failed">${msg(str`Nothing was published: ${care.write.error}`)}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-doctor-profile': MtDoctorProfile;
  }
}
