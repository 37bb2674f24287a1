// The Tangle controller against a fake client: lazy opening with the stored network MWM, refreshes
// after every change, test bundles with progress and cancel, the MWM setting, export and import.
// Chunked file import runs against a real replica (WASM graph and core, WebCrypto, memory store).
import { expect } from 'chai';
import { lastBackup } from '../../web/app/controllers/data-safety.ts';
import { Host } from './_host.ts';
import { TangleController, type FilesView, type TangleClientLike, type TangleControllerOptions } from '../../web/app/controllers/tangle-controller.ts';
import { LEGACY_MWM_KEY, NETWORK_KEY, loadNetwork } from '../../web/app/controllers/network-settings.ts';
import { DEFAULT_NETWORK, type Network } from '../../web/core/network/index.ts';
import { TX_KINDS } from '../../web/core/tx/index.ts';
import { decodeArchive, encodeArchive, reasonMessage } from '../../web/core/validate/index.ts';
import { generateSigningKey, verifyEd25519 } from '../../web/crypto/index.ts';
import { Replica, type ExportFilter, type ImportReport, type ReplicaOptions } from '../../web/ledger/index.ts';
import { MemoryReplicaStore } from '../../web/storage/index.ts';
import { loadCore, loadGraph, type Core } from '../../web/wasm/index.ts';
import { EMPTY_REPORT, FakeTangleClient, MemoryStorage } from './_tangle-fixtures.ts';

function setup(options: Partial<TangleControllerOptions> & { stored?: string } = {}) {
  const storage = new MemoryStorage();
  if (options.stored !== undefined) storage.setItem(LEGACY_MWM_KEY, options.stored);
  const clients: FakeTangleClient[] = [];
  const saved: { bytes: Uint8Array; name: string }[] = [];
  const host = new Host();
  const c = new TangleController(host, {
    storage,
    clientFactory: (network) => {
      const client = new FakeTangleClient(network);
      clients.push(client);
      return client;
    },
    saveFile: (bytes, name) => saved.push({ bytes, name }),
    now: () => new Date(2025, 2, 7, 12, 0).getTime(),
    ...options,
  });
  return { c, host, storage, clients, saved };
}

/** A tangle client over a real replica in memory, counting the records of each import call. */
class ReplicaClient implements TangleClientLike {
  readonly network: Network;
  /** Records in each importTransactions call, in order. */
  readonly importedRecords: number[] = [];
  /** The call (1-based) that fails as a stopped worker would; 0 for none. */
  failOnCall = 0;
  /** What that call fails with. */
  failWith: Error = new Error('the worker stopped');
  /** The ids of each stillHeld call, in order. */
  readonly stillHeldAsked: string[][] = [];
  /** Called at each importTransactions call, before it runs. */
  onImport: (() => void) | null = null;

  constructor(readonly replica: Replica) {
    this.network = replica.network;
  }

