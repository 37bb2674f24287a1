// The Sync screen's work (issue 11, part 4): two devices in one room connect with no server. The
// first shows a code (its offer, cut down by web/sync/signal.ts), the second enters it and shows its
// own (the answer), the first enters that, and their data channel opens; then the replicas sync.
// The RTCPeerConnection lives here, on the page (workers have none); the sync session runs in the
// tangle worker next to the replica (TangleClient.sync), and this only forwards the channel's
// messages. No STUN or TURN server by default: devices in one room reach each other on their own
// network; a user may give their own STUN server, for devices that must find each other farther away.
// The history of syncs is kept in localStorage: when, with which device, how much, refused txs by
// reason; nothing secret (no code, no key, no address).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DataChannelTransport, SignalFormatError, buildSdp, cutSdp, decodeSignal, encodeSignal, type Signal, type SyncProgress, type SyncResult, type Transport } from '../../sync/index.ts';
import type { Network } from '../../core/network/index.ts';
import type { Reason } from '../../core/validate/index.ts';
import type { SyncStartOptions } from '../../workers/index.ts';
import { loadNetwork, type SettingsStorage } from './network-settings.ts';
import { appTangleClient } from './tangle-controller.ts';

/** Runs one sync session over a transport: TangleClient.sync (tests pass a session on a test replica). */
export type SyncRunner = (transport: Transport, options: SyncStartOptions, onProgress: (p: SyncProgress) => void) => Promise<SyncResult>;

/** The steps of the flow, in the order a person meets them. */
export type SyncStep =
  | 'start'
  | 'making-offer'
  | 'offer'
  | 'enter-offer'
  | 'making-answer'
  | 'answer'
  | 'connecting'
  | 'syncing'
  | 'done'
  | 'failed';

/** What is wrong with a pasted code, for the screen to say in words. */
export type CodeProblem = 'empty' | 'not-a-code' | 'cut' | 'damaged' | 'newer' | 'offer-not-answer' | 'answer-not-offer' | 'no-address';

/** Why a sync failed before or without a session result. */
export type FailCause = 'unreachable' | 'setup' | 'worker';

/** The flow's state, as the screen renders it. Plain data. */
export interface SyncView {
  step: SyncStep;
  /** 'initiator' showed the first code; 'responder' entered it. Null at the start. */
  role: 'initiator' | 'responder' | null;
  direction: 'both' | 'receive';
  /** This device's code (offer or answer), once made. */
  code: string;
  /** The other device's name in the history: from its code. */
  peer: string;
  /** What is wrong with the last code entered; null when fine. */
  codeProblem: CodeProblem | null;
  progress: SyncProgress | null;
  /** Seconds left, from the rate so far; null until there is a rate. */
  etaSeconds: number | null;
  result: SyncResult | null;
  failCause: FailCause | null;
}

/** One past sync, as the history keeps it (no secrets). */
export interface SyncRecord {
  /** When it ended (ms since 1970). */
  at: number;
  network: string;
  peer: string;
  role: 'initiator' | 'responder';
  direction: 'both' | 'receive';
  outcome: SyncResult['outcome'] | 'unreachable';
  stored: number;
  sent: number;
  bytes: number;
  refused: Partial<Record<Reason, number>>;
}

/** The localStorage key of the user's own STUN server URL ('' or absent: none). Not secret. */
export const SYNC_STUN_KEY = 'medtangle.sync.stun';

/**
 * The STUN server URL typed (RFC 7064: stun: or stuns:, a host name, an IPv4 address or a
 * bracketed IPv6 one, and an optional port 1..65535), trimmed; '' for none; null when it is not one.
 * Called by SyncFlow.setStun and tests.
 */
export function parseStun(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  const m = /^stuns?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\d{1,5}))?$/.exec(t);
  if (!m) return null;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return null;
  return t;
}

/** The localStorage key of the history, newest first (JSON SyncRecord[]). Not secret. */
export const SYNC_HISTORY_KEY = 'medtangle.sync.history';
/** Records kept in the history: the newest. */
export const SYNC_HISTORY_MAX = 50;

/** The history, newest first; [] when there is none or it cannot be read. Called by SyncFlow and tests. */
export function loadHistory(storage: SettingsStorage | null): SyncRecord[] {
  try {
    const list: unknown = JSON.parse(storage?.getItem(SYNC_HISTORY_KEY) ?? '[]');
    return Array.isArray(list) ? (list.filter((r) => r && typeof r === 'object' && typeof r.at === 'number') as SyncRecord[]) : [];
  } catch {
    return [];
  }
}

