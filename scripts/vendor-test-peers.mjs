// The legacy @iota/kerl package is CommonJS (on crypto-js), which the browser cannot import. Bundle
// it once into an ES module under build/vendor/ for the differential tests and the benchmarks.
// Called by scripts/test.mjs and scripts/bench.mjs.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { root } from './env.mjs';

await build({
  stdin: {
    contents: "export { default as Kerl } from '@iota/kerl';",
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  outfile: resolve(root, 'build/vendor/iota-kerl.js'),
  logLevel: 'warning',
});
