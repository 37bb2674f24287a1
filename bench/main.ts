// The bench page: measures every metric in one run, shows progress and a results table, and
// publishes the results as `window.__benchResults` (or `window.__benchError`) for scripts/bench.mjs.
// Each hash and PoW metric is the median of ROUNDS timed rounds of about ROUND_MS, after one warm-up
// round (w1 and hash-wasm take turns round by round); the identity metrics run in their own worker
// (identity.worker.ts: vault.unlock_ms and hash-wasm's scrypt take turns too), the tangle and
// replica metrics in theirs (tangle.worker.ts, README.md).
// The sync group (sync-reconcile.ts, sync-webrtc.ts) runs in this page: an RTCPeerConnection exists only in a page, so the
// data channel lives here, and its sessions run in two TangleClients' workers as in the app.
// The directory group (publishing, finding, indexing and searching doctor profiles) runs in a tangle
// worker of its own, beside a replica, as the app's search would; so does the timeline group (a
// patient's 1,000 care records found, opened and grouped as My record does).
// The sim group (sim-bench.ts) runs the simulation lab in this page's thread, on one core.
// Runs on load; the button runs it again. `?only=pow,peers,identity,tangle,tagged,sync,directory,timeline,sim` runs
// some groups only (`npm run bench -- --only=tagged` does that for finding one identity's records alone).

import * as Comlink from 'comlink';
import { PowPool } from '../web/workers/index.ts';
import { PEER_METRICS, type PeerMetric, type PeersApi } from './peers-api.ts';
import { IDENTITY_PARAMS, type IdentityBenchApi } from './identity-api.ts';
import { TANGLE_PARAMS, type Spread, type TangleApi } from './tangle-api.ts';
import { loadCore } from '../web/wasm/index.ts';
import reference from '../test/vectors/negentropy-reference.json';
import { checkedWorkload, reconcileWorkload, sendAllBytes, type ReconcileFigures, type ReferenceSet } from './sync-reconcile.ts';
import { WEBRTC_PARAMS, measureWebrtc } from './sync-webrtc.ts';
import { SIM_PARAMS, measureSim } from './sim-bench.ts';

const ROUNDS = 7;
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
    /** Metrics whose rounds took turns (a, b, a, b, ...): roundValues[a][i] ran just before roundValues[b][i]. */
    tookTurns: string[][];
    /** The identity metrics: parameters, the record, and where the time goes. */
    identity?: Record<string, unknown>;
    /** The tangle and replica metrics: parameters, clock, and every figure behind them. */
    tangle?: Record<string, unknown>;
    /** The sync metrics: every reconciliation's figures beside the reference's, and the data channel's rounds. */
    sync?: Record<string, unknown>;
    /** The directory metrics: the replica's fill, the read, every index build, every query's time and matches. */
    directory?: Record<string, unknown>;
    /** The timeline metric: the workload, every round and each step of it. */
    timeline?: Record<string, unknown>;
    /** The simulation lab's figures and parameters. */
    sim?: Record<string, unknown>;
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
  'tipsel.ms.n1e4': 'ms',
  'tipsel.ms.n1e5': 'ms',
  'tipsel.ms.n1e6': 'ms',
  'tipsel.select_only.ms.n1e4': 'ms',
  'tipsel.select_only.ms.n1e5': 'ms',
  'tipsel.select_only.ms.n1e6': 'ms',
  'peer.naive_cw.ms.n1e4': 'ms',
  'replica.ingest_tx_per_s': 'tx/s',
  'replica.cold_load_ms.n1e5': 'ms',
  'replica.find_tagged_ms.n1e5': 'ms',
  'records.scan_ms.n1e5': 'ms',
  'vault.unlock_ms': 'ms',
  'peer.hashwasm.scrypt_ms': 'ms',
  'records.seal_per_s': 'records/s',
  'records.open_per_s': 'records/s',
  'sync.webrtc.mb_per_s': 'MB/s',
  'sync.webrtc_one_thread.mb_per_s': 'MB/s',
  'peer.sendall.bytes': 'B',
  'directory.search_ms.n1e4': 'ms',
  'directory.index_ms.n1e4': 'ms',
  'timeline.open_ms.n1e3': 'ms',
  'sim.urts_s.n1e6': 's',
  'sim.walk_s.n1e5': 's',
  'sim.cw_per_tx_ms.n2000': 'ms',
  'peer.naive_cw.per_tx_ms.n2000': 'ms',
  'sim.cw_ratio': '×',
};
/**
 * The reconciliation metrics: suffix and reference set. sync.rbsr.bytes.<suffix> (and, for d0 and
 * d1000c, sync.rbsr.rounds.<suffix>) with peer.negentropy.bytes.<suffix> beside each.
 */
