// The identity client with its real worker and a real vault database (scrypt at the vault's real
// parameters, N = 2^17): make an identity through the worker, lock (the worker ends: nothing can be
// signed or sealed, and the keys went with it), unlock, and the inactivity lock, driven by a clock
// the test moves.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { IdentityClient } from '../../web/workers/index.ts';
import type { Profile } from '../../web/core/identity/index.ts';

const PROFILE: Profile = { role: 'patient', familyName: 'Bondarenko', givenName: 'Iryna', birthDate: '1979-11-02', personId: 'P-42' };

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { reason?: string; message?: string }).reason ?? String((e as Error).message ?? e);
  }
}

describe('IdentityClient with its worker', function () {
  this.timeout(120_000);
  const dbName = `identity-client-${Date.now()}`;
  let now = Date.UTC(2026, 11, 4, 9);
  const client = new IdentityClient({ dbName, now: () => now, checkEveryMs: 3_600_000 });
  let id = '';
  after(async () => {
    client.lock();
    await deleteDB(dbName);
  });

  it('makes an identity in the worker, with progress, after its backup check', async () => {
    const { words, check } = await client.beginNew('patient');
    expect(words.length).to.equal(24);
    expect((await client.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })))).ok).to.equal(true);
    const progress: number[] = [];
    const changes: string[] = [];
    client.addEventListener('change', () => changes.push(client.info ? 'unlocked' : 'locked'));
    const info = await client.create({ profile: PROFILE, label: 'Iryna', passphrase: 'a long enough passphrase' }, (f) => progress.push(f));
    id = info.id;
    expect(info).to.deep.include({ role: 'patient', label: 'Iryna', profile: PROFILE });
    expect(progress.length, 'the key derivation reports progress').to.be.greaterThan(3);
    // At most once per percent: scrypt's own ~10,000 reports would flood the page with messages.
    expect(progress.length, 'reports are thinned to whole percents').to.be.at.most(102);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]), 'in order').to.equal(true);
    expect(changes).to.deep.equal(['unlocked']);
    expect((await client.list()).map((s) => s.label)).to.deep.equal(['Iryna']);
  });

  it('locking ends the worker: a locked client signs, seals and opens nothing', async () => {
    const txs = await client.signBundle({ kind: 1, payload: new TextEncoder().encode('before the lock') });
    expect(txs.length).to.equal(1);
    client.lock();
    expect(client.info).to.equal(null);
    expect(client.lockReason).to.equal('user');
    expect(await reason(client.signBundle({ kind: 1, payload: new Uint8Array(1) }))).to.equal('locked');
    expect(await reason(client.sealRecord({ resourceType: 'Observation' }))).to.equal('locked');
    expect(await reason(client.expectedTags())).to.equal('locked');
    expect(await reason(client.backup())).to.equal('locked');
    // A new worker starts for the unlock: the old one's memory is gone.
    expect(await reason(client.unlock(id, 'not the passphrase'))).to.equal('wrong-passphrase');
    expect(client.info).to.equal(null);
    const info = await client.unlock(id, 'a long enough passphrase');
    expect(info.label).to.equal('Iryna');
  });

  it('locks by itself after the chosen time without use, and input counts as use', async () => {
    expect(client.info?.autoLockMinutes).to.equal(5);
    now += 4 * 60_000;
    client.checkIdle();
    expect(client.info, 'not yet').to.not.equal(null);
    client.activity();
    now += 4 * 60_000;
    client.checkIdle();
    expect(client.info, 'activity restarted the count').to.not.equal(null);
    await client.setAutoLock(1);
    expect(client.info?.autoLockMinutes).to.equal(1);
    now += 61_000;
    client.checkIdle();
    expect(client.info).to.equal(null);
    expect(client.lockReason).to.equal('idle');
    expect(await reason(client.signBundle({ kind: 1, payload: new Uint8Array(1) }))).to.equal('locked');
    // The chosen time is kept in the vault.
    expect((await client.unlock(id, 'a long enough passphrase')).autoLockMinutes).to.equal(1);
  });
});
