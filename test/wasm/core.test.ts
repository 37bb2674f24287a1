// The wrapper's own contract: argument checks that name the argument, core errors that name the
// input, interleaved sponges that keep their own state, and results that are copies.
import { expect } from 'chai';
import { loadCore, CoreError, type Core } from '../../web/wasm/index.ts';

const VECTOR_IN = 'GYOMKVTSNHVJNCNFBBAH9AAMXLPLLLROQY99QN9DLSJUHDPBLCFFAIQXZA9BKMBJCYSFHFPXAHDWZFEIZ';
const VECTOR_OUT = 'OXJCNFHUNAHWDLKKPELTBFUCVW9KLXKOGWERKTJXQMXTKFKNWNNXYD9DMJJABSEIONOSJTTEVKVDQEWTW';

describe('wasm core wrapper', () => {
  let core: Core;
  before(async () => {
    core = await loadCore();
  });

  it('loads release and debug builds that agree', async () => {
    const debug = await loadCore({ variant: 'debug' });
    const t = core.trytesToTrits(VECTOR_IN);
    const a = core.createKerl();
    const b = debug.createKerl();
    a.absorb(t);
    b.absorb(t);
    expect(core.tritsToTrytes(a.squeeze(243))).to.equal(VECTOR_OUT);
    expect(debug.tritsToTrytes(b.squeeze(243))).to.equal(VECTOR_OUT);
  });

  it('keeps the state of interleaved sponges apart', () => {
    const t = core.trytesToTrits(VECTOR_IN);
    const a = core.createKerl();
    const b = core.createKerl();
    a.absorb(t);
    b.absorb(core.trytesToTrits('9'.repeat(81)));
    core.keccak384(new Uint8Array([1, 2, 3])); // raw Keccak must not disturb either sponge
    expect(core.tritsToTrytes(a.squeeze(243))).to.equal(VECTOR_OUT);
    b.reset();
    b.absorb(t);
    expect(core.tritsToTrytes(b.squeeze(243))).to.equal(VECTOR_OUT);
  });

  it('absorbs and squeezes beyond one buffer of trits', () => {
    const big = new Int8Array(243 * 130); // more than the 64-block static buffer
    const a = core.createKerl();
    a.absorb(big);
    const out = a.squeeze(243 * 70);
    expect(out.length).to.equal(243 * 70);
    const b = core.createKerl();
    for (let i = 0; i < 130; i++) b.absorb(new Int8Array(243));
    const parts = [];
    for (let i = 0; i < 70; i++) parts.push(...b.squeeze(243));
    expect(Array.from(out)).to.deep.equal(parts);
  });

  it('names the argument that is wrong', () => {
    const k = core.createKerl();
    expect(() => k.absorb(new Int8Array(242))).to.throw(RangeError, /trits.length must be a positive multiple of 243/);
    expect(() => k.absorb([1, 0] as unknown as Int8Array)).to.throw(TypeError, /trits must be an Int8Array/);
    expect(() => k.squeeze(10)).to.throw(RangeError, /length must be a positive multiple of 243/);
    expect(() => core.powWeight(new Uint8Array(31), 0n)).to.throw(RangeError, /digest must be 32 bytes/);
    expect(() => core.powWeight(new Uint8Array(32), -1n)).to.throw(RangeError, /nonce must be a bigint/);
    expect(() => core.powWeight(new Uint8Array(32), 1n << 64n)).to.throw(RangeError, /nonce/);
    expect(() => core.powSearch(new Uint8Array(32), 0n, 10, 0)).to.throw(RangeError, /mwm must be an integer/);
    expect(() => core.powSearch(new Uint8Array(32), 0n, 1.5, 3)).to.throw(RangeError, /count/);
    expect(() => core.powSearch(new Uint8Array(32), (1n << 64n) - 5n, 10, 3)).to.throw(RangeError, /pass 2\^64/);
    expect(() => core.bytesToTrits(new Uint8Array(47))).to.throw(RangeError, /bytes must be 48 bytes/);
  });

  it('reports core errors with the E_ message and the position', () => {
    expect(() => core.trytesToTrits('AB*D')).to.throw(CoreError, /trytes: tryte character must be one of 9A-Z \(at 2\)/);
    const bad = new Int8Array(243);
    bad[7] = 2;
    expect(() => core.createKerl().absorb(bad)).to.throw(CoreError, /trit value must be -1, 0 or 1 \(at 7\)/);
    expect(() => core.b1t6Decode(core.trytesToTrits('99TE'))).to.throw(CoreError, /b1t6 group value must lie in \[-128, 127\] \(at 1\)/);
    // the instance keeps working after an error
    expect(core.tritsToTrytes(core.trytesToTrits('MNZ9A'))).to.equal('MNZ9A');
  });

  it('returns copies, never views of WASM memory', () => {
    const a = core.trytesToTrits('ABC');
    core.trytesToTrits('ZZZ');
    expect(core.tritsToTrytes(a)).to.equal('ABC');
    expect(a.buffer).to.not.equal((core as unknown as { memory?: WebAssembly.Memory }).memory?.buffer);
  });
});
