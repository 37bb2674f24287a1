// A banner at the bottom of the screen: offers a waiting new version ("Update" / "Later"), and says
// once that the app is ready to work offline. It floats over the page, so it says how tall it is:
// the shell leaves that much room under the page, or the banner would hide its last controls.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { shared } from './styles.ts';

/** Detail of the `banner-resize` event: the height the banner covers at the bottom of the viewport, in CSS px (0 when hidden). */
export interface BannerResizeDetail {
  height: number;
}

/**
 * Update and offline-ready notices.
 *
 * @fires update-accept - The user chose "Update" (no detail).
 * @fires update-later - The user chose "Later" (no detail).
 * @fires offline-ready-dismiss - The user closed the offline-ready notice (no detail).
 * @fires banner-resize - The height the banner covers changed; detail is {@link BannerResizeDetail}.
 * @csspart banner - The notice box.
 */
@customElement('mt-update-banner')
@localized()
export class MtUpdateBanner extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        position: fixed;
        inset: auto 0 0 0;
        z-index: 10;
        pointer-events: none;
      }
      /* Only while a notice shows, so that the host covers nothing (height 0) otherwise. */
      .space {
        padding: 0 0.75rem calc(0.75rem + env(safe-area-inset-bottom));
      }
      .banner {
        pointer-events: auto;
        max-width: 40rem;
        margin: 0.5rem auto 0;
        background: var(--mt-surface);
        color: var(--mt-text);
        border: 1px solid var(--mt-accent);
        border-radius: var(--mt-radius);
        box-shadow: 0 4px 18px rgb(0 0 0 / 0.18);
        padding: 0.75rem 1rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .banner p {
        margin: 0;
        flex: 1 1 16rem;
      }
    `,
  ];

  /** A new version is waiting. */
  @property({ type: Boolean, attribute: 'need-refresh' }) needRefresh = false;

  /** The app was just stored for offline use. */
  @property({ type: Boolean, attribute: 'offline-ready' }) offlineReady = false;

  private _emit(type: string): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }

  private _resizeObserver: ResizeObserver | null = null;
  private _height = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // The text wraps differently on every screen width, so the height is measured, not assumed.
    this._resizeObserver = new ResizeObserver(() => this._measure());
    this._resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resizeObserver?.disconnect();
    this._resizeObserver = null;
    if (this._height !== 0) {
      this._height = 0;
      this._emitHeight();
    }
  }

  private _measure(): void {
    const height = Math.ceil(this.getBoundingClientRect().height);
    if (height === this._height) return;
    this._height = height;
    this._emitHeight();
  }

  private _emitHeight(): void {
    this.dispatchEvent(new CustomEvent<BannerResizeDetail>('banner-resize', { detail: { height: this._height }, bubbles: true, composed: true }));
  }

  private _onUpdate(): void {
    this._emit('update-accept');
  }

  private _onLater(): void {
    this._emit('update-later');
  }

  private _onDismiss(): void {
    this._emit('offline-ready-dismiss');
  }

  override render() {
    if (!this.needRefresh && !this.offlineReady) return nothing;
    return html`<div class="space">
      ${this.needRefresh
        ? html`<div class="banner" part="banner" role="alert" data-testid="update-banner">
            <p>${msg('A new version of medtangle is ready. Update now? Your records stay on this device.')}</p>
            <div class="row">
              <button data-testid="update-accept" @click=${this._onUpdate}>${msg('Update')}</button>
              <button class="secondary" data-testid="update-later" @click=${this._onLater}>${msg('Later')}</button>
            </div>
          </div>`
        : nothing}
      ${this.offlineReady && !this.needRefresh
        ? html`<div class="banner" part="banner" role="status" data-testid="offline-ready">
            <p>${msg('medtangle is now stored on this device and works offline.')}</p>
            <button class="secondary" data-testid="offline-ready-dismiss" @click=${this._onDismiss}>${msg('OK')}</button>
          </div>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-update-banner': MtUpdateBanner;
  }
}
