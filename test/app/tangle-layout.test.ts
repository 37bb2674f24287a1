// The drawing's layout: bundles found from positions and trunks, older left, a few rows, statuses.
import { expect } from 'chai';
import { LAYOUT, bundleGroups, labelFit, layoutTangle, txStatus } from '../../web/app/tangle-layout.ts';
import { tx } from './_tangle-fixtures.ts';

describe('tangle layout', () => {
  it('tells the three statuses apart, confirmed first', () => {
    expect(txStatus({ tip: false, confirmed: true })).to.equal('confirmed');
    expect(txStatus({ tip: true, confirmed: false })).to.equal('tip');
    expect(txStatus({ tip: false, confirmed: false })).to.equal('pending');
  });

  it('finds bundles as runs counting down to the tail, each approving the one before', () => {
    const nodes = [
      tx(5, { bundleIndex: 0, lastIndex: 1, trunk: 4 }), // the tail of a bundle whose head is not drawn
      tx(6, { bundleIndex: 2, lastIndex: 2, trunk: 5 }),
      tx(7, { bundleIndex: 1, lastIndex: 2, trunk: 6 }),
      tx(8, { bundleIndex: 0, lastIndex: 2, trunk: 7 }),
      tx(9),
      tx(10),
    ];
    expect(bundleGroups(nodes).map((g) => g.map((t) => t.index))).to.deep.equal([[5], [6, 7, 8], [9], [10]]);
    // A member that does not approve the one before as its trunk starts a new group.
    const broken = [tx(1, { bundleIndex: 1, lastIndex: 1 }), tx(2, { bundleIndex: 0, lastIndex: 1, trunk: 0 })];
    expect(bundleGroups(broken)).to.have.length(2);
  });

  it('places older txs left, each bundle on one row, at most three rows', () => {
    const nodes = [tx(1, { trunk: 0, branch: 0 })];
    for (let i = 2; i <= 30; i++) nodes.push(tx(i));
    const lay = layoutTangle([...nodes].reverse());
    expect(lay.nodes.map((n) => n.tx.index)).to.deep.equal(nodes.map((n) => n.index));
    for (let k = 1; k < lay.nodes.length; k++) expect(lay.nodes[k].x).to.be.greaterThan(lay.nodes[k - 1].x);
    expect(new Set(lay.nodes.map((n) => n.row)).size).to.equal(LAYOUT.rows);
    expect(lay.genesis).to.not.equal(null);
    expect(lay.genesis!.x).to.be.below(lay.nodes[0].x);
    for (const n of lay.nodes) {
      expect(n.x).to.be.within(0, lay.width);
      expect(n.y).to.be.within(0, lay.height);
    }
    expect(lay.edges).to.have.length(60);
    expect(lay.stubs).to.have.length(0);
  });

  it('lays out nothing as an empty drawing, wide enough for its message', () => {
    const lay = layoutTangle([]);
    expect(lay.nodes).to.deep.equal([]);
    expect(lay.width).to.equal(LAYOUT.emptyWidth);
  });

  it('fits labels of any length inside the node: smaller fonts, squeezed to the label width', () => {
    expect(labelFit(7)).to.deep.equal({ fontSize: 11, textLength: null });
    expect(labelFit(99)).to.deep.equal({ fontSize: 11, textLength: null });
    expect(labelFit(100)).to.deep.equal({ fontSize: 10, textLength: LAYOUT.labelWidth });
    expect(labelFit(3000).textLength).to.equal(LAYOUT.labelWidth);
    expect(labelFit(4_194_304).fontSize).to.be.at.least(7);
    // Inside the smallest shape, the square of side 2r - 2 drawn with a 2-unit stroke.
    expect(LAYOUT.labelWidth).to.be.at.most(2 * LAYOUT.r - 4);
  });
});
