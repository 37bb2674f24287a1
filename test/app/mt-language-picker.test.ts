// The language switch: the first visit follows the browser's languages, choosing Українська
// re-renders what is on the page in Ukrainian at once and is kept for the next visit, and <html
// lang> follows; counts take Ukrainian's plural forms and numbers its separators. The expected
// Ukrainian is written here by hand from the grammar, not read back from the catalogue.
import { expect } from 'chai';
import type { LitElement } from 'lit';
import { LANGUAGE_KEY, currentLanguage, preferredLanguage, setLanguage, startI18n } from '../../web/app/i18n/index.ts';
import { nTransactions, plural } from '../../web/app/i18n/plural.ts';
import { formatCount, formatDuration } from '../../web/app/format.ts';
import { reasonInWords } from '../../web/app/i18n/reasons.ts';
import type { LanguageChangeDetail } from '../../web/app/mt-language-picker.ts';
import '../../web/app/mt-language-picker.ts';
import '../../web/app/mt-device-check.ts';
import '../../web/app/mt-tangle-stats.ts';
import type { TangleStats } from '../../web/workers/index.ts';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
  }
}

const STATS: TangleStats = {
  txCount: 21,
  tips: 2,
  confirmed: 5,
  pending: 3,
  quarantined: 0,
  awaitingWrite: 0,
  windowStart: 0,
  rejected: {},
  duplicates: 0,
  badArchives: { unreadable: 0, incomplete: 0, trailing: 0, otherNetwork: 0 },
  storedBytes: 15_360,
  persisted: true,
  network: { name: 'test', mwm: 3 },
};

const squash = (el: Element | null | undefined) => el!.textContent!.replace(/\s+/g, ' ').trim();
const inShadow = (host: Element, selector: string) => host.shadowRoot!.querySelector(selector);

