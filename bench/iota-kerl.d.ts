// Types for the legacy JS Kerl (@iota/kerl), bundled into an ES module at
// build/vendor/iota-kerl.js by scripts/vendor-test-peers.mjs. scripts/bench.mjs aliases
// `@bench/iota-kerl` to that file.
declare module '@bench/iota-kerl' {
  export class Kerl {
    /** Empty in this version: a sponge is fresh after `new` or `reset()`. */
    initialize(): void;
    reset(): void;
    absorb(trits: Int8Array, offset: number, length: number): void;
    squeeze(trits: Int8Array, offset: number, length: number): void;
  }
}
