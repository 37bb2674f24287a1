// Compiles the WASM core in a page, a module worker, web-test-runner, a Vite build and Node alike:
// the module's URL is resolved from this file, so every bundler and server finds it.

/** Which build: `release` (-O3, no asserts) for use, `debug` (asserts, names) for diagnosis. */
export type CoreVariant = 'release' | 'debug';

const urls: Record<CoreVariant, URL> = {
  release: new URL('../../build/wasm/core.wasm', import.meta.url),
  debug: new URL('../../build/wasm/core.debug.wasm', import.meta.url),
};

const cache = new Map<CoreVariant, Promise<WebAssembly.Module>>();

/** Compiles (once per variant) and returns the module. Called by ./core.ts and the worker pool. */
export function compileCore(variant: CoreVariant = 'release'): Promise<WebAssembly.Module> {
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
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(u: URL): Promise<Uint8Array> };
    return WebAssembly.compile(await fs.readFile(url));
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`loading the WASM core failed: ${res.status} ${res.statusText} for ${url.pathname}`);
  if (res.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}
