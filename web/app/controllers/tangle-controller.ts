// The Tangle screen's I/O: one tangle client for the whole app (web/workers TangleClient, created
// lazily with the network MWM), the recent txs and counters it shows, the selected tx's details,
// test bundles, file export and import, and the network MWM setting. The host re-renders whenever
// this state changes. Everything is plain data: the components only render it.
// What must outlive the screen (the typed text, the selection, the last bundle and the last file
// export or import, with the runs still going) is kept in a TangleMemory. Leaving stops a bundle's
// proof of work; a file export or import goes on, and the next visit shows its progress or report.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import { MAX_BUNDLE_PAYLOAD } from '../../core/bundle/index.ts';
import { MAX_PAYLOAD, TX_KINDS } from '../../core/tx/index.ts';
import { DEFAULT_CHUNK_RECORDS, isArchiveError, readArchiveChunks, readArchiveHeader, type ArchiveError } from '../../core/validate/index.ts';
import { networkProblem, sameNetwork, type Network } from '../../core/network/index.ts';
import type { ExportFilter, HeldTx, ImportReport, TxDetails, TxSummary } from '../../ledger/index.ts';
import { TangleClient, deviceNetworks, type AttachProgressMessage, type NewBundle, type TangleStats } from '../../workers/index.ts';
import { formatCount, isoDate } from '../format.ts';
import { errorInWords } from '../i18n/errors.ts';
import { plural } from '../i18n/plural.ts';
import { bundleSpan, readBundleText, readPartText, type TxTextView } from './bundle-text.ts';
import { mergeImportReports, settleHeld } from './import-reports.ts';
import { appIdentity } from './identity-controller.ts';
import { noteBackup } from './data-safety.ts';
import { saveDownload } from './download.ts';
import { loadNetwork, saveNetwork, type SettingsStorage } from './network-settings.ts';

/** What the controller needs of a tangle client: TangleClient's methods (tests pass a fake). */
export interface TangleClientLike {
  readonly network: Network;
  open(): Promise<TangleStats>;
  createBundle(
    bundle: NewBundle,
    options?: { signal?: AbortSignal; onProgress?: (p: AttachProgressMessage) => void },
  ): Promise<{ ids: string[]; report: ImportReport }>;
  refreshConfirmation(): Promise<{ newlyConfirmed: number[] }>;
  recent(limit: number): Promise<TxSummary[]>;
  details(index: number): Promise<TxDetails>;
  stats(): Promise<TangleStats>;
  importTransactions(bytes: Uint8Array): Promise<ImportReport>;
  stillHeld(ids: string[]): Promise<HeldTx[]>;
  clearQuarantine(): Promise<{ cleared: number; saved: boolean }>;
  exportTransactions(filter?: ExportFilter): Promise<Uint8Array>;
  /** Every tx the store can still read, as a file of the network (also when the replica cannot open). */
  salvage(): Promise<{ bytes: Uint8Array; txs: number }>;
  /** Deletes the replica's database and closes the client. */
  deleteReplica(): Promise<void>;
  close(): void;
}

/** Makes the client for a network. */
export type TangleClientFactory = (network: Network) => TangleClientLike;

/** Saves bytes as a file the user keeps (a download in the browser). */
export type SaveFile = (bytes: Uint8Array, name: string) => void;

/** How many recent txs the drawing shows. */
export const RECENT_LIMIT = 40;
// No byte limit on imported files (there was one, MAX_IMPORT_BYTES = 256 MiB, while a file was read
// whole): files are read DEFAULT_CHUNK_RECORDS records at a time, so the file's bytes are in memory
// one 2.7 MB chunk at a time however large it is (10^5 txs are ~131 MB of file). The report does not
// grow with the file either: it lists at most MAX_LISTED_REJECTIONS refused txs (the rest are
// counted by reason) and names held txs only while they may still wait. The limits that remain are
// real ones and are reported when met, with the count of txs already stored: the browser's storage
// quota (a store write fails, and nothing of that call is stored) and the graph's capacity (2^22
// txs, checked by the replica before it writes, so nothing of that call is stored either). A fixed
// size would only turn away a clinic's legitimate large archive.

let _appClient: TangleClient | null = null;

/**
 * The app's one tangle client, for the current network. Asking for another network closes the old
 * client (its worker stops) and makes a new one on that network's own replica database.
 */
