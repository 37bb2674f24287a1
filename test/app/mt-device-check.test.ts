// The Device check screen across visits: the app makes a new screen element on every visit, so
// what the user typed and how the last run ended must outlive the element. Real workers here (the
// app's shared PoW pool): leaving must stop a search that would otherwise run for minutes.
import { expect } from 'chai';
import type { MtDeviceCheck } from '../../web/app/mt-device-check.ts';
import '../../web/app/mt-device-check.ts';

/** An element with a test id in the screen's tree of shadow roots. */
function find<T extends Element = HTMLElement>(start: Element | ShadowRoot, testid: string): T | null {
  const root = start instanceof Element && start.shadowRoot ? start.shadowRoot : start;
  const hit = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (hit) return hit;
  for (const el of root.querySelectorAll('*')) {
    const inner = el.shadowRoot && find<T>(el.shadowRoot, testid);
    if (inner) return inner;
  }
  return null;
}

async function until<T>(read: () => T | null | undefined | false, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function visit(): Promise<MtDeviceCheck> {
  const el = document.createElement('mt-device-check');
  document.body.append(el);
  await el.updateComplete;
  await until(() => find(el, 'pow-run'), 'the cards to render');
  return el;
}

function type(el: Element, testid: string, value: string): void {
  const field = find<HTMLInputElement | HTMLTextAreaElement>(el, testid)!;
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

describe('mt-device-check', () => {
  afterEach(() => document.querySelectorAll('mt-device-check').forEach((e) => e.remove()));

  it('leaving during a proof of work stops it; coming back says so and keeps the text and MWM', async () => {
    const first = await visit();
    type(first, 'pow-text', 'Chest pain at night, 3 episodes');
    type(first, 'pow-mwm', '18');
    find(first, 'pow-run')!.click();
    await until(() => find(first, 'pow-progress'), 'the search to start');
    // The user goes to another screen: the app removes this element.
    first.remove();
    const second = await visit();
    const note = await until(() => find(second, 'pow-cancelled'), 'the cancelled note');
    expect(note.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Cancelled because you left this screen: the search was stopped before a nonce was found.',
    );
    await second.updateComplete;
    expect(find<HTMLTextAreaElement>(second, 'pow-text')!.value).to.equal('Chest pain at night, 3 episodes');
    expect(find<HTMLInputElement>(second, 'pow-mwm')!.value).to.equal('18');
    expect(find<HTMLButtonElement>(second, 'pow-run')!.disabled, 'Run is available again').to.equal(false);
    expect(find(second, 'pow-progress')).to.equal(null);
  });
});
