// `npm run bench`: build the bench page (bench/) with Vite into build/bench/ (apart from the app's
// dist/, so it is never precached), serve it on 127.0.0.1 with the cross-origin isolation headers,
// run it in headless Chromium, then write bench/results.json and print a table, the two ratios the
// PoW work aims at, and the identity, records, tangle, replica, sync, directory and timeline targets. Targets are printed, never
// enforced: the exit code is non-zero only when the bench itself breaks.
// `npm run bench -- --serve` only builds and serves the page, for a run by hand in any browser.
// `npm run bench -- --only=tagged` (any of pow, peers, identity, tangle, tagged, sync, directory, timeline, sim) runs some groups only, prints
// what they measured and writes it to build/bench/results-only.json: bench/results.json always
// holds one whole run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, ensureDependencies, ensureChromium, run } from './env.mjs';
import { chromiumPath, chromiumFlags } from './chromium.mjs';

const PAGE_TIMEOUT_MS = 10 * 60_000;
const benchDir = resolve(root, 'bench');
const outDir = resolve(root, 'build/bench');
const resultsFile = resolve(benchDir, 'results.json');
const onlyResultsFile = resolve(outDir, 'results-only.json');
/** The groups of `--only=a,b`, or null for the whole run. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) || null;
const wasmFile = resolve(root, 'build/wasm/core.wasm');
const iotaKerlFile = resolve(root, 'build/vendor/iota-kerl.js');

/** The sync group's reference sets (bench/main.ts SYNC_SETS): n = 10^5 unless n1e6; d differences, c clustered, s scattered. */
const SYNC_SUFFIXES = ['d0', 'n1e6.d0', 'd1000c', 'n1e6.d1000c', 'd10s', 'd1000s', 'd10000s'];
const SYNC_ROUND_SUFFIXES = ['d0', 'd1000c'];

const ORDER = [
  'pow.kerl.attempts_per_s.w1',
  'pow.kerl.attempts_per_s.wall',
  'peer.hashwasm.keccak384_per_s',
  'peer.noble.keccak384_per_s',
  'peer.iotajs.kerl_per_s',
  'core.kerl_per_s',
  'tipsel.ms.n1e4',
  'tipsel.ms.n1e5',
  'tipsel.ms.n1e6',
  'tipsel.select_only.ms.n1e4',
  'tipsel.select_only.ms.n1e5',
  'tipsel.select_only.ms.n1e6',
  'peer.naive_cw.ms.n1e4',
  'replica.ingest_tx_per_s',
  'replica.cold_load_ms.n1e5',
  'replica.find_tagged_ms.n1e5',
  'records.scan_ms.n1e5',
  'vault.unlock_ms',
  'peer.hashwasm.scrypt_ms',
  'records.seal_per_s',
  'records.open_per_s',
  ...SYNC_SUFFIXES.flatMap((s) => [
    `sync.rbsr.bytes.${s}`,
    ...(SYNC_ROUND_SUFFIXES.includes(s) ? [`sync.rbsr.rounds.${s}`] : []),
    `peer.negentropy.bytes.${s}`,
  ]),
  'peer.sendall.bytes',
  'sync.webrtc.mb_per_s',
  'sync.webrtc_one_thread.mb_per_s',
  'directory.index_ms.n1e4',
  'directory.search_ms.n1e4',
  'timeline.open_ms.n1e3',
  'sim.urts_s.n1e6',
  'sim.walk_s.n1e5',
  'sim.cw_per_tx_ms.n2000',
  'peer.naive_cw.per_tx_ms.n2000',
  'sim.cw_ratio',
];

/** Whole numbers from 100 up (every hash and PoW rate), 4 significant digits below (ms figures). */
function roundFigure(x) {
  return Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(4));
}

/** The same rounding through a nested object of figures (the identity and tangle metrics' _meta). */
function roundDeep(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? v : roundFigure(v);
  if (Array.isArray(v)) return v.map(roundDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)]));
  return v;
}

