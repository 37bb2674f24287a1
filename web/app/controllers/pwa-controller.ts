// Connects a host to the service worker's state (web/app/pwa.ts): re-renders the host when a new
// version waits or the app became ready offline, and forwards the user's choices.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  applyUpdate,
  dismissOfflineReady,
  postponeUpdate,
  pwaState,
  subscribePwa,
  type PwaState,
} from '../pwa.ts';

export class PwaController implements ReactiveController {
  state: PwaState = pwaState();
  private readonly _host: ReactiveControllerHost;
  private _unsubscribe: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    this._host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.state = pwaState();
    this._unsubscribe = subscribePwa((s) => {
      this.state = s;
      this._host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this._unsubscribe?.();
    this._unsubscribe = null;
  }

  update(): void {
    void applyUpdate();
  }

  later(): void {
    postponeUpdate();
  }

  dismissOfflineReady(): void {
    dismissOfflineReady();
  }
}
