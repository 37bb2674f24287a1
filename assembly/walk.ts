// Tip selection and confirmation confidence (docs/design.md "Tip selection and confirmation"): the
// IOTA whitepaper's MCMC walk as IRI's WalkerAlpha does it, split as IRI splits it into an entry
// point, a rating (the windowed CW of dag.ts) and a walker. Pure: the seed is an argument, the graph
// is read from the arena, and nothing else is consulted mid-walk.
//
// Seeds: walk i of a selection or of a confidence run uses deriveSeed(seed, i) (rng.ts), so
// selectTips(seed) = (walk(seed_0), walk(seed_1)) and confidence's walks are seed_0 .. seed_{N-1}.

import {
  size, windowStart, pTrunk, pBranch, pCw, pFirst, pNext, pScratch, pCount, pStack, pStamp, pBits,
  ensureBits, nextEpoch, settle, pushUnseenParent,
} from "./dag";
import { E_GRAPH_WINDOW, E_GRAPH_ALPHA, E_GRAPH_SAMPLES, E_GRAPH_DEPTH } from "./errors";
import { seedRng, deriveSeed, nextF64 } from "./rng";

export const MAX_SAMPLES: i32 = 10000;

/**
 * The entry point: the heaviest tx (largest CW, the newest on a tie) among those between `depth`
 * and 2·depth indices below the newest, clamped to the window (and further down to the window's
 * start while every candidate is still unapproved); genesis when the graph is empty.
 * docs/design.md asks for an entry point "a bounded depth below the tips". Following trunks back from
 * the newest tx (as a first version did) let one lazy tx approving an old parent, or an attacker's
 * own short chain, become the entry point and capture every walk. Weight cannot be faked cheaply:
 * to be chosen, a side chain must outweigh the honest txs of the same age.
 */
export function entryPoint(depth: i32): i32 {
  if (depth < 0) throw new Error(E_GRAPH_DEPTH);
  settle();
  const ws = windowStart;
  const newest = size - 1;
  if (newest <= 0) return 0;
  // In i64: 2·depth may pass i32 (depth is checked only to be >= 0).
  const hi64 = <i64>newest - <i64>depth;
  const lo64 = <i64>newest - 2 * <i64>depth;
  const hi = hi64 < <i64>ws ? ws : <i32>hi64;
  const lo = lo64 < <i64>ws ? ws : <i32>lo64;
  let best = hi;
  let bestCw = load<u32>(pCw + (<usize>hi << 2));
  // A tx that nobody approves (CW 1) leads nowhere: when every candidate is one (a young or very
  // wide tangle), the search goes on down to the window's start (at most maxWindow loads).
  for (let i = hi - 1; i >= ws && (i >= lo || bestCw <= 1); i--) {
    const c = load<u32>(pCw + (<usize>i << 2));
    if (c > bestCw) {
      best = i;
      bestCw = c;
    }
  }
  return best;
}

function checkAlpha(alpha: f64): void {
  if (!(alpha >= 0) || !isFinite<f64>(alpha)) throw new Error(E_GRAPH_ALPHA);
}

/**
 * One walk from `entry` with the generator already seeded: while x has approvers, step to approver
 * y with probability exp(-alpha (CW(x) - CW(y))) / sum, computed with the shift by the largest
 * approver CW (w_y = exp(alpha (CW(y) - max)), so the largest weight is 1 and nothing overflows).
 * With alpha = 0 the step is uniform. A single approver is taken without a draw.
 */
function walkSeeded(entry: i32, alpha: f64): i32 {
  const cwp = pCw;
  const first = pFirst;
  const next = pNext;
  const scratch = pScratch;
  let x = entry;
  while (true) {
    const e0 = load<u32>(first + (<usize>x << 2));
    if (e0 == 0) return x;
    let e = load<u32>(next + (<usize>e0 << 2));
    if (e == 0) {
      x = <i32>(e0 >> 1);
      continue;
    }
    if (alpha == 0) {
      let n: u32 = 1;
      while (e != 0) {
        n++;
        e = load<u32>(next + (<usize>e << 2));
      }
      let k = <u32>(nextF64() * <f64>n);
      if (k >= n) k = n - 1;
      e = e0;
      while (k > 0) {
        e = load<u32>(next + (<usize>e << 2));
        k--;
      }
      x = <i32>(e >> 1);
      continue;
    }
    let maxCw: u32 = 0;
    e = e0;
    while (e != 0) {
      const c = load<u32>(cwp + (<usize>(e >> 1) << 2));
      if (c > maxCw) maxCw = c;
      e = load<u32>(next + (<usize>e << 2));
    }
    const top = <f64>maxCw;
    let sum: f64 = 0;
    let i: usize = 0;
    e = e0;
    while (e != 0) {
      const w = Math.exp(alpha * (<f64>load<u32>(cwp + (<usize>(e >> 1) << 2)) - top));
      store<f64>(scratch + (i << 3), w);
      sum += w;
      i++;
      e = load<u32>(next + (<usize>e << 2));
    }
    let r = nextF64() * sum;
    let pick: u32 = 0;
    i = 0;
    e = e0;
    while (e != 0) {
      const w = load<f64>(scratch + (i << 3));
      if (w > 0) {
        pick = e; // the last approver with weight, should rounding leave r >= 0 at the end
        r -= w;
        if (r < 0) break;
      }
      i++;
      e = load<u32>(next + (<usize>e << 2));
    }
    x = <i32>(pick >> 1);
  }
  return x; // not reached
}

