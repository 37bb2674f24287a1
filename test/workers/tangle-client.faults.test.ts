// Fault injection on the tangle worker's bridge (issue: fuzz campaign, "a worker killed at random
// points; the app keeps working and nothing stored is lost"). A real TangleClient on a real
// IndexedDB database imports a valid archive in chunks of seeded random sizes, and its worker is
// killed at a seeded point: between two calls, or a seeded delay after a call's request was posted.
// The kill is either the client's own close() (it asks the worker to close the store, then
// terminates it) or a hard terminate() of the Worker with nothing asked first. A case has one or
// two such kills: after each, a new client opens the same database and goes on from the first
// chunk that was not acknowledged, as a sync that resumes would. After each kill the replica must:
// - open without error (the replica checks its stored graph at open and refuses a damaged one);
// - hold exactly the whole bundles of the chunks acknowledged so far, or more whole bundles of the
//   chunk in flight (its one store transaction committed before the kill), never part of a bundle:
//   the export is byte for byte a bundle-aligned prefix of the file, and a fresh replica accepts it.
// The case then ends one of two ways, alternately: it delivers the chunks not yet acknowledged (a
// bundle whose head an acknowledged chunk brought is completed from the quarantine the replica
// persisted, so nothing held is lost by a kill), or it imports the whole file again in other random
// chunks. Either way the replica must end with exactly the export of a replica that imported the
// file without faults, with nothing left waiting.
// Where each kill landed is recorded from the page (a request posted and not yet answered =
// inside), and the last test asserts that kills inside a call happened and that some cut a write.
//
// Replay: every case's plan derives from SEED and the case number, both in its title and in every
// failure. Where a delay lands also depends on this machine's speed, so a replay repeats the plan
// (chunks, kill points, kinds of kill) exactly and the timing approximately.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { TangleClient } from '../../web/workers/index.ts';
import type { ImportReport } from '../../web/ledger/index.ts';
import {
  FAULT_NETWORK,
  expectSameBytes,
  exportOfPrefix,
  importIntoFreshReplica,
  makeFaultArchive,
  randomChunks,
  rng,
  settleWithin,
  sleep,
  trackTangleWorkers,
  wholeBundlesIn,
  type FaultArchive,
} from '../shared/_fault-archive.ts';

/** The campaign's seed: printed in every title and failure. To explore, change it; to replay, set it to the one printed. */
const SEED = 0x5eed_c0de;
/** Cases: each a fresh database, one or two kills each followed by a reopen, then the rest of the file or all of it again. */
const CASES = 20;
/** Txs in the archive (at least; bundles are whole). */
const ARCHIVE_TXS = 240;

