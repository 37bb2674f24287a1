// The export and import card: the events it asks with, and the import report in plain words.
import { expect } from 'chai';
import type { FilesView } from '../../web/app/controllers/tangle-controller.ts';
import type { FileImportDetail, MtTangleFiles } from '../../web/app/mt-tangle-files.ts';
import { rejectionsByReason } from '../../web/app/mt-tangle-files.ts';
import '../../web/app/mt-tangle-files.ts';
import { reasonMessage } from '../../web/core/validate/index.ts';
import { EMPTY_REPORT } from './_tangle-fixtures.ts';

const view = (patch: Partial<FilesView>): FilesView => ({
  state: 'idle',
  fileName: '',
  exportedTxs: 0,
  recordsDone: 0,
  recordsTotal: 0,
  importedTxs: 0,
  report: null,
  error: '',
  ...patch,
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
    const report = { ...EMPTY_REPORT, rejected: [{ reason: 'GARBAGE' as const, message: reasonMessage('GARBAGE'), position: -1 }], counts: { GARBAGE: 1 } };
    const el = await mount(view({ state: 'imported', fileName: 'junk.mtx', report }));
    const text = q(el, 'import-report')!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Nothing was stored: junk.mtx is not a medtangle transaction file.');
    expect(text).to.contain('GARBAGE');
    expect(text).to.contain(reasonMessage('GARBAGE'));
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
    expect(rejectionsByReason(report).map((g) => [g.reason, g.count])).to.deep.equal([
      ['POW', 2],
      ['DUPLICATE', 1],
    ]);
    const el = await mount(view({ state: 'imported', fileName: 'b.mtx', report }));
    expect(q(el, 'import-headline')!.textContent).to.equal('Stored 5 transactions (3 bundles) from b.mtx.');
    expect(q(el, 'import-held')!.textContent).to.contain('2 transactions wait in quarantine');
    expect(q(el, 'import-rejected')!.textContent!.replace(/\s+/g, ' ')).to.contain('POW × 2');
    expect(q(el, 'import-rejected')!.querySelector('[data-reason="PARENT_MISSING"]'), 'a tx that waits is not refused').to.equal(null);
    expect(q(el, 'import-unsaved'), 'the quarantine was saved').to.equal(null);
  });

  it('counts refusals by reason from the exact counts, not from the few listed one by one', async () => {
    // A re-import of 180 stored txs: the report lists the first 100 and counts all of them.
    const listed = Array.from({ length: 100 }, (_, i) => ({ reason: 'DUPLICATE' as const, message: reasonMessage('DUPLICATE'), position: i }));
    const report = { ...EMPTY_REPORT, rejected: listed, rejectedOmitted: 80, counts: { DUPLICATE: 180 } };
    expect(rejectionsByReason(report)).to.deep.equal([{ reason: 'DUPLICATE', message: reasonMessage('DUPLICATE'), count: 180 }]);
    const el = await mount(view({ state: 'imported', fileName: 'again.mtx', report }));
    expect(q(el, 'import-headline')!.textContent).to.equal('Nothing new in again.mtx: this device already has all of its transactions.');
    expect(q(el, 'import-rejected')!.textContent!.replace(/\s+/g, ' ')).to.contain('DUPLICATE × 180');
  });

  it('says in one sentence when waiting txs could not be saved for after a reload', async () => {
    const report = { ...EMPTY_REPORT, held: 1, quarantined: 3, quarantineSaved: false, counts: { BUNDLE_INCOMPLETE: 1 } };
    const el = await mount(view({ state: 'imported', fileName: 'half.mtx', report }));
    expect(q(el, 'import-unsaved')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'The 3 transactions waiting in quarantine could not be saved on this device: they are kept while the app stays open and ' +
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

  it('shows a failure as an error', async () => {
    const el = await mount(view({ state: 'failed', error: 'The import failed, and nothing was stored: boom' }));
    expect(q(el, 'import-report')!.getAttribute('role')).to.equal('alert');
  });
});
