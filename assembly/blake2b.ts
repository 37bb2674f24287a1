// BLAKE2b (RFC 7693) with a 32-byte digest and no key: the hash of tx ids, PoW digests and bundle
// hashes (docs/design.md "Transactions and bundles", "Proof of work"). Validation hashes every arriving
// tx twice (digest and id), so doing it here rather than in JavaScript sets the replica's ingest rate.
// The twelve rounds are unrolled with the message schedule (SIGMA, RFC 7693 section 2.7) written
// into the code, so message words stay in locals.

const IV0: u64 = 0x6a09e667f3bcc908;
const IV1: u64 = 0xbb67ae8584caa73b;
const IV2: u64 = 0x3c6ef372fe94f82b;
const IV3: u64 = 0xa54ff53a5f1d36f1;
const IV4: u64 = 0x510e527fade682d1;
const IV5: u64 = 0x9b05688c2b3e6c1f;
const IV6: u64 = 0x1f83d9abfb41bd6b;
const IV7: u64 = 0x5be0cd19137e2179;

/** Bytes of a block and of the digest. */
export const BLAKE_BLOCK: i32 = 128;
export const BLAKE_OUT: i32 = 32;

// The chaining state h0..h7.
const H_PTR: usize = memory.data(64, 16);

function init(): void {
  // parameter block: digest length 32, key length 0, fanout 1, depth 1 (RFC 7693 section 2.5)
  store<u64>(H_PTR, IV0 ^ 0x01010000 ^ <u64>BLAKE_OUT, 0);
  store<u64>(H_PTR, IV1, 8);
  store<u64>(H_PTR, IV2, 16);
  store<u64>(H_PTR, IV3, 24);
  store<u64>(H_PTR, IV4, 32);
  store<u64>(H_PTR, IV5, 40);
  store<u64>(H_PTR, IV6, 48);
  store<u64>(H_PTR, IV7, 56);
}

/** F: compresses the 128-byte block at `m` into the state; `t` counts the bytes so far. */
function compress(m: usize, t: u64, last: bool): void {
  const m0 = load<u64>(m, 0);
  const m1 = load<u64>(m, 8);
  const m2 = load<u64>(m, 16);
  const m3 = load<u64>(m, 24);
  const m4 = load<u64>(m, 32);
  const m5 = load<u64>(m, 40);
  const m6 = load<u64>(m, 48);
  const m7 = load<u64>(m, 56);
  const m8 = load<u64>(m, 64);
  const m9 = load<u64>(m, 72);
  const m10 = load<u64>(m, 80);
  const m11 = load<u64>(m, 88);
  const m12 = load<u64>(m, 96);
  const m13 = load<u64>(m, 104);
  const m14 = load<u64>(m, 112);
  const m15 = load<u64>(m, 120);
  let v0 = load<u64>(H_PTR, 0);
  let v1 = load<u64>(H_PTR, 8);
  let v2 = load<u64>(H_PTR, 16);
  let v3 = load<u64>(H_PTR, 24);
  let v4 = load<u64>(H_PTR, 32);
  let v5 = load<u64>(H_PTR, 40);
  let v6 = load<u64>(H_PTR, 48);
  let v7 = load<u64>(H_PTR, 56);
  let v8 = IV0;
  let v9 = IV1;
  let v10 = IV2;
  let v11 = IV3;
  let v12 = IV4 ^ t; // the high word of the 128-bit counter is 0: inputs stay far below 2^64 bytes
  let v13 = IV5;
  let v14 = last ? ~IV6 : IV6;
  let v15 = IV7;
  {
    // round 0
    v0 = v0 + v4 + m0; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m1; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m2; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m3; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m4; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m5; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m6; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m7; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m8; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m9; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m10; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m11; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m12; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m13; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m14; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m15; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 1
    v0 = v0 + v4 + m14; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m10; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m4; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m8; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m9; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m15; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m13; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m6; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m1; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m12; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m0; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m2; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m11; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m7; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m5; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m3; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 2
    v0 = v0 + v4 + m11; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m8; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m12; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m0; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m5; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m2; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m15; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m13; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m10; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m14; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m3; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m6; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m7; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m1; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m9; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m4; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 3
    v0 = v0 + v4 + m7; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m9; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m3; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m1; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m13; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m12; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m11; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m14; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m2; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m6; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m5; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m10; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m4; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m0; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m15; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m8; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 4
    v0 = v0 + v4 + m9; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m0; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m5; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m7; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m2; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m4; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m10; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m15; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m14; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m1; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m11; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m12; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m6; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m8; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m3; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m13; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 5
    v0 = v0 + v4 + m2; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m12; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m6; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m10; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m0; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m11; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m8; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m3; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m4; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m13; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m7; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m5; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m15; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m14; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m1; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m9; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 6
    v0 = v0 + v4 + m12; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m5; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m1; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m15; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m14; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m13; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m4; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m10; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m0; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m7; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m6; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m3; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m9; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m2; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m8; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m11; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 7
    v0 = v0 + v4 + m13; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m11; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m7; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m14; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m12; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m1; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m3; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m9; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m5; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m0; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m15; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m4; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m8; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m6; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m2; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m10; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 8
    v0 = v0 + v4 + m6; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m15; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m14; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m9; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m11; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m3; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m0; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m8; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m12; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m2; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m13; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m7; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m1; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m4; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m10; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m5; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 9
    v0 = v0 + v4 + m10; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m2; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m8; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m4; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m7; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m6; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m1; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m5; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m15; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m11; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m9; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m14; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m3; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m12; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m13; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m0; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 10
    v0 = v0 + v4 + m0; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m1; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m2; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m3; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m4; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m5; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m6; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m7; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m8; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m9; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m10; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m11; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m12; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m13; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m14; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m15; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
    // round 11
    v0 = v0 + v4 + m14; v12 = rotr<u64>(v12 ^ v0, 32);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 24);
    v0 = v0 + v4 + m10; v12 = rotr<u64>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u64>(v4 ^ v8, 63);
    v1 = v1 + v5 + m4; v13 = rotr<u64>(v13 ^ v1, 32);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 24);
    v1 = v1 + v5 + m8; v13 = rotr<u64>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u64>(v5 ^ v9, 63);
    v2 = v2 + v6 + m9; v14 = rotr<u64>(v14 ^ v2, 32);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 24);
    v2 = v2 + v6 + m15; v14 = rotr<u64>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u64>(v6 ^ v10, 63);
    v3 = v3 + v7 + m13; v15 = rotr<u64>(v15 ^ v3, 32);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 24);
    v3 = v3 + v7 + m6; v15 = rotr<u64>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u64>(v7 ^ v11, 63);
    v0 = v0 + v5 + m1; v15 = rotr<u64>(v15 ^ v0, 32);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 24);
    v0 = v0 + v5 + m12; v15 = rotr<u64>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u64>(v5 ^ v10, 63);
    v1 = v1 + v6 + m0; v12 = rotr<u64>(v12 ^ v1, 32);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 24);
    v1 = v1 + v6 + m2; v12 = rotr<u64>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u64>(v6 ^ v11, 63);
    v2 = v2 + v7 + m11; v13 = rotr<u64>(v13 ^ v2, 32);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 24);
    v2 = v2 + v7 + m7; v13 = rotr<u64>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u64>(v7 ^ v8, 63);
    v3 = v3 + v4 + m5; v14 = rotr<u64>(v14 ^ v3, 32);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 24);
    v3 = v3 + v4 + m3; v14 = rotr<u64>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u64>(v4 ^ v9, 63);
  }
  store<u64>(H_PTR, load<u64>(H_PTR, 0) ^ v0 ^ v8, 0);
  store<u64>(H_PTR, load<u64>(H_PTR, 8) ^ v1 ^ v9, 8);
  store<u64>(H_PTR, load<u64>(H_PTR, 16) ^ v2 ^ v10, 16);
  store<u64>(H_PTR, load<u64>(H_PTR, 24) ^ v3 ^ v11, 24);
  store<u64>(H_PTR, load<u64>(H_PTR, 32) ^ v4 ^ v12, 32);
  store<u64>(H_PTR, load<u64>(H_PTR, 40) ^ v5 ^ v13, 40);
  store<u64>(H_PTR, load<u64>(H_PTR, 48) ^ v6 ^ v14, 48);
  store<u64>(H_PTR, load<u64>(H_PTR, 56) ^ v7 ^ v15, 56);
}

