// `npm run sim`: the simulation lab (web/core/sim) in Node, on the same WASM core as the app
// (build/wasm/core.wasm). The TypeScript is bundled once with esbuild into build/sim/.
//   npm run sim -- --lambda 50 --h 1 --alpha 0 --txs 300000 --seed 1   one run: prints the metrics
//        table, writes the result as JSON (--out, default build/sim/result.json) and CSV (--csv)
//   npm run sim -- --preset district|national                          a medical preset
//   npm run sim -- --report                                            writes docs/simulation.md and docs/simulation/*.svg
//   npm run sim -- --report --small [--report-dir DIR]                 the small report (CI), by default to build/sim/report-small/
// Without --alpha (or --tips alpha) tips are uniform random (URTS). --help lists every option.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { root, run } from './env.mjs';

const OPTIONS = {
  lambda: { type: 'string', default: '50', help: 'arrivals per time unit (Poisson workload)' },
  h: { type: 'string', default: '1', help: 'network delay' },
  txs: { type: 'string', default: '100000', help: 'bundles (single txs) to simulate' },
  seed: { type: 'string', default: '1', help: 'seed, 0 .. 2^21 - 1' },
  tips: { type: 'string', help: 'urts or alpha (default: alpha when --alpha is given, else urts)' },
  alpha: { type: 'string', help: 'the walk\'s alpha' },
  depth: { type: 'string', help: 'entry point depth in txs (default 40 λh, at least 15)' },
  mwm: { type: 'string', default: '13', help: 'PoW difficulty: 3^mwm attempts per tx' },
  'confirm-every': { type: 'string', help: 'confirmation checks every so many time units (default h; 0: none)' },
  window: { type: 'string', help: 'txs with exact cumulative weights (default max(4096, 4 depth))' },
  preset: { type: 'string', help: 'district or national: the medical workload' },
  'no-chain': { type: 'boolean', default: false, help: 'skip the blockchain model' },
  'block-interval': { type: 'string', default: '10', help: 'mean time between blocks' },
  intervals: { type: 'string', default: 'exponential', help: 'exponential or fixed block intervals' },
  'block-bytes': { type: 'string', default: '1000000', help: 'block size limit in bytes' },
  k: { type: 'string', default: '6', help: 'blocks on top before a tx is confirmed' },
  miners: { type: 'string', default: '100', help: 'devices mining (Poisson workload); the hash rate is miners × one device\'s measured PoW rate' },
  'fee-per-byte': { type: 'string', default: '1', help: 'blockchain fee per byte (any unit)' },
  out: { type: 'string', help: 'JSON result file (default build/sim/result.json)' },
  csv: { type: 'string', help: 'also write the metrics table as CSV here' },
  report: { type: 'boolean', default: false, help: 'write docs/simulation.md and its plots' },
  small: { type: 'boolean', default: false, help: 'with --report: the small sizes CI runs' },
  'report-dir': { type: 'string', help: 'with --report: where to write (default docs/, or build/sim/report-small/ with --small)' },
  help: { type: 'boolean', default: false, help: 'this list' },
};

const { values: o } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: v.type, default: v.default }])), strict: true });
if (o.help) {
  for (const [k, v] of Object.entries(OPTIONS)) console.log(`  --${k.padEnd(15)} ${v.help}${v.default !== undefined && v.type === 'string' ? ` (default ${v.default})` : ''}`);
  process.exit(0);
}
const number = (name) => {
  const v = Number(o[name]);
  if (o[name] === undefined || o[name] === '' || !Number.isFinite(v)) throw new RangeError(`--${name} must be a number, got ${o[name]}`);
  return v;
};

