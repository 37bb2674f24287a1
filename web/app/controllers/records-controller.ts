// The user's own records (docs/design.md "Records": finding one's records): the identity
// worker computes the tags to look for and opens what the tangle worker finds; a new record is
// sealed and signed in the identity worker and attached (PoW) and stored by the tangle worker.
// This controller only passes bytes between them and keeps what the screen shows: no key, and no
// plaintext but the records on screen.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { FoundBundle, MyRecord, Sealed } from '../../identity/index.ts';
import type { AttachProgressMessage, IdentityClient } from '../../workers/index.ts';
import type { ImportReport } from '../../ledger/index.ts';
import { appIdentity } from './identity-controller.ts';
import { appTangleClient } from './tangle-controller.ts';
import { loadNetwork } from './network-settings.ts';
import { writeToTangle } from './write-job.ts';

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
export class RecordsController implements ReactiveController {
  state: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  records: MyRecord[] = [];
  /** Bundles with the user's tags that did not open (not the user's, or damaged). */
  unreadable = 0;
  error = '';
  write: WriteView = { state: 'idle', txDone: 0, txTotal: 0, etaSeconds: null, error: '' };

  readonly #host: ReactiveControllerHost;
  readonly #identity: () => IdentityClient;
  readonly #tangle: () => RecordsTangle;
  #abort: AbortController | null = null;
  /** The tangle client listened to for `stored`, while the screen is shown. */
  #listening: RecordsTangle | null = null;
  /** A load asked for while one runs: it runs again once that one ends, so no arrival is missed. */
  #again = false;
  readonly #onStored = (): void => {
    // Our own write reloads when it ends.
    if (this.write.state !== 'running') void this.load();
  };

  constructor(host: ReactiveControllerHost, options: { identity?: IdentityClient; tangle?: RecordsTangle } = {}) {
    this.#host = host;
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

  /** Finds and opens the user's records. */
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
      const opened = await findMyRecords(identity, this.#tangle());
      this.records = opened.records;
      this.unreadable = opened.unreadable;
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

  /** Seals `resource` for the user, attaches it with PoW (cancellable) and stores it. */
  async writeRecord(resource: { resourceType: string }, label?: string): Promise<void> {
    if (this.write.state === 'running') return;
    const abort = (this.#abort = new AbortController());
    try {
      await writeToTangle({
        view: { get: () => this.write, set: (w) => ((this.write = w), this.#host.requestUpdate()) },
        abort,
        sign: async () => sealedBundles(await this.#identity().sealRecord(resource, { label })),
        tangle: () => this.#tangle(),
        after: () => this.load(),
      });
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.#host.requestUpdate();
    }
  }

  /** Stops the proof of work of the record being written; nothing of it is stored. */
  cancelWrite(): void {
    this.#abort?.abort();
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
