// sync.webrtc.mb_per_s (bench/README.md "Sync"): tx bodies per second carried between two real
// replicas in this page over a WebRTC data channel on loopback, by the app's own code: SyncSession
// on each side (web/sync) over DataChannelTransport, the receiver importing every batch through
// Replica.importTransactions (every tx validated: PoW weight, bundle, Ed25519) into IndexedDB. The
// two RTCPeerConnections are joined through the cut-down offer and answer (web/sync/signal.ts),
// keeping only their 127.0.0.1 candidates, so no traffic leaves loopback (TOOLCHAIN.md).
import { deleteDB } from 'idb';
import { Replica, coreServices } from '../web/ledger/index.ts';
import { IdbReplicaStore, MemoryReplicaStore } from '../web/storage/index.ts';
import { loadGraph, type Core } from '../web/wasm/index.ts';
import { TX_SIZE } from '../web/core/tx/index.ts';
import { DataChannelTransport, SyncSession, buildSdp, cutSdp, decodeSignal, encodeSignal } from '../web/sync/index.ts';
import { makeIngestArchives } from './tangle-fixtures.ts';

/** Parameters of the data channel metric; copied to `_meta.sync.webrtc`. */
export const WEBRTC_PARAMS = {
  /** Txs the receiver lacks: bundles of 4 (3.5 KB records), signed by 4 keys, at MWM 3, as the ingest metric's. */
  txs: 8000,
  bundleTxs: 4,
  keys: 4,
  archiveTxs: 1000,
  mwm: 3,
  /** Timed rounds, each into a fresh receiver database (median), after one untimed warm-up into memory. */
  rounds: 3,
} as const;

export interface WebrtcResult {
  txs: number;
  txBytes: number;
  generateMs: number;
  /** Per timed round: ms from both sessions' start to both done, MB/s of tx bodies, bytes on the channel. */
  roundsMs: number[];
  roundsMbPerS: number[];
  channelBytes: number[];
  /** Signal texts' lengths (offer, answer), and the candidates kept. */
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

const _hexIds = async (r: Replica) => {
  const { ids } = await r.syncItems();
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 32) out.push(Array.from(ids.subarray(i, i + 32), (x) => x.toString(16).padStart(2, '0')).join(''));
  return out.sort().join(',');
};

/** Runs the data channel metric; every round must leave the receiver equal to the sender. Called by the bench page. */
export async function measureWebrtc(core: Core, progress: (s: string) => void): Promise<WebrtcResult> {
  const P = WEBRTC_PARAMS;
  // Without one getUserMedia call Chromium offers no 127.0.0.1 candidate (TOOLCHAIN.md).
  const media = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const t of media.getTracks()) t.stop();
  progress(`sync.webrtc: generating ${P.txs.toLocaleString('en-US')} signed, attached txs (not timed)…`);
  const g0 = performance.now();
  const archives = await makeIngestArchives(core, P, (done) => progress(`sync.webrtc: generated ${done.toLocaleString('en-US')} txs (not timed)…`));
  const generateMs = performance.now() - g0;
  const network = { name: 'bench', mwm: P.mwm };
  const open = async (store: IdbReplicaStore | MemoryReplicaStore) => Replica.open({ store, graph: await loadGraph(), ...coreServices(core), network });
  const senderName = `medtangle-bench-sync-sender-${Date.now()}`;
  const senderStore = await IdbReplicaStore.open(senderName);
  const result: WebrtcResult = { txs: P.txs, txBytes: P.txs * TX_SIZE, generateMs, roundsMs: [], roundsMbPerS: [], channelBytes: [], signalChars: [0, 0] };
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
      progress(`sync.webrtc: ${warm ? 'warm-up into memory' : `round ${r} of ${P.rounds} into a fresh IndexedDB replica`}…`);
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
          if ((await _hexIds(receiver)) !== want) throw new Error('sync.webrtc: the receiver does not hold exactly the sender\'s txs');
          if (warm) continue;
          result.roundsMs.push(ms);
          result.roundsMbPerS.push(P.txs * TX_SIZE / 1e6 / (ms / 1000));
          result.channelBytes.push(ts.bytesSent + tr.bytesSent);
          result.signalChars = [p.texts[0].length, p.texts[1].length];
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
  return result;
}
