// The export and import card: the events it asks with, and the import report in plain words.
import { expect } from 'chai';
import type { FilesView } from '../../web/app/controllers/tangle-controller.ts';
import type { FileImportDetail, MtTangleFiles } from '../../web/app/mt-tangle-files.ts';
import { rejectionsByReason } from '../../web/app/mt-tangle-files.ts';
import '../../web/app/mt-tangle-files.ts';
import { reasonMessage } from '../../web/core/validate/index.ts';
import { reasonInWords } from '../../web/app/i18n/reasons.ts';
import type { ImportReport } from '../../web/ledger/index.ts';
import { EMPTY_REPORT } from './_tangle-fixtures.ts';

const view = (patch: Partial<FilesView>): FilesView => ({
  state: 'idle',
  fileName: '',
  exportedTxs: 0,
  recordsDone: 0,
  recordsTotal: 0,
  importedTxs: 0,
  recordsAnnounced: 0,
  fileBytes: 0,
  framing: null,
  network: { name: 'medtangle', mwm: 13 },
  report: null,
  error: '',
  cleared: null,
  ...patch,
});

const squash = (el: Element | null) => el!.textContent!.replace(/\s+/g, ' ').trim();
/** A report of one file-level framing refusal (the replica counts it once, under its reason). */
const framed = (reason: 'GARBAGE' | 'TRUNCATED', position: number, patch: Partial<ImportReport> = {}): ImportReport => ({
  ...EMPTY_REPORT,
  ...patch,
  rejected: [{ reason, message: reasonMessage(reason), position }, ...(patch.rejected ?? [])],
  counts: { ...patch.counts, [reason]: (patch.counts?.[reason] ?? 0) + 1 },
});

async function mount(v: FilesView | null): Promise<MtTangleFiles> {
  const el = document.createElement('mt-tangle-files');
  el.view = v;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const q = <T extends Element = HTMLElement>(el: MtTangleFiles, id: string) => el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);

