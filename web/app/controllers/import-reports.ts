// One report for a file imported in chunks (web/core/validate readArchiveChunks): each chunk is one
// importTransactions call with its own ImportReport, and the user should see what one call on the
// whole file would have said. Pure: the caller passes the reports and the quarantine size it read
// before the first chunk. It lives beside its caller, not in web/ledger: the main thread imports
// only types from the ledger, so the replica's code (and its WASM) stays out of the app bundle.
import type { Reason } from '../../core/validate/index.ts';
import type { ImportReport } from '../../ledger/index.ts';

/** One chunk's report, and the file position of the chunk's first record. */
export interface ChunkReport {
  report: ImportReport;
  first: number;
}

/** The reasons of txs that still wait (held): they describe a state, not a refusal. */
const WAITING: readonly Reason[] = ['BUNDLE_INCOMPLETE', 'PARENT_MISSING'];

/**
 * Joins the reports of one file's chunks, in file order, into one report. Called by the Tangle
 * controller's file import.
 *
 * - accepted, acceptedBundles: summed (a tx is stored by exactly one call: the one that completed it).
 * - rejected: concatenated in order; a position in a chunk becomes a position in the file (+ first);
 *   -1 (the archive header) and no position (a tx refused from the quarantine) stay as they are.
 * - counts: summed for every refusal, each reported once by the call that made it.
 * - held, counts.BUNDLE_INCOMPLETE and counts.PARENT_MISSING: the final picture, not the sum of
 *   transients. A bundle cut by a chunk boundary is held by one call and stored by the next: it
 *   must not show as waiting. Held is the file's txs still waiting after the last chunk. Reports do
 *   not name held txs, so it is taken from the quarantine's growth, `last.quarantined -
 *   quarantinedBefore` (exact when the import released nothing that waited before it, as in every
 *   import into an empty quarantine), kept between the last chunk's own held txs (certainly still
 *   waiting) and the sum of every chunk's held txs (no more can wait). Of the older waiting txs, as
 *   many as earlier chunks held for PARENT_MISSING count as PARENT_MISSING, the rest as
 *   BUNDLE_INCOMPLETE: a missing parent is usually outside the file and stays missing, while an
 *   incomplete bundle is usually completed by the next chunk.
 * - quarantined, missingParents: the last chunk's (they are already the state after all the calls).
 */
export function mergeImportReports(chunks: readonly ChunkReport[], quarantinedBefore: number): ImportReport {
  if (!Array.isArray(chunks) || chunks.length === 0) throw new RangeError('chunks must hold the report of at least one chunk');
  if (!Number.isSafeInteger(quarantinedBefore) || quarantinedBefore < 0) {
    throw new RangeError(`quarantinedBefore must be a whole number of txs, got ${String(quarantinedBefore)}`);
  }
  const last = chunks[chunks.length - 1].report;
  const merged: ImportReport = {
    accepted: 0,
    acceptedBundles: 0,
    rejected: [],
    held: 0,
    quarantined: last.quarantined,
    missingParents: [...last.missingParents],
    counts: {},
  };
  let heldEver = 0;
  let parentMissingBefore = 0;
  chunks.forEach(({ report, first }, k) => {
    if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`chunks[${k}].first must be a record position (0 or more), got ${String(first)}`);
    merged.accepted += report.accepted;
    merged.acceptedBundles += report.acceptedBundles;
    for (const r of report.rejected) {
      merged.rejected.push(r.position !== undefined && r.position >= 0 ? { ...r, position: r.position + first } : { ...r });
    }
    for (const [reason, n] of Object.entries(report.counts) as [Reason, number][]) {
      if (!WAITING.includes(reason)) merged.counts[reason] = (merged.counts[reason] ?? 0) + n;
    }
    heldEver += report.held;
    if (k < chunks.length - 1) parentMissingBefore += report.counts.PARENT_MISSING ?? 0;
  });
  const upper = Math.min(heldEver, last.quarantined);
  const held = Math.max(last.held, Math.min(upper, last.quarantined - quarantinedBefore));
  const older = held - last.held;
  const parentMissing = Math.min(last.counts.PARENT_MISSING ?? 0, last.held) + Math.min(older, parentMissingBefore);
  const incomplete = held - parentMissing;
  merged.held = held;
  if (incomplete > 0) merged.counts.BUNDLE_INCOMPLETE = incomplete;
  if (parentMissing > 0) merged.counts.PARENT_MISSING = parentMissing;
  return merged;
}
