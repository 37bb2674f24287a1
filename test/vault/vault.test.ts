// The vault (web/vault) in a real IndexedDB database: round trips, a wrong passphrase, every
// flipped byte of a stored record refused (and readable again once restored), a passphrase change
// that keeps every field, two identities that cannot read each other, backups, and the schema.
// Tests use small scrypt parameters (kept in each record's header) except one at the real ones.
import { expect } from 'chai';
import { deleteDB, openDB } from 'idb';
import { sha256 } from '@noble/hashes/sha2.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { DEFAULT_KDF, VaultError, VaultStore, type KdfParams } from '../../web/vault/index.ts';
import { VAULT_SCHEMA_V1, upgradeVaultV1, type VaultDBv1 } from '../fixtures/vault-schema-v1.ts';

const FAST: KdfParams = { N: 2 ** 4, r: 1, p: 1 };
const enc = new TextEncoder();
const dec = new TextDecoder();

/** splitmix32 bytes: seeded, so no outcome depends on crypto.getRandomValues. */
function seeded(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (n) => Uint8Array.from({ length: n }, () => next() & 0xff);
}

const names: string[] = [];
async function store(seed = 1): Promise<{ vault: VaultStore; name: string }> {
  const name = `vault-test-${names.length}-${Date.now()}`;
  names.push(name);
  return { vault: await VaultStore.open({ name, random: seeded(seed) }), name };
}

async function raw(name: string, id: string): Promise<Uint8Array> {
  const db = await openDB(name);
  const v = await db.get('identities', id);
  db.close();
  return new Uint8Array(v.record);
}
async function putRaw(name: string, id: string, bytes: Uint8Array): Promise<void> {
  const db = await openDB(name);
  await db.put('identities', { record: bytes.slice().buffer }, id);
  db.close();
}
/** The record with its last 32 bytes (the checksum) made right again, as an attacker would. */
function resum(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32);
  return out;
}
async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof VaultError ? e.reason : `unexpected ${String(e)}`;
  }
}

