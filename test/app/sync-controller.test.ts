// The Sync screen's flow (controllers/sync-controller.ts) with real RTCPeerConnections in this page
// on loopback, no STUN (TOOLCHAIN.md): two flows, joined only through the codes they show, sync two
// real replicas until equal (both ways, then receive only); a bad code is named and changes nothing;
// the estimate of the time left follows the rate; the history keeps each sync's outcome, amounts
// and refused txs by reason, and survives a reload of the storage. readCode names every kind of
// bad code.
import { expect } from 'chai';
import { SyncFlow, SYNC_HISTORY_KEY, SYNC_HISTORY_MAX, SYNC_STUN_KEY, loadHistory, parseStun, readCode, type SyncRunner } from '../../web/app/controllers/sync-controller.ts';
import { SyncSession, encodeSignal, type Signal, type SyncResult } from '../../web/sync/index.ts';
import type { Replica } from '../../web/ledger/index.ts';
import { archive, replica, storedIds, tangle } from '../sync/_tangle.ts';
import { result as cannedResult } from './_sync-fixtures.ts';

/** A Storage stand-in: a map. */
function memoryStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) } as unknown as Storage & { map: Map<string, string> };
}

/** Runs a real session on `r` (what the app does in the tangle worker). */
const sessionOn =
  (r: Replica): SyncRunner =>
  (t, o, p) =>
    new SyncSession(r, t, { ...o, onProgress: p }).run();

function until(flow: SyncFlow, ok: (f: SyncFlow) => boolean): Promise<void> {
  if (ok(flow)) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (ok(flow)) {
        flow.removeEventListener('change', check);
        resolve();
      }
    };
    flow.addEventListener('change', check);
  });
}

const ended = (f: SyncFlow) => f.view.step === 'done' || f.view.step === 'failed';

/** A shows a code, B enters it, A enters B's answer; resolves once both have ended. */
async function connect(a: SyncFlow, b: SyncFlow): Promise<void> {
  await a.showCode();
  expect(a.view.step).to.equal('offer');
  b.enterCode();
  await b.submitCode(a.view.code);
  const answer = b.view.code;
  expect(answer).to.match(/^mt1\./);
  await a.submitCode(answer);
  await Promise.all([until(a, ended), until(b, ended)]);
}

const SIGNAL: Signal = {
  type: 'offer',
  ufrag: 'abcd',
  pwd: 'abcdefghijklmnopqrstuvwx',
  fingerprint: new Uint8Array(32).fill(0xab),
  setup: 'actpass',
  sctpPort: 5000,
  candidates: [{ type: 'host', address: '127.0.0.1', port: 50000 }],
};

