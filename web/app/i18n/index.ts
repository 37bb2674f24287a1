// The app's languages: English (the source of every message) and Ukrainian, in lit-localize's
// runtime mode. Every user-facing string goes through msg() from '@lit/localize'; the Ukrainian
// catalogue is web/app/i18n/xliff/uk.xlf, built by `npm run i18n:build` into locales/uk.ts, which
// is loaded only when chosen (a chunk of its own, precached by the service worker like every other
// file, so it loads offline too). The choice is kept in localStorage; the first visit follows the
// browser's languages when one of them is Ukrainian, and English otherwise. <html lang> follows it.
import { configureLocalization, type LocaleModule } from '@lit/localize';
import { sourceLocale, targetLocales } from './locale-codes.ts';

/** A language the app speaks. */
export type Language = 'en' | 'uk';

/** The app's languages, each named in itself (never translated): read by mt-language-picker. */
export const LANGUAGES: readonly { code: Language; name: string }[] = Object.freeze([
  { code: 'en', name: 'English' },
  { code: 'uk', name: 'Українська' },
]);

/** The localStorage key of the chosen language. */
export const LANGUAGE_KEY = 'medtangle.language';

/** The part of the Storage interface used here, so tests can pass a Map-backed twin. */
export type LanguageStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Loads a target language's templates; the built catalogue by default (tests pass their own). */
export type LocaleLoader = (code: Exclude<Language, 'en'>) => Promise<LocaleModule>;

export interface StartOptions {
  /** Where the choice is kept; localStorage by default. */
  storage?: LanguageStorage | null;
  /** The browser's languages, most preferred first; navigator.languages by default. */
  browserLanguages?: readonly string[];
  loadLocale?: LocaleLoader;
}

function _isLanguage(code: unknown): code is Language {
  return LANGUAGES.some((l) => l.code === code);
}

function _defaultStorage(): LanguageStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage can be blocked; the browser's language then applies on every visit
  }
}

// The built catalogue, loaded when first chosen. An explicit import per language (no template
// path), so the bundler emits exactly one chunk for it.
const _builtLoader: LocaleLoader = () => import('./locales/uk.ts');

let _runtime: { getLocale(): string; setLocale(code: string): Promise<void> } | null = null;
let _storage: LanguageStorage | null = null;

/** The language shown now: English until startI18n has run. Read by format.ts and every plural. */
export function currentLanguage(): Language {
  const code = _runtime?.getLocale();
  return _isLanguage(code) ? code : 'en';
}

/**
 * The language a visit starts in: the stored choice, else the first of the browser's languages that
 * the app speaks ("uk-UA" is Ukrainian), else English. Called by startI18n; exported for its tests.
 */
export function preferredLanguage(storage: LanguageStorage | null, browserLanguages: readonly string[]): Language {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  if (_isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const base = String(tag).toLowerCase().split('-')[0];
    // English is the fallback anyway; only a language other than it changes the start.
    if (base === 'uk') return 'uk';
    if (base === 'en') return 'en';
  }
  return 'en';
}

/**
 * Sets up localization once and switches to the preferred language; resolves when its messages
 * are loaded (so the first render is in it). Called by main.ts before the shell is defined, and by
 * tests with their own storage and loader. A second call only switches to the preferred language.
 */
export async function startI18n(options: StartOptions = {}): Promise<Language> {
  _storage = options.storage === undefined ? _defaultStorage() : options.storage;
  if (!_runtime) {
    const loader = options.loadLocale ?? _builtLoader;
    _runtime = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: (code) => loader(code as Exclude<Language, 'en'>),
    });
  }
  const browser = options.browserLanguages ?? (typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
  const language = preferredLanguage(_storage, browser);
  await _apply(language);
  return currentLanguage();
}

async function _apply(language: Language): Promise<void> {
  await _runtime!.setLocale(language);
  if (typeof document !== 'undefined') document.documentElement.lang = currentLanguage();
}

/**
 * Switches the app to `language` and keeps the choice; every @localized() element re-renders once
 * its messages are loaded. Called by mt-language-picker. Throws RangeError for a language the app
 * does not speak, and Error before startI18n.
 */
export async function setLanguage(language: Language): Promise<void> {
  if (!_isLanguage(language)) throw new RangeError(`language must be one of ${LANGUAGES.map((l) => l.code).join(', ')}, got ${String(language)}`);
  if (!_runtime) throw new Error('setLanguage is called before startI18n');
  try {
    _storage?.setItem(LANGUAGE_KEY, language);
  } catch {
    // a blocked or full storage keeps the choice for this visit only
  }
  await _apply(language);
}
