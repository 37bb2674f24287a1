// The app shell: header, navigation between screens (URL fragment routes), the current screen, and
// the update banner. Screens are separate elements; the shell only chooses which one to show.
import { LitElement, css, html, svg } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { OnlineController } from './controllers/online-controller.ts';
import { PwaController } from './controllers/pwa-controller.ts';
import { RouteController } from './controllers/route-controller.ts';
import './mt-about.ts';
import './mt-device-check.ts';
import './mt-language-picker.ts';
import './mt-tangle-explorer.ts';
import type { BannerResizeDetail } from './mt-update-banner.ts';
import './mt-update-banner.ts';
import { shared, tokens } from './styles.ts';

const ROUTES = ['device', 'tangle', 'about'] as const;
type Route = (typeof ROUTES)[number];

/** Each screen's name, in the nav and the page title, in the language shown. */
function _title(route: Route): string {
  switch (route) {
    case 'tangle':
      return msg('Tangle');
    case 'about':
      return msg('About');
    case 'device':
    default:
      return msg('Device check');
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
      .brand {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-weight: 700;
        font-size: 1.15rem;
        color: var(--mt-text);
        text-decoration: none;
      }
      .brand svg {
        width: 2rem;
        height: 2rem;
      }
      nav ul {
        list-style: none;
        display: flex;
        gap: 0.25rem;
        margin: 0;
        padding: 0;
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
      .offline + .language {
        margin-left: 0;
      }
      /* The update banner floats over the bottom of the page: the page ends with as much room as the
         banner covers while it shows (--mt-banner-space, measured), so nothing stays hidden under it. */
      main {
        max-width: 48rem;
        margin: 0 auto;
        padding: 1.25rem 1rem calc(2rem + var(--mt-banner-space, 0px));
      }
      @media (max-width: 30rem) {
        main {
          padding: 1rem 0.6rem calc(2rem + var(--mt-banner-space, 0px));
        }
      }
    `,
  ];

  private readonly _router = new RouteController<Route>(this, ROUTES, 'device');
  private readonly _pwa = new PwaController(this);
  private readonly _online = new OnlineController(this);

  /** The height the update banner covers at the bottom of the viewport (0 when hidden). */
  @state() private _bannerSpace = 0;

  private _onBannerResize(e: CustomEvent<BannerResizeDetail>): void {
    this._bannerSpace = e.detail.height;
    // Scrolling to a focused control (Tab) also keeps it clear of the banner.
    document.documentElement.style.scrollPaddingBottom = this._bannerSpace > 0 ? `${this._bannerSpace}px` : '';
  }

  override updated(): void {
    document.title = `${_title(this._router.route)} · medtangle`;
  }

  private _renderScreen(route: Route) {
    switch (route) {
      case 'about':
        return html`<mt-about></mt-about>`;
      case 'tangle':
        return html`<mt-tangle-explorer></mt-tangle-explorer>`;
      case 'device':
      default:
        return html`<mt-device-check></mt-device-check>`;
    }
  }

  override render() {
    const route = this._router.route;
    return html`
      <header part="header">
        <div class="bar">
          <a class="brand" href=${this._router.href('device')} aria-label=${msg('medtangle, home')}>
            <svg viewBox="0 0 100 100" aria-hidden="true">${MARK}</svg>
            medtangle
          </a>
          <nav aria-label=${msg('Main')}>
            <ul>
              ${ROUTES.map(
                (r) => html`<li>
                  <a
                    href=${this._router.href(r)}
                    data-testid=${`nav-${r}`}
                    aria-current=${r === route ? 'page' : 'false'}
                    >${_title(r)}</a
                  >
                </li>`,
              )}
            </ul>
          </nav>
          ${this._online.online
            ? null
            : html`<span class="offline" role="status" data-testid="offline-badge">${msg('Offline')}</span>`}
          <mt-language-picker class="language"></mt-language-picker>
        </div>
      </header>
      <main part="main" style=${`--mt-banner-space: ${this._bannerSpace}px`}>${this._renderScreen(route)}</main>
      <mt-update-banner
        ?need-refresh=${this._pwa.state.needRefresh}
        ?offline-ready=${this._pwa.state.offlineReady}
        @update-accept=${() => this._pwa.update()}
        @update-later=${() => this._pwa.later()}
        @offline-ready-dismiss=${() => this._pwa.dismissOfflineReady()}
        @banner-resize=${this._onBannerResize}
      ></mt-update-banner>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-app': MtApp;
  }
}
