// The error decodeTx throws for bytes that are not a well-formed v1 tx (docs/design.md "Transactions and
// bundles": a fixed layout with a version byte). Its `reason` uses the same codes as validation
// (web/core/validate/reasons.ts), so the validator and the archive import can report it unchanged.

/** Why decodeTx refused the bytes. */
export type TxFormatReason = 'TRUNCATED' | 'OVERSIZED' | 'VERSION' | 'PAYLOAD_LENGTH' | 'PADDING' | 'FUTURE_TIMESTAMP';

/** Thrown by decodeTx; caught by importers and the record layer, which report `reason`. */
export class TxFormatError extends RangeError {
  override name = 'TxFormatError';
  readonly reason: TxFormatReason;

  constructor(reason: TxFormatReason, message: string) {
    super(`${reason}: ${message}`);
    this.reason = reason;
  }
}
