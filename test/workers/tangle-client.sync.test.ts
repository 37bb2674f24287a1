// TangleClient.sync: a sync session in the tangle worker, its messages forwarded by the page, as the
// Sync screen runs it (the page holds the data channel; here two clients are joined by an in-page
// pair of transports instead). Two workers, each with its own IndexedDB replica, end equal; the
// messages that reach the page before its worker has opened wait and go in order; each client fires
// `stored` for what it received; a connection that ends on the page ends the worker's session.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { TangleClient } from '../../web/workers/index.ts';
import type { Transport } from '../../web/sync/index.ts';
import { FUZZ_NETWORK, archive, tangle } from '../sync/_tangle.ts';
import { decodeArchive } from '../../web/core/validate/index.ts';

/** Two transports joined in this page: each message arrives whole, in order, on a later task. */
function linked(): [Transport, Transport] {
  const make = (): Transport & { peer?: Transport; closed: boolean } => ({
    onmessage: null,
    onclose: null,
    closed: false,
    send(bytes) {
      if (this.closed) return;
      const copy = bytes.slice();
      const peer = this.peer as Transport & { closed: boolean };
      setTimeout(() => !peer.closed && peer.onmessage?.(copy), 0);
    },
    close() {
      if (this.closed) return;
      this.closed = true;
      const peer = this.peer as Transport & { closed: boolean };
      setTimeout(() => {
        this.onclose?.();
        if (!peer.closed) {
          peer.closed = true;
          peer.onclose?.();
        }
      }, 0);
    },
  });
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

const ids = async (c: TangleClient) => decodeArchive(await c.exportTransactions()).records.map((r) => Array.from(r.id, (x) => x.toString(16).padStart(2, '0')).join('')).sort();

describe('TangleClient.sync', function () {
  this.timeout(120_000);
  const names = [`sync-a-${Math.random().toString(36).slice(2)}`, `sync-b-${Math.random().toString(36).slice(2)}`];
  after(async () => {
    for (const n of names) await deleteDB(n);
  });

  it('syncs two replicas in two workers until equal, through the page', async () => {
    const [x, y] = [await tangle(31, 70), await tangle(32, 40)];
    const a = new TangleClient({ dbName: names[0], network: FUZZ_NETWORK });
    expect((await a.importTransactions(archive(x.flat()))).accepted).to.equal(70);
    const setup = new TangleClient({ dbName: names[1], network: FUZZ_NETWORK });
    expect((await setup.importTransactions(archive(y.flat()))).accepted).to.equal(40);
    setup.close();
    // The closed worker holds the replica's lock until it has ended: wait for the lock, not a time.
    await navigator.locks.request(`medtangle:${names[1]}`, () => undefined);
    // A fresh client whose worker starts only now: A's first messages reach it before it is open.
    const b = new TangleClient({ dbName: names[1], network: FUZZ_NETWORK });
    const stored: number[][] = [[], []];
    a.addEventListener('stored', (e) => stored[0].push((e as CustomEvent<{ accepted: number }>).detail.accepted));
    b.addEventListener('stored', (e) => stored[1].push((e as CustomEvent<{ accepted: number }>).detail.accepted));
    const [ta, tb] = linked();
    const progress: number[] = [];
    const [ra, rb] = await Promise.all([
      a.sync(ta, { role: 'initiator', direction: 'both', peer: 'B' }, (p) => progress.push(p.stored)),
      b.sync(tb, { role: 'responder', direction: 'both', peer: 'A' }),
    ]);
    expect([ra.outcome, rb.outcome], `${ra.reason} / ${rb.reason}`).to.deep.equal(['done', 'done']);
    expect([ra.stored, ra.sent, rb.stored, rb.sent]).to.deep.equal([40, 70, 70, 40]);
    expect(stored).to.deep.equal([[40], [70]]);
    expect(progress.at(-1)).to.equal(40);
    const union = [...x.flat(), ...y.flat()].map((t) => t.id).sort();
    expect(await ids(a)).to.deep.equal(union);
    expect(await ids(b)).to.deep.equal(union);
    a.close();
    b.close();
  });

  it('ends the worker’s session when the page’s connection ends', async () => {
    const a = new TangleClient({ dbName: names[0], network: FUZZ_NETWORK });
    const [ta, tb] = linked();
    const heard: number[] = [];
    tb.onmessage = (m) => heard.push(m.length);
    const run = a.sync(ta, { role: 'initiator', direction: 'both', peer: 'silent' });
    // The session says hello, then waits for the peer, which says nothing and hangs up.
    while (heard.length === 0) await new Promise((r) => setTimeout(r, 20));
    tb.close();
    const r = await run;
    expect(r.outcome).to.equal('interrupted');
    expect(r.reason).to.equal('the connection closed');
    a.close();
  });
});
