// Fixtures of the Tangle screen's tests: tx summaries, and a fake tangle client that keeps a tiny
// in-memory Tangle (a chain of bundles) so the controller can be driven without workers.
import type { Network } from '../../web/core/network/index.ts';
import type { HeldTx, ImportReport, TxDetails, TxSummary } from '../../web/ledger/index.ts';
import type { AttachProgressMessage, NewBundle, TangleStats } from '../../web/workers/index.ts';
import type { TangleClientLike } from '../../web/app/controllers/tangle-controller.ts';

/** A summary with defaults: a single-tx bundle approving the tx before it, pending. */
export function tx(index: number, patch: Partial<TxSummary> = {}): TxSummary {
  return {
    index,
    id: index.toString(16).padStart(64, '0'),
    trunk: index - 1,
    branch: index - 1,
    attachedAt: 1_760_000_000_000 + index,
    kind: 9,
    bundleIndex: 0,
    lastIndex: 0,
    tip: false,
    confirmed: false,
    confidence: null,
    ...patch,
  };
}

/** Details for a summary, with plausible fields. */
export function detailsOf(s: TxSummary, approvers: number[] = [], mwm = 3): TxDetails {
  return {
    ...s,
    fields: {
      version: 1,
      kind: s.kind,
      index: s.bundleIndex,
      lastIndex: s.lastIndex,
      issuer: Uint8Array.from({ length: 32 }, (_, i) => i + 0xa0),
      tag: new Uint8Array(32),
      issuedAt: s.attachedAt - 5,
      bundle: new Uint8Array(32),
      trunk: new Uint8Array(32),
      branch: new Uint8Array(32),
      attachedAt: s.attachedAt,
      signature: new Uint8Array(64),
      nonce: 42n,
      payloadPreview: `text of tx ${s.index}`,
    },
    weight: mwm + 1,
    valid: true,
    validity: 'valid: every check passed on arrival and the stored bytes pass again now',
    approvers,
    cumulativeWeight: approvers.length + 1,
  };
}

export const EMPTY_REPORT: ImportReport = {
  accepted: 0,
  acceptedBundles: 0,
  rejected: [],
  rejectedOmitted: 0,
  held: 0,
  heldTxs: [],
  quarantined: 0,
  awaitingWrite: 0,
  quarantineSaved: true,
  missingParents: [],
  counts: {},
};

/**
 * A tangle client over an in-memory chain: each new bundle's head approves the newest tx, and
 * refreshConfirmation confirms everything that has an approver.
 */
export class FakeTangleClient implements TangleClientLike {
  readonly network: Network;
  readonly calls: string[] = [];
  readonly bundles: NewBundle[] = [];
  readonly imported: Uint8Array[] = [];
  closed = false;
  txs: TxSummary[] = [];
  /** When set, open() waits for it. */
  openGate: Promise<void> | null = null;
  /** When true, createBundle waits until release() (or rejects on abort). */
  holdCreate = false;
  importReport: ImportReport = EMPTY_REPORT;
  importError: Error | null = null;
  /** The txs stillHeld says wait (of those it is asked about). */
  waiting: HeldTx[] = [];
  private _release: (() => void) | null = null;

  /** Txs let go by clearQuarantine so far. */
  cleared = 0;

  constructor(network: Network) {
    this.network = network;
  }

  get mwm(): number {
    return this.network.mwm;
  }

  async clearQuarantine(): Promise<{ cleared: number; saved: boolean }> {
    this.calls.push('clearQuarantine');
    const cleared = this.waiting.length;
    this.cleared += cleared;
    this.waiting = [];
    return { cleared, saved: true };
  }

  async salvage(): Promise<{ bytes: Uint8Array; txs: number }> {
    this.calls.push('salvage');
    return { bytes: new Uint8Array(44), txs: this.txs.length };
  }

  async deleteReplica(): Promise<void> {
    this.calls.push('deleteReplica');
    this.txs = [];
    this.closed = true;
  }

