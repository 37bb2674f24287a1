// What the simulation lab (web/core/sim, docs/simulation.md) needs beyond the replica's exports:
// uniform random tip selection over the graph's tip set (Popov's URTS model, as growUniform draws
// it, but over every tip the graph holds: the lab inserts a tx only once it is visible, so the
// graph's tips are the visible tips), and an insert whose weight update waits for the next
// reading call (settle), so a URTS run that never reads weights never pays for them.

import { size, tipCount, pTips, insertRaw, MAX_TXS } from "./dag";
import { E_GRAPH_CAPACITY } from "./errors";
import { seedRng, nextBelow } from "./rng";

/** Two tips drawn uniformly and independently (so both may be the same), seeded with `seed`: lo | hi << 32. */
export function uniformTips(seed: u64): u64 {
  seedRng(seed);
  const n = <u32>tipCount;
  const a = load<u32>(pTips + (<usize>nextBelow(n) << 2));
  const b = load<u32>(pTips + (<usize>nextBelow(n) << 2));
  return <u64>a | (<u64>b << 32);
}

/** Appends one tx without its weight update (settle brings the window up to date); returns its index. */
export function insertDeferred(trunk: i32, branch: i32, attachedAt: f64): i32 {
  if (size >= MAX_TXS) throw new Error(E_GRAPH_CAPACITY);
  return insertRaw(trunk, branch, attachedAt); // checks the parents and the time, grows the arena
}
