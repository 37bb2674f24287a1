// Why a tx, a record or a bundle was not accepted (docs/design.md "Validation of everything that arrives":
// anything invalid is rejected with a reason and counted). Each code is a string constant that the
// pipeline, the sync layer and the UI share; each has one line of text for people.

/** Every reason code with its message. Used by the pipeline's counts, the sync report and the UI. */
export const REASONS = Object.freeze({
  // framing and size
  GARBAGE: 'The archive or record framing is broken (bad magic, stray bytes, or not bytes at all).',
  TRUNCATED: 'The tx or archive is shorter than its fixed size.',
  NETWORK_MISMATCH: 'The archive belongs to another network (another name or MWM), so nothing in it was read.',
  OVERSIZED: 'The tx record is longer than the fixed tx size.',
  // layout
  VERSION: 'The tx has an unknown layout version.',
  KIND: 'The tx has an unknown kind.',
  INDEX: 'The tx index is past the last index, or the bundle is longer than 255 txs.',
  PAYLOAD_LENGTH: 'The payload length is over the maximum payload size.',
  PADDING: 'The bytes after the payload are not all zero.',
  SIGNATURE_PLACEMENT: 'A tx other than the tail carries a signature.',
  SIGNATURE_MISSING: 'The tail of the bundle carries no signature.',
  // time
  FUTURE_TIMESTAMP: 'The issue or attachment time is more than 10 minutes in the future.',
  PAST_TIMESTAMP: 'The issue or attachment time is before 2024-01-01 (or the tx was never attached).',
  ATTACHED_BEFORE_ISSUED: 'The tx was attached before it was issued.',
  // work and identity
  POW: 'The proof of work is below the minimum weight magnitude.',
  ID_MISMATCH: 'The claimed id is not the BLAKE2b-256 of the tx bytes.',
  DUPLICATE: 'The tx is already in the replica, or sent twice in one import.',
  // bundle
  BUNDLE_INCONSISTENT: 'Members of one bundle disagree on last index, issuer, kind, issue time or tag.',
  BUNDLE_CONFLICT: 'Another tx already holds this index of the same bundle attachment.',
  BUNDLE_CHAIN: 'A tx of the bundle does not approve the next tx as its trunk.',
  PARENT_CYCLE: 'A tx approves a member of its own bundle attachment other than the next index.',
  BUNDLE_HASH: 'The bundle hash does not match the members\' essences.',
  ISSUER_KEY: 'The issuer is not a valid Ed25519 public key (or has small order).',
  SIGNATURE_MALFORMED: 'The signature is not a canonical Ed25519 signature.',
  SIGNATURE_INVALID: 'The signature does not verify under the issuer\'s key.',
  PARENT_TIME: 'The tx was attached long before a tx it approves.',
  // a fault of this app, not of the data: the check could not finish, so the tx was refused
  INTERNAL: 'A check could not finish on this tx (a fault in this app); it was refused, and nothing else was affected.',
  // waiting (the txs stay in quarantine: `held` in the result)
  BUNDLE_INCOMPLETE: 'Members of the bundle are still missing; it waits in quarantine.',
  PARENT_MISSING: 'A tx the bundle approves is not in the replica yet; it waits in quarantine.',
  QUARANTINE_FULL: 'The quarantine was full, so the oldest waiting txs were dropped.',
  WRITE_PENDING: 'The tx passed every check, but the device could not write it yet; it is kept and written by the next import.',
} as const);

/** A reason code. */
export type Reason = keyof typeof REASONS;

/** All reason codes, in the order above. Used by tests and by the sync report's table. */
export const REASON_CODES: readonly Reason[] = Object.freeze(Object.keys(REASONS) as Reason[]);

/** The message for a code. Called by the UI and the sync report. */
export function reasonMessage(reason: Reason): string {
  const message = (REASONS as Record<string, string>)[reason];
  if (message === undefined) throw new RangeError(`reason ${String(reason)} is not a reason code`);
  return message;
}
