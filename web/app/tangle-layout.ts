// Where the Tangle screen draws each tx: a pure function from the recent txs (TxSummary, see
// web/ledger) to positions, edges and bundle outlines. Older txs on the left, newer on the right,
// one column per tx in index order; each bundle sits on one of a few rows, so its members line up
// and the edges between bundles stay readable. No DOM: mt-tangle-graph renders the result.
import type { TxSummary } from '../ledger/index.ts';

/** How a tx is drawn: confirmed, a tip (nothing approves it yet), or pending (approved, not confirmed). */
export type TxStatus = 'tip' | 'pending' | 'confirmed';

/** Sizes of the drawing, in SVG user units (px). */
export const LAYOUT = Object.freeze({
  /** Distance between two columns. */
  dx: 46,
  /** Distance between two rows. */
  dy: 56,
  /** Radius of a tx node. */
  r: 13,
  /** Radius of the genesis anchor. */
  genesisR: 6,
  /** Rows the bundles take turns on. */
  rows: 3,
  /** Space around the nodes (room for stubs on the left, labels and outlines). */
  padX: 40,
  padY: 30,
  /** Length of the stub drawn towards a parent outside the drawing. */
  stub: 17,
  /**
   * Widest a node's label may be: what fits inside the smallest of the three shapes (the square's
   * side is 2r - 2 with a 2-unit stroke) with a unit to spare on each side.
   */
  labelWidth: 20,
  /** Width of the drawing with no txs: room for its one line of text. */
  emptyWidth: 300,
});

/** How a node's label is set: its font size, and the length it is squeezed to (null: as it comes). */
export interface LabelFit {
  fontSize: number;
  textLength: number | null;
}

/**
 * How to set the label of the tx at `index` inside its node. Up to two digits fit at full size; longer
 * labels get a smaller font and are squeezed to LAYOUT.labelWidth, so that even 4,194,304 (the
 * graph's largest index) stays inside the shape whatever the font's digit width. Called by mt-tangle-graph.
 */
export function labelFit(index: number): LabelFit {
  const digits = String(index).length;
  if (digits <= 2) return { fontSize: 11, textLength: null };
  return { fontSize: digits === 3 ? 10 : digits === 4 ? 9 : digits === 5 ? 8 : 7, textLength: LAYOUT.labelWidth };
}

export interface LaidNode {
  tx: TxSummary;
  status: TxStatus;
  x: number;
  y: number;
  row: number;
  /** The bundle group this node belongs to (index into TangleLayout.groups). */
  group: number;
}

export interface LaidEdge {
  /** The approving tx. */
  from: number;
  /** The approved tx (0 for the genesis). */
  to: number;
  kind: 'trunk' | 'branch';
  /** SVG path data. */
  d: string;
}

/** A short line towards a parent that is older than the drawing. */
export interface LaidStub {
  from: number;
  to: number;
  kind: 'trunk' | 'branch';
  d: string;
}

/** The drawn members of one bundle. */
export interface LaidGroup {
  /** Replica indices of the drawn members, oldest first (head first: bundles are stored head first). */
  indices: number[];
  /** The bundle's size (last index + 1), which can exceed the drawn members at the left edge. */
  size: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TangleLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  stubs: LaidStub[];
  groups: LaidGroup[];
  /** Where the genesis anchor is drawn; null when no drawn tx approves it. */
  genesis: { x: number; y: number } | null;
}

/** The status a node shows. A confirmed tx is never a tip (confirmation needs approvers). */
export function txStatus(tx: Pick<TxSummary, 'tip' | 'confirmed'>): TxStatus {
  if (tx.confirmed) return 'confirmed';
  return tx.tip ? 'tip' : 'pending';
}

/**
 * Splits txs (sorted by index) into bundles. Bundles are stored head first, so a bundle is a run of
 * consecutive indices whose position counts down to 0 (the tail), each member after the head
 * approving the one before it as its trunk. A bundle cut by the drawing's left edge is a shorter run.
 */
