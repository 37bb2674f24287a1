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

/**
 * A 32-byte id (or tag, or key) as an exact map key: 16 UTF-16 code units, each two bytes little-endian. No
 * hex and no spread: a sync handles every id it moves this way on both sides, and the replica every
 * tx it stores (hex keys were a tenth of a sync receiver's samples, Chromium trace of the bench's
 * data channel round). Called by the sync session, the replica and the issuer key check.
 */
export function idKey(id: Uint8Array): string {
  if (id.length !== HASH_LENGTH) throw new RangeError(`id must be ${HASH_LENGTH} bytes, got ${id.length}`);
  return String.fromCharCode(
    id[0] | (id[1] << 8), id[2] | (id[3] << 8), id[4] | (id[5] << 8), id[6] | (id[7] << 8),
    id[8] | (id[9] << 8), id[10] | (id[11] << 8), id[12] | (id[13] << 8), id[14] | (id[15] << 8),
    id[16] | (id[17] << 8), id[18] | (id[19] << 8), id[20] | (id[21] << 8), id[22] | (id[23] << 8),
    id[24] | (id[25] << 8), id[26] | (id[27] << 8), id[28] | (id[29] << 8), id[30] | (id[31] << 8),
  );
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