function _saveHistory(storage: SettingsStorage | null, list: SyncRecord[]): void {
  try {
    storage?.setItem(SYNC_HISTORY_KEY, JSON.stringify(list.slice(0, SYNC_HISTORY_MAX)));
  } catch {
    // A full or refused storage loses the history, not the sync.
  }
}

/**
 * What is wrong with `text` as the code this step expects (`want`), or the signal in it. The
 * codec's messages name the field; a person needs to know what to do, so each becomes a kind.
 */
export function readCode(text: string, want: 'offer' | 'answer'): { signal: Signal } | { problem: CodeProblem } {
  const t = text.replace(/\s+/g, '');
  if (t === '') return { problem: 'empty' };
  let s: Signal;
  try {
    s = decodeSignal(t);
  } catch (e) {
    if (!(e instanceof SignalFormatError)) throw e;
    const m = e.message;
    if (/does not start with/.test(m)) return { problem: 'not-a-code' };
    if (/version is/.test(m)) return { problem: 'newer' };
    if (/ends (before|inside)|not base64url/.test(m)) return { problem: 'cut' };
    return { problem: 'damaged' };
  }
  if (s.type !== want) return { problem: want === 'answer' ? 'offer-not-answer' : 'answer-not-offer' };
  if (s.candidates.length === 0) return { problem: 'no-address' };
  return { signal: s };
}

/** A short name for the other device, from its code's certificate fingerprint: "3F9A-12C4". */
export function peerName(s: Signal): string {
  const h = Array.from(s.fingerprint.subarray(0, 4), (x) => x.toString(16).toUpperCase().padStart(2, '0')).join('');
  return `${h.slice(0, 4)}-${h.slice(4)}`;
}

/** What the flow needs from its surroundings; the app's by default, fakes in tests. */
export interface SyncFlowOptions {
  run?: SyncRunner;
  /** Makes a connection with these ICE servers: none, or the user's own STUN server. */
  connection?: (iceServers: RTCIceServer[]) => RTCPeerConnection;
  storage?: SettingsStorage | null;
  network?: () => Network;
  now?: () => number;
}

function _gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (pc.iceGatheringState === 'complete') {
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      }
    };
    pc.addEventListener('icegatheringstatechange', check);
  });
}

const _start = (direction: 'both' | 'receive'): SyncView => ({
  step: 'start',
  role: null,
  direction,
  code: '',
  peer: '',
  codeProblem: null,
  progress: null,
  etaSeconds: null,
  result: null,
  failCause: null,
});

/**
 * One device's side of the flow, from "Show a code" or "Enter a code" to done. Fires `change`
 * whenever the view or the history changes. The app keeps one (appSyncFlow), so a sync goes on
 * while the person looks at another screen.
 */
export class SyncFlow extends EventTarget {
  view: SyncView = _start('both');
  history: SyncRecord[];
  readonly #run: SyncRunner;
  readonly #connection: (iceServers: RTCIceServer[]) => RTCPeerConnection;
  readonly #storage: SettingsStorage | null;
  readonly #network: () => Network;
  readonly #now: () => number;
  #pc: RTCPeerConnection | null = null;
  /** The open channel's transport while a sync runs. */
  #transport: DataChannelTransport | null = null;
  /** Bumped by every reset: callbacks of an older connection are dropped. */
  #generation = 0;
  #startedAt = 0;

