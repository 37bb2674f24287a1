// Static buffers shared with the TypeScript wrapper (web/wasm). Each region follows the one before
// it, so the whole layout is defined once here; the wrapper reads the pointers through exports.

/** Trits in and out of every ternary call: one i8 per trit. 64 Kerl blocks. */
export const TRITS_CAP: i32 = 243 * 64;
export const TRITS_PTR: usize = memory.data(TRITS_CAP, 16);

/** Bytes in and out (Keccak input, b1t6 bytes, tryte characters, 48-byte conversions). */
export const BYTES_CAP: i32 = 16384;
export const BYTES_PTR: usize = memory.data(BYTES_CAP, 16);

/** Keccak sponge: 25 lanes, then the absorb position (i32) and padding to 8 bytes. */
export const LANES: i32 = 25;
export const SPONGE_POS_OFFSET: i32 = LANES * 8;
export const SPONGE_SIZE: i32 = SPONGE_POS_OFFSET + 8;

/** The caller-visible sponge (Kerl and raw Keccak); the wrapper saves and restores it. */
export const SPONGE_PTR: usize = memory.data(SPONGE_SIZE, 16);
/** A private sponge for PoW weights, so proof of work never disturbs the caller's sponge. */
export const POW_SPONGE_PTR: usize = memory.data(SPONGE_SIZE, 16);

/** Scratch: one 243-trit block and one 48-byte block. */
export const BLOCK_TRITS: i32 = 243;
export const BLOCK_BYTES: i32 = 48;
export const SCRATCH_TRITS_PTR: usize = memory.data(256, 16);
export const SCRATCH_BYTES_PTR: usize = memory.data(64, 16);

/** The PoW digest (32 bytes) as the caller wrote it. */
export const DIGEST_BYTES: i32 = 32;
export const DIGEST_PTR: usize = memory.data(DIGEST_BYTES, 16);
