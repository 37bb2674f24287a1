// In-app navigation through the URL fragment: "#/device", "#/tangle", "#/about". Only screen names go in the
// fragment, never anything secret. Unknown or empty fragments show the default screen.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class RouteController<R extends string> implements ReactiveController {
  route: R;
  private readonly _host: ReactiveControllerHost;
  private readonly _routes: readonly R[];
  private readonly _fallback: R;
  private readonly _onHashChange = (): void => {
    this.route = this._read();
    this._host.requestUpdate();
  };

  constructor(host: ReactiveControllerHost, routes: readonly R[], fallback: R) {
    this._host = host;
    this._routes = routes;
    this._fallback = fallback;
    this.route = this._read();
    host.addController(this);
  }

  hostConnected(): void {
    this.route = this._read();
    window.addEventListener('hashchange', this._onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this._onHashChange);
  }

  /** The link target for a screen. */
  href(route: R): string {
    return `#/${route}`;
  }

  private _read(): R {
    const name = location.hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] as R;
    return this._routes.includes(name) ? name : this._fallback;
  }
}
