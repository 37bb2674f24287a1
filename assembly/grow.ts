// Synthetic growth for benchmarks and the simulation lab: the uniform random tip selection model
// with network delay (Popov, "The Tangle"; docs/design.md "Proving the paper's claims"). Each new tx
// approves two tips chosen uniformly at random (independently, so trunk == branch happens) from the
// tips as they were lambdaH txs ago: tx j is invisible to txs j+1 .. j+lambdaH, i.e. tx n sees
// txs [0, n - lambdaH). With lambdaH = lambda * h the steady-state tip count is about 2 lambda h.
//
// The visible set is kept as the tips of the prefix [0, visRevealed) (dag.ts, `reveal`): before
// tx n chooses, txs are revealed up to n - lambdaH, each in O(1). The prefix only ever grows, so
// the set is right whatever inserted the txs; if lambdaH grows between calls, txs already revealed
// stay visible. Attachment times are synthetic: each tx 1 ms after the one before it.

import { size, ensureCap, insertRaw, settle, reveal, visRevealed, visCount, pVis, attachedAtOf, MAX_TXS } from "./dag";
import { E_GRAPH_CAPACITY, E_GRAPH_COUNT } from "./errors";
import { seedRng, nextBelow } from "./rng";

/** Appends `count` txs of the uniform model with delay `lambdaH` txs, seeded with `seed`. */
export function growUniform(count: i32, lambdaH: i32, seed: u64): void {
  if (count < 0 || lambdaH < 0) throw new Error(E_GRAPH_COUNT);
  if (<i64>size + <i64>count > <i64>MAX_TXS) throw new Error(E_GRAPH_CAPACITY);
  settle();
  ensureCap(size + count);
  seedRng(seed);
  let at = attachedAtOf(size - 1);
  for (let i = 0; i < count; i++) {
    const n = size;
    while (<i64>visRevealed + <i64>lambdaH < <i64>n) reveal(visRevealed);
    const vis = pVis;
    const vc = <u32>visCount;
    const a = load<i32>(vis + (<usize>nextBelow(vc) << 2));
    const b = load<i32>(vis + (<usize>nextBelow(vc) << 2));
    at += 1;
    insertRaw(a, b, at);
  }
  settle();
}
