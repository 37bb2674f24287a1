// The WASM core adapter's one door: load an instance and use it through the typed wrapper.

import { compileCore, hasSimd, type CoreVariant } from './load.ts';
import { Core, CoreError } from './core.ts';

export { Core, CoreError, compileCore, hasSimd };
export type { CoreVariant };
export type { KerlSponge, SearchResult } from './core.ts';

/**
 * Instantiates the core. Pass a compiled `module` to skip fetching (the worker pool compiles once and
 * hands the module to each worker). Called by workers, tests, benchmarks and scripts.
 */
export async function loadCore(options: { module?: WebAssembly.Module; variant?: CoreVariant } = {}): Promise<Core> {
  const module = options.module ?? (await compileCore(options.variant));
  const instance = await WebAssembly.instantiate(module, {
    env: {
      // AssemblyScript's abort(message, file, line, column); with the stub runtime the message is a
      // UTF-16 string whose byte length sits in the 4 bytes before it.
      abort(messagePtr: number) {
        const mem = (instance.exports.memory as WebAssembly.Memory).buffer;
        const len = new Uint32Array(mem, messagePtr - 4, 1)[0];
        const message = String.fromCharCode(...new Uint16Array(mem, messagePtr, len >>> 1));
        throw new CoreError(message);
      },
    },
  });
  return new Core(instance);
}

// The DAG, tip selection and confidence: a TangleGraph in its own core instance (./graph.ts).
export { loadGraph, TangleGraph, CONFIRMATION_SAMPLES, CONFIRMATION_THRESHOLD, DEFAULT_MAX_WINDOW, MAX_WINDOW, MAX_SAMPLES } from './graph.ts';
export type { SelectOptions, ConfidenceOptions, Confidence } from './graph.ts';
