// The simulator's door to the WASM core: one core instance seen both through the app's own graph
// wrapper (TangleGraph: insert, selectTips, confidence, cumulative weights, as the replica uses
// them) and through the two exports the lab adds (assembly/sim.ts). The same module runs in a page,
// a worker and Node (scripts/sim.mjs compiles build/wasm/core.wasm and passes it in).

import { compileCore, instantiateCore, type CoreVariant } from '../../wasm/load.ts';
import { TangleGraph } from '../../wasm/graph.ts';

interface SimExports {
  simUniformTips(seed: bigint): bigint;
  simInsertDeferred(trunk: number, branch: number, attachedAt: number): number;
}

/** A graph for one run: the app's wrapper plus the lab's extras on the same instance. */
export class SimGraph {
  readonly graph: TangleGraph;
  readonly #x: SimExports;

  constructor(instance: WebAssembly.Instance) {
    this.graph = new TangleGraph(instance);
    this.#x = instance.exports as unknown as SimExports;
  }

  /** Two tips uniformly and independently among the graph's tips (URTS). */
  uniformTips(seed: bigint): [number, number] {
    const r = BigInt.asUintN(64, this.#x.simUniformTips(seed));
    return [Number(r & 0xffffffffn), Number(r >> 32n)];
  }

  /** Appends a tx whose parents are already in the graph; its weight update waits for the next read. */
  insertDeferred(trunk: number, branch: number, attachedAt: number): number {
    return this.#x.simInsertDeferred(trunk, branch, attachedAt);
  }
}

/**
 * A fresh simulation graph in its own core instance. Pass a compiled `module` (Node, workers) to
 * skip fetching. Called by the CLI, the simulation worker, tests and the bench.
 */
export async function loadSimGraph(options: { module?: WebAssembly.Module; variant?: CoreVariant } = {}): Promise<SimGraph> {
  const module = options.module ?? (await compileCore(options.variant));
  return new SimGraph(await instantiateCore(module));
}