export function appTangleClient(network: Network): TangleClient {
  if (_appClient && sameNetwork(_appClient.network, network)) return _appClient;
  _appClient?.close();
  // New bundles are signed by the unlocked identity, in the identity worker (no key here).
  _appClient = new TangleClient({ network, signer: (spec) => appIdentity().signBundle(spec) });
  return _appClient;
}

/** Stops the page's tangle worker, which lets go of its database. Called by Settings before deleting everything. */
export function closeAppTangleClient(): void {
  _appClient?.close();
  _appClient = null;
}

function _saveWithDownload(bytes: Uint8Array, name: string): void {
  saveDownload(bytes as Uint8Array<ArrayBuffer>, name, 'application/octet-stream');
}

export type RunState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** The test-bundle form's state. */
export interface CreateView {
  state: RunState;
  /** Txs of the bundle already attached, and the bundle's size. */
  txDone: number;
  txTotal: number;
  /** The PoW pool's progress on the current tx. */
  attempts: number;
  attemptsPerSecond: number;
  error: string;
  /** The new bundle's replica indices (tail last), once stored. */
  indices: number[];
  /** True when the run was cancelled because the user left the screen (not by Cancel). */
  leftScreen?: boolean;
}

/**
 * What the Tangle screen keeps while the user is on another screen; the TangleController reads and
 * writes it. The screen's element, and so its controller, is made anew on every visit; this is not.
 */
export interface TangleMemory {
  /** The test bundle's text as last typed; null until the user types (the form shows its example). */
  draft: string | null;
  /** The last test bundle's state and outcome; null before the first controller. */
  create: CreateView | null;
  /** The selected tx. */
  selected: number | null;
  /** The bundle run in progress, or still settling after its screen was left; null when none. */
  run: Promise<void> | null;
  /** The last file export or import, running or ended; null before the first controller. */
  files: FilesView | null;
  /** The file export or import in progress (leaving does not stop it); null when none. */
  fileRun: Promise<void> | null;
  /**
   * The host of the screen on show, or null while the user is elsewhere: a file import started on
   * an earlier visit goes on in that visit's controller, and re-renders this host as it goes.
   */
  host: ReactiveControllerHost | null;
}

/** An empty memory. Called for appTangleMemory, and by tests that play several visits of the screen. */
export function newTangleMemory(): TangleMemory {
  return { draft: null, create: null, selected: null, run: null, files: null, fileRun: null, host: null };
}

/** The app's one Tangle screen memory; mt-tangle-explorer passes it to its TangleController. */
export const appTangleMemory: TangleMemory = newTangleMemory();

/** The abort reason of a bundle run stopped because its screen was left, so the outcome can say so. */
class LeftScreen extends DOMException {
  constructor() {
    super('the screen was left', 'AbortError');
  }
}

/** The export and import card's state. */
export interface FilesView {
  state: 'idle' | 'exporting' | 'importing' | 'exported' | 'imported' | 'failed';
  /** The file just saved or read. */
  fileName: string;
  /** Txs in the exported file. */
  exportedTxs: number;
  /** While importing: the file's records already checked, of all the whole records it holds. */
  recordsDone: number;
  recordsTotal: number;
  /**
   * Records the file's header announces (0 until it is read, or when it is broken). More than
   * recordsTotal when the file is cut short: the card then says how many are missing.
   */
  recordsAnnounced: number;
  /** The file's size in bytes: the card says how many extra bytes were ignored, or that it is empty. */
  fileBytes: number;
  /** The file's framing problem in file positions (readArchiveChunks), said in words by the card; null when whole. */
  framing: ArchiveError | null;
  /** The network the file was checked against: the card names it when the file is of another one. */
  network: Network | null;
  /** Txs stored by the import so far (the report's `accepted` once it is done). */
  importedTxs: number;
  report: ImportReport | null;
  error: string;
  /** Txs let go when the user cleared what waits after this import; null until then. */
  cleared: number | null;
}

const _idleFiles: FilesView = {
  state: 'idle',
  fileName: '',
  exportedTxs: 0,
  recordsDone: 0,
  recordsTotal: 0,
  importedTxs: 0,
  recordsAnnounced: 0,
  fileBytes: 0,
  framing: null,
  network: null,
  report: null,
  error: '',
  cleared: null,
};

