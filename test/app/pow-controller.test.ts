// The PoW controller against a fake pool: the states the Device check shows for a found nonce, a
// cancel and a failure, and what it asks of the pool.
import { expect } from 'chai';
import { Host } from './_host.ts';
import { PowController, newPowMemory } from '../../web/app/controllers/pow-controller.ts';
import { powDigest } from '../../web/core/pow/index.ts';
import type { PowFound, PowPool, PowProgress } from '../../web/workers/index.ts';

type SearchJob = Parameters<PowPool['search']>[0];

/** A pool whose search waits until the test settles it, or rejects on abort like the real one. */
function fakePool() {
  const jobs: SearchJob[] = [];
  let settle: { resolve(f: PowFound): void; reject(e: unknown): void } | null = null;
  const pool = {
    size: 2,
    search(job: SearchJob): Promise<PowFound> {
      jobs.push(job);
      return new Promise<PowFound>((resolve, reject) => {
        settle = { resolve, reject };
        job.signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
      });
    },
    measureRate: async () => ({ attemptsPerSecond: 1_594_323, workers: 2, attempts: 3_188_646, elapsedMs: 2000 }),
    dispose() {},
  } as unknown as PowPool;
  return { pool, jobs, settle: () => settle! };
}

const progress: PowProgress = { attempts: 50, attemptsPerSecond: 500, expectedAttempts: 243, etaSeconds: 0.4, elapsedMs: 100, workers: 2 };

describe('PowController', () => {
  it('searches the UTF-8 text’s digest and shows the found nonce', async () => {
    const host = new Host();
    const f = fakePool();
    const c = new PowController(host, { pool: () => f.pool });
    const done = c.runSearch('Fièvre', 5);
    expect(c.search.state).to.equal('running');
    expect(c.busy).to.equal(true);
    expect(f.jobs[0].mwm).to.equal(5);
    expect([...f.jobs[0].digest]).to.deep.equal([...powDigest(new TextEncoder().encode('Fièvre'))]);
    f.jobs[0].onProgress!(progress);
    expect(c.search.progress).to.deep.equal(progress);
    f.settle().resolve({ nonce: 2n ** 63n, weight: 6, hashTrits: new Int8Array(243), hashTrytes: '9'.repeat(81), attempts: 300, elapsedMs: 12, workers: 2 });
    await done;
    expect(c.search.state).to.equal('done');
    expect(c.search.result).to.include({ nonce: '9223372036854775808', weight: 6, mwm: 5, workers: 2 });
    expect(c.busy).to.equal(false);
  });

  it('says cancelled when the search is cancelled', async () => {
    const f = fakePool();
    const c = new PowController(new Host(), { pool: () => f.pool });
    const done = c.runSearch('x', 13);
    c.cancelSearch();
    await done;
    expect(c.search.state).to.equal('cancelled');
    expect(c.search.result).to.equal(null);
  });

  it('cancels a running search when its screen goes away', async () => {
    const f = fakePool();
    const c = new PowController(new Host(), { pool: () => f.pool });
    const done = c.runSearch('x', 13);
    c.hostDisconnected();
    await done;
    expect(c.search.state).to.equal('cancelled');
  });

  it('reports a failure with its message', async () => {
    const f = fakePool();
    const c = new PowController(new Host(), { pool: () => f.pool });
    const done = c.runSearch('x', 5);
    f.settle().reject(new Error('loading the WASM core failed'));
    await done;
    expect(c.search.state).to.equal('failed');
    expect(c.search.error).to.equal('loading the WASM core failed');
  });

  it('refuses an MWM outside 1..20', async () => {
    const c = new PowController(new Host(), { pool: () => fakePool().pool });
    for (const bad of [0, 21, 2.5]) {
      let error: unknown;
      await c.runSearch('x', bad).catch((e: unknown) => (error = e));
      expect(error, String(bad)).to.be.instanceOf(RangeError);
    }
    expect(c.search.state).to.equal('idle');
  });

  it('turns a rate into times at the network MWM', async () => {
    const f = fakePool();
    const c = new PowController(new Host(), { pool: () => f.pool, transactionsPerRecord: 3 });
    await c.measureRate();
    expect(c.rate.state).to.equal('done');
    expect(c.rate.summary).to.deep.equal({
      attemptsPerSecond: 1_594_323,
      workers: 2,
      networkMwm: 13,
      expectedAttempts: 1_594_323,
      transactionsPerRecord: 3,
      secondsPerTransaction: 1,
      secondsPerRecord: 3,
    });
  });

  it('leaving the screen cancels a search; coming back says so and keeps the text and MWM as typed', async () => {
    // Each visit of the Device check makes a new element and controller; the memory is the app's.
    const memory = newPowMemory();
    const f = fakePool();
    const first = new PowController(new Host(), { pool: () => f.pool, memory });
    first.setDraft({ text: 'Chest pain at night', mwm: '18' });
    const run = first.runSearch('Chest pain at night', 18);
    f.jobs[0].onProgress!(progress);
    first.hostDisconnected();
    // Back before the pool has even settled the stopped search.
    const host = new Host();
    const second = new PowController(host, { pool: () => f.pool, memory });
    second.hostConnected();
    await run;
    await new Promise((r) => setTimeout(r, 0));
    expect(f.jobs[0].signal!.aborted, 'the search was stopped').to.equal(true);
    expect(second.search).to.include({ state: 'cancelled', leftScreen: true, mwm: 18 });
    expect(second.busy).to.equal(false);
    expect(second.draft).to.deep.equal({ text: 'Chest pain at night', mwm: '18' });
    expect(host.updates, 'the new screen is told the run has ended').to.be.greaterThan(0);
    // Cancel is not leaving.
    const again = second.runSearch('x', 13);
    second.cancelSearch();
    await again;
    expect(second.search.state).to.equal('cancelled');
    expect(second.search.leftScreen).to.equal(false);
  });

  it('leaving the screen stops a measurement and says so, keeping the last result', async () => {
    const memory = newPowMemory();
    const f = fakePool();
    const first = new PowController(new Host(), { pool: () => f.pool, memory });
    await first.measureRate();
    let stop: (() => void) | null = null;
    (f.pool as unknown as { measureRate: unknown }).measureRate = (o: { signal: AbortSignal }) =>
      new Promise((_, reject) => {
        stop = () => reject(new DOMException('cancelled', 'AbortError'));
        o.signal.addEventListener('abort', stop);
      });
    const run = first.measureRate();
    first.hostDisconnected();
    await run;
    expect(stop).to.not.equal(null);
    const second = new PowController(new Host(), { pool: () => f.pool, memory });
    expect(second.rate).to.include({ state: 'cancelled', leftScreen: true });
    expect(second.rate.summary?.attemptsPerSecond, 'the last measured rate stays').to.equal(1_594_323);
    // The network MWM changed on the Tangle screen since: the kept rate's times follow it.
    const third = new PowController(new Host(), { pool: () => f.pool, memory, networkMwm: 14 });
    expect(third.rate.summary).to.include({ attemptsPerSecond: 1_594_323, networkMwm: 14, secondsPerTransaction: 3, secondsPerRecord: 9 });
  });
});