export function bundleGroups(sorted: readonly TxSummary[]): TxSummary[][] {
  const groups: TxSummary[][] = [];
  let current: TxSummary[] = [];
  for (const tx of sorted) {
    const prev = current[current.length - 1];
    const continues =
      prev !== undefined &&
      tx.index === prev.index + 1 &&
      tx.lastIndex === prev.lastIndex &&
      tx.bundleIndex === prev.bundleIndex - 1 &&
      tx.trunk === prev.index;
    if (!continues && current.length > 0) {
      groups.push(current);
      current = [];
    }
    current.push(tx);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

const _f = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * The control point of an edge bowed `bow` units off the middle of the line from (cx, cy) to
 * (px, py): positive bows to the lower side, negative to the upper side.
 */
function _control(cx: number, cy: number, px: number, py: number, bow: number): { x: number; y: number } {
  const len = Math.hypot(px - cx, py - cy) || 1;
  let nx = -(py - cy) / len;
  let ny = (px - cx) / len;
  if (ny < 0 || (ny === 0 && nx < 0)) {
    nx = -nx;
    ny = -ny;
  }
  return { x: (cx + px) / 2 + nx * bow, y: (cy + py) / 2 + ny * bow };
}

/** How many of `obstacles` (other than the two ends) an edge with this bow passes over. */
function _hits(cx: number, cy: number, px: number, py: number, bow: number, obstacles: readonly { x: number; y: number }[], clearance: number): number {
  const m = _control(cx, cy, px, py, bow);
  let hits = 0;
  for (const o of obstacles) {
    if ((o.x === cx && o.y === cy) || (o.x === px && o.y === py)) continue;
    for (let k = 1; k < 16; k++) {
      const t = k / 16;
      const x = (1 - t) * (1 - t) * cx + 2 * (1 - t) * t * m.x + t * t * px;
      const y = (1 - t) * (1 - t) * cy + 2 * (1 - t) * t * m.y + t * t * py;
      if (Math.hypot(x - o.x, y - o.y) < clearance) {
        hits++;
        break;
      }
    }
  }
  return hits;
}

/** A straight or bowed path from the boundary of the child's node to the boundary of the parent's. */
function _edgePath(cx: number, cy: number, cr: number, px: number, py: number, pr: number, bow: number): string {
  const len = Math.hypot(px - cx, py - cy) || 1;
  if (bow === 0) {
    const ux = (px - cx) / len;
    const uy = (py - cy) / len;
    return `M${_f(cx + ux * cr)} ${_f(cy + uy * cr)}L${_f(px - ux * (pr + 2))} ${_f(py - uy * (pr + 2))}`;
  }
  const { x: mx, y: my } = _control(cx, cy, px, py, bow);
  const s = Math.hypot(mx - cx, my - cy) || 1;
  const e = Math.hypot(px - mx, py - my) || 1;
  const sx = cx + ((mx - cx) / s) * cr;
  const sy = cy + ((my - cy) / s) * cr;
  const ex = px - ((px - mx) / e) * (pr + 2);
  const ey = py - ((py - my) / e) * (pr + 2);
  return `M${_f(sx)} ${_f(sy)}Q${_f(mx)} ${_f(my)} ${_f(ex)} ${_f(ey)}`;
}

/** Lays out the given txs (any order; duplicates by index are dropped). */
export function layoutTangle(input: readonly TxSummary[]): TangleLayout {
  const { dx, dy, r, genesisR, rows, padX, padY, stub } = LAYOUT;
  const byIndex = new Map<number, TxSummary>();
  for (const tx of input) if (!byIndex.has(tx.index)) byIndex.set(tx.index, tx);
  const sorted = [...byIndex.values()].sort((a, b) => a.index - b.index);
  if (sorted.length === 0) {
    return { width: LAYOUT.emptyWidth, height: 2 * padY + dy, nodes: [], edges: [], stubs: [], groups: [], genesis: null };
  }

  const drawsGenesis = sorted.some((t) => t.trunk === 0 || t.branch === 0);
  const groupsOf = bundleGroups(sorted);
  const usedRows = Math.min(rows, groupsOf.length);
  const rowY = (row: number) => padY + row * dy;
  const firstCol = drawsGenesis ? 1 : 0;

  const nodes: LaidNode[] = [];
  const at = new Map<number, LaidNode>();
  const groups: LaidGroup[] = [];
  let col = firstCol;
  groupsOf.forEach((members, g) => {
    const row = g % usedRows;
    const y = rowY(row);
    const first = col;
    for (const tx of members) {
      const node: LaidNode = { tx, status: txStatus(tx), x: padX + col * dx, y, row, group: g };
      nodes.push(node);
      at.set(tx.index, node);
      col++;
    }
    const pad = r + 6;
    const x0 = padX + first * dx - pad;
    groups.push({
      indices: members.map((m) => m.index),
      size: members[0].lastIndex + 1,
      row,
      x: x0,
      y: y - pad,
      width: (col - 1 - first) * dx + 2 * pad,
      height: 2 * pad,
    });
  });

  const genesis = drawsGenesis ? { x: padX, y: rowY((usedRows - 1) / 2) } : null;
  const edges: LaidEdge[] = [];
  const stubs: LaidStub[] = [];
  // Trunks are straight and branches bowed, so two edges to one parent are still two lines; either
  // bows further, to one side or the other, when it would pass over another node.
  const obstacles: { x: number; y: number }[] = nodes.map((n) => ({ x: n.x, y: n.y }));
  if (genesis) obstacles.push(genesis);
  const clearance = r + 4;
  const chooseBow = (n: LaidNode, px: number, py: number, kind: 'trunk' | 'branch', avoid: number | null): number => {
    const base = Math.min(26, 0.2 * Math.hypot(px - n.x, py - n.y)) + 9;
    const candidates = kind === 'trunk' ? [0, base, -base, 2 * base, -2 * base] : [base, -base, 2 * base, -2 * base, 3 * base];
    let best = candidates[0];
    let bestHits = Infinity;
    for (const b of candidates) {
      if (b === avoid) continue;
      const h = _hits(n.x, n.y, px, py, b, obstacles, clearance);
      if (h < bestHits) {
        best = b;
        bestHits = h;
        if (h === 0) break;
      }
    }
    return best;
  };
  for (const n of nodes) {
    let trunkBow: number | null = null;
    for (const kind of ['trunk', 'branch'] as const) {
      const to = n.tx[kind];
      const parent = at.get(to);
      const end = parent ?? (to === 0 && genesis ? genesis : null);
      if (end) {
        const pr = parent ? r : genesisR;
        const bow = chooseBow(n, end.x, end.y, kind, kind === 'branch' && n.tx.trunk === to ? trunkBow : null);
        if (kind === 'trunk') trunkBow = bow;
        edges.push({ from: n.tx.index, to, kind, d: _edgePath(n.x, n.y, r, end.x, end.y, pr, bow) });
      } else {
        // Older than the drawing: a short line to the left, up for the trunk, down for the branch.
        const a = kind === 'trunk' ? (-150 * Math.PI) / 180 : (150 * Math.PI) / 180;
        const ux = Math.cos(a);
        const uy = Math.sin(a);
        const d = `M${_f(n.x + ux * r)} ${_f(n.y + uy * r)}L${_f(n.x + ux * (r + stub))} ${_f(n.y + uy * (r + stub))}`;
        stubs.push({ from: n.tx.index, to, kind, d });
      }
    }
  }

  return {
    width: 2 * padX + (col - 1) * dx,
    height: 2 * padY + (usedRows - 1) * dy,
    nodes,
    edges,
    stubs,
    groups,
    genesis,
  };
}
