// Splitting a record's bytes over the txs of one bundle and joining them back (docs/design.md
// "Transactions and bundles": payloads have a fixed maximum size; larger records span several txs
// of one bundle). At most MAX_BUNDLE_TXS txs, so at most MAX_BUNDLE_TXS * MAX_PAYLOAD bytes.
import { MAX_BUNDLE_TXS, MAX_PAYLOAD, PAYLOAD_OFFSET, TX_SIZE, readPayloadLength } from '../tx/index.ts';

/** Largest payload one bundle carries: 255 * 1024 bytes. Used by splitPayload and the record layer's size checks. */
export const MAX_BUNDLE_PAYLOAD = MAX_BUNDLE_TXS * MAX_PAYLOAD;

/** Chunks of at most MAX_PAYLOAD bytes (views of `bytes`; one empty chunk for empty input). Called by buildBundle and tests. */
export function splitPayload(bytes: Uint8Array): Uint8Array[] {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  if (bytes.length > MAX_BUNDLE_PAYLOAD) {
    throw new RangeError(`bytes must be at most ${MAX_BUNDLE_PAYLOAD} bytes (${MAX_BUNDLE_TXS} txs), got ${bytes.length}`);
  }
  if (bytes.length === 0) return [bytes.subarray(0, 0)];
  const chunks: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; off += MAX_PAYLOAD) chunks.push(bytes.subarray(off, off + MAX_PAYLOAD));
  return chunks;
}

/** Concatenates chunks back into one array (a copy). Called by bundlePayload and tests. */
export function joinPayload(chunks: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(chunks)) throw new TypeError('chunks must be an array of Uint8Array');
  let total = 0;
  chunks.forEach((c, i) => {
    if (!(c instanceof Uint8Array)) throw new TypeError(`chunks[${i}] must be a Uint8Array`);
    total += c.length;
  });
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** The record bytes of a validated bundle, its txs given in index order. Called by the record layer. */
export function bundlePayload(txs: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(txs)) throw new TypeError('txs must be an array of txs');
  return joinPayload(
    txs.map((tx, i) => {
      if (!(tx instanceof Uint8Array) || tx.length !== TX_SIZE) throw new RangeError(`txs[${i}] must be a tx of ${TX_SIZE} bytes`);
      const n = readPayloadLength(tx);
      if (n > MAX_PAYLOAD) throw new RangeError(`txs[${i}] has payload length ${n}, over ${MAX_PAYLOAD}`);
      return tx.subarray(PAYLOAD_OFFSET, PAYLOAD_OFFSET + n);
    }),
  );
}
