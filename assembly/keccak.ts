// Keccak-f[1600] and the Keccak-384 sponge with the original Keccak padding (0x01 ... 0x80), as in
// the Keccak reference (keccak.team, "The Keccak reference" 3.0) — not FIPS 202's SHA3 (0x06).
// Kerl (IOTA-Kerl-spec.md) is this sponge with a 48-byte digest.

import { LANES, SPONGE_POS_OFFSET } from "./layout";

/** Keccak-384: capacity 768 bits, so the rate is 200 - 96 = 104 bytes. */
export const RATE: i32 = 104;
export const DIGEST_LEN: i32 = 48;

// Round constants of iota, Keccak reference section 1.2. Shared with keccak_pow.ts.
export const RC_PTR: usize = memory.data<u64>([
  0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
  0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
  0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]);

/**
 * Keccak-f[1600] on the 25 lanes at `s` (lane x + 5y at byte offset 8(x + 5y), little-endian).
 * Lanes live in locals for all 24 rounds: memory is touched only at entry and exit. Called by the
 * sponge below and by the PoW search loop.
 */
export function keccakF(s: usize): void {
  let a0 = load<u64>(s, 0);
  let a1 = load<u64>(s, 8);
  let a2 = load<u64>(s, 16);
  let a3 = load<u64>(s, 24);
  let a4 = load<u64>(s, 32);
  let a5 = load<u64>(s, 40);
  let a6 = load<u64>(s, 48);
  let a7 = load<u64>(s, 56);
  let a8 = load<u64>(s, 64);
  let a9 = load<u64>(s, 72);
  let a10 = load<u64>(s, 80);
  let a11 = load<u64>(s, 88);
  let a12 = load<u64>(s, 96);
  let a13 = load<u64>(s, 104);
  let a14 = load<u64>(s, 112);
  let a15 = load<u64>(s, 120);
  let a16 = load<u64>(s, 128);
  let a17 = load<u64>(s, 136);
  let a18 = load<u64>(s, 144);
  let a19 = load<u64>(s, 152);
  let a20 = load<u64>(s, 160);
  let a21 = load<u64>(s, 168);
  let a22 = load<u64>(s, 176);
  let a23 = load<u64>(s, 184);
  let a24 = load<u64>(s, 192);
  for (let round = 0; round < 24; round++) {
    // theta
    let c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
    let c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
    let c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
    let c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
    let c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
    let d0 = c4 ^ rotl<u64>(c1, 1);
    let d1 = c0 ^ rotl<u64>(c2, 1);
    let d2 = c1 ^ rotl<u64>(c3, 1);
    let d3 = c2 ^ rotl<u64>(c4, 1);
    let d4 = c3 ^ rotl<u64>(c0, 1);
    a0 ^= d0; a1 ^= d1; a2 ^= d2; a3 ^= d3; a4 ^= d4;
    a5 ^= d0; a6 ^= d1; a7 ^= d2; a8 ^= d3; a9 ^= d4;
    a10 ^= d0; a11 ^= d1; a12 ^= d2; a13 ^= d3; a14 ^= d4;
    a15 ^= d0; a16 ^= d1; a17 ^= d2; a18 ^= d3; a19 ^= d4;
    a20 ^= d0; a21 ^= d1; a22 ^= d2; a23 ^= d3; a24 ^= d4;
    // rho and pi: B[y, 2x+3y] = rotl(A[x, y], R[x][y])
    let b0 = a0;
    let b16 = rotl<u64>(a5, 36);
    let b7 = rotl<u64>(a10, 3);
    let b23 = rotl<u64>(a15, 41);
    let b14 = rotl<u64>(a20, 18);
    let b10 = rotl<u64>(a1, 1);
    let b1 = rotl<u64>(a6, 44);
    let b17 = rotl<u64>(a11, 10);
    let b8 = rotl<u64>(a16, 45);
    let b24 = rotl<u64>(a21, 2);
    let b20 = rotl<u64>(a2, 62);
    let b11 = rotl<u64>(a7, 6);
    let b2 = rotl<u64>(a12, 43);
    let b18 = rotl<u64>(a17, 15);
    let b9 = rotl<u64>(a22, 61);
    let b5 = rotl<u64>(a3, 28);
    let b21 = rotl<u64>(a8, 55);
    let b12 = rotl<u64>(a13, 25);
    let b3 = rotl<u64>(a18, 21);
    let b19 = rotl<u64>(a23, 56);
    let b15 = rotl<u64>(a4, 27);
    let b6 = rotl<u64>(a9, 20);
    let b22 = rotl<u64>(a14, 39);
    let b13 = rotl<u64>(a19, 8);
    let b4 = rotl<u64>(a24, 14);
    // chi
    a0 = b0 ^ (~b1 & b2);
    a1 = b1 ^ (~b2 & b3);
    a2 = b2 ^ (~b3 & b4);
    a3 = b3 ^ (~b4 & b0);
    a4 = b4 ^ (~b0 & b1);
    a5 = b5 ^ (~b6 & b7);
    a6 = b6 ^ (~b7 & b8);
    a7 = b7 ^ (~b8 & b9);
    a8 = b8 ^ (~b9 & b5);
    a9 = b9 ^ (~b5 & b6);
    a10 = b10 ^ (~b11 & b12);
    a11 = b11 ^ (~b12 & b13);
    a12 = b12 ^ (~b13 & b14);
    a13 = b13 ^ (~b14 & b10);
    a14 = b14 ^ (~b10 & b11);
    a15 = b15 ^ (~b16 & b17);
    a16 = b16 ^ (~b17 & b18);
    a17 = b17 ^ (~b18 & b19);
    a18 = b18 ^ (~b19 & b15);
    a19 = b19 ^ (~b15 & b16);
    a20 = b20 ^ (~b21 & b22);
    a21 = b21 ^ (~b22 & b23);
    a22 = b22 ^ (~b23 & b24);
    a23 = b23 ^ (~b24 & b20);
    a24 = b24 ^ (~b20 & b21);
    // iota
    a0 ^= load<u64>(RC_PTR + (<usize>round << 3));
  }
  store<u64>(s, a0, 0);
  store<u64>(s, a1, 8);
  store<u64>(s, a2, 16);
  store<u64>(s, a3, 24);
  store<u64>(s, a4, 32);
  store<u64>(s, a5, 40);
  store<u64>(s, a6, 48);
  store<u64>(s, a7, 56);
  store<u64>(s, a8, 64);
  store<u64>(s, a9, 72);
  store<u64>(s, a10, 80);
  store<u64>(s, a11, 88);
  store<u64>(s, a12, 96);
  store<u64>(s, a13, 104);
  store<u64>(s, a14, 112);
  store<u64>(s, a15, 120);
  store<u64>(s, a16, 128);
  store<u64>(s, a17, 136);
  store<u64>(s, a18, 144);
  store<u64>(s, a19, 152);
  store<u64>(s, a20, 160);
  store<u64>(s, a21, 168);
  store<u64>(s, a22, 176);
  store<u64>(s, a23, 184);
  store<u64>(s, a24, 192);
}

