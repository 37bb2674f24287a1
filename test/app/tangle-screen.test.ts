// The Tangle controller's bundle creation and navigation as the screen lives them: a new bundle's
// range from the replica (not from the drawing), leaving the screen during a proof of work and
// coming back (the screen's element and controller are made anew on every visit, the memory is
// not), leaving during a file import or export, which goes on (coming back shows its progress, then
// its report), and a test tx's text read back from the replica: its own part, and the whole bundle's.
import { expect } from 'chai';
import { Host } from './_host.ts';
import {
  TangleController,
  newTangleMemory,
  type TangleClientLike,
  type TangleControllerOptions,
  type TangleMemory,
} from '../../web/app/controllers/tangle-controller.ts';
import { saveNetwork } from '../../web/app/controllers/network-settings.ts';
import type { Network } from '../../web/core/network/index.ts';
import { TX_KINDS } from '../../web/core/tx/index.ts';
import { generateSigningKey, verifyEd25519 } from '../../web/crypto/index.ts';
import { Replica, type ExportFilter, type ImportReport } from '../../web/ledger/index.ts';
import { MemoryReplicaStore } from '../../web/storage/index.ts';
import { loadCore, loadGraph } from '../../web/wasm/index.ts';
import type { AttachProgressMessage, NewBundle } from '../../web/workers/index.ts';
import { FakeTangleClient, MemoryStorage } from './_tangle-fixtures.ts';

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond(), what).to.equal(true);
};

/** A controller on `client` (one client for every visit, as the app's), with the given memory. */
function visit(client: TangleClientLike, memory: TangleMemory, options: Partial<TangleControllerOptions> = {}) {
  const storage = new MemoryStorage();
  saveNetwork(client.network, storage);
  const host = new Host();
  const c = new TangleController(host, { storage, clientFactory: () => client, saveFile: () => undefined, memory, ...options });
  return { c, host };
}

/** A tangle client over a real replica in memory that makes bundles with a real (tiny) proof of work. */
class ReplicaClient implements TangleClientLike {
  readonly network: Network;
  constructor(
    readonly replica: Replica,
    private readonly key: Awaited<ReturnType<typeof generateSigningKey>>,
  ) {
    this.network = replica.network;
  }
  get mwm(): number {
    return this.network.mwm;
  }
  clearQuarantine() {
    return this.replica.clearQuarantine();
  }
  async salvage(): Promise<{ bytes: Uint8Array; txs: number }> {
    throw new Error('salvage is not used here');
  }
  async deleteReplica(): Promise<void> {
    throw new Error('deleteReplica is not used here');
  }
  open() {
    return this.replica.stats();
  }
  async createBundle(bundle: NewBundle, options: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void } = {}) {
    const core = await loadCore();
    const pow = async (digest: Uint8Array, mwm: number) => {
      const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
      if (r.nonce === null) throw new Error('no nonce found');
      return r.nonce;
    };
    const { ids, report } = await this.replica.createBundle(bundle, this.key, { pow, signal: options.signal });
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return { ids: ids.map(hex), report };
  }
  refreshConfirmation() {
    return this.replica.refreshConfirmation();
  }
  recent(limit: number) {
    return this.replica.recent(limit);
  }
  details(index: number) {
    return this.replica.details(index);
  }
  stats() {
    return this.replica.stats();
  }
  importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    return this.replica.importTransactions(bytes);
  }
  stillHeld(ids: string[]) {
    return this.replica.stillHeld(ids);
  }
  exportTransactions(filter?: ExportFilter) {
    return this.replica.exportTransactions(filter);
  }
  close(): void {}
}

async function replicaClient(): Promise<ReplicaClient> {
  const core = await loadCore();
  const replica = await Replica.open({
    store: new MemoryReplicaStore(),
    graph: await loadGraph(),
    powWeight: (d, n) => core.powWeight(d, n),
    verify: verifyEd25519,
    network: { name: 'test', mwm: 1 },
  });
  return new ReplicaClient(replica, await generateSigningKey());
}

