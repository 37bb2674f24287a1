// What a replica checks when it opens (internal to web/ledger). A replica loaded from IndexedDB was
// trusted blindly: a damaged database (a browser bug, a disk fault, a hand-edited record) would
// have been walked over wrong indices, and confirmations, which are permanent, landed on wrong txs.
// Everything that is cheap is checked in full: the counters and segments agree (the store's
// load does that), every parent comes earlier, every attachment time is a number. What costs a read
// of tx bytes is sampled: a few txs spread over the replica are read and must hash to their stored
// id, name the parents, the attachment time and the tag the stored columns say, and pass every stateless
// check of their network again. A replica from before networks were recorded is checked in full
// once against the network it is claimed for (no stored tx may be invalid under its own network).
import {
  GENESIS_ID,
  TX_SIZE,
  TAG_LENGTH,
  readAttachedAt,
  readBranch,
  readTag,
  readTrunk,
  txId,
} from '../core/tx/index.ts';
import { reasonMessage, validateTx, type TxCheckContext } from '../core/validate/index.ts';
import type { Network } from '../core/network/index.ts';
import type { ReplicaSnapshot, ReplicaStore } from '../storage/index.ts';

/**
 * The stored replica cannot be used as it is. Thrown by Replica.open; the tangle worker passes its
 * name and message on, and the app offers to save what can be read and to start a fresh copy.
 */
export class ReplicaDamagedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplicaDamagedError';
  }
}

/** The replica records another network than the one it was opened for. Thrown by Replica.open. */
export class NetworkMismatchError extends Error {
  constructor(recorded: Network, asked: Network) {
    super(
      `this copy of the Tangle belongs to network "${recorded.name}" (MWM ${recorded.mwm}), ` +
        `not to network "${asked.name}" (MWM ${asked.mwm}) that it was opened for`,
    );
    this.name = 'NetworkMismatchError';
  }
}

/** Txs read back at open: first, last and the rest spread evenly between (a few segment reads). */
const _SAMPLE = 8;

/** Indices 1..n to read back: first and last, and _SAMPLE - 2 spread between from `offset`. */
function _sampleIndices(n: number, offset: number): number[] {
  if (n === 0) return [];
  const out = new Set<number>([1, n]);
  const inner = Math.min(_SAMPLE - 2, n);
  for (let k = 0; k < inner; k++) out.add(1 + Math.floor(((k + (offset % 1)) * n) / inner) % n);
  return [...out].sort((a, b) => a - b);
}

const _hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const _same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Checks a loaded snapshot against the store (see the top of this file); throws ReplicaDamagedError
 * naming the first fault. `offset` in [0, 1) moves the sample, so repeated opens read other txs.
 */
export async function _checkStored(
  snap: ReplicaSnapshot,
  store: ReplicaStore,
  ctx: TxCheckContext,
  offset: number,
): Promise<void> {
  const n = snap.txCount;
  for (let k = 0; k < n; k++) {
    const index = k + 1;
    if (snap.trunks[k] >= index || snap.branches[k] >= index) {
      throw new ReplicaDamagedError(
        `transaction ${index} approves transaction ${Math.max(snap.trunks[k], snap.branches[k])}, which comes after it`,
      );
    }
    if (!Number.isFinite(snap.attachedAt[k])) throw new ReplicaDamagedError(`transaction ${index} has no valid attachment time`);
  }
  const idAt = (i: number) => (i === 0 ? GENESIS_ID : snap.ids.subarray((i - 1) * 32, i * 32));
  for (const index of _sampleIndices(n, offset)) {
    let tx: Uint8Array;
    try {
      tx = await store.readTx(index);
    } catch (e) {
      throw new ReplicaDamagedError(`transaction ${index} cannot be read (${(e as Error)?.message ?? String(e)})`);
    }
    const k = index - 1;
    if (tx.length !== TX_SIZE) throw new ReplicaDamagedError(`transaction ${index} is ${tx.length} bytes long, not ${TX_SIZE}`);
    // The id first: a changed byte anywhere changes it, and says "damaged" better than any one check.
    const id = ctx.txHashes ? ctx.txHashes(tx).id : txId(tx);
    if (!_same(id, idAt(index))) throw new ReplicaDamagedError(`transaction ${index} does not match its stored id ${_hex(idAt(index)).slice(0, 16)}…`);
    const check = validateTx({ id: idAt(index), bytes: tx }, { ...ctx, now: () => Math.max(ctx.now(), readAttachedAt(tx)) });
    if (!check.ok) throw new ReplicaDamagedError(`transaction ${index} fails its checks now: ${reasonMessage(check.reason)}`);
    if (!_same(readTrunk(tx), idAt(snap.trunks[k])) || !_same(readBranch(tx), idAt(snap.branches[k]))) {
      throw new ReplicaDamagedError(`transaction ${index} approves other transactions than the stored graph says`);
    }
    if (readAttachedAt(tx) !== snap.attachedAt[k]) {
      throw new ReplicaDamagedError(`transaction ${index} has another attachment time than the stored graph says`);
    }
    // The tag index is built from the tag column: a wrong entry would hide a record from its owner.
    if (!_same(readTag(tx), snap.tags.subarray(k * TAG_LENGTH, (k + 1) * TAG_LENGTH))) {
      throw new ReplicaDamagedError(`transaction ${index} has another tag than the stored tag column says`);
    }
  }
}

/**
 * For a replica that has txs but no recorded network (written before networks were recorded):
 * reads every stored tx and returns the first index whose proof of work is below `ctx.mwm`, or 0
 * when all meet it. Reads a segment's worth at a time.
 */
export async function _firstBelowNetwork(n: number, store: ReplicaStore, ctx: TxCheckContext, step: number): Promise<number> {
  for (let first = 1; first <= n; first += step) {
    const count = Math.min(step, n - first + 1);
    const bytes = await store.readRange(first, count);
    for (let k = 0; k < count; k++) {
      const tx = bytes.subarray(k * TX_SIZE, (k + 1) * TX_SIZE);
      const check = validateTx({ bytes: tx }, { ...ctx, now: () => Math.max(ctx.now(), readAttachedAt(tx)) });
      if (!check.ok && check.reason === 'POW') return first + k;
    }
  }
  return 0;
}
