// The WASM core's exports: the only door into assembly/. Data moves through static buffers (see
// layout.ts); every function checks its lengths here and throws an E_* message (errors.ts) through
// `env.abort`. The hand-written TypeScript interface for these exports is web/wasm/exports.ts.

import {
  TRITS_PTR, TRITS_CAP, BYTES_PTR, BYTES_CAP, SPONGE_PTR, SPONGE_SIZE, DIGEST_PTR,
  BLOCK_TRITS,
} from "./layout";
import {
  E_LENGTH_NOT_243, E_TRITS_CAPACITY, E_BYTES_CAPACITY, E_MWM_RANGE,
} from "./errors";
import { spongeReset, spongeAbsorb, spongeFinal } from "./keccak";
import { tritsToBytes48, bytesToTrits48 } from "./convert";
import * as ternary from "./ternary";
import * as kerl from "./kerl";
import * as pow from "./pow";

/** Buffer addresses and sizes, read once by the wrapper (web/wasm/core.ts). */
export function tritsPtr(): usize { return TRITS_PTR; }
export function tritsCap(): i32 { return TRITS_CAP; }
export function bytesPtr(): usize { return BYTES_PTR; }
export function bytesCap(): i32 { return BYTES_CAP; }
export function spongePtr(): usize { return SPONGE_PTR; }
export function spongeSize(): i32 { return SPONGE_SIZE; }
export function digestPtr(): usize { return DIGEST_PTR; }
/** Index of the offending tryte, trit or group after the last failed call (-1 if none); reading
 * it clears it, so a later error without a position never shows a stale one. */
export function lastErrorIndex(): i32 {
  const at = ternary.lastErrorIndex;
  ternary.lastErrorIndex = -1;
  return at;
}

function checkBlocks(len: i32): void {
  if (len <= 0 || len % BLOCK_TRITS != 0) throw new Error(E_LENGTH_NOT_243);
  if (len > TRITS_CAP) throw new Error(E_TRITS_CAPACITY);
}

// ---- Kerl on the caller's sponge, trits in TRITS ----
export function kerlReset(): void { spongeReset(SPONGE_PTR); }
export function kerlAbsorb(len: i32): void {
  checkBlocks(len);
  ternary.checkTrits(TRITS_PTR, len);
  kerl.kerlAbsorb(SPONGE_PTR, TRITS_PTR, len);
}
export function kerlSqueeze(len: i32): void {
  checkBlocks(len);
  kerl.kerlSqueeze(SPONGE_PTR, TRITS_PTR, len);
}

// ---- raw Keccak-384 on the caller's sponge, bytes in BYTES ----
export function keccakReset(): void { spongeReset(SPONGE_PTR); }
export function keccakUpdate(len: i32): void {
  if (len < 0 || len > BYTES_CAP) throw new Error(E_BYTES_CAPACITY);
  spongeAbsorb(SPONGE_PTR, BYTES_PTR, len);
}
/** Writes the 48-byte digest to BYTES; the sponge must be reset before reuse. */
export function keccakDigest(): void { spongeFinal(SPONGE_PTR, BYTES_PTR); }

// ---- codecs ----
/** TRITS[0..243) to BYTES[0..48). */
export function tritsToBytes(): void {
  ternary.checkTrits(TRITS_PTR, BLOCK_TRITS);
  tritsToBytes48(TRITS_PTR, BYTES_PTR);
}
/** BYTES[0..48) to TRITS[0..243). */
export function bytesToTrits(): void { bytesToTrits48(BYTES_PTR, TRITS_PTR); }
/** n tryte characters in BYTES to 3n trits in TRITS. */
export function trytesToTrits(n: i32): void {
  if (n < 0 || n > BYTES_CAP) throw new Error(E_BYTES_CAPACITY);
  if (n * 3 > TRITS_CAP) throw new Error(E_TRITS_CAPACITY);
  ternary.trytesToTrits(BYTES_PTR, n, TRITS_PTR);
}
/** 3n trits in TRITS to n tryte characters in BYTES. */
export function tritsToTrytes(n: i32): void {
  if (n < 0 || n * 3 > TRITS_CAP) throw new Error(E_TRITS_CAPACITY);
  if (n > BYTES_CAP) throw new Error(E_BYTES_CAPACITY);
  ternary.tritsToTrytes(TRITS_PTR, n, BYTES_PTR);
}
/** n bytes in BYTES to 6n trits in TRITS. */
export function b1t6Encode(n: i32): void {
  if (n < 0 || n > BYTES_CAP) throw new Error(E_BYTES_CAPACITY);
  if (n * 6 > TRITS_CAP) throw new Error(E_TRITS_CAPACITY);
  ternary.b1t6Encode(BYTES_PTR, n, TRITS_PTR);
}
/** len trits in TRITS to len/6 bytes in BYTES. */
export function b1t6Decode(len: i32): void {
  if (len < 0 || len > TRITS_CAP) throw new Error(E_TRITS_CAPACITY);
  ternary.b1t6Decode(TRITS_PTR, len, BYTES_PTR);
}

// ---- Kerl-PoW v1, digest in DIGEST ----
/** Hash trits to TRITS[0..243); returns the weight. */
export function powHash(nonce: u64): i32 { return pow.powHash(nonce, TRITS_PTR); }
/** First nonce in [start, start + count) with weight >= mwm: 1 if found (see powFoundNonce). */
export function powSearch(start: u64, count: u32, mwm: i32): i32 {
  if (mwm < 1 || mwm > BLOCK_TRITS - 1) throw new Error(E_MWM_RANGE);
  return pow.powSearch(start, count, mwm);
}
export function powFoundNonce(): u64 { return pow.foundNonce; }
export function powAttempts(): u64 { return pow.attempts; }