/** A replica client whose imports wait for `next()` before each chunk, as a slow worker would. */
class SlowImportClient extends ReplicaClient {
  /** Chunks asked for so far. */
  calls = 0;
  private readonly _waiting: (() => void)[] = [];
  private _allowed = 0;
  override async importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    this.calls++;
    if (this._allowed > 0) this._allowed--;
    else await new Promise<void>((resolve) => this._waiting.push(resolve));
    return super.importTransactions(bytes);
  }
  /** Lets the next chunk through: the one waiting, or the next one asked for. */
  next(): void {
    const waiting = this._waiting.shift();
    if (waiting) waiting();
    else this._allowed++;
  }
}

/** An exported file of `n` one-tx bundles (MWM 1), and a new empty replica client to import it into. */
async function fileOfBundles(n: number): Promise<{ file: File; target: SlowImportClient }> {
  const source = await replicaClient();
  for (let k = 0; k < n; k++) await source.createBundle({ kind: TX_KINDS.test, payload: new TextEncoder().encode(`bundle ${k}`) });
  const bytes = await source.exportTransactions();
  const empty = await replicaClient();
  const target = new SlowImportClient(empty.replica, await generateSigningKey());
  return { file: new File([bytes as Uint8Array<ArrayBuffer>], 'clinic.mtx'), target };
}

