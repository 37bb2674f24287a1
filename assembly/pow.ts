// Kerl-PoW v1 (DESIGN.md "Proof of work"): for a 32-byte digest and a u64 nonce,
//   input  = b1t6(digest) || b1t6(nonce, 8 bytes little-endian) || [0, 0, 0]     243 trits
//   hash   = Kerl(input), one 243-trit squeeze
//   weight = zero trits counted from trit 0 = the largest k with 3^k dividing the hash's value.
// The layout is the Chrysalis message PoW (TIP-12) with Kerl in place of Curl-P-81.

import { BLOCK_TRITS, BLOCK_BYTES, DIGEST_BYTES, DIGEST_PTR, POW_SPONGE_PTR, SCRATCH_BYTES_PTR } from "./layout";
import { spongeReset } from "./keccak";
import { powPermute1, powPermute2 } from "./keccak_pow";
import { tritsToBytes48, bytesToTrits48 } from "./convert";
import { b1t6Encode } from "./ternary";
import { kerlAbsorb, kerlSqueeze } from "./kerl";

// The input layout, each offset derived from the field before it.
const NONCE_BYTES: i32 = 8;
const DIGEST_TRITS_OFFSET: i32 = 0;
const DIGEST_TRITS: i32 = DIGEST_BYTES * 6;
const NONCE_TRITS_OFFSET: i32 = DIGEST_TRITS_OFFSET + DIGEST_TRITS;
const NONCE_TRITS: i32 = NONCE_BYTES * 6;
const PAD_OFFSET: i32 = NONCE_TRITS_OFFSET + NONCE_TRITS;
const PAD_TRITS: i32 = 3;
const INPUT_TRITS: i32 = PAD_OFFSET + PAD_TRITS;
if (INPUT_TRITS != BLOCK_TRITS) ERROR("the PoW input must be exactly one Kerl block");

const INPUT_PTR: usize = memory.data(256, 16);
const NONCE_PTR: usize = memory.data(NONCE_BYTES, 8);
const TABLE_TRITS_PTR: usize = memory.data(256, 16);

/** The nonce found by the last successful `powSearch`, and the attempts that search made. */
export let foundNonce: u64 = 0;
export let attempts: u64 = 0;

/** Writes b1t6(digest) and the zero padding into the input block. */
function writeDigest(): void {
  b1t6Encode(DIGEST_PTR, DIGEST_BYTES, INPUT_PTR + <usize>DIGEST_TRITS_OFFSET);
  memory.fill(INPUT_PTR + <usize>PAD_OFFSET, 0, PAD_TRITS);
}

/** Writes b1t6(nonce as 8 bytes little-endian) into the input block. */
function writeNonce(nonce: u64): void {
  store<u64>(NONCE_PTR, nonce); // wasm stores are little-endian
  b1t6Encode(NONCE_PTR, NONCE_BYTES, INPUT_PTR + <usize>NONCE_TRITS_OFFSET);
}

/** Zero trits from trit 0 up to the first non-zero one. */
export function tritWeight(hash: usize): i32 {
  let k = 0;
  while (k < BLOCK_TRITS && load<i8>(hash + <usize>k) == 0) k++;
  return k;
}

/**
 * The plain path: builds the input, runs Kerl, writes the 243 hash trits to `dst` and returns the
 * weight. Called by the `powHash` export; the tests hold the fast search below against it.
 */
export function powHash(nonce: u64, dst: usize): i32 {
  writeDigest();
  writeNonce(nonce);
  spongeReset(POW_SPONGE_PTR);
  kerlAbsorb(POW_SPONGE_PTR, INPUT_PTR, INPUT_TRITS);
  kerlSqueeze(POW_SPONGE_PTR, dst, BLOCK_TRITS);
  return tritWeight(dst);
}

// ---- the search ----------------------------------------------------------------------------
//
// Only the nonce's low byte changes between neighbouring attempts. Its six trits sit at 3^192 and
// encode the signed byte value s, so the 384-bit input integer is base + s * 3^192, where `base` is
// the integer with the low byte's trits zeroed. TABLE holds s * 3^192 (two's complement, as six
// 64-bit limbs, most significant first) for every byte value, so an attempt costs a 6-limb add, six
// byte swaps and one Keccak-f instead of a 243-trit conversion. With SIMD, two neighbouring nonces
// (an even low byte and the next) run in one 2-way permutation (keccak_pow.ts).
//
// The weight test needs only the output integer v modulo 3^k:
//  1. v mod 3 from the sum of its 32-bit halves (2^32 = 1 mod 3), no byte swap: rejects 2 in 3;
//  2. v mod 3^min(mwm, 13) as one dot product of the twelve 32-bit limbs with 2^(32i) mod 3^13
//     (each product < 2^53, the sum < 2^57, one remainder at the end);
//  3. only for mwm > 13, the full trit conversion, on a 3^-13 fraction of attempts.
// v is signed: v = U - 2^384 when its top bit is set, so the test is U = sign * 2^384 (mod m).

