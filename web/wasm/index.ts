// The WASM core adapter's one door: load an instance and use it through the typed wrapper.

import { compileCore, hasSimd, instantiateCore, type CoreVariant } from './load.ts';
import { Core, CoreError } from './core.ts';

export { Core, CoreError, compileCore, hasSimd };
export type { CoreVariant };
export type { KerlSponge, SearchResult } from './core.ts';

/**
 * Instantiates the core. Pass a compiled `module` to skip fetching (the worker pool compiles once and
 * hands the module to each worker). Called by workers, tests, benchmarks and scripts.
 */
export async function loadCore(options: { module?: WebAssembly.Module; variant?: CoreVariant } = {}): Promise<Core> {
  return new Core(await instantiateCore(options.module ?? (await compileCore(options.variant))));
}

// The DAG, tip selection and confidence: a TangleGraph in its own core instance (./graph.ts).
export { loadGraph, TangleGraph, CONFIRMATION_SAMPLES, CONFIRMATION_CHECK_SAMPLES, CONFIRMATION_THRESHOLD, DEFAULT_MAX_WINDOW, MAX_WINDOW, MAX_SAMPLES } from './graph.ts';
export type { SelectOptions, ConfidenceOptions, Confidence } from './graph.ts';
