// Plain SVG plots (no chart library): lines over time and histograms. `id` prefixes the ids of the
// title and description, so several plots can share a page. Text is escaped, numbers
// are rounded, so the same data gives the same bytes (the report is diffable). Used by the report
// (docs/simulation/*.svg) and the simulation screen.

const W = 640;
const H = 300;
const M = { left: 64, right: 32, top: 32, bottom: 44 };
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#f47738'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const r2 = (v: number) => String(Math.round(v * 100) / 100);

/** Round tick steps (1, 2, 5 × 10^k), about 5, from 0 to the first tick at or above max (the axis's end). */
function ticks(max: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
  const out: number[] = [0];
  while (out[out.length - 1] < max) out.push(Number((out.length * step).toPrecision(10)));
  return out;
}
const label = (v: number) => (Math.abs(v) >= 1e6 ? v.toExponential(1) : Number(v.toPrecision(4)).toLocaleString('en-US'));

function frame(id: string, title: string, xLabel: string, yLabel: string, xMax: number, yMax: number, body: string, desc: string): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const xs = ticks(xMax);
  const ys = ticks(yMax);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}-t ${id}-d" font-family="sans-serif" font-size="12">`,
    `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  for (const v of ys) {
    const y = M.top + ph - (v / (ys[ys.length - 1] || 1)) * ph;
    parts.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${r2(y)}" y2="${r2(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 6}" y="${r2(y + 4)}" text-anchor="end">${label(v)}</text>`);
  }
  for (const v of xs) {
    const x = M.left + (v / (xs[xs.length - 1] || 1)) * pw;
    parts.push(`<text x="${r2(x)}" y="${M.top + ph + 16}" text-anchor="middle">${label(v)}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="#0b0c0c"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#0b0c0c"/>`);
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  parts.push(body, '</svg>');
  return parts.join('\n');
}

/** Scales for a frame whose axes end at the first tick at or above the data. */
function scales(xMax: number, yMax: number) {
  const xt = ticks(xMax);
  const yt = ticks(yMax);
  const xEnd = xt[xt.length - 1] || 1;
  const yEnd = yt[yt.length - 1] || 1;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  return { x: (v: number) => M.left + (v / xEnd) * pw, y: (v: number) => M.top + ph - (v / yEnd) * ph };
}

/** One named line of (t, v) points. */
export interface Line {
  name: string;
  t: readonly number[];
  v: readonly number[];
}

/** Lines over time, with optional dashed reference levels (say 2 lambda h). Called by the report and the screen. */
export function svgLines(o: { id?: string; title: string; xLabel: string; yLabel: string; lines: Line[]; levels?: { y: number; name: string }[] }): string {
  const xMax = Math.max(0, ...o.lines.flatMap((l) => l.t));
  const yMax = Math.max(0, ...o.lines.flatMap((l) => l.v), ...(o.levels ?? []).map((l) => l.y)) * 1.05;
  const s = scales(xMax, yMax);
  const body: string[] = [];
  o.lines.forEach((l, i) => {
    const pts = l.t.map((t, j) => `${r2(s.x(t))},${r2(s.y(l.v[j]))}`).join(' ');
    body.push(`<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5" points="${pts}"/>`);
    body.push(`<text x="${W - M.right - 4}" y="${M.top + 14 + 14 * i}" text-anchor="end" fill="${COLOURS[i % COLOURS.length]}">${esc(l.name)}</text>`);
  });
  for (const lv of o.levels ?? []) {
    const y = r2(s.y(lv.y));
    body.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#505a5f" stroke-dasharray="6 4"/>`);
    body.push(`<text x="${M.left + 4}" y="${r2(s.y(lv.y) - 4)}" fill="#505a5f">${esc(lv.name)}</text>`);
  }
  const desc = o.lines.map((l) => `${l.name}: ${l.v.length} points`).join('; ');
  return frame(o.id ?? 'plot', o.title, o.xLabel, o.yLabel, xMax, yMax, body.join('\n'), desc);
}

/** Histograms (bins from lo in steps of width) side by side as outlines. Called by the report and the screen. */
export function svgHistograms(o: { id?: string; title: string; xLabel: string; yLabel?: string; hists: { name: string; lo: number; width: number; counts: readonly number[] }[] }): string {
  const shares = o.hists.map((h) => {
    const total = h.counts.reduce((a, b) => a + b, 0) || 1;
    return h.counts.map((c) => c / total);
  });
  const xMax = Math.max(0, ...o.hists.map((h) => h.lo + h.width * h.counts.length));
  const yMax = Math.max(0, ...shares.flat()) * 1.05;
  const s = scales(xMax, yMax);
  const body: string[] = [];
  o.hists.forEach((h, i) => {
    const c = COLOURS[i % COLOURS.length];
    let d = `M${r2(s.x(h.lo))},${r2(s.y(0))}`;
    shares[i].forEach((v, j) => {
      d += ` L${r2(s.x(h.lo + j * h.width))},${r2(s.y(v))} L${r2(s.x(h.lo + (j + 1) * h.width))},${r2(s.y(v))}`;
    });
    d += ` L${r2(s.x(h.lo + h.counts.length * h.width))},${r2(s.y(0))}`;
    body.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="1.5"/>`);
    body.push(`<text x="${W - M.right - 4}" y="${M.top + 14 + 14 * i}" text-anchor="end" fill="${c}">${esc(h.name)}</text>`);
  });
  const desc = o.hists.map((h) => `${h.name}: ${h.counts.length} bins of ${label(h.width)}`).join('; ');
  return frame(o.id ?? 'plot', o.title, o.xLabel, o.yLabel ?? 'share of txs', xMax, yMax, body.join('\n'), desc);
}
