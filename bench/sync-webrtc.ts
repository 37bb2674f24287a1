// sync.webrtc.mb_per_s (bench/README.md "The data channel"): tx bodies per second carried between
// two devices' replicas over a WebRTC data channel on loopback, along the app's own path: two
// TangleClients (each its own tangle worker and IndexedDB database), each running its sync session
// in its worker through TangleClient.sync, the page relaying bytes between the workers and the
// data channel's DataChannelTransport, the receiver importing every batch through
// Replica.importTransactions (every tx validated: PoW weight, bundle, Ed25519). The two
// RTCPeerConnections are joined through the cut-down offer and answer (web/sync/signal.ts), keeping
// only their 127.0.0.1 candidates, so no traffic leaves loopback (TOOLCHAIN.md).
// sync.webrtc_one_thread.mb_per_s: the same transfer with both replicas and both SyncSessions on
// this page's one thread (how the metric was first taken), kept beside it.
import { deleteDB } from 'idb';
import { Replica, coreServices } from '../web/ledger/index.ts';
import { IdbReplicaStore, MemoryReplicaStore } from '../web/storage/index.ts';
import { loadGraph, type Core } from '../web/wasm/index.ts';
import { TX_SIZE } from '../web/core/tx/index.ts';
import { DataChannelTransport, SyncSession, buildSdp, cutSdp, decodeSignal, encodeSignal } from '../web/sync/index.ts';
import { TangleClient } from '../web/workers/index.ts';
import { decodeArchive } from '../web/core/validate/index.ts';
import { makeIngestArchives } from './tangle-fixtures.ts';

/** Parameters of the data channel metric; copied to `_meta.sync.webrtc`. */
export const WEBRTC_PARAMS = {
  /** Txs the receiver lacks: bundles of 4 (3.5 KB records), signed by 4 keys, at MWM 3, as the ingest metric's. */
  txs: 8000,
  bundleTxs: 4,
  keys: 4,
  archiveTxs: 1000,
  mwm: 3,
  /** Timed rounds, each into a fresh receiver database (median), after one untimed, checked warm-up; both ways of running. */
  rounds: 3,
} as const;

/** One way of running the transfer: per timed round, ms from both sessions' start to both done, MB/s of tx bodies, bytes on the channel. */
export interface WebrtcRounds {
  roundsMs: number[];
  roundsMbPerS: number[];
  channelBytes: number[];
}

export interface WebrtcResult {
  txs: number;
  txBytes: number;
  generateMs: number;
  /** The app's path: each session in its own client's tangle worker (sync.webrtc.mb_per_s). */
  workers: WebrtcRounds;
  /** Both replicas and sessions on the page's thread (sync.webrtc_one_thread.mb_per_s). */
  oneThread: WebrtcRounds;
  /** Signal texts' lengths (offer, answer). */
  signalChars: [number, number];
}

async function _gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
}

function _opened(ch: RTCDataChannel): Promise<void> {
  return ch.readyState === 'open' ? Promise.resolve() : new Promise((r) => ch.addEventListener('open', () => r(), { once: true }));
}

/** The cut-down text of a description, with only its loopback candidates. */
function _loopbackText(sdp: string, type: 'offer' | 'answer'): string {
  const s = cutSdp(sdp, type);
  s.candidates = s.candidates.filter((c) => c.address === '127.0.0.1');
  if (s.candidates.length === 0) throw new Error('webrtc: no 127.0.0.1 candidate (was getUserMedia called?)');
  return encodeSignal(s);
}

/** Two connections in this page, joined through the cut-down texts. */
async function _pair(): Promise<{ a: RTCDataChannel; b: RTCDataChannel; texts: [string, string]; close(): void }> {
  const pa = new RTCPeerConnection({ iceServers: [] });
  const pb = new RTCPeerConnection({ iceServers: [] });
  const a = pa.createDataChannel('sync', { ordered: true });
  const bChannel = new Promise<RTCDataChannel>((r) => pb.addEventListener('datachannel', (e) => r(e.channel)));
  await pa.setLocalDescription(await pa.createOffer());
  await _gathered(pa);
  const offer = _loopbackText(pa.localDescription!.sdp, 'offer');
  await pb.setRemoteDescription({ type: 'offer', sdp: buildSdp(decodeSignal(offer)) });
  await pb.setLocalDescription(await pb.createAnswer());
  await _gathered(pb);
  const answer = _loopbackText(pb.localDescription!.sdp, 'answer');
  await pa.setRemoteDescription({ type: 'answer', sdp: buildSdp(decodeSignal(answer)) });
  const b = await bChannel;
  await Promise.all([_opened(a), _opened(b)]);
  return { a, b, texts: [offer, answer], close: () => (pa.close(), pb.close()) };
}

