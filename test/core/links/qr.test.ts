// Shared links as QR codes (web/core/links/qr.ts): the grid the app draws (qrModules, the `qr`
// package) decodes, in an independent decoder (jsQR), to the very link; qrFits says yes for a link
// of 1 typical record and no for 10 large ones, and stops where the capacity table of ISO/IEC 18004
// puts version 40 at error correction M (2,331 bytes); and the sizes of links of 1, 2, 3 and 10
// typical care records, with and without a passcode, are measured and printed for docs/links.md.
import { expect } from 'chai';
import { LINK_PATH, QR_QUIET_ZONE, linkUrl, makeLink, qrFits, qrModules } from '../../../web/core/links/index.ts';
import { prescriptionRequest, toPrescriptionForm } from '../../../web/core/care/index.ts';
import { answerContext } from '../care/_gen.ts';
import { seeded, typicalRecords, type Resource } from './_records.ts';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/** jsQR, the independent decoder (a devDependency), loaded as the classic script it ships as. */
async function jsQR(): Promise<JsQr> {
  const w = window as unknown as { jsQR?: JsQr };
  if (!w.jsQR) {
    await new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/node_modules/jsqr/dist/jsQR.js';
      s.onload = () => resolve();
      s.onerror = () => reject(new Error('jsQR did not load'));
      document.head.append(s);
    });
  }
  return w.jsQR!;
}

/** The grid drawn as the app draws it (dark modules black on white), `scale` pixels a module. */
function render(grid: boolean[][], scale: number): { data: Uint8ClampedArray; size: number } {
  const size = grid.length * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  grid.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = ((y * scale + dy) * size + x * scale + dx) * 4;
          data[at] = data[at + 1] = data[at + 2] = 0;
        }
      }
    }),
  );
  return { data, size };
}

const APP = 'https://medtangle.example/app/';
const CREATED = Date.UTC(2026, 11, 4, 12, 0, 0);
const EXPIRES = CREATED + 7 * 24 * 3600 * 1000;
const FAST_KDF = { N: 16, r: 1, p: 1 };

async function urlOf(records: Resource[], passcode?: string, seed = 1): Promise<string> {
  const fragment = await makeLink({ patientName: 'Олена Шевченко', records }, { createdAt: CREATED, expiresAt: EXPIRES, passcode, kdf: FAST_KDF, random: seeded(seed) });
  return linkUrl(APP, fragment);
}

/** Ten prescriptions, each with a 2,000-character note of seeded random words: far past one QR code. */
function largeRecords(): Resource[] {
  const words = ['таблетка', 'після', 'їжі', 'двічі', 'на', 'день', 'тиждень', 'тиск', 'ранок', 'вечір', 'вода', 'контроль', 'аналіз', 'крові', 'якщо', 'болить'];
  const random = seeded(404);
  return Array.from({ length: 10 }, () => {
    let note = '';
    for (const b of random(600)) {
      if (note.length > 1990) break;
      note += `${words[b % words.length]} `;
    }
    const form = toPrescriptionForm({ medication: { text: 'Ібупрофен 200 мг' }, doseAmount: '1', doseUnit: '{tablet}', route: '26643006', timesPerPeriod: '3', periodUnit: 'd', durationDays: '7', note: note.slice(0, 2000) });
    return prescriptionRequest(form!, answerContext()) as unknown as Resource;
  });
}

