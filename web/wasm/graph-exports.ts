// The hand-written TypeScript view of the core's graph exports (assembly/index.ts, "the DAG, tip
// selection and confidence"). Indices are i32; pointers are byte offsets into `memory` and move
// when the graph grows, so they are read again after every call that may grow it; u64 seeds cross
// as bigint. Used only by ./graph.ts.

export interface GraphExports {
  readonly memory: WebAssembly.Memory;
  graphReset(): void;
  graphSize(): number;
  graphCapacity(): number;
  graphMaxTxs(): number;
  graphInputPtr(): number;
  graphInputCap(): number;
  graphInsert(trunk: number, branch: number, attachedAt: number): number;
  graphInsertInput(count: number): void;
  graphSettle(): void;
  graphReserve(count: number): void;
  graphTrunk(i: number): number;
  graphBranch(i: number): number;
  graphAttachedAt(i: number): number;
  graphCumulativeWeight(i: number): number;
  graphWindowStart(): number;
  graphMaxWindow(): number;
  graphSetMaxWindow(m: number): void;
  graphTipCount(): number;
  graphTipsPtr(): number;
  graphApprovers(i: number): number;
  graphListPtr(): number;
  graphEntryPoint(depth: number): number;
  graphWalk(entry: number, alpha: number, seed: bigint): number;
  graphSelectTips(alpha: number, depth: number, seed: bigint): bigint;
  graphConfidence(samples: number, alpha: number, depth: number, seed: bigint): number;
  graphValuesPtr(): number;
  graphGrowUniform(count: number, lambdaH: number, seed: bigint): void;
}
