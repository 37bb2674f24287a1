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
import * as blake from "./blake2b";

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

// ---- the DAG, tip selection and confidence (dag.ts, walk.ts, grow.ts) ----
// Transactions are indices (0 = genesis). Every export first makes sure the graph exists (the
// arena is allocated on first use, so a PoW-only instance never allocates it). Arena pointers
// move when the graph grows: read them after the call that filled them. The hand-written interface
// is web/wasm/graph-exports.ts; the typed wrapper is web/wasm/graph.ts.
import * as dag from "./dag";
import * as walk from "./walk";
import * as grow from "./grow";
import * as sim from "./sim";
import { E_GRAPH_INDEX, E_GRAPH_WINDOW } from "./errors";

function checkIndex(i: i32): void {
  dag.ready();
  if (i < 0 || i >= dag.size) throw new Error(E_GRAPH_INDEX);
}

export function graphReset(): void { dag.ready(); dag.reset(); }
export function graphSize(): i32 { dag.ready(); return dag.size; }
export function graphCapacity(): i32 { dag.ready(); return dag.cap; }
export function graphMaxTxs(): i32 { return dag.MAX_TXS; }
/** insertMany's input buffer: graphInputCap() trunks (u32), then as many branches (u32), then
 * as many attachedAts (f64), at graphInputPtr(). */
export function graphInputPtr(): usize { return dag.INPUT_TRUNKS_PTR; }
export function graphInputCap(): i32 { return dag.INPUT_CAP; }
/** One tx with its weight update; returns its index. */
export function graphInsert(trunk: i32, branch: i32, attachedAt: f64): i32 {
  dag.ready();
  return dag.insert(trunk, branch, attachedAt);
}
/** `count` txs from the input buffer, weights deferred until graphSettle (or any reading call). */
export function graphInsertInput(count: i32): void { dag.ready(); dag.insertInput(count); }
export function graphSettle(): void { dag.ready(); dag.settle(); }
/** Room for `count` more txs and the window rebuild after them, before a store write. */
export function graphReserve(count: i32): void { dag.ready(); dag.reserve(count); }
export function graphTrunk(i: i32): i32 { checkIndex(i); return dag.trunkOf(i); }
export function graphBranch(i: i32): i32 { checkIndex(i); return dag.branchOf(i); }
export function graphAttachedAt(i: i32): f64 { checkIndex(i); return dag.attachedAtOf(i); }
export function graphCumulativeWeight(i: i32): u32 {
  checkIndex(i);
  dag.settle();
  if (i < dag.windowStart) throw new Error(E_GRAPH_WINDOW);
  return dag.cwOf(i);
}
export function graphWindowStart(): i32 { dag.ready(); dag.settle(); return dag.windowStart; }
export function graphMaxWindow(): i32 { return dag.maxWindow; }
export function graphSetMaxWindow(m: i32): void { dag.ready(); dag.setMaxWindow(m); }
export function graphTipCount(): i32 { dag.ready(); return dag.tipCount; }
/** graphTipCount() tip indices (u32), in no particular order. */
export function graphTipsPtr(): usize { dag.ready(); return dag.pTips; }
/** Writes x's approvers (u32, newest first) at graphListPtr(); returns how many. */
export function graphApprovers(i: i32): i32 { checkIndex(i); return dag.approversInto(i); }
export function graphListPtr(): usize { dag.ready(); return dag.pStack; }
export function graphEntryPoint(depth: i32): i32 { dag.ready(); return walk.entryPoint(depth); }
export function graphWalk(entry: i32, alpha: f64, seed: u64): i32 { dag.ready(); return walk.walk(entry, alpha, seed); }
/** Two tips packed as first | second << 32. */
export function graphSelectTips(alpha: f64, depth: i32, seed: u64): u64 {
  dag.ready();
  return walk.selectTips(alpha, depth, seed);
}
/** Writes the confidences of [windowStart, size) as f64 at graphValuesPtr(); returns how many. */
export function graphConfidence(samples: i32, alpha: f64, depth: i32, seed: u64): i32 {
  dag.ready();
  return walk.confidence(samples, alpha, depth, seed);
}
export function graphValuesPtr(): usize { dag.ready(); return dag.pScratch; }
export function graphGrowUniform(count: i32, lambdaH: i32, seed: u64): void {
  dag.ready();
  grow.growUniform(count, lambdaH, seed);
}
// The simulation lab's two extras (sim.ts); typed in web/core/sim/_core.ts.
/** Two tips uniform among the graph's tips, packed as first | second << 32. */
export function simUniformTips(seed: u64): u64 { dag.ready(); return sim.uniformTips(seed); }
/** One tx whose weight update waits for the next settle; returns its index. */
export function simInsertDeferred(trunk: i32, branch: i32, attachedAt: f64): i32 {
  dag.ready();
  return sim.insertDeferred(trunk, branch, attachedAt);
}

// ---- BLAKE2b-256 (RFC 7693), bytes in BYTES ----
/** Starts a BLAKE2b-256 hash. */
export function blakeInit(): void { blake.blakeInit(); }
/** Feeds BYTES[0..len). */
export function blakeUpdate(len: i32): void {
  if (len < 0 || len > BYTES_CAP) throw new Error(E_BYTES_CAPACITY);
  blake.blakeUpdate(BYTES_PTR, len);
}
/** Writes the 32-byte digest to BYTES[0..32). */
export function blakeFinal(): void { blake.blakeFinal(BYTES_PTR); }
/** BYTES[0..len) is a tx: writes BLAKE2b-256 of its first shortLen bytes (the PoW digest) to
 * BYTES[len..len+32) and of all len bytes (the id) to BYTES[len+32..len+64). */
export function txHashes(shortLen: i32, len: i32): void {
  if (shortLen < 0 || shortLen > len || len + 64 > BYTES_CAP) throw new Error(E_BYTES_CAPACITY);
  blake.blake2b256Pair(BYTES_PTR, shortLen, len, BYTES_PTR + <usize>len, BYTES_PTR + <usize>(len + 32));
}