const TABLE_PTR: usize = memory.data(256 * BLOCK_BYTES, 16);
let tableReady = false;
const POW_LIMBS: i32 = 12;
const WEIGHTS_PTR: usize = memory.data(POW_LIMBS * 8, 16); // 2^(32 (11 - i)) mod m
const FAST_MAX_K: i32 = 13;
const M32: u64 = 0xFFFFFFFF;
// Permutation input and output lanes: block A at +0, block B at +8, 16 bytes a lane (v128 layout).
const IN_PTR: usize = memory.data(6 * 16, 16);
const OUT_PTR: usize = memory.data(6 * 16, 16);

// Per-search state: the base integer (six 64-bit limbs, most significant first) and the modulus.
let base0: u64 = 0, base1: u64 = 0, base2: u64 = 0, base3: u64 = 0, base4: u64 = 0, base5: u64 = 0;
let modK: i32 = 1;
let modM: u64 = 3;
let mod384: u64 = 1;

function buildTable(): void {
  for (let b = 0; b < 256; b++) {
    memory.fill(TABLE_TRITS_PTR, 0, BLOCK_TRITS);
    store<u8>(NONCE_PTR, <u8>b);
    b1t6Encode(NONCE_PTR, 1, TABLE_TRITS_PTR + <usize>NONCE_TRITS_OFFSET);
    tritsToBytes48(TABLE_TRITS_PTR, SCRATCH_BYTES_PTR);
    const row = TABLE_PTR + <usize>(b * BLOCK_BYTES);
    for (let j = 0; j < 6; j++) {
      store<u64>(row + <usize>(j << 3), bswap<u64>(load<u64>(SCRATCH_BYTES_PTR + <usize>(j << 3))));
    }
  }
  tableReady = true;
}

/** The base integer for the 256 nonces that share `nonce`'s upper seven bytes. */
function loadBase(nonce: u64): void {
  writeNonce(nonce & ~(<u64>0xFF));
  tritsToBytes48(INPUT_PTR, SCRATCH_BYTES_PTR);
  base0 = bswap<u64>(load<u64>(SCRATCH_BYTES_PTR, 0));
  base1 = bswap<u64>(load<u64>(SCRATCH_BYTES_PTR, 8));
  base2 = bswap<u64>(load<u64>(SCRATCH_BYTES_PTR, 16));
  base3 = bswap<u64>(load<u64>(SCRATCH_BYTES_PTR, 24));
  base4 = bswap<u64>(load<u64>(SCRATCH_BYTES_PTR, 32));
  base5 = bswap<u64>(load<u64>(SCRATCH_BYTES_PTR, 40));
}

/** Writes the six Keccak input lanes of nonce low byte `low` to dst, dst + stride, ... */
// @ts-ignore: decorator
@inline
function writeLanes(low: i32, dst: usize, stride: usize): void {
  // input = base + table[low], a 384-bit add from the least significant limb
  const row = TABLE_PTR + <usize>(low * BLOCK_BYTES);
  const s5 = base5 + load<u64>(row, 40);
  let c: u64 = <u64>(s5 < base5);
  let x = base4 + load<u64>(row, 32);
  const s4 = x + c;
  c = <u64>(x < base4) | <u64>(s4 < x);
  x = base3 + load<u64>(row, 24);
  const s3 = x + c;
  c = <u64>(x < base3) | <u64>(s3 < x);
  x = base2 + load<u64>(row, 16);
  const s2 = x + c;
  c = <u64>(x < base2) | <u64>(s2 < x);
  x = base1 + load<u64>(row, 8);
  const s1 = x + c;
  c = <u64>(x < base1) | <u64>(s1 < x);
  const s0 = base0 + load<u64>(row, 0) + c;
  // the big-endian bytes, read as little-endian lanes
  store<u64>(dst, bswap<u64>(s0));
  store<u64>(dst + stride, bswap<u64>(s1));
  store<u64>(dst + stride * 2, bswap<u64>(s2));
  store<u64>(dst + stride * 3, bswap<u64>(s3));
  store<u64>(dst + stride * 4, bswap<u64>(s4));
  store<u64>(dst + stride * 5, bswap<u64>(s5));
}

