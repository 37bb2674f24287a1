// The replica's id → index map. Ids are BLAKE2b-256 outputs, so their first 16 bytes already spread
// perfectly: the key is those bytes as an 8-character string (cheap to build, no hex), and every hit
// is confirmed against the full 32-byte id in the ids column, so even a crafted prefix collision
// can only miss, never alias another transaction.

const ID_BYTES = 32;

/**
 * The first 16 bytes as 8 UTF-16 code units, little-endian pairs. Read byte by byte: the
 * earlier form, a Uint16Array over a 16-byte copy, allocated two objects a lookup and was 4% of a
 * sync receiver's samples (Chromium trace of the bench's data channel round).
 */
function keyOf(id: Uint8Array): string {
  return String.fromCharCode(
    id[0] | (id[1] << 8),
    id[2] | (id[3] << 8),
    id[4] | (id[5] << 8),
    id[6] | (id[7] << 8),
    id[8] | (id[9] << 8),
    id[10] | (id[11] << 8),
    id[12] | (id[13] << 8),
    id[14] | (id[15] << 8),
  );
}

/** Maps transaction ids to replica indices (1-based; 0 is the genesis). Used by the Replica. */
export class IdIndex {
  #map = new Map<string, number>();
  #ids: Uint8Array;
  #size = 1; // index 0: the genesis, id all zero

  constructor(capacity = 1024) {
    this.#ids = new Uint8Array(Math.max(2, capacity) * ID_BYTES);
    this.#map.set(keyOf(this.#ids.subarray(0, ID_BYTES)), 0);
  }

  /** Number of indices held, the genesis included. */
  get size(): number {
    return this.#size;
  }

  /** The index of `id`, or undefined. */
  get(id: Uint8Array): number | undefined {
    if (id.length !== ID_BYTES) throw new RangeError(`id must be ${ID_BYTES} bytes, got ${id.length}`);
    const i = this.#map.get(keyOf(id));
    if (i === undefined) return undefined;
    const stored = this.#ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES);
    for (let k = 0; k < ID_BYTES; k++) if (stored[k] !== id[k]) return undefined;
    return i;
  }

  has(id: Uint8Array): boolean {
    return this.get(id) !== undefined;
  }

  /** The id at `index` (a copy). */
  idAt(index: number): Uint8Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) throw new RangeError(`index ${index} is not in the replica`);
    return this.#ids.slice(index * ID_BYTES, (index + 1) * ID_BYTES);
  }

  /** The ids of indices 1..size-1 (the genesis left out), 32 bytes each, as one copy. */
  allStored(): Uint8Array {
    return this.#ids.slice(ID_BYTES, this.#size * ID_BYTES);
  }

  /** Appends ids (n × 32 bytes) as the next indices; returns the first index given. */
  append(ids: Uint8Array): number {
    if (ids.length % ID_BYTES !== 0) throw new RangeError('ids length must be a multiple of 32');
    const n = ids.length / ID_BYTES;
    const first = this.#size;
    if ((first + n) * ID_BYTES > this.#ids.length) {
      const grown = new Uint8Array(Math.max((first + n) * ID_BYTES, this.#ids.length * 2));
      grown.set(this.#ids.subarray(0, first * ID_BYTES));
      this.#ids = grown;
    }
    this.#ids.set(ids, first * ID_BYTES);
    for (let i = 0; i < n; i++) {
      const id = this.#ids.subarray((first + i) * ID_BYTES, (first + i + 1) * ID_BYTES);
      const key = keyOf(id);
      // A second id with the same 16-byte prefix keeps the first mapping; get() then misses the
      // second and the replica treats it as absent — a loss of availability, never a mix-up.
      if (!this.#map.has(key)) this.#map.set(key, first + i);
    }
    this.#size = first + n;
    return first;
  }
}
