// Seeded randomness for the walk and the synthetic growth: no Math.random, no clock (docs/design.md).
//   splitmix64   Steele, Lea, Flood, "Fast splittable pseudorandom number generators" (OOPSLA 2014),
//                the constants of Vigna's reference splitmix64.c; used to derive seeds and to seed
//   xoshiro256** Blackman, Vigna, "Scrambled linear pseudorandom number generators" (2018),
//                the reference xoshiro256starstar.c.
// A u64 seed arrives as an argument; `seedRng` expands it with splitmix64 into xoshiro's 256-bit
// state (never all zero: splitmix64 is a bijection of a counter, four outputs are never all zero).

const GOLDEN: u64 = 0x9E3779B97F4A7C15;

let s0: u64 = 1;
let s1: u64 = 2;
let s2: u64 = 3;
let s3: u64 = 4;

/** splitmix64's output function applied to `z` (one step of the generator from state z - GOLDEN). */
// @ts-ignore: decorator
@inline function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

/**
 * The (i+1)-th output of splitmix64 started at `seed`: the seed of walk i of a selection or of a
 * confidence run. Neighbouring i give unrelated streams.
 */
export function deriveSeed(seed: u64, i: u64): u64 {
  return mix64(seed + (i + 1) * GOLDEN);
}

/** Seeds xoshiro256** from four splitmix64 outputs of `seed`. */
export function seedRng(seed: u64): void {
  s0 = mix64(seed + GOLDEN);
  s1 = mix64(seed + 2 * GOLDEN);
  s2 = mix64(seed + 3 * GOLDEN);
  s3 = mix64(seed + 4 * GOLDEN);
}

/** Next xoshiro256** output. */
export function nextU64(): u64 {
  const result = rotl<u64>(s1 * 5, 7) * 9;
  const t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u64>(s3, 45);
  return result;
}

/** Uniform in [0, 1) from the top 53 bits. */
export function nextF64(): f64 {
  return <f64>(nextU64() >> 11) * 1.1102230246251565e-16; // 2^-53
}

/** Uniform integer in [0, n) for 0 < n < 2^32 (Lemire's multiply-shift; bias below n / 2^32). */
export function nextBelow(n: u32): u32 {
  return <u32>(((nextU64() >> 32) * <u64>n) >> 32);
}