const wasmFile = resolve(root, 'build/wasm/core.wasm');
if (!existsSync(wasmFile)) {
  console.error('Building the WASM core (npm run build:wasm)…');
  run('npm', ['run', '--silent', 'build:wasm']);
}
const libFile = resolve(root, 'build/sim/sim-lib.mjs');
await build({
  stdin: {
    contents: "export * from './web/core/sim/index.ts'; export { buildReport } from './web/core/sim/report.ts'; export { instantiateCore } from './web/wasm/load.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: libFile,
  logLevel: 'warning',
});
const sim = await import(pathToFileURL(libFile).href);
const sg = new sim.SimGraph(await sim.instantiateCore(await WebAssembly.compile(readFileSync(wasmFile))));

/** One device's PoW rate: the bench's one-worker figure when there is one. */
function deviceRate() {
  try {
    const r = JSON.parse(readFileSync(resolve(root, 'bench/results.json'), 'utf8'));
    const v = r.metrics?.['pow.kerl.attempts_per_s.w1']?.value ?? r['pow.kerl.attempts_per_s.w1']?.value;
    if (Number.isFinite(v) && v > 0) return { rate: v, source: 'pow.kerl.attempts_per_s.w1 in bench/results.json: one PoW worker of the app' };
  } catch {
    // no bench run yet
  }
  return { rate: 1e6, source: 'assumed: no bench/results.json figure' };
}
const device = deviceRate();
const write = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};
const started = performance.now();

if (o.report) {
  const seed = number('seed');
  const small = o.small;
  const dir = resolve(root, o['report-dir'] ?? (small ? 'build/sim/report-small' : 'docs'));
  const consultation = await sim.measureConsultationTxs();
  const command = `npm run sim -- --report${small ? ' --small' : ''}${seed !== 1 ? ` --seed ${seed}` : ''}`;
  const report = sim.buildReport(sg, {
    size: small ? 'small' : 'full',
    seed,
    command,
    consultation,
    deviceHashRate: device.rate,
    deviceHashRateSource: device.source,
    onProgress: (what) => console.error(`… ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  });
  write(resolve(dir, 'simulation.md'), report.markdown);
  for (const [name, svg] of Object.entries(report.svgs)) write(resolve(dir, 'simulation', name), svg + '\n');
  for (const c of report.checks) console.log(`${c.ok ? 'holds' : 'FAILS'}  ${c.name}: expected ${c.expected}, measured ${c.measured}`);
  console.log(`Wrote ${relative(root, resolve(dir, 'simulation.md'))} and ${Object.keys(report.svgs).length} plots in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  process.exit(report.checks.every((c) => c.ok) ? 0 : 1);
}

const seed = number('seed');
const h = number('h');
let params;
if (o.preset) {
  if (o.preset !== 'district' && o.preset !== 'national') throw new RangeError('--preset must be district or national');
  const consultation = await sim.measureConsultationTxs();
  const p = sim.medicalPreset(o.preset, consultation.txs, device.rate);
  params = { workload: p.workload, tangle: p.tangle, chain: o['no-chain'] ? null : p.chain, measure: sim.DEFAULT_MEASURE, seed };
  console.error(`Preset ${o.preset}: ${p.clinics} clinics; txs per bundle ${JSON.stringify(consultation.txs)} (${consultation.method}).`);
} else {
  const lambda = number('lambda');
  const tipSelection = o.tips ?? (o.alpha !== undefined ? 'alpha' : 'urts');
  const every = o['confirm-every'] !== undefined ? number('confirm-every') : h;
  const t = sim.defaultTangleParams({ tipSelection, alpha: o.alpha !== undefined ? number('alpha') : 0.1, h, lambda, mwm: number('mwm'), confirm: every > 0 });
  if (o.depth !== undefined) t.depth = number('depth');
  if (t.confirm) t.confirm.every = every;
  t.maxWindow = o.window !== undefined ? number('window') : Math.min(2 ** 20, Math.max(4096, 4 * t.depth));
  const chain = {
    blockInterval: number('block-interval'),
    intervals: o.intervals,
    blockBytes: number('block-bytes'),
    headerBytes: 80,
    txBytes: 1280,
    k: number('k'),
    h,
    hashRate: number('miners') * device.rate,
    feePerByte: number('fee-per-byte'),
  };
  params = { workload: { kind: 'poisson', lambda, bundles: number('txs') }, tangle: t, chain: o['no-chain'] ? null : chain, measure: sim.DEFAULT_MEASURE, seed };
}
const result = sim.runSimulation(sg, params);
const seconds = (performance.now() - started) / 1000;
console.log(sim.formatTable(result));
const out = resolve(root, o.out ?? 'build/sim/result.json');
write(out, sim.resultJson(result) + '\n');
if (o.csv) write(resolve(root, o.csv), sim.resultCsv(result));
console.log(`\n${result.arrivals.txs.toLocaleString('en-US')} txs, seed ${seed}: ${seconds.toFixed(2)} s. JSON: ${relative(root, out)}${o.csv ? `, CSV: ${o.csv}` : ''}`);
