// Colour contrast of the design tokens, light and dark (WCAG 2.2: 4.5:1 for text, 1.4.3; 3:1 for
// form-field borders and the focus ring against what they sit on, 1.4.11). axe-core checks text on
// the screens the e2e tests reach; this checks every pair the shared styles use, including the
// borders axe does not look at. The ratio is computed here from the WCAG definition of relative
// luminance, not by a library of the app.
import { expect } from 'chai';
import { tokens } from '../../web/app/styles.ts';

/** The tokens of each scheme, read from the stylesheet's text: light first, then the dark block. */
function schemes(): Record<'light' | 'dark', Record<string, string>> {
  const text = tokens.cssText;
  const dark = text.indexOf('@media (prefers-color-scheme: dark)');
  expect(dark, 'the tokens have a dark scheme').to.be.greaterThan(0);
  const read = (part: string) => Object.fromEntries([...part.matchAll(/--(mt-[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2].toLowerCase()]));
  return { light: read(text.slice(0, dark)), dark: read(text.slice(dark)) };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function ratio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** [foreground, background, least ratio, where the shared styles use the pair]. */
const PAIRS: [string, string, number, string][] = [
  ['mt-text', 'mt-bg', 4.5, 'text on the page'],
  ['mt-text', 'mt-surface', 4.5, 'text on a card'],
  ['mt-muted', 'mt-bg', 4.5, 'hints on the page'],
  ['mt-muted', 'mt-surface', 4.5, 'hints on a card'],
  ['mt-accent-text', 'mt-accent', 4.5, 'a primary button'],
  ['mt-accent', 'mt-surface', 4.5, 'a secondary button or link on a card'],
  ['mt-accent', 'mt-bg', 4.5, 'a link on the page'],
  ['mt-error', 'mt-error-bg', 4.5, 'an error notice'],
  ['mt-error', 'mt-surface', 4.5, 'a field error on a card'],
  ['mt-ok', 'mt-ok-bg', 4.5, 'a success notice'],
  ['mt-text', 'mt-warn-bg', 4.5, 'a warning notice'],
  ['mt-input-border', 'mt-bg', 3, "a field's border against the field"],
  ['mt-input-border', 'mt-surface', 3, "a field's border against its card"],
  ['mt-error', 'mt-bg', 3, "an invalid field's border"],
  ['mt-focus', 'mt-bg', 3, 'the focus ring on the page'],
  ['mt-focus', 'mt-surface', 3, 'the focus ring on a card'],
];

describe('design tokens: contrast', () => {
  it('computes the WCAG ratio as the definition gives it (black on white is 21, a colour on itself 1)', () => {
    expect(ratio('#000000', '#ffffff')).to.be.closeTo(21, 1e-9);
    expect(ratio('#767676', '#ffffff')).to.be.closeTo(4.54, 0.01);
    expect(ratio('#5b6f6c', '#5b6f6c')).to.equal(1);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`every pair the shared styles use is readable in the ${scheme} scheme`, () => {
      const t = schemes()[scheme];
      const low: string[] = [];
      for (const [fg, bg, least, where] of PAIRS) {
        expect(t[fg], `--${fg} in the ${scheme} scheme`).to.match(/^#[0-9a-f]{6}$/);
        expect(t[bg], `--${bg} in the ${scheme} scheme`).to.match(/^#[0-9a-f]{6}$/);
        const r = ratio(t[fg], t[bg]);
        if (r < least) low.push(`${where}: --${fg} on --${bg} is ${r.toFixed(2)}:1, below ${least}:1`);
      }
      expect(low).to.deep.equal([]);
    });
  }
});
