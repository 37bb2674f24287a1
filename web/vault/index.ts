// The vault adapter's one door: each identity's seed, profile and keys, stored only encrypted in
// IndexedDB (schema.ts) under a key from the passphrase (scrypt). Used by the identity worker.
export { VaultStore, OpenVault, VaultError, DEFAULT_KDF, MIN_PASSPHRASE } from './vault-store.ts';
export type { VaultSummary, RandomBytes, KdfProgress } from './vault-store.ts';
export type { KdfParams } from './_format.ts';
export { VAULT_DB_NAME, VAULT_SCHEMA_VERSION } from './schema.ts';