export interface TangleControllerOptions {
  /** Makes the client for a network; the app-wide client by default (tests pass a fake). */
  clientFactory?: TangleClientFactory;
  /** Where the current network is kept; localStorage by default. */
  storage?: SettingsStorage | null;
  /** Saves an exported file; a download by default. */
  saveFile?: SaveFile;
  /** How many recent txs to draw. */
  recentLimit?: number;
  /** The clock, for file names. */
  now?: () => number;
  /** Records per importTransactions call of a file import; DEFAULT_CHUNK_RECORDS (tests pass a few). */
  importChunkRecords?: number;
  /** What outlives the screen; a fresh one by default (mt-tangle-explorer passes appTangleMemory). */
  memory?: TangleMemory;
  /** The networks with a copy of the Tangle on this device; deviceNetworks by default (tests pass a list). */
  listNetworks?: () => Promise<Network[]>;
}

function _isAbort(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'AbortError';
}

/** Thrown into calls still waiting on a client that was closed for another network. */
class ClientReplaced extends Error {
  constructor() {
    super('the app switched to another network');
    this.name = 'ClientReplaced';
  }
}

/** One client and the promise that rejects when it is replaced. */
interface Connection {
  client: TangleClientLike;
  generation: number;
  /** Rejects with ClientReplaced once the client is closed for a new one. */
  retired: Promise<never>;
  retire(): void;
}

function _message(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  return String(e);
}

/** What went wrong, in words in the language shown (web/app/i18n/errors.ts). */
function _said(e: unknown): string {
  return errorInWords(e);
}

/** The error's name; comlink keeps it across the worker boundary. */
function _name(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

/**
 * What the user can do after an import stopped by `e`, as a sentence, or '' when nothing helps.
 * Importing again only helps when the cause was passing: not when the storage is full (space must
 * be freed first) nor when the replica is (it never shrinks).
 */
function _afterImportFailure(e: unknown, stored: boolean): string {
  const name = _name(e);
  if (name === 'ReplicaFullError') return '';
  if (name === 'QuotaExceededError' || /quota/i.test(_message(e))) {
    return stored
      ? msg('Free some space (or allow this app more), then import the file again; what is already stored is skipped as duplicates.')
      : msg('Free some space (or allow this app more), then import the file again.');
  }
  return stored ? msg('Importing the file again stores the rest (what is already stored is skipped as duplicates).') : '';
}

/** `text` as the end of a sentence: with one final period. */
function _sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The number of txs a UTF-8 payload of `bytes` bytes takes. */
export function txsForBytes(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MAX_PAYLOAD));
}

export class TangleController implements ReactiveController {
  /** The network whose replica is open. */
  network: Network;
  /**
   * 'opening' until the replica answers for the first time after a (re)start; 'damaged' when the
   * stored replica cannot be used (ReplicaDamagedError, NetworkMismatchError): `error` says why, and
   * the screen offers salvage and a fresh start.
   */
  status: 'idle' | 'opening' | 'ready' | 'failed' | 'damaged' = 'idle';
  /** The networks with a copy of the Tangle on this device, for the Network card. */
  known: Network[] = [];
  /** The rescue of a damaged replica: saving what can be read, or deleting it for a fresh start. */
  rescue: { state: 'idle' | 'saving' | 'saved' | 'deleting' | 'failed'; txs: number; fileName: string; error: string } = {
    state: 'idle',
    txs: 0,
    fileName: '',
    error: '',
  };
  /** The last failure to open or refresh, in words ('' when fine). */
  error = '';
  refreshing = false;
  nodes: TxSummary[] = [];
  stats: TangleStats | null = null;
  details: TxDetails | null = null;
  detailsError = '';
  /** The selected test tx's text (its part, and the whole bundle's once asked for); null for other kinds. */
  text: TxTextView | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _factory: TangleClientFactory;
  private readonly _storage: SettingsStorage | null | undefined;
  private readonly _saveFile: SaveFile;
  private readonly _limit: number;
  private readonly _now: () => number;
  private readonly _chunkRecords: number;
  private readonly _listNetworks: () => Promise<Network[]>;
  private _conn: Connection | null = null;
  /** Bumped whenever the client changes: answers from an older client are dropped. */
  private _generation = 0;
  private _refreshRun: Promise<void> | null = null;
  private _refreshAgain = false;
  private _createAbort: AbortController | null = null;
  private _detailsFor = 0;
  private readonly _memory: TangleMemory;

