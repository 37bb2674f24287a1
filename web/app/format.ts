// Plain-words formatting of counts, rates, durations, sizes and times for the screens, in the
// language shown (web/app/i18n): numbers, units and dates through Intl, which knows each language's
// separators and plural forms ("3 minutes", "3 хвилини", "5 хвилин"); the few phrases Intl has no
// word for go through msg(). Pure functions of their arguments and the current language: no DOM.
import { msg, str } from '@lit/localize';
import { currentLanguage } from './i18n/index.ts';

const _formats = new Map<string, Intl.NumberFormat>();

/** A number format of the language shown, made once per language and options. */
function _nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const language = currentLanguage();
  const k = `${language}|${key}`;
  let f = _formats.get(k);
  if (!f) _formats.set(k, (f = new Intl.NumberFormat(language, options)));
  return f;
}

const _whole = () => _nf('whole', { maximumFractionDigits: 0 });

/** 1594323 → "1,594,323" ("1 594 323" in Ukrainian). */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? _whole().format(n) : '—';
}

/** Attempts per second in words: "3.7 million", "850,000", "12". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '—';
  // Intl's long compact notation says "million", "мільйона" with the right plural form.
  if (perSecond >= 1e6) return _nf('compact', { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 }).format(perSecond);
  return _whole().format(perSecond);
}

/** `n` of `unit` (an Intl unit) in words: "12 seconds", "12 секунд". */
function _unit(n: number, unit: 'second' | 'minute' | 'hour' | 'day', digits?: number): string {
  const options: Intl.NumberFormatOptions = { style: 'unit', unit, unitDisplay: 'long' };
  if (digits !== undefined) options.maximumSignificantDigits = digits;
  else options.maximumFractionDigits = 0;
  return _nf(`${unit}|${digits ?? ''}`, options).format(n);
}

/** What formatDuration says below a hundredth of a second. */
const _underAHundredth = () => msg('under a hundredth of a second');
/** What formatDuration says past a year. */
const _overAYear = () => msg('more than a year');
/** What formatDuration says of a duration it cannot read. */
const _unknown = () => msg('an unknown time');

/** Two amounts of a duration, the larger first: "3 minutes 20 seconds" (so in Ukrainian too). */
function _pair(big: string, small: string): string {
  return `${big} ${small}`;
}

/**
 * A duration in plain words, rounded to what a person cares about: "0.25 seconds", "12 seconds",
 * "3 minutes 20 seconds", "2 hours 5 minutes", "4 days", "more than a year".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return _unknown();
  if (seconds < 0.01) return _underAHundredth();
  if (seconds < 10) return _unit(seconds, 'second', 2);
  if (seconds < 60) return _unit(Math.round(seconds), 'second');
  if (seconds < 3600) {
    const total = Math.round(seconds);
    const m = Math.floor(total / 60);
    const s = total % 60;
    return s === 0 || m >= 10 ? _unit(Math.round(total / 60), 'minute') : _pair(_unit(m, 'minute'), _unit(s, 'second'));
  }
  if (seconds < 86400) {
    const total = Math.round(seconds / 60);
    const h = Math.floor(total / 60);
    const m = total % 60;
    return m === 0 ? _unit(h, 'hour') : _pair(_unit(h, 'hour'), _unit(m, 'minute'));
  }
  if (seconds < 365 * 86400) return _unit(Math.round(seconds / 86400), 'day');
  return _overAYear();
}

/**
 * An average or estimated duration as it goes after a verb: "about 12 seconds", but "under a
 * hundredth of a second", "more than a year" and "an unknown time" as they are, since "about"
 * before a bound reads wrong. Called by the Device check's rate and search texts.
 */
export function formatAboutDuration(seconds: number): string {
  const words = formatDuration(seconds);
  return words === _underAHundredth() || words === _overAYear() || words === _unknown() ? words : msg(str`about ${words}`);
}

/** An elapsed time in milliseconds, as "0.42 seconds" or "1 minute 3 seconds". */
export function formatElapsed(ms: number): string {
  return formatDuration(ms / 1000);
}

/** An exact count of bytes: "1 byte", "3,096 bytes" ("3 096 байтів"). */
export function formatByteCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  return _nf('byte', { style: 'unit', unit: 'byte', unitDisplay: 'long', maximumFractionDigits: 0 }).format(n);
}

/** Bytes in binary units: "0 bytes", "1 byte", "980 bytes", "12.3 KiB", "4.1 MiB", "10 GiB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return formatByteCount(n);
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    u++;
  }
  // Intl has only the decimal units (kB = 1000 B); these are binary ones, named as IEC 80000-13 says.
  const amount = _nf('bytes', { maximumFractionDigits: 1 }).format(v);
  switch (u) {
    case 0:
      return msg(str`${amount} KiB`);
    case 1:
      return msg(str`${amount} MiB`);
    case 2:
      return msg(str`${amount} GiB`);
    default:
      return msg(str`${amount} TiB`);
  }
}

/** A share from 0 to 1 as a whole percent: 0.973 → "97%"; null → the fallback. */
export function formatPercent(share: number | null, fallback = '—'): string {
  if (share === null || !Number.isFinite(share)) return fallback;
  return _nf('percent', { style: 'percent', maximumFractionDigits: 0 }).format(Math.max(0, Math.min(1, share)));
}

/** A point in time (ms since 1970) in the language shown, to the second: "23 Nov 2025, 14:03:12". */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  return new Date(ms).toLocaleString(currentLanguage(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A day (ms since 1970) in the language shown: "3 May 2026". */
export function formatDay(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  return new Date(ms).toLocaleDateString(currentLanguage(), { year: 'numeric', month: 'long', day: 'numeric' });
}

/**
 * The start of a text for a preview: at most `max` characters, cut after a whole word when one
 * ends in the last fifth, with an ellipsis when anything was left out. Called by the details card.
 */
export function previewText(text: string, max: number): { text: string; cut: boolean } {
  // Code points, not UTF-16 units, so a cut never splits a character in two.
  const chars = Array.from(text);
  if (chars.length <= max) return { text, cut: false };
  let head = chars.slice(0, max).join('');
  // A word cut in two goes; a long run without spaces (a code, a URL) is cut where it is.
  const space = /\s/.test(chars[max]) ? head.length : head.search(/\s\S*$/);
  if (space >= Math.floor(head.length * 0.8)) head = head.slice(0, space);
  return { text: `${head.replace(/[\s,;:.\-–—]+$/u, '')}…`, cut: true };
}

/** A long hex value shortened for reading: its first and last `keep` digits around an ellipsis. */
export function shortHex(hex: string, keep = 8): string {
  return hex.length <= keep * 2 + 1 ? hex : `${hex.slice(0, keep)}…${hex.slice(-keep)}`;
}

/** Bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The local calendar date as YYYY-MM-DD, for file names. */
export function isoDate(ms: number = Date.now()): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
