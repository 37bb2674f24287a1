// The counters card: the replica's numbers, rejections by reason in words, storage and persistence.
import { expect } from 'chai';
import type { MtTangleStats } from '../../web/app/mt-tangle-stats.ts';
import '../../web/app/mt-tangle-stats.ts';
import { reasonInWords } from '../../web/app/i18n/reasons.ts';
import type { TangleStats } from '../../web/workers/index.ts';

const STATS: TangleStats = {
  txCount: 12,
  tips: 2,
  confirmed: 9,
  pending: 3,
  quarantined: 1,
  awaitingWrite: 0,
  windowStart: 0,
  rejected: { POW: 2, SIGNATURE_INVALID: 1 },
  duplicates: 0,
  badArchives: { unreadable: 0, incomplete: 0, trailing: 0, otherNetwork: 0 },
  storedBytes: 15_360,
  persisted: false,
  network: { name: 'test', mwm: 3 },
  usage: 2 * 1024 * 1024,
  quota: 10 * 1024 ** 3,
};

async function mount(stats: TangleStats | null): Promise<MtTangleStats> {
  const el = document.createElement('mt-tangle-stats');
  el.stats = stats;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const text = (el: MtTangleStats, id: string) =>
  el.shadowRoot!.querySelector(`[data-testid="${id}"]`)!.textContent!.replace(/\s+/g, ' ').trim();

describe('mt-tangle-stats', () => {
  afterEach(() => document.querySelectorAll('mt-tangle-stats').forEach((e) => e.remove()));

  it('shows every counter', async () => {
    const el = await mount(STATS);
    expect(['stat-txs', 'stat-tips', 'stat-confirmed', 'stat-pending', 'stat-quarantined', 'stat-rejected'].map((id) => text(el, id))).to.deep.equal(
      ['12', '2', '9', '3', '1', '3'],
    );
    const reasons = text(el, 'stat-rejected-reasons');
    // Each reason in words with its count; the code only in small print, for support.
    expect(reasons).to.contain(`${reasonInWords('POW')} (2 of them)`);
    expect(reasons).to.contain(reasonInWords('SIGNATURE_INVALID'));
    expect(reasons).to.contain('code: POW');
    expect(text(el, 'stat-storage')).to.equal('15 KiB of transactions; this app uses 2 MiB of the 10 GiB the browser allows');
    expect(text(el, 'stat-persisted')).to.contain('the browser may clear it under storage pressure');
  });

  it('says so when storage is persistent and leaves out what the browser does not tell', async () => {
    const { usage: _u, quota: _q, ...rest } = STATS;
    const el = await mount({ ...rest, persisted: true, rejected: {} });
    expect(text(el, 'stat-persisted')).to.match(/^Yes/);
    expect(text(el, 'stat-storage')).to.equal('15 KiB of transactions');
    expect(el.shadowRoot!.querySelector('[data-testid="stat-rejected-reasons"]')).to.equal(null);
    expect(text(el, 'stat-rejected')).to.equal('0');
  });

  it('does not count txs it already had, nor broken files, as rejected txs; and says the counts are for this session', async () => {
    // Two re-imports of a 3,000-tx backup and a picture renamed .mtx: a healthy device.
    const el = await mount({ ...STATS, rejected: {}, duplicates: 6000, badArchives: { unreadable: 1, incomplete: 1, trailing: 2, otherNetwork: 0 } });
    expect(text(el, 'stat-rejected')).to.equal('0');
    expect(el.shadowRoot!.querySelector('[data-testid="stat-rejected-reasons"]')).to.equal(null);
    expect(text(el, 'stat-duplicates')).to.equal('Already had: 6,000 transactions arrived again and were skipped.');
    expect(text(el, 'stat-files')).to.equal(
      'Files not read whole: 1 was not a medtangle file, 1 was incomplete, 2 had extra bytes at the end (ignored).',
    );
    expect(text(el, 'stat-session')).to.equal(
      'These counts cover what arrived since the app opened this device\'s copy: they start again at 0 on a reload or a change ' +
        'of network MWM. What waits in quarantine is kept across a reload; a higher MWM refuses the waiting transactions ' +
        'whose proof of work falls below it.',
    );
    const label = el.shadowRoot!.querySelector('[data-testid="stat-rejected"]')!.nextElementSibling!.textContent;
    expect(label).to.equal('rejected this session');
    const one = await mount({ ...STATS, rejected: {}, duplicates: 1, badArchives: { unreadable: 1, incomplete: 0, trailing: 0, otherNetwork: 0 } });
    expect(text(one, 'stat-duplicates')).to.equal('Already had: 1 transaction arrived again and was skipped.');
    expect(text(one, 'stat-files')).to.equal('Files not read whole: 1 was not a medtangle file.');
  });

  it('never says the app uses less than its transactions take', async () => {
    // Chromium compresses what IndexedDB stores and updates its estimate late: 747.8 KiB for 3.8 MiB.
    const el = await mount({ ...STATS, storedBytes: 3.8 * 1024 * 1024, usage: 765_747, quota: 10 * 1024 ** 3 });
    expect(text(el, 'stat-storage')).to.equal(
      '3.8 MiB of transactions. The browser counts 747.8 KiB on disk for this app, of the 10 GiB it allows: it stores data compressed, and its count can lag behind.',
    );
  });

  it('says it is opening before the first counters', async () => {
    const el = await mount(null);
    expect(text(el, 'tangle-stats')).to.contain('Opening');
  });
});
