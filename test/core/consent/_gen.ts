// Generators of valid grants and audit entries for the consent tests (fast-check), and the helpers they
// share. Every property test that uses them runs with a fixed seed, which fast-check prints on failure.
import fc from 'fast-check';
import type { Audit, AuditAction, Grant, GrantedRecord, Party, RecordPlace } from '../../../web/core/consent/index.ts';

export const XSS = '<img src=x onerror=alert(1)>';

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
export const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex);
export const hex32 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(hex);

// R4 instants: years 0001 to 9999 (https://hl7.org/fhir/R4/datatypes.html#instant), written here from
// the calendar, not from the code under test.
export const MIN_TIME = -62135596800000; // 0001-01-01T00:00:00.000Z
export const MAX_TIME = 253402300799999; // 9999-12-31T23:59:59.999Z
export const time = fc.oneof(fc.integer({ min: MIN_TIME, max: MAX_TIME }), fc.integer({ min: 1.7e12, max: 1.9e12 }), fc.constantFrom(MIN_TIME, MAX_TIME, 0));

// Text a person may type or a screen may show: any Unicode but the C0 controls R4 strings forbid
// (tab, LF, CR allowed), markup, Ukrainian, emoji, leading and trailing spaces, and ''.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
export const text = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('', XSS, 'Др Шевченко', 'Рецепт, 3 травня 2026', ' padded ', 'tab\there\nline', '🩺 ok'),
  )
  .filter((s) => !CONTROL.test(s));

export const place: fc.Arbitrary<RecordPlace> = fc.record({ tag: hex64, hash: hex64 });
export const party: fc.Arbitrary<Party> = fc.record({ key: hex64, name: text });
export const dataKey = fc.uint8Array({ minLength: 32, maxLength: 32 });

export const grantedRecord: fc.Arbitrary<GrantedRecord> = fc.record(
  { place, label: text, kind: fc.oneof(text, fc.constantFrom('MedicationRequest', 'Condition', 'Bundle', 'CarePlan')), date: time, dataKey },
  { requiredKeys: ['place', 'label', 'kind', 'date'] },
);

export const grant: fc.Arbitrary<Grant> = fc.record({
  id: hex32,
  patient: party,
  doctor: party,
  scope: fc.oneof(
    fc.record({ kind: fc.constant('records' as const), records: fc.array(grantedRecord, { minLength: 1, maxLength: 6 }) }),
    fc.record({ kind: fc.constant('from-now-on' as const), start: time }),
  ),
  until: time,
  at: time,
  status: fc.constantFrom('active' as const, 'revoked' as const),
});

export const ACTIONS: AuditAction[] = ['grant', 'revoke', 'share', 'link', 'open'];

export const audit: fc.Arbitrary<Audit> = fc.record(
  {
    id: hex32,
    action: fc.constantFrom(...ACTIONS),
    at: time,
    by: party,
    patient: party,
    counterpart: fc.option(party, { nil: null }),
    records: fc.array(fc.record({ place, label: text }), { maxLength: 6 }),
    grantId: hex32,
    until: time,
  },
  { requiredKeys: ['id', 'action', 'at', 'by', 'patient', 'counterpart', 'records'] },
);

/** An audit entry as the app writes it: the patient acts (grant, revoke, share, link) or a doctor opens. */
export const realisticAudit: fc.Arbitrary<Audit> = fc
  .tuple(audit, party)
  .map(([a, doctor]) => (a.action === 'open' ? { ...a, by: doctor, counterpart: a.patient } : { ...a, by: a.patient, counterpart: a.action === 'link' ? null : doctor }));

/** The record layer's round trip (web/identity/service.ts): JSON, UTF-8 bytes, and back. */
export function roundTrip<T>(v: T): T {
  return JSON.parse(new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(v)))) as T;
}

/** A deep copy through JSON, for damaging a resource without touching the original. */
export function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Standard base64 of bytes, written here apart from the code under test (RFC 4648 §4, by hand). */
export function base64(bytes: Uint8Array): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += A[(n >> 18) & 63] + A[(n >> 12) & 63] + (i + 1 < bytes.length ? A[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? A[n & 63] : '=');
  }
  return out;
}

export { hex };
