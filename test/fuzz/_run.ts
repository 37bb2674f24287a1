// Runs fuzz cases against a real Replica (any ReplicaStore) and checks, after every step, what the
// oracle says: nothing throws out of importTransactions; every reason is a REASON_CODES code and
// none signals an internal error; the reasons counted are exactly those the input explains (the
// oracle's, per reason); the txs stored are exactly the oracle's (byte for byte, as a set), their
// export is parents first; the txs reported held are the oracle's, and the quarantine holds as many
// txs as the oracle's; and a fresh honest bundle imported at the end is stored. Used by
// ledger.fuzz.test.ts (IndexedDB, in Chromium) and by `npm run fuzz` (the in-memory store, in Node).
import { decodeArchive } from '../../web/core/validate/archive.ts';
import { DEFAULT_QUARANTINE_LIMIT } from '../../web/core/validate/params.ts';
import { REASON_CODES } from '../../web/core/validate/reasons.ts';
import { Replica, coreServices } from '../../web/ledger/index.ts';
import { MemoryReplicaStore, type ReplicaStore } from '../../web/storage/index.ts';
import type { Core, TangleGraph } from '../../web/wasm/index.ts';
import { MWM, NOW, followUpBundle, generateCase, type FuzzCase, type GenOptions } from './_gen.ts';
import { FUZZ_NETWORK, HEADER_SIZE, frame } from './_format.ts';
import { LedgerOracle, type OracleOutcome } from './_oracle.ts';
import { GENESIS_HEX, fromHex, get32, hex, idOf, view, type PowSearch } from './_tx.ts';
import { BRANCH_OFFSET, TRUNK_OFFSET } from '../../web/core/tx/layout.ts';

/** A store for one case: opened empty, reopened as the same database, disposed at the end. */
export interface StoreHandle {
  store: ReplicaStore;
  reopen(): Promise<ReplicaStore>;
  dispose(): Promise<void>;
}

/** What the runner needs from its environment. */
export interface FuzzEnv {
  core: Core;
  graph: TangleGraph;
  pow: PowSearch;
  newStore(caseNo: number): Promise<StoreHandle>;
  /** A second graph, for the round-trip copy (the replica under test keeps its own). */
  copyGraph(): Promise<TangleGraph>;
  /** Generation options beyond PoW (the torsion operators). */
  gen?: Omit<GenOptions, 'pow'>;
  /** The replica's quarantine limit; the default keeps it out of reach, a small one exercises eviction. */
  quarantineLimit?: number;
  /**
   * Also check that what a case stored, exported as one archive and imported into an empty replica,
   * is stored there again, all of it (a backup restores). On in the `npm test` sweep since the
   * defect it found was fixed (ledger.fuzz.test.ts, "Regression").
   */
  roundTrip?: boolean;
}

/** One case's outcome. */
export interface CaseResult {
  failures: string[];
  /** Refusals and held txs by reason, over the attack imports (not the setup import). */
  reasons: Record<string, number>;
}

/** A run's totals. */
export interface FuzzTotals {
  seed: number;
  cases: number;
  failedCases: number;
  ops: Record<string, number>;
  /** Txs refused or held, by reason, over the attack imports. */
  reasons: Record<string, number>;
  /** Cases with at least one tx refused or held for the reason. */
  reasonCases: Record<string, number>;
  /** Each failing case: its number and a message with the seed, the failures and the operator log. */
  failures: { caseNo: number; message: string }[];
}

const KNOWN = new Set<string>(REASON_CODES);

/** A reason that says a check threw rather than judged the input (the lead's INTERNAL, or any like it). */
function _internal(reason: string): boolean {
  return /INTERNAL|ERROR|EXCEPTION/i.test(reason);
}

