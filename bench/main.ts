// The bench page: measures every metric in one run, shows progress and a results table, and
// publishes the results as `window.__benchResults` (or `window.__benchError`) for scripts/bench.mjs.
// Each metric is the median of ROUNDS timed rounds of about ROUND_MS, after one warm-up round.
// Runs on load; the button runs it again.

import * as Comlink from 'comlink';
import { PowPool } from '../web/workers/index.ts';
import { PEER_METRICS, type PeerMetric, type PeersApi } from './peers-api.ts';

const ROUNDS = 5;
const ROUND_MS = 1000;

export interface Metric {
  value: number;
  unit: string;
}

export interface BenchResults {
  metrics: Record<string, Metric>;
  meta: {
    date: string;
    userAgent: string;
    hardwareConcurrency: number;
    crossOriginIsolated: boolean;
    /** PoW workers behind each pow metric. */
    powWorkers: Record<string, number>;
    /** Where the peers and core.kerl_per_s run. */
    peersRunIn: string;
    rounds: number;
    roundMs: number;
    /** Every timed round of every metric (warm-up left out), in units of the metric. */
    roundValues: Record<string, number[]>;
    durationMs: number;
  };
}

declare global {
  interface Window {
    __benchResults?: BenchResults;
    __benchError?: string;
  }
}

const UNITS: Record<string, string> = {
  'pow.kerl.attempts_per_s.w1': 'attempts/s',
  'pow.kerl.attempts_per_s.wall': 'attempts/s',
  'peer.hashwasm.keccak384_per_s': 'hashes/s',
  'peer.noble.keccak384_per_s': 'hashes/s',
  'peer.iotajs.kerl_per_s': 'hashes/s',
  'core.kerl_per_s': 'hashes/s',
};
const TOTAL_ROUNDS = Object.keys(UNITS).length * (ROUNDS + 1);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const runButton = $<HTMLButtonElement>('run');
const progress = $<HTMLProgressElement>('progress');
const statusLine = $<HTMLParagraphElement>('status');
const tbody = $<HTMLTableSectionElement>('results');
const metaLine = $<HTMLParagraphElement>('meta');

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n < 100 ? 2 : 0 });

let roundsDone = 0;
function setStatus(text: string): void {
  statusLine.textContent = text;
  statusLine.classList.remove('error');
  progress.value = roundsDone / TOTAL_ROUNDS;
}

function addRow(name: string, value: string, unit: string, rounds = ''): void {
  const tr = document.createElement('tr');
  for (const [text, cls] of [[name, ''], [value, 'num'], [unit, ''], [rounds, '']]) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.append(td);
  }
  tbody.append(tr);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One warm-up round, then ROUNDS timed rounds; the median goes in the table and the results. */
async function measure(results: BenchResults, name: string, round: () => Promise<number>): Promise<void> {
  setStatus(`${name}: warm-up…`);
  await round();
  roundsDone++;
  const values: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    setStatus(`${name}: round ${r} of ${ROUNDS}…`);
    values.push(await round());
    roundsDone++;
  }
  const value = median(values);
  const unit = UNITS[name];
  results.metrics[name] = { value, unit };
  results.meta.roundValues[name] = values;
  addRow(name, fmt(value), unit, values.map((v) => fmt(v)).join(' · '));
  console.log(`${name}: ${fmt(value)} ${unit} (rounds: ${values.map((v) => Math.round(v)).join(', ')})`);
}

async function measurePeers(results: BenchResults): Promise<void> {
  const worker = new Worker(new URL('./peers.worker.ts', import.meta.url), { type: 'module', name: 'bench-peers' });
  const api = Comlink.wrap<PeersApi>(worker);
  try {
    setStatus('Loading the peers and the WASM core in the peers worker…');
    await api.init();
    for (const name of PEER_METRICS as readonly PeerMetric[]) {
      await measure(results, name, async () => {
        const r = await api.round(name, ROUND_MS);
        return (r.calls / r.elapsedMs) * 1000;
      });
    }
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

async function measurePow(results: BenchResults, name: string, size?: number): Promise<void> {
  const pool = new PowPool(size === undefined ? {} : { size });
  results.meta.powWorkers[name] = pool.size;
  try {
    await measure(results, name, async () => (await pool.measureRate({ durationMs: ROUND_MS })).attemptsPerSecond);
  } finally {
    pool.dispose();
  }
}

async function runBench(): Promise<BenchResults> {
  const t0 = performance.now();
  const results: BenchResults = {
    metrics: {},
    meta: {
      date: new Date().toISOString(),
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
      powWorkers: {},
      peersRunIn: 'one dedicated module Worker (peers.worker.ts), one hash per call',
      rounds: ROUNDS,
      roundMs: ROUND_MS,
      roundValues: {},
      durationMs: 0,
    },
  };
  // One thing at a time: each pool or worker is gone before the next one starts.
  await measurePow(results, 'pow.kerl.attempts_per_s.w1', 1);
  await measurePow(results, 'pow.kerl.attempts_per_s.wall');
  await measurePeers(results);
  results.meta.durationMs = Math.round(performance.now() - t0);
  return results;
}

function showRatios(r: BenchResults): void {
  const w1 = r.metrics['pow.kerl.attempts_per_s.w1'].value;
  const wall = r.metrics['pow.kerl.attempts_per_s.wall'].value;
  const hw = r.metrics['peer.hashwasm.keccak384_per_s'].value;
  addRow('ratio w1 / peer.hashwasm.keccak384_per_s', fmt(w1 / hw), '×', 'target ≥ 3');
  addRow(`ratio wall / w1 (${r.meta.powWorkers['pow.kerl.attempts_per_s.wall']} workers)`, fmt(wall / w1), '×', 'target ≥ 1.8 on 2 cores');
  metaLine.firstElementChild!.textContent =
    `${r.meta.userAgent} · hardwareConcurrency ${r.meta.hardwareConcurrency} · ` +
    `crossOriginIsolated ${r.meta.crossOriginIsolated} · ${(r.meta.durationMs / 1000).toFixed(1)} s · ${r.meta.date}`;
}

async function start(): Promise<void> {
  runButton.disabled = true;
  tbody.textContent = '';
  roundsDone = 0;
  delete window.__benchResults;
  delete window.__benchError;
  try {
    const results = await runBench();
    showRatios(results);
    roundsDone = TOTAL_ROUNDS;
    setStatus(`Done in ${(results.meta.durationMs / 1000).toFixed(1)} s.`);
    window.__benchResults = results;
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    statusLine.textContent = `The bench failed: ${message}`;
    statusLine.classList.add('error');
    console.error(`bench failed: ${message}`);
    window.__benchError = message;
  } finally {
    runButton.disabled = false;
  }
}

runButton.addEventListener('click', () => void start());
void start();
