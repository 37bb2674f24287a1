// The record the records metrics seal and open: a FHIR R4 Observation of about 2 KB of JSON (a
// complete blood count with its ten results, units and reference ranges), as a lab would send it.
// Seeded, so that every run seals the same kind of text: how well it compresses decides the
// envelope's size class, and so the work of sealing and opening it.
import type { Observation } from '@medplum/fhirtypes';
import { mulberry32 } from './naive-cw.ts';

/** The five results of the panel: LOINC code, name, UCUM unit, reference range. */
const ANALYTES: [string, string, string, number, number][] = [
  ['6690-2', 'Leukocytes [#/volume] in Blood by Automated count', '10*3/uL', 4.5, 11],
  ['789-8', 'Erythrocytes [#/volume] in Blood by Automated count', '10*6/uL', 4.2, 5.9],
  ['718-7', 'Hemoglobin [Mass/volume] in Blood', 'g/dL', 12, 17.5],
  ['4544-3', 'Hematocrit [Volume Fraction] of Blood by Automated count', '%', 36, 52],
  ['777-3', 'Platelets [#/volume] in Blood by Automated count', '10*3/uL', 150, 400],
];

/**
 * The k-th record of a series: the same panel with values, times and ids of its own (seed + k), so
 * no two records are the same text. About 2 KB of JSON (checked by the workers, which record its size).
 */
export function bloodCountObservation(k: number, seed = 0x0b5e): Observation {
  const rng = mulberry32(seed + k * 7919);
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  const when = new Date(Date.UTC(2026, 0, 5, 8, 30) + k * 86_400_000 + Math.floor(rng() * 3_600_000));
  return {
    resourceType: 'Observation',
    id: `cbc-${(k + 1).toString().padStart(4, '0')}`,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '58410-2', display: 'CBC panel - Blood by Automated count' }], text: 'Complete blood count' },
    effectiveDateTime: when.toISOString(),
    issued: new Date(when.getTime() + 5_400_000).toISOString(),
    performer: [{ display: 'Kharkiv City Clinical Laboratory' }],
    component: ANALYTES.map(([code, display, unit, low, high]) => {
      const value = round(low + (high - low) * (0.1 + 0.8 * rng()), unit === '10*3/uL' && high > 100 ? 0 : 1);
      return {
        code: { coding: [{ system: 'http://loinc.org', code, display }] },
        valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
        referenceRange: [{ low: { value: low, unit }, high: { value: high, unit } }],
      };
    }),
    note: [{ text: `Sample ${Math.floor(rng() * 1e9).toString(36).toUpperCase()}: no haemolysis; counts checked by hand.` }],
  };
}
