// The merge of a chunked file import's reports (web/app/controllers/import-reports.ts): sums, file
// positions, a list of refusals capped at MAX_LISTED_REJECTIONS with exact counts, and the final
// picture of what still waits, taken from the replica's answer rather than from the chunks.
import { expect } from 'chai';
import fc from 'fast-check';
import { mergeImportReports, settleHeld } from '../../web/app/controllers/import-reports.ts';
import { MAX_LISTED_REJECTIONS, REASON_CODES, reasonMessage, type Reason } from '../../web/core/validate/index.ts';
import type { HeldTx, ImportReport } from '../../web/ledger/index.ts';
import { EMPTY_REPORT } from './_tangle-fixtures.ts';

const report = (patch: Partial<ImportReport>): ImportReport => ({ ...EMPTY_REPORT, ...patch });
const refusal = (reason: Reason, position?: number, id?: string) => ({
  reason,
  message: reasonMessage(reason),
  ...(position === undefined ? {} : { position }),
  ...(id === undefined ? {} : { id }),
});
const held = (id: string, reason: HeldTx['reason'] = 'BUNDLE_INCOMPLETE'): HeldTx => ({ id: id.repeat(64 / id.length), reason });
/** A chunk's report that holds `txs`, with the held numbers the replica gives such a report. */
const holding = (txs: HeldTx[], patch: Partial<ImportReport> = {}): ImportReport => {
  const counts: ImportReport['counts'] = { ...patch.counts };
  for (const h of txs) counts[h.reason] = (counts[h.reason] ?? 0) + 1;
  return report({ ...patch, held: txs.length, heldTxs: txs, counts });
};
const parent = Uint8Array.of(7, 7, 7);

