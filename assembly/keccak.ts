// The Keccak-384 sponge with the original Keccak padding (0x01 ... 0x80), as in the Keccak
// reference (keccak.team, "The Keccak reference" 3.0) — not FIPS 202's SHA3 (0x06). Its
// permutation, keccakF, is generated into keccak_f.ts with the PoW's.
// Kerl (IOTA-Kerl-spec.md) is this sponge with a 48-byte digest.

import { LANES, SPONGE_POS_OFFSET } from "./layout";
import { keccakF } from "./keccak_f";

/** Keccak-384: capacity 768 bits, so the rate is 200 - 96 = 104 bytes. */
export const RATE: i32 = 104;
export const DIGEST_LEN: i32 = 48;

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
