// The Tangle controller against a fake client: lazy opening with the stored network MWM, refreshes
// after every change, test bundles with progress and cancel, the MWM setting, export and import.
import { expect } from 'chai';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TangleController, type TangleControllerOptions } from '../../web/app/controllers/tangle-controller.ts';
import { NETWORK_MWM_KEY, loadNetworkMwm } from '../../web/app/controllers/network-settings.ts';
import { TX_KINDS } from '../../web/core/tx/index.ts';
import { EMPTY_REPORT, FakeTangleClient, MemoryStorage } from './_tangle-fixtures.ts';

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

function setup(options: Partial<TangleControllerOptions> & { stored?: string } = {}) {
  const storage = new MemoryStorage();
  if (options.stored !== undefined) storage.setItem(NETWORK_MWM_KEY, options.stored);
  const clients: FakeTangleClient[] = [];
  const saved: { bytes: Uint8Array; name: string }[] = [];
  const host = new Host();
  const c = new TangleController(host, {
    storage,
    clientFactory: (mwm) => {
      const client = new FakeTangleClient(mwm);
      clients.push(client);
      return client;
    },
    saveFile: (bytes, name) => saved.push({ bytes, name }),
    now: () => new Date(2025, 2, 7, 12, 0).getTime(),
    ...options,
  });
  return { c, host, storage, clients, saved };
}

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond(), what).to.equal(true);
};

