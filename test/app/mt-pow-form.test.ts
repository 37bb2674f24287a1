// The proof-of-work form: MWM validation that names the MWM, events out, and what it shows for each
// state it is given. No workers here: the form only renders and asks.
import { expect } from 'chai';
import { parseMwm, type MtPowForm, type PowRunDetail } from '../../web/app/mt-pow-form.ts';
import type { PowDraft, SearchView } from '../../web/app/controllers/pow-controller.ts';
import '../../web/app/mt-pow-form.ts';

function q<T extends Element>(el: MtPowForm, id: string): T | null {
  return el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);
}

async function mount(): Promise<MtPowForm> {
  const el = document.createElement('mt-pow-form');
  document.body.append(el);
  await el.updateComplete;
  return el;
}

function setMwm(el: MtPowForm, value: string): void {
  const input = q<HTMLInputElement>(el, 'pow-mwm')!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

const view = (patch: Partial<SearchView>): SearchView => ({
  state: 'idle',
  mwm: 5,
  expectedAttempts: 243,
  progress: null,
  result: null,
  error: '',
  ...patch,
});

describe('mt-pow-form', () => {
  afterEach(() => {
    document.querySelectorAll('mt-pow-form').forEach((e) => e.remove());
  });

  it('parses the MWM and names it in every error', () => {
    expect(parseMwm(' 13 ', 1, 20)).to.deep.equal({ mwm: 13 });
    expect(parseMwm('1', 1, 20)).to.deep.equal({ mwm: 1 });
    expect(parseMwm('20', 1, 20)).to.deep.equal({ mwm: 20 });
    for (const bad of ['', '0', '21', 'abc', '2.5', '1e3', '-3']) {
      const r = parseMwm(bad, 1, 20);
      expect(r, bad).to.have.property('error').that.matches(/MWM/);
    }
    expect((parseMwm('abc', 1, 20) as { error: string }).error).to.contain('not a number');
    expect((parseMwm('0', 1, 20) as { error: string }).error).to.contain('too small');
    expect((parseMwm('21', 1, 20) as { error: string }).error).to.contain('too large');
  });

  it('fires pow-run with the text and MWM', async () => {
    const el = await mount();
    const runs: PowRunDetail[] = [];
    el.addEventListener('pow-run', (e) => runs.push((e as CustomEvent<PowRunDetail>).detail));
    const text = q<HTMLTextAreaElement>(el, 'pow-text')!;
    text.value = 'chest pain';
    text.dispatchEvent(new Event('input'));
    setMwm(el, '6');
    q<HTMLButtonElement>(el, 'pow-run')!.click();
    expect(runs).to.deep.equal([{ text: 'chest pain', mwm: 6 }]);
  });

  it('starts with the network MWM', async () => {
    const el = await mount();
    el.defaultMwm = 13;
    await el.updateComplete;
    expect(q<HTMLInputElement>(el, 'pow-mwm')!.value).to.equal('13');
  });

  it('shows an error and fires nothing for an invalid MWM', async () => {
    const el = await mount();
    let fired = 0;
    el.addEventListener('pow-run', () => fired++);
    setMwm(el, 'abc');
    q<HTMLButtonElement>(el, 'pow-run')!.click();
    await el.updateComplete;
    expect(fired).to.equal(0);
    expect(q(el, 'pow-mwm-error')!.textContent).to.match(/MWM.*not a number/);
    expect(q<HTMLInputElement>(el, 'pow-mwm')!.getAttribute('aria-invalid')).to.equal('true');
    setMwm(el, '4');
    await el.updateComplete;
    expect(q(el, 'pow-mwm-error')).to.equal(null);
  });

  it('shows progress and a Cancel that fires pow-cancel while running', async () => {
    const el = await mount();
    let cancels = 0;
    el.addEventListener('pow-cancel', () => cancels++);
    el.view = view({
      state: 'running',
      progress: { attempts: 100, attemptsPerSecond: 1000, expectedAttempts: 243, etaSeconds: 0.143, elapsedMs: 100, workers: 2 },
    });
    await el.updateComplete;
    expect(q<HTMLButtonElement>(el, 'pow-run')!.disabled).to.equal(true);
    const progress = q(el, 'pow-progress')!.querySelector('progress')!;
    expect(progress.max).to.equal(243);
    expect(progress.value).to.equal(100);
    expect(q(el, 'pow-progress')!.textContent!.replace(/\s+/g, ' ')).to.contain('2 workers');
    q<HTMLButtonElement>(el, 'pow-cancel')!.click();
    expect(cancels).to.equal(1);
  });

  it('shows the result, a cancel and a failure plainly', async () => {
    const el = await mount();
    el.view = view({
      state: 'done',
      result: { nonce: '12345', hashTrytes: '9'.repeat(81), weight: 7, mwm: 5, attempts: 300, elapsedMs: 420, workers: 2 },
    });
    await el.updateComplete;
    expect(q(el, 'pow-nonce')!.textContent).to.equal('12345');
    expect(q(el, 'pow-weight')!.textContent).to.equal('7');
    expect(q(el, 'pow-time')!.textContent).to.contain('0.42 seconds');
    el.view = view({ state: 'cancelled' });
    await el.updateComplete;
    expect(q(el, 'pow-result')).to.equal(null);
    expect(q(el, 'pow-cancelled')!.textContent).to.match(/Cancelled/);
    el.view = view({ state: 'failed', error: 'no WASM' });
    await el.updateComplete;
    expect(q(el, 'pow-error')!.textContent).to.contain('no WASM');
  });

  it('says when a search was cancelled because the user left the screen', async () => {
    const el = await mount();
    el.view = view({ state: 'cancelled', leftScreen: true });
    await el.updateComplete;
    expect(q(el, 'pow-cancelled')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Cancelled because you left this screen: the search was stopped before a nonce was found.',
    );
  });

  it('says "under a hundredth of a second left", not "about less than"', async () => {
    const el = await mount();
    el.view = view({
      state: 'running',
      progress: { attempts: 1, attemptsPerSecond: 3e6, expectedAttempts: 243, etaSeconds: 0.0001, elapsedMs: 1, workers: 4 },
    });
    await el.updateComplete;
    expect(q(el, 'pow-progress')!.textContent!.replace(/\s+/g, ' ')).to.contain('under a hundredth of a second left');
  });

  it('tells the host what was typed, and shows a kept draft', async () => {
    const el = await mount();
    const drafts: PowDraft[] = [];
    el.addEventListener('pow-draft', (e) => drafts.push({ ...(e as CustomEvent<PowDraft>).detail }));
    const text = q<HTMLTextAreaElement>(el, 'pow-text')!;
    text.value = 'dizzy';
    text.dispatchEvent(new Event('input'));
    setMwm(el, '18');
    expect(drafts).to.deep.equal([
      { text: 'dizzy', mwm: null },
      { text: 'dizzy', mwm: '18' },
    ]);
    const again = await mount();
    again.draft = { text: 'kept text', mwm: '7' };
    await again.updateComplete;
    expect(q<HTMLTextAreaElement>(again, 'pow-text')!.value).to.equal('kept text');
    expect(q<HTMLInputElement>(again, 'pow-mwm')!.value).to.equal('7');
    const runs: PowRunDetail[] = [];
    again.addEventListener('pow-run', (e) => runs.push((e as CustomEvent<PowRunDetail>).detail));
    q<HTMLButtonElement>(again, 'pow-run')!.click();
    expect(runs).to.deep.equal([{ text: 'kept text', mwm: 7 }]);
  });
});
