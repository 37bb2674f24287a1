// The update banner: offers a waiting version and says once that the app works offline.
import { expect } from 'chai';
import type { BannerResizeDetail, MtUpdateBanner } from '../../web/app/mt-update-banner.ts';
import '../../web/app/mt-update-banner.ts';

describe('mt-update-banner', () => {
  let el: MtUpdateBanner;
  const q = (id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    el = document.createElement('mt-update-banner');
    document.body.append(el);
    await el.updateComplete;
  });
  afterEach(() => el.remove());

  it('shows nothing by default', () => {
    expect(q('update-banner')).to.equal(null);
    expect(q('offline-ready')).to.equal(null);
  });

  it('offers Update and Later when a new version waits', async () => {
    const events: string[] = [];
    for (const t of ['update-accept', 'update-later']) el.addEventListener(t, () => events.push(t));
    el.needRefresh = true;
    await el.updateComplete;
    expect(q('update-banner')!.textContent).to.contain('new version');
    q('update-accept')!.click();
    q('update-later')!.click();
    expect(events).to.deep.equal(['update-accept', 'update-later']);
  });

  it('says when the app is ready offline, until dismissed', async () => {
    let dismissed = 0;
    el.addEventListener('offline-ready-dismiss', () => dismissed++);
    el.offlineReady = true;
    await el.updateComplete;
    expect(q('offline-ready')!.textContent).to.contain('works offline');
    q('offline-ready-dismiss')!.click();
    expect(dismissed).to.equal(1);
  });

  it('says how tall it is while it shows, so the page can leave room under its last controls', async () => {
    const heights: number[] = [];
    el.addEventListener('banner-resize', (e) => heights.push((e as CustomEvent<BannerResizeDetail>).detail.height));
    const settle = async () => {
      await el.updateComplete;
      // ResizeObserver reports after layout, before the next frame.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    };
    expect(el.getBoundingClientRect().height, 'covers nothing while hidden').to.equal(0);
    el.offlineReady = true;
    await settle();
    const shown = heights.at(-1)!;
    const box = q('offline-ready')!.getBoundingClientRect();
    expect(shown, 'the whole covered height').to.equal(Math.ceil(el.getBoundingClientRect().height));
    expect(shown).to.be.at.least(Math.ceil(window.innerHeight - box.top));
    // Narrower: the text wraps, the banner grows, and says so.
    el.style.width = '300px';
    await settle();
    expect(heights.at(-1)!).to.be.greaterThan(shown);
    el.offlineReady = false;
    await settle();
    expect(heights.at(-1)).to.equal(0);
  });
});
