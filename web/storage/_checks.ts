// Boundary checks for the replica stores (internal: not exported from index.ts). Both stores run the
// same checks, so they reject the same inputs with the same messages. Errors name the argument.
import { ID_BYTES, TAG_BYTES_PER_TX, type AppendBatch, type QuarantineRecord } from './replica-store.ts';

/** Checks a store's `txSize` or `segmentTxs` option: a positive safe integer. */
export function _assertPositiveOption(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

function _assertType(value: unknown, ctor: { new (n: number): unknown; name: string }, name: string): void {
  if (!(value instanceof ctor)) throw new TypeError(`${name} must be a ${ctor.name}`);
}

/** Checks a batch's types and lengths (before any I/O). Returns n, the number of txs. */
export function _assertBatchShape(batch: AppendBatch, txSize: number): number {
  if (typeof batch !== 'object' || batch === null) throw new TypeError('batch must be an object');
  _assertType(batch.trunks, Uint32Array, 'batch.trunks');
  _assertType(batch.branches, Uint32Array, 'batch.branches');
  _assertType(batch.attachedAt, Float64Array, 'batch.attachedAt');
  _assertType(batch.ids, Uint8Array, 'batch.ids');
  _assertType(batch.tags, Uint8Array, 'batch.tags');
  _assertType(batch.txs, Uint8Array, 'batch.txs');
  const n = batch.trunks.length;
  if (batch.branches.length !== n) {
    throw new RangeError(`batch.branches must have ${n} entries (one per trunk), got ${batch.branches.length}`);
  }
  if (batch.attachedAt.length !== n) {
    throw new RangeError(`batch.attachedAt must have ${n} entries (one per trunk), got ${batch.attachedAt.length}`);
  }
  if (batch.ids.length !== n * ID_BYTES) {
    throw new RangeError(`batch.ids must be ${n} × ${ID_BYTES} = ${n * ID_BYTES} bytes, got ${batch.ids.length}`);
  }
  if (batch.tags.length !== n * TAG_BYTES_PER_TX) {
    throw new RangeError(`batch.tags must be ${n} × ${TAG_BYTES_PER_TX} = ${n * TAG_BYTES_PER_TX} bytes, got ${batch.tags.length}`);
  }
  if (batch.txs.length !== n * txSize) {
    throw new RangeError(`batch.txs must be ${n} × ${txSize} = ${n * txSize} bytes, got ${batch.txs.length}`);
  }
  return n;
}

/**
 * Checks that every parent in one part of a batch is an earlier index (parents are stored before
 * children). The part's columns start at row `offset` of the batch, whose first tx gets index
 * `first`. Run on the store's copies, so a caller changing its buffers meanwhile cannot slip past.
 */
export function _assertParents(part: { trunks: Uint32Array; branches: Uint32Array }, offset: number, first: number): void {
  for (let i = 0; i < part.trunks.length; i++) {
    const row = offset + i;
    const own = first + row;
    if (part.trunks[i] >= own) {
      throw new RangeError(`batch.trunks[${row}] = ${part.trunks[i]} is not an earlier index than the tx's own (${own})`);
    }
    if (part.branches[i] >= own) {
      throw new RangeError(`batch.branches[${row}] = ${part.branches[i]} is not an earlier index than the tx's own (${own})`);
    }
  }
}

/** Checks a replica index against the stored range 1..txCount. */
export function _assertStoredIndex(index: unknown, txCount: number, name = 'index'): asserts index is number {
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 1 || index > txCount) {
    throw new RangeError(`${name}: ${String(index)} is not a stored tx index (stored: ${_storedRange(txCount)})`);
  }
}

/** Checks readRange's arguments against the stored range 1..txCount. */
export function _assertRange(first: unknown, count: unknown, txCount: number): asserts first is number {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
  }
  if (typeof first !== 'number' || !Number.isSafeInteger(first) || first < 1 || first > txCount + 1) {
    throw new RangeError(`first: ${String(first)} is not a stored tx index (stored: ${_storedRange(txCount)})`);
  }
  if (first + count - 1 > txCount) {
    throw new RangeError(
      `count: ${count} txs from index ${first} run past the last stored tx (stored: ${_storedRange(txCount)})`,
    );
  }
}

