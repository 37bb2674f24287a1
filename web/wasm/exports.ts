// The hand-written TypeScript view of the WASM core's exports (assembly/index.ts). Pointers and
// lengths are byte offsets into `memory`; u64 values cross as bigint. Used only by ./core.ts.

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  tritsPtr(): number;
  tritsCap(): number;
  bytesPtr(): number;
  bytesCap(): number;
  spongePtr(): number;
  spongeSize(): number;
  digestPtr(): number;
  lastErrorIndex(): number;
  kerlReset(): void;
  kerlAbsorb(len: number): void;
  kerlSqueeze(len: number): void;
  keccakReset(): void;
  keccakUpdate(len: number): void;
  keccakDigest(): void;
  tritsToBytes(): void;
  bytesToTrits(): void;
  trytesToTrits(n: number): void;
  tritsToTrytes(n: number): void;
  b1t6Encode(n: number): void;
  b1t6Decode(len: number): void;
  powHash(nonce: bigint): number;
  powSearch(start: bigint, count: number, mwm: number): number;
  powFoundNonce(): bigint;
  powAttempts(): bigint;
  blakeInit(): void;
  blakeUpdate(len: number): void;
  blakeFinal(): void;
  txHashes(shortLen: number, len: number): void;
}