const SYNC_SETS = [
  ['d0', 'n100000_d0'],
  ['n1e6.d0', 'n1000000_d0'],
  ['d1000c', 'n100000_d1000c'],
  ['n1e6.d1000c', 'n1000000_d1000c'],
  ['d10s', 'n100000_d10s'],
  ['d1000s', 'n100000_d1000s'],
  ['d10000s', 'n100000_d10000s'],
] as const;
const SYNC_ROUNDS = new Set(['d0', 'd1000c']);
for (const [suffix] of SYNC_SETS) {
  UNITS[`sync.rbsr.bytes.${suffix}`] = 'B';
  UNITS[`peer.negentropy.bytes.${suffix}`] = 'B';
  if (SYNC_ROUNDS.has(suffix)) UNITS[`sync.rbsr.rounds.${suffix}`] = 'rounds';
}
/** Tip selection sizes: metric suffix and txs. */
const TIPSEL_SIZES = [
  ['n1e4', 10_000],
  ['n1e5', 100_000],
  ['n1e6', 1_000_000],
] as const;
/** Progress steps of the tangle worker: one per tipsel size, the peer, ingest and the cold load. */
const TANGLE_STEPS = TIPSEL_SIZES.length + 3;
/** `tagged` (finding one identity's records in a replica, and opening them) runs in the tangle worker too, after them. */
const GROUPS = ['pow', 'peers', 'identity', 'tangle', 'tagged', 'sync', 'directory', 'timeline', 'sim'] as const;
type Group = (typeof GROUPS)[number];
const onlyParam = new URLSearchParams(location.search).get('only');
const groups = new Set<Group>(onlyParam ? (onlyParam.split(',').filter((g) => (GROUPS as readonly string[]).includes(g)) as Group[]) : GROUPS);
const TOTAL_ROUNDS = Math.max(
  1,
  (groups.has('pow') ? 2 * (ROUNDS + 1) : 0) +
    (groups.has('peers') ? PEER_METRICS.length * (ROUNDS + 1) : 0) +
    (groups.has('identity') ? 2 * (IDENTITY_PARAMS.unlockRounds + 1) + 2 * (ROUNDS + 1) + 1 : 0) +
    (groups.has('tangle') ? TANGLE_STEPS : 0) +
    (groups.has('tagged') ? 1 : 0) +
    (groups.has('sync') ? SYNC_SETS.length + 2 : 0) +
    (groups.has('directory') ? 1 : 0) +
    (groups.has('timeline') ? 1 : 0) +
    (groups.has('sim') ? 1 : 0),
);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const runButton = $<HTMLButtonElement>('run');
const progress = $<HTMLProgressElement>('progress');
const statusLine = $<HTMLParagraphElement>('status');
const tbody = $<HTMLTableSectionElement>('results');
const metaLine = $<HTMLParagraphElement>('meta');

/** Whole numbers from 100 up, 2 decimals from 1, 3 significant digits below. */
const fmt = (n: number) =>
  Math.abs(n) >= 1 || n === 0
    ? n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) < 100 ? 2 : 0 })
    : n.toLocaleString('en-US', { maximumSignificantDigits: 3 });

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

type Round = () => Promise<number>;

/**
 * One warm-up round of each metric, then `rounds` timed rounds of each, taking turns (a, b, a, b, ...);
 * each metric's median goes in the table and the results. Metrics that are compared with each
 * other are measured together, so that a slow spell of this shared, virtualised machine hits them
 * alike (bench/README.md).
 */
async function measure(results: BenchResults, entries: [string, Round][], rounds = ROUNDS): Promise<void> {
  const label = entries.map(([name]) => name).join(' + ');
  setStatus(`${label}: warm-up…`);
  for (const [, round] of entries) {
    await round();
    roundsDone++;
  }
  const values: number[][] = entries.map(() => []);
  for (let r = 1; r <= rounds; r++) {
    setStatus(`${label}: round ${r} of ${rounds}…`);
    for (const [i, [, round]] of entries.entries()) {
      values[i].push(await round());
      roundsDone++;
    }
  }
  if (entries.length > 1) results.meta.tookTurns.push(entries.map(([name]) => name));
  for (const [i, [name]] of entries.entries()) {
    const value = median(values[i]);
    const unit = UNITS[name];
    results.metrics[name] = { value, unit };
    results.meta.roundValues[name] = values[i];
    addRow(name, fmt(value), unit, values[i].map((v) => fmt(v)).join(' · '));
    console.log(`${name}: ${fmt(value)} ${unit} (rounds: ${values[i].map((v) => Math.round(v)).join(', ')})`);
  }
}

