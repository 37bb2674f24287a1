// The identity client: the one owner of the identity worker's life on the main thread (lazy start,
// progress of the key derivation, and the end of the worker on lock). Locking, by the user or after
// the chosen time without use, ends the worker: every key it held goes with it, and a locked page
// holds none to begin with. Used by the app's identity controller; tests make their own with
// another vault database.
import * as Comlink from 'comlink';
import type { Profile, Role, WordsProblem } from '../core/identity/index.ts';
import type { Grant } from '../core/consent/index.ts';
import type { FoundBundle, IdentityInfo, InboxRequest, MyRecord, Sealed, SharedPatient, TrustedClinic } from '../identity/index.ts';
import type { VaultSummary } from '../vault/index.ts';
import type { GrantSpec, IdentityWorkerApi } from './identity-api.ts';

/** Why the identity was locked, for the screen's message. */
export type LockReason = 'user' | 'idle' | 'failed';

/** Options of an IdentityClient. */
export interface IdentityClientOptions {
  /** The vault database (tests pass their own); the app's by default. */
  dbName?: string;
  /** The clock, for the inactivity lock. */
  now?: () => number;
  /** How often the inactivity lock looks at the clock, in ms (15 s). */
  checkEveryMs?: number;
}

/** A handle on the identity worker. Fires 'change' when it locks or unlocks. */
export class IdentityClient extends EventTarget {
  readonly #dbName: string | undefined;
  readonly #now: () => number;
  readonly #checkEveryMs: number;
  #worker: Worker | null = null;
  #api: Comlink.Remote<IdentityWorkerApi> | null = null;
  #info: IdentityInfo | null = null;
  #lastActivity = 0;
  #timer: ReturnType<typeof setInterval> | null = null;
  #lockReason: LockReason | null = null;

  constructor(options: IdentityClientOptions = {}) {
    super();
    this.#dbName = options.dbName;
    this.#now = options.now ?? Date.now;
    this.#checkEveryMs = options.checkEveryMs ?? 15_000;
  }

  /** The unlocked identity's public information, or null when locked. */
  get info(): IdentityInfo | null {
    return this.#info;
  }

  /** Why the last lock happened (null before any). */
  get lockReason(): LockReason | null {
    return this.#lockReason;
  }

