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

/**
 * A duration in plain words, rounded to what a person cares about: "0.25 seconds", "12 seconds",
 * "3 minutes 20 seconds", "2 hours 5 minutes", "4 days", "more than a year".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'an unknown time';
  if (seconds < 0.01) return 'less than a hundredth of a second';
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
  return 'more than a year';
}

/** An elapsed time in milliseconds, as "0.42 seconds" or "1 minute 3 seconds". */
export function formatElapsed(ms: number): string {
  return formatDuration(ms / 1000);
}
