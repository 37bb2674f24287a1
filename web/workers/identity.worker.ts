// The identity worker: the only place an identity's keys live once unlocked (docs/design.md
// "Identity, keys and privacy"). The scrypt of an unlock runs here, with progress; locking drops the
// keys, and the client then ends this worker, so nothing of them is left in any memory it had.
import * as Comlink from 'comlink';
import { IdentityService } from '../identity/index.ts';
import { VaultStore } from '../vault/index.ts';
import type { IdentityWorkerApi } from './identity-api.ts';
import { _keepErrorReasons } from './_errors.ts';

_keepErrorReasons();

let service: Promise<IdentityService> | null = null;

function need(): Promise<IdentityService> {
  // The vault database's name comes from the worker's name (tests use their own databases).
  service ??= VaultStore.open({ name: self.name.startsWith('identity:') ? self.name.slice('identity:'.length) : undefined }).then(
    (vault) => new IdentityService({ vault }),
  );
  return service;
}

const api: IdentityWorkerApi = {
  list: async () => (await need()).list(),
  damaged: async () => (await need()).damaged(),
  beginNew: async (role) => (await need()).beginNew(role),
  checkBackup: async (answers) => (await need()).checkBackup(answers),
  beginRestore: async (role, words) => (await need()).beginRestore(role, words),
  create: async (options, onProgress) => (await need()).create({ ...options, onProgress }),
  unlock: async (id, passphrase, onProgress) => (await need()).unlock(id, passphrase, onProgress),
  lock: async () => (await need()).lock(),
  info: async () => (await need()).info(),
  changePassphrase: async (a, b, onProgress) => (await need()).changePassphrase(a, b, onProgress),
  setAutoLock: async (minutes) => (await need()).setAutoLock(minutes),
  async backup() {
    const bytes = (await need()).backup();
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  restoreBackup: async (bytes) => (await need()).restoreBackup(bytes),
  remove: async (id) => (await need()).remove(id),
  signBundle: async (spec) => (await need()).signBundle(spec),
  sealRecord: async (resource, options) => (await need()).sealRecord(resource, options),
  expectedTags: async () => (await need()).expectedTags(),
  openFound: async (bundles) => (await need()).openFound(bundles),
  sealFirstContact: async (resource, doctor, options) => (await need()).sealFirstContact(resource, doctor, options),
  inboxTags: async (days) => (await need()).inboxTags(days),
  openInbox: async (bundles, days) => (await need()).openInbox(bundles, days),
  trustedClinics: async () => (await need()).trustedClinics(),
  trustClinic: async (key, name) => (await need()).trustClinic(key, name),
  untrustClinic: async (key) => (await need()).untrustClinic(key),
  consents: async () => (await need()).consents(),
  grantConsent: async (spec) => (await need()).grantConsent(spec),
  revokeConsent: async (id) => (await need()).revokeConsent(id),
  sealLinkAudit: async (records, until) => (await need()).sealLinkAudit(records, until),
  sharedWithMe: async () => (await need()).sharedWithMe(),
  sharedTags: async () => (await need()).sharedTags(),
  openShared: async (patient, place, bundles) => (await need()).openShared(patient, place, bundles),
  sealOpenAudit: async (patient, place, label) => (await need()).sealOpenAudit(patient, place, label),
};

Comlink.expose(api);