  constructor(host: ReactiveControllerHost, options: TangleControllerOptions = {}) {
    this._host = host;
    this._factory = options.clientFactory ?? appTangleClient;
    this._storage = options.storage;
    this._saveFile = options.saveFile ?? _saveWithDownload;
    this._limit = options.recentLimit ?? RECENT_LIMIT;
    this._now = options.now ?? Date.now;
    const chunk = options.importChunkRecords ?? DEFAULT_CHUNK_RECORDS;
    if (!Number.isSafeInteger(chunk) || chunk < 1) {
      throw new RangeError(`options.importChunkRecords must be a positive integer, got ${String(chunk)}`);
    }
    this._chunkRecords = chunk;
    this._listNetworks = options.listNetworks ?? deviceNetworks;
    this.network = options.storage === undefined ? loadNetwork() : loadNetwork(options.storage);
    this._memory = options.memory ?? newTangleMemory();
    this._memory.create ??= { state: 'idle', txDone: 0, txTotal: 0, attempts: 0, attemptsPerSecond: 0, error: '', indices: [] };
    this._memory.files ??= { ..._idleFiles };
    host.addController(this);
  }

  /** The file export or import's state (kept in the memory, so it outlives the screen). */
  get files(): FilesView {
    return this._memory.files!;
  }
  set files(view: FilesView) {
    this._memory.files = view;
  }

  /** The test bundle's state (kept in the memory, so it outlives the screen). */
  get create(): CreateView {
    return this._memory.create!;
  }
  set create(view: CreateView) {
    this._memory.create = view;
  }

  /** The selected tx's index, or null (kept in the memory, so it outlives the screen). */
  get selected(): number | null {
    return this._memory.selected;
  }
  set selected(index: number | null) {
    this._memory.selected = index;
  }

  /** The test bundle's text as last typed; null until the user types. */
  get draft(): string | null {
    return this._memory.draft;
  }

  /** Keeps the test bundle's text as typed, for the next visit. Called by mt-tangle-explorer on bundle-draft. */
  setDraft(text: string): void {
    this._memory.draft = String(text);
  }

  /** True while a bundle is being made or a file is being read or written. */
  get busy(): boolean {
    return this.create.state === 'running' || this.files.state === 'exporting' || this.files.state === 'importing';
  }

  hostConnected(): void {
    this._memory.host = this._host;
    // A bundle run stopped by leaving may still be settling (its proof of work stops first, or it
    // was already being stored), and a file import may still be running: show how it ended, and
    // what it stored, once it has. One that ended while the user was away is in the memory already,
    // and the refresh below counts what it stored.
    for (const run of [this._memory.run, this._memory.fileRun]) {
      if (run) void run.then(() => this.refresh(), () => this.refresh());
    }
    void this.refresh();
  }

  hostDisconnected(): void {
    if (this._memory.host === this._host) this._memory.host = null;
    // The client stays open for the app. The proof of work stops: it uses every processor core, and
    // nothing should run that the user can neither see nor cancel. The outcome says the screen was
    // left (the memory keeps it for the next visit). A file export or import goes on: it takes one
    // worker, not every core, the next visit shows it (and Import waits for it), and stopping an
    // import half-way would leave a clinic with part of its file.
    this._createAbort?.abort(new LeftScreen());
  }

  private _update(): void {
    this._host.requestUpdate();
    // Work that outlives its screen (a file import) shows on the screen of a later visit.
    const shown = this._memory.host;
    if (shown && shown !== this._host) shown.requestUpdate();
  }

  /** Runs `work` as the memory's file run, so that a later visit of the screen can wait for its end. */
  private async _trackFiles(work: Promise<void>): Promise<void> {
    this._memory.fileRun = work;
    try {
      await work;
    } finally {
      if (this._memory.fileRun === work) this._memory.fileRun = null;
    }
  }

  /** The current client, made on first use. */
  private _connection(): Connection {
    if (!this._conn) {
      let retire!: (e: Error) => void;
      const retired = new Promise<never>((_, reject) => (retire = reject));
      retired.catch(() => undefined); // nobody may be waiting
      this._conn = { client: this._factory(this.network), generation: ++this._generation, retired, retire: () => retire(new ClientReplaced()) };
      this.status = 'opening';
    }
    return this._conn;
  }

  /**
   * The client's answer, or ClientReplaced as soon as the client is closed for a new MWM: a closed
   * worker never answers, and nothing here may wait for it forever.
   */
  private _ask<T>(conn: Connection, call: (client: TangleClientLike) => Promise<T>): Promise<T> {
    return Promise.race([call(conn.client), conn.retired]);
  }

