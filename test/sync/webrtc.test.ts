// The WebRTC adapter (web/sync/webrtc.ts, web/sync/signal.ts) in headless Chromium on loopback, no
// STUN (TOOLCHAIN.md "WebRTC in headless Chromium"): the cut-down offer and answer round-trip and
// rebuild SDPs that the browser accepts; two RTCPeerConnections in one page, connected only through
// the cut-down texts, sync two real replicas until equal over the chunked data channel; a message
// larger than a chunk arrives whole; a peer that breaks the chunk format is cut off.
import { expect } from 'chai';
import fc from 'fast-check';
import { SyncSession } from '../../web/sync/index.ts';
import { CHUNK_BYTES, DataChannelTransport, HIGH_WATER, LOW_WATER, SignalFormatError, buildSdp, cutSdp, decodeSignal, encodeSignal, type Signal } from '../../web/sync/index.ts';
import { archive, replica, storedIds, tangle } from './_tangle.ts';

const SEED = 20261204;

async function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
}

function opened(ch: RTCDataChannel): Promise<void> {
  return ch.readyState === 'open' ? Promise.resolve() : new Promise((r) => ch.addEventListener('open', () => r(), { once: true }));
}

/** Two connections in this page, joined only through the cut-down texts. */
async function pair(): Promise<{ a: RTCDataChannel; b: RTCDataChannel; texts: [string, string]; close(): void }> {
  const pa = new RTCPeerConnection({ iceServers: [] });
  const pb = new RTCPeerConnection({ iceServers: [] });
  const a = pa.createDataChannel('sync', { ordered: true });
  const bChannel = new Promise<RTCDataChannel>((r) => pb.addEventListener('datachannel', (e) => r(e.channel)));
  await pa.setLocalDescription(await pa.createOffer());
  await gathered(pa);
  const offerText = encodeSignal(cutSdp(pa.localDescription!.sdp, 'offer'));
  await pb.setRemoteDescription({ type: 'offer', sdp: buildSdp(decodeSignal(offerText)) });
  await pb.setLocalDescription(await pb.createAnswer());
  await gathered(pb);
  const answerText = encodeSignal(cutSdp(pb.localDescription!.sdp, 'answer'));
  await pa.setRemoteDescription({ type: 'answer', sdp: buildSdp(decodeSignal(answerText)) });
  const b = await bChannel;
  await Promise.all([opened(a), opened(b)]);
  return {
    a,
    b,
    texts: [offerText, answerText],
    close: () => {
      pa.close();
      pb.close();
    },
  };
}

