// Replica.syncItems (what sync reconciles): every stored tx as (attachment time, id), in replica
// index order, and queued behind imports, so an import in progress is listed whole or not at all.
import { expect } from 'chai';
import { decodeArchive } from '../../web/core/validate/index.ts';
import { readAttachedAt } from '../../web/core/tx/index.ts';
import { archive, hex, replica, tangle } from '../sync/_tangle.ts';

describe('Replica.syncItems', function () {
  this.timeout(60_000);

  it('lists every stored tx in index order with its attachment time, after the imports queued before it', async () => {
    const bundles = await tangle(31, 40);
    const r = await replica();
    expect(await r.syncItems()).to.deep.equal({ attachedAt: new Float64Array(0), ids: new Uint8Array(0) });
    await r.importTransactions(archive(bundles.slice(0, 5).flat()));
    // Not awaited: syncItems must wait for it.
    const pending = r.importTransactions(archive(bundles.slice(5).flat()));
    const items = await r.syncItems();
    expect((await pending).accepted).to.be.greaterThan(0);
    const exported = decodeArchive(await r.exportTransactions()).records;
    expect(items.attachedAt.length).to.equal(exported.length);
    expect(items.ids.length).to.equal(exported.length * 32);
    exported.forEach((rec, i) => {
      expect(hex(items.ids.subarray(i * 32, i * 32 + 32)), `id ${i}`).to.equal(hex(rec.id));
      expect(items.attachedAt[i], `time ${i}`).to.equal(readAttachedAt(rec.bytes));
    });
    expect(exported.length).to.equal(bundles.flat().length);
  });
});