describe('TangleController', () => {
  it('makes no client before its screen connects, then opens one with the stored MWM and refreshes', async () => {
    const { c, host, clients } = setup({ stored: '4' });
    expect(host.controllers).to.include(c);
    expect(clients).to.have.length(0);
    expect(c.mwm).to.equal(4);
    c.hostConnected();
    await until(() => c.status === 'ready' && !c.refreshing, 'the first refresh ends');
    expect(clients).to.have.length(1);
    expect(clients[0].mwm).to.equal(4);
    expect(clients[0].calls).to.deep.equal(['open', 'stats', 'refreshConfirmation', 'recent(40)', 'stats']);
    expect(c.status).to.equal('ready');
    expect(c.stats?.txCount).to.equal(0);
    expect(host.updates).to.be.greaterThan(0);
  });

  it('uses MWM 13 when nothing valid is stored', () => {
    for (const stored of [undefined, '', 'abc', '0', '21', '2.5']) {
      const { c } = setup(stored === undefined ? {} : { stored });
      expect(c.mwm, String(stored)).to.equal(13);
    }
  });

  it('folds refreshes asked during a refresh into one more', async () => {
    const { c, clients } = setup();
    const a = c.refresh();
    const b = c.refresh();
    const d = c.refresh();
    await Promise.all([a, b, d]);
    expect(clients[0].calls.filter((x) => x === 'refreshConfirmation')).to.have.length(2);
  });

  it('creates a test bundle from UTF-8 text, shows progress, then selects the new tail', async () => {
    const { c, clients } = setup({ stored: '3' });
    await c.refresh();
    const client = clients[0];
    client.holdCreate = true;
    const text = 'é'.repeat(750); // 1500 bytes: two txs
    const run = c.createBundle(text);
    expect(c.create.state).to.equal('running');
    expect(c.busy).to.equal(true);
    await until(() => c.create.attempts === 20, 'progress arrives');
    expect(c.create).to.include({ txDone: 0, txTotal: 2, attemptsPerSecond: 400 });
    client.release();
    await run;
    expect(client.bundles[0].kind).to.equal(TX_KINDS.test);
    expect(new TextDecoder().decode(client.bundles[0].payload)).to.equal(text);
    expect(c.create).to.include({ state: 'done', txDone: 2, txTotal: 2 });
    expect(c.create.indices).to.deep.equal([1, 2]);
    expect(c.nodes.map((n) => n.index)).to.deep.equal([1, 2]);
    expect(c.selected).to.equal(2);
    expect(c.details?.index).to.equal(2);
    expect(c.stats?.txCount).to.equal(2);
  });

  it('says cancelled when a bundle is cancelled, and when its screen goes away', async () => {
    const { c, clients } = setup();
    await c.refresh();
    clients[0].holdCreate = true;
    const run = c.createBundle('x');
    c.cancelCreate();
    await run;
    expect(c.create.state).to.equal('cancelled');
    expect(c.stats?.txCount).to.equal(0);
    const again = c.createBundle('y');
    c.hostDisconnected();
    await again;
    expect(c.create.state).to.equal('cancelled');
    expect(clients[0].closed, 'the app-wide client stays open').to.equal(false);
  });

  it('refuses a payload over the largest bundle', async () => {
    const { c } = setup();
    let error: unknown;
    try {
      await c.createBundle('x'.repeat(255 * 1024 + 1));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RangeError);
    expect(c.create.state).to.equal('idle');
  });

  it('selects a tx and reloads its details on every refresh', async () => {
    const { c, clients } = setup();
    await c.refresh();
    await c.createBundle('a');
    await c.createBundle('b');
    await c.select(1);
    expect(c.details?.approvers).to.deep.equal([2]);
    const before = clients[0].calls.filter((x) => x === 'details(1)').length;
    await c.refresh();
    expect(clients[0].calls.filter((x) => x === 'details(1)').length).to.equal(before + 1);
    let error: unknown;
    try {
      await c.select(0);
    } catch (e) {
      error = e;
    }
    expect(error, 'the genesis has no details').to.be.instanceOf(RangeError);
  });

  it('changes the MWM: stores it, closes the client and reopens with the new MWM', async () => {
    const { c, clients, storage } = setup();
    await c.refresh();
    await c.setMwm(3);
    expect(storage.getItem(NETWORK_MWM_KEY)).to.equal('3');
    expect(loadNetworkMwm(storage)).to.equal(3);
    expect(clients).to.have.length(2);
    expect(clients[0].closed).to.equal(true);
    expect(clients[1].mwm).to.equal(3);
    expect(clients[1].calls).to.include('open');
    expect(c.mwm).to.equal(3);
    expect(c.status).to.equal('ready');
    for (const bad of [0, 21, 2.5, Number.NaN]) {
      let error: unknown;
      try {
        await c.setMwm(bad);
      } catch (e) {
        error = e;
      }
      expect(error, String(bad)).to.be.instanceOf(RangeError);
    }
    expect(storage.getItem(NETWORK_MWM_KEY)).to.equal('3');
    expect(clients).to.have.length(2);
  });

  it('does not wait forever on a client closed while it was opening', async () => {
    const { c, clients } = setup();
    const first = c.refresh();
    clients[0].openGate = new Promise(() => {}); // a closed worker never answers
    await new Promise((r) => setTimeout(r, 0));
    await c.setMwm(3);
    await first;
    expect(c.status).to.equal('ready');
    expect(c.mwm).to.equal(3);
    expect(c.error).to.equal('');
  });

  it('exports every tx to medtangle-<date>.mtx', async () => {
    const { c, saved } = setup();
    await c.refresh();
    await c.createBundle('a');
    await c.exportFile();
    expect(saved).to.have.length(1);
    expect(saved[0].name).to.equal('medtangle-2025-03-07.mtx');
    expect(c.files).to.include({ state: 'exported', exportedTxs: 1, fileName: 'medtangle-2025-03-07.mtx' });
  });

  it('imports a file, shows the report and refreshes', async () => {
    const { c, clients } = setup();
    await c.refresh();
    const client = clients[0];
    client.importReport = { ...EMPTY_REPORT, rejected: [{ reason: 'GARBAGE', message: 'broken', position: -1 }], counts: { GARBAGE: 1 } };
    const refreshesBefore = client.calls.filter((x) => x === 'refreshConfirmation').length;
    await c.importFile(new File([Uint8Array.of(1, 2, 3)], 'junk.mtx'));
    expect([...client.imported[0]]).to.deep.equal([1, 2, 3]);
    expect(c.files.state).to.equal('imported');
    expect(c.files.fileName).to.equal('junk.mtx');
    expect(c.files.report?.rejected[0].reason).to.equal('GARBAGE');
    expect(client.calls.filter((x) => x === 'refreshConfirmation').length).to.equal(refreshesBefore + 1);
  });

  it('says plainly when an import fails', async () => {
    const { c, clients } = setup();
    await c.refresh();
    clients[0].importError = new Error('the worker stopped');
    await c.importFile(new File([Uint8Array.of(1)], 'a.mtx'));
    expect(c.files.state).to.equal('failed');
    expect(c.files.error).to.match(/nothing was stored: the worker stopped/);
  });

  it('reports a failure to open and recovers on Refresh', async () => {
    let fail = true;
    const { c } = setup({
      clientFactory: (mwm) => {
        const client = new FakeTangleClient(mwm);
        const open = client.open.bind(client);
        client.open = () => (fail ? Promise.reject(new Error('no IndexedDB')) : open());
        return client;
      },
    });
    await c.refresh();
    expect(c.status).to.equal('failed');
    expect(c.error).to.equal('no IndexedDB');
    fail = false;
    await c.refresh();
    expect(c.status).to.equal('ready');
    expect(c.error).to.equal('');
  });
});
