// Consent's I/O (docs/consent.md, issue 10): a patient's grants and revocations and the audit entry
// of a link, written with the proof of work's progress; a doctor's view of what patients shared, and
// the opening of a shared record, which first writes the opening to the patient's log. Keys stay in
// the identity worker: this controller passes bundles between it and the tangle worker and keeps
// what the screen shows.
import type { ReactiveControllerHost } from 'lit';
import type { Grant } from '../../core/consent/index.ts';
import type { MyRecord, SharedPatient } from '../../identity/index.ts';
import type { IdentityClient } from '../../workers/index.ts';
import { TangleScreenController } from './tangle-screen.ts';
import { findMyRecords, foundBundle, sealedBundles, type RecordsTangle } from './records-controller.ts';

/** A record opened from what a patient shared, as the doctor's screen shows it. */
export interface OpenedShared {
  patient: string;
  record: MyRecord;
}

/** What a grant asks for, as the consent form gives it. */
export interface GrantRequest {
  doctor: string;
  doctorName: string;
  /** Every new record from now on, or these records (with the words that name each, in the patient's language). */
  scope: { kind: 'from-now-on' } | { kind: 'records'; records: { record: MyRecord; label: string }[] };
  until: number;
}

/** Loads and writes consents. Used by the consents screen (patient), the link screen and the shared-records screen (doctor). */
export class ConsentController extends TangleScreenController {
  /** The patient's grants, newest first, as they stand. */
  grants: Grant[] = [];
  /** The user's records, newest first: a patient's (to choose from, and the audit log), a doctor's (the messages of patients). */
  records: MyRecord[] = [];
  /** A doctor's patients who shared records. */
  shared: SharedPatient[] = [];
  /** The shared record the doctor opened last. */
  opened: OpenedShared | null = null;
  /** Why the last opening failed, as a code the screen words: the record has not reached this device, or access ended. */
  openProblem: '' | 'not-here' | 'not-shared' | 'not-readable' = '';
  readonly #doctor: boolean;

  constructor(host: ReactiveControllerHost, options: { doctor?: boolean; identity?: IdentityClient; tangle?: RecordsTangle } = {}) {
    super(host, options);
    this.#doctor = options.doctor ?? false;
    host.addController(this);
  }

  /** Finds the user's records (which takes in consent messages), then the grants or what was shared. */
  protected override async loadData(identity: IdentityClient, tangle: RecordsTangle): Promise<void> {
    if (this.#doctor) {
      // A patient who never wrote to this doctor sends the grant through the doctor's inbox: open
      // it, so the patient's later messages (share entries, a revocation) are looked for too.
      await identity.openInbox((await tangle.findTagged(await identity.inboxTags())).map(foundBundle));
    }
    this.records = (await findMyRecords(identity, tangle)).records;
    if (this.#doctor) this.shared = await identity.sharedWithMe();
    else this.grants = await identity.consents();
  }

  /** Grants a doctor access; true once the grant is in the Tangle. */
  grant(request: GrantRequest): Promise<boolean> {
    return this.runWrite(async (identity) => {
      let scope: Parameters<IdentityClient['grantConsent']>[0]['scope'] = { kind: 'from-now-on' };
      if (request.scope.kind === 'records') {
        const wanted = request.scope.records;
        const found = (await this.tangle().findTagged(wanted.map((w) => _tagBytes(w.record.place)))).map(foundBundle);
        scope = {
          kind: 'records',
          records: wanted.map((w) => {
            const bundle = found.find((b) => b.id === w.record.id);
            if (!bundle) throw new Error('a chosen record is no longer in this device\'s copy of the Tangle');
            return { bundle, label: w.label, kind: w.record.resource.resourceType, date: w.record.issuedAt };
          }),
        };
      }
      return [(await identity.grantConsent({ doctor: request.doctor, doctorName: request.doctorName, scope, until: request.until })).txs];
    });
  }

  /** Revokes a grant; true once the revocation is in the Tangle. */
  revoke(grantId: string): Promise<boolean> {
    return this.runWrite(async (identity) => [(await identity.revokeConsent(grantId)).txs]);
  }

  /** Writes the audit entry of a link the patient made (the records it holds, until when). */
  logLink(records: { place: string; label: string }[], until: number): Promise<boolean> {
    return this.runWrite(async (identity) => sealedBundles(await identity.sealLinkAudit(records, until)));
  }

  /**
   * Opens a record a patient shares (a doctor): the first opening on this device is written to the
   * patient's log before the record is shown; a cancelled write shows nothing.
   */
  async open(patient: string, place: string, label: string): Promise<boolean> {
    if (this.write.state === 'running') return false;
    this.openProblem = '';
    this.opened = null;
    const identity = this.identity();
    try {
      const entry = await identity.sealOpenAudit(patient, place, label);
      if (entry !== null && !(await this.runWrite(async () => [entry.txs], { reload: false }))) return false;
      const tag = place.split('.')[0];
      const found = (await this.tangle().findTagged([_tagBytes(place)])).map(foundBundle);
      const got = await identity.openShared(patient, place, found.filter((b) => b.tag === tag));
      if (got === null) {
        this.openProblem = 'not-here';
        return false;
      }
      this.opened = {
        patient,
        record: { id: place, resource: got.resource, issuedAt: got.issuedAt, attachedAt: got.issuedAt, confirmed: got.confirmed, author: 'counterpart', with: patient, place },
      };
      this.shared = await identity.sharedWithMe();
      return true;
    } catch (e) {
      const reason = (e as { reason?: string })?.reason;
      this.openProblem = reason === 'not-shared' ? 'not-shared' : 'not-readable';
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }
}

/** A place's tag as bytes (the place is `tag.hash`, 64 hex digits each). */
function _tagBytes(place: string): Uint8Array {
  const tag = place.split('.')[0];
  if (!/^[0-9a-f]{64}$/.test(tag)) throw new RangeError('place must start with a 64-hex-digit tag');
  return Uint8Array.from(tag.match(/../g)!, (h) => parseInt(h, 16));
}