async function mount<T extends LitElement>(tag: string, props: object = {}): Promise<T> {
  const el = Object.assign(document.createElement(tag), props) as T;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('the language a visit starts in', () => {
  it('is the stored choice, else the first of the browser languages the app speaks, else English', () => {
    const stored = new MemoryStorage();
    stored.setItem(LANGUAGE_KEY, 'uk');
    expect(preferredLanguage(stored, ['en-US'])).to.equal('uk');
    stored.setItem(LANGUAGE_KEY, 'en');
    expect(preferredLanguage(stored, ['uk-UA'])).to.equal('en');
    stored.setItem(LANGUAGE_KEY, 'xx');
    expect(preferredLanguage(stored, ['uk-UA']), 'an unknown stored value is ignored').to.equal('uk');
    expect(preferredLanguage(null, ['uk'])).to.equal('uk');
    expect(preferredLanguage(null, ['de-DE', 'uk-UA', 'en'])).to.equal('uk');
    expect(preferredLanguage(null, ['en-GB', 'uk-UA'])).to.equal('en');
    expect(preferredLanguage(null, ['de-DE', 'fr'])).to.equal('en');
    expect(preferredLanguage(null, [])).to.equal('en');
  });
});

describe('mt-language-picker', () => {
  const storage = new MemoryStorage();

  before(async () => {
    expect(await startI18n({ storage, browserLanguages: ['en-GB'] })).to.equal('en');
    expect(document.documentElement.lang).to.equal('en');
  });

  afterEach(() => document.body.replaceChildren());

  it('names each language in itself, in a labelled group, the one in use pressed', async () => {
    const picker = await mount('mt-language-picker');
    const group = inShadow(picker, '[role="group"]')!;
    expect(group.getAttribute('aria-label')).to.equal('Language');
    const buttons = Array.from(group.querySelectorAll('button'));
    expect(buttons.map((b) => [b.textContent!.trim(), b.lang, b.getAttribute('aria-pressed')])).to.deep.equal([
      ['English', 'en', 'true'],
      ['Українська', 'uk', 'false'],
    ]);
  });

  it('switches the page to Ukrainian at once, keeps the choice, and sets <html lang>; and back', async () => {
    const picker = await mount('mt-language-picker');
    const device = await mount('mt-device-check');
    const stats = await mount('mt-tangle-stats', { stats: STATS });
    expect(squash(inShadow(device, 'h1'))).to.equal('Device check');

    const changed = new Promise<string>((resolve) =>
      picker.addEventListener('language-change', (e) => resolve((e as CustomEvent<LanguageChangeDetail>).detail.language), { once: true }),
    );
    (inShadow(picker, '[data-testid="language-uk"]') as HTMLButtonElement).click();
    expect(await changed).to.equal('uk');
    await Promise.all([picker, device, stats].map((el) => (el as LitElement).updateComplete));

    expect(currentLanguage()).to.equal('uk');
    expect(document.documentElement.lang).to.equal('uk');
    expect(storage.getItem(LANGUAGE_KEY)).to.equal('uk');
    expect(squash(inShadow(device, 'h1'))).to.equal('Перевірка пристрою');
    expect(squash(inShadow(inShadow(device, 'mt-rate-check')!, 'h2'))).to.equal('Наскільки швидкий цей пристрій?');
    expect(inShadow(picker, '[role="group"]')!.getAttribute('aria-label')).to.equal('Мова');
    expect(inShadow(picker, '[data-testid="language-uk"]')!.getAttribute('aria-pressed')).to.equal('true');
    expect(inShadow(picker, '[data-testid="language-en"]')!.getAttribute('aria-pressed')).to.equal('false');
    // 21 takes the "one" form in Ukrainian, 2 "few", 5 "many".
    const label = (id: string) => squash(inShadow(stats, `[data-testid="${id}"]`)!.parentElement!.querySelector('span'));
    expect(label('stat-txs')).to.equal('транзакція');
    expect(label('stat-tips')).to.equal('вершини');
    expect(squash(inShadow(stats, 'h2'))).to.equal('Копія Танглу на цьому пристрої');

    (inShadow(picker, '[data-testid="language-en"]') as HTMLButtonElement).click();
    await new Promise((resolve) => picker.addEventListener('language-change', resolve, { once: true }));
    await Promise.all([picker, device, stats].map((el) => (el as LitElement).updateComplete));
    expect(document.documentElement.lang).to.equal('en');
    expect(storage.getItem(LANGUAGE_KEY)).to.equal('en');
    expect(squash(inShadow(device, 'h1'))).to.equal('Device check');
    expect(label('stat-txs')).to.equal('transactions');
  });

  it('starts the next visit in the language chosen', async () => {
    await setLanguage('uk');
    // A new visit: the same storage, a browser that prefers English.
    expect(await startI18n({ storage, browserLanguages: ['en-US'] })).to.equal('uk');
    expect(document.documentElement.lang).to.equal('uk');
    await setLanguage('en');
  });

  it('counts with the four Ukrainian plural forms, and writes numbers and durations the Ukrainian way', async () => {
    await setLanguage('uk');
    try {
      const nbsp = '\u00a0';
      expect([1, 2, 4, 5, 11, 12, 21, 22, 25, 101, 111].map(nTransactions)).to.deep.equal([
        '1 транзакція',
        '2 транзакції',
        '4 транзакції',
        '5 транзакцій',
        '11 транзакцій',
        '12 транзакцій',
        '21 транзакція',
        '22 транзакції',
        '25 транзакцій',
        '101 транзакція',
        '111 транзакцій',
      ]);
      const forms = { one: 'one', few: 'few', many: 'many', other: 'other' };
      expect([1, 3, 7, 1.5].map((n) => plural(n, forms)), 'a fraction takes the "other" form').to.deep.equal(['one', 'few', 'many', 'other']);
      expect(formatCount(1594323)).to.equal(`1${nbsp}594${nbsp}323`);
      expect(formatDuration(200)).to.equal('3 хвилини 20 секунд');
      expect(formatDuration(0.001)).to.equal('менше ніж соту частку секунди');
      expect(reasonInWords('POW')).to.equal('Доказ роботи нижчий за мінімальну вагу мережі (MWM).');
    } finally {
      await setLanguage('en');
    }
    expect(nTransactions(1)).to.equal('1 transaction');
    expect(nTransactions(5)).to.equal('5 transactions');
  });
});
