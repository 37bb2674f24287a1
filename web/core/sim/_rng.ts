// The simulator's own seeded randomness (arrival times, bundle choices, block times, PoW draws): no
// Math.random, no clock (docs/design.md). xoshiro128** (Blackman and Vigna, "Scrambled linear
// pseudorandom number generators", 2018) seeded by four outputs of splitmix32 (the 32-bit variant
// of Steele, Lea and Flood's splitmix), so any integer seed gives a non-zero state. Each part of a
// run draws from its own stream (`_stream(seed, label)`), so adding draws to one part never shifts
// another's: the tangle and the blockchain see the very same arrivals.

/** A stream of uniforms and the distributions the simulator draws from. */
export class _Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let s = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1;
  }

  /** 32 uniform bits. */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.#b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.#b << 9) >>> 0;
    this.#c = (this.#c ^ this.#a) >>> 0;
    this.#d = (this.#d ^ this.#b) >>> 0;
    this.#b = (this.#b ^ this.#c) >>> 0;
    this.#a = (this.#a ^ this.#d) >>> 0;
    this.#c = (this.#c ^ t) >>> 0;
    this.#d = rotl(this.#d, 11);
    return r;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }

  /** Exponential with the given mean (inversion; 1 - U is in (0, 1], so the log is finite). */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /**
   * Trials up to the first success with success probability p per trial (geometric on 1, 2, ...):
   * the attempts one PoW takes when each nonce succeeds with p = 3^-MWM.
   */
  geometric(p: number): number {
    if (p >= 1) return 1;
    return Math.max(1, Math.ceil(Math.log(1 - this.next()) / Math.log1p(-p)));
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** FNV-1a of the label, so each part of a run gets a stream of its own from one seed. */
export function _stream(seed: number, label: string): _Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return new _Rng(seed * 4294967296 + h);
}
