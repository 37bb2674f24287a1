// The progress of writing to the Tangle (sealing, then the proof of work of each part), the same on
// every care screen: a progress bar, what is happening in words, and Cancel. Pure rendering: the
// screen's controller holds the state and cancels.
import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { WriteView } from './controllers/records-controller.ts';
import { formatAboutDuration } from './format.ts';

/** The progress block for a running write, or nothing. Called by the care screens' render. */
export function writeProgress(w: WriteView, onCancel: () => void, testid: string) {
  if (w.state !== 'running') return nothing;
  return html`<div role="status" data-testid=${`${testid}-progress`}>
    <p>${w.txTotal > 0 ? msg(str`Adding it to the Tangle: part ${Math.min(w.txDone + 1, w.txTotal)} of ${w.txTotal}…`) : msg('Sealing it on this device…')}</p>
    <progress max=${Math.max(1, w.txTotal)} value=${w.txDone} aria-label=${msg('Progress')}></progress>
    ${w.etaSeconds !== null && w.etaSeconds > 0 ? html`<p class="hint">${msg(str`Time left: ${formatAboutDuration(w.etaSeconds)}.`)}</p>` : nothing}
    <div class="row">
      <button type="button" class="secondary" data-testid=${`${testid}-cancel`} @click=${onCancel}>${msg('Cancel')}</button>
    </div>
  </div>`;
}
