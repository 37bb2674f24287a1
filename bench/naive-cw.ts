// The peer of `tipsel.ms.*`: tip selection as public Tangle visualisers do it, in plain TypeScript.
// They keep the DAG as a list of nodes and links, and whenever they need weights they recompute every
// cumulative weight from scratch: iotavisualization (the IOTA Foundation's tangle visualiser) runs
// getApprovingNodes(tx), a traversal of the approvers, for every tx on each render. This file does
// the same work with typed arrays instead of JS Sets and objects, so the figure measures the algorithm
// and not a slow container:
//   1. approver lists (CSR) from the trunk and branch columns;
//   2. CW(x) = 1 + |future(x)|, for every x, by a depth-first traversal of x's approvers with a
//      visit stamp per tx (O(sum of future-set sizes), about n^2 / 2 visits);
//   3. the same entry point as the core (the heaviest tx `depth` to 2·depth back) and the same
//      alpha walk (step to approver y with probability ∝ exp(alpha (CW(y) - max CW))), twice.
// bitsetCumulativeWeights is the fastest from-scratch pass we know (the core's window rebuild, in
// JS): it is timed for context only, so the peer figure cannot be called a straw man.

import type { TangleGraph } from '../web/wasm/index.ts';

/** A DAG as plain columns: tx i (1 .. size - 1) approves trunks[i] and branches[i]; 0 is the genesis. */
export interface PlainGraph {
  size: number;
  trunks: Uint32Array;
  branches: Uint32Array;
}

/** Copies the graph out of the core, one trunk(i) / branch(i) call per tx. */
export function exportGraph(g: TangleGraph): PlainGraph {
  const size = g.size;
  const trunks = new Uint32Array(size);
  const branches = new Uint32Array(size);
  for (let i = 1; i < size; i++) {
    trunks[i] = g.trunk(i);
    branches[i] = g.branch(i);
  }
  return { size, trunks, branches };
}

/** Approver lists in CSR form: the approvers of x are list[start[x] .. start[x + 1]). */
export interface Approvers {
  start: Uint32Array;
  list: Uint32Array;
}

export function buildApprovers(p: PlainGraph): Approvers {
  const n = p.size;
  const start = new Uint32Array(n + 1);
  for (let i = 1; i < n; i++) {
    start[p.trunks[i] + 1]++;
    if (p.branches[i] !== p.trunks[i]) start[p.branches[i] + 1]++;
  }
  for (let x = 0; x < n; x++) start[x + 1] += start[x];
  const fill = start.slice(0, n);
  const list = new Uint32Array(start[n]);
  for (let i = 1; i < n; i++) {
    list[fill[p.trunks[i]]++] = i;
    if (p.branches[i] !== p.trunks[i]) list[fill[p.branches[i]]++] = i;
  }
  return { start, list };
}

/** CW of every tx by one traversal of its future per tx (the visualisers' approach). */
export function traversalCumulativeWeights(p: PlainGraph, a: Approvers): Uint32Array {
  const n = p.size;
  const cw = new Uint32Array(n);
  const stamp = new Uint32Array(n);
  const stack = new Uint32Array(n);
  const { start, list } = a;
  for (let x = 0; x < n; x++) {
    const ep = x + 1;
    let sp = 0;
    let count = 0;
    stack[sp++] = x;
    while (sp > 0) {
      const v = stack[--sp];
      for (let e = start[v], end = start[v + 1]; e < end; e++) {
        const y = list[e];
        if (stamp[y] !== ep) {
          stamp[y] = ep;
          count++;
          stack[sp++] = y;
        }
      }
    }
    cw[x] = 1 + count;
  }
  return cw;
}

function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** CW of every tx by future-set bitsets in reverse index order (context only; about n^2 / 8 bytes). */
export function bitsetCumulativeWeights(p: PlainGraph, a: Approvers): Uint32Array {
  const n = p.size;
  const words = (n + 31) >>> 5;
  const bits = new Int32Array(n * words);
  const cw = new Uint32Array(n);
  const { start, list } = a;
  for (let x = n - 1; x >= 0; x--) {
    const row = x * words;
    for (let e = start[x], end = start[x + 1]; e < end; e++) {
      const y = list[e];
      const src = y * words;
      // future(y) holds only indices > y, so words below y's own word are zero: skip them.
      for (let w = y >>> 5; w < words; w++) bits[row + w] |= bits[src + w];
      bits[row + (y >>> 5)] |= 1 << (y & 31);
    }
    let c = 0;
    for (let w = (x + 1) >>> 5; w < words; w++) c += popcount32(bits[row + w]);
    cw[x] = 1 + c;
  }
  return cw;
}

/**
 * The core's entry point rule (assembly/walk.ts) over full weights: the heaviest tx (the newest on
 * a tie) between `depth` and 2·depth below the newest, searching further down while every
 * candidate is unapproved. The core also stops at its window's start, which lies far below these
 * candidates in the benchmark's graphs.
 */
export function entryPoint(p: PlainGraph, cw: Uint32Array, depth: number): number {
  const newest = p.size - 1;
  if (newest <= 0) return 0;
  const hi = Math.max(0, newest - depth);
  const lo = Math.max(0, newest - 2 * depth);
  let best = hi;
  for (let i = hi - 1; i >= 0 && (i >= lo || cw[best] <= 1); i--) if (cw[i] > cw[best]) best = i;
  return best;
}

/** The alpha walk of assembly/walk.ts over full weights; `random` gives uniforms in [0, 1). */
export function walk(a: Approvers, cw: Uint32Array, entry: number, alpha: number, random: () => number): number {
  const { start, list } = a;
  const weights: number[] = [];
  let x = entry;
  for (;;) {
    const s = start[x];
    const end = start[x + 1];
    if (s === end) return x;
    if (end - s === 1) {
      x = list[s];
      continue;
    }
    let top = 0;
    for (let e = s; e < end; e++) top = Math.max(top, cw[list[e]]);
    let sum = 0;
    weights.length = 0;
    for (let e = s; e < end; e++) {
      const w = Math.exp(alpha * (cw[list[e]] - top));
      weights.push(w);
      sum += w;
    }
    let r = random() * sum;
    let pick = list[end - 1];
    for (let e = s; e < end; e++) {
      r -= weights[e - s];
      if (r < 0) {
        pick = list[e];
        break;
      }
    }
    x = pick;
  }
}

/** mulberry32: the peer's seeded generator. */
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

/** One selection of the peer, from scratch: approver lists, every CW, then two walks. */
export function naiveSelectTips(p: PlainGraph, alpha: number, depth: number, seed: number): { tips: [number, number]; cw: Uint32Array } {
  const a = buildApprovers(p);
  const cw = traversalCumulativeWeights(p, a);
  const entry = entryPoint(p, cw, depth);
  const random = mulberry32(seed);
  return { tips: [walk(a, cw, entry, alpha, random), walk(a, cw, entry, alpha, random)], cw };
}
