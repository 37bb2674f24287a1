// One report for a file imported in chunks (web/core/validate readArchiveChunks): each chunk is one
// importTransactions call with its own ImportReport, and the user should see what one call on the
// whole file would have said. Pure: the caller passes the reports, and for the txs that wait the
// replica's own answer (stillHeld). It lives beside its caller, not in web/ledger: the main thread
// imports only types from the ledger, so the replica's code (and its WASM) stays out of the app bundle.
import { MAX_LISTED_REJECTIONS, type Reason } from '../../core/validate/index.ts';
import type { HeldTx, ImportReport } from '../../ledger/index.ts';

/** One chunk's report, and the file position of the chunk's first record. Made by the Tangle controller's file import for mergeImportReports. */
export interface ChunkReport {
  report: ImportReport;
  first: number;
}

/** The reasons of txs that still wait (held): they describe a state, not a refusal. */
const WAITING: readonly Reason[] = ['BUNDLE_INCOMPLETE', 'PARENT_MISSING', 'WRITE_PENDING'];

/** `counts` without the waiting reasons, plus one per tx of `held` under its reason. */
function _countsWith(counts: Partial<Record<Reason, number>>, held: readonly HeldTx[]): Partial<Record<Reason, number>> {
  const out: Partial<Record<Reason, number>> = {};
  for (const [reason, n] of Object.entries(counts) as [Reason, number][]) if (!WAITING.includes(reason)) out[reason] = n;
  for (const h of held) out[h.reason] = (out[h.reason] ?? 0) + 1;
  return out;
}

/**
 * Joins the reports of one file's chunks, in file order, into one report. Called by the Tangle
 * controller's file import after each chunk, as `[running report at 0, new chunk]`: the join is
 * associative, so the running report is what one join of every chunk gives, and the controller
 * never keeps more than one report.
 *
 * - accepted, acceptedBundles: summed (a tx is stored by exactly one call: the one that completed it).
 * - rejected: the first MAX_LISTED_REJECTIONS in order; a position in a chunk becomes a position in
 *   the file (+ first); -1 (the archive header) and no position (a tx refused from the quarantine)
 *   stay as they are. rejectedOmitted: the chunks' own plus what this cut.
 * - counts: summed for every refusal, each reported once by the call that made it, so they stay
 *   exact whatever the list leaves out.
 * - held, heldTxs, counts.BUNDLE_INCOMPLETE and counts.PARENT_MISSING: every tx some chunk held,
 *   once, with the reason the last chunk that held it gave. That is not yet the file's picture: a
 *   bundle cut by a chunk boundary is held by one call and stored by the next, and a full quarantine
 *   drops old waiting txs. settleHeld makes it exact with the replica's answer.
 * - otherNetwork: the first chunk's that names one (a file names one network for all its chunks).
 * - quarantined, quarantineSaved, missingParents: the last chunk's (they are already the state after
 *   all the calls; each call writes the whole quarantine again if an earlier write failed).
 */
export function mergeImportReports(chunks: readonly ChunkReport[]): ImportReport {
  if (!Array.isArray(chunks) || chunks.length === 0) throw new RangeError('chunks must hold the report of at least one chunk');
  const last = chunks[chunks.length - 1].report;
  const merged: ImportReport = {
    accepted: 0,
    acceptedBundles: 0,
    rejected: [],
    rejectedOmitted: 0,
    held: 0,
    heldTxs: [],
    quarantined: last.quarantined,
    awaitingWrite: last.awaitingWrite,
    quarantineSaved: last.quarantineSaved,
    missingParents: [...last.missingParents],
    counts: {},
  };
  const heldAt = new Map<string, number>();
  chunks.forEach(({ report, first }, k) => {
    if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`chunks[${k}].first must be a record position (0 or more), got ${String(first)}`);
    merged.accepted += report.accepted;
    merged.acceptedBundles += report.acceptedBundles;
    merged.rejectedOmitted += report.rejectedOmitted;
    for (const r of report.rejected) {
      if (merged.rejected.length === MAX_LISTED_REJECTIONS) {
        merged.rejectedOmitted++;
        continue;
      }
      merged.rejected.push(r.position !== undefined && r.position >= 0 ? { ...r, position: r.position + first } : { ...r });
    }
    for (const [reason, n] of Object.entries(report.counts) as [Reason, number][]) {
      if (!WAITING.includes(reason)) merged.counts[reason] = (merged.counts[reason] ?? 0) + n;
    }
    for (const h of report.heldTxs) {
      // A tx that already waits is held again by each call that brings it (ingest.ts), so a file
      // holding it twice would list it twice: once, where it first came, with the later reason.
      const at = heldAt.get(h.id);
      if (at === undefined) {
        heldAt.set(h.id, merged.heldTxs.length);
        merged.heldTxs.push({ ...h });
      } else {
        merged.heldTxs[at] = { ...h };
      }
    }
  });
  merged.held = merged.heldTxs.length;
  merged.counts = _countsWith(merged.counts, merged.heldTxs);
  const other = chunks.find((c) => c.report.otherNetwork)?.report.otherNetwork;
  if (other) merged.otherNetwork = { ...other };
  return merged;
}

/**
 * `report` with its held txs replaced by `stillHeld`: the replica's answer (Replica.stillHeld) on
 * which of the report's held txs still wait, and why now. Once the last chunk is in, held and the
 * BUNDLE_INCOMPLETE and PARENT_MISSING counts are then exact: what one call on the whole file would
 * report. Called by the Tangle controller's file import, at the end, and midway when the list of
 * held txs outgrows the quarantine (only txs in the quarantine can still wait).
 */
export function settleHeld(report: ImportReport, stillHeld: readonly HeldTx[]): ImportReport {
  if (!Array.isArray(stillHeld)) throw new TypeError('stillHeld must be an array of { id, reason }');
  const held = new Set(report.heldTxs.map((h) => h.id));
  stillHeld.forEach((h, k) => {
    if (!held.has(h?.id)) throw new RangeError(`stillHeld[${k}].id must name a tx this import held, got ${String(h?.id)}`);
    if (!WAITING.includes(h.reason)) throw new RangeError(`stillHeld[${k}].reason must be BUNDLE_INCOMPLETE, PARENT_MISSING or WRITE_PENDING, got ${String(h.reason)}`);
  });
  const heldTxs = stillHeld.map((h): HeldTx => (h.blockedBy ? { id: h.id, reason: h.reason, blockedBy: { ...h.blockedBy } } : { id: h.id, reason: h.reason }));
  return { ...report, held: heldTxs.length, heldTxs, counts: _countsWith(report.counts, heldTxs) };
}
