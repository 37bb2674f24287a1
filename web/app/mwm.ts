// The MWM (minimum weight magnitude) as a person types it: one parser for every MWM field of the
// app (the Device check's proof-of-work form and the Tangle screen's network setting). Pure.

/**
 * Checks an MWM field: a whole number from min to max. Returns the number, or a message that
 * names the MWM and says what is wrong.
 */
export function parseMwm(raw: string, min: number, max: number): { mwm: number } | { error: string } {
  const s = raw.trim();
  const range = `a whole number from ${min} to ${max}`;
  if (s === '') return { error: `Enter the MWM (minimum weight magnitude): ${range}.` };
  if (!/^[+-]?\d+$/.test(s)) {
    return /^[+-]?(\d+\.\d*|\.\d+)$/.test(s)
      ? { error: `The MWM must be ${range}; ${s} has a fraction.` }
      : { error: `The MWM must be ${range}; “${s}” is not a number.` };
  }
  const n = Number(s);
  if (n < min) return { error: `The MWM must be ${range}; ${n} is too small.` };
  if (n > max) return { error: `The MWM must be ${range}; ${n} is too large (each step makes the work 3 times longer).` };
  return { mwm: n };
}
