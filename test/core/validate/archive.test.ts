// The archive framing (web/core/validate/archive.ts): "MTX2" | network name (32) | MWM | 3 zero bytes |
// u32 count | count × (id 32 | tx 1280), and format 1, "MTX1" | u32 count | records, still read.
// Round trips, positions of framing errors, and hostile bytes never throwing (fast-check).
import { expect } from 'chai';
import fc from 'fast-check';
import { TX_SIZE, txId } from '../../../web/core/tx/index.ts';
import {
  ARCHIVE_HEADER_SIZE,
  ARCHIVE_HEADER_SIZE_V1,
  ARCHIVE_MAGIC,
  ARCHIVE_MAGIC_V1,
  ARCHIVE_RECORD_SIZE,
  decodeArchive,
  encodeArchive,
  readArchiveHeader,
  REASONS,
  reasonMessage,
} from '../../../web/core/validate/index.ts';
import { networkProblem } from '../../../web/core/network/index.ts';

const tx = (seed: number) => Uint8Array.from({ length: TX_SIZE }, (_, i) => (i * 13 + seed) & 0xff);
const recordArb = fc.record({
  id: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  bytes: fc.uint8Array({ minLength: TX_SIZE, maxLength: TX_SIZE }),
});

const NET = { name: 'ward-7', mwm: 3 };
const networkArb = fc.record({
  name: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,31}$/),
  mwm: fc.integer({ min: 1, max: 20 }),
});

