// The message contract between the PoW pool (main thread) and each PoW worker, shared by both
// sides so that the compiler checks them against each other.

/** What one PoW worker offers over comlink. */
export interface PowWorkerApi {
  /** Instantiates the WASM core from a module compiled once by the pool. */
  init(module: WebAssembly.Module): Promise<void>;
  /** The lowest nonce in [start, start + count) with weight >= mwm, or null; and the attempts made. */
  search(digest: Uint8Array, start: bigint, count: number, mwm: number): { nonce: bigint | null; attempts: number };
}
