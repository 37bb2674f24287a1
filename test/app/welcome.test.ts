// The welcome screen with a damaged identity on the device: the identity cannot be unlocked, so it
// is not offered for unlocking, but it is not hidden either. The screen says it is damaged, how to
// get it back (the 24 words), and lets the user delete the damaged copy after a confirmation. A real
// identity worker over a real vault database; the damage is a changed checksum byte.
import { expect } from 'chai';
import { deleteDB, openDB } from 'idb';
import { VaultStore, type KdfParams } from '../../web/vault/index.ts';
import { IdentityClient } from '../../web/workers/index.ts';
import '../../web/app/mt-welcome.ts';
import type { MtWelcome } from '../../web/app/mt-welcome.ts';

const FAST: KdfParams = { N: 2 ** 4, r: 1, p: 1 };

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check(), what).to.equal(true);
}

describe('mt-welcome with a damaged identity', function () {
  this.timeout(30_000);
  const name = `welcome-test-${Math.random().toString(36).slice(2)}`;
  let client: IdentityClient;
  after(async () => {
    client?.lock('user');
    await deleteDB(name);
  });

  it('names the damaged identity apart from those to unlock, and deletes it after a yes', async () => {
    const vault = await VaultStore.open({ name });
    const bad = await vault.create({ role: 'patient', label: 'Broken', passphrase: 'a good passphrase', fields: {}, now: 1, kdf: FAST });
    const good = await vault.create({ role: 'patient', label: 'Fine', passphrase: 'a good passphrase', fields: {}, now: 2, kdf: FAST });
    vault.close();
    const db = await openDB(name);
    const v = await db.get('identities', bad.id);
    const bytes = new Uint8Array(v.record);
    bytes[bytes.length - 1] ^= 1; // the checksum's last byte
    await db.put('identities', { record: bytes.buffer }, bad.id);
    db.close();

    client = new IdentityClient({ dbName: name, checkEveryMs: 3_600_000 });
    const el = document.createElement('mt-welcome') as MtWelcome;
    el.client = client;
    document.body.append(el);
    const root = () => el.shadowRoot!;
    await until(() => root().querySelector('[data-testid="damaged-identities"]') !== null, 'the damaged section shows');
    // Only the sound identity is offered for unlocking.
    await until(() => root().querySelector('mt-unlock')?.shadowRoot?.querySelector('[data-testid="unlock-who"]') !== null, 'the unlock form shows');
    expect(root().querySelector('mt-unlock')!.shadowRoot!.querySelector('[data-testid="unlock-who"]')!.textContent).to.match(/Unlock Fine/);
    const section = root().querySelector('[data-testid="damaged-identities"]')!;
    expect(section.textContent).to.match(/damaged/).and.match(/24 words/);
    expect(section.textContent, 'nothing of the damaged record is shown as if it were sound').to.not.match(/Broken/);

    (section.querySelector('[data-testid="damaged-delete-0"]') as HTMLButtonElement).click();
    await el.updateComplete;
    // Asked first; keeping it changes nothing.
    expect(root().querySelector('[data-testid="damaged-delete-yes-0"]')).to.not.equal(null);
    (root().querySelector('[data-testid="damaged-delete-yes-0"]') as HTMLButtonElement).click();
    await until(() => root().querySelector('[data-testid="damaged-identities"]') === null, 'the damaged section goes');
    const after = await VaultStore.open({ name });
    expect(await after.damaged()).to.deep.equal([]);
    expect((await after.list()).map((x) => x.id)).to.deep.equal([good.id]);
    after.close();
    el.remove();
  });

  it('restores an identity from a backup file, and says plainly what is wrong with a wrong file or one over 1 MiB', async () => {
    const elsewhere = `${name}-elsewhere`;
    const source = await VaultStore.open({ name: elsewhere });
    const made = await source.create({ role: 'doctor', label: 'From file', passphrase: 'a good passphrase', fields: {}, now: 3, kdf: FAST });
    const backup = made.backup();
    source.close();
    await deleteDB(elsewhere);

    const el = document.createElement('mt-welcome') as MtWelcome;
    el.client = client;
    document.body.append(el);
    const root = () => el.shadowRoot!;
    await until(() => root().querySelector('[data-testid="backup-file"]') !== null, 'the file form shows');
    const choose = (bytes: Uint8Array, fileName: string) => {
      const dt = new DataTransfer();
      dt.items.add(new File([bytes.slice().buffer], fileName));
      (root().querySelector('[data-testid="backup-file"]') as HTMLInputElement).files = dt.files;
    };
    const submit = () => (root().querySelector('[data-testid="backup-file-restore"]') as HTMLButtonElement).click();
    const error = () => root().querySelector('[data-testid="backup-file-error"]')?.textContent ?? '';

    submit();
    await until(() => /Choose your backup file/.test(error()), 'no file chosen');
    // Past 1 MiB the file is refused unread: a backup is a few hundred bytes. The backup itself,
    // padded to 1 MiB + 1, is refused as too large; nothing was read, so nothing was restored.
    const padded = new Uint8Array((1 << 20) + 1);
    padded.set(backup);
    choose(padded, 'huge.mtid');
    submit();
    await until(() => /too large to be an identity backup/.test(error()), 'a file over 1 MiB');
    expect(root().querySelector('[data-testid="backup-file-restored"]')).to.equal(null);
    choose(new TextEncoder().encode('a shopping list, not a backup'), 'list.mtid');
    submit();
    await until(() => /not an identity backup/.test(error()), 'a wrong file');
    choose(backup, 'backup.mtid');
    submit();
    await until(() => root().querySelector('[data-testid="backup-file-restored"]') !== null, 'restored');
    expect(root().querySelector('[data-testid="backup-file-restored"]')!.textContent).to.match(/From file is back on this device/);
    expect(error()).to.equal('');
    await until(() => /From file/.test(root().querySelector('mt-unlock')?.shadowRoot?.textContent ?? ''), 'offered for unlocking');
    // The same file again: the identity is already here.
    choose(backup, 'backup.mtid');
    submit();
    await until(() => /already on this device/.test(error()), 'already here');
    el.remove();
  });
});