const seedText = `seed 0x${SEED.toString(16)}`;
const caseSeed = (i: number) => (SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;

type KillKind = 'close' | 'terminate';
/** Where the kill landed as the page saw it when it killed. */
type Landed = 'before any call' | 'between calls' | 'inside a call';

interface Outcome {
  case: number;
  /** Which kill of the case (1-based). */
  kill: number;
  kind: KillKind;
  landed: Landed;
  chunk: number;
  chunks: number;
  delayMs: number;
  /** Whether it came at once after the request's post (so inside the call for certain). */
  atOnce: boolean;
  /** For a kill inside a call: the txs stored with and without the call's write. */
  flight: { low: number; high: number } | null;
  /** Txs the reopened replica holds. */
  stored: number;
  /** Whether the call in flight was stored unacknowledged ('committed'), not stored ('cut'), or changed nothing either way ('moot'). */
  inFlight: 'committed' | 'cut' | 'moot' | 'none';
  /** 100 ms waits until the killed worker's lock on the database was free. */
  lockWaits: number;
}

/** Opens the client, waiting while the killed worker still holds the database's lock (it lets go when it ends). */
async function openWhenFree(client: TangleClient): Promise<{ txCount: number; waits: number }> {
  for (let waits = 0; ; waits++) {
    try {
      const s = await client.open();
      return { txCount: s.txCount, waits };
    } catch (e) {
      if (!/open in another tab or window/.test(String((e as Error)?.message)) || waits >= 60) throw e;
      await sleep(100);
    }
  }
}

describe(`TangleClient: a worker killed at random points of a chunked import (${seedText})`, function () {
  this.timeout(600_000);
  let tracker: ReturnType<typeof trackTangleWorkers>;
  let archive: FaultArchive;
  /** The export of a replica that imported the file through a client without faults. */
  let reference: Uint8Array;
  /** A call's expected time from its record count (least squares over the fault-free run). */
  let callMs: (records: number) => number = () => 50;
  const outcomes: Outcome[] = [];
  /** Each case's time, for the summary (never asserted: timing depends on the machine's load). */
  const caseMs: number[] = [];
  let casesDone = 0;
  const dbPrefix = `faults-client-${Date.now().toString(36)}`;

  before(async () => {
    tracker = trackTangleWorkers();
    const t0 = performance.now();
    archive = await makeFaultArchive(SEED, ARCHIVE_TXS);
    const built = performance.now() - t0;
    // The fault-free run: the reference export, and the timing the kill delays are spread over.
    const name = `${dbPrefix}-reference`;
    const client = new TangleClient({ dbName: name, network: FAULT_NETWORK });
    try {
      await client.open();
      const samples: [number, number][] = [];
      for (const chunk of randomChunks(archive, rng(SEED), 48)) {
        const t = performance.now();
        await client.importTransactions(chunk.bytes);
        samples.push([chunk.records, performance.now() - t]);
      }
      reference = await client.exportTransactions();
      const n = samples.length;
      const mx = samples.reduce((s, [x]) => s + x, 0) / n;
      const my = samples.reduce((s, [, y]) => s + y, 0) / n;
      const sxx = samples.reduce((s, [x]) => s + (x - mx) ** 2, 0);
      const slope = sxx > 0 ? Math.max(0, samples.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx) : 0;
      const intercept = Math.max(1, my - slope * mx);
      callMs = (records) => intercept + slope * records;
      console.log(
        `tangle-client faults (${seedText}): archive of ${archive.records.length} txs in ${archive.bundleSizes.length} bundles ` +
          `(largest ${Math.max(...archive.bundleSizes)}) built in ${built.toFixed(0)} ms; a fault-free import took ` +
          `${samples.reduce((s, [, y]) => s + y, 0).toFixed(0)} ms in ${n} calls (≈ ${intercept.toFixed(0)} ms + ${slope.toFixed(2)} ms/record per call)`,
      );
    } finally {
      client.close();
      await deleteDB(name);
    }
    // A replica that imported the file is the file: both are exports of the same txs in index
    // order. This makes "a prefix of the file" the expected content of a partly imported replica.
    expectSameBytes(reference, archive.file, `${seedText}: the fault-free replica's export against the file`);
  });

  after(async () => {
    tracker.restore();
    const line = outcomes.map(
      (o) => `#${o.case}.${o.kill} ${o.kind} ${o.landed} (chunk ${o.chunk + 1}/${o.chunks}, ${o.delayMs.toFixed(0)} ms) → ${o.stored} stored, in flight ${o.inFlight}, lock waits ${o.lockWaits}`,
    );
    console.log(`tangle-client faults outcomes (${seedText}): ${line.join('; ')}`);
    const mean = caseMs.reduce((a, b) => a + b, 0) / Math.max(1, caseMs.length);
    console.log(`tangle-client faults (${seedText}): ${caseMs.length} cases, ${mean.toFixed(0)} ms each on average, ${Math.max(0, ...caseMs).toFixed(0)} ms at most`);
  });

  for (let i = 0; i < CASES; i++) {
    const random = rng(caseSeed(i));
    // The plan is drawn here, so the title can say it and a replay draws the same.
    const most = [1, 4, 16, 48, 120][Math.floor(random() * 5)];
    // A second kill in one case in three: each kill costs a reopen (≈ 0.5 s here, mostly the worker's start).
    const kills = random() < 1 / 3 ? 2 : 1;
    const plans = Array.from({ length: kills }, () => ({
      kind: (random() < 0.5 ? 'close' : 'terminate') as KillKind,
      between: random() < 0.25,
      chunkDraw: random(),
      delayDraw: random(),
    }));
    const resume = i % 2 === 0;
    // The re-import's chunks: larger, so a case costs a few calls (chunks of one record are tried by the kill rounds).
    const reMost = [16, 48, 120, ARCHIVE_TXS * 2][Math.floor(random() * 4)];
    const title =
      `case ${i} (${seedText}, case seed 0x${caseSeed(i).toString(16)}): chunks of 1..${most}, ` +
      `${plans.map((k) => `${k.kind} ${k.between ? 'between calls' : 'after a post'}`).join(', then ')}`;

    it(`${title}: each reopened replica holds whole acknowledged bundles; it ends whole by ${resume ? 'resuming' : 're-importing the file'}`, async function () {
      const name = `${dbPrefix}-${i}`;
      const t0 = performance.now();
      const chunks = randomChunks(archive, random, most);
      let next = 0; // the first chunk not acknowledged
      let low = 0; // the whole bundles of the acknowledged chunks: stored for certain
      let high = 0; // the whole bundles of every chunk ever sent: the most that can be stored
      const clients: TangleClient[] = [];
      /** A new client on the database, as the app makes after a crash or a reload; checks what it holds. */
      const reopen = async (where: string, after: Omit<Outcome, 'stored' | 'inFlight' | 'lockWaits'> | null) => {
        const client = new TangleClient({ dbName: name, network: FAULT_NETWORK });
        clients.push(client);
        const { txCount: stored, waits } = await openWhenFree(client);
        if (after) {
          // Exactly what was acknowledged, or that and the whole bundles of the call in flight.
          const allowed = after.flight ? [after.flight.low, after.flight.high] : [low];
          expect(allowed, `${where}: the replica holds the whole bundles of the acknowledged chunks, or of the call in flight too`).to.include(stored);
          const inFlight = after.flight === null ? 'none' : after.flight.high === after.flight.low ? 'moot' : stored === after.flight.high ? 'committed' : stored === after.flight.low ? 'cut' : 'none';
          outcomes.push({ ...after, stored, inFlight, lockWaits: waits });
        }
        // Whole bundles only, none lost: a bundle boundary between what was acknowledged and what was sent.
        expect(stored, `${where}: txs held, at least the whole bundles of the acknowledged chunks`).to.be.at.least(low);
        expect(stored, `${where}: txs held, at most the whole bundles of the chunks sent`).to.be.at.most(high);
        expect([0, ...archive.bundleEnds], `${where}: the replica holds whole bundles (${stored} txs)`).to.include(stored);
        const held = await client.exportTransactions();
        expectSameBytes(held, exportOfPrefix(archive, stored), `${where}: the stored txs are the file's first ${stored}, in order`);
        const check = await importIntoFreshReplica(held);
        expect(check, `${where}: a fresh replica takes every stored tx`).to.include({ accepted: stored, held: 0 });
        expect(check.counts, `${where}: nothing stored is refused by a fresh replica`).to.deep.equal({});
        low = stored; // what is stored stays stored
        return { client, stored };
      };
      try {
        let { client } = await reopen(`${seedText}, case ${i}, before any kill`, null);
        for (const [round, plan] of plans.entries()) {
          if (next === chunks.length) break;
          const where = `${seedText}, case ${i}, kill ${round + 1}`;
          const chunk = next + Math.floor(plan.chunkDraw * (chunks.length - next));
          // Up to the call's expected time: some kills fall inside the call, some after its answer.
          // A quarter of the kills come at once after the request is posted: inside the call for
          // certain, since the worker's answer cannot arrive before the page's next task.
          const delayMs = plan.between || plan.delayDraw < 0.25 ? 0 : ((plan.delayDraw - 0.25) / 0.75) * callMs(chunks[chunk].records);
          const worker = tracker.workers[tracker.workers.length - 1];
          const kill = () => {
            if (plan.kind === 'terminate') {
              worker.terminate();
              // The client cannot learn of a terminate() it did not make: close it so its pending call settles.
              client.close();
            } else client.close();
          };
          let landed: Landed = 'before any call';
          const atOnce = !plan.between && delayMs === 0;
          let flight: Outcome['flight'] = null;
          for (let j = next; j <= chunk; j++) {
            const c = chunks[j];
            if (j === chunk && plan.between) {
              landed = j === 0 ? 'before any call' : 'between calls';
              kill();
              break;
            }
            // Chunks are archives of their own: the bytes are transferred, so a copy is sent.
            const post = worker.nextPost();
            const call = client.importTransactions(c.bytes.slice());
            high = Math.max(high, wholeBundlesIn(archive, c.first + c.records));
            if (j < chunk) {
              const report: ImportReport = await call;
              // Resumed after a write that committed unacknowledged, a chunk brings txs already stored.
              for (const r of report.rejected) {
                expect([r.reason, c.first + (r.position ?? -1) < low], `${where}: chunk ${j} refuses only duplicates of stored txs`).to.deep.equal(['DUPLICATE', true]);
              }
              low = Math.max(low, wholeBundlesIn(archive, c.first + c.records));
              next = j + 1;
              continue;
            }
            // The delay runs from the request's post; a delay of 0 kills before the worker can answer.
            const posted = await settleWithin(post, 10_000);
            expect(posted.state, `${where}: the client posts the call`).to.equal('resolved');
            if (delayMs > 0) await Promise.race([sleep(delayMs), call.catch(() => undefined)]);
            landed = worker.posted > worker.answered ? 'inside a call' : 'between calls';
            kill();
            const settled = await settleWithin(call, 10_000);
            expect(settled.state, `${where}: the call in flight settles once the client is closed`).to.not.equal('pending');
            if (settled.state === 'resolved') {
              low = Math.max(low, wholeBundlesIn(archive, c.first + c.records));
              next = j + 1;
            } else if (settled.state === 'rejected') {
              expect(String((settled.error as Error)?.message), where).to.match(/the tangle client was closed/);
              flight = { low, high: wholeBundlesIn(archive, c.first + c.records) };
            }
          }
          if (atOnce) expect(landed, `${where}: a kill at once after the post lands inside the call`).to.equal('inside a call');
          ({ client } = await reopen(where, { case: i, kill: round + 1, kind: plan.kind, landed, chunk, chunks: chunks.length, delayMs, atOnce, flight }));
        }

        const where = `${seedText}, case ${i}, after ${plans.length} kills`;
        let accepted = 0;
        let last: ImportReport | null = null;
        const before = (await client.stats()).txCount;
        // Resuming sends only the chunks not acknowledged; re-importing sends the whole file again.
        const rest = resume ? chunks.slice(next).map((c) => c.bytes.slice()) : randomChunks(archive, random, reMost).map((c) => c.bytes);
        for (const bytes of rest) {
          last = await client.importTransactions(bytes);
          accepted += last.accepted;
        }
        expect(accepted, `${where}: the ${resume ? 'resumed import' : 're-import'} stores exactly what was missing`).to.equal(archive.records.length - before);
        if (last) expect(last, `${where}: nothing waits at the end`).to.include({ quarantined: 0, awaitingWrite: 0 });
        expectSameBytes(await client.exportTransactions(), reference, `${where}: the export at the end`);
        if (resume) {
          // And the whole file again, in one call, finds everything there.
          const again = await client.importTransactions(archive.file.slice());
          expect(again, `${where}: the whole file after the resumed import`).to.include({ accepted: 0, held: 0, quarantined: 0 });
          expect(again.counts, where).to.deep.equal({ DUPLICATE: archive.records.length });
          expectSameBytes(await client.exportTransactions(), reference, `${where}: the export after the whole file again`);
        }
        expect((await client.stats()).txCount).to.equal(archive.records.length);
        casesDone++;
      } finally {
        for (const c of clients) c.close();
        await deleteDB(name);
        caseMs.push(performance.now() - t0);
      }
    });
  }

  it(`some kills landed inside an import call, and some of those cut its write (${seedText})`, function () {
    // Without this, every kill could have fallen between calls and the cases would prove nothing
    // about a kill during one. "Cut": inside a call whose chunk completes a bundle, and the reopened
    // replica lacks it, so the kill stopped that call before its store transaction committed.
    const inside = outcomes.filter((o) => o.landed === 'inside a call');
    const cut = outcomes.filter((o) => o.inFlight === 'cut');
    const committed = outcomes.filter((o) => o.inFlight === 'committed');
    const byKind = (k: KillKind) => inside.filter((o) => o.kind === k).length;
    console.log(
      `tangle-client faults (${seedText}): of ${outcomes.length} kills, ${inside.length} landed inside an import call ` +
        `(${byKind('close')} by close, ${byKind('terminate')} by terminate): ${cut.length} cut the call's write, ` +
        `${committed.length} found it committed though unanswered (${outcomes.filter((o) => o.atOnce).length} came at once after the post); ` +
        `${outcomes.length - inside.length} between calls or before any; ` +
        `most lock waits ${Math.max(0, ...outcomes.map((o) => o.lockWaits))}`,
    );
    const detail = `${seedText}: ${JSON.stringify(outcomes)}`;
    expect(casesDone, `every case passed (${detail})`).to.equal(CASES);
    // The plan has kills at once after a post (each asserted inside its call above): a seed whose
    // plan had none would prove nothing about kills inside a call.
    expect(outcomes.filter((o) => o.atOnce).length, `kills planned at once after a post (${detail})`).to.be.at.least(3);
    expect(inside.length, `kills inside an import call (${detail})`).to.be.at.least(outcomes.filter((o) => o.atOnce).length);
    expect(cut.length, `kills that cut a call's write (${detail})`).to.be.at.least(1);
  });
});
