// The details card: every field of the selected tx, its parents and approvers as links, and what
// confirmed means.
import { expect } from 'chai';
import type { MtTxDetails } from '../../web/app/mt-tx-details.ts';
import type { TxSelectDetail } from '../../web/app/mt-tangle-graph.ts';
import { CONFIRMED_MEANS, kindName } from '../../web/app/mt-tx-details.ts';
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
    expect(text(el, 'detail-confidence')).to.equal('97 %');
    expect(text(el, 'detail-status')).to.equal('confirmed');
    expect(q(el, 'tx-details')!.textContent).to.contain(CONFIRMED_MEANS);
    expect(CONFIRMED_MEANS).to.contain('95 of 100 random walks');
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

  it('names kinds, and unknown ones with their code', () => {
    expect(kindName(1)).to.equal('record');
    expect(kindName(9)).to.equal('test');
    expect(kindName(77)).to.equal('unknown (77)');
  });
});
