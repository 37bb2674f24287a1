// The reconciliation metrics of the sync group (bench/README.md "Sync"): each workload of
// sync-sets.ts run through the app's own Reconciler (web/core/sync), the client as the initiator and
// the server as the responder, as a sync session runs them, every message through the real codec
// (encodeMessage, then decodeMessage on the other side), so the bytes counted are the bytes a
// transport carries. Each run's `need` and `have` must be exactly the server's only and the client's
// only items, or the bench fails: a wrong answer is never counted.
import { ItemSet, LIMITS, Reconciler, decodeMessage, encodeMessage, type Range } from '../web/core/sync/index.ts';
import { digestOf, makeWorkload, sideOf, type SyncWorkload } from './sync-sets.ts';

/** What one reconciliation cost. */
export interface ReconcileFigures {
  set: string;
  /** Reconcile message bytes each way, and their sum. */
  bytesClientToServer: number;
  bytesServerToClient: number;
  bytes: number;
  /** Replies of the responder (the reference's rounds). */
  rounds: number;
  /** Messages each way, and the largest one. */
  messages: number;
  largestMessage: number;
  /** Differences found each way (checked equal to the workload's). */
  need: number;
  have: number;
  /** Wall-clock ms of the reconciliation alone (context; no target). */
  ms: number;
}

/** A set as the reference file lists it. */
export interface ReferenceSet {
  set: string;
  n: number;
  d: number;
  kind: 'c' | 's' | null;
  client_count: number;
  client_sha256: string;
  server_count: number;
  server_sha256: string;
}

const _key = (id: Uint8Array) => String.fromCharCode(...id);

/** Makes the set pair of `ref`, fails unless both digests match the file's. Used by the sync group. */
export async function checkedWorkload(ref: ReferenceSet): Promise<SyncWorkload> {
  const w = makeWorkload(ref.n, ref.d, ref.kind);
  if (w.name !== ref.set) throw new Error(`sync: made workload ${w.name} for ${ref.set}`);
  for (const who of ['client', 'server'] as const) {
    const s = sideOf(w, who);
    const digest = await digestOf(s);
    const want = who === 'client' ? ref.client_sha256 : ref.server_sha256;
    const count = who === 'client' ? ref.client_count : ref.server_count;
    if (s.times.length !== count || digest !== want) {
      throw new Error(`sync: the generated ${who} set of ${ref.set} does not match the reference: ${s.times.length} items, SHA-256 ${digest}; the file says ${count} items, ${want}`);
    }
  }
  return w;
}

/** Runs one reconciliation of `w` and checks it against the true difference. Used by the sync group. */
export function reconcileWorkload(w: SyncWorkload): ReconcileFigures {
  const c = sideOf(w, 'client');
  const s = sideOf(w, 'server');
  const client = new Reconciler(new ItemSet(c.times, c.ids), { role: 'initiator' });
  const server = new Reconciler(new ItemSet(s.times, s.ids), { role: 'responder' });
  const f: ReconcileFigures = { set: w.name, bytesClientToServer: 0, bytesServerToClient: 0, bytes: 0, rounds: 0, messages: 0, largestMessage: 0, need: 0, have: 0, ms: 0 };
  const wire = (ranges: Range[], toServer: boolean): Range[] => {
    const bytes = encodeMessage({ type: 'reconcile', ranges });
    if (toServer) f.bytesClientToServer += bytes.length;
    else f.bytesServerToClient += bytes.length;
    f.messages++;
    f.largestMessage = Math.max(f.largestMessage, bytes.length);
    const m = decodeMessage(bytes);
    if (m.type !== 'reconcile') throw new Error('sync: a reconcile message decoded as another type');
    return m.ranges;
  };
  const t0 = performance.now();
  let out: Range[] | null = client.initiate();
  while (out) {
    const reply = server.receive(wire(out, true));
    if (!reply) throw new Error('sync: the responder gave no reply');
    f.rounds++;
    out = client.receive(wire(reply, false));
  }
  f.ms = performance.now() - t0;
  f.bytes = f.bytesClientToServer + f.bytesServerToClient;
  // The truth: the server's only items are what the client needs, the client's only what it has.
  const need = new Set(client.need.map(_key));
  const have = new Set(client.have.map(_key));
  let wantNeed = 0;
  let wantHave = 0;
  for (let k = 0; k < w.side.length; k++) {
    const id = _key(w.ids.subarray(k * 32, k * 32 + 32));
    if (w.side[k] === 2) {
      wantNeed++;
      if (!need.has(id)) throw new Error(`sync ${w.name}: the client did not learn that it lacks server item ${k}`);
    } else if (w.side[k] === 1) {
      wantHave++;
      if (!have.has(id)) throw new Error(`sync ${w.name}: the client did not learn that the server lacks item ${k}`);
    }
  }
  if (need.size !== wantNeed || have.size !== wantHave) {
    throw new Error(`sync ${w.name}: found need ${need.size} and have ${have.size}, the sets differ by ${wantNeed} and ${wantHave}`);
  }
  f.need = need.size;
  f.have = have.size;
  return f;
}

/** Bytes of sending every id of the server set of `w` as `have` messages (the session's id lists). Used by the sync group. */
export function sendAllBytes(w: SyncWorkload): number {
  const s = sideOf(w, 'server');
  const count = s.times.length;
  const per = LIMITS.maxIdsPerMessage;
  let bytes = 0;
  for (let i = 0; i === 0 || i < count; i += per) {
    const ids: Uint8Array[] = [];
    for (let k = i; k < Math.min(count, i + per); k++) ids.push(s.ids.subarray(k * 32, k * 32 + 32));
    bytes += encodeMessage({ type: 'have', ids, last: i + per >= count }).length;
  }
  return bytes;
}
