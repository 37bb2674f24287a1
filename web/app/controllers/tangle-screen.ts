// What every screen that reads the user's records from the replica and writes to it does the same
// way: load when shown, and again when txs are stored (an import, a sync, another screen's write); a
// load asked for while one runs runs once more after it, so no arrival is missed; a write (seal and
// sign in the identity worker, PoW in the tangle worker) with its progress and cancel; leaving the
// screen stops the proof of work. The records, care and consent controllers extend it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IdentityClient } from '../../workers/index.ts';
import { appIdentity } from './identity-controller.ts';
import { appTangleClient } from './tangle-controller.ts';
import { loadNetwork } from './network-settings.ts';
import { writeToTangle } from './write-job.ts';
import type { RecordsTangle, WriteView } from './records-controller.ts';

const _IDLE: WriteView = Object.freeze({ state: 'idle', txDone: 0, txTotal: 0, etaSeconds: null, error: '' });

/** The base of a screen's controller over the replica. Subclasses add their state, `loadData`, and call `host.addController(this)` last in their constructor. */
export abstract class TangleScreenController implements ReactiveController {
  state: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  error = '';
  write: WriteView = { ..._IDLE };

  protected readonly host: ReactiveControllerHost;
  protected readonly identity: () => IdentityClient;
  protected readonly tangle: () => RecordsTangle;
  #abort: AbortController | null = null;
  /** The tangle client listened to for `stored`, while the screen is shown. */
  #listening: RecordsTangle | null = null;
  /** A load asked for while one runs: it runs again once that one ends. */
  #again = false;
  readonly #onStored = (): void => {
    // A write of this screen's own loads again when it ends.
    if (this.write.state !== 'running') void this.load();
  };

  constructor(host: ReactiveControllerHost, options: { identity?: IdentityClient; tangle?: RecordsTangle }) {
    this.host = host;
    this.identity = () => options.identity ?? appIdentity();
    this.tangle = () => options.tangle ?? (appTangleClient(loadNetwork()) as unknown as RecordsTangle);
  }

  hostConnected(): void {
    void this.load();
    try {
      const tangle = this.tangle();
      tangle.addEventListener?.('stored', this.#onStored);
      this.#listening = tangle;
    } catch {
      // No tangle yet (no network chosen): load() reports it.
    }
  }

  hostDisconnected(): void {
    // Leaving the screen stops the proof of work (it uses every core): nothing runs unseen.
    this.#abort?.abort();
    this.#listening?.removeEventListener?.('stored', this.#onStored);
    this.#listening = null;
  }

  /** What one load reads into the subclass's state. */
  protected abstract loadData(identity: IdentityClient, tangle: RecordsTangle): Promise<void>;

  /** Loads the screen's data; the outcome is in `state` and `error`. */
  async load(): Promise<void> {
    if (this.state === 'loading') {
      this.#again = true;
      return;
    }
    this.#again = false;
    this.state = 'loading';
    this.host.requestUpdate();
    try {
      await this.loadData(this.identity(), this.tangle());
      this.state = 'ready';
      this.error = '';
    } catch (e) {
      this.state = 'failed';
      this.error = (e as Error)?.message ?? String(e);
    } finally {
      this.host.requestUpdate();
    }
    if (this.#again) await this.load();
  }

  /** Stops the proof of work of what is being written; nothing of it is stored. */
  cancelWrite(): void {
    this.#abort?.abort();
  }

  /** Forgets the last write's outcome (a new form starts clean). */
  resetWrite(): void {
    if (this.write.state !== 'running') this.write = { ..._IDLE };
    this.host.requestUpdate();
  }

  /** Signs (in the identity worker) and attaches the bundles `sign` gives, one write at a time; true once stored. `reload: false` skips the load after. */
  protected async runWrite(sign: (identity: IdentityClient) => Promise<Uint8Array[][]>, options: { reload?: boolean } = {}): Promise<boolean> {
    if (this.write.state === 'running') return false;
    const abort = (this.#abort = new AbortController());
    try {
      return await writeToTangle({
        view: { get: () => this.write, set: (w) => ((this.write = w), this.host.requestUpdate()) },
        abort,
        sign: () => sign(this.identity()),
        tangle: () => this.tangle(),
        after: () => (options.reload === false ? Promise.resolve() : this.load()),
      });
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.host.requestUpdate();
    }
  }
}
