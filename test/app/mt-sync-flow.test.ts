// The Sync screen's steps (mt-sync-flow) in each state of the flow: what each step asks and says,
// the events it asks with, the code shown as text and as a QR code, each bad code named in words
// on the field, the progress with its estimate, done and failed in words with refused txs by
// reason, the camera scan only where the browser can read QR codes, and the history of the network.
import { expect } from 'chai';
import encodeQR from 'qr';
import type { MtSyncFlow, SyncCodeDetail, SyncDirectionDetail } from '../../web/app/mt-sync-flow.ts';
import { qrPath } from '../../web/app/mt-sync-flow.ts';
import '../../web/app/mt-sync-flow.ts';
import { reasonInWords } from '../../web/app/i18n/reasons.ts';
import type { SyncView } from '../../web/app/controllers/sync-controller.ts';
import { CAUSES, CODE, HISTORY, PEER, PROBLEMS, result, view, views } from './_sync-fixtures.ts';

async function mount(v: SyncView, props: Partial<MtSyncFlow> = {}): Promise<MtSyncFlow> {
  const el = document.createElement('mt-sync-flow');
  el.view = v;
  el.network = 'test';
  Object.assign(el, props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const q = <T extends Element = HTMLElement>(el: MtSyncFlow, id: string) => el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);
const squash = (el: Element | null) => el!.textContent!.replace(/\s+/g, ' ').trim();

function events(el: MtSyncFlow): string[] {
  const seen: string[] = [];
  for (const name of ['sync-direction', 'sync-show', 'sync-enter', 'sync-code', 'sync-reset']) {
    el.addEventListener(name, (e) => {
      const d = (e as CustomEvent<SyncDirectionDetail & SyncCodeDetail>).detail;
      seen.push(d ? `${name} ${d.direction ?? d.text}` : name);
    });
  }
  return seen;
}

describe('mt-sync-flow', () => {
  afterEach(() => {
    document.querySelectorAll('mt-sync-flow').forEach((e) => e.remove());
    delete (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector;
  });

  it('starts with a direction (both ways by default) and two ways in: show a code, or enter one', async () => {
    const el = await mount(view({}));
    const seen = events(el);
    expect(q<HTMLInputElement>(el, 'sync-direction-both')!.checked).to.equal(true);
    expect(q<HTMLInputElement>(el, 'sync-direction-receive')!.checked).to.equal(false);
    q<HTMLInputElement>(el, 'sync-direction-receive')!.click();
    q(el, 'sync-show')!.click();
    q(el, 'sync-enter')!.click();
    expect(seen).to.deep.equal(['sync-direction receive', 'sync-show', 'sync-enter']);
    const again = await mount(view({ direction: 'receive' }));
    expect(q<HTMLInputElement>(again, 'sync-direction-receive')!.checked).to.equal(true);
  });

  it('shows this device’s code as text and as a QR code of the same text, and takes the other’s', async () => {
    const el = await mount(view({ step: 'offer', role: 'initiator', code: CODE }));
    const seen = events(el);
    expect(q<HTMLTextAreaElement>(el, 'sync-code')!.value).to.equal(CODE);
    expect(q<HTMLTextAreaElement>(el, 'sync-code')!.readOnly).to.equal(true);
    // The drawing holds one dark square per dark module of the package's grid for this text, at its
    // place past the quiet zone of 4 modules.
    const grid = encodeQR(CODE, 'raw', { ecc: 'medium' });
    const svg = q<SVGSVGElement>(el, 'sync-qr')!;
    expect(svg.getAttribute('viewBox')).to.equal(`0 0 ${grid.length + 8} ${grid.length + 8}`);
    const squares = new Set([...svg.querySelector('path')!.getAttribute('d')!.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
    const dark = new Set(grid.flatMap((row, y) => row.flatMap((on, x) => (on ? [`${x + 4},${y + 4}`] : []))));
    expect(squares).to.deep.equal(dark);
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.match(/QR code/);
    q<HTMLTextAreaElement>(el, 'sync-code-input')!.value = ' mt1.answer ';
    q(el, 'sync-code-submit')!.click();
    q(el, 'sync-cancel')!.click();
    expect(seen).to.deep.equal(['sync-code  mt1.answer ', 'sync-reset']);
    expect(qrPath(CODE).size).to.equal(grid.length + 8);
  });

  it('asks the second device for the first code, then shows its own while it waits', async () => {
    const el = await mount(view({ step: 'enter-offer', role: 'responder' }));
    expect(q(el, 'sync-code')).to.equal(null, 'no code of its own yet');
    expect(q(el, 'sync-code-input')).to.not.equal(null);
    expect(squash(q(el, 'sync-code-submit'))).to.equal('Next');
    const answer = await mount(view({ step: 'answer', role: 'responder', code: CODE, peer: PEER }));
    expect(q<HTMLTextAreaElement>(answer, 'sync-code')!.value).to.equal(CODE);
    expect(q(answer, 'sync-code-input')).to.equal(null, 'nothing to enter: the first device connects');
    expect(squash(q(answer, 'sync-waiting'))).to.equal('Waiting for the other device…');
  });

  it('names each problem of an entered code on the field, and marks the field', async () => {
    const said = new Set<string>();
    for (const p of PROBLEMS) {
      const el = await mount(view({ step: 'enter-offer', codeProblem: p }));
      const error = q(el, 'sync-code-error')!;
      expect(error.dataset.problem).to.equal(p);
      said.add(squash(error));
      const input = q<HTMLTextAreaElement>(el, 'sync-code-input')!;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain('code-error');
      el.remove();
    }
    expect(said.size, 'a sentence of its own for each problem').to.equal(PROBLEMS.length);
    const fine = await mount(view({ step: 'enter-offer' }));
    expect(q(fine, 'sync-code-error')).to.equal(null);
    expect(q(fine, 'sync-code-input')!.getAttribute('aria-invalid')).to.equal('false');
  });

  it('moves the focus to the new step’s heading, and to the field when a code is bad; never from elsewhere', async () => {
    const el = await mount(view({}));
    q(el, 'sync-show')!.focus();
    el.view = view({ step: 'making-offer', role: 'initiator' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('sync-steps-title');
    el.view = view({ step: 'enter-offer', role: 'responder' });
    await el.updateComplete;
    q(el, 'sync-code-input')!.focus();
    el.view = view({ step: 'enter-offer', role: 'responder', codeProblem: 'cut' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-testid')).to.equal('sync-code-input');
    // The person is elsewhere on the page: a step the other device causes leaves the focus there.
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    el.view = view({ step: 'syncing', role: 'responder', progress: { wanted: 1, stored: 0, toSend: 0, sent: 0, bytesIn: 0, bytesOut: 0 } });
    await el.updateComplete;
    expect(document.activeElement).to.equal(outside);
    outside.remove();
  });

  it('offers a camera scan only where the browser can read QR codes', async () => {
    const without = await mount(view({ step: 'enter-offer' }));
    expect(q(without, 'sync-scan')).to.equal(null);
    (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector = class {};
    const withIt = await mount(view({ step: 'enter-offer' }));
    expect(q(withIt, 'sync-scan')).to.not.equal(null);
  });

  it('keeps the user’s own STUN server out of the way until asked for, and names a wrong one', async () => {
    const el = await mount(view({}));
    const seen: string[] = [];
    el.addEventListener('sync-stun', (e) => seen.push((e as CustomEvent<{ text: string }>).detail.text));
    expect(q<HTMLDetailsElement>(el, 'sync-stun')!.open, 'closed by default').to.equal(false);
    q<HTMLInputElement>(el, 'sync-stun-input')!.value = 'stun:192.0.2.1:3478';
    q(el, 'sync-stun-save')!.click();
    expect(seen).to.deep.equal(['stun:192.0.2.1:3478']);
    const wrong = await mount(view({}), { stun: 'stun:192.0.2.1', stunInvalid: true });
    expect(q<HTMLDetailsElement>(wrong, 'sync-stun')!.open).to.equal(true);
    expect(squash(q(wrong, 'sync-stun-error'))).to.match(/^This is not a STUN server address/);
    expect(q(wrong, 'sync-stun-input')!.getAttribute('aria-invalid')).to.equal('true');
    const set = await mount(view({}), { stun: 'stun:192.0.2.1' });
    expect(q<HTMLDetailsElement>(set, 'sync-stun')!.open).to.equal(true);
    expect(q<HTMLInputElement>(set, 'sync-stun-input')!.value).to.equal('stun:192.0.2.1');
    expect(q(set, 'sync-stun-used')).to.not.equal(null);
    expect(q(set, 'sync-stun-error')).to.equal(null);
  });

  it('a scanned QR code is entered as if pasted, and the camera stops', async () => {
    let looks = 0;
    (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector = class {
      constructor(readonly options: { formats: string[] }) {
        expect(options.formats).to.deep.equal(['qr_code']);
      }
      async detect() {
        looks++;
        // Nothing at first, then a code of another app, then the other device's code.
        return looks === 1 ? [] : looks === 2 ? [{ rawValue: 'https://example.invalid/' }] : [{ rawValue: CODE }];
      }
    };
    const el = await mount(view({ step: 'enter-offer' }));
    const seen = events(el);
    const got = new Promise((r) => el.addEventListener('sync-code', r, { once: true }));
    q(el, 'sync-scan')!.click();
    await got;
    await el.updateComplete;
    expect(seen).to.deep.equal([`sync-code ${CODE}`]);
    expect(looks).to.equal(3);
    expect(q<HTMLTextAreaElement>(el, 'sync-code-input')!.value).to.equal(CODE);
    expect(el.shadowRoot!.querySelector('video'), 'the camera is off').to.equal(null);
  });

  it('shows the progress in txs and bytes, with the time left once there is a rate', async () => {
    const el = await mount(
      view({ step: 'syncing', progress: { wanted: 300, stored: 100, toSend: 100, sent: 50, bytesIn: 130_000, bytesOut: 70_000 }, etaSeconds: 42 }),
    );
    const bar = el.shadowRoot!.querySelector('progress')!;
    expect([bar.max, bar.value]).to.deep.equal([400, 150]);
    expect(squash(q(el, 'sync-progress-counts'))).to.equal('Transactions received: 100 of 300; sent: 50 of 100.');
    expect(bar.getAttribute('aria-valuetext')).to.equal('Transactions received: 100 of 300; sent: 50 of 100.');
    expect(squash(q(el, 'sync-progress-bytes'))).to.equal('Data so far: 195.3 KiB.');
    expect(squash(q(el, 'sync-eta'))).to.equal('Time left: about 42 seconds.');
    const early = await mount(view({ step: 'syncing', progress: { wanted: 0, stored: 0, toSend: 0, sent: 0, bytesIn: 0, bytesOut: 0 } }));
    expect(q(early, 'sync-eta')).to.equal(null);
    expect(early.shadowRoot!.querySelector('progress')!.value).to.equal(0);
  });

  it('says done with what moved and what was refused, by reason in words', async () => {
    const el = await mount(view({ step: 'done', result: result({ refused: { POW: 2, SIGNATURE_INVALID: 1 } }) }));
    const seen = events(el);
    expect(squash(q(el, 'sync-done'))).to.match(/^Sync done\./);
    expect(squash(q(el, 'sync-stored'))).to.equal('120');
    expect(squash(q(el, 'sync-sent'))).to.equal('7');
    const items = [...q(el, 'sync-refused')!.querySelectorAll('li')].map((li) => [li.dataset.reason, squash(li)]);
    expect(items).to.deep.equal([
      ['POW', `2: ${reasonInWords('POW')}`],
      ['SIGNATURE_INVALID', `1: ${reasonInWords('SIGNATURE_INVALID')}`],
    ]);
    q(el, 'sync-again')!.click();
    expect(seen).to.deep.equal(['sync-reset']);
    const same = await mount(view({ step: 'done', result: result({ stored: 0, sent: 0 }) }));
    expect(squash(q(same, 'sync-done'))).to.match(/^Sync done: both devices already had the same transactions\./);
  });

  it('says why a sync failed, in a sentence for each cause', async () => {
    const said = new Set<string>();
    for (const v of [
      ...CAUSES.map((c) => view({ step: 'failed', failCause: c })),
      view({ step: 'failed', result: result({ outcome: 'interrupted' }) }),
      view({ step: 'failed', result: result({ outcome: 'dropped', refused: { SIGNATURE_INVALID: 17 } }) }),
    ]) {
      const el = await mount(v);
      const box = q(el, 'sync-failed')!;
      expect(box.getAttribute('role')).to.equal('alert');
      said.add(squash(box.querySelector('p')));
      expect(q(el, 'sync-again')).to.not.equal(null);
      el.remove();
    }
    expect(said.size).to.equal(CAUSES.length + 2);
  });

  it('lists the past syncs of this network, newest first, with refused txs by reason', async () => {
    const el = await mount(view({}), { history: HISTORY });
    const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-testid="sync-history-item"]')];
    expect(items.map((i) => i.dataset.outcome)).to.deep.equal(['done', 'interrupted', 'dropped', 'unreachable']);
    expect(squash(items[0])).to.contain(`device ${PEER}, done.`).and.contain('Received 12 transactions, sent 1 transaction');
    expect(squash(items[1])).to.contain('This device only received.');
    expect([...items[2].querySelectorAll('li')].map((li) => li.dataset.reason)).to.deep.equal(['SIGNATURE_INVALID', 'POW']);
    expect(squash(items[2])).to.contain(`Refused 17: ${reasonInWords('SIGNATURE_INVALID')}`);
    expect(squash(el.shadowRoot!.querySelector('[data-testid="sync-history"]'))).to.not.contain('FFFF-0000');
    const empty = await mount(view({}), { history: [], network: 'test' });
    expect(squash(q(empty, 'sync-history-empty'))).to.equal('No sync yet on this network.');
  });

  it('renders every state of the flow with one heading and no empty step', async () => {
    for (const [name, v] of views()) {
      const el = await mount(v, { history: HISTORY });
      expect(el.shadowRoot!.querySelector('[data-testid="sync-flow"]')!.getAttribute('data-step'), name).to.equal(v.step);
      expect(squash(el.shadowRoot!.querySelector('[data-testid="sync-flow"]')).length, name).to.be.greaterThan(40);
      el.remove();
    }
  });
});
