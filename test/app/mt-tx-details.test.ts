// The details card: every field of the selected tx, its parents and approvers as links, and what
// confirmed means.
import { expect } from 'chai';
import type { MtTxDetails } from '../../web/app/mt-tx-details.ts';
import type { TxSelectDetail } from '../../web/app/mt-tangle-graph.ts';
import { confirmedMeans, kindName, type TxTextWholeDetail } from '../../web/app/mt-tx-details.ts';
import type { TxTextView } from '../../web/app/controllers/bundle-text.ts';
import '../../web/app/mt-tx-details.ts';
import { detailsOf, tx } from './_tangle-fixtures.ts';

function q<T extends Element = HTMLElement>(el: MtTxDetails, testid: string): T | null {
  return el.shadowRoot!.querySelector<T>(`[data-testid="${testid}"]`);
}

async function mount(patch: Partial<MtTxDetails>): Promise<MtTxDetails> {
  const el = document.createElement('mt-tx-details');
  Object.assign(el, patch);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const text = (el: MtTxDetails, id: string) => q(el, id)!.textContent!.replace(/\s+/g, ' ').trim();

describe('mt-tx-details', () => {
  afterEach(() => document.querySelectorAll('mt-tx-details').forEach((e) => e.remove()));

  it('asks for a pick when nothing is selected', async () => {
    const el = await mount({ selected: null });
    expect(q(el, 'tx-details')).to.exist;
    expect(q(el, 'details-empty')).to.exist;
  });

  it('shows every field of a confirmed tx in a bundle', async () => {
    const s = tx(7, { trunk: 6, branch: 0, bundleIndex: 0, lastIndex: 1, confirmed: true, confidence: 0.97 });
    const d = detailsOf(s, [8, 9], 3);
    const el = await mount({ selected: 7, details: d, networkMwm: 3 });
    expect(text(el, 'detail-index')).to.equal('7');
    expect(text(el, 'detail-id')).to.equal(s.id);
    expect(text(el, 'detail-kind')).to.equal('test');
    expect(text(el, 'detail-bundle')).to.match(/^1 of 2 \(the tail/);
    const issuer = q(el, 'detail-issuer')!;
    expect(issuer.title).to.have.length(64);
    expect(issuer.textContent).to.contain('…');
    expect(text(el, 'detail-weight')).to.equal('weight 4 ≥ the network\'s MWM 3');
    expect(text(el, 'detail-validity')).to.match(/^valid/);
    expect(text(el, 'detail-cw')).to.equal('3');
    expect(text(el, 'detail-confidence')).to.equal('97%');
    expect(text(el, 'detail-status')).to.equal('confirmed');
    expect(q(el, 'tx-details')!.textContent).to.contain(confirmedMeans());
    expect(confirmedMeans()).to.contain('95 of 100 random walks');
    expect(text(el, 'detail-trunk')).to.equal('tx 6');
    expect(text(el, 'detail-branch')).to.equal('the genesis');
    expect(text(el, 'detail-text')).to.equal('text of tx 7');
  });

  it('says pending, not computed and outside the window plainly', async () => {
    const d = { ...detailsOf(tx(3, { tip: true }), []), cumulativeWeight: null, confidence: null };
    const el = await mount({ selected: 3, details: d });
    expect(text(el, 'detail-status')).to.equal('pending');
    expect(text(el, 'detail-confidence')).to.equal('not computed yet');
    expect(text(el, 'detail-cw')).to.equal('outside the window');
    expect(text(el, 'detail-approvers')).to.match(/none yet/);
  });

  it('fires tx-select from the parent and approver links', async () => {
    const el = await mount({ selected: 7, details: detailsOf(tx(7, { trunk: 6, branch: 5 }), [8]) });
    const seen: number[] = [];
    el.addEventListener('tx-select', (e) => seen.push((e as CustomEvent<TxSelectDetail>).detail.index));
    q(el, 'detail-trunk')!.click();
    q(el, 'detail-branch')!.click();
    q(el, 'detail-approver-8')!.click();
    expect(seen).to.deep.equal([6, 5, 8]);
  });

  it('labels a tx’s text as its own part of the bundle’s, and previews it with an ellipsis when cut', async () => {
    // tx 2 is the head of a bundle of 4 stored as tx 2 to 5: it holds part 4 of 4, the text's end.
    const d = detailsOf(tx(2, { bundleIndex: 3, lastIndex: 3 }));
    const end = `${'the end of a long text, '.repeat(12)}and its last words.`;
    const view: TxTextView = { index: 2, part: end, whole: null, reading: null, error: '' };
    const el = await mount({ selected: 2, details: d, text: view });
    const row = q(el, 'detail-text')!.closest('dd')!.previousElementSibling!;
    expect(row.textContent!.trim()).to.equal('Text in this transaction (part 4 of 4)');
    const shown = text(el, 'detail-text');
    expect(shown.endsWith('…'), shown).to.equal(true);
    expect(shown.length).to.be.at.most(201);
    expect(end.startsWith(shown.slice(0, -1)), 'the preview is the start of the part').to.equal(true);
    expect(shown.slice(0, -1).endsWith(' '), 'no trailing space before the ellipsis').to.equal(false);
    expect(end.charAt(shown.length - 1), 'cut after a whole word').to.match(/[\s,]/);
    // A short text in a bundle of one: the whole text, no ellipsis, nothing more to show.
    el.details = detailsOf(tx(1));
    el.selected = 1;
    el.text = { index: 1, part: 'short note', whole: null, reading: null, error: '' };
    await el.updateComplete;
    expect(text(el, 'detail-text')).to.equal('short note');
    expect(q(el, 'detail-text')!.closest('dd')!.previousElementSibling!.textContent!.trim()).to.equal('Text');
    expect(q(el, 'detail-text-toggle')).to.equal(null);
  });

  it('asks once for the whole text of the bundle, shows it, and hides it again', async () => {
    const d = detailsOf(tx(2, { bundleIndex: 3, lastIndex: 3 }));
    const el = await mount({ selected: 2, details: d, text: { index: 2, part: 'end.', whole: null, reading: null, error: '' } });
    const asked: number[] = [];
    el.addEventListener('tx-text-whole', (e) => asked.push((e as CustomEvent<TxTextWholeDetail>).detail.index));
    const toggle = q<HTMLButtonElement>(el, 'detail-text-toggle')!;
    expect(toggle.textContent!.trim()).to.equal('Show the whole text of the bundle');
    toggle.click();
    await el.updateComplete;
    expect(asked).to.deep.equal([2]);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    el.text = { index: 2, part: 'end.', whole: null, reading: 'whole', error: '' };
    await el.updateComplete;
    expect(q(el, 'detail-text-reading')).to.exist;
    el.text = { index: 2, part: 'end.', whole: 'The start, the middle and the end.', reading: null, error: '' };
    await el.updateComplete;
    expect(text(el, 'detail-text-whole')).to.equal('The start, the middle and the end.');
    toggle.click();
    await el.updateComplete;
    expect(q(el, 'detail-text-whole')).to.equal(null);
    toggle.click();
    await el.updateComplete;
    expect(asked, 'read once: the controller keeps it').to.deep.equal([2]);
    expect(text(el, 'detail-text-whole')).to.equal('The start, the middle and the end.');
    el.text = { index: 2, part: 'end.', whole: null, reading: null, error: 'The whole text of the bundle (tx 2 to 5) could not be read: gone' };
    await el.updateComplete;
    expect(text(el, 'detail-text-error')).to.contain('could not be read: gone');
  });

  it('says when the selected tx is older than the drawing shows, with thousands grouped', async () => {
    const el = await mount({ selected: 2960, details: detailsOf(tx(2960, { trunk: 2959, branch: 2900 })), oldestDrawn: 2961 });
    expect(text(el, 'details-not-drawn')).to.equal('tx 2,960 is older than the drawing shows (it starts at tx 2,961).');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Transaction 2,960');
    expect(text(el, 'detail-trunk')).to.equal('tx 2,959');
    el.selected = 2961;
    el.details = detailsOf(tx(2961));
    await el.updateComplete;
    expect(q(el, 'details-not-drawn')).to.equal(null);
  });

  it('names kinds, and unknown ones with their code', () => {
    expect(kindName(1)).to.equal('record');
    expect(kindName(9)).to.equal('test');
    expect(kindName(77)).to.equal('unknown (77)');
  });
});
