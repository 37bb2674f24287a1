// Summaries of a run's latencies: mean, quantiles and a histogram, all from the same sorted copy.

/** Mean, quantiles and a histogram of a latency sample; `count` 0 gives nulls. */
export interface Summary {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  /** Bin edges are lo + i * width, i = 0 .. counts.length; the last bin also holds everything above. */
  histogram: { lo: number; width: number; counts: number[] };
}

/** The q-quantile of sorted values by linear interpolation between order statistics. */
export function _quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

/** Summarises values[0 .. count); the histogram spans 0 .. p99 in `bins` bins. */
export function _summarise(values: Float64Array, count: number, bins = 40): Summary {
  if (count === 0) return { count, mean: null, p50: null, p90: null, p99: null, max: null, histogram: { lo: 0, width: 0, counts: [] } };
  const s = values.slice(0, count).sort();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += s[i];
  const p99 = _quantile(s, 0.99);
  const width = p99 > 0 ? p99 / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < count; i++) counts[Math.min(bins - 1, Math.floor(s[i] / width))]++;
  return { count, mean: sum / count, p50: _quantile(s, 0.5), p90: _quantile(s, 0.9), p99, max: s[count - 1], histogram: { lo: 0, width, counts } };
}

/** Keeps about `points` (t, value) samples, evenly spaced in time, for the plots. */
export class _Series {
  readonly t: number[] = [];
  readonly v: number[] = [];
  #next = 0;
  readonly #step: number;

  constructor(duration: number, points: number) {
    this.#step = duration > 0 && points > 0 ? duration / points : Infinity;
  }

  /** The value holds from time t on; records it when a sample time has been reached. */
  offer(t: number, value: number): void {
    while (t >= this.#next) {
      this.t.push(this.#next);
      this.v.push(value);
      this.#next += this.#step;
    }
  }
}