describe('the sync flow', function () {
  this.timeout(180_000);

  before(async () => {
    // Without one getUserMedia call Chromium offers no 127.0.0.1 candidate (TOOLCHAIN.md).
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of s.getTracks()) t.stop();
  });

  it('names every kind of bad code', () => {
    const offer = encodeSignal(SIGNAL);
    const answer = encodeSignal({ ...SIGNAL, type: 'answer', setup: 'active' });
    expect(readCode(offer, 'offer')).to.have.property('signal');
    expect(readCode(` ${offer.slice(0, 40)}\n${offer.slice(40)} `, 'offer'), 'spaces and line breaks from copying are ignored').to.have.property('signal');
    const problem = (text: string, want: 'offer' | 'answer') => (readCode(text, want) as { problem?: string }).problem;
    expect(problem('', 'offer')).to.equal('empty');
    expect(problem('hello there', 'offer')).to.equal('not-a-code');
    expect(problem(offer.slice(0, 50), 'offer')).to.equal('cut');
    expect(problem(`${offer.slice(0, 20)}*${offer.slice(21)}`, 'offer')).to.equal('cut');
    const bytes = (t: string) => Uint8Array.from(atob(t.slice(4).replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const text = (b: Uint8Array) => `mt1.${btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    const v2 = bytes(offer);
    v2[0] = 2;
    expect(problem(text(v2), 'offer')).to.equal('newer');
    const badFlags = bytes(offer);
    badFlags[1] = 7;
    expect(problem(text(badFlags), 'offer')).to.equal('damaged');
    expect(problem(offer, 'answer')).to.equal('offer-not-answer');
    expect(problem(answer, 'offer')).to.equal('answer-not-offer');
    expect(problem(encodeSignal({ ...SIGNAL, candidates: [] }), 'offer')).to.equal('no-address');
  });

  it('syncs two real replicas until equal through the codes, both ways, and keeps the history', async () => {
    // Two Tangles grown apart from the genesis: each side holds txs the other lacks, parents and all.
    const [ta, tb] = [await tangle(11, 80), await tangle(13, 50)];
    const ra = await replica();
    const rb = await replica();
    expect((await ra.importTransactions(archive(ta.flat()))).accepted).to.equal(80);
    expect((await rb.importTransactions(archive(tb.flat()))).accepted).to.equal(50);
    const sa = memoryStorage();
    const sb = memoryStorage();
    const network = () => ({ name: 'fuzz', mwm: 1 });
    const a = new SyncFlow({ run: sessionOn(ra), storage: sa, network });
    const b = new SyncFlow({ run: sessionOn(rb), storage: sb, network });
    // A bad code is named, and the step stays.
    b.enterCode();
    await b.submitCode('not a code');
    expect([b.view.step, b.view.codeProblem]).to.deep.equal(['enter-offer', 'not-a-code']);
    await connect(a, b);
    expect([a.view.step, b.view.step], `${a.view.result?.reason} / ${b.view.result?.reason}`).to.deep.equal(['done', 'done']);
    const union = [...ta.flat(), ...tb.flat()].map((x) => x.id).sort();
    expect(union.length).to.equal(130);
    expect(await storedIds(ra)).to.deep.equal(union);
    expect(await storedIds(rb)).to.deep.equal(union);
    // Each side's history: one record, with what it received and sent, the other's name from its code.
    const [ha] = loadHistory(sa);
    const [hb] = loadHistory(sb);
    expect(ha.outcome).to.equal('done');
    expect(ha.stored).to.equal(hb.sent).and.to.be.greaterThan(0);
    expect(hb.stored).to.equal(ha.sent).and.to.be.greaterThan(0);
    expect(ha.peer).to.match(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(hb.peer).to.match(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(ha.peer).to.not.equal(hb.peer);
    expect([ha.role, hb.role]).to.deep.equal(['initiator', 'responder']);
    expect(ha.network).to.equal('fuzz');
    // Nothing secret is kept: no code, no key, no address.
    for (const s of [sa, sb]) expect(s.map.get(SYNC_HISTORY_KEY)).to.not.match(/mt1\.|127\.0\.0\.1|ufrag|pwd/);
    expect(a.history).to.deep.equal(loadHistory(sa));
  });

  it('a device that only receives gets the other one’s txs and gives none of its own', async () => {
    const ra = await replica();
    const rb = await replica();
    expect((await ra.importTransactions(archive((await tangle(12, 40)).flat()))).accepted).to.equal(40);
    expect((await rb.importTransactions(archive((await tangle(14, 30)).flat()))).accepted).to.equal(30);
    const before = { a: await storedIds(ra), b: await storedIds(rb) };
    const a = new SyncFlow({ run: sessionOn(ra), storage: null });
    const b = new SyncFlow({ run: sessionOn(rb), storage: null });
    b.setDirection('receive');
    await connect(a, b);
    expect([a.view.step, b.view.step]).to.deep.equal(['done', 'done']);
    expect(await storedIds(ra)).to.deep.equal(before.a, 'A got nothing');
    expect(await storedIds(rb)).to.deep.equal([...before.a, ...before.b].sort());
    expect(b.history[0].direction).to.equal('receive');
    expect(b.view.result!.sent).to.equal(0);
  });

  it('estimates the time left from the rate so far, and remembers a dropped peer with its refused txs', async () => {
    let now = 0;
    const storage = memoryStorage();
    const steps: (number | null)[] = [];
    const fake =
      (r: SyncResult, progress: boolean): SyncRunner =>
      async (_t, _o, p) => {
        if (progress) {
          now = 10_000;
          p({ wanted: 100, stored: 0, toSend: 0, sent: 0, bytesIn: 0, bytesOut: 0 });
          now = 12_000;
          p({ wanted: 100, stored: 20, toSend: 0, sent: 0, bytesIn: 30_000, bytesOut: 100 });
          now = 14_000;
          p({ wanted: 100, stored: 50, toSend: 0, sent: 0, bytesIn: 70_000, bytesOut: 200 });
        }
        return r;
      };
    const a = new SyncFlow({
      run: fake(cannedResult({ outcome: 'dropped', stored: 50, sent: 0, refused: { SIGNATURE_INVALID: 17 } }), true),
      storage,
      now: () => now,
    });
    let shown: unknown = null;
    a.addEventListener('change', () => {
      if (a.view.step !== 'syncing' || a.view.progress === shown) return;
      shown = a.view.progress;
      steps.push(a.view.etaSeconds);
    });
    const b = new SyncFlow({ run: fake(cannedResult({ outcome: 'interrupted' }), false), storage: null });
    // The clock starts at the open channel (now = 0 then): 20 txs in 12 s leaves 80 for 48 s; 50 in 14 s, 50 for 14 s.
    await connect(a, b);
    // Once for the start (nothing yet), then once per progress report.
    expect(steps).to.deep.equal([null, null, 48, 14]);
    expect(a.view.step).to.equal('failed');
    expect(a.view.etaSeconds).to.equal(null);
    const [h] = loadHistory(storage);
    expect([h.outcome, h.stored, h.refused]).to.deep.equal(['dropped', 50, { SIGNATURE_INVALID: 17 }]);
  });

  it('Cancel during a sync ends the session at once, and the history keeps what it moved', async () => {
    const storage = memoryStorage();
    let closed = 0;
    const waitForClose: SyncRunner = (t, o, p) =>
      new Promise((resolve) => {
        p({ wanted: 10, stored: 3, toSend: 0, sent: 0, bytesIn: 4000, bytesOut: 10 });
        t.onclose = () => {
          closed++;
          resolve(cannedResult({ outcome: 'interrupted', wanted: 10, stored: 3, toSend: 0, sent: 0, peer: o.peer }));
        };
      });
    const a = new SyncFlow({ run: waitForClose, storage });
    const b = new SyncFlow({ run: waitForClose, storage: null });
    await a.showCode();
    b.enterCode();
    await b.submitCode(a.view.code);
    await a.submitCode(b.view.code);
    await until(a, (f) => f.view.step === 'syncing' && f.view.progress?.stored === 3);
    a.reset();
    expect(a.view.step).to.equal('start');
    await until(a, (f) => f.history.length === 1);
    expect(closed).to.be.greaterThan(0);
    const [h] = loadHistory(storage);
    expect([h.outcome, h.stored, h.role]).to.deep.equal(['interrupted', 3, 'initiator']);
    expect(a.view.step, 'the screen stays at the start').to.equal('start');
    b.reset();
  });

  it('uses no STUN server unless the user gives one, and refuses a text that is not a STUN URL', async () => {
    for (const ok of ['stun:192.0.2.1', 'stun:192.0.2.1:3478', 'stuns:stun.example.org:5349', 'stun:[2001:db8::1]:3478', ' stun:a.b ']) {
      expect(parseStun(ok), ok).to.equal(ok.trim());
    }
    expect(parseStun('')).to.equal('');
    for (const bad of ['192.0.2.1', 'turn:192.0.2.1', 'stun:', 'stun:a b', 'stun:host:0', 'stun:host:65536', 'stun:-host', 'http://stun.example.org', 'stun:host:34x']) {
      expect(parseStun(bad), bad).to.equal(null);
    }
    const storage = memoryStorage();
    const asked: RTCIceServer[][] = [];
    const connection = (servers: RTCIceServer[]) => {
      asked.push(servers);
      return new RTCPeerConnection({ iceServers: [] });
    };
    const flow = new SyncFlow({ storage, connection, run: async () => cannedResult({}) });
    expect(flow.stun).to.equal('');
    await flow.showCode();
    flow.setStun('turn:192.0.2.1');
    expect([flow.stunInvalid, flow.stun]).to.deep.equal([true, '']);
    flow.setStun('stun:127.0.0.1:3478');
    expect([flow.stunInvalid, flow.stun, storage.getItem(SYNC_STUN_KEY)]).to.deep.equal([false, 'stun:127.0.0.1:3478', 'stun:127.0.0.1:3478']);
    await flow.showCode();
    expect(asked).to.deep.equal([[], [{ urls: 'stun:127.0.0.1:3478' }]]);
    // Kept for the next visit; a damaged stored value means none.
    expect(new SyncFlow({ storage }).stun).to.equal('stun:127.0.0.1:3478');
    storage.setItem(SYNC_STUN_KEY, 'garbage');
    expect(new SyncFlow({ storage }).stun).to.equal('');
    flow.setStun(' ');
    expect([flow.stun, storage.getItem(SYNC_STUN_KEY)]).to.deep.equal(['', '']);
    flow.reset();
  });

  it('keeps the newest records only, and reads a damaged history as empty', () => {
    const storage = memoryStorage();
    storage.setItem(SYNC_HISTORY_KEY, '{not json');
    expect(loadHistory(storage)).to.deep.equal([]);
    storage.setItem(SYNC_HISTORY_KEY, JSON.stringify([{ at: 1 }, 'x', null, { at: 'y' }]));
    expect(loadHistory(storage)).to.deep.equal([{ at: 1 }]);
    expect(SYNC_HISTORY_MAX).to.equal(50);
  });
});
