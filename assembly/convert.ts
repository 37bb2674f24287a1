// Kerl's conversion between 243 balanced trits and 48 bytes (IOTA-Kerl-spec.md, "Conversion"):
// trits are little-endian (trit 0 least significant); bytes are the value as a 384-bit
// two's-complement big-endian integer. Trit 242 is always taken as zero, because a 242-trit
// balanced number fits in 384 bits but a 243-trit one does not.

import { BLOCK_TRITS } from "./layout";

const LIMBS: i32 = 12; // 384 bits as u32 limbs, least significant first, in a scratch area
const LIMBS_PTR: usize = memory.data(LIMBS * 4, 16);

/**
 * 243 trits at `src` (trit 242 ignored) to 48 big-endian bytes at `dst`. Horner from trit 241
 * down, modulo 2^384: two's-complement arithmetic makes negative values come out right.
 * Called by Kerl's absorb, the PoW tables and the `tritsToBytes` export.
 */
export function tritsToBytes48(src: usize, dst: usize): void {
  memory.fill(LIMBS_PTR, 0, LIMBS * 4);
  for (let t = BLOCK_TRITS - 2; t >= 0; t--) {
    // x = 3x + trit (mod 2^384)
    let carry: u64 = 0;
    for (let i = 0; i < LIMBS; i++) {
      const p = LIMBS_PTR + (<usize>i << 2);
      const v = <u64>load<u32>(p) * 3 + carry;
      store<u32>(p, <u32>v);
      carry = v >> 32;
    }
    const trit = load<i8>(src + <usize>t);
    if (trit != 0) {
      // adding -1 is adding 2^384 - 1: every limb 0xFFFFFFFF
      const add: u64 = trit > 0 ? 1 : 0xFFFFFFFF;
      let c: u64 = 0;
      for (let i = 0; i < LIMBS; i++) {
        const p = LIMBS_PTR + (<usize>i << 2);
        const v = <u64>load<u32>(p) + (i == 0 || trit < 0 ? add : 0) + c;
        store<u32>(p, <u32>v);
        c = v >> 32;
      }
    }
  }
  for (let i = 0; i < LIMBS; i++) {
    const limb = load<u32>(LIMBS_PTR + (<usize>i << 2));
    store<u32>(dst + <usize>((LIMBS - 1 - i) << 2), bswap<u32>(limb));
  }
}

/**
 * 48 big-endian bytes at `src` to 243 trits at `dst`: the balanced representative of the signed
 * value modulo 3^242 (so out-of-range values wrap, as Kerl specifies), and trit 242 = 0.
 * Called by Kerl's squeeze, the PoW weight and the `bytesToTrits` export.
 */
export function bytesToTrits48(src: usize, dst: usize): void {
  for (let i = 0; i < LIMBS; i++) {
    store<u32>(LIMBS_PTR + (<usize>i << 2), bswap<u32>(load<u32>(src + <usize>((LIMBS - 1 - i) << 2))));
  }
  const negative = (load<u32>(LIMBS_PTR + <usize>((LIMBS - 1) << 2)) >> 31) != 0;
  if (negative) {
    // magnitude = two's complement negation; 2^383 itself still fits as unsigned
    let c: u64 = 1;
    for (let i = 0; i < LIMBS; i++) {
      const p = LIMBS_PTR + (<usize>i << 2);
      const inverted: u32 = ~load<u32>(p); // kept u32: a u64 context would complement 64 bits
      const v = <u64>inverted + c;
      store<u32>(p, <u32>v);
      c = v >> 32;
    }
  }
  for (let t = 0; t < BLOCK_TRITS - 1; t++) {
    // divide by 3, most significant limb first; the remainder is the next digit
    let rem: u64 = 0;
    for (let i = LIMBS - 1; i >= 0; i--) {
      const p = LIMBS_PTR + (<usize>i << 2);
      const cur = (rem << 32) | <u64>load<u32>(p);
      store<u32>(p, <u32>(cur / 3));
      rem = cur % 3;
    }
    let digit = <i32>rem;
    if (digit == 2) {
      digit = -1;
      // borrow back: magnitude += 1
      let c: u64 = 1;
      for (let i = 0; i < LIMBS && c != 0; i++) {
        const p = LIMBS_PTR + (<usize>i << 2);
        const v = <u64>load<u32>(p) + c;
        store<u32>(p, <u32>v);
        c = v >> 32;
      }
    }
    store<i8>(dst + <usize>t, <i8>(negative ? -digit : digit));
  }
  store<i8>(dst + <usize>(BLOCK_TRITS - 1), 0);
}
