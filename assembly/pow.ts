// Kerl-PoW v1 (docs/design.md "Proof of work"): for a 32-byte digest and a u64 nonce,
//   input  = b1t6(digest) || b1t6(nonce, 8 bytes little-endian) || [0, 0, 0]     243 trits
//   hash   = Kerl(input), one 243-trit squeeze
//   weight = zero trits counted from trit 0 = the largest k with 3^k dividing the hash's value.
// The layout is the Chrysalis message PoW (TIP-12) with Kerl in place of Curl-P-81.

import { BLOCK_TRITS, BLOCK_BYTES, DIGEST_BYTES, DIGEST_PTR, POW_SPONGE_PTR, SCRATCH_BYTES_PTR } from "./layout";
import { spongeReset } from "./keccak";
import { powPermute1, powPermute3 } from "./keccak_f";
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
// 64-bit limbs, most significant first) for every byte value, so an attempt costs a 6-limb add, a
// byte swap per lane and one Keccak-f instead of a 243-trit conversion.
//
// With SIMD, three neighbouring nonces run in one call of powPermute3 (keccak_f.ts): two in a
// v128 stream and one in a scalar stream beside it. Triples never cross into another base: in each
// run of 256 nonces, 85 triples cover low bytes 0..254 and low byte 255 runs alone. The byte swaps
// and the weight test of a triple are v128 work too, so that the integer units stay free for the
// scalar stream; each cost about 3% of the search rate when done on u64 (bench/, Chromium 156).
//
// The weight test needs only the output integer v modulo 3^k, k = min(mwm, 13):
//  1. v mod 3^k as one dot product of its twelve 32-bit limbs with 2^(32i) mod 3^k (each product
//     < 2^53, the sum < 2^57, one remainder at the end). The scalar path first rejects 2 in 3
//     attempts on v mod 3 alone, from the sum of the 32-bit halves (2^32 = 1 mod 3, no byte swap);
//     the triple path tests all three blocks at once and branches once, almost never taken.
//  2. only for mwm > 13, the full trit conversion, on a 3^-13 fraction of attempts.
// v is signed: v = U - 2^384 when its top bit is set, so the test is U = sign * 2^384 (mod 3^k).

const TABLE_PTR: usize = memory.data(256 * BLOCK_BYTES, 16);
let tableReady = false;
const LIMBS: i32 = 6;
const HALVES: i32 = LIMBS * 2;
const FAST_MAX_K: i32 = 13;
const M32: u64 = 0xFFFFFFFF;
/** 2^(32 (11 - i)) mod 3^k for the 32-bit half i, most significant first (u64 each). */
const WEIGHTS_PTR: usize = memory.data(HALVES * 8, 16);
/** The same weights as u32 pairs (low half's, high half's) per limb, twice: the pair test's lanes. */
const PAIR_WEIGHTS_PTR: usize = memory.data(LIMBS * 16, 16);
/** The same u32 pairs once per limb, in limb order: the single block's lanes, two limbs a v128. */
const SINGLE_WEIGHTS_PTR: usize = memory.data(LIMBS * 8, 16);

// Permutation input and output lanes, in powPermute3's layout: blocks A and B share v128 lanes,
// A in the low half; block C follows as u64 lanes. The scalar path uses block A's place, 8 bytes a
// lane. LIMBS_PTR holds the three blocks' integers as native limbs before their byte swap.
const PAIR_STRIDE: usize = 16;
const PAIR_B_OFFSET: usize = 8;
const SINGLE_STRIDE: usize = 8;
const SINGLE_C_OFFSET: usize = <usize>LIMBS * PAIR_STRIDE;
const LANES_BYTES: i32 = <i32>SINGLE_C_OFFSET + LIMBS * <i32>SINGLE_STRIDE;
const IN_PTR: usize = memory.data(LANES_BYTES, 16);
const OUT_PTR: usize = memory.data(LANES_BYTES, 16);
const LIMBS_A_PTR: usize = memory.data(3 * BLOCK_BYTES, 16);
const LIMBS_B_PTR: usize = LIMBS_A_PTR + <usize>BLOCK_BYTES;
const LIMBS_C_PTR: usize = LIMBS_B_PTR + <usize>BLOCK_BYTES;
/** The highest low byte that starts a triple: low + 2 must stay within the same 256-nonce base. */
const LAST_TRIPLE_LOW: i32 = 253;

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
    for (let j = 0; j < LIMBS; j++) {
      store<u64>(row + <usize>(j << 3), bswap<u64>(load<u64>(SCRATCH_BYTES_PTR + <usize>(j << 3))));
    }
  }
  tableReady = true;
}

