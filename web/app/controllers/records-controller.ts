// The user's own records (docs/design.md "Records": finding one's records): the identity
// worker computes the tags to look for and opens what the tangle worker finds; a new record is
// sealed and signed in the identity worker and attached (PoW) and stored by the tangle worker.
// This controller only passes bytes between them and keeps what the screen shows: no key, and no
// plaintext but the records on screen.
import type { ReactiveControllerHost } from 'lit';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { FoundBundle, MyRecord, Sealed } from '../../identity/index.ts';
import type { AttachProgressMessage, IdentityClient } from '../../workers/index.ts';
import type { ImportReport } from '../../ledger/index.ts';
import { TangleScreenController } from './tangle-screen.ts';

/** A bundle the replica found by tag, as the tangle worker gives it (the ledger's TaggedBundle). */
export interface TaggedLike {
  tag: Uint8Array;
  tailId: string;
  payload: Uint8Array;
  issuer: Uint8Array;
  issuedAt: number;
  attachedAt: number;
  confirmed: boolean;
}

/** Most rounds of looking again for tags that came from records found (each round finds up to 16 more records per stream). */
const MAX_CATCH_UP_ROUNDS = 64;

/** What the controller needs of the tangle client (tests pass a fake over a real replica). */
export interface RecordsTangle {
  findTagged(tags: Uint8Array[]): Promise<TaggedLike[]>;
  attachSigned(
    txs: Uint8Array[],
    options?: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void },
  ): Promise<{ ids: string[]; report: ImportReport }>;
  refreshConfirmation(): Promise<{ newlyConfirmed: number[] }>;
  /** `stored` fires when txs were stored (an import, another screen's attach): the records are looked for again. */
  addEventListener?(type: 'stored', listener: () => void): void;
  removeEventListener?(type: 'stored', listener: () => void): void;
}

/** The state of writing a record, for the form. */
export interface WriteView {
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  txDone: number;
  txTotal: number;
  etaSeconds: number | null;
  error: string;
}

/** Loads the user's records and writes new ones. Used by the My record screen. */
export class RecordsController extends TangleScreenController {
  records: MyRecord[] = [];
  /** Bundles with the user's tags that did not open (not the user's, or damaged). */
  unreadable = 0;

  constructor(host: ReactiveControllerHost, options: { identity?: IdentityClient; tangle?: RecordsTangle } = {}) {
    super(host, options);
    host.addController(this);
  }

  protected override async loadData(identity: IdentityClient, tangle: RecordsTangle): Promise<void> {
    const opened = await findMyRecords(identity, tangle);
    this.records = opened.records;
    this.unreadable = opened.unreadable;
  }

  /** Seals `resource` for the user (`label` names it in doctors' share entries), attaches it with PoW (cancellable) and stores it. */
  async writeRecord(resource: { resourceType: string }, label?: string): Promise<void> {
    await this.runWrite(async (identity) => sealedBundles(await identity.sealRecord(resource, { label })));
  }
}

/** The replica's found bundle in the identity worker's form (hex keys and tags). Used by the records, care and consent controllers. */
export function foundBundle(b: TaggedLike): FoundBundle {
  return {
    tag: bytesToHex(b.tag),
    id: b.tailId,
    payload: b.payload,
    issuer: bytesToHex(b.issuer),
    issuedAt: b.issuedAt,
    attachedAt: b.attachedAt,
    confirmed: b.confirmed,
  };
}

/** A sealed record's bundles in the order to attach them: the record, then its share entries. Used by the records and care controllers. */
export function sealedBundles(sealed: Sealed): Uint8Array[][] {
  return [sealed.txs, ...sealed.shares];
}

/**
 * Finds and opens every record of the user's streams: the tags looked for reach a few past each
 * stream's last known record; when records are found up to that edge (another device's, a doctor's
 * many answers since the last visit), the streams' counters move on and new tags follow, so it looks
 * again until no new tag comes (the timeline bench met 13 rounds for 188 answers of a doctor). Newest
 * first. Called by the records controller and the shared-records controller.
 */
export async function findMyRecords(identity: IdentityClient, tangle: RecordsTangle): Promise<{ records: MyRecord[]; unreadable: number }> {
  const asked = new Set<string>();
  const opened: { records: MyRecord[]; unreadable: number } = { records: [], unreadable: 0 };
  for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
    const fresh = (await identity.expectedTags()).filter((t) => !asked.has(bytesToHex(t)));
    for (const t of fresh) asked.add(bytesToHex(t));
    const found = fresh.length === 0 ? [] : await tangle.findTagged(fresh);
    // Nothing under the new tags: no counter can move, every record is found. (Each round opens
    // only the bundles of its new tags: a re-attachment has its record's tag, so it comes in the
    // same round as the record, and openFound lists the pair once.)
    if (round > 0 && found.length === 0) break;
    const some = await identity.openFound(found.map(foundBundle));
    opened.records.push(...some.records);
    opened.unreadable += some.unreadable;
    if (fresh.length === 0) break;
  }
  opened.records.sort((a, b) => b.issuedAt - a.issuedAt || a.id.localeCompare(b.id));
  return opened;
}
