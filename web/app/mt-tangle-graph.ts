// The drawing of the recent Tangle: one node per tx, older on the left, with an edge to each tx's
// trunk (solid) and branch (dashed), bundles outlined, and tips, pending and confirmed txs told
// apart by colour and by shape. It only draws what it is given (tangle-layout.ts places the nodes)
// and says which tx the user picked.
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { TxSummary } from '../ledger/index.ts';
import { formatCount } from './format.ts';
import { nTransactions } from './i18n/plural.ts';
import { LAYOUT, labelFit, layoutTangle, type LaidNode, type TxStatus } from './tangle-layout.ts';
import { shared } from './styles.ts';

/** Detail of the `tx-select` event: the replica index of the chosen tx. */
export interface TxSelectDetail {
  index: number;
}

/** A status in words, in the language shown. */
function _statusWords(status: TxStatus): string {
  switch (status) {
    case 'confirmed':
      return msg('confirmed', { desc: 'A transaction’s status.' });
    case 'pending':
      return msg('pending', { desc: 'A transaction’s status: not confirmed yet.' });
    case 'tip':
    default:
      return msg('tip, not approved yet');
  }
}

/** The shape of each status, centred on 0,0. Shared with the legend. */
function _shape(status: TxStatus, r: number) {
  switch (status) {
    case 'confirmed':
      return svg`<circle class="shape" r=${r}></circle>`;
    case 'pending':
      return svg`<rect class="shape" x=${-r + 1} y=${-r + 1} width=${2 * r - 2} height=${2 * r - 2} rx="3"></rect>`;
    case 'tip':
    default:
      return svg`<path class="shape" d=${`M0 ${-r - 3}L${r + 3} 0L0 ${r + 3}L${-r - 3} 0Z`}></path>`;
  }
}

/**
 * An SVG drawing of the recent part of the Tangle.
 *
 * @fires tx-select - The user picked a tx (click, or Enter or Space on a focused node); detail is
 *   {@link TxSelectDetail}.
 * @csspart drawing - The scrolling box around the SVG.
 * @csspart legend - The legend under the drawing.
 */