describe('mt-tangle-files', () => {
  afterEach(() => document.querySelectorAll('mt-tangle-files').forEach((e) => e.remove()));

  it('asks for an export and for an import of the chosen file', async () => {
    const el = await mount(view({}));
    const events: string[] = [];
    el.addEventListener('file-export', () => events.push('export'));
    el.addEventListener('file-import', (e) => events.push(`import ${(e as CustomEvent<FileImportDetail>).detail.file.name}`));
    q(el, 'export-file')!.click();
    const input = q<HTMLInputElement>(el, 'import-file')!;
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.of(1)], 'a.mtx'));
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
    expect(events).to.deep.equal(['export', 'import a.mtx']);
  });

  it('reports a garbage file with its reason, and nothing stored', async () => {
    const report = framed('GARBAGE', -1);
    const el = await mount(view({ state: 'imported', fileName: 'junk.mtx', fileBytes: 40, framing: { reason: 'GARBAGE', position: -1, offset: 0 }, report }));
    const text = q(el, 'import-report')!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Nothing was stored: junk.mtx is not a medtangle transaction file.');
    expect(q(el, 'import-rejected'), 'the file is said in words, not listed as a refused tx').to.equal(null);
    expect(q(el, 'import-report')!.classList.contains('error')).to.equal(true);
  });

  it('reports what was stored, what waits and what was refused, by reason', async () => {
    const report = {
      ...EMPTY_REPORT,
      accepted: 5,
      acceptedBundles: 3,
      held: 2,
      rejected: [
        { reason: 'POW' as const, message: reasonMessage('POW') },
        { reason: 'POW' as const, message: reasonMessage('POW') },
        { reason: 'DUPLICATE' as const, message: reasonMessage('DUPLICATE') },
      ],
      counts: { POW: 2, DUPLICATE: 1, PARENT_MISSING: 2 },
    };
    expect(rejectionsByReason(report).map((g) => [g.reason, g.count]), 'a tx the device already had is not refused').to.deep.equal([['POW', 2]]);
    const el = await mount(view({ state: 'imported', fileName: 'b.mtx', report }));
    expect(q(el, 'import-headline')!.textContent).to.equal('Stored 5 transactions (3 bundles) from b.mtx.');
    expect(q(el, 'import-held')!.textContent).to.contain('2 transactions wait in quarantine');
    // Each refusal in words, with how many; the code only in small print, for support.
    const rejected = q(el, 'import-rejected')!.textContent!.replace(/\s+/g, ' ');
    expect(rejected).to.contain(`2 transactions: ${reasonInWords('POW')}`);
    expect(rejected).to.contain('code: POW');
    expect(q(el, 'import-rejected')!.querySelector('small.code')!.textContent).to.equal('code: POW');
    expect(q(el, 'import-rejected')!.querySelector('[data-reason="PARENT_MISSING"]'), 'a tx that waits is not refused').to.equal(null);
    expect(q(el, 'import-unsaved'), 'the quarantine was saved').to.equal(null);
  });

  it('counts refusals by reason from the exact counts, not from the few listed one by one', async () => {
    // A file of 180 txs made at a lower MWM: the report lists the first 100 and counts all of them.
    const listed = Array.from({ length: 100 }, (_, i) => ({ reason: 'POW' as const, message: reasonMessage('POW'), position: i }));
    const report = { ...EMPTY_REPORT, rejected: listed, rejectedOmitted: 80, counts: { POW: 180 } };
    expect(rejectionsByReason(report)).to.deep.equal([{ reason: 'POW', message: reasonInWords('POW'), count: 180 }]);
    const el = await mount(view({ state: 'imported', fileName: 'other.mtx', report }));
    expect(q(el, 'import-headline')!.textContent).to.equal('Nothing was stored from other.mtx.');
    expect(q(el, 'import-rejected')!.textContent!.replace(/\s+/g, ' ')).to.contain(`180 transactions: ${reasonInWords('POW')}`);
    // A re-import of 180 stored txs: nothing new, and nothing refused.
    const again = { ...EMPTY_REPORT, rejected: listed.map((r) => ({ ...r, reason: 'DUPLICATE' as const })), rejectedOmitted: 80, counts: { DUPLICATE: 180 } };
    el.view = view({ state: 'imported', fileName: 'again.mtx', report: again });
    await el.updateComplete;
    expect(q(el, 'import-headline')!.textContent).to.equal('Nothing new in again.mtx: this device already has all of its 180 transactions.');
    expect(q(el, 'import-report')!.classList.contains('ok')).to.equal(true);
    expect(q(el, 'import-rejected')).to.equal(null);
  });

  it('says in one sentence when waiting txs could not be saved for after a reload', async () => {
    const report = { ...EMPTY_REPORT, held: 1, quarantined: 3, quarantineSaved: false, counts: { BUNDLE_INCOMPLETE: 1 } };
    const el = await mount(view({ state: 'imported', fileName: 'half.mtx', report }));
    expect(q(el, 'import-unsaved')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'What waits in quarantine (3 transactions) could not be saved on this device: it is kept while the app stays open and ' +
        'saved by the next import, but lost if the app is closed or reloaded before then.',
    );
  });

  it('shows the progress of an import: records checked of the file\'s, and txs stored so far', async () => {
    const el = await mount(view({ state: 'importing', fileName: 'clinic.mtx', recordsDone: 4096, recordsTotal: 100000, importedTxs: 4090 }));
    const progress = q(el, 'import-progress')!;
    expect(progress.textContent!.replace(/\s+/g, ' ')).to.contain('Reading and checking clinic.mtx… 4,096 of 100,000 transactions checked, 4,090 stored so far.');
    const bar = progress.querySelector('progress')!;
    expect([bar.max, bar.value]).to.deep.equal([100000, 4096]);
    expect(bar.getAttribute('aria-valuetext')).to.equal('4,096 of 100,000 transactions checked');
    expect(q<HTMLButtonElement>(el, 'import-choose')!.disabled, 'no second import meanwhile').to.equal(true);
    el.view = view({ state: 'importing', fileName: 'clinic.mtx' });
    await el.updateComplete;
    expect(q(el, 'import-progress')!.textContent!.trim(), 'before the header is read').to.equal('Reading and checking clinic.mtx…');
    expect(q(el, 'import-progress')!.querySelector('progress')).to.equal(null);
  });

  it('says in a few words why Export and Import wait while a file is read or written', async () => {
    const el = await mount(view({ state: 'importing', fileName: 'clinic.mtx', recordsDone: 2, recordsTotal: 7 }));
    for (const id of ['export-file', 'import-choose', 'import-file']) expect(q<HTMLButtonElement>(el, id)!.disabled, id).to.equal(true);
    expect(squash(q(el, 'files-busy'))).to.equal('One file at a time: wait for this import’s report.');
    expect(q(el, 'import-choose')!.getAttribute('aria-describedby')).to.equal('files-busy');
    el.view = view({ state: 'exporting', fileName: 'medtangle-2025-03-07.mtx' });
    await el.updateComplete;
    expect(squash(q(el, 'files-busy'))).to.equal('One file at a time: wait until this file is saved.');
    el.view = view({ state: 'imported', fileName: 'clinic.mtx', report: { ...EMPTY_REPORT, accepted: 7, acceptedBundles: 4 } });
    await el.updateComplete;
    expect(q(el, 'files-busy'), 'no reason once nothing runs').to.equal(null);
    expect(q<HTMLButtonElement>(el, 'import-choose')!.disabled).to.equal(false);
  });

  it('announces the start and the end of an import, not every chunk', async () => {
    const live = (el: MtTangleFiles) =>
      [...el.shadowRoot!.querySelectorAll('[role="status"], [role="alert"], [aria-live]')].filter((e) => e.getAttribute('aria-live') !== 'off');
    const liveText = (el: MtTangleFiles) => live(el).map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
    const el = await mount(view({ state: 'importing', fileName: 'clinic.mtx' }));
    expect(liveText(el), 'the start').to.deep.equal(['Reading and checking clinic.mtx…']);
    const start = live(el)[0];
    for (const done of [2048, 4096, 6144]) {
      el.view = view({ state: 'importing', fileName: 'clinic.mtx', recordsDone: done, recordsTotal: 6144, importedTxs: done - 3 });
      await el.updateComplete;
      expect(live(el), `after ${done} records: the same live region`).to.deep.equal([start]);
      expect(liveText(el), `after ${done} records: nothing new to announce`).to.deep.equal(['Reading and checking clinic.mtx…']);
    }
    el.view = view({ state: 'imported', fileName: 'clinic.mtx', report: { ...EMPTY_REPORT, accepted: 6141, acceptedBundles: 2000 } });
    await el.updateComplete;
    expect(liveText(el), 'the end').to.deep.equal(['Stored 6,141 transactions (2,000 bundles) from clinic.mtx.']);
  });

  it('warns, not in green, that a cut file is incomplete: what it announces, what it holds, what is missing', async () => {
    // A 3,000-tx backup cut inside record 1,501: the whole 1,500 were stored.
    const report = framed('TRUNCATED', 1500, { accepted: 1500, acceptedBundles: 15 });
    const el = await mount(view({
      state: 'imported', fileName: 'big-truncated.mtx', recordsDone: 1500, recordsTotal: 1500, recordsAnnounced: 3000,
      fileBytes: 8 + 1500 * 1312 + 700, framing: { reason: 'TRUNCATED', position: 1500, offset: 8 + 1500 * 1312 }, report,
    }));
    const box = q(el, 'import-report')!;
    expect(box.classList.contains('ok'), 'not green').to.equal(false);
    expect(box.classList.contains('warn')).to.equal(true);
    expect(squash(q(el, 'import-headline'))).to.equal(
      'big-truncated.mtx is incomplete: it announces 3,000 transactions but holds only 1,500 of them whole (1,500 missing).',
    );
    expect(squash(q(el, 'import-file-note'))).to.equal('Get a complete copy of the file and import it again: what is already stored is skipped.');
    expect(squash(q(el, 'import-outcome'))).to.equal('Stored 1,500 transactions (15 bundles) from big-truncated.mtx.');
    expect(q(el, 'import-rejected'), 'the cut is said in words, not listed as a refused tx').to.equal(null);
    expect(rejectionsByReason(report, view({ framing: { reason: 'TRUNCATED', position: 1500, offset: 0 } }).framing)).to.deep.equal([]);
  });

  it('puts the MWM first, in red, when a cut file also has too little proof of work and nothing was stored', async () => {
    // A file made at MWM 1, cut, imported on a network at MWM 3: a complete copy would be refused too.
    const report = framed('TRUNCATED', 1500, { accepted: 0, acceptedBundles: 0, counts: { POW: 1345 } });
    const el = await mount(view({
      state: 'imported', fileName: 'big-truncated.mtx', recordsDone: 1500, recordsTotal: 1500, recordsAnnounced: 3000, network: { name: 'test', mwm: 3 },
      fileBytes: 8 + 1500 * 1312 + 700, framing: { reason: 'TRUNCATED', position: 1500, offset: 8 + 1500 * 1312 }, report,
    }));
    const box = q(el, 'import-report')!;
    expect(box.classList.contains('error'), 'an error, not a warning').to.equal(true);
    const order = [...box.querySelectorAll('p[data-testid]')].map((p) => p.getAttribute('data-testid'));
    expect(order.slice(0, 2)).to.deep.equal(['import-headline', 'import-pow-hint']);
    expect(squash(q(el, 'import-headline'))).to.equal('Nothing was stored from big-truncated.mtx.');
    expect(squash(q(el, 'import-outcome'))).to.match(/^big-truncated\.mtx is incomplete: it announces 3,000 transactions/);
    expect(box.querySelectorAll('[data-testid="import-pow-hint"]').length, 'the hint once').to.equal(1);
  });

  it('shows the count the header announces while a cut file is read', async () => {
    const el = await mount(view({ state: 'importing', fileName: 'big-truncated.mtx', recordsDone: 0, recordsTotal: 1500, recordsAnnounced: 3000 }));
    expect(squash(q(el, 'import-progress'))).to.equal(
      'Reading and checking big-truncated.mtx… 0 of 1,500 transactions checked, 0 stored so far. ' +
        'The file announces 3,000 transactions but holds only 1,500 whole ones: it is incomplete.',
    );
  });

  it('says in plain words when a file is empty, is not a medtangle file, or has extra bytes at its end', async () => {
    const empty = await mount(view({ state: 'imported', fileName: 'empty.mtx', fileBytes: 0, framing: { reason: 'TRUNCATED', position: -1, offset: 0 }, report: framed('TRUNCATED', -1) }));
    expect(squash(q(empty, 'import-headline'))).to.equal('Nothing was stored: empty.mtx is empty.');
    expect(squash(q(empty, 'import-file-note'))).to.equal('An empty file is not a medtangle file. Choose a .mtx file made with Export a file on the other device.');
    expect(squash(q(empty, 'import-report')), 'no developer wording').to.not.match(/TRUNCATED|fixed size/);
    expect(q(empty, 'import-report')!.classList.contains('error')).to.equal(true);
    empty.remove();

    const png = await mount(view({ state: 'imported', fileName: 'photo.mtx', fileBytes: 2709, framing: { reason: 'GARBAGE', position: -1, offset: 0 }, report: framed('GARBAGE', -1) }));
    expect(squash(q(png, 'import-headline'))).to.equal('Nothing was stored: photo.mtx is not a medtangle transaction file.');
    expect(squash(q(png, 'import-file-note'))).to.equal(
      'It does not start the way a medtangle file does, so nothing in it was read. Choose a .mtx file made with Export a file on the other device.',
    );
    expect(squash(q(png, 'import-report'))).to.not.match(/GARBAGE|framing|magic/);
    png.remove();

    const short = await mount(view({ state: 'imported', fileName: 'header-only.mtx', fileBytes: 6, framing: { reason: 'TRUNCATED', position: -1, offset: 0 }, report: framed('TRUNCATED', -1) }));
    expect(squash(q(short, 'import-headline'))).to.equal('Nothing was stored: header-only.mtx is not a medtangle transaction file.');
    expect(squash(q(short, 'import-file-note'))).to.equal(
      'It is only 6 bytes long, too short to be one. Choose a .mtx file made with Export a file on the other device.',
    );
    short.remove();

    const trailing = await mount(view({
      state: 'imported', fileName: 'big-trailing.mtx', recordsDone: 3000, recordsTotal: 3000, recordsAnnounced: 3000,
      fileBytes: 8 + 3000 * 1312 + 5000, framing: { reason: 'GARBAGE', position: 3000, offset: 8 + 3000 * 1312 },
      report: framed('GARBAGE', 3000, { accepted: 3000, acceptedBundles: 30 }),
    }));
    expect(squash(q(trailing, 'import-headline'))).to.equal('Stored 3,000 transactions (30 bundles) from big-trailing.mtx.');
    expect(squash(q(trailing, 'import-file-note'))).to.equal(
      'The 5,000 extra bytes at the end of the file were ignored; all 3,000 transactions in it were read.',
    );
    expect(q(trailing, 'import-report')!.classList.contains('ok'), 'a complete file with extra bytes is a success').to.equal(true);
    expect(q(trailing, 'import-rejected')).to.equal(null);
    trailing.remove();

    // A whole file whose header announces nothing.
    const none = await mount(view({ state: 'imported', fileName: 'nothing.mtx', fileBytes: 8, report: EMPTY_REPORT }));
    expect(squash(q(none, 'import-headline'))).to.equal('nothing.mtx holds no transactions: there was nothing to store.');
  });

  it('does not list txs the device already had as refused: it says they were already there', async () => {
    const report = {
      ...EMPTY_REPORT,
      accepted: 8,
      acceptedBundles: 3,
      rejected: [{ reason: 'DUPLICATE' as const, message: reasonMessage('DUPLICATE'), position: 0 }, { reason: 'POW' as const, message: reasonMessage('POW'), position: 9 }],
      counts: { DUPLICATE: 1, POW: 1 },
    };
    const el = await mount(view({ state: 'imported', fileName: 'full.mtx', report }));
    expect(squash(q(el, 'import-duplicates'))).to.equal('1 transaction of the file was already on this device, so it was skipped.');
    expect(q(el, 'import-rejected')!.querySelector('[data-reason="DUPLICATE"]'), 'not a refusal').to.equal(null);
    expect(rejectionsByReason(report).map((g) => g.reason)).to.deep.equal(['POW']);
  });

  it('hints at the network MWM when txs are refused for their proof of work', async () => {
    const report = {
      ...EMPTY_REPORT,
      rejected: Array.from({ length: 9 }, (_, i) => ({ reason: 'POW' as const, message: reasonMessage('POW'), position: i })),
      counts: { POW: 9 },
    };
    const el = await mount(view({ state: 'imported', fileName: 'desk-export.mtx', report }));
    expect(squash(q(el, 'import-pow-hint'))).to.equal(
      'Their proof of work is below the MWM of this network (medtangle, MWM 13). The file names no network (an older ' +
        'version of the app made it), so it was probably made on a test network with a lower MWM: switch to that network ' +
        'in the Network card on this screen, then import the file again.',
    );
    const none = await mount(view({ state: 'imported', fileName: 'b.mtx', report: { ...EMPTY_REPORT, accepted: 1, acceptedBundles: 1 } }));
    expect(q(none, 'import-pow-hint')).to.equal(null);
  });

  it('refuses a file of another network in one sentence that names both networks, and how to import it', async () => {
    const report = {
      ...EMPTY_REPORT,
      rejected: [{ reason: 'NETWORK_MISMATCH' as const, message: reasonMessage('NETWORK_MISMATCH'), position: -1 }],
      counts: { NETWORK_MISMATCH: 1 },
      otherNetwork: { name: 'test', mwm: 4 },
    };
    const el = await mount(view({ state: 'imported', fileName: 'ward.mtx', report }));
    expect(q(el, 'import-report')!.getAttribute('role')).to.equal('alert');
    expect(squash(q(el, 'import-headline'))).to.equal(
      'Nothing was read from ward.mtx: it belongs to network test with MWM 4, and this device works on network medtangle with MWM 13.',
    );
    expect(squash(q(el, 'import-network-hint'))).to.match(/^To import it, switch to network test with MWM 4 in the Network card/);
    expect(q(el, 'import-rejected'), 'said in words, not listed as a refused tx').to.equal(null);
  });

  it('says which part of a damaged file the waiting txs depend on, and offers to let them go', async () => {
    const bad = 'ab'.repeat(32);
    const report = {
      ...EMPTY_REPORT,
      accepted: 0,
      rejected: [{ reason: 'POW' as const, message: reasonMessage('POW'), position: 0, id: bad }],
      counts: { POW: 1, PARENT_MISSING: 3, BUNDLE_INCOMPLETE: 1 },
      held: 4,
      heldTxs: [
        { id: '01'.repeat(32), reason: 'PARENT_MISSING' as const, blockedBy: { id: bad, reason: 'POW' as const } },
        { id: '02'.repeat(32), reason: 'PARENT_MISSING' as const, blockedBy: { id: bad, reason: 'POW' as const } },
        { id: '03'.repeat(32), reason: 'PARENT_MISSING' as const, blockedBy: { id: bad, reason: 'POW' as const } },
        { id: '04'.repeat(32), reason: 'BUNDLE_INCOMPLETE' as const },
      ],
    };
    const el = await mount(view({ state: 'imported', fileName: 'clinic.mtx', report }));
    expect(squash(q(el, 'import-damaged'))).to.equal(
      `clinic.mtx is damaged: 3 transactions in it depend on the transaction at position 1 (${reasonInWords('POW')}), so they ` +
        'cannot be stored from this file. Get an undamaged copy of the file and import it again.',
    );
    expect(squash(q(el, 'import-held'))).to.match(/^1 transaction waits in quarantine for their parents or the rest of their bundle/);
    let asked = 0;
    el.addEventListener('quarantine-clear', () => asked++);
    q(el, 'quarantine-clear')!.click();
    expect(asked).to.equal(1);
    const after = await mount(view({ state: 'imported', fileName: 'clinic.mtx', report, cleared: 4 }));
    expect(squash(q(after, 'import-cleared'))).to.equal('4 transactions that waited were let go.');
    expect(q(after, 'quarantine-clear')).to.equal(null);
  });

  it('shows a failure as an error', async () => {
    const el = await mount(view({ state: 'failed', error: 'The import failed, and nothing was stored: boom' }));
    expect(q(el, 'import-report')!.getAttribute('role')).to.equal('alert');
  });
});
