// The rate card: what a measured rate means in plain, grammatical words at every speed, and why a
// measurement stopped.
import { expect } from 'chai';
import type { RateView } from '../../web/app/controllers/pow-controller.ts';
import type { MtRateCheck } from '../../web/app/mt-rate-check.ts';
import '../../web/app/mt-rate-check.ts';

const view = (patch: Partial<RateView>): RateView => ({
  state: 'idle',
  durationMs: 2000,
  progress: null,
  summary: null,
  error: '',
  ...patch,
});

/** A finished measurement at `perTx` seconds per transaction, records of 3 transactions. */
const done = (perTx: number): RateView =>
  view({
    state: 'done',
    summary: {
      attemptsPerSecond: 3_000_000,
      workers: 4,
      networkMwm: 1,
      expectedAttempts: 3,
      transactionsPerRecord: 3,
      secondsPerTransaction: perTx,
      secondsPerRecord: perTx * 3,
    },
  });

async function mount(v: RateView): Promise<MtRateCheck> {
  const el = document.createElement('mt-rate-check');
  el.view = v;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const text = (el: MtRateCheck, id: string) =>
  el.shadowRoot!.querySelector(`[data-testid="${id}"]`)!.textContent!.replace(/\s+/g, ' ').trim();

describe('mt-rate-check', () => {
  afterEach(() => document.querySelectorAll('mt-rate-check').forEach((e) => e.remove()));

  it('says "under a hundredth of a second", never "about less than", at a low MWM', async () => {
    const el = await mount(done(0.000001));
    const result = text(el, 'rate-result');
    expect(result).to.contain(
      'So sending one transaction takes under a hundredth of a second, and a typical record of 3 transactions takes under a hundredth of a second.',
    );
    expect(result).to.not.match(/about (less|under)/);
  });

  it('says "about" before an average duration', async () => {
    const el = await mount(done(4));
    expect(text(el, 'rate-result')).to.contain('takes about 4 seconds, and a typical record of 3 transactions takes about 12 seconds.');
    expect(el.shadowRoot!.textContent!.replace(/\s+/g, ' ')).to.contain('Measuring takes about 2 seconds');
  });

  it('says when a measurement stopped because the user left the screen', async () => {
    const el = await mount(view({ state: 'cancelled', leftScreen: true }));
    expect(text(el, 'rate-cancelled')).to.equal('The measurement was stopped because you left this screen.');
    el.view = view({ state: 'cancelled' });
    await el.updateComplete;
    expect(text(el, 'rate-cancelled')).to.equal('The measurement was stopped.');
  });
});
