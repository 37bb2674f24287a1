// The counters card: the replica's numbers, rejections by reason in words, storage and persistence.
import { expect } from 'chai';
import type { MtTangleStats } from '../../web/app/mt-tangle-stats.ts';
import '../../web/app/mt-tangle-stats.ts';
import { reasonMessage } from '../../web/core/validate/index.ts';
import type { TangleStats } from '../../web/workers/index.ts';

const STATS: TangleStats = {
  txCount: 12,
  tips: 2,
  confirmed: 9,
  pending: 3,
  quarantined: 1,
  windowStart: 0,
  rejected: { POW: 2, SIGNATURE_INVALID: 1 },
  storedBytes: 15_360,
  persisted: false,
  mwm: 3,
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
    expect(reasons).to.contain('POW × 2');
    expect(reasons).to.contain(reasonMessage('POW'));
    expect(reasons).to.contain(reasonMessage('SIGNATURE_INVALID'));
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

  it('says it is opening before the first counters', async () => {
    const el = await mount(null);
    expect(text(el, 'tangle-stats')).to.contain('Opening');
  });
});