  open() {
    return this.replica.stats();
  }
  async createBundle(): Promise<{ ids: string[]; report: ImportReport }> {
    throw new Error('createBundle is not used by the import tests');
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
  async importTransactions(bytes: Uint8Array): Promise<ImportReport> {
    this.importedRecords.push(decodeArchive(bytes).records.length);
    this.onImport?.();
    if (this.importedRecords.length === this.failOnCall) throw this.failWith;
    return this.replica.importTransactions(bytes);
  }
  stillHeld(ids: string[]) {
    this.stillHeldAsked.push([...ids]);
    return this.replica.stillHeld(ids);
  }
  exportTransactions(filter?: ExportFilter) {
    return this.replica.exportTransactions(filter);
  }
  clearQuarantine() {
    return this.replica.clearQuarantine();
  }
  async salvage(): Promise<{ bytes: Uint8Array; txs: number }> {
    throw new Error('salvage is not used by the import tests');
  }
  async deleteReplica(): Promise<void> {
    throw new Error('deleteReplica is not used by the import tests');
  }
  close(): void {}
}

const IMPORT_MWM = 2;
let _core: Promise<Core> | undefined;

async function emptyReplica(extra: Partial<ReplicaOptions> = {}): Promise<Replica> {
  const core = await (_core ??= loadCore());
  return Replica.open({
    store: new MemoryReplicaStore(),
    graph: await loadGraph(),
    powWeight: (d, n) => core.powWeight(d, n),
    verify: verifyEd25519,
    network: { name: 'test', mwm: IMPORT_MWM },
    ...extra,
  });
}

/**
 * An exported file of 4 bundles of 1, 3, 1 and 2 txs: 7 records, parents first, each bundle head
 * first. Read 2 records at a time, the 3-tx bundle is cut after its head and the 2-tx one after
 * its head too: [a, b2] [b1, b0] [c, d1] [d0].
 */
async function fourBundleFile(): Promise<Uint8Array> {
  return bundleFile([10, 2500, 10, 1500]);
}

/** An exported file of one bundle per payload size (10 bytes: 1 tx, 1,500: 2, 2,500: 3), each approving the one before. */
async function bundleFile(sizes: number[]): Promise<Uint8Array> {
  const core = await (_core ??= loadCore());
  const pow = async (digest: Uint8Array, mwm: number) => {
    const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
    if (r.nonce === null) throw new Error('no nonce found');
    return r.nonce;
  };
  const source = await emptyReplica();
  const key = await generateSigningKey();
  // Payloads differ (the k-th bundle's bytes are all k + 1): equal essences would make equal bundle hashes.
  for (const [k, size] of sizes.entries()) await source.createBundle({ kind: TX_KINDS.test, payload: new Uint8Array(size).fill(k + 1) }, key, { pow });
  return source.exportTransactions();
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond(), what).to.equal(true);
};

