// Reading an archive file in chunks (web/core/validate/archive-chunks.ts): the chunks are archives
// of their own that concatenate back to the file's records in order; the framing verdict and its
// positions are decodeArchive's on the whole file (fast-check); reads stay chunk-sized; and a
// bundle cut by a chunk boundary is completed by the next chunk in the ingest quarantine.
import { expect } from 'chai';
import fc from 'fast-check';
import { TX_SIZE, txId } from '../../../web/core/tx/index.ts';
import {
  ARCHIVE_HEADER_SIZE,
  ARCHIVE_MAGIC,
  ARCHIVE_RECORD_SIZE,
  DEFAULT_CHUNK_RECORDS,
  decodeArchive,
  encodeArchive,
  readArchiveChunks,
  type ArchiveChunk,
  type ArchiveSource,
} from '../../../web/core/validate/index.ts';
import { bundle, hex, pipeline, records as recordsOf } from './_fixtures.ts';

const tx = (seed: number) => Uint8Array.from({ length: TX_SIZE }, (_, i) => (i * 13 + seed) & 0xff);
const id = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + seed * 31) & 0xff);
const NET = { name: 'ward-7', mwm: 3 };
/** Where format 2 keeps the record count: the header's last 4 bytes. */
const COUNT_AT = ARCHIVE_HEADER_SIZE - 4;
/** An archive of `n` distinct records (claimed ids given, so no hashing), of NET (format 2) or of none (format 1). */
const archiveOf = (n: number, salt = 0, network: typeof NET | null = NET) =>
  encodeArchive(Array.from({ length: n }, (_, k) => ({ id: id(k + salt), bytes: tx(k + salt) })), network);

const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** A Blob that records every read. */
function recording(bytes: Uint8Array): ArchiveSource & { reads: [number, number][] } {
  const blob = blobOf(bytes);
  const reads: [number, number][] = [];
  return {
    size: blob.size,
    reads,
    slice(start: number, end: number) {
      reads.push([start, end]);
      return blob.slice(start, end);
    },
  };
}

async function all(source: ArchiveSource, chunkRecords?: number): Promise<ArchiveChunk[]> {
  const out: ArchiveChunk[] = [];
  for await (const c of readArchiveChunks(source, chunkRecords)) out.push(c);
  return out;
}

/** The chunks' records, decoded from their own bytes, in order. */
const recordsOfChunks = (chunks: ArchiveChunk[]) => chunks.flatMap((c) => decodeArchive(c.bytes).records);

/** A framing error in file positions, without the byte offset (a chunk's offsets are its own). */
const verdict = (e: { reason: string; position: number }) => ({ reason: e.reason, position: e.position });

