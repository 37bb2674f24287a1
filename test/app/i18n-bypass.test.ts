// No string reaches a person without the catalogue: every component, the app shell and each screen
// are rendered in a pseudo-locale (the Ukrainian catalogue with each message's literal text marked
// ⟦…⟧, _pseudo-locale.ts) in every state the fixtures below give them, and what a person reads
// (text, aria-label, title, placeholder, alt, aria-valuetext, field values) is walked. A run of
// Latin letters outside the marks is a string that bypasses msg(), or a message without a
// Ukrainian translation (it falls back to English). Numbers, dates and units come from Intl in
// Ukrainian (Cyrillic, so never a find), and the data a fixture puts in (file names, network names,
// ids, hashes, a tx's text) is allowed by name, nothing else.
import { expect } from 'chai';
import type { LitElement } from 'lit';
import { startI18n, currentLanguage } from '../../web/app/i18n/index.ts';
import { findBypasses, loadPseudo } from './_pseudo-locale.ts';
import { detailsOf, EMPTY_REPORT, tx } from './_tangle-fixtures.ts';
import { REASON_CODES, reasonMessage, type Reason } from '../../web/core/validate/index.ts';
import type { FilesView, CreateView } from '../../web/app/controllers/tangle-controller.ts';
import type { RateView, SearchView } from '../../web/app/controllers/pow-controller.ts';
import type { ImportReport, TxDetails } from '../../web/ledger/index.ts';
import type { TangleStats } from '../../web/workers/index.ts';
import { TX_KINDS } from '../../web/core/tx/index.ts';
import '../../web/app/mt-about.ts';
import '../../web/app/mt-bundle-form.ts';
import '../../web/app/mt-language-picker.ts';
import '../../web/app/mt-network-settings.ts';
import '../../web/app/mt-pow-form.ts';
import '../../web/app/mt-rate-check.ts';
import '../../web/app/mt-tangle-files.ts';
import '../../web/app/mt-tangle-graph.ts';
import '../../web/app/mt-tangle-rescue.ts';
import '../../web/app/mt-tangle-stats.ts';
import '../../web/app/mt-tx-details.ts';
import '../../web/app/mt-update-banner.ts';
import '../../web/app/mt-profile-form.ts';
import '../../web/app/mt-passphrase-form.ts';
import '../../web/app/mt-onboarding.ts';
import '../../web/app/mt-unlock.ts';
import '../../web/app/mt-advanced.ts';
import '../../web/app/mt-welcome.ts';
import '../../web/app/mt-sync-flow.ts';
import { CODE, HISTORY, PEER, views as syncViews } from './_sync-fixtures.ts';
import type { IdentityClient } from '../../web/workers/index.ts';
import { seedToWords } from '../../web/core/identity/index.ts';

const HASH_TRYTES = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ9';
/** An error's own text, as a controller passes it (said in words there: web/app/i18n/errors.ts). */
const ERROR = 'ERROR_TEXT';
/**
 * The data the fixtures put on the page, allowed by name: file names, network names, a tx's text,
 * a hash in trytes, hex ids; the reason codes (shown in small print, for support); each language's
 * name in itself (never translated); and the app's name.
 */
const DATA: readonly string[] = [
  'clinic.mtx',
  'backup.mtx',
  'medtangle-rescued-2025-01-05.mtx',
  'medtangle',
  'test',
  'clinic-b',
  HASH_TRYTES,
  ERROR,
  'Blood pressure 128/82, taken at rest',
  'Whole text of the bundle',
  // the preview a fixture's tx carries (_tangle-fixtures.ts detailsOf), and an MWM as a user typed it
  'text of tx',
  'abc',
  ...REASON_CODES,
  'English',
  // identity labels and the backup words a fixture shows
  'Olena',
  'Taras',
  // a care record's own words, as a fixture's record carries them
  'Cough',
  // a sync code and the other device's name drawn from it
  CODE,
  PEER,
  'stun:192.0.2.10:3478',
  'stun:192.0.2.1',
  ...seedToWords(new Uint8Array(32).fill(7)),
];

before(async () => {
  const language = await startI18n({ storage: null, browserLanguages: ['uk-UA'], loadLocale: loadPseudo });
  expect(language).to.equal('uk');
});

afterEach(() => {
  document.body.replaceChildren();
});

