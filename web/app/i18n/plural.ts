// Counted phrases. English has two plural forms (one, other); Ukrainian has four (one: 1, 21, 31…;
// few: 2–4, 22–24…; many: 0, 5–20, 25…; other: fractions), as CLDR's plural rules say and
// Intl.PluralRules implements. Each counted phrase is written as four messages with explicit ids
// ("<name>.one", ".few", ".many", ".other"), so a translation can differ per form even where the
// English text of two forms is the same; the form is chosen for the language shown.
import { msg, str } from '@lit/localize';
import { currentLanguage } from './index.ts';
import { formatCount } from '../format.ts';

/** The four forms of a counted phrase, each already a msg(). */
export interface PluralForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

const _rules = new Map<string, Intl.PluralRules>();

/** The form of `forms` that goes with `n` in the language shown. Called by every counted phrase. */
export function plural(n: number, forms: PluralForms): string {
  const language = currentLanguage();
  let rules = _rules.get(language);
  if (!rules) _rules.set(language, (rules = new Intl.PluralRules(language)));
  const form = rules.select(n);
  return form === 'one' || form === 'few' || form === 'many' ? forms[form] : forms.other;
}

/** "1 transaction", "5 transactions" ("5 транзакцій"). */
export function nTransactions(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} transaction`, { id: 'n-transactions.one' }),
    few: msg(str`${c} transactions`, { id: 'n-transactions.few' }),
    many: msg(str`${c} transactions`, { id: 'n-transactions.many' }),
    other: msg(str`${c} transactions`, { id: 'n-transactions.other' }),
  });
}

/** "1 bundle", "3 bundles". */
export function nBundles(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} bundle`, { id: 'n-bundles.one' }),
    few: msg(str`${c} bundles`, { id: 'n-bundles.few' }),
    many: msg(str`${c} bundles`, { id: 'n-bundles.many' }),
    other: msg(str`${c} bundles`, { id: 'n-bundles.other' }),
  });
}

/** "1 worker", "4 workers": the PoW pool's workers, one per processor core. */
export function nWorkers(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} worker`, { id: 'n-workers.one' }),
    few: msg(str`${c} workers`, { id: 'n-workers.few' }),
    many: msg(str`${c} workers`, { id: 'n-workers.many' }),
    other: msg(str`${c} workers`, { id: 'n-workers.other' }),
  });
}

/** "1 attempt", "1,594,323 attempts". */
export function nAttempts(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} attempt`, { id: 'n-attempts.one' }),
    few: msg(str`${c} attempts`, { id: 'n-attempts.few' }),
    many: msg(str`${c} attempts`, { id: 'n-attempts.many' }),
    other: msg(str`${c} attempts`, { id: 'n-attempts.other' }),
  });
}

/** "1 character", "8 characters": lengths of names, notes and passphrases. */
export function nCharacters(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} character`, { id: 'n-characters.one' }),
    few: msg(str`${c} characters`, { id: 'n-characters.few' }),
    many: msg(str`${c} characters`, { id: 'n-characters.many' }),
    other: msg(str`${c} characters`, { id: 'n-characters.other' }),
  });
}

/** "1 minute", "5 minutes": the auto-lock times. */
export function nMinutes(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} minute`, { id: 'n-minutes.one' }),
    few: msg(str`${c} minutes`, { id: 'n-minutes.few' }),
    many: msg(str`${c} minutes`, { id: 'n-minutes.many' }),
    other: msg(str`${c} minutes`, { id: 'n-minutes.other' }),
  });
}

/** "1 word", "20 words": the backup words typed. */
export function nWords(n: number): string {
  const c = formatCount(n);
  return plural(n, {
    one: msg(str`${c} word`, { id: 'n-words.one' }),
    few: msg(str`${c} words`, { id: 'n-words.few' }),
    many: msg(str`${c} words`, { id: 'n-words.many' }),
    other: msg(str`${c} words`, { id: 'n-words.other' }),
  });
}
