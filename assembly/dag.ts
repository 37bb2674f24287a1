// The Tangle as a DAG of integer indices, and cumulative weights inside a sliding window
// (docs/design.md "Tip selection and confirmation"). Hashes never enter here: the replica maps ids to
// indices. Index 0 is a virtual genesis; tx n approves trunk(n) and branch(n), both < n, so index
// order is a topological order (the replica inserts parents first).
//
// ## Storage: one arena of regions
// Every per-tx array is a region of `cap` elements in one heap block, the arena:
//
//   trunk u32 | branch u32 | attachedAt f64 | cw u32 | firstEdge u32 | nextEdge u32 x 2 |
//   tipPos i32 | tips u32 | stamp u32 | stack u32 | scratch f64 | count u32 | visPos i32 | vis u32 |
//   bits (scratch bitsets of the window rebuild; its own size, always last)
//
// Region k starts at cap * (bytes per tx of the regions before k), so with `cap` a multiple of 16
// every region is 64-byte aligned. PER_TX_BYTES = 68 bytes per tx of capacity.
//
// Growth (the stub runtime has no free): the arena is resized with heap.realloc, which extends the
// block in place while it is the last block of the heap (nothing else in the core allocates, so it
// always is) and otherwise copies it whole to a new block. Either way the old contents then sit at
// the old offsets inside the (possibly moved) block. Doubling `cap` only moves regions up: the new
// offset of region k is >= its old offset and >= the old end of every region before it, so moving
// the regions from the last to the first with memory.copy (memmove) never overwrites data that has
// not been moved yet. The bits region is scratch and is not carried over. Memory pages are grown
// here, exactly, before the realloc, so a refused memory.grow is an E_GRAPH_MEMORY error with the
// graph unchanged rather than a trap. `reset` keeps the capacity. Capacity: MAX_TXS (2^22) txs,
// about 285 MB of arena at full capacity; 2,000,000 txs use cap 2^21, about 143 MB.
//
// ## Approvers
// Edge e = 2n + k means "n approves its trunk (k = 0) / branch (k = 1)"; when trunk == branch only
// edge 2n exists. firstEdge[x] heads x's list of approver edges (0 = none: genesis approves
// nothing, so edges 0 and 1 never exist), nextEdge[e] links them; the approver of e is e >> 1.
// Lists hold the newest approver first.
//
// ## Cumulative weights in the window
// CW(x) = 1 + |future(x)|. Every tx in x's future has a larger index, so CW is exact for every
// x >= windowStart when each insert adds 1 to the CW of its past cone restricted to indices
// >= windowStart. The window slides up (size - windowStart <= maxWindow) with no recomputation.
// Bulk inserts (insertMany, growUniform) defer the weights (`pendingFrom`) and `settle` brings them
// up to date once: per-insert past cones for a small batch, otherwise a bitset rebuild of the
// whole window in O(E_window * W / 64) word operations (see rebuildWindow).

import {
  E_GRAPH_PARENT, E_GRAPH_CAPACITY, E_GRAPH_MEMORY, E_GRAPH_MAX_WINDOW, E_GRAPH_BATCH, E_GRAPH_TIME,
} from "./errors";

/** Hard limit on txs (the arena must stay below heap.realloc's 1 GiB block limit). */
export const MAX_TXS: i32 = 1 << 22;
/** Largest allowed maxWindow; the window rebuild costs O(W^2 / 64) word operations. */
export const MAX_WINDOW: i32 = 1 << 20;
export const DEFAULT_MAX_WINDOW: i32 = 4096;
const INITIAL_CAP: i32 = 1024;
/** Bytes the window rebuild may use for bitsets; wider windows use narrower column blocks. */
const BITS_BUDGET: u64 = 32 << 20;
/** Column block of the rebuild: 4096 txs (64 words of 64 bits) per row. */
const BLOCK_WORDS: i32 = 64;