/** A walk from `entry` (windowStart <= entry < size) seeded with `seed`; returns the tip reached. */
export function walk(entry: i32, alpha: f64, seed: u64): i32 {
  settle();
  if (entry < windowStart || entry >= size) throw new Error(E_GRAPH_WINDOW);
  checkAlpha(alpha);
  seedRng(seed);
  return walkSeeded(entry, alpha);
}

/** Two walks from entryPoint(depth), seeds derived from `seed`; the tips packed as lo | hi << 32. */
export function selectTips(alpha: f64, depth: i32, seed: u64): u64 {
  checkAlpha(alpha);
  const entry = entryPoint(depth);
  seedRng(deriveSeed(seed, 0));
  const a = walkSeeded(entry, alpha);
  seedRng(deriveSeed(seed, 1));
  const b = walkSeeded(entry, alpha);
  return <u64><u32>a | (<u64><u32>b << 32);
}

/**
 * Confirmation confidence as IRI measured it: run `samples` walks from entryPoint(depth); the
 * confidence of x is the share of walks whose exit tip has x in its past cone (the tip itself
 * included). Writes confidence(windowStart + i) as f64 to the scratch region, i < the returned
 * count (size - windowStart). Walks that exit at the same tip are marked once with their
 * multiplicity, so the cost is samples * path + distinct tips * window.
 */
export function confidence(samples: i32, alpha: f64, depth: i32, seed: u64): i32 {
  if (samples < 1 || samples > MAX_SAMPLES) throw new Error(E_GRAPH_SAMPLES);
  checkAlpha(alpha);
  const entry = entryPoint(depth);
  const ws = windowStart;
  const n = size;
  const w = n - ws;
  ensureBits(<usize>samples << 3); // (tip, hits) pairs of the distinct exit tips
  const count = pCount;
  memory.fill(count + (<usize>ws << 2), 0, <usize>w << 2);
  // 1. The walks: hits per exit tip, and the list of distinct tips.
  const tipsList = pBits;
  let distinct: usize = 0;
  for (let i = 0; i < samples; i++) {
    seedRng(deriveSeed(seed, <u64>i));
    const tip = walkSeeded(entry, alpha);
    const at = count + (<usize>tip << 2);
    const h = load<u32>(at);
    if (h == 0) {
      store<u32>(tipsList + (distinct << 3), tip);
      distinct++;
    }
    store<u32>(at, h + 1);
  }
  // 2. Move the hits out of `count` (no exit tip lies in another's past cone: tips are unapproved).
  for (let j: usize = 0; j < distinct; j++) {
    const tip = load<u32>(tipsList + (j << 3));
    const at = count + (<usize>tip << 2);
    store<u32>(tipsList + (j << 3) + 4, load<u32>(at));
    store<u32>(at, 0);
  }
  // 3. Each distinct tip adds its hits to its past cone inside the window, itself included.
  const stack = pStack;
  const stamp = pStamp;
  for (let j: usize = 0; j < distinct; j++) {
    const tip = load<i32>(tipsList + (j << 3));
    const hits = load<u32>(tipsList + (j << 3) + 4);
    const ep = nextEpoch();
    store<u32>(stamp + (<usize>tip << 2), ep);
    store<i32>(stack, tip);
    let sp: usize = 1;
    while (sp > 0) {
      sp--;
      const x = load<i32>(stack + (sp << 2));
      const at = count + (<usize>x << 2);
      store<u32>(at, load<u32>(at) + hits);
      if (x == 0) continue;
      sp = pushUnseenParent(load<i32>(pTrunk + (<usize>x << 2)), ws, ep, stamp, stack, sp);
      sp = pushUnseenParent(load<i32>(pBranch + (<usize>x << 2)), ws, ep, stamp, stack, sp);
    }
  }
  // 4. Shares, written from windowStart on.
  const out = pScratch;
  const inv = 1.0 / <f64>samples;
  for (let i = 0; i < w; i++) {
    store<f64>(out + (<usize>i << 3), <f64>load<u32>(count + (<usize>(ws + i) << 2)) * inv);
  }
  return w;
}
