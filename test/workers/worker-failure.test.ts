// The worker bridges when a worker cannot start (its script fails to load, as for an old tab after
// an update removed the file) or fails to initialise: calls settle with an error instead of waiting
// for ever, and the next call starts afresh. The Worker constructor is swapped for one that loads a
// failing script, the way a missing or broken file would behave.
import { expect } from 'chai';
import { PowPool, TangleClient } from '../../web/workers/index.ts';
import { testSigner } from './_signer.ts';

const RealWorker = globalThis.Worker;
const settle = (p: Promise<unknown>, ms = 10_000) =>
  Promise.race([p.then(() => 'resolved', (e) => `rejected: ${(e as Error)?.message ?? e}`), new Promise((r) => setTimeout(() => r('still pending'), ms))]);
const blobUrl = (src: string) => URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));

describe('worker bridges when a worker fails', function () {
  this.timeout(60_000);
  // A failing worker script also raises an error event on the page; it is the case under test.
  const swallow = (e: ErrorEvent) => e.preventDefault();
  before(() => window.addEventListener('error', swallow));
  after(() => {
    window.removeEventListener('error', swallow);
    (globalThis as { Worker: typeof Worker }).Worker = RealWorker;
  });

  it('a worker script that throws: open() and search() reject, nothing hangs', async () => {
    let broken = true;
    (globalThis as { Worker: typeof Worker }).Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(broken ? blobUrl('throw new Error("worker script failed")') : url, broken ? { type: 'module' } : options);
        this.addEventListener('error', (e) => e.preventDefault()); // handled: keep it off the page
      }
    };
    const pool = new PowPool({ size: 1 });
    const client = new TangleClient({ dbName: `dead-${Math.random()}`, network: { name: 'test', mwm: 3 }, pool, signer: testSigner() });
    expect(await settle(client.open())).to.match(/^rejected: the tangle worker failed/);
    expect(await settle(pool.search({ digest: new Uint8Array(32), mwm: 2 }))).to.match(/^rejected: a PoW worker failed/);
    expect(pool.stats().liveWorkers, 'the failed worker is gone').to.equal(0);
    // once the file is there again, the same pool works
    broken = false;
    expect(await settle(pool.search({ digest: new Uint8Array(32), mwm: 2 }))).to.equal('resolved');
    client.close();
    pool.dispose();
  });

  it('a worker whose initialisation fails does not poison the pool', async () => {
    let failing = 1;
    const comlink = new URL('/node_modules/comlink/dist/esm/comlink.mjs', location.origin).href;
    (globalThis as { Worker: typeof Worker }).Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        if (failing > 0) {
          failing--;
          super(blobUrl(`import * as Comlink from '${comlink}'; Comlink.expose({ init() { throw new RangeError('WebAssembly.Instance(): Out of memory'); } });`), { type: 'module' });
        } else super(url, options);
        this.addEventListener('error', (e) => e.preventDefault());
      }
    };
    const pool = new PowPool({ size: 1 });
    expect(await settle(pool.search({ digest: new Uint8Array(32).fill(3), mwm: 2 }))).to.match(/Out of memory/);
    expect(await settle(pool.search({ digest: new Uint8Array(32).fill(3), mwm: 2 }))).to.equal('resolved');
    pool.dispose();
  });

  it('a machine with more than 64 logical cores gets 64 workers, not an error', () => {
    const nav = navigator as { hardwareConcurrency: number };
    const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'hardwareConcurrency')!;
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { configurable: true, get: () => 128 });
    try {
      expect(nav.hardwareConcurrency).to.equal(128);
      expect(new PowPool().size).to.equal(64);
      expect(() => new PowPool({ size: 65 })).to.throw(RangeError, /size/);
    } finally {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', real);
    }
  });
});
