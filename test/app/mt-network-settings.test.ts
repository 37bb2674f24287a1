// The network MWM card: validation that names the MWM, and the change asked by an event.
import { expect } from 'chai';
import type { MtNetworkSettings, MwmChangeDetail } from '../../web/app/mt-network-settings.ts';
import '../../web/app/mt-network-settings.ts';

async function mount(): Promise<MtNetworkSettings> {
  const el = document.createElement('mt-network-settings');
  el.mwm = 13;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const q = <T extends Element = HTMLElement>(el: MtNetworkSettings, id: string) => el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);

async function save(el: MtNetworkSettings, value: string): Promise<void> {
  const input = q<HTMLInputElement>(el, 'network-mwm')!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  q(el, 'network-mwm-save')!.click();
  await el.updateComplete;
}

describe('mt-network-settings', () => {
  afterEach(() => document.querySelectorAll('mt-network-settings').forEach((e) => e.remove()));

  it('explains the MWM in one plain sentence', async () => {
    const el = await mount();
    const text = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Every device of one network must use the same MWM');
    expect(text).to.contain('tests use small values');
    expect(q(el, 'network-mwm-current')!.textContent).to.equal('13');
  });

  it('names the MWM in every error and asks for nothing', async () => {
    const el = await mount();
    const asked: number[] = [];
    el.addEventListener('mwm-change', (e) => asked.push((e as CustomEvent<MwmChangeDetail>).detail.mwm));
    for (const bad of ['0', '21', 'abc', '2.5', '']) {
      await save(el, bad);
      expect(q(el, 'network-mwm-error')!.textContent, bad).to.match(/MWM/);
    }
    expect(asked).to.deep.equal([]);
    await save(el, '3');
    expect(q(el, 'network-mwm-error')).to.equal(null);
    expect(asked).to.deep.equal([3]);
  });
});
