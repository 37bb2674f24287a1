// The My record screen's controller looks for the user's records again whenever the tangle client
// says txs were stored (an imported file, a write from another screen), so a record that arrives is
// shown without the user leaving the screen; and it stops listening when the screen goes. The
// identity and the tangle are stand-ins here: the worker's `stored` event is tested on a real worker
// in test/workers/tangle-client.test.ts, the opening of records in test/identity/service.test.ts.
import { expect } from 'chai';
import { RecordsController, type RecordsTangle, type TaggedLike } from '../../web/app/controllers/records-controller.ts';
import type { IdentityClient } from '../../web/workers/index.ts';
import type { FoundBundle } from '../../web/identity/index.ts';
import { Host } from './_host.ts';

const TAG = new Uint8Array(32).fill(7);

/** A tangle whose findTagged answers from a list the test grows, slowly enough to overlap calls. */
class FakeTangle extends EventTarget {
  bundles: TaggedLike[] = [];
  calls = 0;
  gate: Promise<void> = Promise.resolve();
  async findTagged(tags: Uint8Array[]): Promise<TaggedLike[]> {
    this.calls++;
    expect(tags).to.deep.equal([TAG]);
    const snapshot = this.bundles.slice();
    await this.gate;
    return snapshot;
  }
  store(id: string): void {
    this.bundles.push({ tag: TAG, tailId: id, payload: new Uint8Array(0), issuer: new Uint8Array(32), issuedAt: 1, attachedAt: 2, confirmed: false });
    this.dispatchEvent(new CustomEvent('stored', { detail: { accepted: 1 } }));
  }
}

/** An identity that "opens" every found bundle as a note named after its id. */
const identity = {
  expectedTags: async () => [TAG],
  openFound: async (found: FoundBundle[]) => ({
    records: found.map((b) => ({ id: b.id, resource: { resourceType: 'Observation' }, issuedAt: b.issuedAt, attachedAt: b.attachedAt, confirmed: b.confirmed, author: 'me' as const, with: null })),
    unreadable: 0,
  }),
} as unknown as IdentityClient;

async function settled(c: RecordsController): Promise<void> {
  for (let i = 0; i < 50 && c.state === 'loading'; i++) await new Promise((r) => setTimeout(r, 5));
  expect(c.state).to.equal('ready');
}

describe('RecordsController', function () {
  it('looks again when txs are stored while the screen is shown, and not after it is gone', async () => {
    const tangle = new FakeTangle();
    const host = new Host();
    const c = new RecordsController(host, { identity, tangle: tangle as unknown as RecordsTangle });
    c.hostConnected();
    await settled(c);
    expect(c.records).to.deep.equal([]);

    tangle.store('a');
    await settled(c);
    expect(c.records.map((r) => r.id)).to.deep.equal(['a']);

    c.hostDisconnected();
    const calls = tangle.calls;
    tangle.store('b');
    await new Promise((r) => setTimeout(r, 20));
    expect(tangle.calls, 'no look after the screen went').to.equal(calls);
  });

  it('misses no arrival that comes while a look is running: it looks once more after it', async () => {
    const tangle = new FakeTangle();
    let open!: () => void;
    tangle.gate = new Promise((r) => (open = r));
    const c = new RecordsController(new Host(), { identity, tangle: tangle as unknown as RecordsTangle });
    c.hostConnected(); // the first look waits at the gate, with the list as it was (empty)
    tangle.store('a');
    tangle.store('b');
    open();
    await settled(c);
    expect(c.records.map((r) => r.id)).to.deep.equal(['a', 'b']);
    expect(tangle.calls, 'one look, then one more for both arrivals').to.equal(2);
    c.hostDisconnected();
  });
});