// ---- the input buffer of insertMany: INPUT_CAP txs as trunks u32[], branches u32[], ats f64[] --
export const INPUT_CAP: i32 = 1024;
export const INPUT_TRUNKS_PTR: usize = memory.data(INPUT_CAP * 16, 16);
export const INPUT_BRANCHES_PTR: usize = INPUT_TRUNKS_PTR + <usize>INPUT_CAP * 4;
export const INPUT_ATS_PTR: usize = INPUT_BRANCHES_PTR + <usize>INPUT_CAP * 4;

// ---- region table: bytes per tx of capacity, in arena order ---------------------------------
const R_TRUNK: i32 = 0;
const R_BRANCH: i32 = 1;
const R_AT: i32 = 2;
const R_CW: i32 = 3;
const R_FIRST: i32 = 4;
const R_NEXT: i32 = 5;
const R_TIPPOS: i32 = 6;
const R_TIPS: i32 = 7;
const R_STAMP: i32 = 8;
const R_STACK: i32 = 9;
const R_SCRATCH: i32 = 10;
const R_COUNT: i32 = 11;
const R_VISPOS: i32 = 12;
const R_VIS: i32 = 13;
const N_REGIONS: i32 = 14;
const REGION_BYTES: usize = memory.data<u8>([4, 4, 8, 4, 4, 8, 4, 4, 4, 4, 8, 4, 4, 4]);
const PER_TX_BYTES: usize = 68;

/** Bytes per tx of the regions before region k. */
function unitsBefore(k: i32): usize {
  let s: usize = 0;
  for (let j = 0; j < k; j++) s += <usize>load<u8>(REGION_BYTES + <usize>j);
  return s;
}

// ---- state -----------------------------------------------------------------------------------
let arena: usize = 0;
let bitsBytes: usize = 0;
export let cap: i32 = 0;
export let size: i32 = 0;
export let tipCount: i32 = 0;
export let windowStart: i32 = 0;
export let maxWindow: i32 = DEFAULT_MAX_WINDOW;
/** First tx inserted without its weight update, or -1 when the window's weights are exact. */
let pendingFrom: i32 = -1;
let epoch: u32 = 0;
/** growUniform's visible set: the tips of txs [0, visRevealed). */
export let visCount: i32 = 0;
export let visRevealed: i32 = 0;

// Region pointers, recomputed by `place` whenever the arena moves or grows.
export let pTrunk: usize = 0;
export let pBranch: usize = 0;
export let pAt: usize = 0;
export let pCw: usize = 0;
export let pFirst: usize = 0;
export let pNext: usize = 0;
export let pTipPos: usize = 0;
export let pTips: usize = 0;
export let pStamp: usize = 0;
export let pStack: usize = 0;
export let pScratch: usize = 0;
export let pCount: usize = 0;
export let pVisPos: usize = 0;
export let pVis: usize = 0;
export let pBits: usize = 0;

function place(base: usize, c: usize): void {
  pTrunk = base + c * unitsBefore(R_TRUNK);
  pBranch = base + c * unitsBefore(R_BRANCH);
  pAt = base + c * unitsBefore(R_AT);
  pCw = base + c * unitsBefore(R_CW);
  pFirst = base + c * unitsBefore(R_FIRST);
  pNext = base + c * unitsBefore(R_NEXT);
  pTipPos = base + c * unitsBefore(R_TIPPOS);
  pTips = base + c * unitsBefore(R_TIPS);
  pStamp = base + c * unitsBefore(R_STAMP);
  pStack = base + c * unitsBefore(R_STACK);
  pScratch = base + c * unitsBefore(R_SCRATCH);
  pCount = base + c * unitsBefore(R_COUNT);
  pVisPos = base + c * unitsBefore(R_VISPOS);
  pVis = base + c * unitsBefore(R_VIS);
  pBits = base + c * PER_TX_BYTES;
}

/** Grows memory so that [0, end) is addressable; throws E_GRAPH_MEMORY if the engine refuses. */
function growMemoryTo(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end <= have) return;
  const pages = <i32>((end - have + 0xffff) >> 16);
  if (memory.grow(pages) < 0) throw new Error(E_GRAPH_MEMORY);
}