@customElement('mt-tangle-graph')
@localized()
export class MtTangleGraph extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        --tg-confirmed: #1b6e2e;
        --tg-confirmed-text: #ffffff;
        --tg-pending: #dfe8f3;
        --tg-pending-stroke: #37567d;
        --tg-pending-text: #15263a;
        --tg-tip: #ffd166;
        --tg-tip-stroke: #8a5a00;
        --tg-tip-text: #2b1d00;
        --tg-edge: #5b6d6b;
        --tg-bundle: rgba(15, 94, 89, 0.07);
        --tg-bundle-stroke: #8fb5b0;
      }
      @media (prefers-color-scheme: dark) {
        :host {
          --tg-confirmed: #58b878;
          --tg-confirmed-text: #06200f;
          --tg-pending: #22364d;
          --tg-pending-stroke: #9fbde0;
          --tg-pending-text: #e4efed;
          --tg-tip: #ffd166;
          --tg-tip-stroke: #ffe7a8;
          --tg-tip-text: #2b1d00;
          --tg-edge: #9db1ae;
          --tg-bundle: rgba(92, 196, 185, 0.08);
          --tg-bundle-stroke: #3f6b66;
        }
      }
      .scroll {
        overflow-x: auto;
        overflow-y: hidden;
        border: 1px solid var(--mt-border);
        border-radius: 8px;
        background: var(--mt-bg);
        -webkit-overflow-scrolling: touch;
      }
      svg.graph {
        display: block;
        font-family: system-ui, sans-serif;
      }
      .edge {
        fill: none;
        stroke: var(--tg-edge);
        stroke-width: 1.6;
      }
      .edge.branch {
        stroke-dasharray: 5 4;
      }
      .arrow {
        fill: var(--tg-edge);
      }
      .bundle {
        fill: var(--tg-bundle);
        stroke: var(--tg-bundle-stroke);
        stroke-width: 1.2;
      }
      .genesis {
        fill: var(--mt-muted);
      }
      .genesis-label {
        fill: var(--mt-muted);
        font-size: 9px;
      }
      .node {
        cursor: pointer;
        outline: none;
      }
      .shape {
        stroke-width: 2;
      }
      [data-status='confirmed'] .shape {
        fill: var(--tg-confirmed);
        stroke: var(--tg-confirmed);
      }
      [data-status='confirmed'] text {
        fill: var(--tg-confirmed-text);
      }
      [data-status='pending'] .shape {
        fill: var(--tg-pending);
        stroke: var(--tg-pending-stroke);
      }
      [data-status='pending'] text {
        fill: var(--tg-pending-text);
      }
      [data-status='tip'] .shape {
        fill: var(--tg-tip);
        stroke: var(--tg-tip-stroke);
      }
      [data-status='tip'] text {
        fill: var(--tg-tip-text);
      }
      .node text {
        font-weight: 700;
        text-anchor: middle;
        dominant-baseline: central;
        pointer-events: none;
      }
      .ring {
        fill: none;
        stroke: var(--mt-focus);
        stroke-width: 3;
        visibility: hidden;
      }
      .node[aria-current='true'] .ring.selected {
        visibility: visible;
      }
      .node:focus-visible .ring.focus {
        visibility: visible;
        stroke-dasharray: 3 3;
      }
      .node:hover .shape {
        filter: brightness(1.08);
      }
      .empty {
        fill: var(--mt-muted);
        font-size: 14px;
      }
      .legend {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 1.1rem;
        margin: 0.6rem 0 0;
        padding: 0;
        font-size: 0.85rem;
        color: var(--mt-muted);
      }
      .legend li {
        display: flex;
        align-items: center;
        gap: 0.35rem;
      }
      .legend svg {
        flex: none;
      }
    `,
  ];

  /** The txs to draw (the replica's recent ones). */
  @property({ attribute: false }) nodes: TxSummary[] = [];

  /** The selected tx's index, drawn with a ring. */
  @property({ attribute: false }) selected: number | null = null;

  /** The node that takes Tab focus (roving tabindex); moved by the arrow keys. */
  @state() private _focusIndex: number | null = null;

  private _select(index: number): void {
    this.dispatchEvent(new CustomEvent<TxSelectDetail>('tx-select', { detail: { index }, bubbles: true, composed: true }));
  }

  private _onClick(e: Event): void {
    const index = Number((e.currentTarget as Element).getAttribute('data-index'));
    this._focusIndex = index;
    this._select(index);
  }

  private async _onKeyDown(e: KeyboardEvent): Promise<void> {
    const index = Number((e.currentTarget as Element).getAttribute('data-index'));
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this._select(index);
      return;
    }
    const order = this.nodes.map((n) => n.index).sort((a, b) => a - b);
    const at = order.indexOf(index);
    let next: number | undefined;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = order[Math.max(0, at - 1)];
    else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = order[Math.min(order.length - 1, at + 1)];
    else if (e.key === 'Home') next = order[0];
    else if (e.key === 'End') next = order[order.length - 1];
    if (next === undefined) return;
    e.preventDefault();
    this._focusIndex = next;
    await this.updateComplete;
    const el = this.renderRoot.querySelector<SVGGElement>(`[data-index="${next}"]`);
    el?.focus();
    if (el) this._reveal(Number(el.getAttribute('data-x')));
  }

  /** Scrolls the drawing so that x (in SVG units) is in view. */
  private _reveal(x: number): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.scroll');
    if (!box) return;
    const margin = LAYOUT.dx;
    if (x - margin < box.scrollLeft) box.scrollLeft = Math.max(0, x - margin);
    else if (x + margin > box.scrollLeft + box.clientWidth) box.scrollLeft = x + margin - box.clientWidth;
  }

  /** The newest index drawn so far: the drawing follows new txs, and otherwise stays where it is. */
  private _newestSeen = -1;

  override updated(changed: PropertyValues<this>): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.scroll');
    if (!box) return;
    const newest = this.nodes.reduce((m, n) => Math.max(m, n.index), -1);
    const grew = newest > this._newestSeen;
    this._newestSeen = newest;
    const selectedNode = this.selected === null ? null : this.renderRoot.querySelector(`[data-index="${this.selected}"]`);
    if (changed.has('selected') && selectedNode) this._reveal(Number(selectedNode.getAttribute('data-x')));
    else if (grew) box.scrollLeft = box.scrollWidth; // the newest txs
  }

  private _renderNode(n: LaidNode, tabIndex: number) {
    const { r } = LAYOUT;
    const i = n.tx.index;
    const position = n.tx.lastIndex > 0 ? msg(str`, tx ${formatCount(n.tx.bundleIndex + 1)} of ${formatCount(n.tx.lastIndex + 1)} of its bundle`) : '';
    return svg`
      <g
        class="node"
        role="button"
        tabindex=${tabIndex}
        transform=${`translate(${n.x} ${n.y})`}
        data-testid=${`tx-node-${i}`}
        data-index=${i}
        data-x=${n.x}
        data-status=${n.status}
        aria-label=${msg(str`tx ${formatCount(i)}, ${_statusWords(n.status)}${position}`)}
        aria-current=${this.selected === i ? 'true' : 'false'}
        @click=${this._onClick}
        @keydown=${this._onKeyDown}
      >
        <title>${msg(str`tx ${formatCount(i)}: ${_statusWords(n.status)}`)}</title>
        <circle class="ring selected" r=${r + 6}></circle>
        <circle class="ring focus" r=${r + 6}></circle>
        ${_shape(n.status, r)}
        ${this._renderLabel(i)}
      </g>
    `;
  }

  private _renderLabel(index: number) {
    const fit = labelFit(index);
    return fit.textLength === null
      ? svg`<text font-size=${fit.fontSize}>${index}</text>`
      : svg`<text font-size=${fit.fontSize} textLength=${fit.textLength} lengthAdjust="spacingAndGlyphs">${index}</text>`;
  }

  override render() {
    const lay = layoutTangle(this.nodes);
    const present = new Set(lay.nodes.map((n) => n.tx.index));
    const newest = lay.nodes.length > 0 ? lay.nodes[lay.nodes.length - 1].tx.index : null;
    const active =
      this._focusIndex !== null && present.has(this._focusIndex)
        ? this._focusIndex
        : this.selected !== null && present.has(this.selected)
          ? this.selected
          : newest;
    const first = lay.nodes[0]?.tx.index;
    const label =
      lay.nodes.length === 0
        ? msg('The Tangle drawing: no transactions yet')
        : msg(
            str`The Tangle drawing: transactions ${formatCount(first)} to ${formatCount(newest ?? 0)}, older on the left. Each arrow points from a transaction to one it approves.`,
          );
    return html`
      <div class="scroll" part="drawing" tabindex="0" role="region" aria-label=${msg('Drawing of the recent transactions; it scrolls sideways')}>
        <svg
          class="graph"
          data-testid="tangle-graph"
          role="group"
          aria-label=${label}
          width=${lay.width}
          height=${lay.height}
          viewBox=${`0 0 ${lay.width} ${lay.height}`}
        >
          <defs>
            <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path class="arrow" d="M0 0.5L8 4L0 7.5Z"></path>
            </marker>
          </defs>
          ${lay.nodes.length === 0
            ? svg`<text class="empty" data-testid="tangle-empty" x=${LAYOUT.padX - 20} y=${lay.height / 2} dominant-baseline="central">${msg('No transactions yet.')}</text>`
            : nothing}
          <g class="bundles">
            ${lay.groups
              .filter((g) => g.indices.length > 1)
              .map(
                (g) => svg`<rect
                  class="bundle"
                  data-testid=${`bundle-${g.indices[g.indices.length - 1]}`}
                  data-members=${g.indices.join(' ')}
                  x=${g.x}
                  y=${g.y}
                  width=${g.width}
                  height=${g.height}
                  rx="12"
                ><title>${g.size > g.indices.length
                  ? msg(str`One bundle of ${nTransactions(g.size)} (${formatCount(g.indices.length)} drawn)`)
                  : msg(str`One bundle of ${nTransactions(g.size)}`)}</title></rect>`,
              )}
          </g>
          <g class="edges">
            ${lay.edges.map(
              (e) => svg`<path
                class=${`edge ${e.kind}`}
                data-testid=${`edge-${e.from}-${e.kind}`}
                data-to=${e.to}
                d=${e.d}
                marker-end="url(#arrow)"
              ></path>`,
            )}
            ${lay.stubs.map(
              (s) => svg`<path
                class=${`edge stub ${s.kind}`}
                data-testid=${`stub-${s.from}-${s.kind}`}
                data-to=${s.to}
                d=${s.d}
                marker-end="url(#arrow)"
              ><title>${s.kind === 'trunk'
                ? msg(str`trunk of tx ${formatCount(s.from)}: tx ${formatCount(s.to)}, older than this drawing`)
                : msg(str`branch of tx ${formatCount(s.from)}: tx ${formatCount(s.to)}, older than this drawing`)}</title></path>`,
            )}
          </g>
          ${lay.genesis
            ? svg`<g data-testid="genesis" transform=${`translate(${lay.genesis.x} ${lay.genesis.y})`}>
                <title>${msg('The genesis: the fixed starting point every Tangle grows from')}</title>
                <circle class="genesis" r=${LAYOUT.genesisR}></circle>
                <text class="genesis-label" y=${LAYOUT.genesisR + 11} text-anchor="middle">${msg('genesis', { desc: 'The label under the drawing’s starting point.' })}</text>
              </g>`
            : nothing}
          <g class="nodes">${lay.nodes.map((n) => this._renderNode(n, n.tx.index === active ? 0 : -1))}</g>
        </svg>
      </div>
      ${this._renderLegend()}
    `;
  }

  private _renderLegend() {
    const icon = (status: TxStatus) =>
      html`<svg width="22" height="22" viewBox="-11 -11 22 22" aria-hidden="true">
        <g data-status=${status}>${_shape(status, 7)}</g>
      </svg>`;
    const line = (kind: 'trunk' | 'branch') =>
      html`<svg width="30" height="12" viewBox="0 0 30 12" aria-hidden="true">
        <path class=${`edge ${kind}`} d="M2 6L24 6" marker-end="url(#arrow)"></path>
      </svg>`;
    return html`
      <ul class="legend" part="legend" data-testid="tangle-legend" aria-label=${msg('Legend')}>
        <li>${icon('confirmed')} ${msg('Confirmed (circle)')}</li>
        <li>${icon('pending')} ${msg('Pending (square)')}</li>
        <li>${icon('tip')} ${msg('Tip: nothing approves it yet (diamond)')}</li>
        <li>${line('trunk')} ${msg('Trunk')}</li>
        <li>${line('branch')} ${msg('Branch')}</li>
        <li>
          <svg width="30" height="16" viewBox="0 0 30 16" aria-hidden="true">
            <rect class="bundle" x="1" y="1" width="28" height="14" rx="7"></rect>
          </svg>
          ${msg('One bundle')}
        </li>
        <li>
          <svg width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">
            <path class="edge" d="M18 6L6 6" marker-end="url(#arrow)"></path>
          </svg>
          ${msg('Short arrow: a parent older than the drawing')}
        </li>
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mt-tangle-graph': MtTangleGraph;
  }
}
