// Keyboard and focus for a long job (a proof of work): when it starts, focus goes to its Cancel
// button, so Enter or Space stops it at once; when it ends, focus goes back to where the user
// started it; and Escape, anywhere in the host, cancels it. Used by every form that runs one (the
// test bundle, the Device check's search, a note on My record).
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the controller needs to know of its host. */
export interface LongJobFocusOptions {
  /** Whether the job runs now (read after each update). */
  running(): boolean;
  /** Stops the job (Escape). */
  cancel(): void;
  /** The Cancel button, inside the host's shadow root. */
  cancelSelector: string;
  /** Where focus goes back to when the job ends (the field or button that started it). */
  returnSelector: string;
}

/** Moves focus to Cancel while a job runs and back after; Escape cancels. */
export class LongJobFocus implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #o: LongJobFocusOptions;
  #was = false;
  readonly #onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.#o.running()) {
      e.preventDefault();
      this.#o.cancel();
    }
  };

  constructor(host: ReactiveControllerHost & HTMLElement, options: LongJobFocusOptions) {
    this.#host = host;
    this.#o = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('keydown', this.#onKey);
    this.#was = this.#o.running();
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('keydown', this.#onKey);
  }

  hostUpdated(): void {
    const now = this.#o.running();
    if (now === this.#was) return;
    this.#was = now;
    const root = this.#host.shadowRoot;
    // Only when focus is in this element (or nowhere): never pull it away from where the user went.
    const active = root?.activeElement ?? null;
    const ours = active !== null || document.activeElement === document.body || document.activeElement === this.#host;
    if (!ours) return;
    const target = root?.querySelector<HTMLElement>(now ? this.#o.cancelSelector : this.#o.returnSelector);
    // After the render that enabled it: a disabled button cannot take focus.
    queueMicrotask(() => target?.focus());
  }
}
