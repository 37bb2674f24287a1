// The app shell: header, navigation between screens (URL fragment routes), the current screen, and
// the update banner. Screens are separate elements; the shell only chooses which one to show: the
// welcome (or the flow to make an identity) while locked, the role's own screens once unlocked,
// Sync, and Advanced (the Tangle and the Device check) and About for everyone. Only screen names go in
// the URL, never anything about the identity.
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { deleteEverything, noteDeleteIncomplete, takeDeleteIncomplete } from './controllers/data-safety.ts';
import { IdentityController } from './controllers/identity-controller.ts';
import { closeAppTangleClient } from './controllers/tangle-controller.ts';
import { OnlineController } from './controllers/online-controller.ts';
import { PwaController } from './controllers/pwa-controller.ts';
import { RouteController } from './controllers/route-controller.ts';
import './mt-about.ts';
import './mt-advanced.ts';
import './mt-clinic.ts';
import './mt-consents.ts';
import './mt-doctor-profile.ts';
import './mt-find-doctor.ts';
import './mt-device-check.ts';
import './mt-inbox.ts';
import './mt-language-picker.ts';
import './mt-my-record.ts';
import './mt-open-link.ts';
import './mt-share-link.ts';
import './mt-shared.ts';
import './mt-onboarding.ts';
import './mt-settings.ts';
import './mt-simulation.ts';
import './mt-sync.ts';
import './mt-tangle-explorer.ts';
import './mt-welcome.ts';
import './mt-update-banner.ts';
import { shared, tokens } from './styles.ts';
import type { Role } from '../core/identity/index.ts';

const ROUTES = ['home', 'record', 'doctors', 'consents', 'share', 'inbox', 'shared', 'profile', 'clinic', 'link', 'sync', 'settings', 'advanced', 'device', 'tangle', 'simulation', 'about'] as const;
/** The screens each role has, its own first; a locked app shows none of them. */
const ROLE_ROUTES: Readonly<Record<Role, readonly Route[]>> = Object.freeze({
  patient: ['record', 'doctors', 'consents', 'share'],
  doctor: ['inbox', 'shared', 'profile'],
  clinic: ['clinic'],
});
type Route = (typeof ROUTES)[number];
/** Screens reached from another screen, not from the navigation. */
const NOT_IN_NAV: readonly Route[] = ['share'];

/** Whether any field under `root` (shadow roots included) holds typed text. */
function _typedText(root: Node): boolean {
  const walk = (node: ParentNode): boolean => {
    for (const el of node.querySelectorAll('*')) {
      // A field still showing the app's own example (marked data-example by its form) holds
      // nothing of the user's.
      const field = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && /^(text|password|search|email|tel|url)$/.test(el.type));
      if (field && el.value.trim() !== '' && !el.disabled && !el.hasAttribute('data-example')) {
        return true;
      }
      if (el.shadowRoot && walk(el.shadowRoot)) return true;
    }
    return false;
  };
  return walk(root as ParentNode);
}

/** Each screen's title, for the page title and the navigation. */
function _title(route: Route): string {
  switch (route) {
    case 'home':
      return msg('Home');
    case 'record':
      return msg('My record');
    case 'consents':
      return msg('Who can see my records');
    case 'share':
      return msg('Share with a link');
    case 'shared':
      return msg('Shared with you');
    case 'link':
      return msg('Open a shared link');
    case 'simulation':
      return msg('Simulation');
    case 'doctors':
      return msg('Find a doctor');
    case 'inbox':
      return msg('Inbox');
    case 'profile':
      return msg('My public profile');
    case 'clinic':
      return msg('Doctors we vouch for');
    case 'sync':
      return msg('Sync');
    case 'settings':
      return msg('Settings');
    case 'advanced':
      return msg('Advanced');
    case 'device':
      return msg('Device check');
    case 'tangle':
      return msg('Tangle');
    case 'about':
      return msg('About');
  }
}

// The app's mark: a small Tangle (same drawing as the icons, see scripts/make-icons.mjs).
const MARK = svg`
  <rect width="100" height="100" rx="22" fill="#0f5e59"/>
  <g stroke="#fff" stroke-width="4.5" stroke-linecap="round">
    <path d="M42 30 22 50M42 70 22 50M62 48 42 30M62 48 42 70M80 30 62 48M80 30 42 30M80 68 62 48M80 68 42 70"/>
  </g>
  <g fill="#fff"><circle cx="22" cy="50" r="7"/><circle cx="42" cy="30" r="7"/><circle cx="42" cy="70" r="7"/><circle cx="62" cy="48" r="7"/></g>
  <g fill="#ffd166"><circle cx="80" cy="30" r="7"/><circle cx="80" cy="68" r="7"/></g>
`;

/**
 * The application shell.
 *
 * @csspart header - The top bar with the name and the navigation.
 * @csspart main - The area that holds the current screen.
 */