  #need(): Comlink.Remote<IdentityWorkerApi> {
    if (!this.#api) {
      this.#worker = new Worker(new URL('./identity.worker.ts', import.meta.url), {
        type: 'module',
        name: this.#dbName ? `identity:${this.#dbName}` : 'identity',
      });
      this.#worker.addEventListener('error', () => this.lock('failed'));
      this.#api = Comlink.wrap<IdentityWorkerApi>(this.#worker);
    }
    return this.#api;
  }

  #unlocked(info: IdentityInfo): IdentityInfo {
    this.#info = info;
    this.#lockReason = null;
    this.activity();
    this.#timer ??= setInterval(() => this.checkIdle(), this.#checkEveryMs);
    this.dispatchEvent(new Event('change'));
    return info;
  }

  /** The identities on this device. */
  list(): Promise<VaultSummary[]> {
    return this.#need().list();
  }

  /** The ids of the identities on this device whose stored data is damaged (not in list()). Called by the welcome screen. */
  damaged(): Promise<string[]> {
    return this.#need().damaged();
  }

  /** Starts a new identity; the words to show once and the backup check's positions. */
  beginNew(role: Role): Promise<{ words: string[]; check: number[] }> {
    return this.#need().beginNew(role);
  }

  checkBackup(answers: { position: number; word: string }[]): Promise<{ ok: boolean; wrong: number[] }> {
    return this.#need().checkBackup(answers);
  }

  beginRestore(role: Role, words: string[]): Promise<{ ok: true } | { ok: false; problem: WordsProblem }> {
    return this.#need().beginRestore(role, words);
  }

  /** Stores the identity being made under the passphrase and unlocks it. */
  async create(options: { profile: Profile; label: string; passphrase: string }, onProgress?: (fraction: number) => void): Promise<IdentityInfo> {
    return this.#unlocked(await this.#need().create(options, onProgress ? Comlink.proxy(onProgress) : undefined));
  }

  /** Unlocks an identity of this device. */
  async unlock(id: string, passphrase: string, onProgress?: (fraction: number) => void): Promise<IdentityInfo> {
    return this.#unlocked(await this.#need().unlock(id, passphrase, onProgress ? Comlink.proxy(onProgress) : undefined));
  }

  /** Locks: the worker, and every key it held, is gone. Safe to call when locked. */
  lock(reason: LockReason = 'user'): void {
    const worker = this.#worker;
    const api = this.#api;
    this.#worker = null;
    this.#api = null;
    const was = this.#info;
    this.#info = null;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    // Ask the worker to zero the keys, then end it whatever it answers.
    if (api) void Promise.race([api.lock(), new Promise((r) => setTimeout(r, 200))]).finally(() => worker?.terminate());
    else worker?.terminate();
    if (was) {
      this.#lockReason = reason;
      this.dispatchEvent(new Event('change'));
    }
  }

  /** The user did something: the inactivity lock starts counting again. Called by the app on input. */
  activity(): void {
    this.#lastActivity = this.#now();
  }

  /** Locks if the identity has been idle for its auto-lock time. Called by the timer (and tests). */
  checkIdle(): void {
    const info = this.#info;
    if (info && this.#now() - this.#lastActivity >= info.autoLockMinutes * 60_000) this.lock('idle');
  }

  #unlockedApi(): Comlink.Remote<IdentityWorkerApi> {
    if (!this.#info) throw Object.assign(new Error('the identity is locked'), { name: 'IdentityError', reason: 'locked' });
    return this.#need();
  }

  async changePassphrase(oldPassphrase: string, newPassphrase: string, onProgress?: (fraction: number) => void): Promise<void> {
    return this.#unlockedApi().changePassphrase(oldPassphrase, newPassphrase, onProgress ? Comlink.proxy(onProgress) : undefined);
  }

  async setAutoLock(minutes: number): Promise<void> {
    await this.#unlockedApi().setAutoLock(minutes);
    if (this.#info) this.#info = { ...this.#info, autoLockMinutes: minutes };
    this.dispatchEvent(new Event('change'));
  }

  async backup(): Promise<Uint8Array> {
    return this.#unlockedApi().backup();
  }

  restoreBackup(bytes: Uint8Array): Promise<VaultSummary> {
    return this.#need().restoreBackup(bytes);
  }

  async remove(id: string): Promise<void> {
    if (this.#info?.id === id) this.lock('user');
    await this.#need().remove(id);
  }

  /** Signs a bundle with the identity's key (unattached txs for the tangle worker): test bundles, and public profiles and attestations under their tag. */
  async signBundle(spec: { kind: number; payload: Uint8Array; tag?: Uint8Array }): Promise<Uint8Array[]> {
    return this.#unlockedApi().signBundle(spec);
  }

  async sealRecord(resource: { resourceType: string }, options?: { to?: Uint8Array; label?: string }): Promise<Sealed> {
    return this.#unlockedApi().sealRecord(resource, options);
  }

  async expectedTags(): Promise<Uint8Array[]> {
    return this.#unlockedApi().expectedTags();
  }

  async openFound(bundles: FoundBundle[]): Promise<{ records: MyRecord[]; unreadable: number }> {
    return this.#unlockedApi().openFound(bundles);
  }

  /** A first contact with a doctor (their published agreement key): sealed, signed and tagged in the worker. */
  async sealFirstContact(resource: { resourceType: string }, doctor: Uint8Array, options?: { label?: string }): Promise<Sealed> {
    return this.#unlockedApi().sealFirstContact(resource, doctor, options);
  }

  /** This identity's inbox tags for the last `days` UTC days, for the replica's findTagged. */
  async inboxTags(days?: number): Promise<Uint8Array[]> {
    return this.#unlockedApi().inboxTags(days);
  }

  /** The requests found under the inbox tags, opened in the worker. */
  async openInbox(bundles: FoundBundle[], days?: number): Promise<{ requests: InboxRequest[]; unreadable: number }> {
    return this.#unlockedApi().openInbox(bundles, days);
  }

  /** The clinics this identity trusts, from its vault. */
  async trustedClinics(): Promise<TrustedClinic[]> {
    return this.#unlockedApi().trustedClinics();
  }

  /** Trusts a clinic by its signing key and the name the user saw. */
  async trustClinic(key: Uint8Array, name: string): Promise<TrustedClinic[]> {
    return this.#unlockedApi().trustClinic(key, name);
  }

  /** Stops trusting a clinic. */
  async untrustClinic(key: string): Promise<TrustedClinic[]> {
    return this.#unlockedApi().untrustClinic(key);
  }

  /** The patient's grants as they stand (no keys), newest first. */
  async consents(): Promise<Grant[]> {
    return this.#unlockedApi().consents();
  }

  /** Seals a grant to a doctor with its audit entry (unattached txs). */
  async grantConsent(spec: GrantSpec): Promise<{ txs: Uint8Array[]; grantId: string }> {
    return this.#unlockedApi().grantConsent(spec);
  }

  /** Seals the revocation of a grant with its audit entry (unattached txs). */
  async revokeConsent(grantId: string): Promise<{ txs: Uint8Array[] }> {
    return this.#unlockedApi().revokeConsent(grantId);
  }

  /** Seals the audit entry of a link the patient made (unattached txs). */
  async sealLinkAudit(records: { place: string; label: string }[], until: number): Promise<Sealed> {
    return this.#unlockedApi().sealLinkAudit(records, until);
  }

  /** What patients shared with this doctor, as it stands now (no keys). */
  async sharedWithMe(): Promise<SharedPatient[]> {
    return this.#unlockedApi().sharedWithMe();
  }

  /** The tags of the records shared with this doctor now, for findTagged. */
  async sharedTags(): Promise<Uint8Array[]> {
    return this.#unlockedApi().sharedTags();
  }

  /** Opens one shared record in the worker. */
  async openShared(patient: string, place: string, bundles: FoundBundle[]): Promise<{ resource: MyRecord['resource']; issuedAt: number; confirmed: boolean; opened: boolean } | null> {
    return this.#unlockedApi().openShared(patient, place, bundles);
  }

  /** Seals the audit entry of this doctor's first opening of a shared record, or null when logged already. */
  async sealOpenAudit(patient: string, place: string, label: string): Promise<{ txs: Uint8Array[] } | null> {
    return this.#unlockedApi().sealOpenAudit(patient, place, label);
  }
}