describe('vault', function () {
  this.timeout(300_000);
  after(async () => {
    for (const n of names) await deleteDB(n);
  });

  it('keeps fields only encrypted, unlocks with the passphrase, and lists identities by their clear label', async () => {
    const { vault, name } = await store(1);
    const seed = seeded(99)(32);
    const open = await vault.create({ role: 'patient', label: 'Olena', passphrase: 'correct horse battery', fields: { secrets: seed }, now: 1_750_000_000_000, kdf: FAST });
    const bytes = await raw(name, open.id);
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(bytes).includes(hex(seed)), 'the seed is not stored in the clear').to.equal(false);
    expect(await vault.list()).to.deep.equal([{ id: open.id, role: 'patient', label: 'Olena', createdAt: 1_750_000_000_000 }]);
    const again = await vault.unlock(open.id, 'correct horse battery');
    expect(again.read('secrets')).to.deep.equal(seed);
    expect(again.read('index'), 'a field never written').to.equal(null);
    await again.write('index', enc.encode('[1,2,3]'));
    expect(dec.decode((await vault.unlock(open.id, 'correct horse battery')).read('index')!)).to.equal('[1,2,3]');
    again.close();
    expect(() => again.read('secrets')).to.throw(/the vault is locked/);
  });

  it('keeps a label of at most 80 characters and 255 bytes of UTF-8, cut between characters', async () => {
    const { vault } = await store(12);
    const emoji = '🩺'.repeat(100); // 4 bytes each: 80 of them would be 320 bytes
    const a = await vault.create({ role: 'patient', label: emoji, passphrase: 'a good passphrase', fields: {}, now: 1, kdf: FAST });
    const b = await vault.create({ role: 'patient', label: 'Олена'.repeat(30), passphrase: 'a good passphrase', fields: {}, now: 2, kdf: FAST });
    const labels = (await vault.list()).map((x) => x.label);
    expect(labels[0]).to.equal('🩺'.repeat(63)); // 252 bytes: one more would pass 255
    expect(labels[1]).to.equal('Олена'.repeat(30).slice(0, 80)); // 160 bytes, 80 characters
    expect([a.id, b.id]).to.have.length(2);
  });

  it('a wrong or too short passphrase gets a reason, and changes nothing', async () => {
    const { vault, name } = await store(2);
    const open = await vault.create({ role: 'doctor', label: 'Dr S', passphrase: 'the right one', fields: { secrets: enc.encode('s') }, now: 1, kdf: FAST });
    const before = await raw(name, open.id);
    expect(await reason(vault.unlock(open.id, 'the wrong one'))).to.equal('wrong-passphrase');
    expect(await reason(vault.unlock(open.id, 'short'))).to.equal('weak-passphrase');
    expect(await reason(vault.unlock('00'.repeat(16), 'the right one'))).to.equal('unknown-identity');
    expect(await raw(name, open.id)).to.deep.equal(before);
    expect(await reason(vault.create({ role: 'patient', label: 'x', passphrase: '1234567', fields: {}, now: 1, kdf: FAST }))).to.equal('weak-passphrase');
  });

  it('refuses every flipped byte of a stored record, checksum or not, and reads it again once restored', async () => {
    const { vault, name } = await store(3);
    const open = await vault.create({ role: 'patient', label: 'Flip', passphrase: 'flip flop flip', fields: { secrets: enc.encode('the seed'), index: enc.encode('[]') }, now: 2, kdf: FAST });
    const good = await raw(name, open.id);
    let tried = 0;
    for (let i = 0; i < good.length; i++) {
      for (const fixSum of [false, true]) {
        const bad = good.slice();
        bad[i] ^= 0x01;
        await putRaw(name, open.id, fixSum && i < good.length - 32 ? resum(bad) : bad);
        // Refused either at unlock, or when a field is read: never a wrong plaintext.
        let outcome: string;
        try {
          const v = await vault.unlock(open.id, 'flip flop flip');
          const s = v.read('secrets');
          const x = v.read('index');
          outcome = s && dec.decode(s) === 'the seed' && x && dec.decode(x) === '[]' ? 'read fine' : 'read wrong';
        } catch (e) {
          outcome = e instanceof VaultError ? e.reason : `unexpected ${String(e)}`;
        }
        expect(['damaged', 'wrong-passphrase'], `byte ${i} (checksum fixed: ${fixSum}): ${outcome}`).to.include(outcome);
        tried++;
      }
    }
    expect(tried).to.equal(2 * good.length);
    await putRaw(name, open.id, good);
    expect(dec.decode((await vault.unlock(open.id, 'flip flop flip')).read('secrets')!)).to.equal('the seed');
    // A changed checksum alone is damage, never a wrong passphrase.
    const bad = good.slice();
    bad[bad.length - 1] ^= 1;
    await putRaw(name, open.id, bad);
    expect(await reason(vault.unlock(open.id, 'flip flop flip'))).to.equal('damaged');
    // The damaged identity is not in the unlock list, but is named as damaged, and can be deleted.
    const other = await vault.create({ role: 'doctor', label: 'Fine', passphrase: 'a fine passphrase', fields: {}, now: 3, kdf: FAST });
    expect((await vault.list()).map((x) => x.id)).to.deep.equal([other.id]);
    expect(await vault.damaged()).to.deep.equal([open.id]);
    await vault.remove(open.id);
    expect(await vault.damaged()).to.deep.equal([]);
    expect((await vault.list()).map((x) => x.id)).to.deep.equal([other.id]);
  });

  it('a passphrase change re-wraps the key: every field still opens, the old passphrase no longer does', async () => {
    const { vault, name } = await store(4);
    const open = await vault.create({ role: 'patient', label: 'Change', passphrase: 'first passphrase', fields: { secrets: enc.encode('seed'), index: enc.encode('records') }, now: 3, kdf: FAST });
    const progress: number[] = [];
    expect(await reason(open.changePassphrase('not the first', 'second passphrase'))).to.equal('wrong-passphrase');
    await open.changePassphrase('first passphrase', 'second passphrase', { kdf: { N: 2 ** 5, r: 1, p: 1 }, onProgress: (f) => progress.push(f) });
    expect(progress.length).to.be.greaterThan(0);
    expect(progress[progress.length - 1]).to.be.closeTo(1, 1e-9);
    expect(await reason(vault.unlock(open.id, 'first passphrase'))).to.equal('wrong-passphrase');
    const v = await vault.unlock(open.id, 'second passphrase');
    expect(v.kdf).to.deep.equal({ N: 2 ** 5, r: 1, p: 1 });
    expect([dec.decode(v.read('secrets')!), dec.decode(v.read('index')!)]).to.deep.equal(['seed', 'records']);
    expect((await raw(name, open.id)).length).to.be.greaterThan(0);
  });

  it('two identities on one device cannot read each other, even with the same passphrase', async () => {
    const { vault, name } = await store(5);
    const a = await vault.create({ role: 'patient', label: 'A', passphrase: 'same passphrase', fields: { secrets: enc.encode('seed of A') }, now: 4, kdf: FAST });
    const b = await vault.create({ role: 'patient', label: 'B', passphrase: 'same passphrase', fields: { secrets: enc.encode('seed of B') }, now: 5, kdf: FAST });
    expect(a.id).to.not.equal(b.id);
    expect((await vault.list()).map((s) => s.label)).to.deep.equal(['A', 'B']);
    // A's sealed field copied into B's record (checksum fixed): B's key does not open it.
    const ra = await raw(name, a.id);
    const rb = await raw(name, b.id);
    const tail = 1 + 1 + 'secrets'.length + 24 + 4 + 'seed of A'.length + 16 + 32;
    const swapped = rb.slice();
    swapped.set(ra.subarray(ra.length - tail, ra.length - 32), rb.length - tail);
    await putRaw(name, b.id, resum(swapped));
    expect(await reason((async () => (await vault.unlock(b.id, 'same passphrase')).read('secrets'))())).to.equal('damaged');
    // A's record stored under B's id is refused as damage.
    await putRaw(name, b.id, ra);
    expect(await reason(vault.unlock(b.id, 'same passphrase'))).to.equal('damaged');
    await putRaw(name, b.id, rb);
    expect(dec.decode((await vault.unlock(b.id, 'same passphrase')).read('secrets')!)).to.equal('seed of B');
    expect(dec.decode((await vault.unlock(a.id, 'same passphrase')).read('secrets')!)).to.equal('seed of A');
  });

  it('a backup file restores the identity on another device, where it unlocks with its passphrase', async () => {
    const { vault } = await store(6);
    const open = await vault.create({ role: 'doctor', label: 'Backup', passphrase: 'backup passphrase', fields: { secrets: enc.encode('doctor seed') }, now: 6, kdf: FAST });
    const file = open.backup();
    const other = (await store(7)).vault;
    expect(await other.restoreBackup(file)).to.deep.equal({ id: open.id, role: 'doctor', label: 'Backup', createdAt: 6 });
    expect(dec.decode((await other.unlock(open.id, 'backup passphrase')).read('secrets')!)).to.equal('doctor seed');
    const cut = file.subarray(0, file.length - 1);
    expect(await reason(other.restoreBackup(cut))).to.equal('bad-backup');
    expect(await reason(other.restoreBackup(enc.encode('not a backup at all, nothing like one')))).to.equal('bad-backup');
    // A sound copy already here stays (the file may be older); a damaged one is repaired by the file.
    expect(await reason(other.restoreBackup(file))).to.equal('already-here');
    const { name: thirdName, vault: third } = await store(8);
    expect((await third.restoreBackup(file)).id).to.equal(open.id);
    const db = await openDB(thirdName);
    const bytes = new Uint8Array((await db.get('identities', open.id)).record);
    bytes[bytes.length - 1] ^= 1;
    await db.put('identities', { record: bytes.buffer }, open.id);
    db.close();
    expect(await third.damaged()).to.deep.equal([open.id]);
    expect((await third.restoreBackup(file)).id).to.equal(open.id);
    expect(await third.damaged()).to.deep.equal([]);
    expect(dec.decode((await third.unlock(open.id, 'backup passphrase')).read('secrets')!)).to.equal('doctor seed');
    await other.remove(open.id);
    expect(await other.list()).to.deep.equal([]);
  });

  it('derives the key with scrypt N=2^17, r=8, p=1 by default, with progress (RFC 7914 parameters, @noble as the oracle)', async () => {
    expect(DEFAULT_KDF).to.deep.equal({ N: 2 ** 17, r: 8, p: 1 });
    const { vault, name } = await store(8);
    const progress: number[] = [];
    const open = await vault.create({ role: 'patient', label: 'Real', passphrase: 'real parameters', fields: { secrets: enc.encode('x') }, now: 7, onProgress: (f) => progress.push(f) });
    expect(progress.length, 'progress is reported as it goes').to.be.greaterThan(5);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]), 'and only goes up').to.equal(true);
    // At most once per whole percent, ending at 1: each report is a message from the identity worker
    // to the page, and 10,000 of them (what scrypt gives) nearly doubled an unlock (bench/README.md).
    expect(progress.length, 'at most once per percent').to.be.at.most(101);
    expect(new Set(progress.map((f) => Math.floor(f * 100))).size, 'one report per percent').to.equal(progress.length);
    expect(progress[progress.length - 1], 'the last report is the end').to.equal(1);
    const bytes = await raw(name, open.id);
    // The header: magic (4), id (16), role (1), created at (8), label length (1) + label, log2 N, r, p, salt (16).
    const labelLength = bytes[29];
    const at = 30 + labelLength;
    expect([bytes[at], bytes[at + 1], bytes[at + 2]]).to.deep.equal([17, 8, 1]);
    // The key-encryption key is scrypt of the passphrase with the stored salt: checked against a
    // second scrypt run outside the vault, by unwrapping the key with it.
    const salt = bytes.subarray(at + 3, at + 19);
    const kek = scrypt(enc.encode('real parameters'), salt, { N: 2 ** 17, r: 8, p: 1, dkLen: 32, maxmem: 2 ** 28 });
    const { xchacha20poly1305 } = await import('@noble/ciphers/chacha.js');
    const header = bytes.subarray(0, at + 19);
    const wrap = bytes.subarray(at + 19, at + 19 + 24 + 48);
    expect(xchacha20poly1305(kek, wrap.subarray(0, 24), header).decrypt(wrap.subarray(24)).length).to.equal(32);
    expect(dec.decode((await vault.unlock(open.id, 'real parameters')).read('secrets')!)).to.equal('x');
  });

  it('opens a database made with the frozen schema version 1', async () => {
    const name = `vault-v1-${Date.now()}`;
    names.push(name);
    const source = (await store(9)).vault;
    const open = await source.create({ role: 'patient', label: 'Old', passphrase: 'old passphrase', fields: { secrets: enc.encode('old seed') }, now: 8, kdf: FAST });
    const db = await openDB<VaultDBv1>(name, VAULT_SCHEMA_V1, { upgrade: (d, old) => upgradeVaultV1(d, old) });
    await db.put('identities', { record: open.backup().slice().buffer }, open.id);
    db.close();
    const vault = await VaultStore.open({ name });
    expect((await vault.list()).map((s) => s.label)).to.deep.equal(['Old']);
    expect(dec.decode((await vault.unlock(open.id, 'old passphrase')).read('secrets')!)).to.equal('old seed');
    vault.close();
  });
});
