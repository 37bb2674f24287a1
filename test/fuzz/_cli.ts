// The body of `npm run fuzz` (scripts/fuzz.mjs bundles this file for Node and calls main): as many
// cases as asked, on the in-memory store (the IndexedDB store's twin), with progress lines, the
// seed, per-operator and per-reason counts, every failing case with its operator log, and a last
// line with the cases run and the failures. `--case K` replays one case and prints its log.
import { MemoryReplicaStore } from '../../web/storage/index.ts';
import { loadCore, loadGraph } from '../../web/wasm/index.ts';
import { generateCase } from './_gen.ts';
import { describeFailure, formatCounts, newTotals, runCase, runCases, type FuzzEnv } from './_run.ts';

/** What the command line asks for. */
export interface CliOptions {
  seed: number;
  cases: number;
  /** First case number (to split a long run, or resume one). */
  from: number;
  /** Replay this one case, verbosely. */
  caseNo?: number;
  torsion: boolean;
  /** A progress line every this many cases. */
  progressEvery: number;
  /** Cases that share one store and replica (1: a fresh one per case). */
  batch: number;
  /** The quarantine limit (default: the replica's, out of reach of the cases). */
  quarantine?: number;
  /** Also check that each case's stored txs restore from their export. */
  roundTrip: boolean;
}

/** Runs the campaign; resolves with the number of failing cases. Called by scripts/fuzz.mjs. */
export async function main(o: CliOptions, print: (line: string) => void, clock: () => number): Promise<{ failedCases: number }> {
  const core = await loadCore();
  const graph = await loadGraph();
  const env: FuzzEnv = {
    core,
    graph,
    pow: (digest, mwm) => {
      const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
      if (r.nonce === null) throw new Error('no nonce found');
      return r.nonce;
    },
    newStore: async () => {
      const store = new MemoryReplicaStore();
      return { store, reopen: async () => store, dispose: async () => store.close() };
    },
    gen: { torsion: o.torsion },
    quarantineLimit: o.quarantine,
    roundTrip: o.roundTrip,
    copyGraph: (() => {
      const copy = loadGraph();
      return () => copy;
    })(),
  };
  print(`fuzz: seed ${o.seed}, ${o.caseNo !== undefined ? `case ${o.caseNo}` : `cases ${o.from}..${o.from + o.cases - 1}`}, in-memory store, ${o.batch} case(s) per store${o.torsion ? ', torsion operators on' : ''}${o.quarantine ? `, quarantine limit ${o.quarantine}` : ''}${o.roundTrip ? ', round trips checked' : ''}`);

  if (o.caseNo !== undefined) {
    const c = generateCase(o.seed, o.caseNo, { pow: env.pow, torsion: o.torsion });
    const { failures, reasons } = await runCase(c, env);
    if (failures.length > 0) print(describeFailure(c, failures));
    else print([`case ${o.caseNo} (case seed ${c.caseSeed}) passed`, ...c.log.map((l) => `    ${l}`), `  reasons ${JSON.stringify(reasons)}`].join('\n'));
    print(`fuzz: 1 case run, ${failures.length > 0 ? 1 : 0} failing (${failures.length} invariant failures), seed ${o.seed}`);
    return { failedCases: failures.length > 0 ? 1 : 0 };
  }

  const totals = newTotals(o.seed);
  const started = clock();
  let printed = 0;
  await runCases(o.seed, o.from, o.cases, env, totals, { batch: o.batch, onCase: (k, failed) => {
    if (failed && printed < 20) {
      print(totals.failures[totals.failures.length - 1].message);
      printed++;
    }
    const done = k - o.from + 1;
    if (done % o.progressEvery === 0 || done === o.cases) {
      const s = (clock() - started) / 1000;
      const rate = done / s;
      print(`fuzz: ${done}/${o.cases} cases, ${totals.failedCases} failing, ${rate.toFixed(1)} cases/s, ${_time(s)} elapsed, ${_time((o.cases - done) / rate)} left (seed ${o.seed})`);
    }
  } });
  const s = (clock() - started) / 1000;
  print(formatCounts('operators applied:', totals.ops));
  print(formatCounts('refusals and held txs by reason (attack imports):', totals.reasonCases, totals.reasons, ['cases', 'txs']));
  if (totals.failures.length > printed) print(`(${totals.failures.length - printed} more failing cases: ${totals.failures.slice(printed).map((f) => f.caseNo).join(', ')})`);
  print(`fuzz: ${totals.cases} cases run in ${_time(s)}, ${totals.failedCases} with invariant failures (seed ${o.seed})`);
  return { failedCases: totals.failedCases };
}

function _time(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`;
}