/** Clears a sponge: zero lanes, absorb position 0. Called by Kerl and the exports. */
export function spongeReset(sp: usize): void {
  memory.fill(sp, 0, LANES * 8);
  store<i32>(sp, 0, SPONGE_POS_OFFSET);
}

/** XORs `len` bytes at `src` into the sponge, permuting at each full rate block. */
export function spongeAbsorb(sp: usize, src: usize, len: i32): void {
  let pos = load<i32>(sp, SPONGE_POS_OFFSET);
  for (let i = 0; i < len; i++) {
    store<u8>(sp + <usize>pos, load<u8>(sp + <usize>pos) ^ load<u8>(src + <usize>i));
    pos++;
    if (pos == RATE) {
      keccakF(sp);
      pos = 0;
    }
  }
  store<i32>(sp, pos, SPONGE_POS_OFFSET);
}

/** Pads (0x01 ... 0x80), permutes and copies the 48-byte digest to `dst`. The sponge is spent. */
export function spongeFinal(sp: usize, dst: usize): void {
  const pos = load<i32>(sp, SPONGE_POS_OFFSET);
  store<u8>(sp + <usize>pos, load<u8>(sp + <usize>pos) ^ 0x01);
  store<u8>(sp + <usize>(RATE - 1), load<u8>(sp + <usize>(RATE - 1)) ^ 0x80);
  keccakF(sp);
  memory.copy(dst, sp, DIGEST_LEN);
}