/** Newest modification time of a file or of any file under a folder. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** Build the WASM core when it is missing or older than its sources; vendor @iota/kerl when missing. */
function ensureBuilt() {
  const sources = Math.max(newest(resolve(root, 'assembly')), newest(resolve(root, 'asconfig.json')));
  if (!existsSync(wasmFile) || statSync(wasmFile).mtimeMs < sources) {
    console.log('Building the WASM core (npm run build:wasm)…');
    run('npm', ['run', '--silent', 'build:wasm']);
  }
  if (!existsSync(iotaKerlFile) || statSync(iotaKerlFile).mtimeMs < newest(resolve(root, 'package-lock.json'))) {
    console.log('Bundling @iota/kerl (node scripts/vendor-test-peers.mjs)…');
    run('node', ['scripts/vendor-test-peers.mjs']);
  }
}

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Vite config of the bench page; shared by build and preview. */
const viteConfig = {
  configFile: false,
  root: benchDir,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  clearScreen: false,
  resolve: { alias: { '@bench/iota-kerl': iotaKerlFile } },
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // The WASM core stays a file of its own, fetched and compiled as in the app.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false, headers: isolationHeaders },
};

/** The browser's full version ("156.0.7435.62"), from `chromium --version`; null if it will not say. */
function browserVersionOf(path) {
  try {
    return /(\d+\.\d+\.\d+\.\d+)/.exec(execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }))?.[1] ?? null;
  } catch {
    return null;
  }
}

function formatNumber(n) {
  if (Math.abs(n) < 1 && n !== 0) return n.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) < 100 ? 2 : 0 });
}