describe('archive framing', function () {
  it('format 2: "MTX2", the network name padded to 32 bytes, its MWM, 3 zero bytes, a little-endian count, then fixed records', function () {
    const a = encodeArchive([{ bytes: tx(1) }, { bytes: tx(2) }], NET);
    expect(new TextDecoder().decode(a.subarray(0, 4))).to.equal('MTX2');
    expect(new TextDecoder().decode(a.subarray(4, 10))).to.equal('ward-7');
    expect(Array.from(a.subarray(10, 36))).to.deep.equal(new Array(26).fill(0));
    expect(a[36]).to.equal(3);
    expect(Array.from(a.subarray(37, 40))).to.deep.equal([0, 0, 0]);
    expect(Array.from(a.subarray(40, 44))).to.deep.equal([2, 0, 0, 0]);
    expect(ARCHIVE_HEADER_SIZE).to.equal(44);
    expect(a.length).to.equal(ARCHIVE_HEADER_SIZE + 2 * ARCHIVE_RECORD_SIZE);
    expect(ARCHIVE_RECORD_SIZE).to.equal(32 + TX_SIZE);
    expect(a.subarray(44, 76)).to.deep.equal(txId(tx(1)));
    expect(readArchiveHeader(a)).to.deep.equal({ format: 2, network: NET, count: 2, headerSize: 44 });
  });

  it('format 1 (no network): "MTX1" and a little-endian count, still read', function () {
    const a = encodeArchive([{ bytes: tx(1) }, { bytes: tx(2) }]);
    expect(new TextDecoder().decode(a.subarray(0, 4))).to.equal('MTX1');
    expect(Array.from(a.subarray(4, 8))).to.deep.equal([2, 0, 0, 0]);
    expect(a.length).to.equal(ARCHIVE_HEADER_SIZE_V1 + 2 * ARCHIVE_RECORD_SIZE);
    const d = decodeArchive(a);
    expect(d.network).to.equal(null);
    expect(d.records.map((r) => r.bytes)).to.deep.equal([tx(1), tx(2)]);
  });

  it('round-trips any records and any network, in both formats (fast-check seed 41)', function () {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 5 }), fc.option(networkArb, { nil: null }), (recs, network) => {
        const { network: read, records, errors } = decodeArchive(encodeArchive(recs, network));
        expect(errors).to.deep.equal([]);
        expect(read).to.deep.equal(network);
        expect(records).to.deep.equal(recs);
      }),
      { seed: 41, numRuns: 100 },
    );
  });

  it('never throws on random bytes, with or without a magic (fast-check seed 42)', function () {
    const withMagic = (magic: Uint8Array) =>
      fc.tuple(fc.uint8Array({ maxLength: 48 }), fc.uint8Array({ maxLength: 3000 })).map(([head, rest]) => {
        const b = new Uint8Array(magic.length + head.length + rest.length);
        b.set(magic);
        b.set(head, 4);
        b.set(rest, 4 + head.length);
        return b;
      });
    const hostile = fc.oneof(fc.uint8Array({ maxLength: 3000 }), withMagic(ARCHIVE_MAGIC), withMagic(ARCHIVE_MAGIC_V1));
    fc.assert(
      fc.property(hostile, (bytes) => {
        const { network, records, errors } = decodeArchive(bytes);
        for (const r of records) expect([r.id.length, r.bytes.length]).to.deep.equal([32, TX_SIZE]);
        for (const e of errors) expect(['GARBAGE', 'TRUNCATED']).to.include(e.reason);
        if (network !== null) expect(networkProblem(network)).to.equal(null);
        // either every byte was framed correctly, or an error says where the framing broke
        const header = network === null ? ARCHIVE_HEADER_SIZE_V1 : ARCHIVE_HEADER_SIZE;
        if (errors.length === 0) expect(bytes.length).to.equal(header + records.length * ARCHIVE_RECORD_SIZE);
        expect(errors.length).to.be.at.most(1);
      }),
      { seed: 42, numRuns: 800 },
    );
  });

  it('with views, reads what a copy reads, as views into the bytes; by default every record is a copy (fast-check seed 43)', function () {
    // Whole archives, and the same cut short or run on, so errors come out alike too.
    const archiveArb = fc
      .tuple(fc.array(recordArb, { maxLength: 4 }), fc.option(networkArb, { nil: null }), fc.integer({ min: -1400, max: 3 }))
      .map(([recs, network, change]) => {
        const a = encodeArchive(recs, network);
        return change < 0 ? a.subarray(0, Math.max(0, a.length + change)) : Uint8Array.from([...a, ...new Array(change).fill(7)]);
      });
    fc.assert(
      fc.property(archiveArb, (bytes) => {
        const copied = decodeArchive(bytes);
        const viewed = decodeArchive(bytes, { views: true });
        expect(viewed).to.deep.equal(copied);
        for (const r of viewed.records) expect(r.id.buffer === bytes.buffer && r.bytes.buffer === bytes.buffer).to.equal(true);
        for (const r of copied.records) expect(r.id.buffer === bytes.buffer || r.bytes.buffer === bytes.buffer).to.equal(false);
      }),
      { seed: 43, numRuns: 200 },
    );
  });

  it('calls a format-2 header with a malformed network garbage, and one cut short truncated', function () {
    const good = encodeArchive([{ bytes: tx(1) }], NET);
    const garbage = { reason: 'GARBAGE', position: -1, offset: 0 };
    const patched = (f: (b: Uint8Array) => void) => {
      const b = good.slice();
      f(b);
      return decodeArchive(b).errors;
    };
    expect(patched((b) => (b[4] = 0)), 'an empty name').to.deep.equal([garbage]);
    expect(patched((b) => (b[4] = 0x41)), 'an upper-case name').to.deep.equal([garbage]);
    expect(patched((b) => (b[4] = 0x2d)), 'a name starting with a hyphen').to.deep.equal([garbage]);
    expect(patched((b) => (b[20] = 0x61)), 'a byte after the padding began').to.deep.equal([garbage]);
    expect(patched((b) => (b[36] = 0)), 'MWM 0').to.deep.equal([garbage]);
    expect(patched((b) => (b[36] = 21)), 'MWM 21').to.deep.equal([garbage]);
    expect(patched((b) => (b[38] = 1)), 'a reserved byte set').to.deep.equal([garbage]);
    expect(decodeArchive(good.subarray(0, 43)).errors).to.deep.equal([{ reason: 'TRUNCATED', position: -1, offset: 0 }]);
    expect(decodeArchive(good.subarray(0, 7)).errors).to.deep.equal([{ reason: 'TRUNCATED', position: -1, offset: 0 }]);
    const name32 = { name: 'a'.repeat(32), mwm: 20 };
    expect(decodeArchive(encodeArchive([], name32)).network, 'a name of the full 32 bytes').to.deep.equal(name32);
    expect(() => encodeArchive([], { name: 'Bad', mwm: 3 })).to.throw(RangeError, /^network\.name must be/);
    expect(() => encodeArchive([], { name: 'ok', mwm: 0 })).to.throw(RangeError, /^network\.mwm must be/);
  });

  it('reports framing errors with the record position', function () {
    for (const network of [NET, null]) {
      const a = encodeArchive([{ bytes: tx(1) }, { bytes: tx(2) }, { bytes: tx(3) }], network);
      const head = network ? ARCHIVE_HEADER_SIZE : ARCHIVE_HEADER_SIZE_V1;
      expect(decodeArchive(a.subarray(0, 2)).errors).to.deep.equal([{ reason: 'TRUNCATED', position: -1, offset: 0 }]);
      expect(decodeArchive(Uint8Array.of(0x4d, 0x54, 0x58, 0x33)).errors).to.deep.equal([{ reason: 'GARBAGE', position: -1, offset: 0 }]);
      const cut = decodeArchive(a.subarray(0, a.length - 1));
      expect(cut.records.length).to.equal(2);
      expect(cut.errors).to.deep.equal([{ reason: 'TRUNCATED', position: 2, offset: head + 2 * ARCHIVE_RECORD_SIZE }]);
      const trailing = new Uint8Array(a.length + 5);
      trailing.set(a);
      expect(decodeArchive(trailing).errors).to.deep.equal([{ reason: 'GARBAGE', position: 3, offset: a.length }]);
      const lying = a.slice();
      lying[head - 1] = 0xff; // claims ~4 billion records: nothing is allocated from the claim
      const l = decodeArchive(lying);
      expect(l.records.length).to.equal(3);
      expect(l.errors).to.deep.equal([{ reason: 'TRUNCATED', position: 3, offset: a.length }]);
      expect(decodeArchive(encodeArchive([], network)).records).to.deep.equal([]);
    }
  });

  it('returns copies, never views of the archive', function () {
    const a = encodeArchive([{ bytes: tx(5) }], NET);
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