function _describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? ` @ ${e.stack.split('\n').slice(1, 3).join(' | ').trim()}` : ''}`;
  return String(e);
}

function _sorted(counts: Record<string, number | undefined>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(counts).filter(([, n]) => n).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** The checks on one import report. */
function _checkReport(got: Awaited<ReturnType<Replica['importTransactions']>>, want: OracleOutcome, where: string, failures: string[]): void {
  const reasons = [...Object.keys(got.counts), ...got.rejected.map((r) => r.reason)];
  for (const r of new Set(reasons)) {
    if (!KNOWN.has(r)) failures.push(`${where}: reason ${r} is not in REASON_CODES`);
    if (_internal(r)) failures.push(`${where}: reason ${r} signals an internal error, not the input`);
  }
  if (_sorted(got.counts) !== _sorted(want.counts)) {
    failures.push(`${where}: reasons ${_sorted(got.counts)}, the oracle says ${_sorted(want.counts)}`);
  }
  const held = got.heldTxs.map((h) => `${h.id} ${h.reason}`);
  if (JSON.stringify(held) !== JSON.stringify(want.held)) {
    failures.push(`${where}: held ${JSON.stringify(held.map((h) => h.slice(0, 12) + h.slice(64)))}, the oracle holds ${JSON.stringify(want.held.map((h) => h.slice(0, 12) + h.slice(64)))}`);
  }
  if (got.accepted !== want.stored.length) failures.push(`${where}: stored ${got.accepted} txs, the oracle says ${want.stored.length}`);
  if (got.quarantined !== want.waiting) failures.push(`${where}: ${got.quarantined} txs wait in quarantine, the oracle says ${want.waiting}`);
}

/**
 * The stored txs against the oracle's: the same count, and the ones stored since index `base` (this
 * case's) the same txs byte for byte, exported parents first, under their true ids.
 */
async function _checkStored(replica: Replica, oracle: LedgerOracle, base: number, where: string, failures: string[]): Promise<void> {
  if (replica.txCount !== oracle.stored.length) {
    failures.push(`${where}: ${replica.txCount} txs stored, the oracle has ${oracle.stored.length}`);
  }
  const fresh = oracle.stored.slice(base);
  const records = replica.txCount > base ? decodeArchive(await replica.exportTransactions({ fromIndex: base + 1 })).records : [];
  const want = new Map(fresh.map((x) => [x.id, x.bytes]));
  // Txs stored before this case were compared when they were stored.
  const seen = new Set<string>([GENESIS_HEX, ...oracle.stored.slice(0, base).map((x) => x.id)]);
  const extra: string[] = [];
  const order: string[] = [];
  for (const r of records) {
    const id = hex(idOf(r.bytes));
    if (hex(r.id) !== id) failures.push(`${where}: stored tx ${id.slice(0, 16)} is exported under id ${hex(r.id).slice(0, 16)}`);
    const bytes = want.get(id);
    if (bytes === undefined) extra.push(id.slice(0, 16));
    else if (hex(bytes) !== hex(r.bytes)) failures.push(`${where}: stored tx ${id.slice(0, 16)} differs from the bytes sent`);
    for (const p of [get32(r.bytes, TRUNK_OFFSET), get32(r.bytes, BRANCH_OFFSET)]) {
      if (!seen.has(hex(p))) order.push(`${id.slice(0, 16)} before its parent ${hex(p).slice(0, 16)}`);
    }
    seen.add(id);
  }
  const missing = fresh.filter((x) => !seen.has(x.id)).map((x) => x.id.slice(0, 16));
  if (extra.length > 0) failures.push(`${where}: stored but not by the oracle: ${extra.join(', ')}`);
  if (missing.length > 0) failures.push(`${where}: not stored, the oracle stores: ${missing.join(', ')}`);
  if (order.length > 0) failures.push(`${where}: export not parents first: ${order.slice(0, 3).join('; ')}`);
}

/** What the case stored, as one archive, into an empty replica: all of it must be stored again. */
async function _checkRoundTrip(env: FuzzEnv, replica: Replica, base: number, failures: string[]): Promise<void> {
  const backup = await replica.exportTransactions({ fromIndex: base + 1 });
  const copy = await Replica.open({ store: new MemoryReplicaStore(), graph: await env.copyGraph(), ...coreServices(env.core), network: FUZZ_NETWORK, now: () => NOW });
  const report = await copy.importTransactions(backup);
  const want = decodeArchive(backup).records.map((r) => hex(r.id));
  const got = new Set(decodeArchive(await copy.exportTransactions()).records.map((r) => hex(r.id)));
  const lost = want.filter((id) => !got.has(id));
  if (lost.length > 0 || got.size !== want.length) {
    // Each exported tx as position:id(bundle/branch index/last), to see which ones collide.
    const listing = decodeArchive(backup).records.map((r, k) => {
      const v = view(r.bytes);
      return `${k}:${hex(r.id).slice(0, 8)}(${hex(v.bundle).slice(0, 6)}/${hex(v.branch).slice(0, 6)} ${v.index}/${v.lastIndex} trunk ${hex(v.trunk).slice(0, 8)})`;
    });
    failures.push(
      `round trip: ${want.length} txs exported, ${got.size} stored again from the backup (reasons ${_sorted(report.counts)}); ` +
        `lost ${lost.map((id) => id.slice(0, 8)).join(', ')}; the backup: ${listing.join(' ')}`,
    );
  }
}

/** A replica on a store, and the oracle that follows it; shared by the cases of a batch. */
export interface Session {
  handle: StoreHandle;
  replica: Replica;
  oracle: LedgerOracle;
}

function _open(env: FuzzEnv, store: ReplicaStore): Promise<Replica> {
  return Replica.open({ store, graph: env.graph, ...coreServices(env.core), network: FUZZ_NETWORK, now: () => NOW, quarantineLimit: env.quarantineLimit });
}

/** A fresh store, a replica on it, and an empty oracle. Called by runCases and runCase. */
export async function openSession(env: FuzzEnv, caseNo: number): Promise<Session> {
  const handle = await env.newStore(caseNo);
  const replica = await _open(env, handle.store);
  const quarantineLimit = env.quarantineLimit ?? DEFAULT_QUARANTINE_LIMIT;
  return { handle, replica, oracle: new LedgerOracle({ now: NOW, mwm: MWM, quarantineLimit }) };
}

/**
 * Runs one generated case, on `session` when given (what earlier cases stored, and what of theirs
 * waits, stays: a case's txs never touch another case's, so only the counts add up), else on a
 * fresh one. Returns the session while it is in step with the oracle (else it is disposed). Called
 * by runCases and by replays of one case.
 */
export async function runCase(c: FuzzCase, env: FuzzEnv, session?: Session): Promise<CaseResult & { session?: Session }> {
  const s = session ?? (await openSession(env, c.caseNo));
  const { oracle } = s;
  const base = oracle.stored.length;
  const failures: string[] = [];
  const reasons: Record<string, number> = {};
  try {
    for (let k = 0; k < c.steps.length && failures.length === 0; k++) {
      const step = c.steps[k];
      const where = `step ${k} (${step.kind === 'import' ? step.label.slice(0, 160) : 'reopen'})`;
      if (step.kind === 'reopen') {
        const store = await s.handle.reopen();
        const want = oracle.reopen();
        try {
          s.replica = await _open(env, store);
        } catch (e) {
          failures.push(`${where}: Replica.open threw ${_describe(e)}`);
          break;
        }
        const q = (await s.replica.stats()).quarantined;
        if (q !== want.waiting) failures.push(`${where}: ${q} txs wait in quarantine after the reopen, the oracle says ${want.waiting}`);
        await _checkStored(s.replica, oracle, base, where, failures);
        continue;
      }
      const want = oracle.importArchive(step.archive);
      let got: Awaited<ReturnType<Replica['importTransactions']>>;
      try {
        got = await s.replica.importTransactions(step.archive);
      } catch (e) {
        failures.push(`${where}: importTransactions threw ${_describe(e)}`);
        break;
      }
      if (step.label !== 'setup') for (const [r, n] of Object.entries(got.counts)) reasons[r] = (reasons[r] ?? 0) + (n ?? 0);
      _checkReport(got, want, where, failures);
      await _checkStored(s.replica, oracle, base, where, failures);
    }
    // A fresh honest bundle on top of what this case stored (on the genesis once the replica
    // diverged) must still be stored: a bad import must not leave the replica unable to take good ones.
    const healthy = failures.length === 0;
    const parents = healthy ? oracle.stored.slice(base).map((x) => fromHex(x.id)) : [];
    const bundle = followUpBundle(c.rng, parents, env.pow);
    const archive = frame(bundle.map((bytes) => ({ bytes })));
    const want = healthy ? oracle.importArchive(archive) : null;
    const where = `follow-up (an honest bundle of ${bundle.length} txs on top)`;
    try {
      const got = await s.replica.importTransactions(archive);
      // (A quarantine smaller than the bundle cannot assemble it: then only the oracle's word counts.)
      const fits = bundle.length <= (env.quarantineLimit ?? DEFAULT_QUARANTINE_LIMIT);
      if (fits && got.accepted !== bundle.length) failures.push(`${where}: stored ${got.accepted} of ${bundle.length} txs, reasons ${_sorted(got.counts)}`);
      if (want) {
        _checkReport(got, want, where, failures);
        await _checkStored(s.replica, oracle, base, where, failures);
      }
    } catch (e) {
      failures.push(`${where}: importTransactions threw ${_describe(e)}`);
    }
    if (env.roundTrip && failures.length === 0 && s.replica.txCount > base) await _checkRoundTrip(env, s.replica, base, failures);
  } catch (e) {
    // The harness itself failed (an export, a reopen): a failure of this case, not a crash of the run.
    failures.push(`harness: ${_describe(e)}`);
  }
  if (session === undefined || failures.length > 0) {
    await s.handle.dispose();
    return { failures, reasons };
  }
  return { failures, reasons, session: s };
}

/** The lines printed for a failing case: seed, case, what failed, and the operator log. */
export function describeFailure(c: FuzzCase, failures: string[]): string {
  return [
    `FAILED seed ${c.seed} case ${c.caseNo} (case seed ${c.caseSeed}); replay: npm run fuzz -- --seed ${c.seed} --case ${c.caseNo}`,
    ...failures.map((f) => `  ! ${f}`),
    '  operator log:',
    ...c.log.map((l) => `    ${l}`),
    `  steps: ${c.steps.map((s) => (s.kind === 'reopen' ? 'reopen' : `import(${Math.max(0, Math.round((s.archive.length - HEADER_SIZE) / 1312))} records)`)).join(', ')}`,
  ].join('\n');
}

/**
 * Runs cases from..from+count-1 of `seed`, adding to `totals`. Cases share one store and replica in
 * batches of `batch` (a fresh one after a failure). Called by the wtr test and the CLI.
 */
export async function runCases(
  seed: number,
  from: number,
  count: number,
  env: FuzzEnv,
  totals: FuzzTotals,
  options: { batch?: number; onCase?: (caseNo: number, failed: boolean) => void } = {},
): Promise<FuzzTotals> {
  const batch = options.batch ?? 1;
  let session: Session | undefined;
  let used = 0;
  let first = from;
  for (let k = from; k < from + count; k++) {
    const c = generateCase(seed, k, { pow: env.pow, ...env.gen });
    if (session === undefined) {
      session = await openSession(env, k);
      used = 0;
      first = k;
    }
    const result = await runCase(c, env, session);
    session = result.session;
    used++;
    if (session && used >= batch) {
      await session.handle.dispose();
      session = undefined;
    }
    totals.cases++;
    for (const op of c.ops) totals.ops[op] = (totals.ops[op] ?? 0) + 1;
    for (const [r, n] of Object.entries(result.reasons)) {
      totals.reasons[r] = (totals.reasons[r] ?? 0) + n;
      totals.reasonCases[r] = (totals.reasonCases[r] ?? 0) + 1;
    }
    if (result.failures.length > 0) {
      totals.failedCases++;
      const shared =
        k > first
          ? `\n  (it shared its store with cases ${first}..${k - 1}; if it passes alone, replay them together: --from ${first} --cases ${k - first + 1} --batch ${batch})`
          : '';
      totals.failures.push({ caseNo: k, message: describeFailure(c, result.failures) + shared });
    }
    options.onCase?.(k, result.failures.length > 0);
  }
  if (session) await session.handle.dispose();
  return totals;
}

/** Empty totals for a run with `seed`. */
export function newTotals(seed: number): FuzzTotals {
  return { seed, cases: 0, failedCases: 0, ops: {}, reasons: {}, reasonCases: {}, failures: [] };
}

/** A table of counts, largest first, for printing; `second` adds a column (same keys). */
export function formatCounts(title: string, counts: Record<string, number>, second?: Record<string, number>, heads = ['', '']): string {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  const n = (x: number | undefined, h: string) => String(x ?? 0).padStart(Math.max(8, h.length));
  const head = second ? [`  ${''.padEnd(w)}  ${heads[0].padStart(8)}  ${heads[1].padStart(8)}`] : [];
  return [title, ...head, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${n(v, heads[0])}${second ? `  ${n(second[k], heads[1])}` : ''}`)].join('\n');
}