  constructor(options: SyncFlowOptions = {}) {
    super();
    this.#run = options.run ?? ((t, o, p) => appTangleClient(loadNetwork()).sync(t, o, p));
    this.#connection = options.connection ?? ((iceServers) => new RTCPeerConnection({ iceServers }));
    this.#storage = options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage;
    this.#network = options.network ?? (() => loadNetwork());
    this.#now = options.now ?? Date.now;
    this.history = loadHistory(this.#storage);
    let stun: string | null = null;
    try {
      stun = parseStun(this.#storage?.getItem(SYNC_STUN_KEY) ?? '');
    } catch {
      // unreadable storage: no STUN server
    }
    this.stun = stun ?? '';
  }

  /** The user's own STUN server URL; '' for none (the default: devices in one room need none). */
  stun = '';
  /** The last STUN server URL typed could not be used. */
  stunInvalid = false;

  /**
   * Keeps the user's own STUN server for the next connections ('' removes it); a text that is not
   * a STUN URL sets stunInvalid and keeps the one there was. Called by the screen's setting.
   */
  setStun(text: string): void {
    const url = parseStun(text);
    if (url === null) {
      this.stunInvalid = true;
    } else {
      this.stunInvalid = false;
      this.stun = url;
      try {
        this.#storage?.setItem(SYNC_STUN_KEY, url);
      } catch {
        // kept for this visit only
      }
    }
    this.dispatchEvent(new Event('change'));
  }

  #set(patch: Partial<SyncView>): void {
    this.view = { ...this.view, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  /** True while a connection is being made or a sync runs: the screen offers Cancel, not a new start. */
  get busy(): boolean {
    return !['start', 'done', 'failed'].includes(this.view.step);
  }

  /** Chooses whether this device sends too, or only receives. Called by the screen before a start. */
  setDirection(direction: 'both' | 'receive'): void {
    if (this.view.step === 'start') this.#set({ direction });
  }

  /** Back to the first step; any connection is closed. Called by the screen's Cancel and Start again. */
  reset(): void {
    this.#generation++;
    // Closing the connection closes its channel without a close event on this side (W3C WebRTC,
    // "close the connection"), so the session is told here, and ends at once as interrupted.
    const t = this.#transport;
    this.#transport = null;
    t?.close();
    t?.onclose?.();
    this.#pc?.close();
    this.#pc = null;
    this.view = _start(this.view.direction);
    this.dispatchEvent(new Event('change'));
  }

  /** This device shows the first code (the offer). Called by the screen's "Show a code". */
  async showCode(): Promise<void> {
    this.reset();
    const gen = this.#generation;
    this.#set({ step: 'making-offer', role: 'initiator' });
    try {
      const pc = this.#newConnection(gen);
      const channel = pc.createDataChannel('sync', { ordered: true });
      this.#whenOpen(channel, gen);
      await pc.setLocalDescription(await pc.createOffer());
      await _gathered(pc);
      if (gen !== this.#generation) return;
      this.#set({ step: 'offer', code: encodeSignal(cutSdp(pc.localDescription!.sdp, 'offer')) });
    } catch {
      if (gen === this.#generation) this.#fail('setup');
    }
  }

  /** This device enters the other's first code. Called by the screen's "Enter a code". */
  enterCode(): void {
    this.reset();
    this.#set({ step: 'enter-offer', role: 'responder' });
  }

  /**
   * Takes the code typed, pasted or scanned: the offer (then makes and shows the answer) or the
   * answer (then connects). A code that cannot be used is named in `codeProblem`, and nothing else
   * changes. Called by the screen's forms.
   */
  async submitCode(text: string): Promise<void> {
    const step = this.view.step;
    if (step !== 'offer' && step !== 'enter-offer') return;
    const read = readCode(text, step === 'offer' ? 'answer' : 'offer');
    if ('problem' in read) {
      this.#set({ codeProblem: read.problem });
      return;
    }
    const gen = this.#generation;
    const peer = peerName(read.signal);
    if (step === 'offer') {
      this.#set({ step: 'connecting', codeProblem: null, peer });
      try {
        await this.#pc!.setRemoteDescription({ type: 'answer', sdp: buildSdp(read.signal) });
      } catch {
        if (gen === this.#generation) this.#fail('setup');
      }
      return;
    }
    this.#set({ step: 'making-answer', codeProblem: null, peer });
    try {
      const pc = this.#newConnection(gen);
      pc.addEventListener('datachannel', (e) => this.#whenOpen(e.channel, gen));
      await pc.setRemoteDescription({ type: 'offer', sdp: buildSdp(read.signal) });
      await pc.setLocalDescription(await pc.createAnswer());
      await _gathered(pc);
      if (gen !== this.#generation) return;
      // The channel may be open already (the first device's checks can win the race).
      if (this.view.step === 'making-answer') this.#set({ step: 'answer', code: encodeSignal(cutSdp(pc.localDescription!.sdp, 'answer')) });
      else this.#set({ code: encodeSignal(cutSdp(pc.localDescription!.sdp, 'answer')) });
    } catch {
      if (gen === this.#generation) this.#fail('setup');
    }
  }

  #newConnection(gen: number): RTCPeerConnection {
    const pc = this.#connection(this.stun ? [{ urls: this.stun }] : []);
    this.#pc = pc;
    pc.addEventListener('connectionstatechange', () => {
      if (gen !== this.#generation) return;
      // 'failed': no pair of addresses answered (another Wi-Fi, a network that keeps devices apart).
      if (pc.connectionState === 'failed' && this.view.step !== 'done' && this.view.step !== 'failed' && this.view.step !== 'syncing') {
        this.#fail('unreachable');
      }
    });
    return pc;
  }

  #whenOpen(channel: RTCDataChannel, gen: number): void {
    // The transport is made at once, so no message that arrives once the channel opens is missed.
    const transport = new DataChannelTransport(channel);
    const go = () => void this.#sync(transport, gen);
    if (channel.readyState === 'open') go();
    else channel.addEventListener('open', go, { once: true });
  }

  async #sync(transport: DataChannelTransport, gen: number): Promise<void> {
    if (gen !== this.#generation) return;
    const v = this.view;
    this.#transport = transport;
    this.#startedAt = this.#now();
    this.#set({ step: 'syncing', progress: { wanted: 0, stored: 0, toSend: 0, sent: 0, bytesIn: 0, bytesOut: 0 }, etaSeconds: null });
    let result: SyncResult;
    try {
      result = await this.#run(transport, { role: v.role!, direction: v.direction, peer: v.peer }, (p) => {
        if (gen === this.#generation) this.#set({ progress: p, etaSeconds: this.#eta(p) });
      });
    } catch {
      if (gen === this.#generation) this.#fail('worker');
      return;
    }
    // A sync cancelled half way still moved txs: the history keeps it, the screen has moved on.
    this.#remember(v, result);
    if (gen !== this.#generation) return;
    this.#transport = null;
    this.#set({ step: result.outcome === 'done' ? 'done' : 'failed', result, progress: result, etaSeconds: null });
    this.#pc?.close();
    this.#pc = null;
  }

  /** Seconds left at the rate so far: txs still to come or go, over txs done per second. */
  #eta(p: SyncProgress): number | null {
    const total = p.wanted + p.toSend;
    const done = p.stored + p.sent;
    const seconds = (this.#now() - this.#startedAt) / 1000;
    if (done === 0 || total <= done || seconds <= 0) return total > 0 && total <= done ? 0 : null;
    return ((total - done) * seconds) / done;
  }

  #fail(cause: FailCause): void {
    const v = this.view;
    if (cause === 'unreachable' && v.role) this.#remember(v, null);
    this.#set({ step: 'failed', failCause: cause });
    this.#transport = null;
    this.#pc?.close();
    this.#pc = null;
  }

  /** Adds a sync to the history: `v` is the flow as it was when the sync started. */
  #remember(v: SyncView, r: SyncResult | null): void {
    const record: SyncRecord = {
      at: this.#now(),
      network: this.#network().name,
      peer: v.peer,
      role: v.role!,
      direction: v.direction,
      outcome: r ? r.outcome : 'unreachable',
      stored: r?.stored ?? 0,
      sent: r?.sent ?? 0,
      bytes: r ? r.bytesIn + r.bytesOut : 0,
      refused: r?.refused ?? {},
    };
    this.history = [record, ...this.history].slice(0, SYNC_HISTORY_MAX);
    _saveHistory(this.#storage, this.history);
    this.dispatchEvent(new Event('change'));
  }
}

let _appFlow: SyncFlow | null = null;

/** The app's one sync flow, made on first use. Used by the Sync screen. */
export function appSyncFlow(): SyncFlow {
  _appFlow ??= new SyncFlow();
  return _appFlow;
}

/** Re-renders its host whenever `flow` changes. Made by the Sync screen. */
export class SyncController implements ReactiveController {
  readonly flow: SyncFlow;
  readonly #host: ReactiveControllerHost;
  readonly #changed = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost, flow: SyncFlow) {
    this.#host = host;
    this.flow = flow;
    host.addController(this);
  }

  hostConnected(): void {
    this.flow.addEventListener('change', this.#changed);
  }

  hostDisconnected(): void {
    this.flow.removeEventListener('change', this.#changed);
  }
}
