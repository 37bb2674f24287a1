// Kerl (IOTA-Kerl-spec.md): Keccak-384 over 243-trit blocks converted to 48 bytes. Each squeeze
// converts the digest to trits, then flips every bit of the raw digest, resets Keccak and absorbs
// the flipped bytes, so the next squeeze continues the chain.

import { BLOCK_TRITS, BLOCK_BYTES, SCRATCH_BYTES_PTR } from "./layout";
import { spongeAbsorb, spongeFinal, spongeReset } from "./keccak";
import { tritsToBytes48, bytesToTrits48 } from "./convert";

/** Absorbs `len` trits (a multiple of 243, checked by the caller) at `src` into sponge `sp`. */
export function kerlAbsorb(sp: usize, src: usize, len: i32): void {
  for (let off = 0; off < len; off += BLOCK_TRITS) {
    tritsToBytes48(src + <usize>off, SCRATCH_BYTES_PTR);
    spongeAbsorb(sp, SCRATCH_BYTES_PTR, BLOCK_BYTES);
  }
}

/** Squeezes `len` trits (a multiple of 243, checked by the caller) from sponge `sp` to `dst`. */
export function kerlSqueeze(sp: usize, dst: usize, len: i32): void {
  for (let off = 0; off < len; off += BLOCK_TRITS) {
    spongeFinal(sp, SCRATCH_BYTES_PTR);
    bytesToTrits48(SCRATCH_BYTES_PTR, dst + <usize>off);
    for (let i = 0; i < BLOCK_BYTES; i += 8) {
      const p = SCRATCH_BYTES_PTR + <usize>i;
      store<u64>(p, ~load<u64>(p));
    }
    spongeReset(sp);
    spongeAbsorb(sp, SCRATCH_BYTES_PTR, BLOCK_BYTES);
  }
}
