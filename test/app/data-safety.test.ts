// Deleting the app's databases: a database that another connection (another tab) holds open is
// named as kept, never counted as deleted; one that is let go in time is deleted. The whole of
// "delete everything" also clears caches and the service worker, so it is driven in the e2e tests,
// where no other test shares the browser profile.
import { expect } from 'chai';
import { openDB } from 'idb';
import { deleteDatabases } from '../../web/app/controllers/data-safety.ts';

const exists = async (name: string) => ((await indexedDB.databases()) ?? []).some((d) => d.name === name);

describe('deleteDatabases', function () {
  this.timeout(20_000);
  const base = `medtangle-delete-test-${Math.random().toString(36).slice(2)}`;

  it('deletes a database nobody holds, keeps (and names) one held open past the wait', async () => {
    const free = `${base}-free`;
    const held = `${base}-held`;
    (await openDB(free, 1, { upgrade: (db) => db.createObjectStore('s') })).close();
    // idb leaves a connection open on versionchange unless told: like a tab that does not let go.
    const holder = await openDB(held, 1, { upgrade: (db) => db.createObjectStore('s') });
    await holder.put('s', 'kept', 'k');
    const result = await deleteDatabases([free, held]);
    expect(result).to.deep.equal({ deleted: [free], kept: [held] });
    expect(await exists(free)).to.equal(false);
    expect(await holder.get('s', 'k'), 'the held database still reads').to.equal('kept');
    holder.close();
    // The blocked deletion was queued: once the holder lets go it completes (as the spec says), so
    // the rest goes as soon as the other tab closes.
    for (let i = 0; i < 50 && (await exists(held)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await exists(held)).to.equal(false);
  });

  it('deletes a held database when its holder lets go within the wait', async () => {
    const name = `${base}-late`;
    const holder = await openDB(name, 1, { upgrade: (db) => db.createObjectStore('s') });
    setTimeout(() => holder.close(), 300);
    expect(await deleteDatabases([name])).to.deep.equal({ deleted: [name], kept: [] });
    expect(await exists(name)).to.equal(false);
  });
});
