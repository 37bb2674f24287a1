// Draws the app's icons into public/: a small Tangle (six transactions, each new one approving two
// earlier ones; the two newest, the tips, in yellow) on the theme colour. Pure Node: the shapes are
// rasterised here with 4×4 supersampling and written as PNG with node:zlib, and the same drawing is
// written as favicon.svg. Run `node scripts/make-icons.mjs` after changing the drawing; the PNGs
// are committed, so the build does not need this script.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const out = resolve(import.meta.dirname, '../public');

const BG = [0x0f, 0x5e, 0x59];
const FG = [0xff, 0xff, 0xff];
const TIP = [0xff, 0xd1, 0x66];

// The drawing, in a 100×100 box (the same as the mark in web/app/mt-app.ts).
const NODES = { a: [22, 50], b: [42, 30], c: [42, 70], d: [62, 48], e: [80, 30], f: [80, 68] };
const EDGES = [['b', 'a'], ['c', 'a'], ['d', 'b'], ['d', 'c'], ['e', 'd'], ['e', 'b'], ['f', 'd'], ['f', 'c']];
const TIPS = new Set(['e', 'f']);
const NODE_R = 7;
const EDGE_W = 4.5;
const CORNER = 22;

/** Distance from p to the segment a–b. */
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function inRoundedSquare(x, y, r) {
  const cx = Math.max(r, Math.min(100 - r, x));
  const cy = Math.max(r, Math.min(100 - r, y));
  return x >= 0 && x <= 100 && y >= 0 && y <= 100 && Math.hypot(x - cx, y - cy) <= r;
}

/**
 * The colour at a point of the 100×100 box, or null for transparent. `scale` shrinks the Tangle
 * about the centre (maskable icons keep it inside the safe circle); `corner` is the background's
 * corner radius (0 = full bleed).
 */
function colourAt(x, y, { scale, corner }) {
  if (!inRoundedSquare(x, y, corner)) return null;
  const u = 50 + (x - 50) / scale;
  const v = 50 + (y - 50) / scale;
  for (const [k, p] of Object.entries(NODES)) {
    if (Math.hypot(u - p[0], v - p[1]) <= NODE_R) return TIPS.has(k) ? TIP : FG;
  }
  for (const [from, to] of EDGES) {
    if (segmentDistance(u, v, NODES[from], NODES[to]) <= EDGE_W / 2) return FG;
  }
  return BG;
}

function render(size, style) {
  const SS = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = colourAt(((px + (sx + 0.5) / SS) / size) * 100, ((py + (sy + 0.5) / SS) / size) * 100, style);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit RGBA PNG (colour type 6), one filter byte (none) per row. */
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const hex = (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  const path = EDGES.map(([f, t]) => `M${NODES[f].join(' ')} ${NODES[t].join(' ')}`).join('');
  const circles = (pred, fill) =>
    `<g fill="${hex(fill)}">${Object.entries(NODES)
      .filter(([k]) => pred(k))
      .map(([, [x, y]]) => `<circle cx="${x}" cy="${y}" r="${NODE_R}"/>`)
      .join('')}</g>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` +
    `<rect width="100" height="100" rx="${CORNER}" fill="${hex(BG)}"/>` +
    `<path d="${path}" stroke="${hex(FG)}" stroke-width="${EDGE_W}" stroke-linecap="round" fill="none"/>` +
    circles((k) => !TIPS.has(k), FG) +
    circles((k) => TIPS.has(k), TIP) +
    `</svg>\n`
  );
}

const icons = [
  // "any" icons: rounded square, transparent corners.
  { file: 'icon-192.png', size: 192, style: { scale: 1, corner: CORNER } },
  { file: 'icon-512.png', size: 512, style: { scale: 1, corner: CORNER } },
  // Maskable: full bleed, the drawing inside the central safe circle (radius 40%).
  { file: 'icon-512-maskable.png', size: 512, style: { scale: 0.72, corner: 0 } },
  // iOS masks the icon itself and shows transparency as black: full bleed.
  { file: 'apple-touch-icon.png', size: 180, style: { scale: 0.86, corner: 0 } },
];

for (const { file, size, style } of icons) {
  writeFileSync(resolve(out, file), png(size, render(size, style)));
  console.log(`wrote public/${file} (${size}×${size})`);
}
writeFileSync(resolve(out, 'favicon.svg'), svg());
console.log('wrote public/favicon.svg');