describe('mergeImportReports', () => {
  it('gives back the report of a file read in one chunk', () => {
    const one = holding([held('a1'), held('a2', 'PARENT_MISSING'), held('a3', 'PARENT_MISSING')], {
      accepted: 4,
      acceptedBundles: 2,
      rejected: [refusal('GARBAGE', 6), refusal('POW', 1, 'ab'), refusal('DUPLICATE', undefined, 'cd')],
      quarantined: 5,
      quarantineSaved: false,
      missingParents: [parent],
      counts: { GARBAGE: 1, POW: 1, DUPLICATE: 1 },
    });
    expect(mergeImportReports([{ report: one, first: 0 }])).to.deep.equal(one);
  });

  it('sums what was stored and refused, and turns chunk positions into file positions', () => {
    const merged = mergeImportReports([
      { report: report({ accepted: 3, acceptedBundles: 1, rejected: [refusal('POW', 0, 'aa')], counts: { POW: 1 } }), first: 0 },
      { report: report({ accepted: 2, acceptedBundles: 2, rejected: [refusal('POW', 1, 'bb'), refusal('DUPLICATE', undefined, 'cc')], counts: { POW: 1, DUPLICATE: 1 } }), first: 4 },
      // The last chunk carries the file's trailing bytes: GARBAGE at its record count, 1 + 8 = 9 in the file.
      { report: report({ rejected: [refusal('GARBAGE', 1)], counts: { GARBAGE: 1 } }), first: 8 },
    ]);
    expect(merged).to.include({ accepted: 5, acceptedBundles: 3, held: 0, quarantined: 0, rejectedOmitted: 0 });
    expect(merged.rejected).to.deep.equal([refusal('POW', 0, 'aa'), refusal('POW', 5, 'bb'), refusal('DUPLICATE', undefined, 'cc'), refusal('GARBAGE', 9)]);
    expect(merged.counts).to.deep.equal({ POW: 2, DUPLICATE: 1, GARBAGE: 1 });
  });

  it('keeps the header position -1, and does not change the reports it is given', () => {
    const header = report({ rejected: [refusal('TRUNCATED', -1)], counts: { TRUNCATED: 1 } });
    const copy = structuredClone(header);
    expect(mergeImportReports([{ report: header, first: 0 }]).rejected).to.deep.equal([refusal('TRUNCATED', -1)]);
    const later = holding([held('b1')], { rejected: [refusal('POW', 0)], counts: { POW: 1 } });
    const laterCopy = structuredClone(later);
    const merged = mergeImportReports([{ report: header, first: 0 }, { report: later, first: 3 }]);
    merged.heldTxs[0].reason = 'PARENT_MISSING';
    merged.rejected[1].position = 99;
    expect(header).to.deep.equal(copy);
    expect(later).to.deep.equal(laterCopy);
  });

  it(`lists the first ${MAX_LISTED_REJECTIONS} refusals of the file and counts the rest, by reason exactly`, () => {
    // A re-import: every chunk of 60 records is refused as duplicates, and each chunk's own list is
    // already capped at 50 by the replica (10 counted as omitted).
    const chunk = (first: number) => ({
      report: report({
        rejected: Array.from({ length: 50 }, (_, i) => refusal('DUPLICATE', i)),
        rejectedOmitted: 10,
        counts: { DUPLICATE: 60 },
      }),
      first,
    });
    const merged = mergeImportReports([chunk(0), chunk(60), chunk(120)]);
    expect(merged.counts).to.deep.equal({ DUPLICATE: 180 });
    expect(merged.rejected.map((r) => r.position)).to.deep.equal([
      ...Array.from({ length: 50 }, (_, i) => i),
      ...Array.from({ length: 50 }, (_, i) => 60 + i),
    ]);
    expect(merged.rejectedOmitted, '10 + 10 + 10 omitted by the replica, 50 by the merge').to.equal(80);
    expect(merged.rejected.length + merged.rejectedOmitted).to.equal(merged.counts.DUPLICATE);
  });

  it('gives the same report whether it joins the chunks at once or one by one (fast-check seed 61)', () => {
    const reason = fc.constantFrom(...REASON_CODES.filter((r) => r !== 'BUNDLE_INCOMPLETE' && r !== 'PARENT_MISSING'));
    const chunkReport = fc.record({
      accepted: fc.nat(50),
      acceptedBundles: fc.nat(20),
      rejected: fc.array(fc.record({ reason, position: fc.option(fc.integer({ min: -1, max: 80 }), { nil: undefined }) }), { maxLength: 70 }),
      omitted: fc.nat(30),
      held: fc.array(fc.record({ id: fc.stringMatching(/^[0-9a-f]{64}$/), reason: fc.constantFrom('BUNDLE_INCOMPLETE' as const, 'PARENT_MISSING' as const) }), { maxLength: 5 }),
      quarantined: fc.nat(100),
      quarantineSaved: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(chunkReport, { minLength: 1, maxLength: 6 }), (specs) => {
        let first = 0;
        const chunks = specs.map((s) => {
          const counts: ImportReport['counts'] = {};
          for (const r of s.rejected) counts[r.reason] = (counts[r.reason] ?? 0) + 1;
          const c = {
            report: holding(s.held, {
              accepted: s.accepted,
              acceptedBundles: s.acceptedBundles,
              rejected: s.rejected.map((r) => refusal(r.reason, r.position)),
              rejectedOmitted: s.omitted,
              counts,
              quarantined: s.quarantined,
              quarantineSaved: s.quarantineSaved,
            }),
            first,
          };
          first += 100;
          return c;
        });
        // The Tangle controller's way: a running report, joined with each new chunk's (its positions
        // are already file positions, so it joins at 0).
        let running = mergeImportReports([chunks[0]]);
        for (const c of chunks.slice(1)) running = mergeImportReports([{ report: running, first: 0 }, c]);
        expect(running).to.deep.equal(mergeImportReports(chunks));
        expect(running.rejected.length).to.be.at.most(MAX_LISTED_REJECTIONS);
      }),
      // A fixed seed, so every run checks the same 200 cases and a failure replays (fast-check prints the path).
      { seed: 61, numRuns: 200 },
    );
  });

  it('lists once a tx that two chunks held, with the reason of the later one', () => {
    // A tx that already waits is held again by each call that brings it (never refused as a
    // duplicate): a file that holds it in two chunks must not count it twice.
    const merged = mergeImportReports([
      { report: holding([held('a1'), held('a2')], { quarantined: 2 }), first: 0 },
      { report: holding([held('a1', 'PARENT_MISSING'), held('a3')], { quarantined: 3 }), first: 2 },
    ]);
    expect(merged.heldTxs).to.deep.equal([held('a1', 'PARENT_MISSING'), held('a2'), held('a3')]);
    expect(merged.held).to.equal(3);
    expect(merged.counts).to.deep.equal({ PARENT_MISSING: 1, BUNDLE_INCOMPLETE: 2 });
  });

  it('takes the state after the import from the last chunk: quarantine size, missing parents, whether it was saved', () => {
    const merged = mergeImportReports([
      { report: report({ quarantined: 4, quarantineSaved: false, missingParents: [Uint8Array.of(1)] }), first: 0 },
      { report: report({ quarantined: 2, quarantineSaved: true, missingParents: [parent] }), first: 2 },
    ]);
    expect(merged).to.include({ quarantined: 2, quarantineSaved: true });
    expect(merged.missingParents).to.deep.equal([parent]);
  });

  it('names bad arguments', () => {
    expect(() => mergeImportReports([])).to.throw(RangeError, /chunks must hold/);
    expect(() => mergeImportReports([{ report: EMPTY_REPORT, first: 0 }, { report: EMPTY_REPORT, first: 1.5 }])).to.throw(RangeError, /chunks\[1\]\.first/);
  });
});

