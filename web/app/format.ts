// Plain-words formatting of counts, rates and durations for the screens. Pure functions: no DOM.

const _whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const _oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const _twoDigits = new Intl.NumberFormat('en', { maximumSignificantDigits: 2 });

/** 1594323 → "1,594,323". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? _whole.format(n) : '—';
}

/** Attempts per second in words: "3.7 million", "850,000", "12". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '—';
  if (perSecond >= 1e9) return `${_oneDecimal.format(perSecond / 1e9)} billion`;
  if (perSecond >= 1e6) return `${_oneDecimal.format(perSecond / 1e6)} million`;
  return _whole.format(perSecond);
}

function _plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** What formatDuration says below a hundredth of a second. */
const _UNDER_A_HUNDREDTH = 'under a hundredth of a second';
/** What formatDuration says past a year. */
const _OVER_A_YEAR = 'more than a year';
/** What formatDuration says of a duration it cannot read. */
const _UNKNOWN = 'an unknown time';

/**
 * A duration in plain words, rounded to what a person cares about: "0.25 seconds", "12 seconds",
 * "3 minutes 20 seconds", "2 hours 5 minutes", "4 days", "more than a year".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return _UNKNOWN;
  if (seconds < 0.01) return _UNDER_A_HUNDREDTH;
  if (seconds < 10) {
    const s = _twoDigits.format(seconds);
    return `${s} ${s === '1' ? 'second' : 'seconds'}`;
  }
  if (seconds < 60) return _plural(Math.round(seconds), 'second');
  if (seconds < 3600) {
    const total = Math.round(seconds);
    const m = Math.floor(total / 60);
    const s = total % 60;
    return s === 0 || m >= 10 ? _plural(Math.round(total / 60), 'minute') : `${_plural(m, 'minute')} ${_plural(s, 'second')}`;
  }
  if (seconds < 86400) {
    const total = Math.round(seconds / 60);
    const h = Math.floor(total / 60);
    const m = total % 60;
    return m === 0 ? _plural(h, 'hour') : `${_plural(h, 'hour')} ${_plural(m, 'minute')}`;
  }
  if (seconds < 365 * 86400) return _plural(Math.round(seconds / 86400), 'day');
  return _OVER_A_YEAR;
}

/**
 * An average or estimated duration as it goes after a verb: "about 12 seconds", but "under a
 * hundredth of a second", "more than a year" and "an unknown time" as they are, since "about"
 * before a bound reads wrong. Called by the Device check's rate and search texts.
 */
export function formatAboutDuration(seconds: number): string {
  const words = formatDuration(seconds);
  return words === _UNDER_A_HUNDREDTH || words === _OVER_A_YEAR || words === _UNKNOWN ? words : `about ${words}`;
}

/** An elapsed time in milliseconds, as "0.42 seconds" or "1 minute 3 seconds". */
export function formatElapsed(ms: number): string {
  return formatDuration(ms / 1000);
}

const _bytes = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** Bytes in binary units: "0 bytes", "1 byte", "980 bytes", "12.3 KiB", "4.1 MiB", "10 GiB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${_whole.format(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${_bytes.format(v)} ${units[u]}`;
}

/** A share from 0 to 1 as a whole percent: 0.973 → "97 %"; null → the fallback. */
export function formatPercent(share: number | null, fallback = '—'): string {
  if (share === null || !Number.isFinite(share)) return fallback;
  return `${_whole.format(Math.max(0, Math.min(1, share)) * 100)} %`;
}

/** A point in time (ms since 1970) in the reader's locale, to the second: "23 Nov 2025, 14:03:12". */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  return new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
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
