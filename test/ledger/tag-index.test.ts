// The replica's tag index against a plain oracle: every index's tag kept in an array, and the runs
// of a tag found by scanning it from the start. Seeded: each failure names its seed, and setting
// SEEDS to it replays the case.
import { expect } from 'chai';
import { TagIndex } from '../../web/ledger/tag-index.ts';
import { rng } from '../storage/batches.ts';

const SEEDS = [1, 2, 3, 0x7a9, 0xbeef, 0x5eed_1234];

/** The oracle's answer: maximal runs [first, last] of consecutive indices (1-based) whose tag is `tag`. */
function scanRuns(column: Uint8Array[], tag: Uint8Array): [number, number][] {
  const same = (a: Uint8Array, b: Uint8Array) => a.every((x, i) => x === b[i]);
  const out: [number, number][] = [];
  column.forEach((t, k) => {
    if (!same(t, tag)) return;
    const last = out[out.length - 1];
    if (last && last[1] === k) last[1] = k + 1;
    else out.push([k + 1, k + 1]);
  });
  return out;
}

/**
 * A pool of tags that tries the index: random ones, ones that share the map's key (the first 30
 * bits) with another and differ only in byte 3's top bits, in the 17th byte or in the last, and the
 * zero tag (untagged bundles).
 */
function tagPool(random: () => number, n: number): Uint8Array[] {
  const pool: Uint8Array[] = [new Uint8Array(32)];
  for (let i = 0; i < n; i++) pool.push(Uint8Array.from({ length: 32 }, () => Math.floor(random() * 256)));
  const base = pool[1];
  for (const at of [3, 16, 31]) {
    const twin = base.slice();
    twin[at] ^= 0x80;
    pool.push(twin);
  }
  return pool;
}

describe('TagIndex', () => {
  for (const seed of SEEDS) {
    it(`finds exactly the runs a scan of the column finds, after appends of every size (seed ${seed})`, () => {
      const random = rng(seed);
      const pool = tagPool(random, 3 + Math.floor(random() * 20));
      const index = new TagIndex(2); // small, so the arrays grow many times
      const column: Uint8Array[] = [];
      const check = (when: string) => {
        const at = `seed ${seed}, ${when}`;
        expect(index.size, `${at}: size`).to.equal(column.length);
        for (const tag of pool) expect(index.find(tag), `${at}: find(tag ${pool.indexOf(tag)})`).to.deep.equal(scanRuns(column, tag));
        // A tag nobody carries, with the key of a carried one.
        const stranger = pool[1].slice();
        stranger[20] ^= 1;
        expect(index.find(stranger), `${at}: a tag with a carried tag's key`).to.deep.equal([]);
        let runs = 0;
        column.forEach((t, k) => {
          if (k === 0 || !t.every((x, j) => x === column[k - 1][j])) runs++;
        });
        expect(index.runCount, `${at}: runCount`).to.equal(runs);
        for (let i = 1; i <= column.length; i += 1 + Math.floor(random() * 7)) {
          expect([...index.tagAt(i)], `${at}: tagAt(${i})`).to.deep.equal([...column[i - 1]]);
        }
      };
      check('empty');
      for (let batch = 0; batch < 40; batch++) {
        // Bundles of 1..5 txs share a tag; batches hold 0..6 bundles, so equal tags meet across
        // bundle and batch edges.
        const txs: Uint8Array[] = [];
        for (let b = Math.floor(random() * 7); b > 0; b--) {
          const tag = pool[Math.floor(random() * pool.length)];
          for (let k = 1 + Math.floor(random() * 5); k > 0; k--) txs.push(tag);
        }
        const flat = new Uint8Array(txs.length * 32);
        txs.forEach((t, k) => flat.set(t, k * 32));
        expect(index.append(flat), `seed ${seed}: first index of batch ${batch}`).to.equal(column.length + 1);
        column.push(...txs.map((t) => t.slice()));
        flat.fill(0xee); // the index keeps its own copy
        check(`after batch ${batch}`);
      }
    });
  }

  it('returns copies, and finds nothing in an empty index', () => {
    const index = new TagIndex();
    const tag = new Uint8Array(32).fill(9);
    expect(index.find(tag)).to.deep.equal([]);
    index.append(new Uint8Array([...tag, ...tag]));
    index.tagAt(1).fill(0);
    expect(index.find(tag)).to.deep.equal([[1, 2]]);
  });

  it('rejects bad arguments, naming them', () => {
    const index = new TagIndex();
    index.append(new Uint8Array(64));
    expect(() => index.append(new Uint8Array(33))).to.throw(RangeError, /^tags must be a whole number of 32-byte tags, got 33 bytes/);
    expect(() => index.append([0] as unknown as Uint8Array)).to.throw(TypeError, /^tags must be a Uint8Array/);
    expect(() => index.find(new Uint8Array(31))).to.throw(RangeError, /^tag must be 32 bytes, got 31/);
    expect(() => index.find('ab' as unknown as Uint8Array)).to.throw(TypeError, /^tag must be a Uint8Array/);
    for (const bad of [0, 3, 1.5, NaN]) expect(() => index.tagAt(bad), String(bad)).to.throw(RangeError, /is not in the tag index \(1\.\.2\)/);
    expect(index.size, 'the bad append added nothing').to.equal(2);
  });
});
