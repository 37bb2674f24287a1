// The simulation worker: runs one simulation lab run (web/core/sim) off the main thread, so the
// screen stays responsive; reports its progress every step and answers with the result, its table
// and its exports (the screen draws the plots, in the user's language). Cancelling is the page terminating this worker.

import {
  defaultTangleParams,
  loadSimGraph,
  measureConsultationTxs,
  medicalPreset,
  metricRows,
  resultCsv,
  resultJson,
  DEFAULT_MEASURE,
  Simulation,
  type SimParams,
} from '../core/sim/index.ts';
import type { SimMessage, SimRequest } from './sim-api.ts';

const post = (m: SimMessage) => (self as unknown as Worker).postMessage(m);
/** Events per step: a step is a few milliseconds, so progress moves smoothly. */
const STEP = 4096;

async function params(r: SimRequest): Promise<SimParams> {
  if (r.scenario === 'district' || r.scenario === 'national') {
    post({ kind: 'progress', fraction: 0, stage: 'sizes' });
    const sizes = await measureConsultationTxs();
    const p = medicalPreset(r.scenario, sizes.txs, r.deviceHashRate);
    p.tangle.mwm = r.mwm;
    p.chain = { ...p.chain, blockInterval: r.blockInterval, blockBytes: r.blockBytes, k: r.k };
    return { workload: p.workload, tangle: p.tangle, chain: p.chain, measure: DEFAULT_MEASURE, seed: r.seed };
  }
  const tangle = defaultTangleParams({ tipSelection: r.scenario === 'urts' ? 'urts' : 'alpha', alpha: r.alpha, h: r.h, lambda: r.lambda, mwm: r.mwm });
  return {
    workload: { kind: 'poisson', lambda: r.lambda, bundles: r.bundles },
    tangle,
    chain: { blockInterval: r.blockInterval, intervals: 'exponential', blockBytes: r.blockBytes, headerBytes: 80, txBytes: 1280, k: r.k, h: r.h, hashRate: r.miners * r.deviceHashRate, feePerByte: 1 },
    measure: DEFAULT_MEASURE,
    seed: r.seed,
  };
}

self.onmessage = async (e: MessageEvent<SimRequest>) => {
  try {
    const p = await params(e.data);
    const sim = new Simulation(await loadSimGraph(), p);
    let last = -1;
    while (!sim.step(STEP)) {
      const f = Math.floor(sim.progress * 100);
      if (f !== last) {
        last = f;
        post({ kind: 'progress', fraction: sim.progress, stage: 'running' });
        // Let the message go out before the next step.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    const result = sim.result();
    post({ kind: 'done', result, rows: metricRows(result), json: resultJson(result), csv: resultCsv(result) });
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
