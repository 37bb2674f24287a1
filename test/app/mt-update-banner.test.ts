// The update banner: offers a waiting version and says once that the app works offline.
import { expect } from 'chai';
import type { MtUpdateBanner } from '../../web/app/mt-update-banner.ts';
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
});
