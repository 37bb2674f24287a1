// Shared links (web/core/links, docs/links.md): round trips of 0 to 10 care records with and without a
// passcode; the header read before the passcode; every single-character change of a fragment, and
// every flipped bit of its bytes, refused; a wrong passcode, a missing one; expiry to the millisecond;
// a newer format refused; the arguments checked at the boundary; links past MAX_LINK_BYTES refused
// before any scrypt; and the cost of scrypt at LINK_KDF in this browser (printed, never asserted).
// Every random outcome comes from a fixed seed, printed on failure.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  LINK_KDF,
  LINK_PATH,
  LinkError,
  MAX_LINK_BYTES,
  MAX_NOTE,
  MAX_PATIENT_NAME,
  linkUrl,
  makeLink,
  openLink,
  readLinkHeader,
  type LinkContents,
} from '../../../web/core/links/index.ts';
import { _fromBase64url, _toBase64url } from '../../../web/core/links/_base64url.ts';
import { freeText, name } from '../care/_gen.ts';
import { careRecord, seeded, typicalRecords } from './_records.ts';

const CREATED = Date.UTC(2026, 11, 4, 12, 0, 0);
const EXPIRES = CREATED + 7 * 24 * 3600 * 1000;
/** scrypt made cheap for tests (N = 16): the format is the same, only the cost differs. */
const FAST_KDF = { N: 16, r: 1, p: 1 };
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Characters that are not in base64url, or that would make the text non-canonical, and some a URL mangles. */
const INVALID = ['=', '+', '/', ' ', '%', '.', '~', '!', '#', '?', '\n', '\t', 'é', 'І', '\u0000'];

/** The independent oracle for base64url: the platform's btoa and atob, with the alphabet swapped and the padding removed. */
function oracleEncode(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function oracleDecode(text: string): Uint8Array {
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/** What the doctor's app must read back: the contents as JSON carries them. */
function asJson(c: LinkContents): LinkContents {
  return JSON.parse(JSON.stringify(c)) as LinkContents;
}

/** The LinkError's reason a call throws or rejects with; fails the test on success or another error. */
async function reasonOf(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof LinkError) return e.reason;
    throw new Error(`expected a LinkError, got ${String(e)}`);
  }
  throw new Error('expected a LinkError, and the call succeeded');
}

function reasonOfSync(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LinkError) return e.reason;
    throw new Error(`expected a LinkError, got ${String(e)}`);
  }
  return 'accepted';
}