describe('settleHeld', () => {
  it('does not count as held a bundle cut by a chunk boundary and completed by the next chunk', () => {
    const merged = mergeImportReports([
      { report: holding([held('a1'), held('a2')], { accepted: 1, acceptedBundles: 1, quarantined: 2 }), first: 0 },
      { report: holding([held('b1')], { accepted: 4, acceptedBundles: 2, quarantined: 1 }), first: 3 },
      { report: report({ accepted: 2, acceptedBundles: 1, quarantined: 0 }), first: 6 },
    ]);
    expect(merged.held, 'before the replica is asked: every tx some chunk held').to.equal(3);
    const settled = settleHeld(merged, []);
    expect(settled).to.include({ accepted: 7, acceptedBundles: 4, held: 0, quarantined: 0 });
    expect(settled.heldTxs).to.deep.equal([]);
    expect(settled.counts, 'no BUNDLE_INCOMPLETE left: each one was a transient').to.deep.equal({});
  });

  it('counts every tx of the file that still waits, also when the quarantine did not grow', () => {
    // The quarantine was full: each of the file's txs evicted an older waiting tx.
    const merged = mergeImportReports([
      { report: holding([held('c1', 'PARENT_MISSING'), held('c2', 'PARENT_MISSING')], { quarantined: 4, rejected: [refusal('QUARANTINE_FULL'), refusal('QUARANTINE_FULL')], counts: { QUARANTINE_FULL: 2 } }), first: 0 },
      { report: holding([held('c3', 'PARENT_MISSING')], { quarantined: 4, rejected: [refusal('QUARANTINE_FULL')], counts: { QUARANTINE_FULL: 1 } }), first: 2 },
    ]);
    const settled = settleHeld(merged, merged.heldTxs);
    expect(settled).to.include({ held: 3, quarantined: 4 });
    expect(settled.counts).to.deep.equal({ QUARANTINE_FULL: 3, PARENT_MISSING: 3 });
  });

  it('gives each tx that still waits the reason that holds it now', () => {
    // d1 was held for the rest of its bundle; the next chunk completed the bundle, which now waits for
    // a parent the file does not bring. e1 was completed and stored.
    const merged = mergeImportReports([
      { report: holding([held('d1'), held('e1')], { quarantined: 2 }), first: 0 },
      { report: holding([held('d2', 'PARENT_MISSING')], { quarantined: 2, rejected: [refusal('DUPLICATE', 0, 'f1')], counts: { DUPLICATE: 1 } }), first: 2 },
    ]);
    const settled = settleHeld(merged, [held('d1', 'PARENT_MISSING'), held('d2', 'PARENT_MISSING')]);
    expect(settled).to.include({ held: 2 });
    expect(settled.heldTxs).to.deep.equal([held('d1', 'PARENT_MISSING'), held('d2', 'PARENT_MISSING')]);
    expect(settled.counts).to.deep.equal({ PARENT_MISSING: 2, DUPLICATE: 1 });
    expect(merged.heldTxs[0].reason, 'the merged report is not changed').to.equal('BUNDLE_INCOMPLETE');
  });

  it('names bad arguments', () => {
    const merged = mergeImportReports([{ report: holding([held('a1')]), first: 0 }]);
    expect(() => settleHeld(merged, 'x' as unknown as HeldTx[])).to.throw(TypeError, /stillHeld must be an array/);
    expect(() => settleHeld(merged, [held('b2')])).to.throw(RangeError, /stillHeld\[0\]\.id must name a tx this import held, got b2b2/);
    expect(() => settleHeld(merged, [{ id: held('a1').id, reason: 'POW' as HeldTx['reason'] }])).to.throw(RangeError, /stillHeld\[0\]\.reason must be BUNDLE_INCOMPLETE, PARENT_MISSING or WRITE_PENDING, got POW/);
  });
});