/** Whether the digest lanes at o, o + stride, ... have weight >= mwm (the staged test above). */
// @ts-ignore: decorator
@inline
function isHit(o: usize, stride: usize, mwm: i32): bool {
  const o0 = load<u64>(o);
  const o1 = load<u64>(o + stride);
  const o2 = load<u64>(o + stride * 2);
  const o3 = load<u64>(o + stride * 3);
  const o4 = load<u64>(o + stride * 4);
  const o5 = load<u64>(o + stride * 5);
  const sign: u64 = (o0 >> 7) & 1; // top bit of byte 0, the most significant byte
  // 1. modulo 3
  const sum3 = (o0 & M32) + (o0 >> 32) + (o1 & M32) + (o1 >> 32) + (o2 & M32) + (o2 >> 32)
    + (o3 & M32) + (o3 >> 32) + (o4 & M32) + (o4 >> 32) + (o5 & M32) + (o5 >> 32);
  if (sum3 % 3 != sign) return false;
  // 2. modulo 3^min(mwm, 13)
  if (modK > 1) {
    const l0 = bswap<u64>(o0), l1 = bswap<u64>(o1), l2 = bswap<u64>(o2);
    const l3 = bswap<u64>(o3), l4 = bswap<u64>(o4), l5 = bswap<u64>(o5);
    const wp = WEIGHTS_PTR;
    const acc = (l0 >> 32) * load<u64>(wp, 0) + (l0 & M32) * load<u64>(wp, 8)
      + (l1 >> 32) * load<u64>(wp, 16) + (l1 & M32) * load<u64>(wp, 24)
      + (l2 >> 32) * load<u64>(wp, 32) + (l2 & M32) * load<u64>(wp, 40)
      + (l3 >> 32) * load<u64>(wp, 48) + (l3 & M32) * load<u64>(wp, 56)
      + (l4 >> 32) * load<u64>(wp, 64) + (l4 & M32) * load<u64>(wp, 72)
      + (l5 >> 32) * load<u64>(wp, 80) + (l5 & M32) * load<u64>(wp, 88);
    if (acc % modM != (sign != 0 ? mod384 : 0)) return false;
  }
  // 3. beyond 3^13: the exact count on the rare survivors
  if (mwm > FAST_MAX_K) {
    store<u64>(SCRATCH_BYTES_PTR, o0, 0);
    store<u64>(SCRATCH_BYTES_PTR, o1, 8);
    store<u64>(SCRATCH_BYTES_PTR, o2, 16);
    store<u64>(SCRATCH_BYTES_PTR, o3, 24);
    store<u64>(SCRATCH_BYTES_PTR, o4, 32);
    store<u64>(SCRATCH_BYTES_PTR, o5, 40);
    bytesToTrits48(SCRATCH_BYTES_PTR, TABLE_TRITS_PTR);
    if (tritWeight(TABLE_TRITS_PTR) < mwm) return false;
  }
  return true;
}

/** One nonce on the scalar permutation. */
function tryOne(low: i32, mwm: i32): bool {
  writeLanes(low, IN_PTR, 8);
  powPermute1(
    load<u64>(IN_PTR, 0), load<u64>(IN_PTR, 8), load<u64>(IN_PTR, 16),
    load<u64>(IN_PTR, 24), load<u64>(IN_PTR, 32), load<u64>(IN_PTR, 40), OUT_PTR,
  );
  return isHit(OUT_PTR, 8, mwm);
}

/**
 * Searches nonces start, start+1, ... (count of them) for weight >= mwm; returns 1 and sets
 * `foundNonce` at the first (lowest) hit, else 0. `attempts` counts the nonces tried. The caller
 * checks that start + count does not pass 2^64 and that mwm is in range. Called by the `powSearch`
 * export.
 */
export function powSearch(start: u64, count: u32, mwm: i32): i32 {
  if (!tableReady) buildTable();
  writeDigest();
  modK = mwm < FAST_MAX_K ? mwm : FAST_MAX_K;
  let m: u64 = 1;
  for (let i = 0; i < modK; i++) m *= 3;
  let w: u64 = 1 % m;
  for (let i = POW_LIMBS - 1; i >= 0; i--) {
    store<u64>(WEIGHTS_PTR + <usize>(i << 3), w);
    w = (w << 32) % m;
  }
  modM = m;
  mod384 = w; // 2^384 mod m
  attempts = 0;
  let i: u32 = 0;
  while (i < count) {
    const nonce = start + <u64>i;
    const low = <i32>(nonce & 0xFF);
    if (low == 0 || i == 0) loadBase(nonce);
    if (ASC_FEATURE_SIMD && (low & 1) == 0 && count - i >= 2) {
      // an even low byte and the next one: never crosses into another base
      writeLanes(low, IN_PTR, 16);
      writeLanes(low + 1, IN_PTR + 8, 16);
      powPermute2(IN_PTR, OUT_PTR);
      if (isHit(OUT_PTR, 16, mwm)) {
        attempts = <u64>i + 1;
        foundNonce = nonce;
        return 1;
      }
      if (isHit(OUT_PTR + 8, 16, mwm)) {
        attempts = <u64>i + 2;
        foundNonce = nonce + 1;
        return 1;
      }
      i += 2;
    } else {
      if (tryOne(low, mwm)) {
        attempts = <u64>i + 1;
        foundNonce = nonce;
        return 1;
      }
      i += 1;
    }
  }
  attempts = <u64>count;
  return 0;
}
