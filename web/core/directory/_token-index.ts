// A prefix index of words: the sorted unique words of every document, each with its documents
// (postings), and each document's word numbers. A word of a query matches the words in one range of
// the sorted array (two binary searches), so a query never reads the documents' text. Internal to
// web/core/directory (./search.ts).

/** An upper bound of every word starting with a prefix: words hold letters and digits only, never U+FFFF. */
const _AFTER = '\uffff';

export class _TokenIndex {
  /** The sorted unique words. */
  readonly #words: string[];
  /** #postings[#start[w] .. #start[w + 1]) are the documents of word w, ascending. */
  readonly #start: Int32Array;
  readonly #postings: Int32Array;
  /** #docWords[#docStart[d] .. #docStart[d + 1]) are the word numbers of document d, ascending. */
  readonly #docStart: Int32Array;
  readonly #docWords: Int32Array;
  readonly #docs: number;
  /** Scratch marks for union of postings, one per document. */
  #mark: Uint32Array;
  #stamp = 0;

  /** docs[d] are the words of document d; document numbers are the rank order of results. */
  constructor(docs: readonly (readonly string[])[]) {
    this.#docs = docs.length;
    const unique = new Set<string>();
    for (const d of docs) for (const w of d) unique.add(w);
    this.#words = [...unique].sort();
    const num = new Map<string, number>();
    this.#words.forEach((w, i) => num.set(w, i));
    const perDoc = docs.map((d) => [...new Set(d.map((w) => num.get(w)!))].sort((a, b) => a - b));
    this.#docStart = new Int32Array(docs.length + 1);
    let total = 0;
    perDoc.forEach((ws, d) => {
      this.#docStart[d] = total;
      total += ws.length;
    });
    this.#docStart[docs.length] = total;
    this.#docWords = new Int32Array(total);
    const counts = new Int32Array(this.#words.length + 1);
    perDoc.forEach((ws, d) => {
      this.#docWords.set(ws, this.#docStart[d]);
      for (const w of ws) counts[w + 1]++;
    });
    this.#start = new Int32Array(this.#words.length + 1);
    for (let w = 0; w < this.#words.length; w++) this.#start[w + 1] = this.#start[w] + counts[w + 1];
    this.#postings = new Int32Array(total);
    const fill = this.#start.slice(0, this.#words.length);
    // Documents in ascending order, so each word's postings come out ascending.
    perDoc.forEach((ws, d) => {
      for (const w of ws) this.#postings[fill[w]++] = d;
    });
    this.#mark = new Uint32Array(docs.length);
  }

  /** The number of distinct words. */
  get words(): number {
    return this.#words.length;
  }

  #lowerBound(s: string): number {
    let lo = 0;
    let hi = this.#words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#words[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The range of word numbers that start with `prefix`. */
  range(prefix: string): [number, number] {
    return [this.#lowerBound(prefix), this.#lowerBound(prefix + _AFTER)];
  }

  /** The words that start with `prefix`, at most `limit`, in order. */
  wordsWith(prefix: string, limit: number): string[] {
    const [lo, hi] = this.range(prefix);
    return this.#words.slice(lo, Math.min(hi, lo + limit));
  }

  /** Documents (ascending) in which every query word is the prefix of a word; at most `limit`. */
  match(query: readonly string[], limit: number): number[] {
    if (query.length === 0 || limit <= 0) return [];
    const ranges = query.map((q) => this.range(q));
    let best = 0;
    let bestCount = Infinity;
    for (let i = 0; i < ranges.length; i++) {
      const [lo, hi] = ranges[i];
      const count = this.#start[hi] - this.#start[lo];
      if (count === 0) return [];
      if (count < bestCount) {
        best = i;
        bestCount = count;
      }
    }
    const others = ranges.filter((_, i) => i !== best);
    const out: number[] = [];
    const accept = (d: number): boolean => {
      for (const [lo, hi] of others) {
        let hit = false;
        for (let k = this.#docStart[d]; k < this.#docStart[d + 1]; k++) {
          const w = this.#docWords[k];
          if (w >= lo && w < hi) {
            hit = true;
            break;
          }
        }
        if (!hit) return false;
      }
      out.push(d);
      return out.length >= limit;
    };
    const [lo, hi] = ranges[best];
    if (hi - lo === 1) {
      // One word: its postings are already in document order.
      for (let k = this.#start[lo]; k < this.#start[hi]; k++) if (accept(this.#postings[k])) break;
      return out;
    }
    // Several words: mark the union of their postings, then take the marked documents in order,
    // either by sorting the few or by walking the marks when they are many.
    if (++this.#stamp === 0xffffffff) {
      this.#mark.fill(0);
      this.#stamp = 1;
    }
    const stamp = this.#stamp;
    const mark = this.#mark;
    let distinct = 0;
    const few = bestCount * 8 < this.#docs;
    const list = few ? new Int32Array(bestCount) : null;
    for (let k = this.#start[lo]; k < this.#start[hi]; k++) {
      const d = this.#postings[k];
      if (mark[d] !== stamp) {
        mark[d] = stamp;
        if (list) list[distinct] = d;
        distinct++;
      }
    }
    if (list) {
      const sorted = list.subarray(0, distinct).sort();
      for (const d of sorted) if (accept(d)) break;
    } else {
      for (let d = 0; d < this.#docs; d++) if (mark[d] === stamp && accept(d)) break;
    }
    return out;
  }
}