/** Checks readRanges' list: an array of [first, count] pairs, each stored; errors name ranges[i]. */
export function _assertRanges(ranges: unknown, txCount: number): asserts ranges is [number, number][] {
  if (!Array.isArray(ranges)) throw new TypeError('ranges must be an array of [first, count] pairs');
  ranges.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`ranges[${i}] must be a [first, count] pair`);
    try {
      _assertRange(r[0], r[1], txCount);
    } catch (e) {
      throw new RangeError(`ranges[${i}]: ${(e as Error).message}`);
    }
  });
}

function _storedRange(txCount: number): string {
  return txCount === 0 ? 'none' : `1..${txCount}`;
}

/** Checks an id list (deleteQuarantine). */
export function _assertIds(ids: unknown, name = 'ids'): asserts ids is Uint8Array[] {
  if (!Array.isArray(ids)) throw new TypeError(`${name} must be an array of Uint8Array`);
  ids.forEach((id, i) => _assertId(id, `${name}[${i}]`));
}

function _assertId(id: unknown, name: string): void {
  if (!(id instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (id.length !== ID_BYTES) throw new RangeError(`${name} must be ${ID_BYTES} bytes, got ${id.length}`);
}

/** Checks quarantine records: 32-byte ids, txSize-byte txs, a finite `since`. */
export function _assertQuarantine(records: unknown, txSize: number): asserts records is QuarantineRecord[] {
  if (!Array.isArray(records)) throw new TypeError('records must be an array');
  records.forEach((r: QuarantineRecord, i) => {
    if (typeof r !== 'object' || r === null) throw new TypeError(`records[${i}] must be an object`);
    _assertId(r.id, `records[${i}].id`);
    if (!(r.bytes instanceof Uint8Array)) throw new TypeError(`records[${i}].bytes must be a Uint8Array`);
    if (r.bytes.length !== txSize) {
      throw new RangeError(`records[${i}].bytes must be ${txSize} bytes, got ${r.bytes.length}`);
    }
    if (typeof r.since !== 'number' || !Number.isFinite(r.since)) {
      throw new RangeError(`records[${i}].since must be a finite number, got ${String(r.since)}`);
    }
  });
}

/** Checks markConfirmed's indices against the stored range 1..txCount. */
export function _assertIndices(indices: unknown, txCount: number): asserts indices is number[] {
  if (!Array.isArray(indices)) throw new TypeError('indices must be an array of numbers');
  indices.forEach((x, i) => _assertStoredIndex(x, txCount, `indices[${i}]`));
}

/** The error every call on a closed store rejects with. */
export function _closedError(store: string, reason = 'closed'): Error {
  return new Error(`${store} is ${reason}`);
}

/** Rejects a batch numbered for another place (AppendBatch.expectedFirst); used by both stores. */
export function _assertExpectedFirst(expected: number | undefined, first: number): void {
  if (expected !== undefined && expected !== first) {
    throw new Error(`batch.expectedFirst is ${expected} but the store's next index is ${first}: another writer appended meanwhile`);
  }
}

/** Checks the shape of a network record (store-level only: the ledger judges the network itself). */
export function _assertStoredNetwork(n: unknown): void {
  if (typeof n !== 'object' || n === null) throw new TypeError('network must be an object { name, mwm, since }');
  const { name, mwm, since } = n as Record<string, unknown>;
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`network.name must be a non-empty string, got ${String(name)}`);
  if (typeof mwm !== 'number' || !Number.isInteger(mwm) || mwm < 1) throw new RangeError(`network.mwm must be a positive integer, got ${String(mwm)}`);
  if (typeof since !== 'number' || !Number.isFinite(since)) throw new RangeError(`network.since must be a finite number, got ${String(since)}`);
}