@customElement('mt-app')
// Below @customElement, so it applies first: an element already in the page is upgraded by the
// define() call, and must get the locale controller then (legacy decorators apply bottom-up).
@localized()
export class MtApp extends LitElement {
  static override styles = [
    tokens,
    shared,
    css`
      :host {
        min-height: 100vh;
        background: var(--mt-bg);
      }
      header {
        background: var(--mt-surface);
        border-bottom: 1px solid var(--mt-border);
        padding: calc(0.5rem + env(safe-area-inset-top)) 1rem 0.5rem;
      }
      .bar {
        max-width: 48rem;
        margin: 0 auto;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1.5rem;
      }
      /* The name may break inside the word rather than push the page past a 320 px screen at 200%
         text (WCAG 1.4.10). */
      .brand {
        display: flex;
        align-items: center;
        min-width: 0;
        overflow-wrap: anywhere;
        gap: 0.5rem;
        font-weight: 700;
        font-size: 1.15rem;
        color: var(--mt-text);
        text-decoration: none;
      }
      .brand svg {
        flex: none;
        width: 2rem;
        height: 2rem;
      }
      nav ul {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0;
        padding: 0;
      }
      .who {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin-left: auto;
      }
      .who button {
        min-height: 2.25rem;
        padding: 0.25rem 0.8rem;
      }
      nav a {
        display: inline-block;
        padding: 0.5rem 0.75rem;
        border-radius: 8px;
        color: var(--mt-accent);
        text-decoration: none;
        font-weight: 600;
      }
      nav a[aria-current='page'] {
        background: var(--mt-accent);
        color: var(--mt-accent-text);
      }
      .offline {
        margin-left: auto;
        font-size: 0.85rem;
        padding: 0.2rem 0.6rem;
        border-radius: 999px;
        background: var(--mt-warn-bg);
      }
      /* The language switch sits at the end of the bar, after the offline badge when it shows. */
      .language {
        margin-left: auto;
      }
      .who + .language,
      .offline + .language {
        margin-left: 0;
      }
      /* The update and offline notices sit in the page's flow, above the screen: they never cover
         a control (a floating banner hid the controls it passed over while the page scrolled). */
      mt-update-banner {
        position: static;
        pointer-events: auto;
      }
      .waits {
        max-width: 40rem;
        margin: 0.5rem auto 0;
      }
      main {
        max-width: 48rem;
        margin: 0 auto;
        padding: 1.25rem 1rem 2rem;
      }
      @media (max-width: 30rem) {
        main {
          padding: 1rem 0.6rem 2rem;
        }
      }
    `,
  ];

  private readonly _router = new RouteController<Route>(this, ROUTES, 'home');
  private readonly _pwa = new PwaController(this);
  private readonly _online = new OnlineController(this);
  private readonly _identity = new IdentityController(this);

  /** The user chose Update while a field held typed text: the update waits. */
  @state() private _updateWaits = false;
  /** The last "delete everything" left data that another tab held open. */
  @state() private _deleteIncomplete = takeDeleteIncomplete();

  private readonly _deleteRest = async (): Promise<void> => {
    this._identity.client.lock('user');
    closeAppTangleClient();
    const { kept } = await deleteEverything();
    if (kept.length > 0) noteDeleteIncomplete();
    location.reload();
  };
  /** While locked, the home screen shows the welcome, or the flow to make or restore an identity. */
  @state() private _flow: 'welcome' | 'new' | 'restore' = 'welcome';
  #lastRoute: Route | null = null;

  /** The screen actually shown: the role's own screen for home once unlocked, home for its screens when locked. */
  private _shown(): Route {
    const route = this._router.route;
    const info = this._identity.info;
    const roleRoutes = Object.values(ROLE_ROUTES).flat();
    if (!info && (roleRoutes.includes(route) || route === 'settings')) return 'home';
    // Another role's screen is not this identity's: its own first screen instead.
    if (info && (route === 'home' || (roleRoutes.includes(route) && !ROLE_ROUTES[info.role].includes(route)))) return ROLE_ROUTES[info.role][0];
    return route;
  }

  override async updated(): Promise<void> {
    const shown = this._shown();
    document.title = `${_title(shown)} · medtangle`;
    if (shown !== this.#lastRoute) {
      const first = this.#lastRoute === null;
      this.#lastRoute = shown;
      // On navigation, focus goes to the new screen's heading, so a screen reader starts there.
      if (!first) await this._focusHeading();
    }
  }

  private async _focusHeading(): Promise<void> {
    const screen = this.renderRoot.querySelector('main')?.firstElementChild as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
    await screen?.updateComplete;
    (screen?.shadowRoot?.querySelector('h1') as HTMLElement | null)?.focus();
  }

  /**
   * Updating reloads the page, which would lose what the user typed: the update waits while any
   * field of the page holds typed text, and says so.
   */
  private _onUpdate = (): void => {
    if (_typedText(this.renderRoot)) {
      this._updateWaits = true;
      return;
    }
    this._updateWaits = false;
    this._pwa.update();
  };

  private _lock(): void {
    this._identity.client.lock('user');
    this._flow = 'welcome';
    location.hash = this._router.href('home');
  }

