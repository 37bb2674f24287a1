// The MWM (minimum weight magnitude) as a person types it: one parser for every MWM field of the
// app (the Device check's proof-of-work form and the Tangle screen's network setting). Pure; its
// messages are in the language shown.
import { msg, str } from '@lit/localize';
import { formatCount } from './format.ts';

/**
 * Checks an MWM field: a whole number from min to max. Returns the number, or a message that
 * names the MWM and says what is wrong.
 */
export function parseMwm(raw: string, min: number, max: number): { mwm: number } | { error: string } {
  const s = raw.trim();
  const lo = formatCount(min);
  const hi = formatCount(max);
  if (s === '') return { error: msg(str`Enter the MWM (minimum weight magnitude): a whole number from ${lo} to ${hi}.`) };
  if (!/^[+-]?\d+$/.test(s)) {
    return /^[+-]?(\d+\.\d*|\.\d+)$/.test(s)
      ? { error: msg(str`The MWM must be a whole number from ${lo} to ${hi}; ${s} has a fraction.`) }
      : { error: msg(str`The MWM must be a whole number from ${lo} to ${hi}; “${s}” is not a number.`) };
  }
  const n = Number(s);
  if (n < min) return { error: msg(str`The MWM must be a whole number from ${lo} to ${hi}; ${n} is too small.`) };
  if (n > max) return { error: msg(str`The MWM must be a whole number from ${lo} to ${hi}; ${n} is too large (each step makes the work 3 times longer).`) };
  return { mwm: n };
}
