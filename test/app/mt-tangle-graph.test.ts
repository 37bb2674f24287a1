// The Tangle drawing: statuses as attributes, shapes and labels; edges to drawn parents, stubs to
// older ones and the genesis anchor; bundles outlined; tx-select on click and on Enter.
import { expect } from 'chai';
import type { TxSummary } from '../../web/ledger/index.ts';
import type { MtTangleGraph, TxSelectDetail } from '../../web/app/mt-tangle-graph.ts';
import '../../web/app/mt-tangle-graph.ts';
import { tx } from './_tangle-fixtures.ts';

// 1 approves the genesis; 2 (head) and 3 (tail) are one bundle; 4 is the tip.
const SMALL: TxSummary[] = [
  tx(1, { trunk: 0, branch: 0, confirmed: true, confidence: 1 }),
  tx(2, { trunk: 1, branch: 1, bundleIndex: 1, lastIndex: 1 }),
  tx(3, { trunk: 2, branch: 1, bundleIndex: 0, lastIndex: 1 }),
  tx(4, { trunk: 3, branch: 3, tip: true }),
];

function q<T extends Element = Element>(el: MtTangleGraph, testid: string): T | null {
  return el.shadowRoot!.querySelector<T>(`[data-testid="${testid}"]`);
}

async function mount(nodes: TxSummary[], selected: number | null = null): Promise<MtTangleGraph> {
  const el = document.createElement('mt-tangle-graph');
  el.nodes = nodes;
  el.selected = selected;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

function selections(el: MtTangleGraph): number[] {
  const seen: number[] = [];
  el.addEventListener('tx-select', (e) => seen.push((e as CustomEvent<TxSelectDetail>).detail.index));
  return seen;
}

describe('mt-tangle-graph', () => {
  afterEach(() => {
    document.querySelectorAll('mt-tangle-graph').forEach((e) => e.remove());
  });

  it('draws one node per tx with its status as an attribute, a shape and a label', async () => {
    const el = await mount(SMALL);
    expect(q(el, 'tangle-graph')).to.exist;
    const nodes = el.shadowRoot!.querySelectorAll('[data-testid^="tx-node-"]');
    expect(nodes).to.have.length(4);
    const status = (i: number) => q(el, `tx-node-${i}`)!.getAttribute('data-status');
    expect([1, 2, 3, 4].map(status)).to.deep.equal(['confirmed', 'pending', 'pending', 'tip']);
    expect(q(el, 'tx-node-1')!.getAttribute('aria-label')).to.equal('tx 1, confirmed');
    expect(q(el, 'tx-node-2')!.getAttribute('aria-label')).to.match(/^tx 2, pending, tx 2 of 2 of its bundle$/);
    expect(q(el, 'tx-node-4')!.getAttribute('aria-label')).to.match(/^tx 4, tip/);
    // Shape as well as colour: circle, square, diamond.
    expect(q(el, 'tx-node-1')!.querySelector('.shape')!.tagName).to.equal('circle');
    expect(q(el, 'tx-node-2')!.querySelector('.shape')!.tagName).to.equal('rect');
    expect(q(el, 'tx-node-4')!.querySelector('.shape')!.tagName).to.equal('path');
    const fill = (i: number) => getComputedStyle(q(el, `tx-node-${i}`)!.querySelector('.shape')!).fill;
    expect(new Set([fill(1), fill(2), fill(4)]).size, 'three colours').to.equal(3);
    // Older on the left.
    const x = (i: number) => Number(q(el, `tx-node-${i}`)!.getAttribute('data-x'));
    expect(x(1)).to.be.below(x(2));
    expect(x(2)).to.be.below(x(3));
    expect(x(3)).to.be.below(x(4));
    // The legend names every status.
    const legend = q(el, 'tangle-legend')!.textContent!;
    for (const word of ['Confirmed', 'Pending', 'Tip', 'Trunk', 'Branch', 'bundle']) expect(legend).to.contain(word);
  });

  it('draws trunk edges solid and branch edges dashed, to the genesis anchor too', async () => {
    const el = await mount(SMALL);
    expect(q(el, 'edge-3-trunk')!.getAttribute('data-to')).to.equal('2');
    expect(q(el, 'edge-3-branch')!.getAttribute('data-to')).to.equal('1');
    expect(q(el, 'edge-4-trunk')!.getAttribute('data-to')).to.equal('3');
    expect(q(el, 'edge-1-trunk')!.getAttribute('data-to')).to.equal('0');
    expect(q(el, 'genesis')).to.exist;
    const edges = q(el, 'tangle-graph')!.querySelectorAll('path.edge:not(.stub)');
    expect(edges).to.have.length(8);
    expect(getComputedStyle(q(el, 'edge-3-trunk')!).strokeDasharray).to.equal('none');
    expect(getComputedStyle(q(el, 'edge-3-branch')!).strokeDasharray).to.not.equal('none');
    expect(q(el, 'tangle-graph')!.querySelectorAll('.stub')).to.have.length(0);
  });

  it('outlines the members of a bundle', async () => {
    const el = await mount(SMALL);
    const outline = q(el, 'bundle-3')!;
    expect(outline.getAttribute('data-members')).to.equal('2 3');
    const box = (outline as SVGGraphicsElement).getBBox();
    for (const i of [2, 3]) {
      const x = Number(q(el, `tx-node-${i}`)!.getAttribute('data-x'));
      expect(x).to.be.within(box.x, box.x + box.width);
    }
    expect(q(el, 'tangle-graph')!.querySelectorAll('rect.bundle')).to.have.length(1);
  });

  it('draws a stub for a parent older than the drawing, and no genesis unless referenced', async () => {
    const el = await mount([tx(10, { trunk: 7, branch: 9, confirmed: true }), tx(11, { trunk: 10, branch: 10, tip: true })]);
    expect(q(el, 'stub-10-trunk')!.getAttribute('data-to')).to.equal('7');
    expect(q(el, 'stub-10-branch')!.getAttribute('data-to')).to.equal('9');
    expect(q(el, 'edge-11-trunk')!.getAttribute('data-to')).to.equal('10');
    expect(q(el, 'genesis')).to.equal(null);
  });

  it('says so when there is nothing to draw', async () => {
    const el = await mount([]);
    expect(q(el, 'tangle-graph')!.textContent).to.contain('No transactions yet');
    expect(el.shadowRoot!.querySelectorAll('[data-testid^="tx-node-"]')).to.have.length(0);
  });

  it('shows the whole empty message, not clipped by the drawing', async () => {
    const el = await mount([]);
    const message = q<SVGTextElement>(el, 'tangle-empty') ?? el.shadowRoot!.querySelector<SVGTextElement>('text.empty')!;
    expect(message.textContent).to.equal('No transactions yet.');
    const box = message.getBBox();
    const width = Number(q(el, 'tangle-graph')!.getAttribute('width'));
    expect(box.x).to.be.at.least(0);
    expect(box.x + box.width, `the message ends at ${box.x + box.width}, the drawing at ${width}`).to.be.at.most(width);
  });

  it('keeps every label inside its node, up to the largest index', async () => {
    const big = [2998, 2999, 3000, 99_999, 4_194_304].map((i, k) =>
      tx(i, { trunk: i - 1, branch: i - 1, tip: k === 2, confirmed: k === 3 }),
    );
    const el = await mount(big);
    for (const n of big) {
      const node = q<SVGGElement>(el, `tx-node-${n.index}`)!;
      const label = node.querySelector('text')!;
      const shape = node.querySelector<SVGGraphicsElement>('.shape')!;
      expect(label.textContent).to.equal(String(n.index));
      const t = label.getBBox();
      const s = shape.getBBox();
      // Inside the shape's box with room for its stroke, and for the diamond inside its sides:
      // at the label's corners |x| + |y| must stay within the diamond's half-diagonal.
      expect(t.x, `tx ${n.index}: left`).to.be.at.least(s.x + 1);
      expect(t.x + t.width, `tx ${n.index}: right`).to.be.at.most(s.x + s.width - 1);
      if (node.getAttribute('data-status') === 'tip') {
        const half = s.width / 2 - 1;
        const cornerX = Math.max(Math.abs(t.x), Math.abs(t.x + t.width));
        // The digits' ink is about 0.7 of the font size tall, centred.
        const inkY = 0.35 * Number(label.getAttribute('font-size'));
        expect(cornerX + inkY, `tx ${n.index}: inside the diamond`).to.be.at.most(half);
      }
    }
  });

  it('fires tx-select with the index on click and on Enter or Space', async () => {
    const el = await mount(SMALL);
    const seen = selections(el);
    q<SVGGElement>(el, 'tx-node-2')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    const node3 = q<SVGGElement>(el, 'tx-node-3')!;
    node3.focus();
    node3.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    q<SVGGElement>(el, 'tx-node-1')!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true }));
    q<SVGGElement>(el, 'tx-node-1')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true, composed: true }));
    expect(seen).to.deep.equal([2, 3, 1]);
  });

  it('is one tab stop, and the arrow keys move between nodes', async () => {
    const el = await mount(SMALL, 2);
    const tabbable = [...el.shadowRoot!.querySelectorAll('[data-testid^="tx-node-"]')].filter((n) => n.getAttribute('tabindex') === '0');
    expect(tabbable.map((n) => n.getAttribute('data-index'))).to.deep.equal(['2']);
    expect(q(el, 'tx-node-2')!.getAttribute('aria-current')).to.equal('true');
    const node2 = q<SVGGElement>(el, 'tx-node-2')!;
    node2.focus();
    node2.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(el.shadowRoot!.activeElement?.getAttribute('data-index')).to.equal('3');
    expect(q(el, 'tx-node-3')!.getAttribute('tabindex')).to.equal('0');
    expect(q(el, 'tx-node-2')!.getAttribute('tabindex')).to.equal('-1');
  });

  it('follows new nodes: the statuses change with the property', async () => {
    const el = await mount(SMALL);
    el.nodes = SMALL.map((n) => (n.index === 2 || n.index === 3 ? { ...n, confirmed: true } : n)).concat(tx(5, { trunk: 4, branch: 4, tip: true }));
    await el.updateComplete;
    expect(q(el, 'tx-node-3')!.getAttribute('data-status')).to.equal('confirmed');
    expect(q(el, 'tx-node-5')!.getAttribute('data-status')).to.equal('tip');
  });
});
