// The FHIR resources the app's own forms make (docs/design.md "Records": FHIR R4 JSON). Pure: the forms
// pass the text and the time. The care forms will add their resources here.
import type { Observation } from '@medplum/fhirtypes';

// C0 control characters but tab, LF and CR. R4 asks that a string hold none of them
// (https://hl7.org/fhir/R4/datatypes.html#string), FHIR's XML form cannot carry them at all (XML 1.0
// `Char`), and validators reject them: a note pasted with one would be a record no FHIR system takes.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** A note the patient writes about themself: an Observation with the text as its value. Used by My record. */
export function noteObservationOf(text: string, when: Date): Observation {
  if (typeof text !== 'string' || text.trim() === '') throw new RangeError('text must be a non-empty string');
  if (!(when instanceof Date) || Number.isNaN(when.getTime())) throw new RangeError('when must be a valid Date');
  // An R4 dateTime has a four-digit year from 0001 (https://hl7.org/fhir/R4/datatypes.html#dateTime);
  // outside it toISOString writes `0000-…` or a six-digit `±YYYYYY-…`, which no FHIR reader parses.
  const year = when.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`when must fall in the years 0001 to 9999, got ${year}`);
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }],
      },
    ],
    code: { text: 'Patient note' },
    effectiveDateTime: when.toISOString(),
    // Each control character becomes U+FFFD, one for one: the note keeps its length and shows where
    // something unprintable stood, and a note of controls alone still has content.
    valueString: text.replace(CONTROL, '\uFFFD'),
  };
}