const _hex = (id: Uint8Array) => Array.from(id, (x) => x.toString(16).padStart(2, '0')).join('');

const _hexIds = async (r: Replica) => {
  const { ids } = await r.syncItems();
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 32) out.push(_hex(ids.subarray(i, i + 32)));
  return out.sort().join(',');
};

/** The ids a client's replica holds, read back through its worker's export (an archive of every tx). */
const _clientIds = async (c: TangleClient) =>
  decodeArchive(await c.exportTransactions()).records.map((r) => _hex(r.id)).sort().join(',');

const _rounds = (): WebrtcRounds => ({ roundsMs: [], roundsMbPerS: [], channelBytes: [] });

/** Runs the data channel metric both ways; every round must leave the receiver equal to the sender. Called by the bench page. */
export async function measureWebrtc(core: Core, progress: (s: string) => void): Promise<WebrtcResult> {
  const P = WEBRTC_PARAMS;
  // Without one getUserMedia call Chromium offers no 127.0.0.1 candidate (TOOLCHAIN.md).
  const media = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const t of media.getTracks()) t.stop();
  progress(`sync.webrtc: generating ${P.txs.toLocaleString('en-US')} signed, attached txs (not timed)…`);
  const g0 = performance.now();
  const archives = await makeIngestArchives(core, P, (done) => progress(`sync.webrtc: generated ${done.toLocaleString('en-US')} txs (not timed)…`));
  const generateMs = performance.now() - g0;
  const result: WebrtcResult = { txs: P.txs, txBytes: P.txs * TX_SIZE, generateMs, workers: _rounds(), oneThread: _rounds(), signalChars: [0, 0] };
  await _workers(archives, result, progress);
  await _oneThread(core, archives, result, progress);
  return result;
}

/** Records one checked round into `into` (the warm-up, round 0, is checked and not kept). */
function _keep(into: WebrtcRounds, r: number, ms: number, channelBytes: number): void {
  if (r === 0) return;
  into.roundsMs.push(ms);
  into.roundsMbPerS.push(WEBRTC_PARAMS.txs * TX_SIZE / 1e6 / (ms / 1000));
  into.channelBytes.push(channelBytes);
}

/**
 * The app's path: a sender TangleClient holding every tx, and for each round a fresh receiver
 * TangleClient (a new worker and a new database, as a second device); each side's sync session runs
 * in its worker, and the page only moves bytes between the workers and the data channel. Round 0 is
 * an untimed warm-up (the browser's compile caches), checked like the others.
 */
async function _workers(archives: Uint8Array[], result: WebrtcResult, progress: (s: string) => void): Promise<void> {
  const P = WEBRTC_PARAMS;
  const network = { name: 'bench', mwm: P.mwm };
  const stamp = Date.now();
  const senderName = `medtangle-bench-sync-sender-w-${stamp}`;
  const sender = new TangleClient({ dbName: senderName, network });
  try {
    for (const a of archives) {
      // The client moves the bytes to its worker: a copy goes, the one-thread run needs the archives too.
      const rep = await sender.importTransactions(a.slice());
      if (rep.rejected.length !== 0 || rep.held !== 0) throw new Error(`sync.webrtc: the sender refused txs (${JSON.stringify(rep.counts)})`);
    }
    if ((await sender.stats()).txCount !== P.txs) throw new Error(`sync.webrtc: the sender holds ${(await sender.stats()).txCount} txs, not ${P.txs}`);
    const want = await _clientIds(sender);
    for (let r = 0; r <= P.rounds; r++) {
      progress(`sync.webrtc: ${r === 0 ? 'warm-up' : `round ${r} of ${P.rounds}`}, each session in its tangle worker, into a fresh IndexedDB replica…`);
      const name = `medtangle-bench-sync-receiver-w-${r}-${stamp}`;
      const receiver = new TangleClient({ dbName: name, network });
      try {
        await receiver.open();
        const p = await _pair();
        try {
          const ts = new DataChannelTransport(p.a);
          const tr = new DataChannelTransport(p.b);
          const t0 = performance.now();
          const [rs, rr] = await Promise.all([
            sender.sync(ts, { role: 'initiator', direction: 'both', peer: 'receiver' }),
            receiver.sync(tr, { role: 'responder', direction: 'both', peer: 'sender' }),
          ]);
          const ms = performance.now() - t0;
          if (rs.outcome !== 'done' || rr.outcome !== 'done') throw new Error(`sync.webrtc: the sessions ended ${rs.outcome} (${rs.reason}) and ${rr.outcome} (${rr.reason})`);
          const held = (await receiver.stats()).txCount;
          if (rr.stored !== P.txs || held !== P.txs) throw new Error(`sync.webrtc: the receiver stored ${rr.stored} txs, holds ${held}, not ${P.txs}`);
          if ((await _clientIds(receiver)) !== want) throw new Error("sync.webrtc: the receiver does not hold exactly the sender's txs");
          _keep(result.workers, r, ms, ts.bytesSent + tr.bytesSent);
          result.signalChars = [p.texts[0].length, p.texts[1].length];
        } finally {
          p.close();
        }
      } finally {
        receiver.close();
        await deleteDB(name);
      }
    }
  } finally {
    sender.close();
    await deleteDB(senderName);
  }
}

