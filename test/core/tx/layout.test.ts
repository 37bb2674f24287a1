// The v1 tx layout table (web/core/tx/layout.ts; docs/design.md "Transactions and bundles"): contiguous,
// in the documented order, essence then attachment then signature, the nonce last, 1280 bytes.
import { expect } from 'chai';
import * as tx from '../../../web/core/tx/index.ts';

const FIELDS = [
  ['VERSION', 'essence', 1],
  ['KIND', 'essence', 1],
  ['INDEX', 'essence', 2],
  ['LAST_INDEX', 'essence', 2],
  ['ISSUER', 'essence', 32],
  ['TAG', 'essence', 32],
  ['ISSUED_AT', 'essence', 8],
  ['PAYLOAD_LENGTH', 'essence', 2],
  ['PAYLOAD', 'essence', 1024],
  ['BUNDLE', 'essence', 32],
  ['TRUNK', 'attachment', 32],
  ['BRANCH', 'attachment', 32],
  ['ATTACHED_AT', 'attachment', 8],
  ['SIGNATURE', 'signature', 64],
  ['NONCE', 'nonce', 8],
] as const;

describe('tx layout v1', function () {
  it('lists the fields of the spec, in order, with their lengths and parts', function () {
    expect(tx.TX_LAYOUT.map((f) => [f.name, f.part, f.length])).to.deep.equal(FIELDS.map((f) => [...f]));
  });

  it('is contiguous from byte 0 and ends at TX_SIZE = 1280', function () {
    let expected = 0;
    for (const f of tx.TX_LAYOUT) {
      expect(f.offset, `${f.name} offset`).to.equal(expected);
      expect(f.length, `${f.name} length`).to.be.greaterThan(0);
      expected += f.length;
    }
    expect(expected).to.equal(tx.TX_SIZE);
    expect(tx.TX_SIZE).to.equal(1280);
  });

  it('agrees with the exported X_OFFSET / X_LENGTH constants', function () {
    const constants = tx as unknown as Record<string, number>;
    for (const f of tx.TX_LAYOUT) {
      const lengthName = f.name === 'PAYLOAD_LENGTH' ? 'PAYLOAD_LENGTH_LENGTH' : `${f.name}_LENGTH`;
      expect(constants[`${f.name}_OFFSET`], `${f.name}_OFFSET`).to.equal(f.offset);
      expect(constants[lengthName], lengthName).to.equal(f.length);
    }
  });

  it('puts the nonce last and the bundle hash last in the essence', function () {
    const last = tx.TX_LAYOUT[tx.TX_LAYOUT.length - 1];
    expect(last.name).to.equal('NONCE');
    expect(tx.NONCE_OFFSET + tx.NONCE_LENGTH).to.equal(tx.TX_SIZE);
    const essence = tx.TX_LAYOUT.filter((f) => f.part === 'essence');
    expect(essence[essence.length - 1].name).to.equal('BUNDLE');
    expect(tx.ESSENCE_LENGTH).to.equal(tx.BUNDLE_OFFSET + tx.BUNDLE_LENGTH);
    expect(tx.TRUNK_OFFSET).to.equal(tx.ESSENCE_LENGTH);
  });

  it('has the parts in the order essence, attachment, signature, nonce', function () {
    const parts = tx.TX_LAYOUT.map((f) => f.part).filter((p, i, a) => i === 0 || a[i - 1] !== p);
    expect(parts).to.deep.equal(['essence', 'attachment', 'signature', 'nonce']);
  });

  it('exports the constants the rest of the system relies on', function () {
    expect(tx.TX_VERSION).to.equal(1);
    expect(tx.MAX_PAYLOAD).to.equal(1024);
    expect(tx.MAX_BUNDLE_TXS).to.equal(255);
    expect(Array.from(tx.GENESIS_ID)).to.deep.equal(new Array(32).fill(0));
    expect({ ...tx.TX_KINDS }).to.deep.equal({ record: 1, profile: 2, consent: 3, audit: 4, test: 9 });
    for (const k of [1, 2, 3, 4, 9]) expect(tx.isKnownKind(k), `kind ${k}`).to.equal(true);
    for (const k of [0, 5, 8, 10, 255]) expect(tx.isKnownKind(k), `kind ${k}`).to.equal(false);
  });
});
