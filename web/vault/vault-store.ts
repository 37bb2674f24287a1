// The vault (docs/design.md "Identity, keys and privacy": the seed and every private key are stored only
// encrypted, XChaCha20-Poly1305 under a key from the passphrase by scrypt). One record per identity
// (./_format.ts). A random vault key encrypts the identity's fields; the key is wrapped under
// scrypt(passphrase), so changing the passphrase re-wraps one key and never re-encrypts a field.
// scrypt runs here, so it runs wherever this store is used: the identity worker, never the page.
import { openDB, type IDBPDatabase } from 'idb';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  _Damaged,
  _ID_BYTES,
  _KEY_BYTES,
  _NONCE_BYTES,
  _SALT_BYTES,
  _decode,
  _encode,
  _header,
  type KdfParams,
  type _Box,
  type _Record,
  type _Role,
} from './_format.ts';
import { VAULT_DB_NAME, VAULT_SCHEMA_VERSION, upgradeVault, type VaultDB } from './schema.ts';
import { MIN_PASSPHRASE } from '../core/identity/index.ts';

/** The scrypt parameters of a new vault: N = 2^17, r = 8, p = 1 (the issue's; 128 MiB of memory). */
export const DEFAULT_KDF: Readonly<KdfParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
export { MIN_PASSPHRASE };

/** What the list of identities shows before any unlock: the only clear data of a vault. */
export interface VaultSummary {
  id: string;
  role: _Role;
  label: string;
  createdAt: number;
}