describe('TangleController on the Tangle screen', () => {
  it('gives a new bundle’s range from the replica, also when the drawing shows only its newest txs', async () => {
    const client = new FakeTangleClient({ name: 'test', mwm: 3 });
    const { c } = visit(client, newTangleMemory());
    await c.refresh();
    await c.createBundle('first');
    expect(c.create.indices).to.deep.equal([1]);
    // 100 txs; the drawing holds the newest 40 (tx 62 to 101).
    await c.createBundle('x'.repeat(100 * 1024));
    expect(c.nodes).to.have.length(40);
    expect(c.create).to.include({ state: 'done', txTotal: 100 });
    expect(c.create.indices[0]).to.equal(2);
    expect(c.create.indices[99]).to.equal(101);
    expect(c.create.indices).to.have.length(100);
    expect(c.selected, 'the tail').to.equal(101);
  });

  it('leaving during the proof of work cancels; coming back says so and keeps the text and the selection', async () => {
    const memory = newTangleMemory();
    const client = new FakeTangleClient({ name: 'test', mwm: 3 });
    const first = visit(client, memory).c;
    first.hostConnected();
    await until(() => first.status === 'ready' && !first.refreshing, 'the first visit opens');
    await first.createBundle('an earlier bundle');
    const text = 'x'.repeat(3000);
    first.setDraft(text);
    client.holdCreate = true;
    const run = first.createBundle(text);
    await until(() => first.create.attempts === 20, 'the proof of work is under way');
    // The user goes to Device check: the screen's element, and its controller, go away.
    first.hostDisconnected();
    // ... and comes back before the stopped run has settled.
    const second = visit(client, memory);
    second.c.hostConnected();
    await run;
    await until(() => !second.c.refreshing && second.c.status === 'ready', 'the second visit refreshes');
    expect(second.c.create).to.include({ state: 'cancelled', leftScreen: true });
    expect(second.c.draft).to.equal(text);
    expect(second.c.stats?.txCount, 'nothing of the bundle was stored').to.equal(1);
    expect(second.c.selected, 'the selection is kept').to.equal(1);
    expect(second.host.updates).to.be.greaterThan(0);
    // Cancel is not leaving.
    const again = second.c.createBundle('y');
    second.c.cancelCreate();
    client.release();
    await again;
    expect(second.c.create.state).to.equal('cancelled');
    expect(second.c.create.leftScreen).to.equal(false);
  });

  it('a bundle stored just as the user left is reported as stored on return, not as cancelled', async () => {
    // The real client stops only the proof of work: once it is done, the bundle is stored anyway.
    class LateClient extends FakeTangleClient {
      gate: (() => void) | null = null;
      override async createBundle(bundle: NewBundle, options: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void } = {}) {
        options.onProgress?.({ txDone: 1, txTotal: 1, attempts: 20, attemptsPerSecond: 400 });
        await new Promise<void>((resolve) => (this.gate = resolve));
        return super.createBundle(bundle, { onProgress: options.onProgress });
      }
    }
    const memory = newTangleMemory();
    const client = new LateClient({ name: 'test', mwm: 3 });
    const first = visit(client, memory).c;
    await first.refresh();
    const run = first.createBundle('stored anyway');
    await until(() => client.gate !== null, 'the bundle is being stored');
    first.hostDisconnected();
    const second = visit(client, memory).c;
    second.hostConnected();
    expect(second.create.state, 'still settling').to.equal('running');
    client.gate!();
    await run;
    await until(() => second.stats?.txCount === 1 && !second.refreshing && second.details?.index === 1, 'the second visit shows the stored bundle');
    expect(second.create).to.include({ state: 'done', txTotal: 1 });
    expect(second.create.leftScreen).to.not.equal(true);
    expect(second.create.indices).to.deep.equal([1]);
    expect(second.selected).to.equal(1);
  });

  it('leaving during a file import lets it go on; coming back shows its live progress, then its report and the new stats', async function () {
    this.timeout(60_000);
    const { file, target } = await fileOfBundles(4);
    const memory = newTangleMemory();
    const first = visit(target, memory, { importChunkRecords: 1 }).c;
    first.hostConnected();
    await until(() => first.status === 'ready' && !first.refreshing, 'the first visit opens');
    const run = first.importFile(file);
    target.next();
    await until(() => first.files.recordsDone === 1 && target.calls === 2, 'the first chunk is stored, the second asked for');
    // The user goes to Device check: the import goes on in the worker.
    first.hostDisconnected();
    target.next();
    await until(() => target.calls === 3, 'the second chunk is stored while the screen is away');
    // ... and comes back while it runs.
    const second = visit(target, memory, { importChunkRecords: 1 });
    second.c.hostConnected();
    await until(() => second.c.status === 'ready' && !second.c.refreshing, 'the second visit opens');
    expect(second.c.files).to.include({ state: 'importing', fileName: 'clinic.mtx', recordsDone: 2, recordsTotal: 4, importedTxs: 2 });
    expect(second.c.busy, 'the screen knows a file is being read').to.equal(true);
    // A second import is refused while one runs: the client is not asked for more.
    await second.c.importFile(new File([new Uint8Array(8)], 'other.mtx'));
    expect(target.calls).to.equal(3);
    // Nor can the network MWM change under it: that would close the client the import waits on.
    let mwmError: unknown = null;
    await second.c.setNetwork({ name: 'other', mwm: target.mwm + 1 }).catch((e: unknown) => (mwmError = e));
    expect(String(mwmError)).to.match(/cannot change while a file is read or written/);
    expect(second.c.files.fileName).to.equal('clinic.mtx');
    // The progress is live on the screen on show: it re-renders as chunks are stored.
    const updates = second.host.updates;
    target.next();
    await until(() => target.calls === 4, 'the third chunk is stored');
    expect(second.c.files).to.include({ state: 'importing', recordsDone: 3, importedTxs: 3 });
    expect(second.host.updates, 'the new screen re-renders as the import goes').to.be.greaterThan(updates);
    target.next();
    await run;
    await until(() => second.c.stats?.txCount === 4 && !second.c.refreshing, 'the screen on show refreshes when the import ends');
    expect(second.c.files).to.include({ state: 'imported', recordsDone: 4, importedTxs: 4 });
    expect(second.c.files.report).to.include({ accepted: 4, acceptedBundles: 4 });
    expect(second.c.busy).to.equal(false);
  });

  it('an import that ended while the user was away shows its report and the refreshed stats on return', async function () {
    this.timeout(60_000);
    const { file, target } = await fileOfBundles(2);
    const memory = newTangleMemory();
    const first = visit(target, memory, { importChunkRecords: 1 }).c;
    first.hostConnected();
    await until(() => first.status === 'ready' && !first.refreshing, 'the first visit opens');
    const run = first.importFile(file);
    first.hostDisconnected();
    target.next();
    target.next();
    await run;
    const second = visit(target, memory).c;
    second.hostConnected();
    await until(() => second.status === 'ready' && !second.refreshing, 'the second visit opens');
    expect(second.files).to.include({ state: 'imported', fileName: 'clinic.mtx', importedTxs: 2 });
    expect(second.files.report).to.include({ accepted: 2 });
    expect(second.stats?.txCount).to.equal(2);
  });

  it('an export left while it is written is saved anyway, and coming back says so', async () => {
    class SlowExport extends FakeTangleClient {
      gate: (() => void) | null = null;
      override async exportTransactions(): Promise<Uint8Array> {
        await new Promise<void>((resolve) => (this.gate = resolve));
        return super.exportTransactions();
      }
    }
    const memory = newTangleMemory();
    const client = new SlowExport({ name: 'test', mwm: 3 });
    const saved: string[] = [];
    const options = { saveFile: (_: Uint8Array, name: string) => saved.push(name), now: () => new Date(2025, 2, 7, 12, 0).getTime() };
    const first = visit(client, memory, options).c;
    await first.refresh();
    await first.createBundle('one');
    const run = first.exportFile();
    first.hostDisconnected();
    const second = visit(client, memory, options).c;
    second.hostConnected();
    expect(second.files.state).to.equal('exporting');
    expect(second.busy).to.equal(true);
    client.gate!();
    await run;
    expect(saved).to.deep.equal(['medtangle-2025-03-07.mtx']);
    expect(second.files).to.include({ state: 'exported', exportedTxs: 1, fileName: 'medtangle-2025-03-07.mtx' });
  });

  it('reads a test tx’s own part of the text, and the whole bundle’s text on request', async function () {
    this.timeout(60_000);
    const client = await replicaClient();
    const { c } = visit(client, newTangleMemory());
    await c.refresh();
    await c.createBundle('A short one.');
    // 3,096 bytes: 4 txs, stored head first as tx 2 to 5; the text starts in the tail (tx 5).
    const words = Array.from({ length: 600 }, (_, k) => `w${k}`).join(' ');
    const text = `${words}${'.'.repeat(3096 - new TextEncoder().encode(words).length)}`;
    expect(new TextEncoder().encode(text).length).to.equal(3096);
    await c.createBundle(text);
    expect(c.create.indices).to.deep.equal([2, 3, 4, 5]);
    expect(c.selected).to.equal(5);
    await until(() => c.text?.index === 5 && c.text.part !== null, 'the tail’s part is read');
    const bytes = new TextEncoder().encode(text);
    const part = (k: number) => new TextDecoder().decode(bytes.subarray(k * 1024, (k + 1) * 1024));
    expect(c.text!.part).to.equal(part(0));
    await c.select(2);
    await until(() => c.text?.index === 2 && c.text.part !== null, 'the head’s part is read');
    expect(c.details).to.include({ bundleIndex: 3, lastIndex: 3 });
    expect(c.text!.part, 'the head holds the end of the text').to.equal(part(3));
    await c.showWholeText(2);
    expect(c.text).to.include({ index: 2, whole: text, reading: null, error: '' });
    // From a middle member too.
    await c.select(3);
    await c.showWholeText(3);
    expect(c.text).to.include({ index: 3, whole: text });
    // A one-tx bundle is its own whole text.
    await c.select(1);
    await until(() => c.text?.index === 1 && c.text.part !== null, 'tx 1’s part is read');
    expect(c.text!.part).to.equal('A short one.');
  });

  it('says what is wrong when the replica does not hold the bundle in one piece', async () => {
    const client = new FakeTangleClient({ name: 'test', mwm: 3 });
    const { c } = visit(client, newTangleMemory());
    await c.refresh();
    await c.createBundle('x'.repeat(2000));
    // The fake's export holds a header and no records.
    await c.showWholeText(2);
    expect(c.text?.whole).to.equal(null);
    expect(c.text?.error).to.match(/^The whole text of the bundle \(tx 1 to 2\) could not be read: the replica gave 0 of the 2 stored transactions asked for/);
    expect(c.details?.index, 'the details stay').to.equal(2);
  });
});
