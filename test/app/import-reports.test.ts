// The merge of a chunked file import's reports (web/app/controllers/import-reports.ts): sums, file
// positions, and the final picture of what still waits rather than the sum of transients.
import { expect } from 'chai';
import { mergeImportReports } from '../../web/app/controllers/import-reports.ts';
import { reasonMessage, type Reason } from '../../web/core/validate/index.ts';
import type { ImportReport } from '../../web/ledger/index.ts';
import { EMPTY_REPORT } from './_tangle-fixtures.ts';

const report = (patch: Partial<ImportReport>): ImportReport => ({ ...EMPTY_REPORT, ...patch });
const refusal = (reason: Reason, position?: number, id?: string) => ({
  reason,
  message: reasonMessage(reason),
  ...(position === undefined ? {} : { position }),
  ...(id === undefined ? {} : { id }),
});
const parent = Uint8Array.of(7, 7, 7);

describe('mergeImportReports', () => {
  it('gives back the report of a file read in one chunk', () => {
    const one = report({
      accepted: 4,
      acceptedBundles: 2,
      rejected: [refusal('GARBAGE', 6), refusal('POW', 1, 'ab'), refusal('DUPLICATE', undefined, 'cd')],
      held: 3,
      quarantined: 5,
      missingParents: [parent],
      counts: { GARBAGE: 1, POW: 1, DUPLICATE: 1, BUNDLE_INCOMPLETE: 1, PARENT_MISSING: 2 },
    });
    expect(mergeImportReports([{ report: one, first: 0 }], 2)).to.deep.equal(one);
  });

  it('sums what was stored and refused, and turns chunk positions into file positions', () => {
    const merged = mergeImportReports(
      [
        { report: report({ accepted: 3, acceptedBundles: 1, rejected: [refusal('POW', 0, 'aa')], counts: { POW: 1 } }), first: 0 },
        { report: report({ accepted: 2, acceptedBundles: 2, rejected: [refusal('POW', 1, 'bb'), refusal('DUPLICATE', undefined, 'cc')], counts: { POW: 1, DUPLICATE: 1 } }), first: 4 },
        // The last chunk carries the file's trailing bytes: GARBAGE at its record count, 1 + 8 = 9 in the file.
        { report: report({ rejected: [refusal('GARBAGE', 1)], counts: { GARBAGE: 1 } }), first: 8 },
      ],
      0,
    );
    expect(merged).to.include({ accepted: 5, acceptedBundles: 3, held: 0, quarantined: 0 });
    expect(merged.rejected).to.deep.equal([refusal('POW', 0, 'aa'), refusal('POW', 5, 'bb'), refusal('DUPLICATE', undefined, 'cc'), refusal('GARBAGE', 9)]);
    expect(merged.counts).to.deep.equal({ POW: 2, DUPLICATE: 1, GARBAGE: 1 });
  });

  it('keeps the header position -1, and does not change the reports it is given', () => {
    const header = report({ rejected: [refusal('TRUNCATED', -1)], counts: { TRUNCATED: 1 } });
    const copy = structuredClone(header);
    expect(mergeImportReports([{ report: header, first: 0 }], 0).rejected).to.deep.equal([refusal('TRUNCATED', -1)]);
    const later = report({ rejected: [refusal('POW', 0)], counts: { POW: 1 } });
    mergeImportReports([{ report: header, first: 0 }, { report: later, first: 3 }], 0);
    expect(header).to.deep.equal(copy);
    expect(later.rejected[0].position).to.equal(0);
  });

  it('does not count as held a bundle cut by a chunk boundary and completed by the next chunk', () => {
    const merged = mergeImportReports(
      [
        { report: report({ accepted: 1, acceptedBundles: 1, held: 2, quarantined: 2, counts: { BUNDLE_INCOMPLETE: 2 } }), first: 0 },
        { report: report({ accepted: 4, acceptedBundles: 2, held: 1, quarantined: 1, counts: { BUNDLE_INCOMPLETE: 1 } }), first: 3 },
        { report: report({ accepted: 2, acceptedBundles: 1, held: 0, quarantined: 0 }), first: 6 },
      ],
      0,
    );
    expect(merged).to.include({ accepted: 7, acceptedBundles: 4, held: 0, quarantined: 0 });
    expect(merged.counts, 'no BUNDLE_INCOMPLETE left: each one was a transient').to.deep.equal({});
  });

  it('tells the file\'s waiting txs from those that waited before the import', () => {
    // 5 txs of an earlier sync wait for parents the file does not bring; the file's cut bundle completes.
    const merged = mergeImportReports(
      [
        { report: report({ held: 1, quarantined: 6, missingParents: [parent], counts: { BUNDLE_INCOMPLETE: 1 } }), first: 0 },
        { report: report({ accepted: 2, acceptedBundles: 1, held: 0, quarantined: 5, missingParents: [parent] }), first: 2 },
      ],
      5,
    );
    expect(merged).to.include({ held: 0, quarantined: 5 });
    expect(merged.counts).to.deep.equal({});
    expect(merged.missingParents).to.deep.equal([parent]);
  });

  it('counts what still waits at the end once, with the reason that still holds it', () => {
    // Chunk 1: two txs whose parents are not in the file. Chunk 2: a bundle cut by the boundary, and
    // a duplicate. Chunk 3: the cut bundle's last tx (stored), a duplicate, and a tx of a bundle the
    // file never completes.
    const merged = mergeImportReports(
      [
        { report: report({ held: 2, quarantined: 2, missingParents: [parent], counts: { PARENT_MISSING: 2 } }), first: 0 },
        { report: report({ held: 1, quarantined: 3, rejected: [refusal('DUPLICATE', 0, 'd1')], missingParents: [parent], counts: { BUNDLE_INCOMPLETE: 1, DUPLICATE: 1 } }), first: 2 },
        {
          report: report({
            accepted: 2,
            acceptedBundles: 1,
            held: 1,
            quarantined: 3,
            rejected: [refusal('DUPLICATE', 1, 'd2')],
            missingParents: [parent],
            counts: { BUNDLE_INCOMPLETE: 1, DUPLICATE: 1 },
          }),
          first: 4,
        },
      ],
      0,
    );
    expect(merged).to.include({ accepted: 2, held: 3, quarantined: 3 });
    expect(merged.counts).to.deep.equal({ PARENT_MISSING: 2, BUNDLE_INCOMPLETE: 1, DUPLICATE: 2 });
    expect(merged.rejected.map((r) => r.position)).to.deep.equal([2, 5]);
  });

  it('never says fewer wait than the last chunk left waiting, nor more than the chunks ever held', () => {
    // The import released 4 txs that waited before it, so the quarantine shrank while the file's txs waited.
    const released = mergeImportReports(
      [
        { report: report({ accepted: 4, acceptedBundles: 2, held: 1, quarantined: 1, counts: { PARENT_MISSING: 1 } }), first: 0 },
        { report: report({ held: 2, quarantined: 3, counts: { BUNDLE_INCOMPLETE: 2 } }), first: 2 },
      ],
      4,
    );
    // Reports do not name held txs: 3 of the file's txs may wait here, but only 2 can be proven.
    expect(released.held).to.equal(2);
    expect(released.counts).to.deep.equal({ BUNDLE_INCOMPLETE: 2 });
    // Something else filled the quarantine meanwhile: still no more than the file's chunks held.
    const grown = mergeImportReports([{ report: report({ held: 1, quarantined: 1, counts: { BUNDLE_INCOMPLETE: 1 } }), first: 0 }, { report: report({ quarantined: 9 }), first: 1 }], 0);
    expect(grown.held).to.equal(1);
    expect(grown.counts).to.deep.equal({ BUNDLE_INCOMPLETE: 1 });
  });

  it('names bad arguments', () => {
    expect(() => mergeImportReports([], 0)).to.throw(RangeError, /chunks must hold/);
    expect(() => mergeImportReports([{ report: EMPTY_REPORT, first: 0 }], -1)).to.throw(RangeError, /quarantinedBefore/);
    expect(() => mergeImportReports([{ report: EMPTY_REPORT, first: 0 }, { report: EMPTY_REPORT, first: 1.5 }], 0)).to.throw(RangeError, /chunks\[1\]\.first/);
  });
});
