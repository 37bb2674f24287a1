// The PoW pool with real module workers, each with its own WASM instance, in Chromium.
import { expect } from 'chai';
import { PowPool, type PowProgress } from '../../web/workers/index.ts';
import { powWeightRef, scanLowestNonce } from '../../web/core/pow/index.ts';
import { loadCore } from '../../web/wasm/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function digestOf(seed: number): Uint8Array {
  const d = new Uint8Array(32);
  for (let i = 0; i < 32; i++) d[i] = (seed * 131 + i * 29 + 7) & 0xff;
  return d;
}

describe('PoW worker pool', function () {
  this.timeout(120_000);
  let pool: PowPool;
  before(() => {
    pool = new PowPool({ size: 2 });
  });
  after(() => pool.dispose());

  it('returns nonces that verify with the reference and the WASM core', async () => {
    const core = await loadCore();
    for (let i = 0; i < 8; i++) {
      const digest = digestOf(i);
      const found = await pool.search({ digest, mwm: 5, startNonce: BigInt(i) * 1_000_000n });
      expect(powWeightRef(digest, found.nonce), `reference weight, digest ${i}`).to.be.at.least(5);
      expect(core.powWeight(digest, found.nonce), `wasm weight, digest ${i}`).to.equal(found.weight);
      expect(found.hashTrytes).to.have.length(81);
      expect(found.workers).to.equal(2);
    }
  });

  it('reports progress with attempts, rate and time left', async () => {
    const events: PowProgress[] = [];
    const r = await pool.measureRate({ durationMs: 600, onProgress: (p) => events.push(p) });
    expect(events.length, 'progress events').to.be.at.least(3);
    for (let i = 1; i < events.length; i++) expect(events[i].attempts).to.be.at.least(events[i - 1].attempts);
    const last = events[events.length - 1];
    expect(last.attempts).to.be.greaterThan(0);
    expect(last.attemptsPerSecond).to.be.greaterThan(0);
    expect(last.workers).to.equal(2);
    expect(r.attemptsPerSecond).to.be.greaterThan(0);
    // a search reports too, at least once at the end, with the expected attempts for its MWM
    const seen: PowProgress[] = [];
    await pool.search({ digest: digestOf(99), mwm: 6, onProgress: (p) => seen.push(p) });
    expect(seen.length).to.be.at.least(1);
    expect(seen[seen.length - 1].expectedAttempts).to.equal(3 ** 6);
    expect(Number.isFinite(seen[seen.length - 1].etaSeconds)).to.equal(true);
  });

  it('cancel stops all work: no worker left, no chunk started, no progress after the abort', async () => {
    const controller = new AbortController();
    let progressAfterAbort = 0;
    let aborted = false;
    let firstProgress!: () => void;
    const started = new Promise<void>((r) => (firstProgress = r));
    const run = pool.search({
      digest: digestOf(1234),
      mwm: 30, // about 2e14 attempts: never found in this test
      signal: controller.signal,
      onProgress: () => {
        if (aborted) progressAfterAbort++;
        firstProgress();
      },
    });
    await started;
    expect(pool.stats().busyWorkers, 'workers busy before the abort').to.be.greaterThan(0);
    const t0 = performance.now();
    aborted = true;
    controller.abort();
    let error: unknown;
    try {
      await run;
    } catch (e) {
      error = e;
    }
    const stopMs = performance.now() - t0;
    expect((error as DOMException)?.name).to.equal('AbortError');
    expect(pool.stats().liveWorkers, 'workers terminated').to.equal(0);
    const chunks = pool.stats().chunksStarted;
    await sleep(300);
    expect(pool.stats().chunksStarted, 'chunks started after the abort').to.equal(chunks);
    expect(progressAfterAbort, 'progress after the abort').to.equal(0);
    console.log(`pow pool: cancel settled ${stopMs.toFixed(1)} ms after abort()`);
    // and the pool works again afterwards
    const again = await pool.search({ digest: digestOf(5), mwm: 3 });
    expect(powWeightRef(digestOf(5), again.nonce)).to.be.at.least(3);
  });

  it('an already aborted signal rejects without starting work', async () => {
    const c = new AbortController();
    c.abort();
    const before = pool.stats().chunksStarted;
    let error: unknown;
    try {
      await pool.search({ digest: digestOf(1), mwm: 3, signal: c.signal });
    } catch (e) {
      error = e;
    }
    expect((error as DOMException)?.name).to.equal('AbortError');
    expect(pool.stats().chunksStarted).to.equal(before);
  });

  it('a single worker returns the lowest valid nonce of a range, as a plain reference scan does', async () => {
    const single = new PowPool({ size: 1 });
    try {
      for (const [seed, start, mwm] of [
        [1, 0n, 3],
        [2, 500n, 4],
        [3, 255n, 3], // crosses a low-byte boundary at once
        [4, (1n << 40n) + 250n, 4],
      ] as const) {
        const digest = digestOf(seed);
        const found = await single.search({ digest, mwm, startNonce: start });
        const span = Number(found.nonce - start) + 1;
        expect(scanLowestNonce(digest, start, span, mwm), `seed ${seed}`).to.equal(found.nonce);
      }
    } finally {
      single.dispose();
    }
  });

  it('checks its arguments and names them', () => {
    expect(() => pool.search({ digest: new Uint8Array(31), mwm: 3 })).to.throw(RangeError, /digest/);
    expect(() => pool.search({ digest: digestOf(1), mwm: 0 })).to.throw(RangeError, /mwm/);
    expect(() => pool.search({ digest: digestOf(1), mwm: 2.5 })).to.throw(RangeError, /mwm/);
    expect(() => pool.search({ digest: digestOf(1), mwm: 3, startNonce: -1n })).to.throw(RangeError, /startNonce/);
    expect(() => new PowPool({ size: 0 })).to.throw(RangeError, /size/);
  });
});
