// Plain-words formatting used by the Device check.
import { expect } from 'chai';
import { formatCount, formatDuration, formatElapsed, formatRate } from '../../web/app/format.ts';

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
    expect(formatDuration(0.001)).to.equal('less than a hundredth of a second');
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
});