describe('shared links', function () {
  this.timeout(300_000);

  it('round-trips 0 to 10 typical care records, with and without a passcode', async function () {
    for (let n = 0; n <= 10; n++) {
      for (const passcode of [undefined, 'ясне небо 42']) {
        const contents: LinkContents = { patientName: 'Олена Шевченко', records: typicalRecords(n) };
        if (n % 2 === 1) contents.note = 'Для консультації в четвер. <b>не розмітка</b>';
        const fragment = await makeLink(contents, { createdAt: CREATED, expiresAt: EXPIRES, passcode, kdf: FAST_KDF, random: seeded(1000 + n) });
        expect(fragment.startsWith(LINK_PATH), fragment).to.equal(true);
        const opened = await openLink(fragment, { now: CREATED, passcode });
        expect(opened.contents, `${n} records, passcode ${String(passcode)}`).to.deep.equal(asJson(contents));
        expect(opened.header).to.deep.equal({ version: 1, createdAt: CREATED, expiresAt: EXPIRES, recordCount: n, passcode: passcode !== undefined });
        expect(opened.contents.records.map((r) => r.resourceType)).to.deep.equal(contents.records.map((r) => r.resourceType));
      }
    }
  });

  it('round-trips any care records, names, notes and passcodes, the passcode in any Unicode composition (fast-check seed 1010)', async function () {
    const seed = 1010;
    const passcode = fc
      .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.constantFrom('café', 'ґанок їжак', 'ｐａｓｓ１'))
      .filter((p) => p.normalize('NFKC').length >= 1 && p.normalize('NFKC').length <= 256);
    await fc.assert(
      fc.asyncProperty(
        fc.array(careRecord, { maxLength: 10 }),
        name(MAX_PATIENT_NAME),
        fc.option(freeText(MAX_NOTE), { nil: undefined }),
        fc.option(passcode, { nil: undefined }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        async (records, patientName, note, pass, randomSeed, createdAt, lifetime) => {
          const contents: LinkContents = { patientName, records };
          if (note !== undefined) contents.note = note;
          const fragment = await makeLink(contents, { createdAt, expiresAt: createdAt + lifetime, passcode: pass, kdf: FAST_KDF, random: seeded(randomSeed) });
          // The doctor may type the passcode composed otherwise (NFD here; NFKC is what counts).
          const opened = await openLink(fragment, { now: createdAt + lifetime - 1, passcode: pass?.normalize('NFD') });
          expect(opened.contents).to.deep.equal(asJson(contents));
          expect(opened.header).to.deep.equal({ version: 1, createdAt, expiresAt: createdAt + lifetime, recordCount: records.length, passcode: pass !== undefined });
        },
      ),
      { seed, numRuns: 30, verbose: 1 },
    );
  });

  it('reads the header before the passcode, and the header is what was made', async function () {
    const fragment = await makeLink({ patientName: 'Олена', records: typicalRecords(3) }, { createdAt: CREATED, expiresAt: EXPIRES, passcode: 'секрет', kdf: FAST_KDF, random: seeded(3) });
    expect(readLinkHeader(fragment)).to.deep.equal({ version: 1, createdAt: CREATED, expiresAt: EXPIRES, recordCount: 3, passcode: true });
    expect(await reasonOf(() => openLink(fragment, { now: CREATED }))).to.equal('passcode-needed');
    expect(await reasonOf(() => openLink(fragment, { now: CREATED, passcode: '' }))).to.equal('passcode-needed');
  });

  for (const passcode of [undefined, 'секрет']) {
    it(`refuses every single-character change of a fragment (each position, every other base64url character and ${INVALID.length} others), ${passcode ? 'with' : 'without'} a passcode`, async function () {
      const fragment = await makeLink({ patientName: 'Олена', records: typicalRecords(passcode ? 3 : 1), note: 'до четверга' }, { createdAt: CREATED, expiresAt: EXPIRES, passcode, kdf: FAST_KDF, random: seeded(7) });
      // Control: the untouched fragment opens.
      expect((await openLink(fragment, { now: CREATED, passcode })).contents.patientName).to.equal('Олена');
      const reasons = new Map<string, number>();
      let tried = 0;
      for (let i = 0; i < fragment.length; i++) {
        for (const c of [...ALPHABET, ...INVALID]) {
          if (c === fragment[i]) continue;
          const changed = fragment.slice(0, i) + c + fragment.slice(i + 1);
          const reason = reasonOfSync(() => readLinkHeader(changed));
          if (reason === 'accepted') throw new Error(`position ${i} changed to ${JSON.stringify(c)} was accepted`);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          tried++;
        }
      }
      // openLink goes through the same check; one change per position confirms it refuses too.
      for (let i = 0; i < fragment.length; i++) {
        const c = fragment[i] === 'A' ? 'B' : 'A';
        await reasonOf(() => openLink(fragment.slice(0, i) + c + fragment.slice(i + 1), { now: CREATED, passcode }));
      }
      // Each character of a fragment is in exactly one of the two lists ('/' of the path is in INVALID).
      expect(tried).to.equal(fragment.length * (ALPHABET.length + INVALID.length - 1));
      expect([...reasons.keys()].sort()).to.include.members(['changed', 'not-a-link']);
    });
  }

  it('refuses every flipped bit of a link\'s bytes, re-encoded canonically (a changed byte, not a changed character)', async function () {
    for (const passcode of [undefined, 'секрет']) {
      const fragment = await makeLink({ patientName: 'Олена', records: typicalRecords(1) }, { createdAt: CREATED, expiresAt: EXPIRES, passcode, kdf: FAST_KDF, random: seeded(11) });
      const bytes = oracleDecode(fragment.slice(LINK_PATH.length));
      for (let i = 0; i < bytes.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const copy = bytes.slice();
          copy[i] ^= 1 << bit;
          const reason = reasonOfSync(() => readLinkHeader(LINK_PATH + oracleEncode(copy)));
          // The version byte (3) may become a newer one, which is refused as such.
          expect(reason, `byte ${i} bit ${bit}`).to.equal(i === 3 && (copy[3] > 1) ? 'too-new' : 'changed');
        }
      }
    }
  });

  it('a wrong passcode is refused; the right one opens; a passcode given to a link without one is not needed', async function () {
    const contents = { patientName: 'Олена', records: typicalRecords(2) };
    const fragment = await makeLink(contents, { createdAt: CREATED, expiresAt: EXPIRES, passcode: 'правильний', kdf: FAST_KDF, random: seeded(21) });
    for (const wrong of ['правильни', 'Правильний', 'правильний ', 'x', 'x'.repeat(300)]) {
      expect(await reasonOf(() => openLink(fragment, { now: CREATED, passcode: wrong })), wrong).to.equal('wrong-passcode');
    }
    expect((await openLink(fragment, { now: CREATED, passcode: 'правильний' })).contents).to.deep.equal(asJson(contents));
    const open = await makeLink(contents, { createdAt: CREATED, expiresAt: EXPIRES, random: seeded(22) });
    expect((await openLink(open, { now: CREATED, passcode: 'anything' })).contents).to.deep.equal(asJson(contents));
  });

  it('expires at expiresAt: opens 1 ms before, refused at it and after, and its header is still readable', async function () {
    for (const passcode of [undefined, 'секрет']) {
      const fragment = await makeLink({ patientName: 'Олена', records: typicalRecords(1) }, { createdAt: CREATED, expiresAt: EXPIRES, passcode, kdf: FAST_KDF, random: seeded(31) });
      expect((await openLink(fragment, { now: EXPIRES - 1, passcode })).header.expiresAt).to.equal(EXPIRES);
      expect(await reasonOf(() => openLink(fragment, { now: EXPIRES, passcode }))).to.equal('expired');
      expect(await reasonOf(() => openLink(fragment, { now: EXPIRES + 365 * 24 * 3600 * 1000, passcode }))).to.equal('expired');
      // Expiry is said before any passcode is asked for.
      expect(await reasonOf(() => openLink(fragment, { now: EXPIRES }))).to.equal('expired');
      expect(readLinkHeader(fragment).expiresAt).to.equal(EXPIRES);
    }
  });

  it('refuses a newer format as too-new, whatever its MAC', async function () {
    const fragment = await makeLink({ patientName: 'Олена', records: [] }, { createdAt: CREATED, expiresAt: EXPIRES, random: seeded(41) });
    const bytes = oracleDecode(fragment.slice(LINK_PATH.length));
    expect(bytes[3], 'the version byte (docs/links.md)').to.equal(1);
    for (const v of [2, 9, 255]) {
      bytes[3] = v;
      expect(reasonOfSync(() => readLinkHeader(LINK_PATH + oracleEncode(bytes)))).to.equal('too-new');
      expect(await reasonOf(() => openLink(LINK_PATH + oracleEncode(bytes), { now: CREATED }))).to.equal('too-new');
    }
  });

  it('refuses what is not a link, and a damaged or cut one', async function () {
    for (const f of ['', '/link', 'link/AAAA', '#/link/AAAA', '/sync?code=mt1abc', '/LINK/AAAA', ' /link/AAAA']) {
      expect(reasonOfSync(() => readLinkHeader(f)), JSON.stringify(f)).to.equal('not-a-link');
    }
    const fragment = await makeLink({ patientName: 'Олена', records: typicalRecords(1) }, { createdAt: CREATED, expiresAt: EXPIRES, random: seeded(51) });
    for (let cut = LINK_PATH.length; cut < fragment.length; cut += 7) {
      expect(reasonOfSync(() => readLinkHeader(fragment.slice(0, cut))), `cut at ${cut}`).to.equal('changed');
    }
    expect(reasonOfSync(() => readLinkHeader(fragment + 'A'))).to.equal('changed');
    expect(reasonOfSync(() => readLinkHeader(fragment + 'AAAA'))).to.equal('changed');
    expect(reasonOfSync(() => readLinkHeader(LINK_PATH + 'A'.repeat(MAX_LINK_BYTES)))).to.equal('too-large');
    expect(() => readLinkHeader(42 as unknown as string)).to.throw(TypeError, /fragment/);
  });

  it('makes a fresh secret per link (crypto.getRandomValues by default), and the same link from the same seed', async function () {
    const contents = { patientName: 'Олена', records: typicalRecords(1) };
    const opts = { createdAt: CREATED, expiresAt: EXPIRES };
    const a = await makeLink(contents, opts);
    const b = await makeLink(contents, opts);
    expect(a).to.not.equal(b);
    expect(await makeLink(contents, { ...opts, random: seeded(5) })).to.equal(await makeLink(contents, { ...opts, random: seeded(5) }));
  });

  it('checks its arguments at the boundary, naming them', async function () {
    const ok: LinkContents = { patientName: 'Олена', records: [] };
    const opts = { createdAt: CREATED, expiresAt: EXPIRES, random: seeded(61) };
    const cases: [string, () => Promise<unknown>, ErrorConstructor, RegExp][] = [
      ['expiresAt = createdAt', () => makeLink(ok, { ...opts, expiresAt: CREATED }), RangeError, /expiresAt/],
      ['expiresAt < createdAt', () => makeLink(ok, { ...opts, expiresAt: CREATED - 1 }), RangeError, /expiresAt/],
      ['createdAt not an integer', () => makeLink(ok, { ...opts, createdAt: 1.5 }), RangeError, /createdAt/],
      ['createdAt a string', () => makeLink(ok, { ...opts, createdAt: '1' as unknown as number }), TypeError, /createdAt/],
      ['expiresAt past 48 bits', () => makeLink(ok, { ...opts, expiresAt: 2 ** 48 }), RangeError, /expiresAt/],
      ['blank name', () => makeLink({ ...ok, patientName: '  ' }, opts), RangeError, /patientName/],
      ['long name', () => makeLink({ ...ok, patientName: 'я'.repeat(MAX_PATIENT_NAME + 1) }, opts), RangeError, /patientName/],
      ['long note', () => makeLink({ ...ok, note: 'я'.repeat(MAX_NOTE + 1) }, opts), RangeError, /note/],
      ['records not an array', () => makeLink({ ...ok, records: {} as never }, opts), TypeError, /records/],
      ['a record without resourceType', () => makeLink({ ...ok, records: [{ id: 'x' } as never] }, opts), RangeError, /records\[0\]\.resourceType/],
      ['a record that is an array', () => makeLink({ ...ok, records: [[] as never] }, opts), TypeError, /records\[0\]/],
      ['an unknown field', () => makeLink({ ...ok, extra: 1 } as never, opts), RangeError, /extra/],
      ['empty passcode', () => makeLink(ok, { ...opts, passcode: '' }), RangeError, /passcode/],
      ['kdf.N not a power of two', () => makeLink(ok, { ...opts, passcode: 'p', kdf: { N: 1000, r: 1, p: 1 } }), RangeError, /kdf\.N/],
      ['kdf past 256 MiB', () => makeLink(ok, { ...opts, passcode: 'p', kdf: { N: 2 ** 20, r: 8, p: 1 } }), RangeError, /kdf/],
      ['random of the wrong length', () => makeLink(ok, { ...opts, random: () => new Uint8Array(3) }), RangeError, /random/],
      ['openLink without now', () => openLink('/link/AAAA', {} as never), TypeError, /now/],
    ];
    for (const [what, f, type, message] of cases) {
      let error: unknown = null;
      try {
        await f();
      } catch (e) {
        error = e;
      }
      expect(error, what).to.be.instanceOf(type);
      expect((error as Error).message, what).to.match(message);
    }
  });

  it('refuses contents past MAX_LINK_BYTES as too-large, before any scrypt runs', async function () {
    // 90,000 seeded random letters of a 64-letter alphabet hold 67,500 bytes of entropy: past MAX_LINK_BYTES however deflated.
    const random = seeded(71);
    const text = Array.from(random(90_000), (b) => ALPHABET[b & 63]).join('');
    const document = (description: string) => ({ resourceType: 'DocumentReference', description });
    let progress = 0;
    const reason = await reasonOf(() =>
      makeLink({ patientName: 'Олена', records: [document(text)] }, { createdAt: CREATED, expiresAt: EXPIRES, passcode: 'секрет', random, onProgress: () => progress++ }),
    );
    expect(reason).to.equal('too-large');
    expect(progress, 'scrypt did not run').to.equal(0);
    // Control: a sixth of it fits.
    const fits = await makeLink({ patientName: 'Олена', records: [document(text.slice(0, 15_000))] }, { createdAt: CREATED, expiresAt: EXPIRES, random });
    expect(fits.length).to.be.below(MAX_LINK_BYTES);
  });

  it('scrypt at LINK_KDF (N = 2^17, r = 8, p = 1): opens with progress to 1; its time in this browser is printed, not asserted', async function () {
    const seen: number[] = [];
    const t0 = performance.now();
    const fragment = await makeLink({ patientName: 'Олена', records: typicalRecords(1) }, { createdAt: CREATED, expiresAt: EXPIRES, passcode: 'секрет', random: seeded(81), onProgress: (f) => seen.push(f) });
    const t1 = performance.now();
    const opened = await openLink(fragment, { now: CREATED, passcode: 'секрет' });
    const t2 = performance.now();
    console.log(`[links] scrypt at N=2^17, r=8, p=1: makeLink ${Math.round(t1 - t0)} ms, openLink ${Math.round(t2 - t1)} ms`);
    expect(opened.contents.records).to.have.length(1);
    expect(seen.at(-1)).to.equal(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).to.equal(true);
    expect(LINK_KDF).to.deep.equal({ N: 2 ** 17, r: 8, p: 1 });
  });

  it('linkUrl: the app URL without its own fragment, then the link', function () {
    expect(linkUrl('https://medtangle.example/app/', '/link/AAAA')).to.equal('https://medtangle.example/app/#/link/AAAA');
    expect(linkUrl('https://medtangle.example/app/?lang=uk#/sync', '/link/AAAA')).to.equal('https://medtangle.example/app/?lang=uk#/link/AAAA');
    expect(linkUrl('http://127.0.0.1:8000/#', '/link/AAAA')).to.equal('http://127.0.0.1:8000/#/link/AAAA');
    expect(() => linkUrl('not a url', '/link/AAAA')).to.throw(RangeError, /appUrl/);
    expect(() => linkUrl('https://medtangle.example/', 'AAAA')).to.throw(RangeError, /fragment/);
  });
});

