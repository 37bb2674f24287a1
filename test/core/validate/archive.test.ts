// The archive framing (web/core/validate/archive.ts): "MTX1" | u32 count | count × (id 32 | tx 1280).
// Round trips, positions of framing errors, and hostile bytes never throwing (fast-check).
import { expect } from 'chai';
import fc from 'fast-check';
import { TX_SIZE, txId } from '../../../web/core/tx/index.ts';
import {
  ARCHIVE_HEADER_SIZE,
  ARCHIVE_MAGIC,
  ARCHIVE_RECORD_SIZE,
  decodeArchive,
  encodeArchive,
  REASONS,
  reasonMessage,
} from '../../../web/core/validate/index.ts';

const tx = (seed: number) => Uint8Array.from({ length: TX_SIZE }, (_, i) => (i * 13 + seed) & 0xff);
const recordArb = fc.record({
  id: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  bytes: fc.uint8Array({ minLength: TX_SIZE, maxLength: TX_SIZE }),
});

describe('archive framing', function () {
  it('starts with "MTX1" and a little-endian count, then fixed records', function () {
    const a = encodeArchive([{ bytes: tx(1) }, { bytes: tx(2) }]);
    expect(new TextDecoder().decode(a.subarray(0, 4))).to.equal('MTX1');
    expect(Array.from(a.subarray(4, 8))).to.deep.equal([2, 0, 0, 0]);
    expect(a.length).to.equal(ARCHIVE_HEADER_SIZE + 2 * ARCHIVE_RECORD_SIZE);
    expect(ARCHIVE_RECORD_SIZE).to.equal(32 + TX_SIZE);
    expect(a.subarray(8, 40)).to.deep.equal(txId(tx(1)));
  });

  it('round-trips any records (fast-check seed 41)', function () {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 5 }), (recs) => {
        const { records, errors } = decodeArchive(encodeArchive(recs));
        expect(errors).to.deep.equal([]);
        expect(records).to.deep.equal(recs);
      }),
      { seed: 41, numRuns: 50 },
    );
  });

  it('never throws on random bytes, with or without the magic (fast-check seed 42)', function () {
    const hostile = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc.tuple(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 3000 })).map(([head, rest]) => {
        const b = new Uint8Array(ARCHIVE_MAGIC.length + head.length + rest.length);
        b.set(ARCHIVE_MAGIC);
        b.set(head, 4);
        b.set(rest, 4 + head.length);
        return b;
      }),
    );
    fc.assert(
      fc.property(hostile, (bytes) => {
        const { records, errors } = decodeArchive(bytes);
        for (const r of records) expect([r.id.length, r.bytes.length]).to.deep.equal([32, TX_SIZE]);
        for (const e of errors) expect(['GARBAGE', 'TRUNCATED']).to.include(e.reason);
        // either every byte was framed correctly, or an error says where the framing broke
        if (errors.length === 0) expect(bytes.length).to.equal(ARCHIVE_HEADER_SIZE + records.length * ARCHIVE_RECORD_SIZE);
        expect(errors.length).to.be.at.most(1);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('reports framing errors with the record position', function () {
    const a = encodeArchive([{ bytes: tx(1) }, { bytes: tx(2) }, { bytes: tx(3) }]);
    expect(decodeArchive(a.subarray(0, 2)).errors).to.deep.equal([{ reason: 'TRUNCATED', position: -1, offset: 0 }]);
    expect(decodeArchive(Uint8Array.of(0x4d, 0x54, 0x58, 0x32)).errors).to.deep.equal([{ reason: 'GARBAGE', position: -1, offset: 0 }]);
    const cut = decodeArchive(a.subarray(0, a.length - 1));
    expect(cut.records.length).to.equal(2);
    expect(cut.errors).to.deep.equal([{ reason: 'TRUNCATED', position: 2, offset: ARCHIVE_HEADER_SIZE + 2 * ARCHIVE_RECORD_SIZE }]);
    const trailing = new Uint8Array(a.length + 5);
    trailing.set(a);
    expect(decodeArchive(trailing).errors).to.deep.equal([{ reason: 'GARBAGE', position: 3, offset: a.length }]);
    const lying = a.slice();
    lying[7] = 0xff; // claims ~4 billion records: nothing is allocated from the claim
    const l = decodeArchive(lying);
    expect(l.records.length).to.equal(3);
    expect(l.errors).to.deep.equal([{ reason: 'TRUNCATED', position: 3, offset: a.length }]);
    expect(decodeArchive(encodeArchive([])).records).to.deep.equal([]);
  });

  it('returns copies, never views of the archive', function () {
    const a = encodeArchive([{ bytes: tx(5) }]);
    const [r] = decodeArchive(a).records;
    expect(r.bytes.buffer).to.not.equal(a.buffer);
    expect(r.bytes.buffer.byteLength).to.equal(TX_SIZE);
  });

  it('encodeArchive names the bad record', function () {
    expect(() => encodeArchive([{ bytes: tx(1) }, { bytes: new Uint8Array(5) }])).to.throw(RangeError, /records\[1\]\.bytes/);
    expect(() => encodeArchive([{ id: new Uint8Array(31), bytes: tx(1) }])).to.throw(RangeError, /records\[0\]\.id/);
    expect(() => encodeArchive('x' as never)).to.throw(TypeError, /records/);
  });

});

describe('reason codes', function () {
  it('has a message for every reason code', function () {
    for (const [code, message] of Object.entries(REASONS)) {
      expect(message, code).to.be.a('string').and.not.equal('');
      expect(reasonMessage(code as keyof typeof REASONS)).to.equal(message);
    }
    expect(() => reasonMessage('NOPE' as never)).to.throw(RangeError, /reason/);
  });
});