/** Re-lays the arena out for `newCap` txs and `newBits` scratch bytes (both >= the current). */
function relayout(newCap: i32, newBits: usize): void {
  const total = <usize>newCap * PER_TX_BYTES + newBits;
  let base: usize;
  if (arena == 0) {
    base = heap.alloc(total);
  } else {
    growMemoryTo(arena + total + 64); // in place: the block header and alignment fit in 64 bytes
    base = heap.realloc(arena, total);
  }
  const oldCap = <usize>cap;
  if (arena != 0 && <i32>oldCap != newCap) {
    // Move the regions up, last first (see the header): old region k sits at base + oldCap * u_k.
    for (let k = N_REGIONS - 1; k >= 0; k--) {
      const u = unitsBefore(k);
      const len = oldCap * <usize>load<u8>(REGION_BYTES + <usize>k);
      memory.copy(base + <usize>newCap * u, base + oldCap * u, len);
    }
  }
  arena = base;
  cap = newCap;
  bitsBytes = newBits;
  place(base, <usize>newCap);
}

/** Makes room for `need` txs. */
export function ensureCap(need: i32): void {
  if (need <= cap) return;
  if (need > MAX_TXS) throw new Error(E_GRAPH_CAPACITY);
  let c = cap == 0 ? INITIAL_CAP : cap;
  while (c < need) c <<= 1;
  if (c > MAX_TXS) c = MAX_TXS;
  relayout(c, bitsBytes);
}

/**
 * The most bits-region bytes rebuildWindow asks for on a window of `w` txs: each row is at most
 * `words` 64-bit words (the column block, narrowed to fit BITS_BUDGET, and never wider than the
 * window), and a block has at most w rows.
 */
function rebuildBitsBytes(w: i32): usize {
  if (w <= 0) return 0;
  let words = BLOCK_WORDS;
  if (<u64>w * <u64>(BLOCK_WORDS * 8) > BITS_BUDGET) {
    words = <i32>(BITS_BUDGET / (<u64>w * 8));
    if (words < 1) words = 1;
  }
  const widest = (w + 63) >> 6;
  if (widest < words) words = widest;
  return <usize>w * (<usize>words << 3);
}

/**
 * Makes room for `count` more txs and for the window rebuild after them, so that inserting them
 * and settling cannot run out of memory half way (the replica reserves before it writes its store,
 * so the graph and the store never disagree). Throws E_GRAPH_CAPACITY or E_GRAPH_MEMORY with the
 * graph unchanged.
 */
export function reserve(count: i32): void {
  if (count < 0) throw new Error(E_GRAPH_BATCH);
  if (<i64>size + <i64>count > <i64>MAX_TXS) throw new Error(E_GRAPH_CAPACITY);
  ensureCap(size + count);
  const after = size + count;
  const w = after < maxWindow ? after : maxWindow;
  ensureBits(rebuildBitsBytes(w));
}

/** Makes the bits scratch region at least `bytes` long (its contents are not kept). */
export function ensureBits(bytes: usize): void {
  if (bytes <= bitsBytes) return;
  let b = bitsBytes == 0 ? <usize>65536 : bitsBytes;
  while (b < bytes) b <<= 1;
  relayout(cap, b);
}

/** A fresh epoch for the visit stamps; clears the stamps when the counter wraps. */
export function nextEpoch(): u32 {
  epoch++;
  if (epoch == 0) {
    memory.fill(pStamp, 0, <usize>size << 2);
    epoch = 1;
  }
  return epoch;
}

