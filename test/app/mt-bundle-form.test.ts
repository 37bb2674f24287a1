// The test-bundle card: the size hint, the events it asks with, progress and outcomes.
import { expect } from 'chai';
import type { CreateView } from '../../web/app/controllers/tangle-controller.ts';
import type { BundleCreateDetail, BundleDraftDetail, MtBundleForm } from '../../web/app/mt-bundle-form.ts';
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

  it('gives the exact bytes behind the count of txs, and what one tx carries', async () => {
    const el = await mount(view({}));
    // 3,096 bytes: 3 KiB rounded, which would hide why it takes 4 txs of 1,024 bytes.
    await type(el, 'é'.repeat(1548));
    expect(q(el, 'bundle-size')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      '3,096 bytes as UTF-8, so 4 transactions of up to 1,024 bytes.',
    );
    await type(el, 'x'.repeat(1024));
    expect(q(el, 'bundle-size')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      '1,024 bytes as UTF-8, so 1 transaction of up to 1,024 bytes.',
    );
    await type(el, 'x'.repeat(255 * 1024 + 1));
    q(el, 'bundle-create')!.click();
    await el.updateComplete;
    expect(q(el, 'bundle-text-error')!.textContent).to.equal(
      'The text is 261,121 bytes as UTF-8; one bundle carries at most 261,120 bytes.',
    );
  });

  it('says in one line that the text is stored and exported as written, not encrypted', async () => {
    const el = await mount(view({}));
    const note = q(el, 'bundle-plain-note')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(note).to.equal('The text is stored and exported as written, not encrypted: put no real medical details in it.');
    expect(q(el, 'bundle-text')!.getAttribute('aria-describedby')).to.contain(q(el, 'bundle-plain-note')!.id);
  });

  it('gives the stored range of a large bundle, with thousands grouped', async () => {
    const indices = Array.from({ length: 100 }, (_, k) => 2901 + k);
    const el = await mount(view({ state: 'done', txDone: 100, txTotal: 100, indices }));
    expect(q(el, 'bundle-done')!.textContent!.replace(/\s+/g, ' ')).to.contain('Stored a bundle of 100 transactions (tx 2,901 to 3,000).');
  });

  it('says when a bundle was cancelled because the user left the screen', async () => {
    const el = await mount(view({ state: 'cancelled', leftScreen: true }));
    expect(q(el, 'bundle-cancelled')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Cancelled because you left this screen; nothing of this bundle was stored.',
    );
  });

  it('tells the host what was typed, and shows a kept draft', async () => {
    const el = await mount(view({}));
    const drafts: string[] = [];
    el.addEventListener('bundle-draft', (e) => drafts.push((e as CustomEvent<BundleDraftDetail>).detail.text));
    await type(el, 'kept for later');
    expect(drafts).to.deep.equal(['kept for later']);
    const again = await mount(view({}));
    again.draft = 'kept for later';
    await again.updateComplete;
    expect(q<HTMLTextAreaElement>(again, 'bundle-text')!.value).to.equal('kept for later');
    expect(q(again, 'bundle-size')!.textContent).to.contain('14 bytes');
  });
});
