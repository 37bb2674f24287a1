// The clinic code (web/core/identity/clinic-code.ts): any key and name round-trip; every change of
// one character is refused (the checksum, or the format), never read as another clinic; and each
// problem is named. Property tests with fast-check, seed printed on failure.
import { expect } from 'chai';
import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CLINIC_CODE_PREFIX, clinicCode, readClinicCode } from '../../../web/core/identity/index.ts';

const SEED = 90_412;
const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).map((s) => s.replace(/\p{Cc}/gu, '').trim()).filter((s) => s !== '' && new TextEncoder().encode(s).length <= 360);

describe('clinic code', () => {
  it('round-trips any key and name, also with spaces and line breaks pasted in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), name, fc.nat(40), (key, n, cut) => {
        const code = clinicCode(key, n);
        expect(code.startsWith(CLINIC_CODE_PREFIX)).to.equal(true);
        expect(readClinicCode(code)).to.deep.equal({ key: bytesToHex(key), name: n });
        const at = Math.min(cut + 5, code.length);
        expect(readClinicCode(` ${code.slice(0, at)}\n ${code.slice(at)} `)).to.deep.equal({ key: bytesToHex(key), name: n });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses every one-character change of the code, never reading another key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), name, fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), (key, n, where, c) => {
        const code = clinicCode(key, n);
        const i = CLINIC_CODE_PREFIX.length + (where % (code.length - CLINIC_CODE_PREFIX.length));
        if (code[i] === c) return;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        const read = readClinicCode(changed);
        // The last character may carry only padding bits: a change there can decode to the same bytes.
        if ('key' in read) expect(read).to.deep.equal({ key: bytesToHex(key), name: n });
        else expect(['checksum', 'length', 'characters', 'name']).to.include(read.problem);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it('names each problem', () => {
    const good = clinicCode(new Uint8Array(32).fill(7), 'Rivne clinic');
    expect(readClinicCode('')).to.deep.equal({ problem: 'empty' });
    expect(readClinicCode(42)).to.deep.equal({ problem: 'empty' });
    expect(readClinicCode('hello')).to.deep.equal({ problem: 'not-a-clinic-code' });
    expect(readClinicCode(`${CLINIC_CODE_PREFIX}abc$`)).to.deep.equal({ problem: 'characters' });
    expect(readClinicCode(good.slice(0, 20))).to.deep.equal({ problem: 'length' });
    expect(readClinicCode(good.slice(0, -2))).to.have.property('problem');
    expect(() => clinicCode(new Uint8Array(31), 'x')).to.throw(RangeError, /key must be a 32-byte/);
    expect(() => clinicCode(new Uint8Array(32), '  ')).to.throw(RangeError, /name must be 1 to 360 bytes/);
  });
});
