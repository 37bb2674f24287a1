// Reading a test bundle's text back from the replica, for the Tangle screen's details card. A tx's
// details carry only a 160-byte preview of its own payload, which is one part of its bundle's text:
// payloads are split over the bundle's txs in order, part 1 in the tail (web/core/bundle). So the
// card needs this tx's whole part (to know whether the preview is cut) and, when asked, the whole
// bundle's text. Both are read as an archive of the txs (the replica's exportTransactions), since
// the replica stores a bundle's members contiguously, head first (web/ledger/replica.ts).
import { bundlePayload } from '../../core/bundle/index.ts';
import { PAYLOAD_OFFSET, readBundle, readIndex, readLastIndex, readPayloadLength } from '../../core/tx/index.ts';
import { decodeArchive } from '../../core/validate/index.ts';
import type { ExportFilter } from '../../ledger/index.ts';

/** What the details card shows of a test tx's text: kept by the Tangle controller, rendered by mt-tx-details. */
export interface TxTextView {
  /** The tx the text is for. */
  index: number;
  /** This tx's part of its bundle's text (its whole payload as UTF-8); null until read. */
  part: string | null;
  /** The whole bundle's text, once asked for; null until then. */
  whole: string | null;
  /** What is being read now. */
  reading: 'part' | 'whole' | null;
  /** Why the text could not be read ('' when fine). */
  error: string;
}

/** Reads an archive of stored txs: the tangle client's exportTransactions, as the Tangle controller passes it. */
export type ReadTxs = (filter: ExportFilter) => Promise<Uint8Array>;

/** A stored tx and its position in its bundle (a TxSummary fits), which place the bundle in the replica. */
export interface BundlePlace {
  index: number;
  /** The tx's position in its bundle (0 for the tail). */
  bundleIndex: number;
  /** The bundle's last position (its size minus one). */
  lastIndex: number;
}

const _decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The replica indices of the bundle of the tx at `place`: the head (stored first) and the tail
 * (stored last). Called by the Tangle controller for the whole text and for a new bundle's range.
 */
export function bundleSpan(place: BundlePlace): { head: number; tail: number } {
  const tail = place.index + place.bundleIndex;
  return { head: tail - place.lastIndex, tail };
}

/** The txs stored at indices `from` to `to`, in index order; throws when the replica gives fewer. */
async function _readRange(read: ReadTxs, from: number, to: number): Promise<Uint8Array[]> {
  const { records, errors } = decodeArchive(await read({ fromIndex: from, toIndex: to }));
  const expected = to - from + 1;
  if (errors.length > 0 || records.length !== expected) {
    throw new Error(`the replica gave ${records.length} of the ${expected} stored transactions asked for (tx ${from} to ${to})`);
  }
  return records.map((r) => r.bytes);
}

/** This tx's payload as UTF-8 text. Called by the Tangle controller when a test tx's details load. */
export async function readPartText(read: ReadTxs, index: number): Promise<string> {
  const [tx] = await _readRange(read, index, index);
  return _decoder.decode(tx.subarray(PAYLOAD_OFFSET, PAYLOAD_OFFSET + readPayloadLength(tx)));
}

/**
 * The whole text of the bundle of the tx at `place`: its members' payloads joined in bundle order,
 * as UTF-8. Throws when the stored txs there are not that bundle. Called by the Tangle controller
 * when the user asks for the whole text.
 */
export async function readBundleText(read: ReadTxs, place: BundlePlace): Promise<string> {
  const { head, tail } = bundleSpan(place);
  if (head < 1) throw new RangeError(`tx ${place.index} is at position ${place.bundleIndex} of ${place.lastIndex + 1}, so its bundle would start before tx 1`);
  const stored = await _readRange(read, head, tail);
  // Head first in the replica; the payload's order is the bundle's, tail (position 0) first.
  const members = stored.reverse();
  const hash = readBundle(members[0]);
  members.forEach((tx, position) => {
    const same = readLastIndex(tx) === place.lastIndex && readIndex(tx) === position && readBundle(tx).every((b, i) => b === hash[i]);
    if (!same) {
      throw new Error(`tx ${tail - position} is not position ${position} of the bundle of tx ${place.index}: the replica does not hold that bundle in one piece`);
    }
  });
  return _decoder.decode(bundlePayload(members));
}