function printTable(metrics, meta) {
  const rows = ORDER.filter((k) => metrics[k]).map((k) => [k, formatNumber(metrics[k].value), metrics[k].unit]);
  const head = ['metric', 'value', 'unit'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2]}`;
  console.log('');
  console.log(line(head));
  console.log(`${'-'.repeat(w[0])}  ${'-'.repeat(w[1])}  ${'-'.repeat(w[2])}`);
  for (const r of rows) console.log(line(r));

  const v = (k) => metrics[k]?.value;
  const verdict = (ok) => (ok ? 'met' : 'not met');
  const w1 = v('pow.kerl.attempts_per_s.w1');
  const wall = v('pow.kerl.attempts_per_s.wall');
  const hw = v('peer.hashwasm.keccak384_per_s');
  const wallWorkers = meta.powWorkers?.['pow.kerl.attempts_per_s.wall'];
  console.log('');
  if (w1 && hw) {
    const r1 = w1 / hw;
    console.log(`w1 / peer.hashwasm.keccak384_per_s = ${r1.toFixed(2)}  (target >= 3: ${verdict(r1 >= 3)})`);
    // The two take turns round by round, so each pair of neighbouring rounds saw the same machine:
    // their ratios show how much of the spread is the machine's rather than the code's.
    const a = meta.roundValues?.['pow.kerl.attempts_per_s.w1'];
    const b = meta.roundValues?.['peer.hashwasm.keccak384_per_s'];
    if (a && b && a.length === b.length) {
      const pairs = a.map((x, i) => x / b[i]);
      const sorted = [...pairs].sort((x, y) => x - y);
      console.log(
        `  per round pair: ${pairs.map((x) => x.toFixed(2)).join(', ')} (min ${sorted[0].toFixed(2)}, ` +
          `median ${sorted[sorted.length >> 1].toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)})`,
      );
    }
  }
  if (w1 && wall) {
    const r2 = wall / w1;
    console.log(
      `wall / w1 = ${r2.toFixed(2)}  (target >= 1.8 on 2 cores: ${verdict(r2 >= 1.8)}; ` +
        `${wallWorkers} workers, hardwareConcurrency ${meta.hardwareConcurrency})`,
    );
  }

  const t4 = v('tipsel.ms.n1e4');
  const t6 = v('tipsel.ms.n1e6');
  const ingest = v('replica.ingest_tx_per_s');
  const cold = v('replica.cold_load_ms.n1e5');
  const tagged = v('replica.find_tagged_ms.n1e5');
  const tangle = meta.tangle ?? {};
  if (t4 && t6) {
    console.log(
      `Tangle and replica (tip selection: lambdaH ${tangle.params?.lambdaH}, alpha ${tangle.params?.alpha}, depth ${tangle.params?.depth}, ` +
        `${tangle.params?.arrivalsPerMeasurement} arrivals timed with each selection; clock ${formatNumber(tangle.clockResolutionMs * 1000)} µs):`,
    );
    console.log(`tipsel.ms.n1e6 = ${formatNumber(t6)} ms  (target <= 2 ms: ${verdict(t6 <= 2)})`);
    console.log(`tipsel.ms.n1e6 / tipsel.ms.n1e4 = ${(t6 / t4).toFixed(2)}  (target <= 1.5: ${verdict(t6 / t4 <= 1.5)})`);
  }
  if (ingest) console.log(`replica.ingest_tx_per_s = ${formatNumber(ingest)} tx/s  (target >= 10,000: ${verdict(ingest >= 10_000)})`);
  if (cold) console.log(`replica.cold_load_ms.n1e5 = ${formatNumber(cold)} ms  (target <= 1,500 ms: ${verdict(cold <= 1500)})`);
  if (tagged) {
    const f = tangle.findTagged ?? {};
    console.log(
      `replica.find_tagged_ms.n1e5 = ${formatNumber(tagged)} ms  (no target of its own: part of records.scan_ms.n1e5 <= 200 ms; ` +
        `${f.found} bundles for ${f.expectedTags} tags; lookup alone ${formatNumber(f.lookupOnlyMs ?? 0)} ms; ` +
        `reading every tx instead ${formatNumber(f.fullScanMs ?? 0)} ms)`,
    );
  }
  const unlock = v('vault.unlock_ms');
  const scrypt = v('peer.hashwasm.scrypt_ms');
  const seal = v('records.seal_per_s');
  const open = v('records.open_per_s');
  const scan = v('records.scan_ms.n1e5');
  const identity = meta.identity ?? {};
  const setup = identity.setup ?? {};
  const b = identity.breakdown ?? {};
  if (unlock || seal || open || scan) console.log('Identity and records:');
  if (unlock && scrypt) {
    const r = unlock / scrypt;
    console.log(
      `vault.unlock_ms / peer.hashwasm.scrypt_ms = ${formatNumber(unlock)} / ${formatNumber(scrypt)} ms = ${r.toFixed(2)}  ` +
        `(target <= 1.5: ${verdict(r <= 1.5)}; scrypt N=${setup.kdf?.N}, r=${setup.kdf?.r}, p=${setup.kdf?.p})`,
    );
    // The two take turns round by round, as w1 and hash-wasm do.
    const a = meta.roundValues?.['vault.unlock_ms'];
    const c = meta.roundValues?.['peer.hashwasm.scrypt_ms'];
    if (a && c && a.length === c.length) {
      const pairs = a.map((x, i) => x / c[i]);
      const sorted = [...pairs].sort((x, y) => x - y);
      console.log(`  per round pair: ${pairs.map((x) => x.toFixed(2)).join(', ')} (median ${sorted[sorted.length >> 1].toFixed(2)})`);
    }
    if (b.unlockNoProgressMs) {
      console.log(
        `  context, in turns: unlock with no progress callback ${b.unlockNoProgressMs.map(formatNumber).join(', ')} ms; ` +
          `the vault's scrypt alone ${b.nobleScryptMs.map(formatNumber).join(', ')} ms; hash-wasm ${b.hashwasmScryptMs.map(formatNumber).join(', ')} ms`,
      );
    }
  }
  if (seal) {
    console.log(
      `records.seal_per_s = ${formatNumber(seal)} records/s  (no target; ${setup.recordJsonBytes} B of JSON -> ${setup.recordDeflatedBytes} B deflated -> ` +
        `${setup.envelopeBytes} B envelope for 3 readers, ${setup.bundleTxs} txs)`,
    );
    if (b.sealUs) console.log(`  per record, µs: ${Object.entries(b.sealUs).map(([k, x]) => `${k} ${formatNumber(x)}`).join(', ')}`);
  }
  if (open) {
    console.log(`records.open_per_s = ${formatNumber(open)} records/s  (target >= 2,000: ${verdict(open >= 2000)}; as the last of 3 readers)`);
    if (b.openUs) {
      console.log(
        `  per record, µs: ${Object.entries(b.openUs).map(([k, x]) => `${k} ${formatNumber(x)}`).join(', ')}; ` +
          `openEnvelopeWith as the first reader ${formatNumber(b.openEnvelopeWithFirstReaderUs)}, openEnvelope (noble) as the last ${formatNumber(b.openEnvelopeNobleUs)}; ` +
          `openFound as the first reader ${formatNumber(b.openFirstReaderPerS)} records/s`,
      );
      console.log(
        `  one X25519: @noble/curves ${formatNumber(b.x25519NobleUs)} µs, WebCrypto ${b.x25519WebCryptoUs == null ? 'absent' : `${formatNumber(b.x25519WebCryptoUs)} µs`}; ` +
          `openFound's hop between page and worker ${formatNumber(b.openFoundHopMs)} ms per 100 records`,
      );
    }
  }
  if (scan) {
    const s = tangle.findTagged?.scan ?? {};
    console.log(
      `records.scan_ms.n1e5 = ${formatNumber(scan)} ms  (target <= 200 ms: ${verdict(scan <= 200)}; ${s.records} records opened; ` +
        `medians: expectedTags ${formatNumber(s.expectedTagsMs ?? 0)} ms, findTagged ${formatNumber(s.findTaggedMs ?? 0)} ms, openFound ${formatNumber(s.openFoundMs ?? 0)} ms)`,
    );
  }
  if (SYNC_SUFFIXES.some((s) => v(`sync.rbsr.bytes.${s}`))) {
    console.log('Sync (bytes of reconcile messages both ways, tx bodies excluded; reference: Negentropy v1, no frame limit):');
    for (const s of SYNC_SUFFIXES) {
      const ours = v(`sync.rbsr.bytes.${s}`);
      const ref = v(`peer.negentropy.bytes.${s}`);
      if (!ours || !ref) continue;
      const f = meta.sync?.reconcile?.[s];
      console.log(
        `sync.rbsr.bytes.${s} = ${formatNumber(ours)} B in ${f?.rounds} rounds, reference ${formatNumber(ref)} B in ${f?.reference?.unlimited?.rounds}: ` +
          `${(ours / ref).toFixed(3)} × (target <= reference: ${verdict(ours <= ref)})`,
      );
    }
    const r0 = v('sync.rbsr.rounds.d0');
    if (r0) console.log(`sync.rbsr.rounds.d0 = ${r0}  (target 1 round trip: ${verdict(r0 <= 1)})`);
    const r1 = v('sync.rbsr.rounds.d1000c');
    if (r1) console.log(`sync.rbsr.rounds.d1000c = ${r1}  (target <= 3 round trips: ${verdict(r1 <= 3)})`);
    const all = v('peer.sendall.bytes');
    const d10000 = v('sync.rbsr.bytes.d10000s');
    if (all && d10000) console.log(`sync.rbsr.bytes.d10000s / peer.sendall.bytes = ${(d10000 / all).toFixed(3)}  (context: sending every id of 10^5)`);
  }
  const mb = v('sync.webrtc.mb_per_s');
  if (mb) {
    console.log(
      `sync.webrtc.mb_per_s = ${formatNumber(mb)} MB/s of tx bodies, validation included, each session in its tangle worker  (target >= 5 MB/s: ${verdict(mb >= 5)}; ` +
        `replica.ingest_tx_per_s ${formatNumber(ingest ?? 0)} tx/s beside it)`,
    );
    const one = v('sync.webrtc_one_thread.mb_per_s');
    if (one) console.log(`sync.webrtc_one_thread.mb_per_s = ${formatNumber(one)} MB/s  (context: both sessions on the page's one thread)`);
  }
  const ds = v('directory.search_ms.n1e4');
  if (ds) {
    const d = meta.directory ?? {};
    console.log('Directory:');
    console.log(
      `directory.search_ms.n1e4 = ${formatNumber(ds)} ms  (target <= 16 ms, one frame: ${verdict(ds <= 16)}; median of ${d.queryMs?.length} prefix queries ` +
        `over ${d.read?.profiles} profiles, limit ${d.params?.limit}; p90 ${formatNumber(d.searchSpread?.p90 ?? 0)} ms, max ${formatNumber(d.searchSpread?.max ?? 0)} ms; ` +
        `complete() ${formatNumber(d.completeMedianMs ?? 0)} ms)`,
    );
    console.log(
      `directory.index_ms.n1e4 = ${formatNumber(v('directory.index_ms.n1e4') ?? 0)} ms  (no target; ${d.words} words; context: findTagged ${formatNumber(d.findTaggedMs ?? 0)} ms ` +
        `for ${d.bundles} bundles, readDirectory ${formatNumber(d.readMs ?? 0)} ms)`,
    );
  }
  const tl = v('timeline.open_ms.n1e3');
  if (tl) {
    const t = meta.timeline ?? {};
    const m = t.stepMedians ?? {};
    console.log('Timeline:');
    console.log(
      `timeline.open_ms.n1e3 = ${formatNumber(tl)} ms  (target <= 500 ms: ${verdict(tl <= 500)}; ${t.records} records in ${t.consultations} consultations, ` +
        `${t.found} bundles for ${t.expectedTags} tags, on a fresh unlock; medians: expectedTags ${formatNumber(m.expectedTags ?? 0)} ms, ` +
        `findTagged ${formatNumber(m.findTagged ?? 0)} ms, openFound ${formatNumber(m.openFound ?? 0)} ms, timelineOf ${formatNumber(m.grouping ?? 0)} ms)`,
    );
  }
  const peer = v('peer.naive_cw.ms.n1e4');
  if (peer && t4) {
    console.log(
      `peer.naive_cw.ms.n1e4 / tipsel.ms.n1e4 = ${formatNumber(peer / t4)}  (context, no target: ` +
        `the peer recomputes every weight per selection)`,
    );
  }
  console.log('');
  console.log(`1-minute load average before / after: ${meta.loadAverage1m.before} / ${meta.loadAverage1m.after}`);
  console.log('');
}