/** The peers worker, loaded and checked (peers.worker.ts). */
async function openPeers(): Promise<{ api: Comlink.Remote<PeersApi>; close(): void }> {
  const worker = new Worker(new URL('./peers.worker.ts', import.meta.url), { type: 'module', name: 'bench-peers' });
  const api = Comlink.wrap<PeersApi>(worker);
  const close = () => {
    api[Comlink.releaseProxy]();
    worker.terminate();
  };
  try {
    setStatus('Loading the peers and the WASM core in the peers worker…');
    await api.init();
  } catch (e) {
    close();
    throw e;
  }
  return { api, close };
}

const peerRound = (api: Comlink.Remote<PeersApi>, name: PeerMetric): Round => async () => {
  const r = await api.round(name, ROUND_MS);
  return (r.calls / r.elapsedMs) * 1000;
};

const powRound = (pool: PowPool): Round => async () => (await pool.measureRate({ durationMs: ROUND_MS })).attemptsPerSecond;

/**
 * The PoW rate with one worker and hash-wasm's rate take turns (the target compares them), then
 * the pool of all workers, then the other peers. Only one thing computes at a time.
 */
async function measurePowAndPeers(results: BenchResults): Promise<void> {
  const W1 = 'pow.kerl.attempts_per_s.w1';
  const WALL = 'pow.kerl.attempts_per_s.wall';
  const HASHWASM: PeerMetric = 'peer.hashwasm.keccak384_per_s';
  const peers = groups.has('peers') ? await openPeers() : null;
  try {
    const first: [string, Round][] = [];
    if (groups.has('pow')) {
      const pool = new PowPool({ size: 1 });
      results.meta.powWorkers[W1] = pool.size;
      try {
        first.push([W1, powRound(pool)]);
        if (peers) first.push([HASHWASM, peerRound(peers.api, HASHWASM)]);
        await measure(results, first);
      } finally {
        pool.dispose();
      }
      const all = new PowPool();
      results.meta.powWorkers[WALL] = all.size;
      try {
        await measure(results, [[WALL, powRound(all)]]);
      } finally {
        all.dispose();
      }
    }
    if (peers) {
      for (const name of PEER_METRICS as readonly PeerMetric[]) {
        if (name in results.metrics) continue;
        await measure(results, [[name, peerRound(peers.api, name)]]);
      }
    }
  } finally {
    peers?.close();
  }
}

/**
 * The identity metrics in the bench's identity worker: the vault's unlock and hash-wasm's scrypt
 * (same parameters) taking turns round by round (the target compares them), then sealing and then
 * opening records, then, for context, where their time goes.
 */
