// The in-memory transport on a seeded network (issue 11: "random delivery order, delay, loss,
// disconnects"), for tests and the simulation lab. Time is virtual: events (deliveries, closes,
// timers) run one at a time in time order, and after each the caller's settle() is awaited, so all
// the async work a message starts (replica imports included) finishes before the next event. A
// run is thus a function of the seed alone. Each link delivers in order, as a reliable data channel
// does; the interleaving across links and the delays are random. A lost message leaves its link
// open and silent (only a session's timeout ends it); a cut closes the link and loses what is in flight.
import type { Timers, Transport } from './transport.ts';

/** How unreliable the network is; every field defaults to 0 (a perfect network). */
export interface NetworkFaults {
  /** Each message (and close) is delayed uniformly by 0..maxDelayMs of virtual time. */
  maxDelayMs: number;
  /** Probability that a message is lost, its link staying open. */
  loseRate: number;
  /** Probability that a link is cut when a message is sent on it (that message is lost too). */
  cutRate: number;
}

/** What the network did, for the tests' reports. */
export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  cuts: number;
  bytes: number;
}

interface _Event {
  time: number;
  seq: number;
  fire: () => void;
}

/** sfc32-style generator; the network's only source of randomness. */
class _Rng {
  #s: Uint32Array;
  constructor(seed: number) {
    this.#s = Uint32Array.of(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0);
    for (let i = 0; i < 16; i++) this.next();
  }
  next(): number {
    const s = this.#s;
    const t = (((s[0] + s[1]) >>> 0) + s[3]) >>> 0;
    s[3] = (s[3] + 1) >>> 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) >>> 0;
    s[2] = ((s[2] << 21) | (s[2] >>> 11)) >>> 0;
    s[2] = (s[2] + t) >>> 0;
    return t / 4294967296;
  }
}

class _Link {
  open = true;
  /** Closed by an end: nothing more is sent, what is in flight still arrives. */
  closing = false;
  /** Per direction (0: a to b, 1: b to a), the latest delivery time, so each side reads in order. */
  last = [0, 0];
  ends: _End[] = [];
}

class _End implements Transport {
  onmessage: ((bytes: Uint8Array) => void) | null = null;
  onclose: (() => void) | null = null;
  #closed = false;
  constructor(
    readonly net: MemoryNetwork,
    readonly link: _Link,
    readonly side: 0 | 1,
  ) {}
  send(bytes: Uint8Array): void {
    if (!this.link.open || this.link.closing) return;
    this.net._send(this, bytes.slice());
  }
  close(): void {
    this.net._close(this.link);
  }
  /** Called once per end when its link closes. */
  _closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.();
  }
}

/** A seeded virtual network of in-memory links. Made by tests and the simulation lab. */
export class MemoryNetwork {
  faults: NetworkFaults;
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, cuts: 0, bytes: 0 };
  readonly #rng: _Rng;
  #now = 0;
  #seq = 0;
  #heap: _Event[] = [];
  #cancelled = new Set<number>();

  constructor(seed: number, faults: Partial<NetworkFaults> = {}) {
    this.#rng = new _Rng(seed);
    this.faults = { maxDelayMs: 0, loseRate: 0, cutRate: 0, ...faults };
  }

  /** Virtual time (ms). */
  get now(): number {
    return this.#now;
  }

  /** Virtual timers for sessions on this network. */
  readonly timers: Timers = {
    now: () => this.#now,
    setTimeout: (f, ms) => this.#push(this.#now + Math.max(0, ms), f),
    clearTimeout: (h) => {
      if (typeof h === 'number') this.#cancelled.add(h);
    },
  };

  /** A new link: its two ends. */
  connect(): [Transport, Transport] {
    const link = new _Link();
    link.ends = [new _End(this, link, 0), new _End(this, link, 1)];
    return [link.ends[0], link.ends[1]];
  }

  /** Cuts the link of `end` now, as a network failure would: what is in flight is lost. Called by tests. */
  cut(end: Transport): void {
    if (!(end instanceof _End) || end.net !== this) throw new TypeError('end must be a transport of this network');
    this._cut(end.link, true);
  }

  /**
   * Runs events in time order until none is left (or `maxEvents` ran), awaiting settle() after each.
   * Returns the number of events run.
   */
  async run(settle: () => Promise<void>, maxEvents = 1_000_000): Promise<number> {
    let n = 0;
    await settle();
    while (this.#heap.length > 0 && n < maxEvents) {
      const e = this.#pop();
      if (this.#cancelled.delete(e.seq)) continue;
      this.#now = Math.max(this.#now, e.time);
      e.fire();
      n++;
      await settle();
    }
    return n;
  }

  _send(from: _End, bytes: Uint8Array): void {
    const link = from.link;
    this.stats.sent++;
    this.stats.bytes += bytes.length;
    if (this.#rng.next() < this.faults.cutRate) {
      this.stats.lost++;
      this._cut(link, true);
      return;
    }
    if (this.#rng.next() < this.faults.loseRate) {
      this.stats.lost++;
      return;
    }
    const to = link.ends[1 - from.side];
    const at = Math.max(this.#now + this.#rng.next() * this.faults.maxDelayMs, link.last[from.side]);
    link.last[from.side] = at;
    this.#push(at, () => {
      if (!link.open) {
        this.stats.lost++;
        return;
      }
      this.stats.delivered++;
      to.onmessage?.(bytes);
    });
  }

  /** A graceful close, as a data channel's: after every message in flight has arrived. */
  _close(link: _Link): void {
    if (!link.open || link.closing) return;
    link.closing = true;
    this.#push(Math.max(this.#now, link.last[0], link.last[1]), () => this._cut(link, false));
  }

  _cut(link: _Link, byNetwork: boolean): void {
    if (!link.open) return;
    link.open = false;
    if (byNetwork) this.stats.cuts++;
    for (const end of link.ends) this.#push(this.#now + this.#rng.next() * this.faults.maxDelayMs, () => end._closed());
  }

  #push(time: number, fire: () => void): number {
    const seq = this.#seq++;
    const h = this.#heap;
    h.push({ time, seq, fire });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (_before(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
    return seq;
  }

  #pop(): _Event {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && _before(h[l], h[m])) m = l;
        if (r < h.length && _before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

function _before(a: _Event, b: _Event): boolean {
  return a.time !== b.time ? a.time < b.time : a.seq < b.seq;
}