describe('sync over a WebRTC data channel on loopback', function () {
  this.timeout(180_000);

  before(async () => {
    // Without one getUserMedia call Chromium offers no 127.0.0.1 candidate (TOOLCHAIN.md).
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of s.getTracks()) t.stop();
  });

  it('cuts an offer down to a short text and rebuilds an SDP with the same essentials', async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.createDataChannel('x');
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const sdp = pc.localDescription!.sdp;
    const s = cutSdp(sdp, 'offer');
    expect(s.candidates.length, 'a loopback candidate').to.be.greaterThan(0);
    expect(s.candidates.some((c) => c.address === '127.0.0.1')).to.equal(true);
    const text = encodeSignal(s);
    expect(decodeSignal(text)).to.deep.equal(s);
    expect(cutSdp(buildSdp(s), 'offer')).to.deep.equal(s);
    console.log(`signal: SDP ${sdp.length} chars, cut-down text ${text.length} chars (${s.candidates.length} candidates)`);
    pc.close();
  });

  it(`refuses every cut or changed signal text with a SignalFormatError (fast-check seed ${SEED})`, () => {
    const s: Signal = {
      type: 'answer',
      ufrag: 'abcd',
      pwd: 'abcdefghijklmnopqrstuvwx',
      fingerprint: new Uint8Array(32).fill(7),
      setup: 'active',
      sctpPort: 5000,
      candidates: [
        { type: 'host', address: '127.0.0.1', port: 50000 },
        { type: 'host', address: 'fe80:0:0:0:1:2:3:4', port: 50001 },
        { type: 'srflx', address: 'x.local', port: 9 },
      ],
    };
    const text = encodeSignal(s);
    expect(decodeSignal(text)).to.deep.equal(s);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 63 }), (cut, at, ch) => {
        const short = text.slice(0, cut % text.length);
        expect(() => decodeSignal(short)).to.throw(SignalFormatError);
        const chars = [...text];
        const i = at % chars.length;
        chars[i] = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[ch];
        try {
          decodeSignal(chars.join(''));
        } catch (e) {
          expect(e).to.be.instanceOf(SignalFormatError);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('syncs two real replicas until equal, connected only through the cut-down texts', async () => {
    const bundles = await tangle(21, 600);
    const a = await replica();
    const b = await replica();
    await a.importTransactions(archive(bundles.slice(0, Math.floor(bundles.length * 0.8)).flat()));
    await b.importTransactions(archive(bundles.slice(0, Math.floor(bundles.length * 0.3)).flat()));
    const p = await pair();
    const ta = new DataChannelTransport(p.a);
    const tb = new DataChannelTransport(p.b);
    const t0 = performance.now();
    const [ra, rb] = await Promise.all([
      new SyncSession(a, ta, { role: 'initiator', peer: 'B' }).run(),
      new SyncSession(b, tb, { role: 'responder', peer: 'A' }).run(),
    ]);
    const ms = performance.now() - t0;
    expect([ra.outcome, rb.outcome], `${ra.reason} ${rb.reason}`).to.deep.equal(['done', 'done']);
    expect(await storedIds(b)).to.deep.equal(await storedIds(a));
    expect(rb.stored).to.be.greaterThan(300);
    console.log(
      `webrtc: texts ${p.texts[0].length} + ${p.texts[1].length} chars; ${rb.stored} txs (${((rb.stored * 1280) / 1e6).toFixed(2)} MB of tx bodies) ` +
        `in ${ms.toFixed(0)} ms, validation included; ${ta.bytesSent} bytes sent on the channel`,
    );
    p.close();
  });

  it('carries a message larger than a chunk whole, and cuts off a peer that breaks the chunk format', async () => {
    const p = await pair();
    const ta = new DataChannelTransport(p.a);
    const tb = new DataChannelTransport(p.b);
    const big = Uint8Array.from({ length: 5 * CHUNK_BYTES + 123 }, (_, i) => (i * 31) & 0xff);
    const got = new Promise<Uint8Array>((r) => (tb.onmessage = r));
    ta.send(big);
    expect(await got).to.deep.equal(big);
    // Backpressure: 10 MB sent at once never puts more than HIGH_WATER (and one chunk) in the
    // channel's buffer; the rest waits for bufferedamountlow, and every message arrives whole, in order.
    const n = 40;
    const msgs = Array.from({ length: n }, (_, k) => new Uint8Array(256 * 1024).fill(k));
    const arrived: number[] = [];
    const all = new Promise<void>((r) => {
      tb.onmessage = (m) => {
        expect(m.length).to.equal(256 * 1024);
        expect(m[0] === m[m.length - 1]).to.equal(true);
        arrived.push(m[0]);
        if (arrived.length === n) r();
      };
    });
    let peak = 0;
    for (const m of msgs) {
      ta.send(m);
      peak = Math.max(peak, p.a.bufferedAmount);
    }
    await all;
    expect(arrived).to.deep.equal(msgs.map((_, k) => k));
    expect(peak).to.be.at.most(HIGH_WATER + CHUNK_BYTES);
    expect(p.a.bufferedAmountLowThreshold).to.equal(LOW_WATER);
    const closed = new Promise<void>((r) => (tb.onclose = r));
    p.a.send(Uint8Array.of(0x82, 1, 2)); // flags with an unknown bit
    await closed;
    expect(tb.closeReason).to.equal("the peer broke the chunk format: a chunk's flags are 130");
    p.close();
  });
});
