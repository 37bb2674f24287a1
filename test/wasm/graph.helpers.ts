// Plain-JS references for the graph tests: a seeded generator, a DAG model with from-scratch
// cumulative weights (BFS over approvers), the entry point rule, the exact exit distributions of the
// uniform and the weighted walk, and the chi-square distribution and test. Nothing here calls the
// core.

/** mulberry32: a small seeded generator for the tests' own choices (not the core's). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A DAG as the core sees it: index 0 is genesis, tx i approves trunks[i] and branches[i] < i. */
export class DagModel {
  trunks: number[] = [0];
  branches: number[] = [0];

  get size(): number {
    return this.trunks.length;
  }
  add(trunk: number, branch: number): number {
    this.trunks.push(trunk);
    this.branches.push(branch);
    return this.trunks.length - 1;
  }

  /** Approvers of every tx, in compressed rows: list[start[x] .. start[x + 1]). */
  approvers(): { start: Int32Array; list: Int32Array } {
    const n = this.size;
    const deg = new Int32Array(n + 1);
    for (let i = 1; i < n; i++) {
      deg[this.trunks[i]]++;
      if (this.branches[i] !== this.trunks[i]) deg[this.branches[i]]++;
    }
    const start = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) start[i + 1] = start[i] + deg[i];
    const fill = start.slice(0, n);
    const list = new Int32Array(start[n]);
    for (let i = 1; i < n; i++) {
      list[fill[this.trunks[i]]++] = i;
      if (this.branches[i] !== this.trunks[i]) list[fill[this.branches[i]]++] = i;
    }
    return { start, list };
  }

  /** Txs nobody approves. */
  tips(): number[] {
    const approved = new Uint8Array(this.size);
    for (let i = 1; i < this.size; i++) {
      approved[this.trunks[i]] = 1;
      approved[this.branches[i]] = 1;
    }
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (!approved[i]) out.push(i);
    return out;
  }

  /** CW(x) = 1 + |future(x)| for x in [from, size), each by its own BFS over approvers. */
  cumulativeWeights(from: number): Uint32Array {
    const n = this.size;
    const { start, list } = this.approvers();
    const seen = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    const out = new Uint32Array(n - from);
    for (let x = from; x < n; x++) {
      let head = 0;
      let tail = 0;
      queue[tail++] = x;
      seen[x] = x;
      while (head < tail) {
        const v = queue[head++];
        for (let k = start[v]; k < start[v + 1]; k++) {
          const y = list[k];
          if (seen[y] !== x) {
            seen[y] = x;
            queue[tail++] = y;
          }
        }
      }
      out[x - from] = tail; // x itself and its future
    }
    return out;
  }

  /** Past cone of x (x included). */
  pastCone(x: number): Set<number> {
    const out = new Set<number>([x]);
    const stack = [x];
    while (stack.length) {
      const v = stack.pop()!;
      if (v === 0) continue;
      for (const p of [this.trunks[v], this.branches[v]]) {
        if (!out.has(p)) {
          out.add(p);
          stack.push(p);
        }
      }
    }
    return out;
  }

  /**
   * The exact uniform (alpha = 0) walk from `entry`: P(enter y) = sum over parents x on the way of
   * P(enter x) / |approvers(x)|. Index order is topological, so one pass in order suffices. The exit
   * probability of a tip is its entry probability.
   */
  uniformWalkProbabilities(entry: number): Float64Array {
    const { start, list } = this.approvers();
    const p = new Float64Array(this.size);
    p[entry] = 1;
    for (let x = entry; x < this.size; x++) {
      const deg = start[x + 1] - start[x];
      if (deg === 0 || p[x] === 0) continue;
      for (let k = start[x]; k < start[x + 1]; k++) p[list[k]] += p[x] / deg;
    }
    return p;
  }

  /**
   * The entry point by its definition (docs/design.md "Tip selection and confirmation", README "The DAG
   * in WASM"), for a graph whose window holds every tx: the tx with the largest CW among those
   * `depth` to 2·depth indices below the newest (clamped at genesis), the newest on a tie. The rule
   * for candidates that are all tips (search further down) is not modelled: it throws instead, so a
   * test that relies on this model uses graphs where it does not arise.
   */
  entryPoint(depth: number): number {
    const newest = this.size - 1;
    if (newest <= 0) return 0;
    const cw = this.cumulativeWeights(0);
    let best = -1;
    for (let i = Math.max(0, newest - 2 * depth); i <= Math.max(0, newest - depth); i++) {
      if (best < 0 || cw[i] >= cw[best]) best = i;
    }
    if (cw[best] <= 1) throw new Error('entryPoint model: every candidate is a tip (not modelled)');
    return best;
  }

  /**
   * The exact exit distribution of the weighted walk from `entry`, written from its definition
   * (docs/design.md; the IOTA whitepaper's MCMC walk): at x, with approvers Y (a tx approving x as both
   * trunk and branch counts once), step to y in Y with probability
   * exp(-alpha (CW(x) - CW(y))) / sum over z in Y of exp(-alpha (CW(x) - CW(z))); stop at a tip.
   * CW comes from cumulativeWeights (a BFS per tx). Index order is topological, so one pass in
   * order carries every probability forward; a tip's exit probability is its entry probability.
   */
  walkProbabilities(entry: number, alpha: number): Float64Array {
    const { start, list } = this.approvers();
    const cw = this.cumulativeWeights(0);
    const p = new Float64Array(this.size);
    p[entry] = 1;
    for (let x = entry; x < this.size; x++) {
      if (p[x] === 0 || start[x + 1] === start[x]) continue;
      let sum = 0;
      for (let k = start[x]; k < start[x + 1]; k++) sum += Math.exp(-alpha * (cw[x] - cw[list[k]]));
      for (let k = start[x]; k < start[x + 1]; k++) p[list[k]] += (p[x] * Math.exp(-alpha * (cw[x] - cw[list[k]]))) / sum;
    }
    return p;
  }
}

