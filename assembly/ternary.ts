// Ternary codecs: trits <-> trytes (the alphabet "9ABCDEFGHIJKLMNOPQRSTUVWXYZ", tryte value
// t0 + 3 t1 + 9 t2 with '9' = 0, 'A'..'M' = 1..13, 'N'..'Z' = -13..-1), and b1t6 (TIP-5: each byte
// as a signed int8 in 6 balanced trits, little-endian, i.e. two trytes, low tryte first).

import { E_INVALID_TRIT, E_INVALID_TRYTE, E_B1T6_LENGTH, E_B1T6_GROUP } from "./errors";

/** Index of the first offending tryte, trit or group after a failed call; read by the wrapper. */
export let lastErrorIndex: i32 = -1;

/** Throws E_INVALID_TRIT unless every trit in [src, src+len) is -1, 0 or 1. */
export function checkTrits(src: usize, len: i32): void {
  for (let i = 0; i < len; i++) {
    const t = load<i8>(src + <usize>i);
    if (t < -1 || t > 1) {
      lastErrorIndex = i;
      throw new Error(E_INVALID_TRIT);
    }
  }
}

/** `n` tryte characters (ASCII) at `src` to 3n trits at `dst`. Called by the `trytesToTrits` export. */
export function trytesToTrits(src: usize, n: i32, dst: usize): void {
  for (let i = 0; i < n; i++) {
    const c = <i32>load<u8>(src + <usize>i);
    let v: i32;
    if (c == 57) v = 0; // '9'
    else if (c >= 65 && c <= 77) v = c - 64; // 'A'..'M' = 1..13
    else if (c >= 78 && c <= 90) v = c - 91; // 'N'..'Z' = -13..-1
    else {
      lastErrorIndex = i;
      throw new Error(E_INVALID_TRYTE);
    }
    writeTryte(dst + <usize>(i * 3), v);
  }
}

/** 3n trits at `src` to n tryte characters at `dst`. Called by the `tritsToTrytes` export. */
export function tritsToTrytes(src: usize, n: i32, dst: usize): void {
  checkTrits(src, n * 3);
  for (let i = 0; i < n; i++) {
    const p = src + <usize>(i * 3);
    const v = <i32>load<i8>(p) + 3 * <i32>load<i8>(p, 1) + 9 * <i32>load<i8>(p, 2);
    store<u8>(dst + <usize>i, <u8>(v == 0 ? 57 : v > 0 ? 64 + v : 91 + v));
  }
}

// Three balanced trits of v in [-13, 13].
// @ts-ignore: decorator
@inline
function writeTryte(dst: usize, v: i32): void {
  for (let k = 0; k < 3; k++) {
    let r = v % 3; // in (-3, 3)
    if (r == 2) r = -1;
    else if (r == -2) r = 1;
    store<i8>(dst + <usize>k, <i8>r);
    v = (v - r) / 3;
  }
}

/** b1t6: `n` bytes at `src` to 6n trits at `dst`. Called by PoW and the `b1t6Encode` export. */
export function b1t6Encode(src: usize, n: i32, dst: usize): void {
  for (let i = 0; i < n; i++) {
    const v = <i32>load<i8>(src + <usize>i); // int8: two's complement
    let lo = v % 27;
    if (lo > 13) lo -= 27;
    else if (lo < -13) lo += 27;
    const hi = (v - lo) / 27;
    writeTryte(dst + <usize>(i * 6), lo);
    writeTryte(dst + <usize>(i * 6 + 3), hi);
  }
}

/**
 * b1t6: `len` trits at `src` (a multiple of 6) to len/6 bytes at `dst`. Rejects a group whose
 * value lies outside [-128, 127]. Called by the `b1t6Decode` export.
 */
export function b1t6Decode(src: usize, len: i32, dst: usize): void {
  if (len % 6 != 0) throw new Error(E_B1T6_LENGTH);
  checkTrits(src, len);
  const n = len / 6;
  for (let i = 0; i < n; i++) {
    const p = src + <usize>(i * 6);
    let v: i32 = 0;
    for (let k = 5; k >= 0; k--) v = v * 3 + <i32>load<i8>(p + <usize>k);
    if (v < -128 || v > 127) {
      lastErrorIndex = i;
      throw new Error(E_B1T6_GROUP);
    }
    store<u8>(dst + <usize>i, <u8>v);
  }
}