async function main() {
  ensureDependencies();
  ensureChromium();
  ensureBuilt();

  // Imported only now: on a fresh clone they exist only after ensureDependencies().
  const { build, preview } = await import('vite');
  const { chromium } = await import('playwright-core');

  const loadBefore = loadavg()[0];
  console.log('Building the bench page into build/bench/…');
  await build(viteConfig);
  const server = await preview(viteConfig);
  let browser;
  let profileDir;
  try {
    const url = server.resolvedUrls?.local?.[0];
    if (!url) throw new Error('vite preview reported no local URL');
    if (process.argv.includes('--serve')) {
      console.log(`Bench page at ${url} (cross-origin isolated). Press Ctrl-C to stop.`);
      await new Promise((done) => process.once('SIGINT', done));
      return;
    }
    console.log(`Serving ${url}; running the bench in Chromium${only ? ` (only ${only})` : ' (a few minutes)'}…`);

    // A fresh on-disk profile, as the app runs in, deleted afterwards. A new page of a plain launch
    // gets an ephemeral context whose IndexedDB lives in memory: there a Blob slice read (how the
    // replica reads txs) took about 8 times as long as on disk (bench/README.md), and no user's
    // replica lives there.
    profileDir = mkdtempSync(join(tmpdir(), 'medtangle-bench-'));
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, args: chromiumFlags, headless: true });
    const page = browser.pages()[0] ?? (await browser.newPage());
    let pageError;
    let failPage;
    const failed = new Promise((_, reject) => (failPage = reject));
    failed.catch(() => undefined);
    page.on('console', (m) => {
      const where = m.type() === 'error' && m.location()?.url ? ` (${m.location().url})` : '';
      console.log(`[page ${m.type()}] ${m.text()}${where}`);
    });
    page.on('pageerror', (e) => {
      pageError = e;
      failPage(new Error(`page error: ${e.message}`));
    });
    page.on('crash', () => failPage(new Error('the page crashed')));
    page.on('response', (r) => {
      if (r.status() >= 400) console.log(`[page] HTTP ${r.status()} for ${r.url()}`);
    });
    page.on('requestfailed', (r) => console.log(`[page] request failed: ${r.url()} (${r.failure()?.errorText})`));

    await page.goto(only ? `${url}?only=${encodeURIComponent(only)}` : url);
    await Promise.race([
      page.waitForFunction(() => window.__benchResults !== undefined || window.__benchError !== undefined, null, {
        timeout: PAGE_TIMEOUT_MS,
        polling: 250,
      }),
      failed,
    ]);
    if (pageError) throw pageError;
    const { results, error } = await page.evaluate(() => ({ results: window.__benchResults, error: window.__benchError }));
    if (error !== undefined) throw new Error(`the bench page failed: ${error}`);
    // A whole run must give every metric; a run of some groups, at least one.
    const measured = only ? ORDER.filter((k) => k in results.metrics) : ORDER;
    if (measured.length === 0) throw new Error(`--only=${only} measured nothing (groups: pow, peers, identity, tangle, tagged, sync, directory, timeline, sim)`);
    for (const k of measured) {
      const m = results.metrics[k];
      if (!m || !Number.isFinite(m.value) || m.value <= 0) throw new Error(`the bench page gave no valid figure for ${k}`);
    }

    const out = {};
    for (const k of measured) out[k] = { value: roundFigure(results.metrics[k].value), unit: results.metrics[k].unit };
    // A persistent context has no Browser object to ask, and the user agent gives the major version only.
    const browserVersion = browserVersionOf(chromiumPath) ?? /Chrome\/([\d.]+)/.exec(results.meta.userAgent)?.[1] ?? 'unknown';
    const roundValues = Object.fromEntries(
      Object.entries(results.meta.roundValues).map(([k, v]) => [k, v.map((x) => roundFigure(x))]),
    );
    // Other work on the machine skews the figures: the 1-minute load average tells.
    const loadAverage1m = { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) };
    out._meta = { ...results.meta, roundValues, identity: roundDeep(results.meta.identity), tangle: roundDeep(results.meta.tangle), sync: roundDeep(results.meta.sync), directory: roundDeep(results.meta.directory), timeline: roundDeep(results.meta.timeline), browser: `Chromium ${browserVersion}`, node: process.version, loadAverage1m };
    if (only) out._meta.only = only;
    // Arrays of numbers on one line each, so the file stays short.
    const json = JSON.stringify(out, null, 2).replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_, a) => `[${a.split(/,\s*/).join(', ')}]`);
    const file = only ? onlyResultsFile : resultsFile;
    writeFileSync(file, `${json}\n`);
    printTable(out, out._meta);
    console.log(`Wrote ${file}`);
  } finally {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await server.close();
  }
}

try {
  await main();
} catch (e) {
  console.error(`\nbench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
}
