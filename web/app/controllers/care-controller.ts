// The care screens' I/O (docs/pairs.md, issue 9): public profiles and attestations in the replica
// (kind 2 bundles under the directory's public tag), a doctor's inbox, and writing a request, an
// answer or a public record with the proof of work's progress. Keys stay in the identity worker:
// this controller passes bytes between it and the tangle worker and keeps what the screen shows.
import type { ReactiveControllerHost } from 'lit';
import type { FoundBundle, InboxRequest, TrustedClinic } from '../../identity/index.ts';
import type { IdentityClient } from '../../workers/index.ts';
import { TX_KINDS } from '../../core/tx/index.ts';
import { readDirectory, type Directory, type DirectoryProfile } from '../../core/directory/index.ts';
import { TangleScreenController } from './tangle-screen.ts';
import { sealedBundles, foundBundle, type RecordsTangle } from './records-controller.ts';

/** The directory as read from one load's public bundles, with its profiles by agreement key. */
interface _Read {
  from: FoundBundle[];
  directory: Directory;
  byAgreementKey: Map<string, DirectoryProfile>;
}

/** Loads and writes what the care screens show. Used by the directory, profile, clinic and inbox screens. */
export class CareController extends TangleScreenController {
  /** The public bundles (profiles, withdrawals, attestations) found under the directory's tag. */
  publicBundles: FoundBundle[] = [];
  /** A doctor's requests, newest first, and how many bundles under the inbox tags did not open. */
  inbox: InboxRequest[] = [];
  inboxUnreadable = 0;
  trusted: TrustedClinic[] = [];
  /** The directory read from publicBundles, kept until they change (reading 10^4 profiles took 244 ms in the bench). */
  #directory: _Read | null = null;
  readonly #publicTag: Uint8Array;
  readonly #loadInbox: boolean;

  constructor(
    host: ReactiveControllerHost,
    options: { publicTag: Uint8Array; inbox?: boolean; identity?: IdentityClient; tangle?: RecordsTangle },
  ) {
    super(host, options);
    this.#publicTag = options.publicTag;
    this.#loadInbox = options.inbox ?? false;
    host.addController(this);
  }

  /** Finds the public records, the trusted clinics and (for a doctor) the inbox. */
  protected override async loadData(identity: IdentityClient, tangle: RecordsTangle): Promise<void> {
    this.publicBundles = (await tangle.findTagged([this.#publicTag])).map(foundBundle);
    this.trusted = await identity.trustedClinics();
    if (this.#loadInbox) {
      const tags = await identity.inboxTags();
      const opened = await identity.openInbox((await tangle.findTagged(tags)).map(foundBundle));
      this.inbox = opened.requests;
      this.inboxUnreadable = opened.unreadable;
    }
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
    return this.runWrite(async (identity) => [await identity.signBundle({ kind: TX_KINDS.profile, payload, tag: this.#publicTag })]);
  }

  /** Sends a first contact (a consultation request) to a doctor's published agreement key (hex). */
  sendRequest(resource: { resourceType: string }, doctorAgreementKey: string, label?: string): Promise<boolean> {
    return this.runWrite(async (identity) => sealedBundles(await identity.sealFirstContact(resource, _key(doctorAgreementKey), { label })));
  }

  /** Sends a message of the pair with a counterpart (an answer, a follow-up), by their agreement key (hex). */
  sendToPair(resource: { resourceType: string }, counterpartAgreementKey: string, label?: string): Promise<boolean> {
    return this.runWrite(async (identity) => sealedBundles(await identity.sealRecord(resource, { to: _key(counterpartAgreementKey), label })));
  }

  /** Trusts a clinic (its signing key, hex, and name). */
  async trust(key: string, name: string): Promise<void> {
    this.trusted = await this.identity().trustClinic(_key(key), name);
    this.host.requestUpdate();
  }

  /** Stops trusting a clinic. */
  async untrust(key: string): Promise<void> {
    this.trusted = await this.identity().untrustClinic(key);
    this.host.requestUpdate();
  }
}

function _key(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) throw new RangeError('key must be 64 lowercase hex digits');
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}
