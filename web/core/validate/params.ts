// Validation bounds (docs/design.md "Validation of everything that arrives": timestamps within bounds;
// a bounded quarantine while parents are requested).

/** Clock drift tolerated between peers: 10 minutes. Used by the timestamp and parent-time checks. */
export const MAX_DRIFT_MS = 10 * 60 * 1000;
/** No tx is older than the project: 2024-01-01T00:00:00Z. Used by the timestamp checks. */
export const MIN_TIMESTAMP = Date.UTC(2024, 0, 1);
/** Txs the quarantine holds before it drops the oldest. Used by IngestPipeline. */
export const DEFAULT_QUARANTINE_LIMIT = 10_000;
/**
 * Refusals an import report lists one by one (with position and id); past it they are only counted,
 * by reason, exactly. A re-import of a 200 MB archive refuses ~150,000 duplicates, and a list of
 * them all (~41 MB) is memory nobody reads: the UI shows counts per reason. Used by the replica's
 * reports and the file import's merge of them.
 */
export const MAX_LISTED_REJECTIONS = 100;