/** An element of the app, its properties set by the fixture. */
type Rendered = LitElement & Record<string, unknown>;

async function render(tag: string, props: object = {}): Promise<Rendered> {
  const el = document.createElement(tag) as Rendered;
  Object.assign(el, props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Fails with every find, each with the state it was found in. */
function expectNoBypass(root: Node, state: string): void {
  const found = findBypasses(root, DATA);
  expect(found, `${state}:\n${found.join('\n')}`).to.deep.equal([]);
}

const rate = (patch: Partial<RateView>): RateView => ({ state: 'idle', durationMs: 2000, progress: null, summary: null, error: '', ...patch });
const progress = { attempts: 12345, attemptsPerSecond: 3_700_000, expectedAttempts: 1_594_323, etaSeconds: 12, elapsedMs: 900, workers: 4 };
const search = (patch: Partial<SearchView>): SearchView => ({
  state: 'idle',
  mwm: 13,
  expectedAttempts: 1_594_323,
  progress: null,
  result: null,
  error: '',
  ...patch,
});
const create = (patch: Partial<CreateView>): CreateView => ({
  state: 'idle',
  txDone: 0,
  txTotal: 0,
  attempts: 0,
  attemptsPerSecond: 0,
  error: '',
  indices: [],
  ...patch,
});
const files = (patch: Partial<FilesView>): FilesView => ({
  state: 'idle',
  fileName: 'clinic.mtx',
  exportedTxs: 0,
  recordsDone: 0,
  recordsTotal: 0,
  importedTxs: 0,
  recordsAnnounced: 0,
  fileBytes: 0,
  framing: null,
  network: { name: 'medtangle', mwm: 13 },
  report: null,
  error: '',
  cleared: null,
  ...patch,
});
const report = (patch: Partial<ImportReport>): ImportReport => ({ ...EMPTY_REPORT, ...patch });
const refused = (reason: Reason, position: number, id?: string) => ({ reason, message: reasonMessage(reason), position, ...(id ? { id } : {}) });
const stats = (patch: Partial<TangleStats>): TangleStats => ({
  txCount: 12,
  tips: 1,
  confirmed: 9,
  pending: 2,
  quarantined: 3,
  awaitingWrite: 0,
  windowStart: 0,
  rejected: { POW: 2, SIGNATURE_INVALID: 1 },
  duplicates: 5,
  badArchives: { unreadable: 1, incomplete: 2, trailing: 1, otherNetwork: 21 },
  storedBytes: 15_360,
  persisted: false,
  network: { name: 'test', mwm: 3 },
  usage: 2 * 1024 * 1024,
  quota: 10 * 1024 ** 3,
  ...patch,
});

describe('no string bypasses the catalogue (pseudo-locale)', () => {
  it('runs in the pseudo-locale', () => {
    expect(currentLanguage()).to.equal('uk');
  });

  it('mt-rate-check, in each state', async () => {
    const summary = {
      attemptsPerSecond: 3_700_000,
      workers: 4,
      networkMwm: 13,
      expectedAttempts: 1_594_323,
      transactionsPerRecord: 3,
      secondsPerTransaction: 0.43,
      secondsPerRecord: 1.3,
    };
    const views = [
      rate({}),
      rate({ state: 'running' }),
      rate({ state: 'running', progress }),
      rate({ state: 'failed', error: ERROR }),
      rate({ state: 'cancelled', leftScreen: true }),
      rate({ state: 'cancelled' }),
      rate({ state: 'done', summary }),
      rate({ state: 'done', summary: { ...summary, workers: 1, secondsPerTransaction: 0.001, secondsPerRecord: 400 * 86400 } }),
    ];
    for (const [k, view] of views.entries()) {
      const el = await render('mt-rate-check', { view });
      expectNoBypass(el, `rate view ${k}`);
      el.remove();
    }
  });

  it('mt-pow-form, in each state and with a field error', async () => {
    const result = { nonce: '18446744073709551615', hashTrytes: HASH_TRYTES, weight: 14, mwm: 13, attempts: 1, elapsedMs: 4200, workers: 2 };
    const views = [
      search({}),
      search({ state: 'running' }),
      search({ state: 'running', progress }),
      search({ state: 'running', progress: { ...progress, attempts: 2_000_000 } }),
      search({ state: 'cancelled', leftScreen: true }),
      search({ state: 'cancelled' }),
      search({ state: 'failed', error: ERROR }),
      search({ state: 'done', result }),
    ];
    for (const [k, view] of views.entries()) {
      const el = await render('mt-pow-form', { view });
      expectNoBypass(el, `pow view ${k}`);
      el.remove();
    }
    for (const mwm of ['', '1.5', 'abc', '0', '99']) {
      const el = await render('mt-pow-form', { draft: { text: null, mwm } });
      el.shadowRoot!.querySelector('form')!.requestSubmit();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[data-testid="pow-mwm-error"]'), `an error for "${mwm}"`).to.exist;
      expectNoBypass(el, `pow mwm "${mwm}"`);
      el.remove();
    }
  });

  it('mt-bundle-form, in each state and with a text error', async () => {
    const views = [
      create({}),
      create({ state: 'running', txDone: 1, txTotal: 3, attempts: 5000, attemptsPerSecond: 2_000_000 }),
      create({ state: 'cancelled', leftScreen: true }),
      create({ state: 'cancelled' }),
      create({ state: 'failed', error: ERROR }),
      create({ state: 'done', txTotal: 1, indices: [12] }),
      create({ state: 'done', txTotal: 3, indices: [10, 11, 12] }),
    ];
    for (const [k, view] of views.entries()) {
      const el = await render('mt-bundle-form', { view });
      expectNoBypass(el, `bundle view ${k}`);
      el.remove();
    }
    for (const draft of ['   ', 'é'.repeat(200_000)]) {
      const el = await render('mt-bundle-form', { draft });
      el.shadowRoot!.querySelector('form')!.requestSubmit();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[data-testid="bundle-text-error"]')).to.exist;
      // The typed text is the user's; only the rest of the card is checked.
      el.shadowRoot!.querySelector('textarea')!.value = '';
      expectNoBypass(el, `bundle draft of ${draft.length}`);
      el.remove();
    }
  });

  it('mt-tangle-files, in each state and each kind of report', async () => {
    const bad = 'f'.repeat(64);
    const views: FilesView[] = [
      files({}),
      files({ state: 'exporting' }),
      files({ state: 'exported', exportedTxs: 21 }),
      files({ state: 'importing' }),
      files({ state: 'importing', recordsDone: 4096, recordsTotal: 100_000, importedTxs: 4090 }),
      files({ state: 'importing', recordsDone: 2, recordsTotal: 3, recordsAnnounced: 5 }),
      files({ state: 'failed', error: ERROR }),
      files({ state: 'imported', report: report({ accepted: 5, acceptedBundles: 3, counts: { POW: 2, DUPLICATE: 1 }, rejected: [refused('POW', 1)] }) }),
      files({ state: 'imported', report: report({ counts: { DUPLICATE: 1 } }) }),
      files({ state: 'imported', report: report({ counts: { DUPLICATE: 4 } }) }),
      files({ state: 'imported', fileBytes: 0, framing: { reason: 'TRUNCATED', position: -1, offset: 0 }, report: report({ counts: { TRUNCATED: 1 } }) }),
      files({ state: 'imported', fileBytes: 10, framing: { reason: 'TRUNCATED', position: -1, offset: 0 }, report: report({ counts: { TRUNCATED: 1 } }) }),
      files({ state: 'imported', fileBytes: 900, framing: { reason: 'GARBAGE', position: -1, offset: 0 }, report: report({ counts: { GARBAGE: 1 } }) }),
      files({ state: 'imported', recordsAnnounced: 5, recordsTotal: 3, framing: { reason: 'TRUNCATED', position: 3, offset: 100 }, report: report({ accepted: 3, acceptedBundles: 1, counts: { TRUNCATED: 1 } }) }),
      files({ state: 'imported', recordsAnnounced: 5, recordsTotal: 0, framing: { reason: 'TRUNCATED', position: 0, offset: 100 }, report: report({ counts: { TRUNCATED: 1 } }) }),
      files({ state: 'imported', recordsAnnounced: 2, recordsTotal: 2, fileBytes: 3000, framing: { reason: 'GARBAGE', position: 2, offset: 2600 }, report: report({ accepted: 2, acceptedBundles: 1, counts: { GARBAGE: 1 } }) }),
      files({ state: 'imported', recordsAnnounced: 1, recordsTotal: 1, fileBytes: 1400, framing: { reason: 'GARBAGE', position: 1, offset: 1300 }, report: report({ counts: { GARBAGE: 1 } }) }),
      files({ state: 'imported', report: report({}) }),
      files({ state: 'imported', report: report({ otherNetwork: { name: 'clinic-b', mwm: 9 }, counts: { NETWORK_MISMATCH: 1 } }) }),
      files({ state: 'imported', network: null, report: report({ otherNetwork: { name: 'clinic-b', mwm: 9 }, counts: { NETWORK_MISMATCH: 1 } }) }),
      files({ state: 'imported', report: report({ counts: { POW: 9 }, rejected: [refused('POW', 0)] }) }),
      files({ state: 'imported', network: null, report: report({ counts: { POW: 9 }, rejected: [refused('POW', 0)] }) }),
      files({
        state: 'imported',
        report: report({
          held: 5,
          heldTxs: [
            { id: '1'.repeat(64), reason: 'PARENT_MISSING', blockedBy: { id: bad, reason: 'POW' } },
            { id: '2'.repeat(64), reason: 'PARENT_MISSING', blockedBy: { id: bad, reason: 'POW' } },
            { id: '3'.repeat(64), reason: 'PARENT_MISSING', blockedBy: { id: 'e'.repeat(64), reason: 'SIGNATURE_INVALID' } },
            { id: '4'.repeat(64), reason: 'BUNDLE_INCOMPLETE' },
            { id: '5'.repeat(64), reason: 'WRITE_PENDING' },
          ],
          quarantined: 4,
          quarantineSaved: false,
          counts: { POW: 1, SIGNATURE_INVALID: 1, PARENT_MISSING: 3, BUNDLE_INCOMPLETE: 1, WRITE_PENDING: 1, DUPLICATE: 2 },
          rejected: [refused('POW', 0, bad)],
        }),
      }),
      files({
        state: 'imported',
        report: report({ held: 1, heldTxs: [{ id: '1'.repeat(64), reason: 'PARENT_MISSING', blockedBy: { id: bad, reason: 'POW' } }], counts: { POW: 1, PARENT_MISSING: 1 }, rejected: [refused('POW', 0, bad)] }),
      }),
      files({ state: 'imported', cleared: 0, report: report({ held: 1, heldTxs: [{ id: '1'.repeat(64), reason: 'PARENT_MISSING' }], counts: { PARENT_MISSING: 1 } }) }),
      files({ state: 'imported', cleared: 3, report: report({ held: 1, heldTxs: [{ id: '1'.repeat(64), reason: 'PARENT_MISSING' }], counts: { PARENT_MISSING: 1 } }) }),
    ];
    for (const [k, view] of views.entries()) {
      const el = await render('mt-tangle-files', { view });
      expectNoBypass(el, `files view ${k}`);
      el.remove();
    }
  });

  it('mt-tangle-stats, with every counter and sentence', async () => {
    for (const [k, s] of [null, stats({}), stats({ persisted: true, usage: 100, tips: 2, duplicates: 1 }), stats({ usage: undefined, quota: undefined })].entries()) {
      const el = await render('mt-tangle-stats', { stats: s });
      if (s) (el.shadowRoot!.querySelector('details') as HTMLDetailsElement | null)?.setAttribute('open', '');
      expectNoBypass(el, `stats ${k}`);
      el.remove();
    }
  });

  it('mt-tx-details, for each kind of tx and text', async () => {
    const tail = detailsOf(tx(7, { trunk: 6, branch: 0, bundleIndex: 0, lastIndex: 2, confirmed: true, confidence: 0.97, tip: false }), [8, 9], 3);
    tail.fields.payloadPreview = 'Blood pressure 128/82, taken at rest';
    const head: TxDetails = { ...detailsOf(tx(9, { bundleIndex: 2, lastIndex: 2, tip: true }), [], 3), weight: 1, valid: false, validity: `invalid now: ${reasonMessage('POW')}` };
    const single: TxDetails = { ...detailsOf(tx(3, { kind: TX_KINDS.record }), [4], 3), cumulativeWeight: null, confidence: null };
    const odd: TxDetails = { ...detailsOf(tx(4, { kind: 77, bundleIndex: 1, lastIndex: 2 }), [], 3), valid: false, validity: 'invalid now: ?' };
    const text = (index: number, patch = {}) => ({ index, part: 'Blood pressure 128/82, taken at rest', whole: null, reading: null, error: '', ...patch });
    const cases: [string, object][] = [
      ['none', { selected: null }],
      ['error', { selected: 7, error: ERROR }],
      ['loading', { selected: 7 }],
      ['tail', { selected: 7, details: tail, networkMwm: 3, text: text(7), oldestDrawn: 1 }],
      ['older', { selected: 7, details: tail, networkMwm: 3, text: text(7, { error: ERROR }), oldestDrawn: 8 }],
      ['head', { selected: 9, details: head, networkMwm: 3 }],
      ['single', { selected: 3, details: single, networkMwm: 3 }],
      ['unknown kind', { selected: 4, details: odd, networkMwm: 3 }],
    ];
    for (const [name, props] of cases) {
      const el = await render('mt-tx-details', props);
      expectNoBypass(el, `details ${name}`);
      el.remove();
    }
    // The whole text, while read and once read.
    const el = await render('mt-tx-details', { selected: 7, details: tail, networkMwm: 3, text: text(7) });
    (el.shadowRoot!.querySelector('[data-testid="detail-text-toggle"]') as HTMLButtonElement).click();
    await el.updateComplete;
    expectNoBypass(el, 'details reading the whole text');
    el.text = text(7, { whole: 'Whole text of the bundle' });
    await el.updateComplete;
    expectNoBypass(el, 'details with the whole text');
  });

  it('mt-tangle-graph, empty and with bundles, stubs and the genesis', async () => {
    expectNoBypass(await render('mt-tangle-graph', { nodes: [] }), 'an empty drawing');
    document.body.replaceChildren();
    const nodes = [
      tx(1, { trunk: 0, branch: 0, confirmed: true }),
      tx(2, { bundleIndex: 1, lastIndex: 1, trunk: 1, branch: 1 }),
      tx(3, { bundleIndex: 0, lastIndex: 1, trunk: 2, branch: 1, tip: true }),
      tx(40, { trunk: 5, branch: 3, tip: true }),
      tx(41, { bundleIndex: 0, lastIndex: 3, trunk: 40, branch: 6, tip: true }),
    ];
    expectNoBypass(await render('mt-tangle-graph', { nodes, selected: 3 }), 'a drawing');
  });

  it('mt-network-settings, with other networks and field errors', async () => {
    const el = await render('mt-network-settings', { network: { name: 'medtangle', mwm: 13 }, known: [{ name: 'test', mwm: 3 }] });
    expectNoBypass(el, 'network card');
    for (const [name, mwm] of [['', ''], ['x'.repeat(99), '1.5'], ['Bad name!', '99']]) {
      const name$ = el.shadowRoot!.querySelector<HTMLInputElement>('#network-name')!;
      const mwm$ = el.shadowRoot!.querySelector<HTMLInputElement>('#network-mwm')!;
      name$.value = name;
      name$.dispatchEvent(new Event('input'));
      mwm$.value = mwm;
      mwm$.dispatchEvent(new Event('input'));
      el.shadowRoot!.querySelector('form')!.requestSubmit();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[data-testid="network-name-error"]')).to.exist;
      name$.value = '';
      mwm$.value = '';
      expectNoBypass(el, `network errors for "${name}"`);
    }
  });

  it('mt-tangle-rescue, in each state and while confirming', async () => {
    const network = { name: 'medtangle', mwm: 13 };
    for (const [k, view] of [
      { state: 'idle', txs: 0, fileName: '', error: '' },
      { state: 'saving', txs: 0, fileName: '', error: '' },
      { state: 'saved', txs: 22, fileName: 'medtangle-rescued-2025-01-05.mtx', error: '' },
      { state: 'deleting', txs: 0, fileName: '', error: '' },
      { state: 'failed', txs: 0, fileName: '', error: ERROR },
    ].entries()) {
      const el = await render('mt-tangle-rescue', { problem: ERROR, network: k === 0 ? null : network, view });
      expectNoBypass(el, `rescue ${k}`);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="rescue-fresh"]')?.click();
      await el.updateComplete;
      expectNoBypass(el, `rescue ${k}, confirming`);
      el.remove();
    }
  });

  it('mt-sync-flow, in each step, with each code problem and failure, and the history', async () => {
    for (const [name, view] of syncViews()) {
      const el = await render('mt-sync-flow', { view, history: HISTORY, network: 'test' });
      expectNoBypass(el, `sync: ${name}`);
      el.remove();
    }
    expectNoBypass(await render('mt-sync-flow', { view: syncViews()[0][1], stun: 'stun:192.0.2.1', stunInvalid: true }), 'sync: a wrong STUN server');
    expectNoBypass(await render('mt-sync-flow', { view: syncViews()[0][1], stun: 'stun:192.0.2.1' }), 'sync: a STUN server set');
  });

  it('mt-update-banner, mt-about and the language switch', async () => {
    expectNoBypass(await render('mt-update-banner', { needRefresh: true }), 'update banner');
    expectNoBypass(await render('mt-update-banner', { offlineReady: true }), 'offline-ready banner');
    expectNoBypass(await render('mt-about'), 'about');
    expectNoBypass(await render('mt-language-picker'), 'language switch');
  });

  it('the identity screens: registration, passphrase, onboarding and restore steps, unlock, Advanced, the welcome', async () => {
    const words = seedToWords(new Uint8Array(32).fill(7));
    const fake = {
      info: null,
      async beginNew() {
        return { words: [...words], check: [2, 9, 17, 24] };
      },
      async checkBackup() {
        return { ok: false, wrong: [9] };
      },
      async beginRestore() {
        return { ok: false, problem: { kind: 'unknown-word', position: 6, word: 'zzz' } };
      },
      async unlock() {
        throw Object.assign(new Error('x'), { reason: 'wrong-passphrase' });
      },
      lock() {},
      addEventListener() {},
      removeEventListener() {},
    } as unknown as IdentityClient;
    for (const role of ['patient', 'doctor']) {
      const form = await render('mt-profile-form', { profileRole: role });
      expectNoBypass(form, `registration form (${role})`);
      form.shadowRoot!.querySelector('form')!.requestSubmit();
      await form.updateComplete;
      const summary = form.shadowRoot!.querySelector<LitElement>('mt-error-summary')!;
      await summary.updateComplete;
      expectNoBypass(form, `registration form (${role}) with every field's error`);
    }
    const pass = await render('mt-passphrase-form');
    expectNoBypass(pass, 'passphrase form');
    pass.shadowRoot!.querySelector('form')!.requestSubmit();
    await pass.updateComplete;
    expectNoBypass(pass, 'passphrase form with its errors');
    for (const mode of ['new', 'restore']) {
      const flow = await render('mt-onboarding', { mode, client: fake });
      expectNoBypass(flow, `onboarding (${mode}): role`);
      flow.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="role-continue"]')!.click();
      await flow.updateComplete;
      expectNoBypass(flow, `onboarding (${mode}): role not chosen`);
    }
    const flow = await render('mt-onboarding', { mode: 'new', client: fake });
    const set = (step: string) => ((flow as unknown as Record<string, unknown>)._step = step);
    (flow as unknown as Record<string, unknown>)._role = 'patient';
    (flow as unknown as Record<string, unknown>)._words = words;
    (flow as unknown as Record<string, unknown>)._check = [2, 9, 17, 24];
    for (const step of ['details', 'passphrase', 'words', 'check', 'restore-words', 'saving', 'failed']) {
      set(step);
      if (step === 'failed') (flow as unknown as Record<string, unknown>)._failure = ERROR;
      if (step === 'check') (flow as unknown as Record<string, unknown>)._checkErrors = { 9: ERROR };
      await flow.updateComplete;
      for (const child of flow.shadowRoot!.querySelectorAll<LitElement>('mt-profile-form, mt-passphrase-form, mt-error-summary')) await child.updateComplete;
      if (step === 'check') (flow as unknown as Record<string, unknown>)._checkErrors = {};
      expectNoBypass(flow, `onboarding: ${step}`);
    }
    const one = [{ id: 'a'.repeat(32), role: 'patient', label: 'Olena', createdAt: Date.UTC(2026, 0, 2) }];
    const two = [...one, { id: 'b'.repeat(32), role: 'doctor', label: 'Taras', createdAt: Date.UTC(2026, 1, 3) }];
    for (const identities of [one, two]) {
      const unlock = await render('mt-unlock', { identities, client: fake });
      expectNoBypass(unlock, `unlock (${identities.length})`);
      unlock.shadowRoot!.querySelector('form')!.requestSubmit();
      await unlock.updateComplete;
      expectNoBypass(unlock, `unlock (${identities.length}), no passphrase`);
    }
    expectNoBypass(await render('mt-advanced'), 'Advanced');

    // The welcome: two identities to unlock, a damaged one, locked for inactivity; then confirming
    // the damaged copy's delete, and the backup file's error and success.
    const damaged = 'c'.repeat(32);
    const here = { ...fake, list: async () => two, damaged: async () => [damaged] } as unknown as IdentityClient;
    const welcome = await render('mt-welcome', { client: here, lockReason: 'idle' });
    for (let i = 0; i < 40 && !welcome.shadowRoot!.querySelector('[data-testid="damaged-identities"]'); i++) {
      await new Promise((r) => setTimeout(r, 10));
      await welcome.updateComplete;
    }
    const settle = async () => {
      await welcome.updateComplete;
      for (const child of welcome.shadowRoot!.querySelectorAll<LitElement>('mt-unlock, mt-language-picker')) await child.updateComplete;
    };
    await settle();
    expect(welcome.shadowRoot!.querySelector('[data-testid="damaged-identities"]'), 'the damaged identity is listed').to.not.equal(null);
    expectNoBypass(welcome, 'welcome, two identities, a damaged one, locked for inactivity');
    const state = welcome as unknown as Record<string, unknown>;
    state._confirmDelete = damaged;
    state._fileError = ERROR;
    await settle();
    expectNoBypass(welcome, 'welcome, confirming the delete of a damaged copy, a backup file refused');
    state._fileError = '';
    state._fileRestored = 'Olena';
    await settle();
    expectNoBypass(welcome, 'welcome, a backup file restored');
  });

  it('the care forms, empty and with every field in error; the care entries of each kind; the FHIR file card; the words of each import rule and clinic code problem', async () => {
    await import('../../web/app/mt-symptom-form.ts');
    await import('../../web/app/mt-diagnosis-form.ts');
    await import('../../web/app/mt-prescription-form.ts');
    await import('../../web/app/mt-exercises-form.ts');
    await import('../../web/app/mt-fhir-files.ts');
    const { careEntry, careEntryStyles } = await import('../../web/app/mt-care-entry.ts');
    const { importRuleMessage } = await import('../../web/app/mt-fhir-files.ts');
    const { clinicCodeMessage } = await import('../../web/app/mt-find-doctor.ts');
    const { IMPORT_RULES } = await import('../../web/core/fhir/index.ts');
    const { render: litRender, html } = await import('lit');
    void careEntryStyles;
    for (const form of ['symptom', 'diagnosis', 'prescription', 'exercises']) {
      const el = await render(`mt-${form}-form`);
      expectNoBypass(el, `${form} form, empty`);
      el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-testid="${form}-submit"]`)!.click();
      await el.updateComplete;
      for (const child of el.shadowRoot!.querySelectorAll<LitElement>('mt-error-summary')) await child.updateComplete;
      expectNoBypass(el, `${form} form, every error showing`);
    }
    const record = (resource: Record<string, unknown>) => ({ id: 'ab', resource: resource as never, issuedAt: 1_764_000_000_000, attachedAt: 1_764_000_000_000, confirmed: false, author: 'me' as const, with: null, place: '' });
    const host = document.createElement('div');
    document.body.append(host);
    const dosage = { amount: 1, unit: '{tablet}', route: '26643006', timesPerPeriod: 3, period: 1, periodUnit: 'd', durationDays: 7 };
    litRender(
      html`${careEntry({ kind: 'request', requestId: 'r', patientKey: '', doctorKey: '', patientName: 'Olena', symptoms: ['Cough'], onset: '2026-12-01', severity: 'moderate', details: 'Blood pressure 128/82, taken at rest', authored: '' }, record({ resourceType: 'Bundle' }), 'Olena')}
      ${careEntry({ kind: 'diagnosis', requestId: 'r', condition: 'Cough', code: '', clinicalStatus: 'active', onset: '2026-12-01', note: 'abc', authored: '' }, record({ resourceType: 'Condition' }), 'Taras')}
      ${careEntry({ kind: 'prescription', requestId: 'r', medication: 'Cough', dosage, quantity: 21, note: 'abc', authored: '' }, record({ resourceType: 'MedicationRequest' }), 'Taras')}
      ${careEntry({ kind: 'exercises', requestId: 'r', exercises: [{ name: 'Cough', timesPerPeriod: 2, period: 1, periodUnit: 'wk', durationDays: 14, instructions: 'abc' }], authored: '' }, record({ resourceType: 'CarePlan' }), 'Taras')}
      ${careEntry({ kind: 'other' }, record({ resourceType: 'Observation', code: { text: 'Patient note' }, valueString: 'abc' }), 'Olena')}
      ${careEntry({ kind: 'other' }, record({ resourceType: 'Immunization' }), 'Olena')}
      <ul>${IMPORT_RULES.map((r) => html`<li>${importRuleMessage(r)}</li>`)}</ul>
      <ul>${(['empty', 'not-a-clinic-code', 'characters', 'length', 'checksum', 'name'] as const).map((p) => html`<li>${clinicCodeMessage(p)}</li>`)}</ul>`,
      host,
    );
    // The symptoms, the condition and the medicine are the record's own words (data): "Cough".
    expectNoBypass(host, 'care entries of each kind, import rules, clinic code problems');
    const files = await render('mt-fhir-files');
    expectNoBypass(files, 'the FHIR file card');
  });

  it('the consent and link forms, empty and with every error showing; the open-a-link screen with nothing to open', async () => {
    await import('../../web/app/mt-consent-form.ts');
    await import('../../web/app/mt-link-form.ts');
    await import('../../web/app/mt-open-link.ts');
    // The doctor's name and the record's label are data: "Cough" stands for both.
    const consent = await render('mt-consent-form', { doctors: [{ key: 'ab'.repeat(32), name: 'Cough' }], records: [{ place: 'p', label: 'Cough' }] });
    expectNoBypass(consent, 'consent form, empty');
    consent.shadowRoot!.querySelector<HTMLInputElement>('[data-testid="input-scope-records"]')!.click();
    consent.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="consent-give"]')!.click();
    await consent.updateComplete;
    for (const child of consent.shadowRoot!.querySelectorAll<LitElement>('mt-error-summary')) await child.updateComplete;
    expectNoBypass(consent, 'consent form, every error showing');
    const link = await render('mt-link-form', { records: [{ place: 'p', label: 'Cough' }] });
    link.shadowRoot!.querySelector<HTMLInputElement>('[data-testid="input-passcode"]')!.value = 'abc';
    link.shadowRoot!.querySelector<HTMLInputElement>('[data-testid="input-passcode"]')!.dispatchEvent(new Event('input'));
    link.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="link-make"]')!.click();
    await link.updateComplete;
    for (const child of link.shadowRoot!.querySelectorAll<LitElement>('mt-error-summary')) await child.updateComplete;
    expectNoBypass(link, 'link form, every error showing');
    expectNoBypass(await render('mt-open-link'), 'open a link, nothing to open');
  });

  // The shell itself (mt-app) needs the service worker's virtual module, which only the app's build
  // has: its nav, title and headings are checked in Ukrainian end to end (test/e2e/i18n.e2e.test.mjs).
  it('the Device check and Tangle screens, as they open', async () => {
    await import('../../web/app/mt-device-check.ts');
    await import('../../web/app/mt-tangle-explorer.ts');
    const device = await render('mt-device-check');
    for (const child of device.shadowRoot!.querySelectorAll<LitElement>('mt-rate-check, mt-pow-form')) await child.updateComplete;
    expectNoBypass(device, 'the Device check');
    const tangle = await render('mt-tangle-explorer');
    // Until the replica answers, then once it has (an empty one, of this test's browser).
    expectNoBypass(tangle, 'the Tangle screen, opening');
    for (let i = 0; i < 400 && !tangle.shadowRoot!.querySelector('[data-testid="stat-txs"]'); i++) {
      await new Promise((r) => setTimeout(r, 25));
      for (const child of tangle.shadowRoot!.querySelectorAll<LitElement>('*')) await (child as LitElement).updateComplete;
    }
    expectNoBypass(tangle, 'the Tangle screen, open');
  });
});