describe('TangleController', () => {
  it('makes no client before its screen connects, then opens one with the network an earlier MWM setting implies, and refreshes', async () => {
    const { c, host, clients } = setup({ stored: '4' });
    expect(host.controllers).to.include(c);
    expect(clients).to.have.length(0);
    expect(c.network).to.deep.equal({ name: 'test', mwm: 4 });
    c.hostConnected();
    await until(() => c.status === 'ready' && !c.refreshing, 'the first refresh ends');
    expect(clients).to.have.length(1);
    expect(clients[0].network).to.deep.equal({ name: 'test', mwm: 4 });
    expect(clients[0].calls).to.deep.equal(['open', 'stats', 'refreshConfirmation', 'recent(40)', 'stats']);
    expect(c.status).to.equal('ready');
    expect(c.stats?.txCount).to.equal(0);
    expect(host.updates).to.be.greaterThan(0);
  });

  it('uses the default network when nothing valid is stored', () => {
    for (const stored of [undefined, '', 'abc', '0', '21', '2.5', '13']) {
      const { c } = setup(stored === undefined ? {} : { stored });
      expect(c.network, String(stored)).to.deep.equal(DEFAULT_NETWORK);
    }
    for (const json of ['{', '{"name":"Bad Name","mwm":3}', '{"name":"test","mwm":99}', 'null']) {
      const storage = new MemoryStorage();
      storage.setItem(NETWORK_KEY, json);
      expect(loadNetwork(storage), json).to.deep.equal(DEFAULT_NETWORK);
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

  it('switches network: stores it, closes the client and opens that network\'s own replica', async () => {
    const { c, clients, storage } = setup();
    await c.refresh();
    await c.setNetwork({ name: 'test', mwm: 3 });
    expect(JSON.parse(storage.getItem(NETWORK_KEY)!)).to.deep.equal({ name: 'test', mwm: 3 });
    expect(loadNetwork(storage)).to.deep.equal({ name: 'test', mwm: 3 });
    expect(clients).to.have.length(2);
    expect(clients[0].closed).to.equal(true);
    expect(clients[1].network).to.deep.equal({ name: 'test', mwm: 3 });
    expect(clients[1].calls).to.include('open');
    expect(c.network).to.deep.equal({ name: 'test', mwm: 3 });
    expect(c.status).to.equal('ready');
    const bad: [unknown, RegExp][] = [
      [{ name: 'test', mwm: 0 }, /^network\.mwm must be an integer from 1 to 20, got 0/],
      [{ name: 'test', mwm: 21 }, /^network\.mwm/],
      [{ name: 'test', mwm: 2.5 }, /^network\.mwm/],
      [{ name: 'test', mwm: Number.NaN }, /^network\.mwm/],
      [{ name: 'Bad Name', mwm: 3 }, /^network\.name must be 1 to 32 characters/],
      [null, /^network must be an object/],
    ];
    for (const [network, message] of bad) {
      let error: unknown;
      try {
        await c.setNetwork(network as Network);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(network)).to.be.instanceOf(RangeError);
      expect(String((error as Error).message)).to.match(message);
    }
    expect(JSON.parse(storage.getItem(NETWORK_KEY)!)).to.deep.equal({ name: 'test', mwm: 3 });
    expect(clients).to.have.length(2);
  });

  it('does not wait forever on a client closed while it was opening', async () => {
    const { c, clients } = setup();
    const first = c.refresh();
    clients[0].openGate = new Promise(() => {}); // a closed worker never answers
    await new Promise((r) => setTimeout(r, 0));
    await c.setNetwork({ name: 'test', mwm: 3 });
    await first;
    expect(c.status).to.equal('ready');
    expect(c.network).to.deep.equal({ name: 'test', mwm: 3 });
    expect(c.error).to.equal('');
  });

  it('exports every tx to medtangle-<date>.mtx, and notes when the records were last copied (Settings shows it)', async () => {
    const { c, saved } = setup();
    const before = localStorage.getItem('medtangle.lastRecordsCopy');
    try {
      localStorage.removeItem('medtangle.lastRecordsCopy');
      await c.refresh();
      await c.createBundle('a');
      expect(lastBackup('records')).to.equal(null);
      await c.exportFile();
      expect(saved).to.have.length(1);
      expect(saved[0].name).to.equal('medtangle-2025-03-07.mtx');
      expect(c.files).to.include({ state: 'exported', exportedTxs: 1, fileName: 'medtangle-2025-03-07.mtx' });
      expect(lastBackup('records')).to.equal(new Date(2025, 2, 7, 12, 0).getTime());
    } finally {
      if (before === null) localStorage.removeItem('medtangle.lastRecordsCopy');
      else localStorage.setItem('medtangle.lastRecordsCopy', before);
    }
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

  it('imports a file in chunks: a bundle cut by a chunk boundary is stored, nothing is held, progress shows', async function () {
    this.timeout(60_000);
    const file = await fourBundleFile();
    const client = new ReplicaClient(await emptyReplica());
    const { c } = setup({ clientFactory: () => client, importChunkRecords: 2 });
    await c.refresh();
    const seen: Pick<FilesView, 'state' | 'recordsDone' | 'recordsTotal' | 'importedTxs'>[] = [];
    client.onImport = () => seen.push({ state: c.files.state, recordsDone: c.files.recordsDone, recordsTotal: c.files.recordsTotal, importedTxs: c.files.importedTxs });
    await c.importFile(new File([file as Uint8Array<ArrayBuffer>], 'clinic.mtx'));
    expect(c.files.error).to.equal('');
    expect(c.files.state).to.equal('imported');
    expect(client.importedRecords, 'one call per chunk of at most 2 records').to.deep.equal([2, 2, 2, 1]);
    expect(c.files.report).to.deep.equal({
      accepted: 7,
      acceptedBundles: 4,
      rejected: [],
      rejectedOmitted: 0,
      held: 0,
      heldTxs: [],
      quarantined: 0,
      awaitingWrite: 0,
      quarantineSaved: true,
      missingParents: [],
      counts: {},
    });
    expect(seen).to.deep.equal([
      { state: 'importing', recordsDone: 0, recordsTotal: 7, importedTxs: 0 },
      { state: 'importing', recordsDone: 2, recordsTotal: 7, importedTxs: 1 },
      { state: 'importing', recordsDone: 4, recordsTotal: 7, importedTxs: 4 },
      { state: 'importing', recordsDone: 6, recordsTotal: 7, importedTxs: 5 },
    ]);
    expect(c.files).to.include({ recordsDone: 7, recordsTotal: 7, importedTxs: 7 });
    expect(hex(await client.replica.exportTransactions()), 'the same txs in the same order').to.equal(hex(file));
    expect(c.stats?.txCount, 'the screen was refreshed').to.equal(7);
  });

  it('stops at a chunk that fails and says how many txs were stored before it', async function () {
    this.timeout(60_000);
    const file = await fourBundleFile();
    const client = new ReplicaClient(await emptyReplica());
    client.failOnCall = 3;
    const { c } = setup({ clientFactory: () => client, importChunkRecords: 2 });
    await c.refresh();
    await c.importFile(new File([file as Uint8Array<ArrayBuffer>], 'clinic.mtx'));
    expect(c.files.state).to.equal('failed');
    expect(client.importedRecords, 'nothing is sent after the failure').to.deep.equal([2, 2, 2]);
    expect(c.files.error).to.equal(
      'The import of clinic.mtx stopped after 4 of 7 records: 4 transactions were stored before it stopped, ' +
        'the rest of the file was not. The cause: the worker stopped. Importing the file again stores the rest ' +
        '(what is already stored is skipped as duplicates).',
    );
    expect(client.replica.txCount).to.equal(4);
    expect(c.stats?.txCount, 'the screen shows what was stored').to.equal(4);
    expect(c.files.importedTxs).to.equal(4);
  });

  it('a quarantine that cannot be saved does not turn stored chunks into a failed import', async function () {
    this.timeout(60_000);
    // [a][b1 b0] in chunks of 2: [a, b1] stores a and holds b1, whose save fails; [b0] stores b.
    const file = await bundleFile([10, 1500]);
    const store = new MemoryReplicaStore();
    store.putQuarantine = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const client = new ReplicaClient(await emptyReplica({ store }));
    const { c } = setup({ clientFactory: () => client, importChunkRecords: 2 });
    await c.refresh();
    await c.importFile(new File([file as Uint8Array<ArrayBuffer>], 'clinic.mtx'));
    expect(c.files.error).to.equal('');
    expect(c.files.state).to.equal('imported');
    expect(c.files.report).to.include({ accepted: 3, acceptedBundles: 2, held: 0, quarantined: 0, quarantineSaved: true });
    expect(client.replica.txCount).to.equal(3);
    expect(c.stats?.txCount, 'the screen was refreshed').to.equal(3);
    // A file that ends with a tx still waiting: the report says it could not be saved.
    const [, b1] = decodeArchive(await bundleFile([10, 1500])).records;
    await c.importFile(new File([encodeArchive([b1]) as Uint8Array<ArrayBuffer>], 'half.mtx'));
    expect(c.files.state).to.equal('imported');
    expect(c.files.report).to.include({ accepted: 0, held: 1, quarantined: 1, quarantineSaved: false });
  });

  it('counts every tx of the file that still waits, also when each one evicted an older waiting tx', async function () {
    this.timeout(60_000);
    // t1 <- t2 <- ... <- t8, one tx each. t2..t5 wait for t1 and fill a quarantine of 4; the file
    // brings t6..t8, each of which evicts the oldest waiting tx, so the quarantine never grows.
    const links = decodeArchive(await bundleFile([10, 10, 10, 10, 10, 10, 10, 10])).records;
    const file = encodeArchive(links.slice(5));
    const full = async () => {
      const r = await emptyReplica({ quarantineLimit: 4 });
      expect(await r.importTransactions(encodeArchive(links.slice(1, 5)))).to.include({ held: 4, quarantined: 4 });
      return r;
    };
    const whole = await (await full()).importTransactions(file);
    expect(whole).to.include({ held: 3, quarantined: 4 });
    expect(whole.counts, 'one call on the whole file').to.deep.equal({ QUARANTINE_FULL: 3, PARENT_MISSING: 3 });
    const client = new ReplicaClient(await full());
    const { c } = setup({ clientFactory: () => client, importChunkRecords: 2 });
    await c.refresh();
    await c.importFile(new File([file as Uint8Array<ArrayBuffer>], 'orphans.mtx'));
    expect(client.importedRecords).to.deep.equal([2, 1]);
    expect(c.files.report).to.include({ accepted: 0, held: 3, quarantined: 4 });
    expect(c.files.report?.counts, 'the chunked import says what the one call says').to.deep.equal(whole.counts);
    expect(c.files.report?.heldTxs).to.deep.equal(links.slice(5).map((l) => ({ id: hex(l.id!), reason: 'PARENT_MISSING' })));
    expect(client.stillHeldAsked, 'asked once, at the end, for the txs the chunks held').to.deep.equal([links.slice(5).map((l) => hex(l.id!))]);
  });

  it('keeps exact counts of what a large re-import refuses, but lists only the first 100', async () => {
    const { c, clients } = setup({ importChunkRecords: 60 });
    await c.refresh();
    const client = clients[0];
    // Each chunk of 60 records is refused whole, as a re-import refuses its duplicates.
    client.importReport = {
      ...EMPTY_REPORT,
      rejected: Array.from({ length: 60 }, (_, i) => ({ reason: 'DUPLICATE' as const, message: reasonMessage('DUPLICATE'), position: i, id: 'cd'.repeat(32) })),
      counts: { DUPLICATE: 60 },
    };
    const file = new Uint8Array(8 + 180 * 1312);
    file.set([0x4d, 0x54, 0x58, 0x31]);
    new DataView(file.buffer).setUint32(4, 180, true);
    await c.importFile(new File([file], 'again.mtx'));
    expect(client.imported).to.have.length(3);
    expect(c.files.state).to.equal('imported');
    const report = c.files.report!;
    expect(report.counts).to.deep.equal({ DUPLICATE: 180 });
    expect(report.rejected).to.have.length(100);
    expect(report.rejected.map((r) => r.position)).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));
    expect(report.rejectedOmitted).to.equal(80);
  });

  it('says to free space, not only to import again, when the storage quota stops an import', async function () {
    this.timeout(60_000);
    const file = await fourBundleFile();
    const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const client = new ReplicaClient(await emptyReplica());
    client.failOnCall = 3;
    client.failWith = quota();
    const { c } = setup({ clientFactory: () => client, importChunkRecords: 2 });
    await c.refresh();
    await c.importFile(new File([file as Uint8Array<ArrayBuffer>], 'clinic.mtx'));
    expect(c.files.state).to.equal('failed');
    expect(c.files.error).to.equal(
      'The import of clinic.mtx stopped after 4 of 7 records: 4 transactions were stored before it stopped, ' +
        'the rest of the file was not. The cause: this device’s storage is full. ' +
        'Free some space (or allow this app more), then import the file again; what is already stored is skipped as duplicates.',
    );
    const first = setup();
    await first.c.refresh();
    first.clients[0].importError = quota();
    await first.c.importFile(new File([Uint8Array.of(1)], 'a.mtx'));
    expect(first.c.files.error).to.equal(
      'The import failed, and nothing was stored: this device’s storage is full. ' +
        'Free some space (or allow this app more), then import the file again.',
    );
    // A full replica will not take the rest on a second try either.
    const full = new ReplicaClient(await emptyReplica());
    full.failOnCall = 3;
    full.failWith = Object.assign(new Error('the replica is full: it holds 4 of at most 4 transactions, so the 1 valid transactions of this import were not stored'), { name: 'ReplicaFullError' });
    const third = setup({ clientFactory: () => full, importChunkRecords: 2 });
    await third.c.refresh();
    await third.c.importFile(new File([file as Uint8Array<ArrayBuffer>], 'clinic.mtx'));
    expect(third.c.files.error).to.match(/The cause: this device’s copy of the Tangle holds as many transactions as it can\.$/);
    expect(third.c.files.error).to.not.match(/import the file again|stores the rest/);
  });

  it('says what a cut file announces and what it holds, while it is read and after, with its framing and the network it was checked against', async () => {
    const { c, clients } = setup({ importChunkRecords: 2 });
    await c.refresh();
    const client = clients[0];
    // The header announces 5 records; the file holds 3 whole ones and part of the 4th.
    const file = new Uint8Array(8 + 3 * 1312 + 100);
    file.set([0x4d, 0x54, 0x58, 0x31]);
    new DataView(file.buffer).setUint32(4, 5, true);
    const seen: [number, number][] = [];
    const importTransactions = client.importTransactions.bind(client);
    client.importTransactions = (bytes) => {
      seen.push([c.files.recordsTotal, c.files.recordsAnnounced]);
      return importTransactions(bytes);
    };
    await c.importFile(new File([file], 'cut.mtx'));
    expect(seen, 'the progress knows both from the first chunk on').to.deep.equal([[3, 5], [3, 5]]);
    expect(c.files).to.deep.include({
      state: 'imported',
      recordsTotal: 3,
      recordsAnnounced: 5,
      fileBytes: file.length,
      framing: { reason: 'TRUNCATED', position: 3, offset: 8 + 3 * 1312 },
      network: { name: 'medtangle', mwm: 13 },
    });
    // A picture: nothing announced, the header's verdict kept for the words of the report.
    await c.importFile(new File([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2)], 'photo.mtx'));
    expect(c.files).to.deep.include({ recordsTotal: 0, recordsAnnounced: 0, fileBytes: 10, framing: { reason: 'GARBAGE', position: -1, offset: 0 } });
    // A whole file: no framing problem.
    const whole = new Uint8Array(8 + 2 * 1312);
    whole.set([0x4d, 0x54, 0x58, 0x31]);
    new DataView(whole.buffer).setUint32(4, 2, true);
    await c.importFile(new File([whole], 'whole.mtx'));
    expect(c.files).to.deep.include({ recordsTotal: 2, recordsAnnounced: 2, framing: null });
  });

  it('a cut backup, then the whole one: the txs that waited are stored, not refused as duplicates', async function () {
    this.timeout(60_000);
    const file = await fourBundleFile(); // a, b2 b1 b0, c, d1 d0
    const client = new ReplicaClient(await emptyReplica());
    const { c } = setup({ clientFactory: () => client, importChunkRecords: 2 });
    await c.refresh();
    // Cut inside b0: a is stored, b2 and b1 wait for it.
    const cut = file.subarray(0, 8 + 4 * 1312 - 10);
    await c.importFile(new File([cut as Uint8Array<ArrayBuffer>], 'cut.mtx'));
    expect(c.files.report).to.include({ accepted: 1, held: 2 });
    await c.importFile(new File([file as Uint8Array<ArrayBuffer>], 'full.mtx'));
    expect(c.files.report).to.include({ accepted: 6, acceptedBundles: 3, held: 0, quarantined: 0 });
    expect(c.files.report?.counts, 'only a, stored by the first import, was already there').to.deep.equal({ DUPLICATE: 1 });
    expect(client.replica.txCount).to.equal(7);
  });

  it('sends a file with a broken header as one call of its header bytes only', async () => {
    const { c, clients } = setup({ importChunkRecords: 2 });
    await c.refresh();
    const junk = new Uint8Array(3 * 1312 + 8).fill(0x41);
    await c.importFile(new File([junk], 'junk.mtx'));
    expect(clients[0].imported.map((b) => b.length), 'a format-2 header is 44 bytes').to.deep.equal([44]);
    expect(c.files.state).to.equal('imported');
  });

  it('reports a failure to open and recovers on Refresh', async () => {
    let fail = true;
    const { c } = setup({
      clientFactory: (network) => {
        const client = new FakeTangleClient(network);
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
