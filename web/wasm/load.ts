// Compiles the WASM core in a page, a module worker, web-test-runner, a Vite build and Node alike:
// the module's URL is resolved from this file, so every bundler and server finds it.

/**
 * Which build: `release` (-O3, SIMD: three PoW attempts per call, a v128 pair beside a scalar one), `compat` (the same without
 * SIMD, for browsers that lack it), `debug` (SIMD, runtime checks, names) for diagnosis.
 */
export type CoreVariant = 'release' | 'compat' | 'debug';

const urls: Record<CoreVariant, URL> = {
  release: new URL('../../build/wasm/core.wasm', import.meta.url),
  compat: new URL('../../build/wasm/core.compat.wasm', import.meta.url),
  debug: new URL('../../build/wasm/core.debug.wasm', import.meta.url),
};

// The smallest module that uses a SIMD instruction: (func (result v128) i32.const 0 i8x16.splat).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);

/** Whether this engine runs WASM SIMD. Called by compileCore and the Device check screen. */
export function hasSimd(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

const cache = new Map<CoreVariant, Promise<WebAssembly.Module>>();

/**
 * Compiles (once per variant) and returns the module; by default the fastest build this engine
 * runs. Called by ./index.ts and the worker pool.
 */
export function compileCore(variant: CoreVariant = hasSimd() ? 'release' : 'compat'): Promise<WebAssembly.Module> {
  let p = cache.get(variant);
  if (!p) {
    p = compile(urls[variant]);
    p.catch(() => cache.delete(variant)); // a failed load (say, offline before precaching) may be retried
    cache.set(variant, p);
  }
  return p;
}

async function compile(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    // Node (scripts, the simulation CLI): read the file; the specifier is hidden from bundlers.
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(u: URL): Promise<Uint8Array<ArrayBuffer>> };
    return WebAssembly.compile(await fs.readFile(url));
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`loading the WASM core failed: ${res.status} ${res.statusText} for ${url.pathname}`);
  if (res.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}

/** Raised inside the core, with its E_* message (assembly/errors.ts). */
export class CoreError extends RangeError {
  override name = 'CoreError';
}

/**
 * Instantiates the module with the one import the core has: AssemblyScript's
 * abort(message, file, line, column). With the stub runtime the message is a UTF-16 string whose
 * byte length sits in the 4 bytes before it; it is thrown to the caller as a CoreError. Called by
 * loadCore and loadGraph (./index.ts, ./graph.ts): each gets its own instance and memory.
 */
export async function instantiateCore(module: WebAssembly.Module): Promise<WebAssembly.Instance> {
  const instance: WebAssembly.Instance = await WebAssembly.instantiate(module, {
    env: {
      abort(messagePtr: number) {
        const mem = (instance.exports.memory as WebAssembly.Memory).buffer;
        const len = new Uint32Array(mem, messagePtr - 4, 1)[0];
        throw new CoreError(String.fromCharCode(...new Uint16Array(mem, messagePtr, len >>> 1)));
      },
    },
  });
  return instance;
}