  /**
   * Runs the confirmation walks, then reloads the recent txs, the counters and the selected tx.
   * Calls made while one runs are folded into one more run after it.
   */
  refresh(): Promise<void> {
    if (this._refreshRun) {
      this._refreshAgain = true;
      return this._refreshRun;
    }
    this.refreshing = true;
    this._update();
    this._refreshRun = (async () => {
      try {
        do {
          this._refreshAgain = false;
          await this._refreshOnce();
        } while (this._refreshAgain);
      } finally {
        this._refreshRun = null;
        this.refreshing = false;
        this._update();
      }
    })();
    return this._refreshRun;
  }

  private async _refreshOnce(): Promise<void> {
    const conn = this._connection();
    // The list changes only when a network's copy is made or deleted; reading it is cheap.
    void this._listNetworks().then(
      (known) => {
        this.known = known;
        this._update();
      },
      () => undefined,
    );
    try {
      await this._ask(conn, (c) => c.open());
      await this._ask(conn, (c) => c.refreshConfirmation());
      const [nodes, stats] = await this._ask(conn, (c) => Promise.all([c.recent(this._limit), c.stats()]));
      if (conn.generation !== this._generation) return;
      this.nodes = nodes;
      this.stats = stats;
      this.status = 'ready';
      this.error = '';
      if (this.selected !== null) {
        if (this.selected > stats.txCount) this._clearSelection();
        else await this._loadDetails(this.selected);
      }
    } catch (e) {
      if (conn.generation !== this._generation || e instanceof ClientReplaced) return;
      const name = _name(e);
      if (name === 'ReplicaDamagedError' || name === 'NetworkMismatchError') this.status = 'damaged';
      else if (this.status !== 'ready') this.status = 'failed';
      this.error = _said(e);
    } finally {
      this._update();
    }
  }

  private _clearSelection(): void {
    this.selected = null;
    this.details = null;
    this.detailsError = '';
    this.text = null;
  }

  private async _loadDetails(index: number): Promise<void> {
    const conn = this._connection();
    const ticket = ++this._detailsFor;
    try {
      const d = await this._ask(conn, (c) => c.details(index));
      if (conn.generation !== this._generation || ticket !== this._detailsFor) return;
      this.details = d;
      this.detailsError = '';
      if (d.kind !== TX_KINDS.test) this.text = null;
      // Stored txs never change: a part already read stays, also across refreshes.
      else if (this.text?.index !== index || (this.text.part === null && this.text.reading === null)) void this._readPart(conn, index);
    } catch (e) {
      if (conn.generation !== this._generation || ticket !== this._detailsFor || e instanceof ClientReplaced) return;
      this.details = null;
      this.detailsError = _said(e);
    } finally {
      this._update();
    }
  }

  /** Reads this tx's part of its bundle's text: the details carry only a preview of it. */
  private async _readPart(conn: Connection, index: number): Promise<void> {
    this.text = { index, part: null, whole: null, reading: 'part', error: '' };
    this._update();
    try {
      const part = await this._ask(conn, (c) => readPartText((filter) => c.exportTransactions(filter), index));
      if (this.text?.index !== index) return;
      this.text = { ...this.text, part, reading: null };
    } catch (e) {
      if (this.text?.index !== index || e instanceof ClientReplaced) return;
      this.text = { ...this.text, reading: null, error: msg(str`The text of tx ${formatCount(index)} could not be read: ${_said(e)}`) };
    } finally {
      this._update();
    }
  }

  /**
   * Reads the whole text of the selected test tx's bundle, for the details card. Called by
   * mt-tangle-explorer when the user asks to see the whole text.
   */
  async showWholeText(index: number): Promise<void> {
    const d = this.details;
    if (!d || d.index !== index || d.kind !== TX_KINDS.test) return;
    if (this.text?.index === index && (this.text.whole !== null || this.text.reading === 'whole')) return;
    const conn = this._connection();
    const base: TxTextView = this.text?.index === index ? this.text : { index, part: null, whole: null, reading: null, error: '' };
    this.text = { ...base, reading: 'whole', error: '' };
    this._update();
    try {
      const whole = await this._ask(conn, (c) => readBundleText((filter) => c.exportTransactions(filter), d));
      if (this.text?.index !== index) return;
      this.text = { ...this.text, whole, reading: null };
    } catch (e) {
      if (this.text?.index !== index || e instanceof ClientReplaced) return;
      const { head, tail } = bundleSpan(d);
      this.text = {
        ...this.text,
        reading: null,
        error: msg(str`The whole text of the bundle (tx ${formatCount(Math.max(head, 1))} to ${formatCount(tail)}) could not be read: ${_said(e)}`),
      };
    } finally {
      this._update();
    }
  }

