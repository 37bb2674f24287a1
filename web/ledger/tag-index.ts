// The replica's tag → txs index: how an unlocked identity finds the bundles that carry the tags it
// expects (issue 8) without reading a single stored tx. It is built from the tag column (one tag
// per tx, in index order: web/storage, schema v4) at open and follows every commit.
//
// Compact: a bundle's members share their tag and are stored next to each other, so equal tags come
// in runs of consecutive indices, and the index keeps one entry per run (about one per bundle: 33,000
// for 10^5 txs of 3-tx bundles), not one per tx. A run holds its first and last index, its tag, and
// the previous run whose tag has the same key. The key is the tag's first 30 bits (tags are HMAC or
// SHA-256 outputs, so they spread evenly), and every run found under a key is compared with the
// full 32 bytes: a crafted collision costs a comparison, never a wrong answer, and costs a lookup no
// more than bundles carrying the very same tag would. All runs of a key stay chained, newest first,
// so a tag that many bundles carry (a doctor's inbox tag on a busy day) finds every one of them. A
// number key, not a string of the first 16 bytes as IdIndex uses: building the index of 10^5
// distinct tags took 128 to 190 ms with strings here.

const TAG_BYTES = 32;

/**
 * The map's key of a tag: its first 30 bits, a small integer (no string to build, and V8 keeps such
 * numbers unboxed). 10^5 distinct tags share a key about 5 times in all; a shared key only makes a
 * chain longer, since every run is compared in full.
 */
function keyOf(tags: Uint8Array, at: number): number {
  return tags[at] | (tags[at + 1] << 8) | (tags[at + 2] << 16) | ((tags[at + 3] & 0x3f) << 24);
}

function sameTag(a: Uint8Array, at: number, b: Uint8Array, bt: number): boolean {
  for (let k = 0; k < TAG_BYTES; k++) if (a[at + k] !== b[bt + k]) return false;
  return true;
}

/** Maps tags to the runs of replica indices (1-based) whose txs carry them. Used by the Replica. */
export class TagIndex {
  /** Runs 1..#runs (0 means none, so a chain ends at 0). */
  #runs = 0;
  #start: Uint32Array;
  #end: Uint32Array;
  #prev: Uint32Array;
  /** Run r's tag at r × 32. */
  #tags: Uint8Array;
  /** Key → the newest run with that key. */
  #newest = new Map<number, number>();
  /** Txs held: indices 1..#count. */
  #count = 0;

  constructor(capacity = 1024) {
    const n = Math.max(2, capacity);
    this.#start = new Uint32Array(n);
    this.#end = new Uint32Array(n);
    this.#prev = new Uint32Array(n);
    this.#tags = new Uint8Array(n * TAG_BYTES);
  }

  /** Txs indexed (indices 1..size); the Replica checks it against its own count. */
  get size(): number {
    return this.#count;
  }

  /** Runs of equal tags held: what the index costs in memory (about 50 bytes each). */
  get runCount(): number {
    return this.#runs;
  }

  /** Appends the tags (n × 32 bytes) of the next n indices; returns the first index given. */
  append(tags: Uint8Array): number {
    if (!(tags instanceof Uint8Array)) throw new TypeError('tags must be a Uint8Array');
    if (tags.length % TAG_BYTES !== 0) throw new RangeError(`tags must be a whole number of ${TAG_BYTES}-byte tags, got ${tags.length} bytes`);
    const first = this.#count + 1;
    const n = tags.length / TAG_BYTES;
    for (let k = 0; k < n; k++) {
      const at = k * TAG_BYTES;
      const r = this.#runs;
      // The run before continues when this tx carries the same tag: the rest of its bundle, or the
      // next bundle of the same tag.
      if (r > 0 && sameTag(this.#tags, r * TAG_BYTES, tags, at)) {
        this.#end[r] = first + k;
        continue;
      }
      this.#grow(r + 1);
      const run = r + 1;
      this.#runs = run;
      this.#start[run] = first + k;
      this.#end[run] = first + k;
      const to = run * TAG_BYTES;
      for (let b = 0; b < TAG_BYTES; b++) this.#tags[to + b] = tags[at + b]; // no view made per run
      const key = keyOf(tags, at);
      this.#prev[run] = this.#newest.get(key) ?? 0;
      this.#newest.set(key, run);
    }
    this.#count += n;
    return first;
  }

  /** The runs [first, last] of indices whose txs carry `tag`, ascending; [] when none does. */
  find(tag: Uint8Array): [number, number][] {
    if (!(tag instanceof Uint8Array)) throw new TypeError('tag must be a Uint8Array');
    if (tag.length !== TAG_BYTES) throw new RangeError(`tag must be ${TAG_BYTES} bytes, got ${tag.length}`);
    const out: [number, number][] = [];
    for (let r = this.#newest.get(keyOf(tag, 0)) ?? 0; r !== 0; r = this.#prev[r]) {
      if (sameTag(this.#tags, r * TAG_BYTES, tag, 0)) out.push([this.#start[r], this.#end[r]]);
    }
    return out.reverse();
  }

  /** The tag of the tx at `index` (a copy); a binary search over the runs. */
  tagAt(index: number): Uint8Array {
    if (!Number.isInteger(index) || index < 1 || index > this.#count) throw new RangeError(`index ${index} is not in the tag index (1..${this.#count})`);
    let lo = 1;
    let hi = this.#runs;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.#start[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.#tags.slice(lo * TAG_BYTES, (lo + 1) * TAG_BYTES);
  }

  #grow(runs: number): void {
    if (runs < this.#start.length) return;
    const n = Math.max(runs + 1, this.#start.length * 2);
    const grow32 = (a: Uint32Array) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.#start = grow32(this.#start);
    this.#end = grow32(this.#end);
    this.#prev = grow32(this.#prev);
    const t = new Uint8Array(n * TAG_BYTES);
    t.set(this.#tags);
    this.#tags = t;
  }
}