describe('shared links: strict base64url', function () {
  it('writes what the platform\'s btoa writes (alphabet swapped, no padding), and reads it back (fast-check seed 1020)', function () {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = _toBase64url(bytes);
        expect(text).to.equal(oracleEncode(bytes));
        expect(_fromBase64url(text)).to.deep.equal(bytes);
      }),
      { seed: 1020, numRuns: 500, verbose: 1 },
    );
  });

  it('refuses padding, foreign characters, a length of 1 mod 4, and non-zero leftover bits', function () {
    // 'QQ' is the one spelling of the byte 0x41 and 'QUE' of 0x41 0x41; 'QR' and 'QUF' differ only in
    // leftover bits, which atob ignores.
    expect(_fromBase64url('QQ')).to.deep.equal(Uint8Array.of(0x41));
    expect(_fromBase64url('QUE')).to.deep.equal(Uint8Array.of(0x41, 0x41));
    expect(oracleDecode('QR'), 'the platform reads the non-canonical spelling').to.deep.equal(Uint8Array.of(0x41));
    for (const t of ['QR', 'Qf', 'QUF', 'QUG', 'QQ==', 'QQ=', 'Q', 'QUFBQ', 'QU E', 'QU+B', 'QU/B', 'QUÉB', 'QU\nB']) {
      expect(_fromBase64url(t), JSON.stringify(t)).to.equal(null);
    }
    expect(_fromBase64url('')).to.deep.equal(new Uint8Array(0));
  });
});