/** A fixed irregular DAG of 32 txs: 9 tips, up to 5 approvers per tx, some trunk == branch. */
const IRREGULAR: [number, number][] = [
  [0, 0], [0, 0], [1, 1], [0, 0], [1, 4], [3, 0], [5, 1], [6, 6], [4, 6], [9, 0], [9, 9], [6, 7], [7, 9], [12, 6],
  [9, 6], [12, 12], [13, 13], [13, 17], [13, 15], [14, 18], [15, 11], [21, 14], [21, 22], [23, 18], [23, 24],
  [21, 23], [23, 18], [24, 20], [25, 25], [28, 28], [29, 29],
];

/** The IRREGULAR DAG as a model; used by the walk tests at alpha = 0 and at the app's alpha. */
export function irregular(): DagModel {
  const m = new DagModel();
  for (const [t, b] of IRREGULAR) m.add(t, b);
  return m;
}

// ---- chi-square ---------------------------------------------------------------------------------

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to about 1e-15 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x) (Numerical Recipes' series / continued fraction). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    for (let n = 1; n < 1000; n++) {
      del *= x / (a + n);
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lg);
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lg) * h;
}

/** P(X >= x) for X chi-square with df degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/** The value exceeded with probability `alpha` (bisection on the survival function). */
export function chiSquareCritical(df: number, alpha: number): number {
  let lo = 0;
  let hi = 10 * df + 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSurvival(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Pearson's statistic of observed counts against expected probabilities (summing to 1). */
export function chiSquareStatistic(observed: number[], expected: number[], total: number): number {
  let s = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i] * total;
    s += (observed[i] - e) ** 2 / e;
  }
  return s;
}

/** The outcome of pooledChiSquare: the statistic, its degrees of freedom and p-value, and the cells tested. */
export interface ChiSquareFit {
  statistic: number;
  df: number;
  p: number;
  /** Observed and expected counts of the cells after pooling (the pooled cell last, if any). */
  observed: number[];
  expected: number[];
}

/**
 * Pearson's goodness of fit of `observed` counts against probabilities `probs` (summing to 1) for
 * `total` draws. Cells expected fewer than `minExpected` times are pooled into one cell (the usual
 * condition for the chi-square approximation), and the smallest other cells join that pool until it
 * too is expected at least `minExpected` times. A count in a cell of probability 0 gives an infinite
 * statistic and p = 0.
 */
export function pooledChiSquare(observed: number[], probs: number[], total: number, minExpected = 5): ChiSquareFit {
  const impossible = probs.some((q, i) => q === 0 && observed[i] > 0);
  const order = probs.map((_, i) => i).sort((a, b) => probs[a] - probs[b]);
  let k = 0;
  let poolObserved = 0;
  let poolExpected = 0;
  while (k < order.length && (probs[order[k]] * total < minExpected || (k > 0 && poolExpected < minExpected))) {
    poolObserved += observed[order[k]];
    poolExpected += probs[order[k]] * total;
    k++;
  }
  const obs = order.slice(k).map((i) => observed[i]);
  const exp = order.slice(k).map((i) => probs[i] * total);
  if (k > 0) {
    obs.push(poolObserved);
    exp.push(poolExpected);
  }
  if (obs.length < 2) throw new Error('pooledChiSquare: fewer than two cells are left after pooling');
  let statistic = 0;
  for (let i = 0; i < obs.length; i++) statistic += (obs[i] - exp[i]) ** 2 / exp[i];
  if (impossible) statistic = Infinity;
  const df = obs.length - 1;
  const p = statistic === Infinity ? 0 : chiSquareSurvival(statistic, df);
  return { statistic, df, p, observed: obs, expected: exp };
}
