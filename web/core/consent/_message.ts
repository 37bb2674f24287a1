// One consent action as one message: a FHIR R4 Bundle of type collection holding the Consent and the
// AuditEvent of that action, so that one Tangle bundle records both (a grant and its log entry cannot
// travel apart). Pure; internal to web/core/consent.
import type { AuditEvent, Bundle, Consent } from '@medplum/fhirtypes';
import { auditResource, readAudit, type Audit } from './_audit.ts';
import { consentResource, readConsent, type Grant } from './_consent.ts';
import { isObject } from './_common.ts';

// The audit entry must be of this grant: its grantId, its patient, and an action that fits the status
// (a revocation is logged as 'revoke'; an active Consent as the 'grant' that made it, or the 'share'
// that hands past records over under it).
function _matches(g: Grant, a: Audit): boolean {
  const action = g.status === 'revoked' ? a.action === 'revoke' : a.action === 'grant' || a.action === 'share';
  return action && a.grantId === g.id && a.patient.key === g.patient.key;
}

/** The message resource of one consent action: Consent then AuditEvent. Used by the identity service. */
export function consentMessage(g: Grant, a: Audit): Bundle {
  const consent = consentResource(g);
  const audit = auditResource(a);
  if (!_matches(g, a)) throw new RangeError('the audit entry must be of this grant: same grantId and patient, action revoke for a revocation, grant or share otherwise');
  return { resourceType: 'Bundle', type: 'collection', entry: [{ resource: consent }, { resource: audit }] };
}

/** The grant and audit entry of a message written by consentMessage, or null for anything else. Never throws. Used by the identity service. */
export function readConsentMessage(r: unknown): { grant: Grant; audit: Audit } | null {
  try {
    if (!isObject(r) || r.resourceType !== 'Bundle' || r.type !== 'collection') return null;
    const entry = r.entry;
    if (!Array.isArray(entry) || entry.length !== 2 || !isObject(entry[0]) || !isObject(entry[1])) return null;
    // Each entry holds its resource and nothing else, as consentMessage writes it.
    if (Object.keys(entry[0]).length !== 1 || Object.keys(entry[1]).length !== 1) return null;
    if (Object.keys(r).some((k) => k !== 'resourceType' && k !== 'type' && k !== 'entry')) return null;
    const grant = readConsent(entry[0].resource as Consent);
    const audit = readAudit(entry[1].resource as AuditEvent);
    return grant && audit && _matches(grant, audit) ? { grant, audit } : null;
  } catch {
    return null;
  }
}