  /** Shows the details of the tx at `index` (a stored tx: 1 or more). */
  async select(index: number): Promise<void> {
    if (!Number.isInteger(index) || index < 1) throw new RangeError(`index must be a stored tx index (1 or more), got ${String(index)}`);
    this.selected = index;
    if (this.details?.index !== index) this.details = null;
    this.detailsError = '';
    this._update();
    await this._loadDetails(index);
  }

  /**
   * Signs and attaches a bundle of kind `test` carrying the UTF-8 `text`, then shows it selected.
   * The form has checked the text; it is checked again here.
   */
  async createBundle(text: string): Promise<void> {
    if (this.create.state === 'running') return;
    const payload = new TextEncoder().encode(text);
    if (payload.length > MAX_BUNDLE_PAYLOAD) {
      throw new RangeError(`text must be at most ${MAX_BUNDLE_PAYLOAD} bytes as UTF-8, got ${payload.length}`);
    }
    // The memory holds the run, so that a later visit of the screen can wait for its end.
    const run = this._createBundle(payload);
    this._memory.run = run;
    try {
      await run;
    } finally {
      if (this._memory.run === run) this._memory.run = null;
    }
  }

  private async _createBundle(payload: Uint8Array): Promise<void> {
    const conn = this._connection();
    const abort = new AbortController();
    this._createAbort = abort;
    const total = txsForBytes(payload.length);
    this.create = { state: 'running', txDone: 0, txTotal: total, attempts: 0, attemptsPerSecond: 0, error: '', indices: [] };
    this._update();
    try {
      const { ids } = await this._ask(conn, (client) =>
        client.createBundle({ kind: TX_KINDS.test, payload }, {
          signal: abort.signal,
          onProgress: (p) => {
            if (this._createAbort !== abort) return;
            this.create = {
              ...this.create,
              txDone: p.txDone,
              txTotal: p.txTotal || this.create.txTotal,
              attempts: p.attempts ?? (p.txDone !== this.create.txDone ? 0 : this.create.attempts),
              attemptsPerSecond: p.attemptsPerSecond ?? this.create.attemptsPerSecond,
            };
            this._update();
          },
        }),
      );
      await this.refresh();
      // The range comes from the replica's indices, not from the drawing, which holds only the
      // newest txs (part of a large bundle): any drawn member places the whole bundle, since the
      // replica stores a bundle's members contiguously, head first, the tail last.
      const idSet = new Set(ids);
      const member = this.nodes.find((n) => idSet.has(n.id));
      const tail = member ? bundleSpan(member).tail : (this.stats?.txCount ?? 0);
      const indices = tail > 0 ? Array.from({ length: ids.length }, (_, k) => tail - ids.length + 1 + k) : [];
      this.create = { ...this.create, state: 'done', txDone: ids.length, txTotal: ids.length, indices };
      // The tail carries the signature and stands for the bundle.
      if (tail > 0) await this.select(tail);
    } catch (e) {
      this.create = _isAbort(e, abort.signal) || e instanceof ClientReplaced
        ? { ...this.create, state: 'cancelled', leftScreen: abort.signal.reason instanceof LeftScreen }
        : { ...this.create, state: 'failed', error: _said(e) };
    } finally {
      if (this._createAbort === abort) this._createAbort = null;
      this._update();
    }
  }

  /** Stops the proof of work of the bundle being made; nothing of it is stored. */
  cancelCreate(): void {
    this._createAbort?.abort();
  }

  /**
   * Switches to `network`: stores the choice, closes the client and opens that network's own replica
   * (a new, empty one the first time). The replica of the network left behind stays on the device.
   * Throws RangeError naming the field for anything but a network, and Error while a file runs.
   */
  async setNetwork(network: Network): Promise<void> {
    const problem = networkProblem(network);
    if (problem !== null) throw new RangeError(problem.startsWith('must') ? `network ${problem}` : `network.${problem}`);
    // Switching closes the client a running file export or import uses (the Network card is
    // disabled meanwhile; this guards every other caller): refuse rather than leave it waiting.
    if (this._memory.fileRun) throw new Error('the network cannot change while a file is read or written: wait for it to finish');
    if (this.create.state === 'running') this.cancelCreate();
    const next = { name: network.name, mwm: network.mwm };
    if (this._storage === undefined) saveNetwork(next);
    else saveNetwork(next, this._storage);
    if (sameNetwork(next, this.network) && this._conn) return;
    this.network = next;
    this._replaceClient();
    await this.refresh();
  }

