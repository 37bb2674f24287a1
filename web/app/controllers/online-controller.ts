// Tracks whether the browser thinks it has a network, so the shell can say "Offline" plainly.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class OnlineController implements ReactiveController {
  online = navigator.onLine;
  private readonly _host: ReactiveControllerHost;
  private readonly _onChange = (): void => {
    this.online = navigator.onLine;
    this._host.requestUpdate();
  };

  constructor(host: ReactiveControllerHost) {
    this._host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.online = navigator.onLine;
    window.addEventListener('online', this._onChange);
    window.addEventListener('offline', this._onChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this._onChange);
    window.removeEventListener('offline', this._onChange);
  }
}
