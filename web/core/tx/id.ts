// What is hashed where (docs/design.md "Transactions and bundles", "Proof of work (Kerl-PoW v1)"):
// the tx id is BLAKE2b-256 of all TX_SIZE bytes; the PoW digest covers the bytes before NONCE_OFFSET;
// attaching writes trunk, branch, attachment time and nonce into a copy.
import { blake2b } from '@noble/hashes/blake2.js';
import { _assertBytes, _assertNonce, _assertTime, _assertTx, _putU64BigInt, _putU64Number } from './_bytes.ts';
import { ATTACHED_AT_OFFSET, BRANCH_LENGTH, BRANCH_OFFSET, HASH_LENGTH, NONCE_OFFSET, TRUNK_LENGTH, TRUNK_OFFSET } from './layout.ts';

/** The tx id: BLAKE2b-256 of the whole tx. Called by validation, attachBundle, the archive and the replica. */
export function txId(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return blake2b(bytes, { dkLen: HASH_LENGTH });
}

/** The bytes the PoW digest covers: everything before the nonce (a view). Called by attachBundle and validation. */
export function powEssence(bytes: Uint8Array): Uint8Array {
  _assertTx(bytes);
  return bytes.subarray(0, NONCE_OFFSET);
}

/** The attachment fields and the nonce. */
export interface Attachment {
  trunk: Uint8Array;
  branch: Uint8Array;
  attachedAt: number;
  nonce: bigint;
}

/** A copy of `bytes` with the attachment fields and nonce set. Called by attachBundle and tests. */
export function withAttachment(bytes: Uint8Array, attachment: Attachment): Uint8Array {
  _assertTx(bytes);
  if (typeof attachment !== 'object' || attachment === null) throw new TypeError('attachment must be an object');
  _assertBytes(attachment.trunk, TRUNK_LENGTH, 'attachment.trunk');
  _assertBytes(attachment.branch, BRANCH_LENGTH, 'attachment.branch');
  _assertTime(attachment.attachedAt, 'attachment.attachedAt');
  _assertNonce(attachment.nonce, 'attachment.nonce');
  const out = bytes.slice();
  out.set(attachment.trunk, TRUNK_OFFSET);
  out.set(attachment.branch, BRANCH_OFFSET);
  _putU64Number(out, ATTACHED_AT_OFFSET, attachment.attachedAt);
  _putU64BigInt(out, NONCE_OFFSET, attachment.nonce);
  return out;
}