  /** Closes the current client (its pending calls end with ClientReplaced) and starts another. */
  private _replaceClient(): void {
    const old = this._conn;
    this._conn = null;
    old?.retire();
    old?.client.close();
    this.nodes = [];
    this.stats = null;
    this._clearSelection();
    this.rescue = { state: 'idle', txs: 0, fileName: '', error: '' };
    this._connection();
    this._update();
  }

  /**
   * Saves every tx the damaged replica's store can still read as a file of its network (a
   * download), for import into a fresh copy. Called by mt-tangle-explorer's rescue card.
   */
  async saveReadable(): Promise<void> {
    if (this.rescue.state === 'saving' || this.rescue.state === 'deleting') return;
    const conn = this._connection();
    const fileName = `medtangle-rescued-${isoDate(this._now())}.mtx`;
    this.rescue = { state: 'saving', txs: 0, fileName, error: '' };
    this._update();
    try {
      const { bytes, txs } = await this._ask(conn, (c) => c.salvage());
      this._saveFile(bytes, fileName);
      this.rescue = { state: 'saved', txs, fileName, error: '' };
    } catch (e) {
      if (e instanceof ClientReplaced) return;
      this.rescue = { state: 'failed', txs: 0, fileName, error: msg(str`Nothing could be saved: ${_sentence(_said(e))}`) };
    } finally {
      this._update();
    }
  }

  /**
   * Deletes the damaged replica of the current network and opens a fresh, empty one. The screen asks
   * the user to confirm first (what was not saved is gone). Called by mt-tangle-explorer.
   */
  async startFresh(): Promise<void> {
    if (this.rescue.state === 'saving' || this.rescue.state === 'deleting') return;
    const conn = this._connection();
    this.rescue = { ...this.rescue, state: 'deleting', error: '' };
    this._update();
    try {
      await this._ask(conn, (c) => c.deleteReplica());
    } catch (e) {
      if (e instanceof ClientReplaced) return;
      this.rescue = { ...this.rescue, state: 'failed', error: msg(str`The copy could not be deleted: ${_sentence(_said(e))}`) };
      this._update();
      return;
    }
    this.status = 'opening';
    this.error = '';
    this._replaceClient();
    await this.refresh();
  }

  /**
   * Lets go of every tx waiting in quarantine (a damaged file's dependants wait there for ever) and
   * says how many in the file card. Called by mt-tangle-explorer when the user asks.
   */
  async clearWaiting(): Promise<void> {
    if (this.busy) return;
    const conn = this._connection();
    try {
      const { cleared } = await this._ask(conn, (c) => c.clearQuarantine());
      this.files = { ...this.files, cleared };
    } catch (e) {
      if (e instanceof ClientReplaced) return;
      this.error = _said(e);
    } finally {
      this._update();
    }
    await this.refresh();
  }

  /** Saves every stored tx as `medtangle-<date>.mtx`. Called by mt-tangle-explorer on file-export. */
  exportFile(): Promise<void> {
    // busy is the memory's: a file run started on an earlier visit counts.
    if (this.busy) return Promise.resolve();
    return this._trackFiles(this._exportFile());
  }

  private async _exportFile(): Promise<void> {
    const conn = this._connection();
    const fileName = `medtangle-${isoDate(this._now())}.mtx`;
    this.files = { ..._idleFiles, state: 'exporting', fileName };
    this._update();
    try {
      const bytes = await this._ask(conn, (c) => c.exportTransactions());
      const header = readArchiveHeader(bytes);
      const count = isArchiveError(header) ? 0 : header.count;
      this._saveFile(bytes, fileName);
      noteBackup('records', this._now());
      this.files = { ...this.files, state: 'exported', exportedTxs: count };
    } catch (e) {
      this.files = { ...this.files, state: 'failed', error: msg(str`The export failed: ${_said(e)}`) };
    } finally {
      this._update();
    }
  }

  /**
   * Reads a file of txs and stores every complete, valid bundle in it; the rest is reported and
   * nothing of it is stored. The file is read and sent to the worker a chunk at a time, in order,
   * and the chunks' reports are merged into one as they come (import-reports.ts); at the end the
   * replica says which of the txs the chunks held still wait. A chunk that fails stops the import:
   * what earlier chunks stored stays stored, and the error says how much that was. Called by
   * mt-tangle-explorer on file-import; does nothing while a bundle or another file runs, also one
   * started on an earlier visit of the screen.
   */
  importFile(file: Blob & { name?: string }): Promise<void> {
    if (this.busy) return Promise.resolve();
    return this._trackFiles(this._importFile(file));
  }