  private _renderScreen(route: Route) {
    switch (route) {
      case 'about':
        return html`<mt-about></mt-about>`;
      case 'advanced':
        return html`<mt-advanced></mt-advanced>`;
      case 'tangle':
        return html`<mt-tangle-explorer></mt-tangle-explorer>`;
      case 'device':
        return html`<mt-device-check></mt-device-check>`;
      case 'record':
        return html`<mt-my-record></mt-my-record>`;
      case 'consents':
        return html`<mt-consents></mt-consents>`;
      case 'share':
        return html`<mt-share-link></mt-share-link>`;
      case 'shared':
        return html`<mt-shared></mt-shared>`;
      case 'link':
        return html`<mt-open-link></mt-open-link>`;
      case 'simulation':
        return html`<mt-simulation></mt-simulation>`;
      case 'inbox':
        return html`<mt-inbox></mt-inbox>`;
      case 'doctors':
        return html`<mt-find-doctor></mt-find-doctor>`;
      case 'profile':
        return html`<mt-doctor-profile></mt-doctor-profile>`;
      case 'clinic':
        return html`<mt-clinic></mt-clinic>`;
      case 'settings':
        return html`<mt-settings></mt-settings>`;
      case 'sync':
        return html`<mt-sync></mt-sync>`;
      case 'home':
      default:
        if (this._flow !== 'welcome') {
          return html`<mt-onboarding
            mode=${this._flow}
            @onboarding-done=${() => (this._flow = 'welcome')}
            @onboarding-cancel=${() => (this._flow = 'welcome')}
          ></mt-onboarding>`;
        }
        return html`<mt-welcome
          .lockReason=${this._identity.lockReason}
          @welcome-new=${() => (this._flow = 'new')}
          @welcome-restore=${() => (this._flow = 'restore')}
        ></mt-welcome>`;
    }
  }

  override render() {
    const shown = this._shown();
    const info = this._identity.info;
    // Sync is in the main navigation, locked or not: a clinic worker syncs whenever two devices
    // meet, an everyday task (it needs no identity: it moves the Tangle's signed txs, no key).
    const items: Route[] = info ? [...ROLE_ROUTES[info.role].filter((r) => !NOT_IN_NAV.includes(r)), 'sync', 'settings', 'advanced', 'about'] : ['home', 'link', 'sync', 'advanced', 'about'];
    const current = (r: Route) => r === shown || (r === 'advanced' && (shown === 'device' || shown === 'tangle' || shown === 'simulation')) || (r === 'consents' && shown === 'share');
    return html`
      <header part="header">
        <div class="bar">
          <a class="brand" href=${this._router.href('home')} aria-label=${msg('medtangle, home')}>
            <svg viewBox="0 0 100 100" aria-hidden="true">${MARK}</svg>
            medtangle
          </a>
          <nav aria-label=${msg('Main')}>
            <ul>
              ${items.map(
                (r) => html`<li>
                  <a href=${this._router.href(r)} data-testid=${`nav-${r}`} aria-current=${current(r) ? 'page' : 'false'}>${_title(r)}</a>
                </li>`,
              )}
            </ul>
          </nav>
          ${info
            ? html`<div class="who">
                <span data-testid="who"
                  >${info.role === 'doctor' ? msg(str`${info.label} (doctor)`) : info.role === 'clinic' ? msg(str`${info.label} (clinic)`) : msg(str`${info.label} (patient)`)}</span
                >
                <button type="button" class="secondary" data-testid="lock" @click=${this._lock}>${msg('Lock')}</button>
              </div>`
            : nothing}
          ${this._online.online ? nothing : html`<span class="offline" role="status" data-testid="offline-badge">${msg('Offline')}</span>`}
          <mt-language-picker class="language"></mt-language-picker>
        </div>
      </header>
      <mt-update-banner
        ?need-refresh=${this._pwa.state.needRefresh}
        ?offline-ready=${this._pwa.state.offlineReady}
        @update-accept=${this._onUpdate}
        @update-later=${() => {
          this._updateWaits = false;
          this._pwa.later();
        }}
        @offline-ready-dismiss=${() => this._pwa.dismissOfflineReady()}
      ></mt-update-banner>
      ${this._updateWaits && this._pwa.state.needRefresh
        ? html`<p class="notice warn waits" role="alert" data-testid="update-waits">
            ${msg('The update waits: you have typed something that is not saved yet. Save it or clear it, then choose Update again.')}
          </p>`
        : nothing}
      ${this._deleteIncomplete
        ? html`<div class="notice warn waits" role="alert" data-testid="delete-incomplete">
            <p>${msg('Not everything could be deleted: medtangle was open in another tab or window, which kept its data. Close it there, then delete the rest.')}</p>
            <div class="row">
              <button type="button" data-testid="delete-rest" @click=${this._deleteRest}>${msg('Delete the rest')}</button>
              <button type="button" class="secondary" @click=${() => (this._deleteIncomplete = false)}>${msg('Close this message')}</button>
            </div>
          </div>`
        : nothing}
      <main part="main">${this._renderScreen(shown)}</main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-app': MtApp;
  }
}
