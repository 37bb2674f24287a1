// The Kerl-PoW v1 input layout: one 243-trit Kerl block.
// Spec: docs/design.md "Proof of work (Kerl-PoW v1)", which takes the Chrysalis message-PoW layout of
// TIP-12 (b1t6 digest || b1t6 nonce || three zero trits) and hashes it with Kerl instead of Curl.
// Each offset is derived from the previous field; the total must be exactly one Kerl block.
import { B1T6_TRITS_PER_BYTE, HASH_TRITS } from '../ternary/index.ts';

/** BLAKE2b-256 digest of the essence. Used by powDigest and every digest check. */
export const DIGEST_BYTES = 32;
/** The digest as b1t6 trits. Used by powInputTrits and the WASM layout tests. */
export const DIGEST_TRITS = DIGEST_BYTES * B1T6_TRITS_PER_BYTE;
/** Where the digest trits start. Used by powInputTrits. */
export const DIGEST_OFFSET = 0;

/** The nonce: a u64, little-endian. Used by powInputTrits and nonce checks. */
export const NONCE_BYTES = 8;
/** The nonce as b1t6 trits. Used by powInputTrits. */
export const NONCE_TRITS = NONCE_BYTES * B1T6_TRITS_PER_BYTE;
/** Where the nonce trits start: right after the digest. Used by powInputTrits. */
export const NONCE_OFFSET = DIGEST_OFFSET + DIGEST_TRITS;

/** Zero trits that fill the block. Used by powInputTrits. */
export const PAD_TRITS = 3;
/** Where the padding starts: right after the nonce. Used by powInputTrits. */
export const PAD_OFFSET = NONCE_OFFSET + NONCE_TRITS;

/** Total input length: one Kerl block. Used by powInputTrits and powHashRef. */
export const POW_INPUT_TRITS = PAD_OFFSET + PAD_TRITS;

if (POW_INPUT_TRITS !== HASH_TRITS) {
  throw new Error(`Kerl-PoW layout is ${POW_INPUT_TRITS} trits, must be one Kerl block (${HASH_TRITS})`);
}

/** Largest nonce: 2^64 - 1. Used by the argument checks and the nonce scan. */
export const MAX_NONCE = (1n << BigInt(NONCE_BYTES * 8)) - 1n;
