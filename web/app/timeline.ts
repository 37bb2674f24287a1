// The patient's timeline as a list (issue 9, "The patient's timeline"): the records opened on this
// device, grouped by consultation (a request and the answers that name it), each group's entries in
// the order they were written, groups with the newest activity first, then the records of no
// consultation (notes, imported records). Pure: no DOM, no I/O; used by My record and by the bench
// (timeline.open_ms.n1e3), so the bench measures the screen's own work.
import { readCareRecord, type CareSummary } from '../core/care/index.ts';
import { readConsentMessage } from '../core/consent/index.ts';
import type { MyRecord } from '../identity/index.ts';

/** One consultation: the request's id, the counterpart's agreement key, and its entries in order. */
export interface TimelineGroup {
  id: string;
  with: string | null;
  entries: { r: MyRecord; s: CareSummary }[];
}

/** Whether a record is a consent decision or an audit entry (the access log's, not the medical history's). */
export function isAccessRecord(resource: MyRecord['resource']): boolean {
  return resource.resourceType === 'AuditEvent' || resource.resourceType === 'Consent' || (resource.resourceType === 'Bundle' && readConsentMessage(resource) !== null);
}

/** The medical records among the user's: what the timeline, the FHIR export and the choices of a grant or a link show. Called by My record and the consent screens. */
export function medicalRecords(records: readonly MyRecord[]): MyRecord[] {
  return records.filter((r) => !isAccessRecord(r.resource));
}

/** The records grouped for the timeline. Called by My record and the timeline bench. */
export function timelineOf(records: readonly MyRecord[]): { consultations: TimelineGroup[]; notes: MyRecord[] } {
  const byRequest = new Map<string, TimelineGroup>();
  const notes: MyRecord[] = [];
  for (const r of records) {
    if (isAccessRecord(r.resource)) continue;
    const s = readCareRecord(r.resource);
    if (s.kind === 'other' || s.requestId === '') {
      notes.push(r);
      continue;
    }
    // A consultation is one pair's: the same request id from another counterpart is another group.
    const key = `${r.with ?? ''}/${s.requestId}`;
    const g = byRequest.get(key) ?? { id: s.requestId, with: r.with, entries: [] };
    g.entries.push({ r, s });
    byRequest.set(key, g);
  }
  const consultations = [...byRequest.values()];
  for (const g of consultations) g.entries.sort((a, b) => a.r.issuedAt - b.r.issuedAt || a.r.id.localeCompare(b.r.id));
  const last = (g: TimelineGroup) => g.entries[g.entries.length - 1].r.issuedAt;
  consultations.sort((a, b) => last(b) - last(a) || a.id.localeCompare(b.id));
  return { consultations, notes };
}
