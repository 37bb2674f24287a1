// The discrete-event queue: a binary min-heap of (time, order of scheduling), so events at the same
// time run in the order they were scheduled (a bundle's txs become visible head first, as they were
// inserted). Each event is a kind and an integer argument, kept in parallel arrays (no object per
// event: a run of 10^6 txs schedules a few million events).

/** One event: its time, kind and argument, as `pop` leaves them. */
export class _EventQueue {
  #time: Float64Array = new Float64Array(1024);
  #seq: Float64Array = new Float64Array(1024);
  #kind: Int32Array = new Int32Array(1024);
  #arg: Int32Array = new Int32Array(1024);
  #size = 0;
  #counter = 0;
  /** The popped event's fields. */
  time = 0;
  kind = 0;
  arg = 0;

  get size(): number {
    return this.#size;
  }

  push(time: number, kind: number, arg: number): void {
    if (this.#size === this.#time.length) this.#grow();
    let i = this.#size++;
    const seq = this.#counter++;
    // Sift up: move parents that come later down into the hole.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.#before(p, time, seq)) break;
      this.#move(p, i);
      i = p;
    }
    this.#time[i] = time;
    this.#seq[i] = seq;
    this.#kind[i] = kind;
    this.#arg[i] = arg;
  }

  /** Removes the earliest event into time / kind / arg; false when the queue is empty. */
  pop(): boolean {
    if (this.#size === 0) return false;
    this.time = this.#time[0];
    this.kind = this.#kind[0];
    this.arg = this.#arg[0];
    const last = --this.#size;
    if (last === 0) return true;
    const t = this.#time[last];
    const s = this.#seq[last];
    const k = this.#kind[last];
    const a = this.#arg[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && this.#before(c + 1, this.#time[c], this.#seq[c])) c++;
      if (!this.#before(c, t, s)) break;
      this.#move(c, i);
      i = c;
    }
    this.#time[i] = t;
    this.#seq[i] = s;
    this.#kind[i] = k;
    this.#arg[i] = a;
    return true;
  }

  /** The time of the earliest event, or Infinity. */
  peekTime(): number {
    return this.#size === 0 ? Infinity : this.#time[0];
  }

  /** Whether the event at heap slot j comes before (time, seq). */
  #before(j: number, time: number, seq: number): boolean {
    const tj = this.#time[j];
    return tj < time || (tj === time && this.#seq[j] < seq);
  }

  #move(from: number, to: number): void {
    this.#time[to] = this.#time[from];
    this.#seq[to] = this.#seq[from];
    this.#kind[to] = this.#kind[from];
    this.#arg[to] = this.#arg[from];
  }

  #grow(): void {
    const n = this.#time.length * 2;
    const grow = <T extends Float64Array | Int32Array>(a: T, b: T): T => (b.set(a), b);
    this.#time = grow(this.#time, new Float64Array(n));
    this.#seq = grow(this.#seq, new Float64Array(n));
    this.#kind = grow(this.#kind, new Int32Array(n));
    this.#arg = grow(this.#arg, new Int32Array(n));
  }
}
