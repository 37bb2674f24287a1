// The Network card: the network in use named with its MWM, the other networks on this device with
// a way to switch, and a form whose every error names the field and says how to fix it.
import { expect } from 'chai';
import { parseNetworkName, type MtNetworkSettings, type NetworkChangeDetail } from '../../web/app/mt-network-settings.ts';
import '../../web/app/mt-network-settings.ts';
import type { Network } from '../../web/core/network/index.ts';

async function mount(known: Network[] = []): Promise<MtNetworkSettings> {
  const el = document.createElement('mt-network-settings');
  el.network = { name: 'medtangle', mwm: 13 };
  el.known = known;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const q = <T extends Element = HTMLElement>(el: MtNetworkSettings, id: string) => el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);

async function submit(el: MtNetworkSettings, name: string, mwm: string): Promise<void> {
  for (const [id, value] of [['network-name', name], ['network-mwm', mwm]]) {
    const input = q<HTMLInputElement>(el, id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  q(el, 'network-switch')!.click();
  await el.updateComplete;
}

describe('mt-network-settings', () => {
  afterEach(() => document.querySelectorAll('mt-network-settings').forEach((e) => e.remove()));

  it('names the network in use with its MWM, in plain words', async () => {
    const el = await mount();
    const text = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(q(el, 'network-current')!.textContent).to.equal('medtangle');
    expect(q(el, 'network-mwm-current')!.textContent).to.equal('13');
    expect(text).to.contain('Each network keeps its own copy of the Tangle on this device');
    expect(q(el, 'network-others'), 'no other network yet').to.equal(null);
  });

  it('lists the other networks on this device and switches to one', async () => {
    const el = await mount([{ name: 'medtangle', mwm: 13 }, { name: 'test', mwm: 3 }]);
    const asked: Network[] = [];
    el.addEventListener('network-change', (e) => asked.push((e as CustomEvent<NetworkChangeDetail>).detail.network));
    const items = [...q(el, 'network-others')!.querySelectorAll('li')];
    expect(items.map((li) => li.querySelector('span')!.textContent)).to.deep.equal(['test (MWM 3)']);
    items[0].querySelector('button')!.click();
    expect(asked).to.deep.equal([{ name: 'test', mwm: 3 }]);
  });

  it('names the field in every error and asks for nothing until both are valid', async () => {
    const el = await mount();
    const asked: Network[] = [];
    el.addEventListener('network-change', (e) => asked.push((e as CustomEvent<NetworkChangeDetail>).detail.network));
    for (const [name, mwm, field, message] of [
      ['', '3', 'network-name-error', /Enter the network’s name/],
      ['my net', '3', 'network-name-error', /only letters a to z, digits and hyphens/],
      ['-x', '3', 'network-name-error', /must start with a letter or digit/],
      ['x'.repeat(33), '3', 'network-name-error', /at most 32 characters; this one has 33/],
      ['test', '0', 'network-mwm-error', /MWM .* 0 is too small/],
      ['test', '21', 'network-mwm-error', /MWM .* 21 is too large/],
      ['test', 'abc', 'network-mwm-error', /MWM .* not a number/],
      ['test', '', 'network-mwm-error', /Enter the MWM/],
    ] as const) {
      await submit(el, name, mwm);
      expect(q(el, field)?.textContent ?? '', `${name} / ${mwm}`).to.match(message);
    }
    expect(asked).to.deep.equal([]);
    await submit(el, ' Test-3 ', '3');
    expect(q(el, 'network-name-error')).to.equal(null);
    expect(q(el, 'network-mwm-error')).to.equal(null);
    expect(asked, 'the name is trimmed and lower-cased').to.deep.equal([{ name: 'test-3', mwm: 3 }]);
    await submit(el, 'medtangle', '13');
    expect(asked, 'the network in use is not asked for again').to.have.length(1);
  });

  it('parses names as typed', () => {
    expect(parseNetworkName(' Ward-7 ')).to.deep.equal({ name: 'ward-7' });
    expect(parseNetworkName('ward_7')).to.have.property('error');
  });
});
