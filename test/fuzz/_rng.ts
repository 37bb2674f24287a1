// The fuzz campaign's seeded generator (sfc32, seeded through a 32-bit mix). Every choice the
// generators and mutators make comes from here, so a (seed, case) pair replays exactly; nothing
// reads Math.random or crypto.getRandomValues.

/** A 32-bit finaliser (murmur3's fmix32): spreads a seed's bits before sfc32 uses them. */
function _mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The seed of case `caseNo` of a run with seed `seed`; printed on failure. Called by the generator and the runners. */
export function caseSeed(seed: number, caseNo: number): number {
  return _mix32((seed >>> 0) ^ _mix32((caseNo + 0x9e3779b9) >>> 0));
}

/** A seeded generator with the draws the fuzz needs. Made by the case generator, one per case. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = _mix32(seed ^ 0x243f6a88);
    this.#b = _mix32(seed ^ 0x85a308d3);
    this.#c = _mix32(seed ^ 0x13198a2e);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform u32 (sfc32). */
  u32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)];
  }

  /** One of `choices`, each [value, weight]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let x = this.float() * total;
    for (const [v, w] of choices) {
      if (x < w) return v;
      x -= w;
    }
    return choices[choices.length - 1][0];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