/** Both replicas and both sessions on this page's thread; round 0 is an untimed warm-up into memory. */
async function _oneThread(core: Core, archives: Uint8Array[], result: WebrtcResult, progress: (s: string) => void): Promise<void> {
  const P = WEBRTC_PARAMS;
  const network = { name: 'bench', mwm: P.mwm };
  const open = async (store: IdbReplicaStore | MemoryReplicaStore) => Replica.open({ store, graph: await loadGraph(), ...coreServices(core), network });
  const senderName = `medtangle-bench-sync-sender-${Date.now()}`;
  const senderStore = await IdbReplicaStore.open(senderName);
  try {
    const sender = await open(senderStore);
    for (const a of archives) {
      const rep = await sender.importTransactions(a);
      if (rep.rejected.length !== 0 || rep.held !== 0) throw new Error(`sync.webrtc: the sender refused txs (${JSON.stringify(rep.counts)})`);
    }
    if (sender.txCount !== P.txs) throw new Error(`sync.webrtc: the sender holds ${sender.txCount} txs, not ${P.txs}`);
    const want = await _hexIds(sender);
    for (let r = 0; r <= P.rounds; r++) {
      const warm = r === 0;
      progress(`sync.webrtc_one_thread: ${warm ? 'warm-up into memory' : `round ${r} of ${P.rounds} into a fresh IndexedDB replica`}…`);
      const name = `medtangle-bench-sync-receiver-${r}-${Date.now()}`;
      const store = warm ? new MemoryReplicaStore() : await IdbReplicaStore.open(name);
      try {
        const receiver = await open(store);
        const p = await _pair();
        try {
          const ts = new DataChannelTransport(p.a);
          const tr = new DataChannelTransport(p.b);
          const t0 = performance.now();
          const [rs, rr] = await Promise.all([
            new SyncSession(sender, ts, { role: 'initiator', peer: 'receiver' }).run(),
            new SyncSession(receiver, tr, { role: 'responder', peer: 'sender' }).run(),
          ]);
          const ms = performance.now() - t0;
          if (rs.outcome !== 'done' || rr.outcome !== 'done') throw new Error(`sync.webrtc: the sessions ended ${rs.outcome} (${rs.reason}) and ${rr.outcome} (${rr.reason})`);
          if (rr.stored !== P.txs || receiver.txCount !== P.txs) throw new Error(`sync.webrtc: the receiver stored ${rr.stored} txs, holds ${receiver.txCount}, not ${P.txs}`);
          if ((await _hexIds(receiver)) !== want) throw new Error("sync.webrtc: the receiver does not hold exactly the sender's txs");
          _keep(result.oneThread, r, ms, ts.bytesSent + tr.bytesSent);
        } finally {
          p.close();
        }
      } finally {
        if (store instanceof IdbReplicaStore) {
          store.close();
          await deleteDB(name);
        }
      }
    }
  } finally {
    senderStore.close();
    await deleteDB(senderName);
  }
}
