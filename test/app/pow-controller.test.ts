// The PoW controller against a fake pool: the states the Device check shows for a found nonce, a
// cancel and a failure, and what it asks of the pool.
import { expect } from 'chai';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PowController } from '../../web/app/controllers/pow-controller.ts';
import { powDigest } from '../../web/core/pow/index.ts';
import type { PowFound, PowPool, PowProgress } from '../../web/workers/index.ts';

class Host implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

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
});
