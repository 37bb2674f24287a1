// The messages between the simulation screen's controller (web/app/controllers/sim-controller.ts)
// and the simulation worker (sim.worker.ts), shared by both sides so the compiler checks them.

import type { MetricRow, SimResult } from '../core/sim/index.ts';

/** What the screen asks for: a scenario and the fields of the form, already checked. */
export interface SimRequest {
  /** 'urts' and 'walk': the theory's Poisson workload; 'district' and 'national': the medical presets. */
  scenario: 'urts' | 'walk' | 'district' | 'national';
  /** Arrivals per time unit and bundles (theory scenarios only). */
  lambda: number;
  bundles: number;
  /** Network delay (theory scenarios: in time units; the presets use 2 s). */
  h: number;
  alpha: number;
  mwm: number;
  seed: number;
  /** Blockchain: mean block interval (time units; seconds for the presets), block size in bytes, blocks on top. */
  blockInterval: number;
  blockBytes: number;
  k: number;
  /** One device's PoW attempts a second; the miners' rate is this times the nodes. */
  deviceHashRate: number;
  /** Nodes that mine (theory scenarios; the presets use their clinics). */
  miners: number;
}

/** What the worker sends back. */
export type SimMessage =
  | { kind: 'progress'; fraction: number; stage: 'sizes' | 'running' }
  | { kind: 'done'; result: SimResult; rows: MetricRow[]; json: string; csv: string }
  | { kind: 'error'; message: string };