// ---- O(1) sets: an array plus each member's position (-1 = absent) --------------------------
// @ts-ignore: decorator
@inline function setAdd(posPtr: usize, arrPtr: usize, count: i32, x: u32): i32 {
  store<i32>(posPtr + (<usize>x << 2), count);
  store<u32>(arrPtr + (<usize>count << 2), x);
  return count + 1;
}
// @ts-ignore: decorator
@inline function setRemove(posPtr: usize, arrPtr: usize, count: i32, x: u32): i32 {
  const pos = load<i32>(posPtr + (<usize>x << 2));
  if (pos < 0) return count;
  const last = load<u32>(arrPtr + (<usize>(count - 1) << 2));
  store<u32>(arrPtr + (<usize>pos << 2), last);
  store<i32>(posPtr + (<usize>last << 2), pos);
  store<i32>(posPtr + (<usize>x << 2), -1);
  return count - 1;
}

// ---- reading -----------------------------------------------------------------------------------
// @ts-ignore: decorator
@inline export function trunkOf(x: i32): i32 { return load<i32>(pTrunk + (<usize>x << 2)); }
// @ts-ignore: decorator
@inline export function branchOf(x: i32): i32 { return load<i32>(pBranch + (<usize>x << 2)); }
// @ts-ignore: decorator
@inline export function cwOf(x: i32): u32 { return load<u32>(pCw + (<usize>x << 2)); }
// @ts-ignore: decorator
@inline export function firstEdge(x: i32): u32 { return load<u32>(pFirst + (<usize>x << 2)); }
// @ts-ignore: decorator
@inline export function nextEdge(e: u32): u32 { return load<u32>(pNext + (<usize>e << 2)); }
export function attachedAtOf(x: i32): f64 { return load<f64>(pAt + (<usize>x << 3)); }

// ---- building ----------------------------------------------------------------------------------

/** Empties the graph to the genesis alone (index 0, attached at 0). Keeps capacity and maxWindow. */
export function reset(): void {
  ensureCap(1);
  size = 1;
  store<u32>(pTrunk, 0);
  store<u32>(pBranch, 0);
  store<f64>(pAt, 0);
  store<u32>(pCw, 1);
  store<u32>(pFirst, 0);
  store<u32>(pNext, 0);
  store<u32>(pNext + 4, 0);
  store<u32>(pStamp, 0);
  epoch = 0;
  store<i32>(pTipPos, -1);
  tipCount = setAdd(pTipPos, pTips, 0, 0);
  store<i32>(pVisPos, -1);
  visCount = setAdd(pVisPos, pVis, 0, 0);
  visRevealed = 1;
  windowStart = 0;
  pendingFrom = -1;
}

/** Resets on first use, so an instance used only for PoW never allocates the arena. */
export function ready(): void {
  if (cap == 0) reset();
}

/**
 * Appends tx n = size approving (trunk, branch) without touching weights; marks the weights
 * pending. Maintains approver lists and the tip set. O(1) amortised.
 */
export function insertRaw(trunk: i32, branch: i32, attachedAt: f64): i32 {
  const n = size;
  if (<u32>trunk >= <u32>n || <u32>branch >= <u32>n) throw new Error(E_GRAPH_PARENT);
  if (!isFinite<f64>(attachedAt)) throw new Error(E_GRAPH_TIME);
  if (n >= cap) ensureCap(n + 1);
  const o = <usize>n << 2;
  store<i32>(pTrunk + o, trunk);
  store<i32>(pBranch + o, branch);
  store<f64>(pAt + (<usize>n << 3), attachedAt);
  store<u32>(pCw + o, 1);
  store<u32>(pFirst + o, 0);
  store<u32>(pStamp + o, 0);
  store<i32>(pTipPos + o, -1);
  store<i32>(pVisPos + o, -1);
  const e = <u32>n << 1;
  const tOff = <usize>trunk << 2;
  store<u32>(pNext + (<usize>e << 2), load<u32>(pFirst + tOff));
  store<u32>(pFirst + tOff, e);
  if (branch != trunk) {
    const bOff = <usize>branch << 2;
    store<u32>(pNext + (<usize>(e + 1) << 2), load<u32>(pFirst + bOff));
    store<u32>(pFirst + bOff, e + 1);
  } else {
    store<u32>(pNext + (<usize>(e + 1) << 2), 0);
  }
  let tc = setRemove(pTipPos, pTips, tipCount, trunk);
  if (branch != trunk) tc = setRemove(pTipPos, pTips, tc, branch);
  tipCount = setAdd(pTipPos, pTips, tc, n);
  size = n + 1;
  if (pendingFrom < 0) pendingFrom = n;
  return n;
}

