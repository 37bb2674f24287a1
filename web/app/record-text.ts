// The FHIR resources the app's own forms make (DESIGN "Records": FHIR R4 JSON). Pure: the forms
// pass the text and the time. The care forms will add their resources here.
import type { Observation } from '@medplum/fhirtypes';

/** A note the patient writes about themself: an Observation with the text as its value. Used by My record. */
export function noteObservationOf(text: string, when: Date): Observation {
  if (typeof text !== 'string' || text.trim() === '') throw new RangeError('text must be a non-empty string');
  if (!(when instanceof Date) || Number.isNaN(when.getTime())) throw new RangeError('when must be a valid Date');
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
    valueString: text,
  };
}
