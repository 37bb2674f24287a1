// The Simulation screen end to end in the browser: fields checked with their errors named, a run in
// the simulation worker with its progress, the side-by-side table and the three plots, the same
// numbers as the simulator gives in this thread for the same seed (the worker adds nothing of its
// own), and Cancel. Seeded by the screen's seed field (TEST_SEED), printed on failure.
import { expect } from 'chai';
import type { MtSimulation } from '../../web/app/mt-simulation.ts';
import '../../web/app/mt-simulation.ts';
import { defaultTangleParams, loadSimGraph, metricRows, runSimulation, DEFAULT_MEASURE } from '../../web/core/sim/index.ts';

const TEST_SEED = 1204;

function q<T extends Element>(el: MtSimulation, id: string): T | null {
  return el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);
}

async function mount(): Promise<MtSimulation> {
  const el = document.createElement('mt-simulation');
  document.body.append(el);
  await el.updateComplete;
  return el;
}

async function set(el: MtSimulation, field: string, value: string): Promise<void> {
  const input = q<HTMLInputElement>(el, `sim-${field}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

async function until(what: string, f: () => boolean, ms = 60_000): Promise<void> {
  const end = performance.now() + ms;
  while (!f()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what} (seed ${TEST_SEED})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function choose(el: MtSimulation, scenario: string): Promise<void> {
  const radio = el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="scenario"][value="${scenario}"]`)!;
  radio.click();
  await el.updateComplete;
}

describe(`mt-simulation (TEST_SEED ${TEST_SEED})`, () => {
  afterEach(() => {
    document.querySelectorAll('mt-simulation').forEach((e) => e.remove());
  });

  it('names each field that is wrong, beside it and in the summary, and starts nothing', async () => {
    const el = await mount();
    await set(el, 'lambda', 'ten');
    await set(el, 'bundles', '12.5');
    await set(el, 'k', '');
    q<HTMLButtonElement>(el, 'sim-run')!.click();
    await el.updateComplete;
    const summary = el.shadowRoot!.querySelector('mt-error-summary')!;
    await (summary as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const items = Array.from(summary.shadowRoot!.querySelectorAll('li')).map((li) => li.textContent!.trim());
    expect(items).to.deep.equal([
      'Transactions arriving per time unit (λ) must be a number',
      'Transactions to simulate must be a whole number',
      'Enter blocks on top before a transaction counts as confirmed',
    ]);
    expect(q(el, 'sim-lambda')!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector('#lambda-error')!.textContent).to.equal(items[0]);
    expect(q(el, 'sim-progress')).to.equal(null);
  });

  it('runs URTS in the worker and shows the same figures as the simulator here, with three plots', async () => {
    const el = await mount();
    await choose(el, 'urts');
    await set(el, 'lambda', '10');
    await set(el, 'bundles', '3000');
    await set(el, 'seed', String(TEST_SEED));
    q<HTMLButtonElement>(el, 'sim-run')!.click();
    await el.updateComplete;
    await until('the result', () => q(el, 'sim-result') !== null);
    const shown = Array.from(q(el, 'sim-table')!.querySelectorAll('tbody tr')).map((tr) => [tr.getAttribute('data-key'), ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim())]);
    // The oracle: the same parameters run in this thread (the worker builds them from the fields).
    const here = runSimulation(await loadSimGraph(), {
      workload: { kind: 'poisson', lambda: 10, bundles: 3000 },
      tangle: defaultTangleParams({ tipSelection: 'urts', alpha: 0, h: 1, lambda: 10, mwm: 13 }),
      chain: { blockInterval: 10, intervals: 'exponential', blockBytes: 1_000_000, headerBytes: 80, txBytes: 1280, k: 6, h: 1, hashRate: 100 * 1e6, feePerByte: 1 },
      measure: DEFAULT_MEASURE,
      seed: TEST_SEED,
    });
    const { formatNumber } = await import('../../web/core/sim/index.ts');
    expect(shown, `seed ${TEST_SEED}`).to.deep.equal(metricRows(here).map((r) => [r.key, formatNumber(r.tangle), formatNumber(r.chain)]));
    for (const id of ['sim-plot-tips', 'sim-plot-first-approval', 'sim-plot-confirmation']) {
      const svg = q(el, id)!.querySelector('svg');
      expect(svg, id).to.not.equal(null);
      expect(svg!.querySelectorAll('polyline, path').length, id).to.be.greaterThan(0);
    }
    const ids = Array.from(el.shadowRoot!.querySelectorAll('[id]'), (e) => e.id);
    expect(new Set(ids).size, 'ids are unique in the screen').to.equal(ids.length);
  });

  it('Cancel stops a long run and says so', async () => {
    const el = await mount();
    await choose(el, 'walk');
    await set(el, 'bundles', '2000000');
    q<HTMLButtonElement>(el, 'sim-run')!.click();
    await el.updateComplete;
    await until('the progress bar', () => q(el, 'sim-progress') !== null);
    q<HTMLButtonElement>(el, 'sim-cancel')!.click();
    await el.updateComplete;
    expect(q(el, 'sim-cancelled')).to.not.equal(null);
    expect(q(el, 'sim-progress')).to.equal(null);
    expect(q<HTMLButtonElement>(el, 'sim-run')!.disabled).to.equal(false);
  });
});
