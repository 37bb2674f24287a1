// Plain-words formatting used by the Device check and the Tangle screen.
import { expect } from 'chai';
import {
  formatAboutDuration,
  formatBytes,
  formatCount,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatRate,
  formatTime,
  isoDate,
  previewText,
  shortHex,
  toHex,
} from '../../web/app/format.ts';

describe('app format', () => {
  it('groups counts', () => {
    expect(formatCount(1594323)).to.equal('1,594,323');
    expect(formatCount(0)).to.equal('0');
    expect(formatCount(Number.NaN)).to.equal('—');
  });

  it('writes rates in words', () => {
    expect(formatRate(3_712_000)).to.equal('3.7 million');
    expect(formatRate(850_000)).to.equal('850,000');
    expect(formatRate(2.4e9)).to.equal('2.4 billion');
    expect(formatRate(-1)).to.equal('—');
  });

  it('writes durations a person can read', () => {
    expect(formatDuration(0.001)).to.equal('under a hundredth of a second');
    expect(formatDuration(0.37)).to.equal('0.37 seconds');
    expect(formatDuration(1)).to.equal('1 second');
    expect(formatDuration(12.4)).to.equal('12 seconds');
    expect(formatDuration(200)).to.equal('3 minutes 20 seconds');
    expect(formatDuration(180)).to.equal('3 minutes');
    expect(formatDuration(1500)).to.equal('25 minutes');
    expect(formatDuration(7500)).to.equal('2 hours 5 minutes');
    expect(formatDuration(4 * 86400)).to.equal('4 days');
    expect(formatDuration(400 * 86400)).to.equal('more than a year');
    expect(formatDuration(Infinity)).to.equal('an unknown time');
    expect(formatElapsed(420)).to.equal('0.42 seconds');
  });

  it('says "about" only before a duration, not before a bound', () => {
    expect(formatAboutDuration(12.4)).to.equal('about 12 seconds');
    expect(formatAboutDuration(0.37)).to.equal('about 0.37 seconds');
    expect(formatAboutDuration(0.001)).to.equal('under a hundredth of a second');
    expect(formatAboutDuration(400 * 86400)).to.equal('more than a year');
    expect(formatAboutDuration(Infinity)).to.equal('an unknown time');
  });
});

describe('app format for the Tangle screen', () => {
  it('writes bytes in binary units', () => {
    expect(formatBytes(0)).to.equal('0 bytes');
    expect(formatBytes(1)).to.equal('1 byte');
    expect(formatBytes(1023)).to.equal('1,023 bytes');
    expect(formatBytes(1536)).to.equal('1.5 KiB');
    expect(formatBytes(10 * 1024 ** 3)).to.equal('10 GiB');
    expect(formatBytes(-1)).to.equal('—');
  });

  it('writes shares as percents, with a fallback', () => {
    expect(formatPercent(0.973)).to.equal('97%');
    expect(formatPercent(1)).to.equal('100%');
    expect(formatPercent(null, 'not computed yet')).to.equal('not computed yet');
  });

  it('previews a text after a whole word, with an ellipsis only when something is left out', () => {
    expect(previewText('short note', 20)).to.deep.equal({ text: 'short note', cut: false });
    expect(previewText('x'.repeat(20), 20)).to.deep.equal({ text: 'x'.repeat(20), cut: false });
    // 'pressure' would be cut in two at 24 characters: it goes, and so does the comma before it.
    expect(previewText('Blood pressure 128/82, pressure taken at rest', 27)).to.deep.equal({ text: 'Blood pressure 128/82…', cut: true });
    // A word that ends exactly at the limit stays.
    expect(previewText('one two three four', 13)).to.deep.equal({ text: 'one two three…', cut: true });
    // No space near the end: cut where it is.
    expect(previewText('a '.concat('y'.repeat(30)), 10)).to.deep.equal({ text: `a ${'y'.repeat(8)}…`, cut: true });
    // Characters, not UTF-16 units: an emoji is never split.
    const emoji = previewText('😀'.repeat(12), 10);
    expect(emoji).to.deep.equal({ text: `${'😀'.repeat(10)}…`, cut: true });
  });

  it('shortens hex, writes hex and file dates', () => {
    const h = 'ab'.repeat(32);
    expect(shortHex(h)).to.equal(`${h.slice(0, 8)}…${h.slice(-8)}`);
    expect(shortHex('abcd')).to.equal('abcd');
    expect(toHex(Uint8Array.of(0, 15, 255))).to.equal('000fff');
    expect(isoDate(new Date(2025, 0, 5, 23, 59).getTime())).to.equal('2025-01-05');
    expect(formatTime(0)).to.equal('—');
    expect(formatTime(Date.UTC(2025, 0, 5, 12))).to.contain('2025');
  });
});
