// Consent and the audit log (issue 10; docs/design.md "Consent and links"): a patient's grant to a doctor
// and its revocation as FHIR R4 Consents, each audited action as a FHIR R4 AuditEvent, the message that
// records a consent action and its audit entry together, and the folds the screens show them with.
// Pure: ids, keys and the time are arguments. Used by the identity service, the consent and audit
// screens, and the doctor's app.
export { RECORD_SYSTEM, CONSENT_SYSTEM, AUDIT_SYSTEM, DATA_KEY_URL, placeString, parsePlace } from './_common.ts';
export type { RecordPlace, Party } from './_common.ts';
export { consentResource, readConsent, withoutKeys } from './_consent.ts';
export type { Grant, GrantScope, GrantedRecord } from './_consent.ts';
export { AUDIT_ACTIONS, auditResource, readAudit } from './_audit.ts';
export type { Audit, AuditAction } from './_audit.ts';
export { consentMessage, readConsentMessage } from './_message.ts';
export { grantCovers, foldGrants, auditLog } from './_fold.ts';
