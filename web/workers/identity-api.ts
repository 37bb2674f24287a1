// The message contract between the identity worker (the only holder of keys) and its client on the
// main thread, shared by both sides so the compiler checks them against each other.
import type { Profile, Role, WordsProblem } from '../core/identity/index.ts';
import type { Grant } from '../core/consent/index.ts';
import type { FoundBundle, IdentityInfo, InboxRequest, MyRecord, Sealed, SharedPatient, TrustedClinic } from '../identity/index.ts';
import type { VaultSummary } from '../vault/index.ts';

/** What the identity worker offers over comlink. Every method runs in the worker. */
export interface IdentityWorkerApi {
  list(): Promise<VaultSummary[]>;
  damaged(): Promise<string[]>;
  beginNew(role: Role): Promise<{ words: string[]; check: number[] }>;
  checkBackup(answers: { position: number; word: string }[]): Promise<{ ok: boolean; wrong: number[] }>;
  beginRestore(role: Role, words: string[]): Promise<{ ok: true } | { ok: false; problem: WordsProblem }>;
  create(options: { profile: Profile; label: string; passphrase: string }, onProgress?: (fraction: number) => void): Promise<IdentityInfo>;
  unlock(id: string, passphrase: string, onProgress?: (fraction: number) => void): Promise<IdentityInfo>;
  lock(): Promise<void>;
  info(): Promise<IdentityInfo | null>;
  changePassphrase(oldPassphrase: string, newPassphrase: string, onProgress?: (fraction: number) => void): Promise<void>;
  setAutoLock(minutes: number): Promise<void>;
  backup(): Promise<Uint8Array>;
  restoreBackup(bytes: Uint8Array): Promise<VaultSummary>;
  remove(id: string): Promise<void>;
  signBundle(spec: { kind: number; payload: Uint8Array; tag?: Uint8Array }): Promise<Uint8Array[]>;
  sealRecord(resource: { resourceType: string }, options?: { to?: Uint8Array; label?: string }): Promise<Sealed>;
  expectedTags(): Promise<Uint8Array[]>;
  openFound(bundles: FoundBundle[]): Promise<{ records: MyRecord[]; unreadable: number }>;
  sealFirstContact(resource: { resourceType: string }, doctor: Uint8Array, options?: { label?: string }): Promise<Sealed>;
  inboxTags(days?: number): Promise<Uint8Array[]>;
  openInbox(bundles: FoundBundle[], days?: number): Promise<{ requests: InboxRequest[]; unreadable: number }>;
  trustedClinics(): Promise<TrustedClinic[]>;
  trustClinic(key: Uint8Array, name: string): Promise<TrustedClinic[]>;
  untrustClinic(key: string): Promise<TrustedClinic[]>;
  consents(): Promise<Grant[]>;
  grantConsent(spec: GrantSpec): Promise<{ txs: Uint8Array[]; grantId: string }>;
  revokeConsent(grantId: string): Promise<{ txs: Uint8Array[] }>;
  sealLinkAudit(records: { place: string; label: string }[], until: number): Promise<Sealed>;
  sharedWithMe(): Promise<SharedPatient[]>;
  sharedTags(): Promise<Uint8Array[]>;
  openShared(patient: string, place: string, bundles: FoundBundle[]): Promise<{ resource: MyRecord['resource']; issuedAt: number; confirmed: boolean; opened: boolean } | null>;
  sealOpenAudit(patient: string, place: string, label: string): Promise<{ txs: Uint8Array[] } | null>;
}

/** A grant as the consents screen asks for it (see IdentityService.grantConsent). */
export interface GrantSpec {
  doctor: string;
  doctorName: string;
  scope: { kind: 'records'; records: { bundle: FoundBundle; label: string; kind: string; date: number }[] } | { kind: 'from-now-on' };
  until: number;
}
