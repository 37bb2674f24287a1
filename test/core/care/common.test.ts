// The care core's shared pieces: name-based UUIDs (RFC 9562 §5.5) against published values and against
// WebCrypto's SHA-1 as an independent oracle; the SNOMED CT identifier check; the numbers the forms
// take; the references every answer carries.
import { expect } from 'chai';
import fc from 'fast-check';
import { KEY_ED25519, KEY_X25519, doctorReference, isConceptId, patientReference, ruleKey, uuidV5 } from '../../../web/core/care/index.ts';
import { DOCTOR, PATIENT } from './_gen.ts';

/** UUID v5 by RFC 9562 §5.5 with the browser's own SHA-1 (crypto.subtle), written independently of the code under test. */
async function oracleV5(namespace: string, name: string): Promise<string> {
  const ns = Uint8Array.from(namespace.replace(/-/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
  const n = new TextEncoder().encode(name);
  const buf = new Uint8Array(ns.length + n.length);
  buf.set(ns);
  buf.set(n, ns.length);
  const h = new Uint8Array(await crypto.subtle.digest('SHA-1', buf)).slice(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
  return [x.slice(0, 8), x.slice(8, 12), x.slice(12, 16), x.slice(16, 20), x.slice(20)].join('-');
}

describe('uuidV5', () => {
  it('gives the published values (Terraform and OpenTofu uuidv5 documentation, RFC 4122 namespaces)', () => {
    // https://developer.hashicorp.com/terraform/language/functions/uuidv5 and https://opentofu.org/docs/language/functions/uuidv5
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.terraform.io')).to.equal('a5008fae-b28c-5ba5-96cd-82b4c53552d6');
    expect(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://www.terraform.io/')).to.equal('9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5');
    expect(uuidV5('6ba7b812-9dad-11d1-80b4-00c04fd430c8', '1.3.6.1.4')).to.equal('af9d40a5-7a36-5c07-b23a-851cd99fbfa5');
    expect(uuidV5('6ba7b814-9dad-11d1-80b4-00c04fd430c8', 'CN=Example,C=GB')).to.equal('84e09961-4aa4-57f8-95b7-03edb1073253');
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.opentofu.org')).to.equal('df1e675d-b743-5f6c-9952-6311d0f141df');
  });

  it('agrees with WebCrypto SHA-1 for any namespace and name (fast-check seed 9301)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid().map((u) => u.toLowerCase()), fc.string({ unit: 'grapheme', maxLength: 80 }), async (ns, name) => {
        expect(uuidV5(ns, name)).to.equal(await oracleV5(ns, name));
      }),
      { seed: 9301, numRuns: 300 },
    );
  });

  it('refuses a namespace that is not a lower-case UUID', () => {
    expect(() => uuidV5('6BA7B810-9DAD-11D1-80B4-00C04FD430C8', 'x')).to.throw(RangeError, /namespace/);
    expect(() => uuidV5('nope', 'x')).to.throw(RangeError, /namespace/);
  });
});

describe('isConceptId (SNOMED CT identifiers: format, partition, Verhoeff check digit)', () => {
  it('accepts concept ids published in SNOMED CT and the R4 value sets', () => {
    // 404684003 |Clinical finding|, 284009009 |Route of administration value|, 24484000 |Severe|,
    // 246112005 |Severity|, 255604002 |Mild| (R4 condition-severity and route-codes pages).
    for (const id of ['404684003', '284009009', '24484000', '6736007', '255604002', '246112005', '26643006', '25064002']) expect(isConceptId(id), id).to.equal(true);
  });

  it('refuses any one digit changed, two neighbours swapped, or a description id (partition 01)', () => {
    const id = '404684003';
    for (let i = 0; i < id.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const m = id.slice(0, i) + d + id.slice(i + 1);
        if (m !== id) expect(isConceptId(m), m).to.equal(false);
      }
      if (i + 1 < id.length && id[i] !== id[i + 1]) {
        const s = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(isConceptId(s), s).to.equal(false);
      }
    }
    // Partition 01 (the two digits before the check digit) marks a description, not a concept.
    expect(isConceptId('41686014')).to.equal(false);
    for (const bad of ['', '12345', '0404684003', '4046840031234567890', '40468400a', ' 404684003']) expect(isConceptId(bad), bad).to.equal(false);
  });
});

describe('references and rule keys', () => {
  it('a doctor by Ed25519 signing key, a patient by X25519 agreement key, each with a display name', () => {
    expect(doctorReference(DOCTOR)).to.deep.equal({ type: 'Practitioner', identifier: { system: KEY_ED25519, value: DOCTOR.signingKey }, display: 'Іван Коваль' });
    expect(patientReference(PATIENT)).to.deep.equal({ type: 'Patient', identifier: { system: KEY_X25519, value: PATIENT.agreementKey }, display: 'Олена Шевченко' });
    expect(() => doctorReference({ ...DOCTOR, signingKey: 'AB' })).to.throw(RangeError, /signingKey/);
    expect(() => patientReference({ ...PATIENT, agreementKey: 'A'.repeat(64) })).to.throw(RangeError, /agreementKey/);
  });

  it('ruleKey maps a list item path to its table key', () => {
    expect(ruleKey('exercises.3.name')).to.equal('exercises.*.name');
    expect(ruleKey('symptoms.12')).to.equal('symptoms.*');
    expect(ruleKey('onset')).to.equal('onset');
  });
});
