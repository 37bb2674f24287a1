// The test-bundle card: the size hint, the events it asks with, progress and outcomes.
import { expect } from 'chai';
import type { CreateView } from '../../web/app/controllers/tangle-controller.ts';
import type { BundleCreateDetail, MtBundleForm } from '../../web/app/mt-bundle-form.ts';
import '../../web/app/mt-bundle-form.ts';

const view = (patch: Partial<CreateView>): CreateView => ({
  state: 'idle',
  txDone: 0,
  txTotal: 0,
  attempts: 0,
  attemptsPerSecond: 0,
  error: '',
  indices: [],
  ...patch,
});

async function mount(v: CreateView | null = null): Promise<MtBundleForm> {
  const el = document.createElement('mt-bundle-form');
  el.view = v;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const q = <T extends Element = HTMLElement>(el: MtBundleForm, id: string) => el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);

async function type(el: MtBundleForm, text: string): Promise<void> {
  const area = q<HTMLTextAreaElement>(el, 'bundle-text')!;
  area.value = text;
  area.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

describe('mt-bundle-form', () => {
  afterEach(() => document.querySelectorAll('mt-bundle-form').forEach((e) => e.remove()));

  it('says how many txs a text takes and asks for a bundle', async () => {
    const el = await mount(view({}));
    const asked: string[] = [];
    el.addEventListener('bundle-create', (e) => asked.push((e as CustomEvent<BundleCreateDetail>).detail.text));
    await type(el, 'x'.repeat(1500));
    expect(q(el, 'bundle-size')!.textContent).to.contain('2 transactions');
    const all = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(all).to.contain('span several transactions');
    expect(all).to.contain('This screen is for seeing the ledger work');
    expect(all).to.contain('Real records arrive with the records feature');
    q(el, 'bundle-create')!.click();
    expect(asked).to.deep.equal(['x'.repeat(1500)]);
  });

  it('refuses an empty text with a plain error', async () => {
    const el = await mount(view({}));
    let asked = 0;
    el.addEventListener('bundle-create', () => asked++);
    await type(el, '   ');
    q(el, 'bundle-create')!.click();
    await el.updateComplete;
    expect(q(el, 'bundle-text-error')).to.exist;
    expect(asked).to.equal(0);
  });

  it('shows tx i of n with attempts and rate while running, and Cancel asks to stop', async () => {
    const el = await mount(view({ state: 'running', txDone: 1, txTotal: 2, attempts: 1234, attemptsPerSecond: 56_000 }));
    const progress = q(el, 'bundle-progress')!.textContent!.replace(/\s+/g, ' ');
    expect(progress).to.contain('tx 2 of 2');
    expect(progress).to.contain('1,234 attempts');
    expect(progress).to.contain('56,000 per second');
    expect(q<HTMLButtonElement>(el, 'bundle-create')!.disabled).to.equal(true);
    let cancelled = 0;
    el.addEventListener('bundle-cancel', () => cancelled++);
    q(el, 'bundle-cancel')!.click();
    expect(cancelled).to.equal(1);
  });

  it('shows the outcome plainly', async () => {
    const el = await mount(view({ state: 'failed', error: 'the worker stopped' }));
    expect(q(el, 'bundle-error')!.textContent).to.contain('the worker stopped');
    el.view = view({ state: 'done', txDone: 2, txTotal: 2, indices: [4, 5] });
    await el.updateComplete;
    expect(q(el, 'bundle-done')!.textContent!.replace(/\s+/g, ' ')).to.contain('Stored a bundle of 2 transactions (tx 4 to 5)');
    el.view = view({ state: 'cancelled' });
    await el.updateComplete;
    expect(q(el, 'bundle-cancelled')).to.exist;
  });
});