/** Slides the window up so that size - windowStart <= maxWindow. */
function slideWindow(): void {
  const lo = size - maxWindow;
  if (lo > windowStart) windowStart = lo;
}

/**
 * Pushes parent p onto the traversal stack at `stack` when it lies in the window (p >= ws) and is
 * not stamped with epoch ep yet, and stamps it; returns the new stack size. One step of every
 * past-cone traversal: addToPastCone here and confidence in walk.ts.
 */
// @ts-ignore: decorator
@inline
export function pushUnseenParent(p: i32, ws: i32, ep: u32, stamp: usize, stack: usize, sp: usize): usize {
  if (p < ws || load<u32>(stamp + (<usize>p << 2)) == ep) return sp;
  store<u32>(stamp + (<usize>p << 2), ep);
  store<i32>(stack + (sp << 2), p);
  return sp + 1;
}

/** Adds 1 to the CW of every tx of t's past cone (t excluded) with index >= windowStart. */
function addToPastCone(t: i32): void {
  const ws = windowStart;
  const ep = nextEpoch();
  const stamp = pStamp;
  const stack = pStack;
  const cw = pCw;
  let sp: usize = 0;
  let x = t;
  // The loop body pushes x's parents; the first round does it for t itself without counting t.
  while (true) {
    sp = pushUnseenParent(load<i32>(pTrunk + (<usize>x << 2)), ws, ep, stamp, stack, sp);
    sp = pushUnseenParent(load<i32>(pBranch + (<usize>x << 2)), ws, ep, stamp, stack, sp);
    if (sp == 0) break;
    sp--;
    x = load<i32>(stack + (sp << 2));
    const at = cw + (<usize>x << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
}

/** One tx with its incremental weight update: O(1) plus its past cone inside the window. */
export function insert(trunk: i32, branch: i32, attachedAt: f64): i32 {
  settle();
  const n = insertRaw(trunk, branch, attachedAt);
  pendingFrom = -1;
  slideWindow();
  if (n >= windowStart) addToPastCone(n);
  return n;
}

/** Inserts `count` txs from the input buffer, weights deferred (the wrapper calls settle). */
export function insertInput(count: i32): void {
  if (count < 0 || count > INPUT_CAP) throw new Error(E_GRAPH_BATCH);
  if (count == 0) return;
  ensureCap(size + count);
  for (let i = 0; i < count; i++) {
    const o = <usize>i;
    insertRaw(
      load<i32>(INPUT_TRUNKS_PTR + (o << 2)),
      load<i32>(INPUT_BRANCHES_PTR + (o << 2)),
      load<f64>(INPUT_ATS_PTR + (o << 3)),
    );
  }
}

/** Brings the window's weights up to date after deferred inserts. Cheap when nothing is pending. */
export function settle(): void {
  if (pendingFrom < 0) return;
  const from = pendingFrom;
  pendingFrom = -1;
  slideWindow();
  const lo = from > windowStart ? from : windowStart;
  const k = <i64>(size - lo);
  const w = <i64>(size - windowStart);
  if (k * 64 <= w) {
    // A small batch: its txs' past cones cost less than rebuilding the window.
    for (let t = lo; t < size; t++) addToPastCone(t);
  } else {
    rebuildWindow();
  }
}

/** Sets maxWindow; a wider window is filled in by a rebuild, a narrower one just slides. */
export function setMaxWindow(m: i32): void {
  if (m < 1 || m > MAX_WINDOW) throw new Error(E_GRAPH_MAX_WINDOW);
  settle();
  maxWindow = m;
  let lo = size - m;
  if (lo < 0) lo = 0;
  if (lo < windowStart) {
    windowStart = lo;
    rebuildWindow();
  } else {
    windowStart = lo;
  }
}

/**
 * Recomputes CW for the whole window [windowStart, size) from scratch with bitsets.
 * Columns are cut into blocks of up to 4096 txs [c0, c1). For each block, rows x = c1-1 down to
 * windowStart get F(x) = union over approvers y < c1 of (F(y) + {y if y >= c0}): the part of x's
 * future inside the block. Approvers have larger indices, so their rows are ready. CW(x) = 1 plus
 * the population counts over all blocks. Memory: (c1 - windowStart) rows of the block's width,
 * within BITS_BUDGET (wider windows use narrower blocks).
 */
export function rebuildWindow(): void {
  const ws = windowStart;
  const n = size;
  const w = n - ws;
  for (let x = ws; x < n; x++) store<u32>(pCw + (<usize>x << 2), 1);
  let words = BLOCK_WORDS;
  if (<u64>w * <u64>(BLOCK_WORDS * 8) > BITS_BUDGET) {
    words = <i32>(BITS_BUDGET / (<u64>w * 8));
    if (words < 1) words = 1;
  }
  const span = words << 6;
  for (let c0 = ws; c0 < n; c0 += span) {
    const c1 = n - c0 < span ? n : c0 + span;
    const width = (c1 - c0 + 63) >> 6;
    const rowBytes = <usize>width << 3;
    ensureBits(<usize>(c1 - ws) * rowBytes);
    const bits = pBits;
    for (let x = c1 - 1; x >= ws; x--) {
      const row = bits + <usize>(x - ws) * rowBytes;
      memory.fill(row, 0, rowBytes);
      let e = load<u32>(pFirst + (<usize>x << 2));
      if (e == 0) continue;
      while (e != 0) {
        const y = <i32>(e >> 1);
        if (y < c1) {
          orRow(row, bits + <usize>(y - ws) * rowBytes, width);
          if (y >= c0) {
            const bit = y - c0;
            const wp = row + (<usize>(bit >> 6) << 3);
            store<u64>(wp, load<u64>(wp) | (<u64>1 << <u64>(bit & 63)));
          }
        }
        e = load<u32>(pNext + (<usize>e << 2));
      }
      let pc: u64 = 0;
      for (let i = 0; i < width; i++) pc += popcnt<u64>(load<u64>(row + (<usize>i << 3)));
      const at = pCw + (<usize>x << 2);
      store<u32>(at, load<u32>(at) + <u32>pc);
    }
  }
}

/** dst |= src over `width` 64-bit words (two at a time with SIMD). */
// @ts-ignore: decorator
@inline function orRow(dst: usize, src: usize, width: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 1 < width; i += 2) {
      const o = <usize>i << 3;
      v128.store(dst + o, v128.or(v128.load(dst + o), v128.load(src + o)));
    }
  }
  for (; i < width; i++) {
    const o = <usize>i << 3;
    store<u64>(dst + o, load<u64>(dst + o) | load<u64>(src + o));
  }
}

/** Writes the approvers of x (newest first) to the stack region; returns how many. */
export function approversInto(x: i32): i32 {
  let c = 0;
  let e = load<u32>(pFirst + (<usize>x << 2));
  while (e != 0) {
    store<u32>(pStack + (<usize>c << 2), e >> 1);
    c++;
    e = load<u32>(pNext + (<usize>e << 2));
  }
  return c;
}

// ---- growUniform's visible tips (see grow.ts) --------------------------------------------------

/** Makes tx j visible: it joins the visible tips, and its parents leave them. j == visRevealed. */
export function reveal(j: i32): void {
  let vc = setAdd(pVisPos, pVis, visCount, j);
  const a = load<i32>(pTrunk + (<usize>j << 2));
  const b = load<i32>(pBranch + (<usize>j << 2));
  vc = setRemove(pVisPos, pVis, vc, a);
  if (b != a) vc = setRemove(pVisPos, pVis, vc, b);
  visCount = vc;
  visRevealed = j + 1;
}
