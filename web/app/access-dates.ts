// The last day of access that the consent and link forms ask for: three boxes to the end of that day
// on the user's clock, with what can be wrong in words. Pure but for the words (msg).
import { msg } from '@lit/localize';
import { dateOf, type DateParts } from './_care-form.ts';

/** The longest access a form gives: 5 years, after which a patient should decide again. */
const MAX_DAYS = 5 * 366;

/** What can be wrong with a last day of access. */
export type UntilProblem = 'required' | 'date-format' | 'date-invalid' | 'date-past' | 'too-far';

/** The end (23:59:59.999, the device's time) of the day in the boxes, or what is wrong; `today` is YYYY-MM-DD. Called by the consent and link forms. */
export function untilOf(parts: DateParts, today: string): { until: number } | { problem: UntilProblem } {
  const iso = dateOf(parts);
  if (iso === '') return { problem: 'required' };
  if (iso === 'not-a-date') return { problem: 'date-format' };
  const [y, m, d] = iso.split('-').map(Number);
  const end = new Date(y, m - 1, d, 23, 59, 59, 999);
  if (end.getFullYear() !== y || end.getMonth() !== m - 1 || end.getDate() !== d) return { problem: 'date-invalid' };
  if (iso < today) return { problem: 'date-past' };
  const [ty, tm, td] = today.split('-').map(Number);
  if (end.getTime() - new Date(ty, tm - 1, td).getTime() > MAX_DAYS * 86_400_000) return { problem: 'too-far' };
  return { until: end.getTime() };
}

/** The words for a problem of the last day. Called by the consent and link forms. */
export function untilProblemText(p: UntilProblem): string {
  switch (p) {
    case 'required':
      return msg('Enter the last day');
    case 'date-format':
      return msg('Enter the last day as numbers: day, month and a 4-digit year');
    case 'date-invalid':
      return msg('Enter a real date');
    case 'date-past':
      return msg('The last day must be today or later');
    default:
      return msg('The last day must be within 5 years');
  }
}