  private async _importFile(file: Blob & { name?: string }): Promise<void> {
    const conn = this._connection();
    const fileName = file.name ?? msg('the file');
    this.files = { ..._idleFiles, state: 'importing', fileName, fileBytes: file.size, network: { ...conn.client.network } };
    this._update();
    // One running report: the merge is associative, so no chunk's report is kept once merged.
    let total: ImportReport | null = null;
    const askStillHeld = async (report: ImportReport) => {
      if (report.heldTxs.length === 0) return report;
      const answer = await this._ask(conn, (c) => c.stillHeld(report.heldTxs.map((h) => h.id)));
      return settleHeld(report, answer);
    };
    try {
      for await (const chunk of readArchiveChunks(file, this._chunkRecords)) {
        if (this.files.recordsTotal !== chunk.total || this.files.recordsAnnounced !== chunk.announced) {
          // Both from the first chunk on: a cut file shows "announces N, holds M" while it is read.
          this.files = { ...this.files, recordsTotal: chunk.total, recordsAnnounced: chunk.announced };
          this._update();
        }
        // Only the last chunk carries it; kept in file positions for the card's sentence.
        if (chunk.errors.length > 0) this.files = { ...this.files, framing: chunk.errors[0] };
        // The chunk's buffer is transferred to the worker: it is not touched after this call.
        const report = await this._ask(conn, (c) => c.importTransactions(chunk.bytes));
        // Counted as soon as the call answers: if a later call fails, the error says what this one stored.
        this.files = {
          ...this.files,
          recordsDone: report.otherNetwork ? this.files.recordsTotal : chunk.first + chunk.records,
          importedTxs: this.files.importedTxs + report.accepted,
        };
        this._update();
        const next: ImportReport = total
          ? mergeImportReports([{ report: total, first: 0 }, { report, first: chunk.first }])
          : mergeImportReports([{ report, first: chunk.first }]);
        // Only txs in the quarantine can still wait, so past its size the list holds txs that left
        // it (stored, or dropped when it was full): ask which still wait, so the list stays within
        // the quarantine's size. Usually it never comes to that and the replica is asked once, at the end.
        total = next.heldTxs.length > next.quarantined + this._chunkRecords ? await askStillHeld(next) : next;
        // A file of another network is refused whole by its first chunk: the rest would be too.
        if (report.otherNetwork) break;
      }
      // readArchiveChunks always yields at least one chunk.
      const report = await askStillHeld(total!);
      this.files = { ...this.files, state: 'imported', report, importedTxs: report.accepted };
    } catch (e) {
      const stored = this.files.importedTxs;
      // The count is what the reports of the calls that answered say. A call that failed stored
      // nothing: the replica writes its bundles in one store transaction, refuses a batch the graph
      // cannot hold before writing it, and once the batch is written the call succeeds (a quarantine
      // it cannot save is said in the report). A worker that died mid-call may have committed
      // unreported, hence "before it stopped", a count that is never too high.
      const next = _afterImportFailure(e, stored > 0);
      const cause = _sentence(_said(e));
      const done = formatCount(this.files.recordsDone);
      const all = formatCount(this.files.recordsTotal);
      const n = formatCount(stored);
      const said =
        stored === 0
          ? msg(str`The import failed, and nothing was stored: ${cause}`)
          : plural(stored, {
              one: msg(str`The import of ${fileName} stopped after ${done} of ${all} records: ${n} transaction was stored before it stopped, the rest of the file was not. The cause: ${cause}`, { id: 'import-stopped.one' }),
              few: msg(str`The import of ${fileName} stopped after ${done} of ${all} records: ${n} transactions were stored before it stopped, the rest of the file was not. The cause: ${cause}`, { id: 'import-stopped.few' }),
              many: msg(str`The import of ${fileName} stopped after ${done} of ${all} records: ${n} transactions were stored before it stopped, the rest of the file was not. The cause: ${cause}`, { id: 'import-stopped.many' }),
              other: msg(str`The import of ${fileName} stopped after ${done} of ${all} records: ${n} transactions were stored before it stopped, the rest of the file was not. The cause: ${cause}`, { id: 'import-stopped.other' }),
            });
      this.files = { ...this.files, state: 'failed', error: next ? `${said} ${next}` : said };
    } finally {
      this._update();
    }
    if (this.files.state === 'imported' || this.files.importedTxs > 0) await this.refresh();
  }
}
