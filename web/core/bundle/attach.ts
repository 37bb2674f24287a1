// Attaching a bundle to the Tangle (docs/design.md "Transactions and bundles", as in IOTA): from the head
// (last index) down to the tail. Tx i < last approves tx i+1 as its trunk, the head approves tip A
// (`trunk`), and every tx approves tip B (`branch`). Each tx's id depends on the next one's, so the
// work is sequential and its cost grows with the bundle's length. PoW is injected (docs/design.md "Proof
// of work": digest = BLAKE2b-256 of the tx without the nonce): the app passes the worker pool.
import { powDigest } from '../pow/index.ts';
import {
  HASH_LENGTH,
  TX_SIZE,
  powEssence,
  readIndex,
  readIssuedAt,
  readLastIndex,
  txId,
  withAttachment,
} from '../tx/index.ts';

/** Finds a nonce of weight >= mwm for `digest`; honours `signal`; may report its own progress. */
export type PowFn<P = unknown> = (
  digest: Uint8Array,
  mwm: number,
  signal?: AbortSignal,
  onTxProgress?: (progress: P) => void,
) => Promise<bigint>;

/** Progress of an attach: txs done so far, plus the PoW callback's own fields while a tx is worked. */
export type AttachProgress<P = unknown> = { txDone: number; txTotal: number } & Partial<P>;

/** How to attach. */
export interface AttachOptions<P = unknown> {
  /** Tip A: the head's trunk. */
  trunk: Uint8Array;
  /** Tip B: every tx's branch. */
  branch: Uint8Array;
  /** Attachment time (ms); not before the bundle's issuedAt. */
  attachedAt: number;
  mwm: number;
  pow: PowFn<P>;
  signal?: AbortSignal;
  onProgress?: (progress: AttachProgress<P>) => void;
}

/** The attached txs (copies) in index order. Called by the publish flow and tests. */
export async function attachBundle<P = unknown>(txs: readonly Uint8Array[], options: AttachOptions<P>): Promise<Uint8Array[]> {
  _assertBundle(txs);
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const { trunk, branch, attachedAt, mwm, pow, signal, onProgress } = options;
  _assertId(trunk, 'options.trunk');
  _assertId(branch, 'options.branch');
  if (typeof attachedAt !== 'number' || !Number.isSafeInteger(attachedAt) || attachedAt < 0) {
    throw new RangeError(`options.attachedAt must be a non-negative safe integer of ms, got ${String(attachedAt)}`);
  }
  const issuedAt = readIssuedAt(txs[0]);
  if (attachedAt < issuedAt) {
    throw new RangeError(`options.attachedAt ${attachedAt} is before the bundle's issuedAt ${issuedAt}`);
  }
  if (typeof mwm !== 'number' || !Number.isInteger(mwm) || mwm < 1) throw new RangeError(`options.mwm must be a positive integer, got ${String(mwm)}`);
  if (typeof pow !== 'function') throw new TypeError('options.pow must be a function');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError('options.onProgress must be a function');

  const total = txs.length;
  const out: Uint8Array[] = new Array<Uint8Array>(total);
  let nextId: Uint8Array = trunk; // the head approves tip A; every other tx approves the next one
  let done = 0;
  onProgress?.({ txDone: 0, txTotal: total } as AttachProgress<P>);
  for (let i = total - 1; i >= 0; i--) {
    signal?.throwIfAborted();
    const attachment = { trunk: nextId, branch, attachedAt, nonce: 0n };
    const unworked = withAttachment(txs[i], attachment);
    const digest = powDigest(powEssence(unworked));
    const nonce = await pow(digest, mwm, signal, (p: P) => onProgress?.({ ...p, txDone: done, txTotal: total }));
    if (typeof nonce !== 'bigint') throw new TypeError(`pow() must resolve to a bigint nonce, got ${typeof nonce}`);
    out[i] = withAttachment(unworked, { ...attachment, nonce }); // checks the nonce's range
    nextId = txId(out[i]);
    done++;
    onProgress?.({ txDone: done, txTotal: total } as AttachProgress<P>);
  }
  return out;
}

function _assertId(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (value.length !== HASH_LENGTH) throw new RangeError(`${name} must be ${HASH_LENGTH} bytes, got ${value.length}`);
}

/** The txs of one bundle, in index order: tx i has index i and every lastIndex is length - 1. */
function _assertBundle(txs: unknown): asserts txs is readonly Uint8Array[] {
  if (!Array.isArray(txs)) throw new TypeError('txs must be an array of txs');
  if (txs.length === 0) throw new RangeError('txs must hold at least one tx');
  txs.forEach((tx: unknown, i) => {
    if (!(tx instanceof Uint8Array)) throw new TypeError(`txs[${i}] must be a Uint8Array`);
    if (tx.length !== TX_SIZE) throw new RangeError(`txs[${i}] must be a tx of ${TX_SIZE} bytes, got ${tx.length}`);
    if (readIndex(tx) !== i) throw new RangeError(`txs[${i}] has index ${readIndex(tx)}: give the txs in index order`);
    if (readLastIndex(tx) !== txs.length - 1) {
      throw new RangeError(`txs[${i}] has lastIndex ${readLastIndex(tx)}, but the bundle has ${txs.length} txs`);
    }
  });
}
