// What the screens and the service ask of many grants and audit entries: whether a grant covers a
// record, the current state of each grant, and the audit log in the order the patient reads it.
// Pure: the time is an argument. Internal to web/core/consent.
import type { Audit } from './_audit.ts';
import type { Grant } from './_consent.ts';
import { isPlace, placeString, type RecordPlace } from './_common.ts';

/**
 * Whether a grant lets its doctor read a record dated `date` at time `now`: active, now < until, and the
 * place is listed (chosen records) or date >= start (from now on). Used by the service when sealing
 * and by the doctor's app.
 */
export function grantCovers(g: Grant, place: RecordPlace | null, date: number, now: number): boolean {
  if (g.status !== 'active' || !(now < g.until)) return false;
  if (g.scope.kind === 'from-now-on') return date >= g.scope.start;
  if (!isPlace(place)) return false;
  const wanted = placeString(place);
  return g.scope.records.some((r) => isPlace(r.place) && placeString(r.place) === wanted);
}

// A total order on values that are otherwise tied, so that folding gives the same answer for any
// order of arrival: their JSON with keys sorted and bytes as hex.
function _canon(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Uint8Array) return [...x].map((b) => b.toString(16).padStart(2, '0')).join('');
    if (x && typeof x === 'object' && !Array.isArray(x)) return Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return x;
  });
}

function _cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The current state of each grant id, from grants and revocations in any order, duplicates included: a
 * revocation wins over its grant (the earliest revocation, when there are several), newest first by
 * `at` (ties by id). Used by the consents screen and the service.
 */
export function foldGrants(items: Grant[]): Grant[] {
  const best = new Map<string, { g: Grant; canon: string }>();
  for (const g of items) {
    const canon = _canon(g);
    const held = best.get(g.id);
    if (!held) {
      best.set(g.id, { g, canon });
      continue;
    }
    // A revocation beats a grant; among the same status the earlier one (then the smaller JSON) stays,
    // so that the answer depends on the set of items only, never on their order.
    const rank = (x: Grant) => (x.status === 'revoked' ? 0 : 1);
    const better = rank(g) - rank(held.g) || g.at - held.g.at || _cmp(canon, held.canon);
    if (better < 0) best.set(g.id, { g, canon });
  }
  return [...best.values()].map((x) => x.g).sort((a, b) => b.at - a.at || _cmp(a.id, b.id));
}

/**
 * The audit log as the patient's screen lists it: newest first (ties by id), each id once, and, with a
 * filter, only the entries where that party acted or was the counterpart (so a doctor's entries are
 * both what the patient granted them and what they opened). Used by the audit log screen.
 */
export function auditLog(items: Audit[], filter?: { counterpart?: string }): Audit[] {
  const byId = new Map<string, { a: Audit; canon: string }>();
  for (const a of items) {
    const canon = _canon(a);
    const held = byId.get(a.id);
    if (!held || _cmp(canon, held.canon) < 0) byId.set(a.id, { a, canon });
  }
  const key = filter?.counterpart;
  return [...byId.values()]
    .map((x) => x.a)
    .filter((a) => key === undefined || a.by.key === key || a.counterpart?.key === key)
    .sort((a, b) => b.at - a.at || _cmp(a.id, b.id));
}
