// Each validation reason code (web/core/validate/reasons.ts) as a sentence in the language shown.
// The core's English messages stay the source of truth for what each code means; these say the same
// in words for people (no "tx", no field names), and the core stays free of UI concerns. The code
// itself is shown only in small print, for support.
import { msg } from '@lit/localize';
import type { Reason } from '../../core/validate/index.ts';

/** Why a transaction was refused or waits, in a sentence. Called by the Tangle screen's cards. */
export function reasonInWords(reason: Reason): string {
  switch (reason) {
    case 'GARBAGE':
      return msg('The file or record is broken: it does not have the shape of medtangle transactions.');
    case 'TRUNCATED':
      return msg('The transaction or file is shorter than it should be: part of it is missing.');
    case 'NETWORK_MISMATCH':
      return msg('The file belongs to another network (another name or MWM), so nothing in it was read.');
    case 'OVERSIZED':
      return msg('The transaction is longer than a transaction can be.');
    case 'VERSION':
      return msg('The transaction was written in a format version this app does not know.');
    case 'KIND':
      return msg('The transaction is of a kind this app does not know.');
    case 'INDEX':
      return msg('The transaction’s place in its bundle is past the bundle’s end, or the bundle is longer than 255 transactions.');
    case 'PAYLOAD_LENGTH':
      return msg('The transaction says it carries more content than a transaction can hold.');
    case 'PADDING':
      return msg('The space after the transaction’s content is not empty, as it must be.');
    case 'SIGNATURE_PLACEMENT':
      return msg('A transaction other than the last of its bundle carries a signature.');
    case 'SIGNATURE_MISSING':
      return msg('The bundle’s last transaction, which must carry the signature, has none.');
    case 'FUTURE_TIMESTAMP':
      return msg('The time it was made or attached is more than 10 minutes in the future.');
    case 'PAST_TIMESTAMP':
      return msg('The time it was made or attached is before 1 January 2024, or it was never attached.');
    case 'ATTACHED_BEFORE_ISSUED':
      return msg('The transaction was attached before it was made.');
    case 'POW':
      return msg('The proof of work is below the network’s minimum weight magnitude (MWM).');
    case 'ID_MISMATCH':
      return msg('The transaction’s identifier does not match its contents.');
    case 'DUPLICATE':
      return msg('The transaction is already on this device, or came twice in one import.');
    case 'BUNDLE_INCONSISTENT':
      return msg('The transactions of one bundle disagree on its size, issuer, kind, time or label.');
    case 'BUNDLE_CONFLICT':
      return msg('Another transaction already holds this place in the same bundle.');
    case 'BUNDLE_CHAIN':
      return msg('A transaction of the bundle does not approve the next one, as it must.');
    case 'PARENT_CYCLE':
      return msg('A transaction approves a member of its own bundle other than the next one.');
    case 'BUNDLE_HASH':
      return msg('The bundle’s fingerprint (hash) does not match its transactions.');
    case 'ISSUER_KEY':
      return msg('The issuer’s public key is not a valid key.');
    case 'SIGNATURE_MALFORMED':
      return msg('The signature is not written the way a valid signature is.');
    case 'SIGNATURE_INVALID':
      return msg('The signature does not match the issuer’s key: the bundle was changed, or not signed by its issuer.');
    case 'PARENT_TIME':
      return msg('The transaction was attached long before a transaction it approves.');
    case 'INTERNAL':
      return msg('A check could not finish on this transaction (a fault in this app); it was refused, and nothing else was affected.');
    case 'BUNDLE_INCOMPLETE':
      return msg('Some transactions of the bundle are still missing; it waits in quarantine.');
    case 'PARENT_MISSING':
      return msg('A transaction the bundle approves is not on this device yet; it waits in quarantine.');
    case 'QUARANTINE_FULL':
      return msg('The quarantine was full, so the transactions that had waited longest were let go.');
    case 'WRITE_PENDING':
      return msg('The transaction passed every check, but this device could not store it yet; it is kept and stored by the next import.');
    default: {
      const unknown: never = reason;
      throw new RangeError(`reason ${String(unknown)} is not a reason code`);
    }
  }
}