// ---- streaming: any length, in pieces ----
const BUF_PTR: usize = memory.data(BLAKE_BLOCK, 16);
let bufLen: i32 = 0;
let total: u64 = 0;

/** Starts a new hash. Called by the `blakeInit` export. */
export function blakeInit(): void {
  init();
  bufLen = 0;
  total = 0;
}

/** Feeds [src, src + len). A full buffered block is compressed only once more input shows it is
 * not the last one. Called by the `blakeUpdate` export. */
export function blakeUpdate(src: usize, len: i32): void {
  let off = 0;
  while (off < len) {
    if (bufLen == BLAKE_BLOCK) {
      compress(BUF_PTR, total, false);
      bufLen = 0;
    }
    // Whole blocks straight from the input while more input follows them.
    while (bufLen == 0 && len - off > BLAKE_BLOCK) {
      total += <u64>BLAKE_BLOCK;
      compress(src + <usize>off, total, false);
      off += BLAKE_BLOCK;
    }
    const take = min(BLAKE_BLOCK - bufLen, len - off);
    memory.copy(BUF_PTR + <usize>bufLen, src + <usize>off, <usize>take);
    bufLen += take;
    total += <u64>take;
    off += take;
  }
}

/** Pads and compresses the last block; writes the 32-byte digest to dst. Called by `blakeFinal`. */
export function blakeFinal(dst: usize): void {
  memory.fill(BUF_PTR + <usize>bufLen, 0, <usize>(BLAKE_BLOCK - bufLen));
  compress(BUF_PTR, total, true);
  memory.copy(dst, H_PTR, BLAKE_OUT);
}

const SAVED_H_PTR: usize = memory.data(64, 16);
const SAVED_BUF_PTR: usize = memory.data(BLAKE_BLOCK, 16);

/**
 * BLAKE2b-256 of [src, src + shortLen) and of [src, src + len) at once, for a tx's PoW digest (all
 * but the nonce) and its id (all of it): the blocks both inputs share are compressed once. Needs
 * shortLen <= len. Called by the `txHashes` export.
 */
export function blake2b256Pair(src: usize, shortLen: i32, len: i32, dstShort: usize, dstLong: usize): void {
  blakeInit();
  blakeUpdate(src, shortLen);
  memory.copy(SAVED_H_PTR, H_PTR, 64);
  memory.copy(SAVED_BUF_PTR, BUF_PTR, BLAKE_BLOCK);
  const savedLen = bufLen;
  const savedTotal = total;
  blakeFinal(dstShort);
  memory.copy(H_PTR, SAVED_H_PTR, 64);
  memory.copy(BUF_PTR, SAVED_BUF_PTR, BLAKE_BLOCK);
  bufLen = savedLen;
  total = savedTotal;
  blakeUpdate(src + <usize>shortLen, len - shortLen);
  blakeFinal(dstLong);
}
