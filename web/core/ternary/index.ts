// The ternary reference: trytes, Kerl's trit/byte conversion, b1t6 (TIP-5) and the Kerl sponge,
// in plain TypeScript without DOM or I/O. It is the oracle the WASM core is tested against
// (docs/design.md "Proof of work (Kerl-PoW v1)"). Internal helpers (files starting with `_`) stay private.
export { TRYTE_ALPHABET, TRITS_PER_TRYTE, trytesToTrits, tritsToTrytes } from './trits.ts';
export { HASH_TRITS, HASH_BYTES, tritsToBytes, bytesToTrits } from './convert.ts';
export { B1T6_TRITS_PER_BYTE, b1t6Encode, b1t6Decode } from './b1t6.ts';
export { Kerl } from './kerl.ts';