  release(): void {
    this._release?.();
  }

  async open(): Promise<TangleStats> {
    this.calls.push('open');
    if (this.openGate) await this.openGate;
    return this.stats();
  }

  async createBundle(
    bundle: NewBundle,
    options: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void } = {},
  ): Promise<{ ids: string[]; report: ImportReport }> {
    this.calls.push('createBundle');
    this.bundles.push(bundle);
    const n = Math.max(1, Math.ceil(bundle.payload.length / 1024));
    options.onProgress?.({ txDone: 0, txTotal: n, attempts: 20, attemptsPerSecond: 400, etaSeconds: 0.1 });
    if (this.holdCreate) {
      await new Promise<void>((resolve, reject) => {
        this._release = resolve;
        options.signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
      });
    }
    const newest = this.txs.length;
    for (const t of this.txs) t.tip = false;
    const added: TxSummary[] = [];
    for (let k = 0; k < n; k++) {
      const index = newest + 1 + k;
      const position = n - 1 - k; // head first
      added.push(tx(index, { trunk: k === 0 ? newest : index - 1, branch: newest, bundleIndex: position, lastIndex: n - 1, tip: k === n - 1 }));
    }
    this.txs.push(...added);
    options.onProgress?.({ txDone: n, txTotal: n });
    return { ids: [...added].reverse().map((t) => t.id), report: { ...EMPTY_REPORT, accepted: n, acceptedBundles: 1 } };
  }

  async refreshConfirmation(): Promise<{ newlyConfirmed: number[] }> {
    this.calls.push('refreshConfirmation');
    const fresh: number[] = [];
    for (const t of this.txs) {
      if (!t.tip && !t.confirmed && this.txs.some((o) => o.trunk === t.index || o.branch === t.index)) {
        t.confirmed = true;
        fresh.push(t.index);
      }
    }
    return { newlyConfirmed: fresh };
  }

  async recent(limit: number): Promise<TxSummary[]> {
    this.calls.push(`recent(${limit})`);
    return this.txs.slice(-limit).map((t) => ({ ...t }));
  }

  async details(index: number): Promise<TxDetails> {
    this.calls.push(`details(${index})`);
    const t = this.txs[index - 1];
    if (!t) throw new RangeError(`index must be a stored tx index from 1 to ${this.txs.length}, got ${index}`);
    const approvers = this.txs.filter((o) => o.trunk === index || o.branch === index).map((o) => o.index);
    return detailsOf({ ...t }, approvers, this.mwm);
  }

  async stats(): Promise<TangleStats> {
    this.calls.push('stats');
    const confirmed = this.txs.filter((t) => t.confirmed).length;
    return {
      txCount: this.txs.length,
      tips: this.txs.filter((t) => t.tip).length,
      confirmed,
      pending: this.txs.length - confirmed,
      quarantined: 0,
      awaitingWrite: 0,
      windowStart: 0,
      rejected: {},
      duplicates: 0,
      badArchives: { unreadable: 0, incomplete: 0, trailing: 0, otherNetwork: 0 },
      storedBytes: this.txs.length * 1280,
      persisted: false,
      network: { ...this.network },
      usage: 4096,
      quota: 1 << 30,
    };
  }

  async importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    this.calls.push('importTransactions');
    this.imported.push(bytes);
    if (this.importError) throw this.importError;
    return this.importReport;
  }

  async stillHeld(ids: string[]): Promise<HeldTx[]> {
    this.calls.push('stillHeld');
    return this.waiting.filter((h) => ids.includes(h.id));
  }

  async exportTransactions(): Promise<Uint8Array> {
    this.calls.push('exportTransactions');
    const out = new Uint8Array(8);
    out.set([0x4d, 0x54, 0x58, 0x31]);
    new DataView(out.buffer).setUint32(4, this.txs.length, true);
    return out;
  }

  close(): void {
    this.calls.push('close');
    this.closed = true;
  }
}

/** A Map-backed twin of localStorage. */
export class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
  }
}
