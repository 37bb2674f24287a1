// The identity service's one door (above web/vault and web/core/identity and records, below
// web/workers): identities, their keys, and the user's private records. Used by the identity worker.
export { IdentityService, IdentityError } from './service.ts';
export type { IdentityInfo, FoundBundle, MyRecord, InboxRequest, TrustedClinic, Sealed, SharedPatient, SharedRecord } from './service.ts';