/** Sets the modulus 3^min(mwm, 13), 2^384 mod it, and the weight tables of the test. */
function setModulus(mwm: i32): void {
  modK = mwm < FAST_MAX_K ? mwm : FAST_MAX_K;
  let m: u64 = 1;
  for (let i = 0; i < modK; i++) m *= 3;
  let w: u64 = 1 % m;
  for (let i = HALVES - 1; i >= 0; i--) {
    store<u64>(WEIGHTS_PTR + <usize>(i << 3), w);
    w = (w << 32) % m;
  }
  modM = m;
  mod384 = w; // 2^384 mod m
  for (let j = 0; j < LIMBS; j++) {
    const high = <u32>load<u64>(WEIGHTS_PTR + <usize>(j << 4));
    const low = <u32>load<u64>(WEIGHTS_PTR + <usize>(j << 4), 8);
    const pair = PAIR_WEIGHTS_PTR + <usize>(j << 4);
    store<u32>(pair, low, 0);
    store<u32>(pair, high, 4);
    store<u32>(pair, low, 8);
    store<u32>(pair, high, 12);
    const single = SINGLE_WEIGHTS_PTR + <usize>(j << 3);
    store<u32>(single, low, 0);
    store<u32>(single, high, 4);
  }
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

/** base + TABLE[low], a 384-bit add from the least significant limb, as native limbs to dst. */
// @ts-ignore: decorator
@inline
function writeLimbs(low: i32, dst: usize): void {
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
  store<u64>(dst, base0 + load<u64>(row, 0) + c, 0);
  store<u64>(dst, s1, 8);
  store<u64>(dst, s2, 16);
  store<u64>(dst, s3, 24);
  store<u64>(dst, s4, 32);
  store<u64>(dst, s5, 40);
}

/** Byte-reverses each 64-bit half: big-endian limbs to little-endian Keccak lanes, and back. */
// @ts-ignore: decorator
@inline
function swap64x2(v: v128): v128 {
  return i8x16.shuffle(v, v, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
}

/** Two u64 from a and b (8-byte loads, which the 8-byte stores before them forward), byte-swapped. */
// @ts-ignore: decorator
@inline
function swappedPair(a: usize, b: usize): v128 {
  return swap64x2(v128.load64_lane(b, v128.load64_splat(a), 1));
}

/** The input lanes of nonce low bytes low, low + 1 and low + 2, in powPermute3's layout. */
// @ts-ignore: decorator
@inline
function writeTriple(low: i32): void {
  writeLimbs(low, LIMBS_A_PTR);
  writeLimbs(low + 1, LIMBS_B_PTR);
  writeLimbs(low + 2, LIMBS_C_PTR);
  for (let j: usize = 0; j < <usize>LIMBS; j++) {
    v128.store(IN_PTR + j * PAIR_STRIDE, swappedPair(LIMBS_A_PTR + (j << 3), LIMBS_B_PTR + (j << 3)));
  }
  for (let j: usize = 0; j < <usize>LIMBS; j += 2) {
    v128.store(IN_PTR + SINGLE_C_OFFSET + (j << 3), swappedPair(LIMBS_C_PTR + (j << 3), LIMBS_C_PTR + (j << 3) + 8));
  }
}

/** Whether U = sign * 2^384 modulo 3^k, for the dot product `dot` and the block's first byte. */
// @ts-ignore: decorator
@inline
function passesModulus(dot: u64, firstByte: u8): bool {
  return dot % modM == ((firstByte >> 7) != 0 ? mod384 : 0);
}

/** Step 2 of the test: the exact weight of the digest lanes at o, o + stride, ... is >= mwm. */
function exactWeightAtLeast(o: usize, stride: usize, mwm: i32): bool {
  if (mwm <= FAST_MAX_K) return true;
  for (let j: usize = 0; j < <usize>LIMBS; j++) {
    store<u64>(SCRATCH_BYTES_PTR + (j << 3), load<u64>(o + j * stride));
  }
  bytesToTrits48(SCRATCH_BYTES_PTR, TABLE_TRITS_PTR);
  return tritWeight(TABLE_TRITS_PTR) >= mwm;
}

/** Whether the digest lanes at o, o + stride, ... have weight >= mwm (the scalar path's test). */
function isHit(o: usize, stride: usize, mwm: i32): bool {
  const o0 = load<u64>(o);
  const o1 = load<u64>(o + stride);
  const o2 = load<u64>(o + stride * 2);
  const o3 = load<u64>(o + stride * 3);
  const o4 = load<u64>(o + stride * 4);
  const o5 = load<u64>(o + stride * 5);
  const sign: u64 = (o0 >> 7) & 1; // top bit of byte 0, the most significant byte
  const sum3 = (o0 & M32) + (o0 >> 32) + (o1 & M32) + (o1 >> 32) + (o2 & M32) + (o2 >> 32)
    + (o3 & M32) + (o3 >> 32) + (o4 & M32) + (o4 >> 32) + (o5 & M32) + (o5 >> 32);
  if (sum3 % 3 != sign) return false;
  if (modK > 1) {
    const l0 = bswap<u64>(o0), l1 = bswap<u64>(o1), l2 = bswap<u64>(o2);
    const l3 = bswap<u64>(o3), l4 = bswap<u64>(o4), l5 = bswap<u64>(o5);
    const wp = WEIGHTS_PTR;
    const dot = (l0 >> 32) * load<u64>(wp, 0) + (l0 & M32) * load<u64>(wp, 8)
      + (l1 >> 32) * load<u64>(wp, 16) + (l1 & M32) * load<u64>(wp, 24)
      + (l2 >> 32) * load<u64>(wp, 32) + (l2 & M32) * load<u64>(wp, 40)
      + (l3 >> 32) * load<u64>(wp, 48) + (l3 & M32) * load<u64>(wp, 56)
      + (l4 >> 32) * load<u64>(wp, 64) + (l4 & M32) * load<u64>(wp, 72)
      + (l5 >> 32) * load<u64>(wp, 80) + (l5 & M32) * load<u64>(wp, 88);
    if (!passesModulus(dot, <u8>o0)) return false;
  }
  return exactWeightAtLeast(o, stride, mwm);
}

/**
 * Step 1 of the test for the three blocks of a triple: bit 0 set when block A passes modulo 3^k,
 * bit 1 for B, bit 2 for C. Each byte-swapped lane, as u32 halves, is multiplied by its weights
 * with widening u32 x u32 -> u64 products; A and B share every v128, C takes two limbs per v128.
 */
// @ts-ignore: decorator
@inline
function tripleModulusHits(): i32 {
  let accA = i64x2.splat(0);
  let accB = i64x2.splat(0);
  let accC = i64x2.splat(0);
  for (let j: usize = 0; j < <usize>LIMBS; j++) {
    const v = swap64x2(v128.load(OUT_PTR + j * PAIR_STRIDE));
    const w = v128.load(PAIR_WEIGHTS_PTR + j * PAIR_STRIDE);
    accA = i64x2.add(accA, i64x2.extmul_low_i32x4_u(v, w));
    accB = i64x2.add(accB, i64x2.extmul_high_i32x4_u(v, w));
  }
  for (let j: usize = 0; j < <usize>LIMBS; j += 2) {
    const v = swap64x2(v128.load(OUT_PTR + SINGLE_C_OFFSET + (j << 3)));
    const w = v128.load(SINGLE_WEIGHTS_PTR + (j << 3));
    accC = i64x2.add(accC, i64x2.add(i64x2.extmul_low_i32x4_u(v, w), i64x2.extmul_high_i32x4_u(v, w)));
  }
  const a = passesModulus(i64x2.extract_lane(accA, 0) + i64x2.extract_lane(accA, 1), load<u8>(OUT_PTR));
  const b = passesModulus(i64x2.extract_lane(accB, 0) + i64x2.extract_lane(accB, 1), load<u8>(OUT_PTR + PAIR_B_OFFSET));
  const c = passesModulus(i64x2.extract_lane(accC, 0) + i64x2.extract_lane(accC, 1), load<u8>(OUT_PTR + SINGLE_C_OFFSET));
  return <i32>a | (<i32>b << 1) | (<i32>c << 2);
}

/** One nonce on the scalar permutation. */
function tryOne(low: i32, mwm: i32): bool {
  writeLimbs(low, LIMBS_A_PTR);
  powPermute1(
    bswap<u64>(load<u64>(LIMBS_A_PTR, 0)), bswap<u64>(load<u64>(LIMBS_A_PTR, 8)),
    bswap<u64>(load<u64>(LIMBS_A_PTR, 16)), bswap<u64>(load<u64>(LIMBS_A_PTR, 24)),
    bswap<u64>(load<u64>(LIMBS_A_PTR, 32)), bswap<u64>(load<u64>(LIMBS_A_PTR, 40)), OUT_PTR,
  );
  return isHit(OUT_PTR, SINGLE_STRIDE, mwm);
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
  setModulus(mwm);
  attempts = 0;
  let i: u32 = 0;
  while (i < count) {
    const nonce = start + <u64>i;
    const low = <i32>(nonce & 0xFF);
    if (low == 0 || i == 0) loadBase(nonce);
    if (ASC_FEATURE_SIMD && low <= LAST_TRIPLE_LOW && count - i >= 3) {
      writeTriple(low);
      powPermute3(IN_PTR, OUT_PTR);
      const hits = tripleModulusHits();
      if (hits != 0) {
        // in nonce order, so that the first hit is the lowest
        if ((hits & 1) != 0 && exactWeightAtLeast(OUT_PTR, PAIR_STRIDE, mwm)) {
          attempts = <u64>i + 1;
          foundNonce = nonce;
          return 1;
        }
        if ((hits & 2) != 0 && exactWeightAtLeast(OUT_PTR + PAIR_B_OFFSET, PAIR_STRIDE, mwm)) {
          attempts = <u64>i + 2;
          foundNonce = nonce + 1;
          return 1;
        }
        if ((hits & 4) != 0 && exactWeightAtLeast(OUT_PTR + SINGLE_C_OFFSET, SINGLE_STRIDE, mwm)) {
          attempts = <u64>i + 3;
          foundNonce = nonce + 2;
          return 1;
        }
      }
      i += 3;
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
