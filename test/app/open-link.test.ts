// Opening a shared link with no identity (issue 10, mt-open-link): the link in the address is read and
// cleared from it; a pasted link, a link in a file and a link in a QR code open the same way; what is
// not a link (pasted or in a file) is named on the field; a changed link is refused with its reason;
// a link with a passcode asks for it, and a wrong one is named; the records show read-only, and
// closing them leaves nothing on the screen. The links are made by the links core with a small scrypt.
import { expect } from 'chai';
import type { LitElement } from 'lit';
import { makeLink } from '../../web/core/links/index.ts';
import { noteObservationOf } from '../../web/app/record-text.ts';
import { fragmentOf, linkInAddress } from '../../web/app/controllers/link-controller.ts';
import '../../web/app/mt-open-link.ts';

const SMALL_KDF = { N: 2 ** 4, r: 1, p: 1 };
const NOTE = noteObservationOf('Allergic to penicillin', new Date(Date.UTC(2026, 11, 4, 10)));

async function link(options: { passcode?: string; expiresAt?: number } = {}): Promise<string> {
  const now = Date.now();
  return makeLink({ patientName: 'Olena Kovalenko', records: [NOTE] }, { createdAt: now - 1000, expiresAt: options.expiresAt ?? now + 86_400_000, passcode: options.passcode, kdf: SMALL_KDF });
}

async function mount(): Promise<LitElement> {
  const el = document.createElement('mt-open-link') as LitElement;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const q = <T extends Element = HTMLElement>(el: LitElement, id: string) => el.shadowRoot!.querySelector<T>(`[data-testid="${id}"]`);
const squash = (el: Element | null) => el!.textContent!.replace(/\s+/g, ' ').trim();

async function until(what: string, f: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!f()) throw new Error(`timed out waiting for ${what}`);
}

async function paste(el: LitElement, text: string): Promise<void> {
  const area = q<HTMLTextAreaElement>(el, 'link-input')!;
  area.value = text;
  area.dispatchEvent(new Event('input'));
  await el.updateComplete;
  q<HTMLButtonElement>(el, 'link-input-open')!.click();
}

describe('open a shared link (mt-open-link)', function () {
  this.timeout(60_000);
  const start = location.href;
  afterEach(() => {
    document.querySelectorAll('mt-open-link').forEach((e) => e.remove());
    history.replaceState(null, '', start);
  });

  it('finds a link in pasted text, a file or a QR code, and nothing in anything else', async () => {
    const fragment = await link();
    expect(fragmentOf(`https://clinic.example/app/#${fragment}`)).to.equal(fragment);
    expect(fragmentOf(`  ${fragment}\n`)).to.equal(fragment);
    for (const text of ['', 'hello', 'https://clinic.example/app/#/sync?code=mt1.x', '#/link/', '/linkX/abc']) expect(fragmentOf(text), text).to.equal(text === '#/link/' ? '/link/' : '');
    history.replaceState(null, '', `#${fragment}`);
    expect(linkInAddress()).to.equal(fragment);
    history.replaceState(null, '', '#/link');
    expect(linkInAddress()).to.equal('');
  });

  it('opens the link in the address, clears it from the address, and shows its record read-only; closing leaves nothing', async () => {
    history.replaceState(null, '', `#${await link()}`);
    const el = await mount();
    expect(location.hash).to.equal('#/link');
    await until('the records', () => q(el, 'link-opened') !== null);
    expect(squash(q(el, 'link-record'))).to.contain('Allergic to penicillin');
    expect(squash(q(el, 'link-opened'))).to.contain('Records from Olena Kovalenko');
    // A record carried in a link is not in any Tangle: no confirmation is claimed for it.
    expect(q(el, 'record-status')).to.equal(null);
    q<HTMLButtonElement>(el, 'link-close')!.click();
    await el.updateComplete;
    expect(q(el, 'link-opened')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.not.contain('penicillin');
  });

  it('names what is not a link, pasted or in a file, on the field; a changed link is refused with its reason', async () => {
    const el = await mount();
    await paste(el, 'https://example.invalid/not-a-link');
    await el.updateComplete;
    expect(squash(q(el, 'link-input-error'))).to.match(/^This is not a medtangle link/);
    expect(q(el, 'link-input')!.getAttribute('aria-invalid')).to.equal('true');
    const file = q<HTMLInputElement>(el, 'link-file-input')!;
    const put = async (text: string) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'link.txt', { type: 'text/plain' }));
      file.files = dt.files;
      file.dispatchEvent(new Event('change'));
      await new Promise((r) => setTimeout(r, 50));
      await el.updateComplete;
    };
    await put('a shopping list');
    expect(squash(q(el, 'link-input-error'))).to.match(/^This file holds no medtangle link/);
    const good = await link();
    const changed = good.slice(0, -5) + (good.at(-5) === 'A' ? 'B' : 'A') + good.slice(-4);
    await paste(el, `https://clinic.example/#${changed}`);
    await until('the refusal', () => q(el, 'link-problem') !== null);
    expect(q(el, 'link-problem')!.getAttribute('data-problem')).to.equal('changed');
    expect(q(el, 'link-record')).to.equal(null);
    // The same link, whole, from a file, opens.
    await put(`https://clinic.example/#${good}\n`);
    await until('the records', () => q(el, 'link-opened') !== null);
    expect(squash(q(el, 'link-record'))).to.contain('Allergic to penicillin');
  });

  it('asks for the passcode of a link that has one, names a wrong one, and opens with the right one', async () => {
    const el = await mount();
    await paste(el, `#${await link({ passcode: 'river lamp orchard' })}`);
    await until('the passcode field', () => q(el, 'link-passcode') !== null);
    expect(squash(q(el, 'link-header'))).to.match(/holds 1 records? and works until/);
    const type = async (text: string) => {
      const input = q<HTMLInputElement>(el, 'link-passcode')!;
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
      q<HTMLButtonElement>(el, 'link-open')!.click();
    };
    await type('river lamp orchart');
    await until('the wrong passcode', () => q(el, 'link-passcode-error') !== null);
    expect(squash(q(el, 'link-passcode-error'))).to.match(/^The passcode is wrong/);
    await type('river lamp orchard');
    await until('the records', () => q(el, 'link-opened') !== null);
  });

  it('says an expired link stopped working, and shows nothing of it', async () => {
    const el = await mount();
    const now = Date.now();
    const fragment = await makeLink({ patientName: 'Olena Kovalenko', records: [NOTE] }, { createdAt: now - 2000, expiresAt: now - 1000, kdf: SMALL_KDF });
    await paste(el, fragment);
    await until('the refusal', () => q(el, 'link-problem') !== null);
    expect(q(el, 'link-problem')!.getAttribute('data-problem')).to.equal('expired');
    expect(squash(q(el, 'link-problem'))).to.match(/^This link stopped working on /);
    expect(q(el, 'link-header')).to.equal(null);
  });
});
