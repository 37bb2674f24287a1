// The vault's IndexedDB schema (idb's DBSchema typing) and its upgrade ladder. The vault is its own
// database, apart from the replicas (one per network), because an identity belongs to the device,
// not to a network.
//
// | store      | since | key                          | value                                          |
// | ---------- | ----- | ---------------------------- | ---------------------------------------------- |
// | identities | v1    | identity id, 32 hex digits   | { record: ArrayBuffer }: the vault record, format 1 (./_format.ts, docs/vault.md) |
//
// The ladder: every version adds one `if (oldVersion < N)` step, never changed once shipped. Each
// shipped version is frozen in test/fixtures/vault-schema-vN.ts and upgraded in a real browser by
// test/vault/vault.test.ts ("opens a database made with the frozen schema version …").
import type { DBSchema, IDBPDatabase } from 'idb';

/** The current schema version; opened by VaultStore. */
export const VAULT_SCHEMA_VERSION = 1;
/** The app's vault database. */
export const VAULT_DB_NAME = 'medtangle-vault';

/** One identity's stored record. */
export interface IdentityValue {
  record: ArrayBuffer;
}

/** The schema at version 1. */
export interface VaultDB extends DBSchema {
  identities: { key: string; value: IdentityValue };
}

/** The upgrade ladder; called by VaultStore.open through openDB's `upgrade`. */
export function upgradeVault(db: IDBPDatabase<VaultDB>, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('identities');
  }
}