/** A vault operation that failed for a reason the app words for the user. */
export class VaultError extends Error {
  constructor(
    readonly reason: 'wrong-passphrase' | 'damaged' | 'unknown-identity' | 'weak-passphrase' | 'bad-backup' | 'already-here',
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/** Fills `n` random bytes: crypto.getRandomValues in the app, a seeded source in tests. */
export type RandomBytes = (n: number) => Uint8Array;
/** Progress of the key derivation, 0 to 1. */
export type KdfProgress = (fraction: number) => void;

const _enc = new TextEncoder();

function _passphrase(p: unknown): Uint8Array {
  if (typeof p !== 'string') throw new TypeError('passphrase must be a string');
  const normal = p.normalize('NFKC');
  if ([...normal].length < MIN_PASSPHRASE) throw new VaultError('weak-passphrase', `the passphrase must be at least ${MIN_PASSPHRASE} characters`);
  return _enc.encode(normal);
}

function _fieldName(name: unknown): string {
  if (typeof name !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(name)) throw new RangeError(`field must be a name of a-z, 0-9 and '-', got ${String(name)}`);
  return name;
}

const _FIELD_LABEL = utf8ToBytes('medtangle/vault/v1/field/');

/**
 * A field's AD: its identity's id and its own name. Not the header: the header changes with the
 * passphrase (a new salt), and a new passphrase must re-wrap the one vault key and nothing else.
 * The header is bound to the vault key's wrap instead.
 */
function _fieldAd(id: Uint8Array, name: string): Uint8Array {
  const n = utf8ToBytes(name);
  const ad = new Uint8Array(_FIELD_LABEL.length + id.length + n.length);
  ad.set(_FIELD_LABEL);
  ad.set(id, _FIELD_LABEL.length);
  ad.set(n, _FIELD_LABEL.length + id.length);
  return ad;
}

function _random(random: RandomBytes, n: number): Uint8Array {
  const b = random(n);
  if (!(b instanceof Uint8Array) || b.length !== n) throw new RangeError(`random(${n}) must return ${n} bytes`);
  return b;
}

async function _kek(passphrase: Uint8Array, salt: Uint8Array, kdf: KdfParams, onProgress?: KdfProgress): Promise<Uint8Array> {
  return scryptAsync(passphrase, salt, { ...kdf, dkLen: _KEY_BYTES, maxmem: 2 * 128 * kdf.r * kdf.N + 1024 * 1024, onProgress: _byPercent(onProgress), asyncTick: 20 });
}

/**
 * Passes scrypt's progress on once per whole percent (and at the end): @noble/hashes reports up to
 * 10,000 times, and in the app each report is a message from the identity worker to the page. In the
 * bench's identity worker at N = 2^17 (median of 5 rounds in turns), scrypt took 2,117 ms with every
 * report sent to the page, 1,214 ms with one per percent and 1,140 ms with none; a bar needs no finer step.
 */
function _byPercent(onProgress?: KdfProgress): KdfProgress | undefined {
  if (!onProgress) return undefined;
  let last = -1;
  return (f) => {
    const percent = Math.floor(f * 100);
    if (percent === last) return;
    last = percent;
    onProgress(f);
  };
}

function _seal(key: Uint8Array, ad: Uint8Array, plain: Uint8Array, random: RandomBytes): _Box {
  const nonce = _random(random, _NONCE_BYTES);
  return { nonce, box: xchacha20poly1305(key, nonce, ad).encrypt(plain) };
}

/** An unlocked identity's vault. close() zeroes its key; every later call throws. */
export class OpenVault {
  readonly id: string;
  readonly #store: VaultStore;
  #key: Uint8Array | null;
  #record: _Record;
  readonly #random: RandomBytes;

  /** @internal Made by VaultStore.create and unlock. */
  constructor(store: VaultStore, record: _Record, key: Uint8Array, random: RandomBytes) {
    this.id = bytesToHex(record.id);
    this.#store = store;
    this.#record = record;
    this.#key = key;
    this.#random = random;
  }

  get summary(): VaultSummary {
    return _summary(this.#record);
  }

  get kdf(): KdfParams {
    return { ...this.#record.kdf };
  }

  #need(): Uint8Array {
    if (!this.#key) throw new Error('the vault is locked');
    return this.#key;
  }

  /** The field's plaintext, or null when it was never written. Throws VaultError('damaged') if it does not open. */
  read(name: string): Uint8Array | null {
    const key = this.#need();
    const f = this.#record.fields.get(_fieldName(name));
    if (!f) return null;
    try {
      return xchacha20poly1305(key, f.nonce, _fieldAd(this.#record.id, name)).decrypt(f.box);
    } catch {
      throw new VaultError('damaged', `this identity's stored ${name} does not open: it was changed`);
    }
  }

  /** Seals and stores the field (a new nonce each time). */
  async write(name: string, plain: Uint8Array): Promise<void> {
    const key = this.#need();
    if (!(plain instanceof Uint8Array)) throw new TypeError('plain must be a Uint8Array');
    const fields = new Map(this.#record.fields);
    fields.set(_fieldName(name), _seal(key, _fieldAd(this.#record.id, name), plain, this.#random));
    const next = { ...this.#record, fields };
    await this.#store._put(next);
    this.#record = next;
  }

  /**
   * Re-wraps the vault key under a new passphrase (and, if given, new scrypt parameters and a new
   * salt). No field is re-encrypted. The old passphrase is asked again, so an unlocked screen left
   * alone cannot have its passphrase changed.
   */
  async changePassphrase(oldPassphrase: string, newPassphrase: string, options: { kdf?: KdfParams; onProgress?: KdfProgress } = {}): Promise<void> {
    const key = this.#need();
    const old = await _kek(_passphrase(oldPassphrase), this.#record.salt, this.#record.kdf, (f) => options.onProgress?.(f / 2));
    try {
      xchacha20poly1305(old, this.#record.wrappedKey.nonce, this.#record.header).decrypt(this.#record.wrappedKey.box);
    } catch {
      throw new VaultError('wrong-passphrase', 'the current passphrase is not right');
    }
    const kdf = options.kdf ?? this.#record.kdf;
    const salt = _random(this.#random, _SALT_BYTES);
    const base = { ...this.#record, kdf, salt };
    const header = _header(base);
    const kek = await _kek(_passphrase(newPassphrase), salt, kdf, (f) => options.onProgress?.(0.5 + f / 2));
    // Only the vault key's wrap changes: every field stays sealed as it was.
    const next: _Record = { ...base, header, wrappedKey: _seal(kek, header, key, this.#random) };
    kek.fill(0);
    await this.#store._put(next);
    this.#record = next;
  }

  /** The stored record's bytes, as they are: an encrypted backup file of this identity. */
  backup(): Uint8Array {
    this.#need();
    return _encode(this.#record);
  }

  /** Zeroes the vault key; every later call throws. Called by lock. */
  close(): void {
    this.#key?.fill(0);
    this.#key = null;
  }
}

/** Most characters of a label kept (the form allows 40). */
const _LABEL_CHARS = 80;
/** Most UTF-8 bytes the record's header holds for the label (docs/vault.md). */
const _LABEL_BYTES = 255;

/** The label as stored: at most 80 characters and 255 bytes of UTF-8, cut between characters. */
function _label(raw: unknown): string {
  const chars = Array.from(String(raw)).slice(0, _LABEL_CHARS);
  const enc = new TextEncoder();
  while (enc.encode(chars.join('')).length > _LABEL_BYTES) chars.pop();
  return chars.join('');
}

function _summary(r: _Record): VaultSummary {
  return { id: bytesToHex(r.id), role: r.role, label: r.label, createdAt: r.createdAt };
}

/** The vault database. Opened by the identity worker; tests open their own by name. */
export class VaultStore {
  readonly #db: IDBPDatabase<VaultDB>;
  readonly #random: RandomBytes;

  private constructor(db: IDBPDatabase<VaultDB>, random: RandomBytes) {
    this.#db = db;
    this.#random = random;
  }

  /** Opens (creating or upgrading) the vault database. */
  static async open(options: { name?: string; random?: RandomBytes } = {}): Promise<VaultStore> {
    const db = await openDB<VaultDB>(options.name ?? VAULT_DB_NAME, VAULT_SCHEMA_VERSION, { upgrade: (d, old) => upgradeVault(d, old) });
    return new VaultStore(db, options.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n))));
  }

  /** @internal Writes a record (OpenVault's writes). */
  async _put(r: _Record): Promise<void> {
    const bytes = _encode(r);
    await this.#db.put('identities', { record: bytes.buffer as ArrayBuffer }, bytesToHex(r.id));
  }

  async #get(id: string): Promise<_Record> {
    if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) throw new RangeError(`id must be an identity id of 32 hex digits, got ${String(id)}`);
    const v = await this.#db.get('identities', id);
    if (!v) throw new VaultError('unknown-identity', 'there is no such identity on this device');
    try {
      const r = _decode(new Uint8Array(v.record));
      if (bytesToHex(r.id) !== id) throw new _Damaged('it is stored under another id');
      return r;
    } catch (e) {
      if (e instanceof _Damaged) throw new VaultError('damaged', `this identity's stored data is damaged: ${e.message}`);
      throw e;
    }
  }

  /** Every identity on this device (damaged ones left out), oldest first. */
  async list(): Promise<VaultSummary[]> {
    const out: VaultSummary[] = [];
    for (const v of await this.#db.getAll('identities')) {
      try {
        out.push(_summary(_decode(new Uint8Array(v.record))));
      } catch {
        // a damaged record is not listed; unlocking it by id says why
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /**
   * The ids of the identities whose stored record is damaged (it fails its checksum, or is stored
   * under another id): list() leaves them out, and the welcome screen says they are there, so that
   * the user restores them from the 24 words and may delete the damaged copy.
   */
  async damaged(): Promise<string[]> {
    const out: string[] = [];
    let cursor = await this.#db.transaction('identities').store.openCursor();
    while (cursor) {
      try {
        if (bytesToHex(_decode(new Uint8Array(cursor.value.record)).id) !== cursor.key) out.push(String(cursor.key));
      } catch {
        out.push(String(cursor.key));
      }
      cursor = await cursor.continue();
    }
    return out.sort();
  }

  /** A new identity's vault, with its first fields, unlocked. */
  async create(options: {
    role: _Role;
    label: string;
    passphrase: string;
    fields: Record<string, Uint8Array>;
    now: number;
    kdf?: KdfParams;
    onProgress?: KdfProgress;
  }): Promise<OpenVault> {
    const pass = _passphrase(options.passphrase);
    const kdf = options.kdf ?? DEFAULT_KDF;
    if (!Number.isInteger(Math.log2(kdf.N)) || kdf.N < 2 || kdf.r < 1 || kdf.p < 1) throw new RangeError('kdf must have N a power of two, r >= 1 and p >= 1');
    const base = { id: _random(this.#random, _ID_BYTES), role: options.role, createdAt: options.now, label: _label(options.label), kdf, salt: _random(this.#random, _SALT_BYTES) };
    const header = _header(base);
    const key = _random(this.#random, _KEY_BYTES);
    const kek = await _kek(pass, base.salt, kdf, options.onProgress);
    const fields = new Map<string, _Box>();
    for (const [name, plain] of Object.entries(options.fields)) fields.set(_fieldName(name), _seal(key, _fieldAd(base.id, name), plain, this.#random));
    const record: _Record = { ...base, header, wrappedKey: _seal(kek, header, key, this.#random), fields };
    kek.fill(0);
    await this._put(record);
    return new OpenVault(this, record, key, this.#random);
  }

  /** Unlocks an identity. VaultError: 'wrong-passphrase', 'damaged' or 'unknown-identity'; nothing is changed. */
  async unlock(id: string, passphrase: string, onProgress?: KdfProgress): Promise<OpenVault> {
    const record = await this.#get(id);
    const kek = await _kek(_passphrase(passphrase), record.salt, record.kdf, onProgress);
    let key: Uint8Array;
    try {
      key = xchacha20poly1305(kek, record.wrappedKey.nonce, record.header).decrypt(record.wrappedKey.box);
    } catch {
      throw new VaultError('wrong-passphrase', 'the passphrase is not right for this identity');
    } finally {
      kek.fill(0);
    }
    // Every field must open under its own name now: a renamed or changed field is damage to say at
    // once, not a field that quietly reads as never written.
    for (const [name, f] of record.fields) {
      try {
        xchacha20poly1305(key, f.nonce, _fieldAd(record.id, name)).decrypt(f.box).fill(0);
      } catch {
        key.fill(0);
        throw new VaultError('damaged', `this identity's stored data is damaged: its ${name.replace(/[^a-z0-9-]/g, '?')} does not open`);
      }
    }
    return new OpenVault(this, record, key, this.#random);
  }

  /** Adds an identity from a backup file (OpenVault.backup); it unlocks with its passphrase. */
  async restoreBackup(bytes: Uint8Array): Promise<VaultSummary> {
    let r: _Record;
    try {
      r = _decode(bytes);
    } catch (e) {
      throw new VaultError('bad-backup', `this is not a medtangle identity backup, or it is damaged (${(e as Error).message})`);
    }
    // A sound copy of the same identity stays: the backup may be older (an older passphrase). A
    // damaged copy is replaced, which is how a damaged identity is repaired from a backup.
    const here = await this.#get(bytesToHex(r.id)).catch(() => null);
    if (here !== null) throw new VaultError('already-here', 'this identity is already on this device');
    await this._put(r);
    return _summary(r);
  }

  /** Deletes an identity's vault from this device. */
  async remove(id: string): Promise<void> {
    await this.#get(id).catch((e: unknown) => {
      if (!(e instanceof VaultError) || e.reason !== 'damaged') throw e;
    });
    await this.#db.delete('identities', id);
  }

  close(): void {
    this.#db.close();
  }
}