describe('shared links as QR codes', function () {
  this.timeout(300_000);

  it('a QR code of a link, drawn from qrModules, decodes in jsQR to the same URL (0, 1 and 2 records, with and without a passcode)', async function () {
    const decode = await jsQR();
    let decoded = 0;
    for (const n of [0, 1, 2]) {
      for (const passcode of [undefined, 'секрет']) {
        const url = await urlOf(typicalRecords(n), passcode, 10 + n);
        expect(qrFits(url), `${n} records fit one code (measured: the sizes test)`).to.equal(true);
        const grid = qrModules(url);
        const { data, size } = render(grid, 4);
        const found = decode(data, size, size);
        expect(found, `jsQR finds the code of ${n} records`).to.not.equal(null);
        expect(found!.data).to.equal(url);
        decoded++;
      }
    }
    expect(decoded).to.equal(6);
  });

  it('control: jsQR does not read the code back once a module pattern is broken', async function () {
    const decode = await jsQR();
    const url = await urlOf(typicalRecords(1));
    const grid = qrModules(url).map((row) => row.slice());
    // Wipe the three finder patterns (7 × 7 each, inside the quiet zone): no decoder can locate the code.
    const q = QR_QUIET_ZONE;
    const n = grid.length - 2 * q;
    for (const [x0, y0] of [[q, q], [q + n - 7, q], [q, q + n - 7]]) for (let y = 0; y < 7; y++) for (let x = 0; x < 7; x++) grid[y0 + y][x0 + x] = false;
    const { data, size } = render(grid, 4);
    expect(decode(data, size, size)).to.equal(null);
  });

  it('qrModules has a light quiet zone of 4 modules around a square symbol of 21 + 4k modules', async function () {
    const grid = qrModules(await urlOf(typicalRecords(1)));
    const n = grid.length - 2 * QR_QUIET_ZONE;
    expect(QR_QUIET_ZONE).to.equal(4);
    expect(grid.every((row) => row.length === grid.length)).to.equal(true);
    expect((n - 21) % 4, `symbol of ${n} modules`).to.equal(0);
    expect(n).to.be.within(21, 177);
    grid.forEach((row, y) =>
      row.forEach((dark, x) => {
        const inZone = x < QR_QUIET_ZONE || y < QR_QUIET_ZONE || x >= grid.length - QR_QUIET_ZONE || y >= grid.length - QR_QUIET_ZONE;
        if (inZone) expect(dark, `module ${x},${y}`).to.equal(false);
      }),
    );
  });

  it('qrFits: yes for 1 typical record, no for 10 large ones (and qrModules refuses those)', async function () {
    const small = await urlOf(typicalRecords(1));
    const large = await urlOf(largeRecords());
    expect(qrFits(small)).to.equal(true);
    expect(qrFits(large), `${large.length} characters`).to.equal(false);
    expect(() => qrModules(large)).to.throw(RangeError, /url/);
  });

  it('qrFits stops where the capacity table of ISO/IEC 18004 puts version 40-M: 2,331 bytes in byte mode', function () {
    const base = `${APP}#${LINK_PATH}`;
    expect(qrFits(base + 'a'.repeat(2331 - base.length))).to.equal(true);
    expect(qrFits(base + 'a'.repeat(2332 - base.length))).to.equal(false);
    expect(() => qrFits(1 as unknown as string)).to.throw(TypeError, /url/);
  });

  it('sizes of links of 1, 2, 3 and 10 typical care records (measured and printed; bounds as docs/links.md states them)', async function () {
    const rows: string[] = [];
    for (const n of [1, 2, 3, 10]) {
      const records = typicalRecords(n);
      const json = new TextEncoder().encode(JSON.stringify(records)).length;
      for (const passcode of [undefined, 'секрет']) {
        const url = await urlOf(records, passcode, 20 + n);
        const fragment = url.slice(url.indexOf('#') + 1);
        const version = qrFits(url) ? `version ${(qrModules(url).length - 2 * QR_QUIET_ZONE - 17) / 4}` : 'no';
        rows.push(`${n} records (${json} B of JSON), ${passcode ? 'passcode' : 'no passcode'}: fragment ${fragment.length} B, URL ${url.length} B, QR code: ${version}`);
      }
    }
    console.log(`[links] sizes with the app at ${APP}\n${rows.join('\n')}`);
    expect(rows).to.have.length(8);
  });
});
