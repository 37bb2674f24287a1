// `npm run fuzz -- --cases N --seed S`: the ledger import fuzz campaign (test/fuzz/) outside the
// browser, for long runs. Bundles test/fuzz/_cli.ts for Node with esbuild into build/fuzz/ and runs
// it on the in-memory replica store (Node has WebAssembly and WebCrypto Ed25519). Options:
//   --cases N     cases to run (default 1000)      --seed S   the run's seed (default: from the clock, printed)
//   --from K      first case number (default 0)    --case K   replay case K alone, with its operator log
//   --torsion     enable the Ed25519 small-order operators
//   --roundtrip   also check that each case's stored txs, exported, restore into an empty replica
//   --progress P  a progress line every P cases (default 1000)
//   --batch B     cases sharing one store and replica, as the browser test runs them (default 1)
//   --quarantine Q  a quarantine limit of Q txs (default: the replica's 10,000, out of reach)
// The exit code is 1 when a case fails an invariant.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { root, run } from './env.mjs';

function parse(argv) {
  const o = { cases: 1000, from: 0, seed: undefined, caseNo: undefined, torsion: false, roundTrip: false, progressEvery: 1000, batch: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${a} needs a non-negative integer, got ${argv[i]}`);
      return v;
    };
    if (a === '--cases') o.cases = num();
    else if (a === '--seed') o.seed = num() >>> 0;
    else if (a === '--from') o.from = num();
    else if (a === '--case') o.caseNo = num();
    else if (a === '--progress') o.progressEvery = Math.max(1, num());
    else if (a === '--batch') o.batch = Math.max(1, num());
    else if (a === '--quarantine') o.quarantine = Math.max(1, num());
    else if (a === '--torsion') o.torsion = true;
    else if (a === '--roundtrip') o.roundTrip = true;
    else throw new RangeError(`unknown option ${a} (see scripts/fuzz.mjs)`);
  }
  o.seed ??= Date.now() >>> 0;
  return o;
}

const options = parse(process.argv.slice(2));
if (!existsSync(resolve(root, 'build/wasm/core.wasm'))) run('npm', ['run', '--silent', 'build:wasm']);
// build/fuzz/ sits two folders below the root, as web/wasm/ does, so the core's URL
// (../../build/wasm/core.wasm from import.meta.url) resolves the same in the bundle.
const outfile = resolve(root, 'build/fuzz/cli.mjs');
await build({
  entryPoints: [resolve(root, 'test/fuzz/_cli.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile,
  tsconfig: resolve(root, 'tsconfig.json'),
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
const { failedCases } = await main(options, (line) => console.log(line), () => performance.now());
process.exitCode = failedCases > 0 ? 1 : 0;
