// The app's identity: one identity client for the whole app (web/workers IdentityClient), and a
// controller that re-renders its host when the identity locks or unlocks. The client owns the
// identity worker, the only place keys live; this file holds no key, only public information.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { IdentityClient, type LockReason } from '../../workers/index.ts';
import type { IdentityInfo } from '../../identity/index.ts';

let _client: IdentityClient | null = null;

/** The app's one identity client, made on first use. */
export function appIdentity(): IdentityClient {
  return (_client ??= new IdentityClient());
}

/**
 * Counts the user's input as activity for the inactivity lock. Called once by the app's entry
 * point; every key press, click and touch anywhere on the page resets the count.
 */
export function watchActivity(client: IdentityClient = appIdentity()): void {
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel'] as const) {
    document.addEventListener(type, () => client.activity(), { capture: true, passive: true });
  }
}

/** Re-renders its host on lock and unlock. Used by the shell and every screen that needs the identity. */
export class IdentityController implements ReactiveController {
  readonly client: IdentityClient;
  readonly #host: ReactiveControllerHost;
  readonly #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost, client: IdentityClient = appIdentity()) {
    this.#host = host;
    this.client = client;
    host.addController(this);
  }

  /** The unlocked identity's public information, or null. */
  get info(): IdentityInfo | null {
    return this.client.info;
  }

  /** Why the identity was last locked. */
  get lockReason(): LockReason | null {
    return this.client.lockReason;
  }

  hostConnected(): void {
    this.client.addEventListener('change', this.#onChange);
  }

  hostDisconnected(): void {
    this.client.removeEventListener('change', this.#onChange);
  }
}
