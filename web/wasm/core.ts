// The typed wrapper around one instance of the WASM core. It checks every argument at the
// boundary (errors name the argument), copies data into the core's static buffers, and copies
// results out: no caller ever holds a view of WASM memory.

import type { CoreExports } from './exports.ts';

const TRITS_PER_BLOCK = 243;
const BYTES_PER_BLOCK = 48;
const DIGEST_BYTES = 32;
const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = 2 ** 32 - 1;
const MAX_MWM = 242;

import { CoreError } from './load.ts';

export { CoreError };

/** A Kerl sponge: absorb and squeeze in multiples of 243 trits. */
export interface KerlSponge {
  reset(): void;
  absorb(trits: Int8Array): void;
  squeeze(length: number): Int8Array;
}

/** Result of a PoW search over a nonce range. */
export interface SearchResult {
  /** The lowest nonce in the range with weight >= mwm, or null when the range has none. */
  nonce: bigint | null;
  /** Nonces tried: up to and including the hit, or the whole range. */
  attempts: number;
}

function assertInt8(name: string, v: unknown): asserts v is Int8Array {
  if (!(v instanceof Int8Array)) throw new TypeError(`${name} must be an Int8Array of trits`);
}
function assertBytes(name: string, v: unknown, length?: number): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (length !== undefined && v.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes, got ${v.length}`);
  }
}
function assertBlocks(name: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0 || n % TRITS_PER_BLOCK !== 0) {
    throw new RangeError(`${name} must be a positive multiple of 243, got ${n}`);
  }
}
function assertNonce(name: string, v: unknown): asserts v is bigint {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) throw new RangeError(`${name} must be a bigint in [0, 2^64)`);
}
function assertMwm(mwm: unknown): asserts mwm is number {
  if (typeof mwm !== 'number' || !Number.isInteger(mwm) || mwm < 1 || mwm > MAX_MWM) {
    throw new RangeError(`mwm must be an integer from 1 to ${MAX_MWM}, got ${String(mwm)}`);
  }
}

/**
 * One instance of the core. Created by `loadCore` (./index.ts); used by the PoW worker, the tests
 * and, later, the tangle worker.
 */
export class Core {
  readonly #x: CoreExports;
  readonly #tritsPtr: number;
  readonly #tritsCap: number;
  readonly #bytesPtr: number;
  readonly #bytesCap: number;
  readonly #spongePtr: number;
  readonly #spongeSize: number;
  readonly #digestPtr: number;
  /** The sponge whose state is in WASM memory now; others keep theirs in JS (see createKerl). */
  #activeSponge: WasmKerl | null = null;

  constructor(instance: WebAssembly.Instance) {
    this.#x = instance.exports as unknown as CoreExports;
    this.#tritsPtr = this.#x.tritsPtr();
    this.#tritsCap = this.#x.tritsCap();
    this.#bytesPtr = this.#x.bytesPtr();
    this.#bytesCap = this.#x.bytesCap();
    this.#spongePtr = this.#x.spongePtr();
    this.#spongeSize = this.#x.spongeSize();
    this.#digestPtr = this.#x.digestPtr();
  }

  // Views are made per call: cheap, and never stale if memory ever grows.
  #u8(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.#x.memory.buffer, ptr, len);
  }
  #i8(ptr: number, len: number): Int8Array {
    return new Int8Array(this.#x.memory.buffer, ptr, len);
  }

  /** Runs `f`, turning a core abort into a CoreError that names `what`. */
  #call<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof CoreError) {
        const at = this.#x.lastErrorIndex();
        throw new CoreError(`${what}: ${e.message}${at >= 0 ? ` (at ${at})` : ''}`);
      }
      throw e;
    }
  }

  /** Saves the active sponge's state and makes `owner` (or nobody) active. */
  #claimSponge(owner: WasmKerl | null): void {
    if (this.#activeSponge === owner) return;
    if (this.#activeSponge) this.#activeSponge.state.set(this.#u8(this.#spongePtr, this.#spongeSize));
    if (owner) this.#u8(this.#spongePtr, this.#spongeSize).set(owner.state);
    this.#activeSponge = owner;
  }

  /** A new Kerl sponge. Several may be used in turn; each keeps its own state. */
  createKerl(): KerlSponge {
    return new WasmKerl(this, new Uint8Array(this.#spongeSize));
  }

  /** @internal Kerl operations for WasmKerl. */
  _kerlReset(s: WasmKerl): void {
    this.#claimSponge(s);
    this.#x.kerlReset();
  }
  /** @internal */
  _kerlAbsorb(s: WasmKerl, trits: Int8Array): void {
    assertInt8('trits', trits);
    assertBlocks('trits.length', trits.length);
    this.#claimSponge(s);
    for (let off = 0; off < trits.length; off += this.#tritsCap) {
      const chunk = trits.subarray(off, Math.min(trits.length, off + this.#tritsCap));
      this.#i8(this.#tritsPtr, chunk.length).set(chunk);
      this.#call('absorb trits', () => this.#x.kerlAbsorb(chunk.length));
    }
  }
  /** @internal */
  _kerlSqueeze(s: WasmKerl, length: number): Int8Array {
    assertBlocks('length', length);
    this.#claimSponge(s);
    const out = new Int8Array(length);
    for (let off = 0; off < length; off += this.#tritsCap) {
      const n = Math.min(length - off, this.#tritsCap);
      this.#x.kerlSqueeze(n);
      out.set(this.#i8(this.#tritsPtr, n), off);
    }
    return out;
  }

  /** Keccak-384 with the original padding (0x01), as Kerl uses it; any length of bytes. */
  keccak384(bytes: Uint8Array): Uint8Array {
    assertBytes('bytes', bytes);
    this.#claimSponge(null);
    this.#x.keccakReset();
    for (let off = 0; off < bytes.length; off += this.#bytesCap) {
      const chunk = bytes.subarray(off, Math.min(bytes.length, off + this.#bytesCap));
      this.#u8(this.#bytesPtr, chunk.length).set(chunk);
      this.#x.keccakUpdate(chunk.length);
    }
    this.#x.keccakDigest();
    return this.#u8(this.#bytesPtr, BYTES_PER_BLOCK).slice();
  }

  /** 243 trits (trit 242 ignored) to Kerl's 48-byte big-endian two's-complement form. */
  tritsToBytes(trits: Int8Array): Uint8Array {
    assertInt8('trits', trits);
    if (trits.length !== TRITS_PER_BLOCK) throw new RangeError(`trits must be 243 trits, got ${trits.length}`);
    this.#i8(this.#tritsPtr, TRITS_PER_BLOCK).set(trits);
    this.#call('trits', () => this.#x.tritsToBytes());
    return this.#u8(this.#bytesPtr, BYTES_PER_BLOCK).slice();
  }

  /** 48 bytes to 243 trits: the balanced value modulo 3^242, trit 242 zero. */
  bytesToTrits(bytes: Uint8Array): Int8Array {
    assertBytes('bytes', bytes, BYTES_PER_BLOCK);
    this.#u8(this.#bytesPtr, BYTES_PER_BLOCK).set(bytes);
    this.#x.bytesToTrits();
    return this.#i8(this.#tritsPtr, TRITS_PER_BLOCK).slice();
  }

  /** Tryte string (9A-Z) to trits, 3 per tryte. */
  trytesToTrits(trytes: string): Int8Array {
    if (typeof trytes !== 'string') throw new TypeError('trytes must be a string');
    const n = trytes.length;
    if (n > this.#bytesCap || n * 3 > this.#tritsCap) throw new RangeError(`trytes is too long: ${n} trytes`);
    const dst = this.#u8(this.#bytesPtr, n);
    for (let i = 0; i < n; i++) {
      const c = trytes.charCodeAt(i);
      dst[i] = c < 256 ? c : 0; // any non-Latin-1 character is rejected by the core as invalid
    }
    this.#call('trytes', () => this.#x.trytesToTrits(n));
    return this.#i8(this.#tritsPtr, n * 3).slice();
  }

  /** Trits (a multiple of 3) to a tryte string. */
  tritsToTrytes(trits: Int8Array): string {
    assertInt8('trits', trits);
    if (trits.length % 3 !== 0) throw new RangeError(`trits.length must be a multiple of 3, got ${trits.length}`);
    const n = trits.length / 3;
    if (trits.length > this.#tritsCap) throw new RangeError(`trits is too long: ${trits.length} trits`);
    this.#i8(this.#tritsPtr, trits.length).set(trits);
    this.#call('trits', () => this.#x.tritsToTrytes(n));
    return String.fromCharCode(...this.#u8(this.#bytesPtr, n));
  }

  /** b1t6 (TIP-5): each byte as 6 trits. */
  b1t6Encode(bytes: Uint8Array): Int8Array {
    assertBytes('bytes', bytes);
    if (bytes.length * 6 > this.#tritsCap) throw new RangeError(`bytes is too long for one call: ${bytes.length}`);
    this.#u8(this.#bytesPtr, bytes.length).set(bytes);
    this.#x.b1t6Encode(bytes.length);
    return this.#i8(this.#tritsPtr, bytes.length * 6).slice();
  }

  /** b1t6 (TIP-5) decoding; throws CoreError naming the bad group. */
  b1t6Decode(trits: Int8Array): Uint8Array {
    assertInt8('trits', trits);
    if (trits.length > this.#tritsCap) throw new RangeError(`trits is too long for one call: ${trits.length}`);
    this.#i8(this.#tritsPtr, trits.length).set(trits);
    this.#call('trits', () => this.#x.b1t6Decode(trits.length));
    return this.#u8(this.#bytesPtr, trits.length / 6).slice();
  }

  /** BLAKE2b-256 (RFC 7693, no key) of any number of bytes. */
  blake2b256(data: Uint8Array): Uint8Array {
    assertBytes('data', data);
    this.#x.blakeInit();
    for (let off = 0; off < data.length; off += this.#bytesCap) {
      const chunk = data.subarray(off, Math.min(data.length, off + this.#bytesCap));
      this.#u8(this.#bytesPtr, chunk.length).set(chunk);
      this.#x.blakeUpdate(chunk.length);
    }
    this.#x.blakeFinal();
    return this.#u8(this.#bytesPtr, 32).slice();
  }

  /**
   * BLAKE2b-256 of the first `digestLength` bytes of `tx` (its PoW digest) and of all of it (its
   * id), sharing the blocks both cover. Called by the validator through the ledger.
   */
  txHashes(tx: Uint8Array, digestLength: number): { digest: Uint8Array; id: Uint8Array } {
    assertBytes('tx', tx);
    if (!Number.isInteger(digestLength) || digestLength < 0 || digestLength > tx.length) {
      throw new RangeError(`digestLength must be an integer from 0 to tx.length, got ${digestLength}`);
    }
    if (tx.length + 64 > this.#bytesCap) throw new RangeError(`tx is too long for one call: ${tx.length} bytes`);
    this.#u8(this.#bytesPtr, tx.length).set(tx);
    this.#x.txHashes(digestLength, tx.length);
    return {
      digest: this.#u8(this.#bytesPtr + tx.length, 32).slice(),
      id: this.#u8(this.#bytesPtr + tx.length + 32, 32).slice(),
    };
  }

  #setDigest(digest: Uint8Array): void {
    assertBytes('digest', digest, DIGEST_BYTES);
    this.#u8(this.#digestPtr, DIGEST_BYTES).set(digest);
  }

  /** Kerl-PoW v1 hash (243 trits) of (digest, nonce). */
  powHash(digest: Uint8Array, nonce: bigint): Int8Array {
    this.#setDigest(digest);
    assertNonce('nonce', nonce);
    this.#x.powHash(nonce);
    return this.#i8(this.#tritsPtr, TRITS_PER_BLOCK).slice();
  }

  /** Kerl-PoW v1 weight of (digest, nonce): zero trits from trit 0. */
  powWeight(digest: Uint8Array, nonce: bigint): number {
    this.#setDigest(digest);
    assertNonce('nonce', nonce);
    return this.#x.powHash(nonce);
  }

  /** The lowest nonce in [start, start + count) with weight >= mwm, or null. count < 2^32. */
  powSearch(digest: Uint8Array, start: bigint, count: number, mwm: number): SearchResult {
    this.#setDigest(digest);
    assertNonce('start', start);
    if (!Number.isInteger(count) || count < 0 || count > U32_MAX) {
      throw new RangeError(`count must be an integer from 0 to 2^32 - 1, got ${count}`);
    }
    if (start + BigInt(count) > U64_MAX + 1n) throw new RangeError('start + count must not pass 2^64');
    assertMwm(mwm);
    if (count === 0) return { nonce: null, attempts: 0 };
    const found = this.#call('powSearch', () => this.#x.powSearch(start, count, mwm));
    // i64 results reach JS as signed bigints: read them back as the u64 they are.
    const attempts = Number(BigInt.asUintN(64, this.#x.powAttempts()));
    return { nonce: found ? BigInt.asUintN(64, this.#x.powFoundNonce()) : null, attempts };
  }
}

/** A Kerl sponge on a Core; its state lives in `state` while another sponge is active. */
class WasmKerl implements KerlSponge {
  constructor(
    private readonly core: Core,
    readonly state: Uint8Array,
  ) {}
  reset(): void {
    this.core._kerlReset(this);
  }
  absorb(trits: Int8Array): void {
    this.core._kerlAbsorb(this, trits);
  }
  squeeze(length: number): Int8Array {
    return this.core._kerlSqueeze(this, length);
  }
}
