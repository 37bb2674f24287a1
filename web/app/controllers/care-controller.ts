// The care screens' I/O (docs/pairs.md, issue 9): public profiles and attestations in the replica
// (kind 2 bundles under the directory's public tag), a doctor's inbox, and writing a request, an
// answer or a public record with the proof of work's progress. Keys stay in the identity worker:
// this controller passes bytes between it and the tangle worker and keeps what the screen shows.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FoundBundle, InboxRequest, TrustedClinic } from '../../identity/index.ts';
import type { IdentityClient } from '../../workers/index.ts';
import { TX_KINDS } from '../../core/tx/index.ts';
import { readDirectory, type Directory, type DirectoryProfile } from '../../core/directory/index.ts';
import { appIdentity } from './identity-controller.ts';
import { appTangleClient } from './tangle-controller.ts';
import { loadNetwork } from './network-settings.ts';
import { writeToTangle } from './write-job.ts';
import { sealedBundles, foundBundle, type RecordsTangle, type WriteView } from './records-controller.ts';

/** The directory as read from one load's public bundles, with its profiles by agreement key. */
interface _Read {
  from: FoundBundle[];
  directory: Directory;
  byAgreementKey: Map<string, DirectoryProfile>;
}

const _IDLE: WriteView = { state: 'idle', txDone: 0, txTotal: 0, etaSeconds: null, error: '' };

/** Loads and writes what the care screens show. Used by the directory, profile, clinic and inbox screens. */
export class CareController implements ReactiveController {
  state: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  error = '';
  /** The public bundles (profiles, withdrawals, attestations) found under the directory's tag. */
  publicBundles: FoundBundle[] = [];
  /** A doctor's requests, newest first, and how many bundles under the inbox tags did not open. */
  inbox: InboxRequest[] = [];
  inboxUnreadable = 0;
  trusted: TrustedClinic[] = [];
  write: WriteView = { ..._IDLE };
  /** The directory read from publicBundles, kept until they change (reading 10^4 profiles took 244 ms in the bench). */
  #directory: _Read | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #identity: () => IdentityClient;
  readonly #tangle: () => RecordsTangle;
  readonly #publicTag: Uint8Array;
  readonly #loadInbox: boolean;
  #abort: AbortController | null = null;
  #listening: RecordsTangle | null = null;
  #again = false;
  readonly #onStored = (): void => {
    if (this.write.state !== 'running') void this.load();
  };

  constructor(
    host: ReactiveControllerHost,
    options: { publicTag: Uint8Array; inbox?: boolean; identity?: IdentityClient; tangle?: RecordsTangle },
  ) {
    this.#host = host;
    this.#publicTag = options.publicTag;
    this.#loadInbox = options.inbox ?? false;
    this.#identity = () => options.identity ?? appIdentity();
    this.#tangle = () => options.tangle ?? (appTangleClient(loadNetwork()) as unknown as RecordsTangle);
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
    try {
      const tangle = this.#tangle();
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

  /** Finds the public records, the trusted clinics and (for a doctor) the inbox. */
  async load(): Promise<void> {
    if (this.state === 'loading') {
      this.#again = true;
      return;
    }
    this.#again = false;
    this.state = 'loading';
    this.#host.requestUpdate();
    try {
      const identity = this.#identity();
      const tangle = this.#tangle();
      this.publicBundles = (await tangle.findTagged([this.#publicTag])).map(foundBundle);
      this.trusted = await identity.trustedClinics();
      if (this.#loadInbox) {
        const tags = await identity.inboxTags();
        const opened = await identity.openInbox((await tangle.findTagged(tags)).map(foundBundle));
        this.inbox = opened.requests;
        this.inboxUnreadable = opened.unreadable;
      }
      this.state = 'ready';
      this.error = '';
    } catch (e) {
      this.state = 'failed';
      this.error = (e as Error)?.message ?? String(e);
    } finally {
      this.#host.requestUpdate();
    }
    if (this.#again) await this.load();
  }

  /** The directory of the public records found: profiles (newest per doctor) with their attestations. Read once per load. */
  get directory(): Directory {
    return this.#read().directory;
  }

  /** The profile whose agreement key (hex) is `key`, if the directory has it: the timeline's names of doctors. */
  profileOf(key: string): DirectoryProfile | undefined {
    return this.#read().byAgreementKey.get(key);
  }

  #read(): _Read {
    if (this.#directory?.from !== this.publicBundles) {
      const directory = readDirectory(this.publicBundles);
      this.#directory = { from: this.publicBundles, directory, byAgreementKey: new Map(directory.profiles.map((p) => [p.agreementKey, p])) };
    }
    return this.#directory;
  }

  /** Publishes a public record's payload (a profile, a withdrawal, an attestation), signed by the identity's own key. */
  publish(payload: Uint8Array): Promise<boolean> {
    return this.#run(async (identity) => [await identity.signBundle({ kind: TX_KINDS.profile, payload, tag: this.#publicTag })]);
  }

  /** Sends a first contact (a consultation request) to a doctor's published agreement key (hex). */
  sendRequest(resource: { resourceType: string }, doctorAgreementKey: string, label?: string): Promise<boolean> {
    return this.#run(async (identity) => sealedBundles(await identity.sealFirstContact(resource, _key(doctorAgreementKey), { label })));
  }

  /** Sends a message of the pair with a counterpart (an answer, a follow-up), by their agreement key (hex). */
  sendToPair(resource: { resourceType: string }, counterpartAgreementKey: string, label?: string): Promise<boolean> {
    return this.#run(async (identity) => sealedBundles(await identity.sealRecord(resource, { to: _key(counterpartAgreementKey), label })));
  }

  /** Trusts a clinic (its signing key, hex, and name). */
  async trust(key: string, name: string): Promise<void> {
    this.trusted = await this.#identity().trustClinic(_key(key), name);
    this.#host.requestUpdate();
  }

  /** Stops trusting a clinic. */
  async untrust(key: string): Promise<void> {
    this.trusted = await this.#identity().untrustClinic(key);
    this.#host.requestUpdate();
  }

  /** Stops the proof of work of what is being written; nothing of it is stored. */
  cancelWrite(): void {
    this.#abort?.abort();
  }

  /** Forgets the last write's outcome (a new form starts clean). */
  resetWrite(): void {
    if (this.write.state !== 'running') this.write = { ..._IDLE };
    this.#host.requestUpdate();
  }

  async #run(sign: (identity: IdentityClient) => Promise<Uint8Array[][]>): Promise<boolean> {
    if (this.write.state === 'running') return false;
    const abort = (this.#abort = new AbortController());
    try {
      return await writeToTangle({
        view: { get: () => this.write, set: (w) => ((this.write = w), this.#host.requestUpdate()) },
        abort,
        sign: () => sign(this.#identity()),
        tangle: () => this.#tangle(),
        after: () => this.load(),
      });
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.#host.requestUpdate();
    }
  }
}

function _key(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) throw new RangeError('key must be 64 lowercase hex digits');
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}
