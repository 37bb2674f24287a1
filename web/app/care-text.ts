// The care screens' words for coded things: a specialty, a symptom, a dose, a schedule, in the
// language shown (the code lists carry English and our Ukrainian), and the link that trusts a clinic.
// Pure rendering helpers; no I/O.
import { msg, str } from '@lit/localize';
import { currentLanguage } from './i18n/index.ts';
import { practiceSetting, type Specialty } from '../core/directory/index.ts';

/** A specialty as the user reads it: the code's name in the language shown, else the doctor's own words. Called by every directory screen. */
export function specialtyName(s: Specialty): string {
  const known = s.code ? practiceSetting(s.code) : undefined;
  const display = s.display ?? known?.display;
  const uk = s.uk ?? known?.uk;
  if (display || uk) return (currentLanguage() === 'uk' ? uk : display) ?? display ?? uk ?? '';
  return s.text || msg('No specialty given');
}

/** The app's own link that offers to trust a clinic: its code in the fragment, which no browser sends anywhere. Called by the clinic's screen. */
export function clinicLink(code: string): string {
  return `${location.origin}${location.pathname}#/doctors?clinic=${encodeURIComponent(code)}`;
}

/** "Dr Taras Shevchenko". Called by the inbox, the timeline and the directory. */
export function doctorName(givenName: string, familyName: string): string {
  return msg(str`Dr ${givenName} ${familyName}`);
}