async function measureIdentity(results: BenchResults): Promise<void> {
  const worker = new Worker(new URL('./identity.worker.ts', import.meta.url), { type: 'module', name: 'bench-identity' });
  const api = Comlink.wrap<IdentityBenchApi>(worker);
  const identity: Record<string, unknown> = {};
  results.meta.identity = identity;
  try {
    setStatus('Making an identity at the default scrypt parameters in the identity worker…');
    const setup = await api.init();
    Object.assign(identity, {
      runIn: 'one dedicated module Worker (identity.worker.ts), as the app runs its identity service',
      params: IDENTITY_PARAMS,
      setup,
    });
    // The page's side of the unlock's progress bar: what the app's page gets, one message per report.
    const progressReports: number[] = [];
    const onProgress = Comlink.proxy((f: number) => {
      progress.value = f;
    });
    const unlock: Round = async () => {
      const r = await api.unlockRound(onProgress);
      progressReports.push(r.progressCalls);
      return r.ms;
    };
    await measure(
      results,
      [
        ['vault.unlock_ms', unlock],
        ['peer.hashwasm.scrypt_ms', () => api.hashwasmScryptRound()],
      ],
      IDENTITY_PARAMS.unlockRounds,
    );
    identity.unlockProgressReports = progressReports;
    const perS = (r: { count: number; elapsedMs: number }) => (r.count / r.elapsedMs) * 1000;
    await measure(results, [['records.seal_per_s', async () => perS(await api.sealRound(ROUND_MS))]]);
    await measure(results, [['records.open_per_s', async () => perS(await api.openRound(ROUND_MS))]]);
    setStatus('Identity: where the time goes (context)…');
    const breakdown = await api.breakdown();
    // The hop: openFound called from the page, its bundles and records cloned across as between the app's workers.
    const batch = await api.batch();
    const hops: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await api.openFoundOnce(batch);
      hops.push(performance.now() - t0 - r.innerMs);
    }
    identity.breakdown = { ...breakdown, openFoundHopMs: median(hops) };
    roundsDone++;
  } finally {
    await api.dispose().catch(() => undefined);
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

function record(results: BenchResults, name: string, value: number, note: string, rounds?: number[]): void {
  const unit = UNITS[name];
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: no valid figure (${value})`);
  results.metrics[name] = { value, unit };
  if (rounds) results.meta.roundValues[name] = rounds;
  addRow(name, fmt(value), unit, note);
  console.log(`${name}: ${fmt(value)} ${unit} (${note})`);
}

const spreadNote = (s: Spread, k: number) => `p10 ${fmt(s.p10)} · p90 ${fmt(s.p90)} · max ${fmt(s.max)}${k > 1 ? ` · batches of ${k}` : ''}`;

async function measureTangle(results: BenchResults): Promise<void> {
  const worker = new Worker(new URL('./tangle.worker.ts', import.meta.url), { type: 'module', name: 'bench-tangle' });
  const api = Comlink.wrap<TangleApi>(worker);
  const onProgress = Comlink.proxy((text: string) => setStatus(text));
  const tangle: Record<string, unknown> = {};
  results.meta.tangle = tangle;
  try {
    setStatus('Loading the WASM core in the tangle worker…');
    const clock = await api.init();
    Object.assign(tangle, {
      runIn: 'one dedicated module Worker (tangle.worker.ts), as the app runs its replica',
      params: TANGLE_PARAMS,
      clockResolutionMs: clock.clockResolutionMs,
      workerCrossOriginIsolated: clock.crossOriginIsolated,
      notes: {
        tipsel:
          `graph grown by growUniform(n, lambdaH ${TANGLE_PARAMS.lambdaH}); each measurement times ` +
          `growUniform(${TANGLE_PARAMS.arrivalsPerMeasurement}) arrivals (weight updates included) + selectTips({ alpha ${TANGLE_PARAMS.alpha}, depth ${TANGLE_PARAMS.depth} }); ` +
          `select_only times selectTips alone right after; each timed region is a batch of k calls divided by k: k doubled from 1 until the fastest of 5 trial batches spans >= ${TANGLE_PARAMS.minTicks} clock ticks, and doubled again for later batches whenever one spans fewer`,
        peer: 'per selection: approver lists + CW of every tx by one traversal of its future per tx + the same alpha walk twice, plain TypeScript, on the graph tipsel.ms.n1e4 starts from',
        ingest:
          `${TANGLE_PARAMS.ingestTxs} valid txs as bundles of ${TANGLE_PARAMS.ingestBundleTxs} (a record spans several txs), ${TANGLE_PARAMS.ingestKeys} signing keys, MWM ${TANGLE_PARAMS.mwm}; ` +
          `importTransactions of ${TANGLE_PARAMS.ingestArchiveTxs} txs per call into a fresh IdbReplicaStore, PoW weight and signature checks included; ` +
          'validation cost per tx does not depend on MWM (only the nonce search does, and it is not part of ingest)',
        coldLoad:
          `${TANGLE_PARAMS.coldTxs} txs written with store.append (graph columns from growUniform, lambdaH ${TANGLE_PARAMS.lambdaH}; each tx a one-tx bundle that passes the checks of an open: ` +
          `id, PoW at MWM ${TANGLE_PARAMS.mwm}, parents and time as the columns say, random issuer, tag and signature bytes); ` +
          'timed: instantiate core + graph, IdbReplicaStore.open, Replica.open, replica.selectTips()',
        findTagged:
          `${TANGLE_PARAMS.taggedTxs} valid txs imported with importTransactions: ${TANGLE_PARAMS.taggedMine} records of one identity (IdentityService.sealRecord of a 2 KB ` +
          `FHIR Observation, to one of ${TANGLE_PARAMS.taggedDoctors} doctors in turn: 2 readers) spread evenly among bundles of ${TANGLE_PARAMS.taggedOtherTxs} txs with random tags; ` +
          `on a replica opened ${TANGLE_PARAMS.taggedUnlockPauseMs} ms before, timed: identity.expectedTags() -> replica.findTagged(tags) (replica.find_tagged_ms.n1e5) ` +
          `-> identity.openFound(bundles) (the three: records.scan_ms.n1e5), the identity service in this worker; each answer checked`,
      },
    });
    if (groups.has('tangle')) await measureTangleSteps(api, onProgress, results, tangle);
    if (groups.has('tagged')) {
      const tagged = await api.findTagged(onProgress);
      tangle.findTagged = tagged;
      record(results, 'replica.find_tagged_ms.n1e5', median(tagged.roundsMs), `rounds ${tagged.roundsMs.map(fmt).join(' · ')}`, tagged.roundsMs);
      const scan = tagged.scan;
      record(results, 'records.scan_ms.n1e5', median(scan.roundsMs), `rounds ${scan.roundsMs.map(fmt).join(' · ')}`, scan.roundsMs);
      roundsDone++;
    }
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

/** Tip selection, its peer, ingest and the cold load, in that order. */
async function measureTangleSteps(
  api: Comlink.Remote<TangleApi>,
  onProgress: ((text: string) => void) & Comlink.ProxyMarked,
  results: BenchResults,
  tangle: Record<string, unknown>,
): Promise<void> {
  for (const [suffix, n] of TIPSEL_SIZES) {
    const r = await api.tipsel(n, onProgress);
    tangle[`tipsel.${suffix}`] = r;
    record(results, `tipsel.ms.${suffix}`, r.combined.median, spreadNote(r.combined, r.k.end.combined));
    record(results, `tipsel.select_only.ms.${suffix}`, r.selectOnly.median, spreadNote(r.selectOnly, r.k.end.selectOnly));
    roundsDone++;
  }
  const peer = await api.peer(10_000, onProgress);
  tangle.peer = peer;
  record(results, 'peer.naive_cw.ms.n1e4', median(peer.runsMs), `runs ${peer.runsMs.map(fmt).join(' · ')}`, peer.runsMs);
  roundsDone++;
  const ingest = await api.ingest(onProgress);
  tangle.ingest = ingest;
  record(results, 'replica.ingest_tx_per_s', median(ingest.roundsTxPerS), `rounds ${ingest.roundsTxPerS.map(fmt).join(' · ')}`, ingest.roundsTxPerS);
  roundsDone++;
  const cold = await api.coldLoad(onProgress);
  tangle.coldLoad = cold;
  record(results, 'replica.cold_load_ms.n1e5', median(cold.roundsMs), `rounds ${cold.roundsMs.map(fmt).join(' · ')}`, cold.roundsMs);
  roundsDone++;
}

/** A reference run of the file: bytes and rounds of Negentropy v1 on one set, at one frame limit. */
interface ReferenceRun {
  set: string;
  frame_limit: number | null;
  rounds: number;
  bytes_total: number;
}

/**
 * The sync group: the data channel between two replicas; then each reference set generated and
 * checked against its digests, reconciled by the app's Reconciler (every answer checked against the
 * true difference), with the reference's bytes beside it; the bytes of sending every id; and, when
 * the tangle group did not run, replica.ingest_tx_per_s from the tangle worker to set beside it.
 */
async function measureSync(results: BenchResults): Promise<void> {
  const sets = reference.sets as ReferenceSet[];
  const runs = reference.reference as ReferenceRun[];
  const figures: Record<string, ReconcileFigures & { reference: { unlimited: ReferenceRun; frameLimit60000?: ReferenceRun } }> = {};
  const sync: Record<string, unknown> = { reconcile: figures };
  results.meta.sync = sync;
  // The data channel first: the 10^6-item sets below leave the page's heap large, and the relay
  // runs on this page's thread (bench/README.md: 4.62 MB/s with the sets skipped, 3.81 to 4.51 after them).
  setStatus('sync.webrtc: loading the WASM core…');
  const core = await loadCore();
  const webrtc = await measureWebrtc(core, setStatus);
  sync.webrtc = { params: WEBRTC_PARAMS, ...webrtc };
  const w = webrtc.workers;
  const o = webrtc.oneThread;
  record(results, 'sync.webrtc.mb_per_s', median(w.roundsMbPerS), `sessions in two tangle workers; rounds ${w.roundsMbPerS.map(fmt).join(' · ')}`, w.roundsMbPerS);
  record(results, 'sync.webrtc_one_thread.mb_per_s', median(o.roundsMbPerS), `both sessions on the page's thread; rounds ${o.roundsMbPerS.map(fmt).join(' · ')}`, o.roundsMbPerS);
  roundsDone++;
  for (const [suffix, name] of SYNC_SETS) {
    setStatus(`sync: generating ${name} and checking its digests…`);
    await new Promise((r) => setTimeout(r, 0)); // let the status paint
    const ref = sets.find((x) => x.set === name);
    const unlimited = runs.find((x) => x.set === name && x.frame_limit === null);
    if (!ref || !unlimited) throw new Error(`sync: the reference file has no set ${name}`);
    const w = await checkedWorkload(ref);
    setStatus(`sync: reconciling ${name}…`);
    await new Promise((r) => setTimeout(r, 0));
    const f = reconcileWorkload(w);
    figures[suffix] = { ...f, reference: { unlimited, frameLimit60000: runs.find((x) => x.set === name && x.frame_limit === 60000) } };
    const note = `${f.rounds} rounds; ${f.bytesClientToServer} + ${f.bytesServerToClient} B; found ${f.need} + ${f.have}`;
    record(results, `sync.rbsr.bytes.${suffix}`, f.bytes, note);
    if (SYNC_ROUNDS.has(suffix)) record(results, `sync.rbsr.rounds.${suffix}`, f.rounds, `responder replies`);
    record(results, `peer.negentropy.bytes.${suffix}`, unlimited.bytes_total, `reference, ${unlimited.rounds} rounds, no frame limit`);
    if (suffix === 'd0') {
      const all = sendAllBytes(w);
      sync.sendAllIds = w.n;
      record(results, 'peer.sendall.bytes', all, `${w.n.toLocaleString('en-US')} ids as have messages`);
    }
    roundsDone++;
  }
  if (!groups.has('tangle')) {
    // The ingest figure to set beside the data channel's, from the tangle group's own code.
    const worker = new Worker(new URL('./tangle.worker.ts', import.meta.url), { type: 'module', name: 'bench-tangle' });
    const api = Comlink.wrap<TangleApi>(worker);
    try {
      await api.init();
      const ingest = await api.ingest(Comlink.proxy((text: string) => setStatus(text)));
      sync.ingest = ingest;
      record(results, 'replica.ingest_tx_per_s', median(ingest.roundsTxPerS), `rounds ${ingest.roundsTxPerS.map(fmt).join(' · ')}`, ingest.roundsTxPerS);
    } finally {
      api[Comlink.releaseProxy]();
      worker.terminate();
    }
  }
  roundsDone++;
}

/**
 * The directory group: in a tangle worker of its own, 10^4 profiles published into a replica, found
 * by DIRECTORY_TAG, read, indexed (directory.index_ms.n1e4: median of the builds) and searched by
 * prefix (directory.search_ms.n1e4: the median over the queries of each query's median time).
 */
async function measureDirectory(results: BenchResults): Promise<void> {
  const worker = new Worker(new URL('./tangle.worker.ts', import.meta.url), { type: 'module', name: 'bench-directory' });
  const api = Comlink.wrap<TangleApi>(worker);
  try {
    setStatus('directory: loading the WASM core in a tangle worker…');
    const clock = await api.init();
    const r = await api.directory(Comlink.proxy((text: string) => setStatus(text)));
    const spread = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { p90: s[Math.floor(0.9 * (s.length - 1) + 0.5)], max: s[s.length - 1] };
    };
    const q = spread(r.queryMs);
    results.meta.directory = {
      runIn: 'a dedicated module Worker (tangle.worker.ts) beside the replica',
      params: {
        profiles: TANGLE_PARAMS.directoryProfiles,
        attestations: TANGLE_PARAMS.directoryAttestations,
        clinics: TANGLE_PARAMS.directoryClinics,
        queries: TANGLE_PARAMS.directoryQueries,
        measurementsPerQuery: TANGLE_PARAMS.directoryMeasurements,
        limit: TANGLE_PARAMS.directoryLimit,
        mwm: TANGLE_PARAMS.mwm,
      },
      clockResolutionMs: clock.clockResolutionMs,
      ...r,
      searchSpread: { median: median(r.queryMs), ...q },
      completeMedianMs: median(r.completeMs),
    };
    record(results, 'directory.index_ms.n1e4', median(r.indexRoundsMs), `builds ${r.indexRoundsMs.map(fmt).join(' · ')}; ${r.words.toLocaleString('en-US')} words`, r.indexRoundsMs);
    record(
      results,
      'directory.search_ms.n1e4',
      median(r.queryMs),
      `${r.queryMs.length} prefix queries, limit ${TANGLE_PARAMS.directoryLimit}: p90 ${fmt(q.p90)} · max ${fmt(q.max)}; complete() ${fmt(median(r.completeMs))}`,
    );
    roundsDone++;
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

/**
 * The timeline group: in a tangle worker of its own, a patient's 1,000 care records made by real
 * identity services and attached into a replica, then, on fresh unlocks, found, opened and grouped
 * (timeline.open_ms.n1e3: the median round; each step's rounds in _meta.timeline).
 */
async function measureTimeline(results: BenchResults): Promise<void> {
  const worker = new Worker(new URL('./tangle.worker.ts', import.meta.url), { type: 'module', name: 'bench-timeline' });
  const api = Comlink.wrap<TangleApi>(worker);
  try {
    setStatus('timeline: loading the WASM core in a tangle worker…');
    const clock = await api.init();
    const r = await api.timeline(Comlink.proxy((text: string) => setStatus(text)));
    const stepMedians = {
      expectedTags: median(r.stepsMs.expectedTags),
      findTagged: median(r.stepsMs.findTagged),
      openFound: median(r.stepsMs.openFound),
      grouping: median(r.stepsMs.grouping),
    };
    results.meta.timeline = {
      runIn: 'a dedicated module Worker (tangle.worker.ts): the replica and the 5 identity services in it',
      params: {
        consultations: TANGLE_PARAMS.timelineConsultations,
        doctors: TANGLE_PARAMS.timelineDoctors,
        days: TANGLE_PARAMS.timelineDays,
        kdf: TANGLE_PARAMS.timelineKdf,
        rounds: TANGLE_PARAMS.timelineRounds,
        pauseMs: TANGLE_PARAMS.timelinePauseMs,
        mwm: TANGLE_PARAMS.mwm,
      },
      notes:
        `one patient and ${TANGLE_PARAMS.timelineDoctors} doctors, each a real IdentityService on a test vault of its own (scrypt N=2^10); ` +
        `${TANGLE_PARAMS.timelineConsultations} consultations over the last ${TANGLE_PARAMS.timelineDays} days, to the doctors in turn: ` +
        'the patient sealFirstContact of a consultationRequest Bundle (web/core/care), the doctor openInbox of it, then sealRecord to the patient of ' +
        'diagnosisCondition, prescriptionRequest and exercisePlan (valid forms); the doctors\' 4 profiles (profileRecord under DIRECTORY_TAG) beside them; ' +
        `all attached at MWM ${TANGLE_PARAMS.mwm} and imported into a replica on IndexedDB. Timed, per round, on a replica opened ${TANGLE_PARAMS.timelinePauseMs} ms before ` +
        'and a patient session unlocked just before (neither timed: no stream, pair or reader key derived, nothing opened): ' +
        'expectedTags -> replica.findTagged -> openFound -> timelineOf (web/app/timeline.ts, readCareRecord of every record); ' +
        'the vault index already knows every record and counter (untimed catch-up loads before), so no round writes the vault; each round checked',
      clockResolutionMs: clock.clockResolutionMs,
      ...r,
      stepMedians,
    };
    const note = `rounds ${r.roundsMs.map(fmt).join(' · ')}; medians: expectedTags ${fmt(stepMedians.expectedTags)}, findTagged ${fmt(stepMedians.findTagged)}, openFound ${fmt(stepMedians.openFound)}, grouping ${fmt(stepMedians.grouping)}`;
    record(results, 'timeline.open_ms.n1e3', median(r.roundsMs), note, r.roundsMs);
    roundsDone++;
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
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
      tookTurns: [],
      durationMs: 0,
    },
  };
  if (groups.has('pow') || groups.has('peers')) await measurePowAndPeers(results);
  if (groups.has('identity')) await measureIdentity(results);
  if (groups.has('tangle') || groups.has('tagged')) await measureTangle(results);
  if (groups.has('sync')) await measureSync(results);
  if (groups.has('directory')) await measureDirectory(results);
  if (groups.has('timeline')) await measureTimeline(results);
  if (groups.has('sim')) await measureSimGroup(results);
  results.meta.durationMs = Math.round(performance.now() - t0);
  return results;
}

/**
 * The sim group (sim-bench.ts): in this page's thread, one core, after everything else. Each run
 * is timed once (seconds each, well above the clock); the weights are medians of 7 rounds.
 */
async function measureSimGroup(results: BenchResults): Promise<void> {
  setStatus('sim: …');
  const f = await measureSim(setStatus);
  results.meta.sim = { params: SIM_PARAMS, ...f };
  record(results, 'sim.urts_s.n1e6', f.urtsS, `mean tips ${fmt(f.urtsMeanTips)} (2λh = 100)`);
  record(results, 'sim.walk_s.n1e5', f.walkS, `mean tips ${fmt(f.walkMeanTips)}, confirmation checks every h`);
  record(results, 'sim.cw_per_tx_ms.n2000', f.cwPerTxMs, `rounds ${f.cwRoundsMs.map(fmt).join(' · ')}`, f.cwRoundsMs);
  record(results, 'peer.naive_cw.per_tx_ms.n2000', f.naivePerTxMs, `rounds ${f.naiveRoundsMs.map(fmt).join(' · ')}`, f.naiveRoundsMs);
  record(results, 'sim.cw_ratio', f.naivePerTxMs / f.cwPerTxMs, 'peer.naive_cw.per_tx_ms.n2000 / sim.cw_per_tx_ms.n2000');
  roundsDone++;
}

function showRatios(r: BenchResults): void {
  const v = (k: string) => r.metrics[k]?.value;
  const w1 = v('pow.kerl.attempts_per_s.w1');
  const wall = v('pow.kerl.attempts_per_s.wall');
  const hw = v('peer.hashwasm.keccak384_per_s');
  if (w1 && hw) addRow('ratio w1 / peer.hashwasm.keccak384_per_s', fmt(w1 / hw), '×', 'target ≥ 3');
  if (w1 && wall) addRow(`ratio wall / w1 (${r.meta.powWorkers['pow.kerl.attempts_per_s.wall']} workers)`, fmt(wall / w1), '×', 'target ≥ 1.8 on 2 cores');
  const t4 = v('tipsel.ms.n1e4');
  const t6 = v('tipsel.ms.n1e6');
  if (t6) addRow('target tipsel.ms.n1e6', fmt(t6), 'ms', 'target ≤ 2 ms');
  if (t4 && t6) addRow('ratio tipsel.ms.n1e6 / tipsel.ms.n1e4', fmt(t6 / t4), '×', 'target ≤ 1.5');
  const peer = v('peer.naive_cw.ms.n1e4');
  if (t4 && peer) addRow('ratio peer.naive_cw.ms.n1e4 / tipsel.ms.n1e4', fmt(peer / t4), '×', 'context, no target');
  const ingest = v('replica.ingest_tx_per_s');
  if (ingest) addRow('target replica.ingest_tx_per_s', fmt(ingest), 'tx/s', 'target ≥ 10,000');
  const cold = v('replica.cold_load_ms.n1e5');
  if (cold) addRow('target replica.cold_load_ms.n1e5', fmt(cold), 'ms', 'target ≤ 1,500 ms');
  const unlock = v('vault.unlock_ms');
  const scrypt = v('peer.hashwasm.scrypt_ms');
  if (unlock && scrypt) addRow('ratio vault.unlock_ms / peer.hashwasm.scrypt_ms', fmt(unlock / scrypt), '×', 'target ≤ 1.5');
  const open = v('records.open_per_s');
  if (open) addRow('target records.open_per_s', fmt(open), 'records/s', 'target ≥ 2,000');
  const scan = v('records.scan_ms.n1e5');
  if (scan) addRow('target records.scan_ms.n1e5', fmt(scan), 'ms', 'target ≤ 200 ms');
  const tagged = v('replica.find_tagged_ms.n1e5');
  if (tagged) addRow('budget replica.find_tagged_ms.n1e5', fmt(tagged), 'ms', 'part of records.scan_ms.n1e5 ≤ 200 ms');
  for (const [suffix] of SYNC_SETS) {
    const ours = v(`sync.rbsr.bytes.${suffix}`);
    const ref = v(`peer.negentropy.bytes.${suffix}`);
    if (ours && ref) addRow(`target sync.rbsr.bytes.${suffix}`, fmt(ours / ref), '× reference', `target ≤ 1 (${ours <= ref ? 'met' : 'not met'})`);
  }
  const r0 = v('sync.rbsr.rounds.d0');
  if (r0) addRow('target sync.rbsr.rounds.d0', fmt(r0), 'rounds', `target 1 (${r0 <= 1 ? 'met' : 'not met'})`);
  const r1000 = v('sync.rbsr.rounds.d1000c');
  if (r1000) addRow('target sync.rbsr.rounds.d1000c', fmt(r1000), 'rounds', `target ≤ 3 (${r1000 <= 3 ? 'met' : 'not met'})`);
  const ds = v('directory.search_ms.n1e4');
  if (ds) addRow('target directory.search_ms.n1e4', fmt(ds), 'ms', `target ≤ 16 ms, one frame (${ds <= 16 ? 'met' : 'not met'})`);
  const tl = v('timeline.open_ms.n1e3');
  if (tl) addRow('target timeline.open_ms.n1e3', fmt(tl), 'ms', `target ≤ 500 ms (${tl <= 500 ? 'met' : 'not met'})`);
  const mb = v('sync.webrtc.mb_per_s');
  if (mb) addRow('target sync.webrtc.mb_per_s', fmt(mb), 'MB/s', `target ≥ 5 (${mb >= 5 ? 'met' : 'not met'})`);
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
