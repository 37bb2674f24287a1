// A stand-in for a Lit element as a controller's host: it records the controllers added and counts
// the updates asked for, so controller tests run without rendering anything.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The host of a controller under test. Used by the controller and screen tests in test/app. */
export class Host implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