describe('archive chunks', function () {
  it('chunks a valid archive into archives of at most N records that join back in order (fast-check seed 51)', async function () {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 6 }), fc.nat(200), async (n, size, salt) => {
        const a = archiveOf(n, salt);
        const chunks = await all(blobOf(a), size);
        expect(chunks.length).to.equal(Math.max(1, Math.ceil(n / size)));
        let next = 0;
        for (const c of chunks) {
          const d = decodeArchive(c.bytes);
          expect(d.errors, 'each chunk is a valid archive').to.deep.equal([]);
          expect(c.errors).to.deep.equal([]);
          expect(d.records.length).to.equal(c.records);
          expect(c.records).to.be.at.most(size);
          expect(c.first, 'chunks follow each other').to.equal(next);
          expect(c.total).to.equal(n);
          expect(c.bytes.length).to.equal(ARCHIVE_HEADER_SIZE + c.records * ARCHIVE_RECORD_SIZE);
          next += c.records;
        }
        expect(next).to.equal(n);
        expect(recordsOfChunks(chunks)).to.deep.equal(decodeArchive(a).records);
      }),
      { seed: 51, numRuns: 60 },
    );
  });

  it('gives decodeArchive\'s verdict on any bytes, at the same file positions (fast-check seed 52)', async function () {
    // Valid archives with their header, count or tail damaged, and plain random bytes.
    const damaged = fc
      .tuple(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -3, max: 3 }), // count claimed minus records held
        fc.integer({ min: -ARCHIVE_RECORD_SIZE - 9, max: ARCHIVE_RECORD_SIZE + 5 }), // bytes cut (< 0) or added (> 0)
        fc.boolean(), // break the magic
      )
      .map(([n, lie, tail, badMagic]) => {
        const a = archiveOf(n);
        new DataView(a.buffer).setUint32(COUNT_AT, Math.max(0, n + lie), true);
        if (badMagic) a[3] = 0x33;
        if (tail <= 0) return a.subarray(0, Math.max(0, a.length + tail));
        const b = new Uint8Array(a.length + tail).fill(0xee);
        b.set(a);
        return b;
      });
    const bytes = fc.oneof(damaged, fc.uint8Array({ maxLength: 40 }), fc.constant(ARCHIVE_MAGIC.slice(0, 3)));
    await fc.assert(
      fc.asyncProperty(bytes, fc.integer({ min: 1, max: 4 }), async (b, size) => {
        const whole = decodeArchive(b);
        const chunks = await all(blobOf(b), size);
        expect(recordsOfChunks(chunks), 'the same records, in order').to.deep.equal(whole.records);
        expect(chunks.flatMap((c) => c.errors), 'the same framing errors').to.deep.equal(whole.errors);
        for (const c of chunks) {
          // Each chunk's own bytes carry its error, at its position within the chunk (-1 stays -1).
          const own = decodeArchive(c.bytes).errors.map((e) => verdict({ ...e, position: e.position < 0 ? e.position : e.position + c.first }));
          expect(own).to.deep.equal(c.errors.map(verdict));
          expect(c.records).to.be.at.most(size);
        }
        expect(chunks.slice(0, -1).every((c) => c.errors.length === 0), 'only the last chunk carries an error').to.equal(true);
      }),
      { seed: 52, numRuns: 300 },
    );
  });

  it('reports a bad magic and a short header as GARBAGE and TRUNCATED at -1, with only the header bytes', async function () {
    const garbage = await all(new Blob([Uint8Array.of(0x4d, 0x54, 0x58, 0x33, 3, 0, 0, 0, 9, 9, 9)]));
    expect(garbage).to.have.length(1);
    expect(garbage[0]).to.deep.include({ first: 0, records: 0, total: 0, network: null, errors: [{ reason: 'GARBAGE', position: -1, offset: 0 }] });
    expect([...garbage[0].bytes], 'the header bytes read, for the worker to refuse').to.deep.equal([0x4d, 0x54, 0x58, 0x33, 3, 0, 0, 0, 9, 9, 9]);
    const bigGarbage = await all(blobOf(new Uint8Array(5000).fill(0x41)));
    expect(bigGarbage[0].bytes.length, 'never more than a header is read').to.equal(ARCHIVE_HEADER_SIZE);
    const short = await all(new Blob([Uint8Array.of(0x4d, 0x54)]));
    expect(short.map((c) => c.errors)).to.deep.equal([[{ reason: 'TRUNCATED', position: -1, offset: 0 }]]);
    expect(decodeArchive(short[0].bytes).errors).to.deep.equal([{ reason: 'TRUNCATED', position: -1, offset: 0 }]);
    const empty = await all(new Blob([]));
    expect(empty.map((c) => c.errors)).to.deep.equal([[{ reason: 'TRUNCATED', position: -1, offset: 0 }]]);
  });

  it('reports a count larger than the data as TRUNCATED at the first missing record, on the last chunk', async function () {
    const a = archiveOf(5);
    new DataView(a.buffer).setUint32(COUNT_AT, 7, true);
    const chunks = await all(blobOf(a), 2);
    expect(chunks.map((c) => [c.first, c.records, c.total])).to.deep.equal([[0, 2, 5], [2, 2, 5], [4, 1, 5]]);
    const end = ARCHIVE_HEADER_SIZE + 5 * ARCHIVE_RECORD_SIZE;
    expect(chunks[2].errors).to.deep.equal([{ reason: 'TRUNCATED', position: 5, offset: end }]);
    expect(chunks[2].errors).to.deep.equal(decodeArchive(a).errors);
    // The chunk's own count is one past its record: the worker reports TRUNCATED at 1, which is 4 + 1 = 5 in the file.
    expect(decodeArchive(chunks[2].bytes).errors.map(verdict)).to.deep.equal([{ reason: 'TRUNCATED', position: 1 }]);
    // A cut inside the last record: the whole ones before it are still read.
    const cut = archiveOf(3).subarray(0, ARCHIVE_HEADER_SIZE + 3 * ARCHIVE_RECORD_SIZE - 1);
    const c2 = await all(blobOf(cut), 2);
    expect(c2.map((c) => c.records), 'the cut record is the first missing one, not a chunk of its own').to.deep.equal([2]);
    expect(c2[0].errors).to.deep.equal(decodeArchive(cut).errors);
    expect(decodeArchive(c2[0].bytes).errors.map(verdict)).to.deep.equal([{ reason: 'TRUNCATED', position: 2 }]);
  });

  it('tells every chunk how many records the header announces, also when the file holds fewer', async function () {
    // A backup cut inside record 6 of 9: 5 whole records, while the header announces 9. The UI must
    // be able to say "announces 9, holds 5": `total` alone (the whole records) hides the 4 missing.
    const a = archiveOf(9);
    const cut = a.subarray(0, ARCHIVE_HEADER_SIZE + 5 * ARCHIVE_RECORD_SIZE + 100);
    const chunks = await all(blobOf(cut), 2);
    expect(chunks.map((c) => [c.records, c.total, c.announced])).to.deep.equal([[2, 5, 9], [2, 5, 9], [1, 5, 9]]);
    // A whole file, one with bytes after its records, and one whose header is broken (nothing announced).
    expect((await all(blobOf(archiveOf(3)), 2)).map((c) => c.announced)).to.deep.equal([3, 3]);
    const trailing = new Uint8Array(a.length + 4).fill(0xab);
    trailing.set(a);
    expect((await all(blobOf(trailing), 4)).map((c) => [c.total, c.announced])).to.deep.equal([[9, 9], [9, 9], [9, 9]]);
    expect((await all(new Blob([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 0, 0, 0)]))).map((c) => c.announced)).to.deep.equal([0]);
    expect((await all(new Blob([]))).map((c) => c.announced)).to.deep.equal([0]);
  });

  it('reports bytes after the counted records as GARBAGE at the count, whatever their length', async function () {
    for (const stray of [1, ARCHIVE_RECORD_SIZE, 3 * ARCHIVE_RECORD_SIZE + 7]) {
      const a = archiveOf(3);
      const b = new Uint8Array(a.length + stray).fill(0xab);
      b.set(a);
      const chunks = await all(blobOf(b), 2);
      expect(chunks.map((c) => c.records), String(stray)).to.deep.equal([2, 1]);
      expect(chunks[1].errors, String(stray)).to.deep.equal([{ reason: 'GARBAGE', position: 3, offset: a.length }]);
      expect(chunks[1].errors).to.deep.equal(decodeArchive(b).errors);
      // One stray byte is carried, not the whole stray part.
      expect(chunks[1].bytes.length, String(stray)).to.equal(ARCHIVE_HEADER_SIZE + ARCHIVE_RECORD_SIZE + 1);
      expect(decodeArchive(chunks[1].bytes).errors.map(verdict)).to.deep.equal([{ reason: 'GARBAGE', position: 1 }]);
    }
  });

  it('reads the header once and then one chunk-sized slice per chunk', async function () {
    const source = recording(archiveOf(7));
    const chunks = await all(source, 3);
    expect(chunks.map((c) => c.records)).to.deep.equal([3, 3, 1]);
    expect(source.reads).to.deep.equal([
      [0, ARCHIVE_HEADER_SIZE],
      [0, ARCHIVE_HEADER_SIZE + 3 * ARCHIVE_RECORD_SIZE],
      [3 * ARCHIVE_RECORD_SIZE, ARCHIVE_HEADER_SIZE + 6 * ARCHIVE_RECORD_SIZE],
      [6 * ARCHIVE_RECORD_SIZE, ARCHIVE_HEADER_SIZE + 7 * ARCHIVE_RECORD_SIZE],
    ]);
    for (const [a, b] of source.reads) expect(b - a).to.be.at.most(ARCHIVE_HEADER_SIZE + 3 * ARCHIVE_RECORD_SIZE);
    expect(new Set(chunks.map((c) => c.bytes.buffer)).size, 'one buffer per chunk').to.equal(3);
  });

  it('reads 2,048 records per chunk by default', async function () {
    expect(DEFAULT_CHUNK_RECORDS).to.equal(2048);
    const chunks = await all(blobOf(archiveOf(DEFAULT_CHUNK_RECORDS + 1)));
    expect(chunks.map((c) => c.records)).to.deep.equal([DEFAULT_CHUNK_RECORDS, 1]);
  });

  it('names bad arguments at once, and refuses a file that changes while it is read', async function () {
    expect(() => readArchiveChunks(null as never)).to.throw(TypeError, /source must be a Blob/);
    expect(() => readArchiveChunks({ size: -1, slice: () => new Blob() })).to.throw(TypeError, /source\.size/);
    for (const bad of [0, 1.5, Number.NaN]) expect(() => readArchiveChunks(new Blob(), bad), String(bad)).to.throw(RangeError, /chunkRecords/);
    const blob = blobOf(archiveOf(4));
    const shrinking: ArchiveSource = { size: blob.size, slice: (a, b) => blob.slice(a, Math.min(b, blob.size - 100)) };
    let error: unknown;
    try {
      await all(shrinking, 2);
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/the file changed while it was read: bytes 2624 to 5292 came back as 2568 bytes/);
  });

  it('frames every chunk with the file\'s own header: its format and its network', async function () {
    for (const network of [NET, null]) {
      const chunks = await all(blobOf(archiveOf(5, 0, network)), 2);
      expect(chunks.map((c) => c.network), JSON.stringify(network)).to.deep.equal([network, network, network]);
      expect(chunks.map((c) => decodeArchive(c.bytes).network)).to.deep.equal([network, network, network]);
      expect(recordsOfChunks(chunks)).to.deep.equal(decodeArchive(archiveOf(5, 0, network)).records);
    }
  });

  it('lets the quarantine complete a bundle cut by a chunk boundary', async function () {
    this.timeout(60_000);
    const a = await bundle({ size: 3, salt: 61 });
    const b = await bundle({ size: 2, salt: 62, trunk: txId(a[0]), branch: txId(a[0]) });
    // As an export lists them: parents first, each bundle head first.
    const file = encodeArchive(recordsOf(a[2], a[1], a[0], b[1], b[0]));
    const { p, lookup } = await pipeline();
    const chunks = await all(blobOf(file), 2); // [a2 a1] [a0 b1] [b0]
    const stored: string[] = [];
    const held: number[] = [];
    for (const c of chunks) {
      const result = await p.ingest(decodeArchive(c.bytes).records);
      expect(result.rejected.every((r) => r.held), 'nothing refused').to.equal(true);
      held.push(result.rejected.length);
      for (const bundleTxs of result.accepted) {
        lookup.store(bundleTxs);
        stored.push(...bundleTxs.map((t) => hex(txId(t))));
      }
    }
    expect(held, 'each cut bundle waits for one chunk only').to.deep.equal([2, 1, 0]);
    expect(stored).to.deep.equal([...a, ...b].map((t) => hex(txId(t))));
    expect(p.quarantined).to.equal(0);
  });
});
