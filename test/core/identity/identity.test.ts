// The identity core (web/core/identity): BIP-39 against the official vectors, restore errors that
// name the position of the fault, unbiased backup-check positions, every key derived by HKDF with
// its own info string (checked against WebCrypto's HKDF, HMAC and SHA-256 as independent oracles),
// and the profile's rules.
import { expect } from 'chai';
import { entropyToMnemonic, mnemonicToEntropy, mnemonicToSeedSync } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  KEY_INFO,
  SEED_WORDS,
  backupCheckPositions,
  deriveIdentityKeys,
  derivePairKeys,
  deriveRelationshipKeys,
  fieldProblem,
  inboxTag,
  newSeed,
  profileProblems,
  relationshipTag,
  seedToWords,
  splitWords,
  toProfile,
  utcDay,
  wordsToSeed,
} from '../../../web/core/identity/index.ts';

/** splitmix32: a seeded source of bytes, so no outcome depends on crypto.getRandomValues. */
function seeded(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (n) => Uint8Array.from({ length: n }, () => next() & 0xff);
}

interface Vectors {
  english: [string, string, string, string][];
}

async function webHkdf(ikm: Uint8Array, salt: string, info: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', ikm as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: utf8ToBytes(salt), info: utf8ToBytes(info) }, key, 256));
}

describe('identity: the seed and its 24 words', function () {
  let vectors: Vectors;
  before(async () => {
    vectors = (await (await fetch(new URL('../../vectors/bip39-english.json', import.meta.url))).json()) as Vectors;
  });

  it('BIP-39: every English vector, entropy ↔ words ↔ seed (passphrase "TREZOR")', function () {
    let ran = 0;
    let ours = 0;
    for (const [entropyHex, words, seedHex] of vectors.english) {
      const entropy = hexToBytes(entropyHex);
      expect(entropyToMnemonic(entropy, wordlist), entropyHex).to.equal(words);
      expect(bytesToHex(mnemonicToEntropy(words, wordlist)), words).to.equal(entropyHex);
      expect(bytesToHex(mnemonicToSeedSync(words, 'TREZOR')), words).to.equal(seedHex);
      if (entropy.length === 32) {
        // The app's own wrappers, for the 256-bit vectors (an identity's seed is 256 bits).
        expect(seedToWords(entropy).join(' '), entropyHex).to.equal(words);
        const back = wordsToSeed(words.split(' '));
        expect('seed' in back && bytesToHex(back.seed), words).to.equal(entropyHex);
        ours++;
      }
      ran++;
    }
    expect(ran, 'every English vector ran').to.equal(24);
    expect(ours, 'the 24-word ones through the app').to.equal(8);
  });

  it('a new seed is 32 bytes of the given randomness, shown as 24 words that restore it', function () {
    const random = seeded(7);
    const seed = newSeed(random);
    expect(seed.length).to.equal(32);
    const words = seedToWords(seed);
    expect(words.length).to.equal(SEED_WORDS);
    expect(wordsToSeed(words)).to.deep.equal({ seed });
    expect(() => newSeed(() => new Uint8Array(31))).to.throw(RangeError, /random\(32\) must return 32 bytes/);
  });

  it('names the position of each fault when restoring', function () {
    const words = seedToWords(newSeed(seeded(8)));
    expect(wordsToSeed(words.slice(0, 23))).to.deep.equal({ problem: { kind: 'count', count: 23 } });
    expect(wordsToSeed([...words, 'abandon'])).to.deep.equal({ problem: { kind: 'count', count: 25 } });
    expect(wordsToSeed([])).to.deep.equal({ problem: { kind: 'count', count: 0 } });
    for (const position of [1, 12, 24]) {
      const typo = words.slice();
      typo[position - 1] = 'zzzz';
      expect(wordsToSeed(typo), `word ${position}`).to.deep.equal({ problem: { kind: 'unknown-word', position, word: 'zzzz' } });
    }
    // Two list words swapped: every word is known, the checksum (carried by word 24) fails.
    let checked = 0;
    for (let i = 0; i < 23; i++) {
      const swapped = words.slice();
      [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
      if (swapped[i] === swapped[i + 1]) continue;
      const r = wordsToSeed(swapped);
      if ('problem' in r) {
        expect(r.problem).to.deep.equal({ kind: 'checksum', position: 24 });
        checked++;
      }
    }
    expect(checked, 'most swaps break the checksum (8 bits: 1 in 256 passes)').to.be.at.least(20);
  });

  it('reads words as people type or paste them', function () {
    expect(splitWords('  1. Abandon,  2) ABOUT\n\tzoo ')).to.deep.equal(['abandon', 'about', 'zoo']);
  });

  it('draws 4 distinct backup-check positions without bias (chi-square, seed 9)', function () {
    const random = seeded(9);
    const counts = new Array(25).fill(0);
    const draws = 6000;
    for (let k = 0; k < draws; k++) {
      const p = backupCheckPositions(random);
      expect(p.length).to.equal(4);
      expect(new Set(p).size).to.equal(4);
      expect(p).to.deep.equal([...p].sort((a, b) => a - b));
      for (const x of p) counts[x]++;
    }
    expect(counts[0]).to.equal(0);
    const expected = (draws * 4) / 24;
    const chi2 = counts.slice(1).reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 23 degrees of freedom: P(chi2 > 49.7) = 0.001. A modulo bias (256 % 24 = 16) would give
    // positions 1..16 an excess of 1/15 and a chi2 near 170.
    expect(chi2, `seed 9: chi2 ${chi2.toFixed(1)} over counts ${counts.slice(1).join(',')}`).to.be.below(49.7);
  });
});

describe('identity: keys', function () {
  const seed = newSeed(seeded(11));

  it('derives the identity keys by HKDF-SHA256 with their info strings (WebCrypto HKDF as the oracle)', async function () {
    const keys = deriveIdentityKeys(seed);
    expect(bytesToHex(keys.signing.secret)).to.equal(bytesToHex(await webHkdf(seed, 'medtangle/v1', KEY_INFO.identitySigning)));
    expect(bytesToHex(keys.agreement.secret)).to.equal(bytesToHex(await webHkdf(seed, 'medtangle/v1', KEY_INFO.identityAgreement)));
    expect(keys.signing.publicKey).to.deep.equal(ed25519.getPublicKey(keys.signing.secret));
    expect(keys.agreement.publicKey).to.deep.equal(x25519.getPublicKey(keys.agreement.secret));
    // WebCrypto agrees on the Ed25519 public key.
    const pkcs8 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20, ...keys.signing.secret]);
    const priv = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', priv);
    expect(jwk.x).to.equal(btoa(String.fromCharCode(...keys.signing.publicKey)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    const distinct = new Set([keys.signing.secret, keys.agreement.secret].map(bytesToHex));
    expect(distinct.size).to.equal(2);
    expect(new Set(Object.values(KEY_INFO)).size, 'one info string per use').to.equal(Object.keys(KEY_INFO).length);
    expect(Object.keys(KEY_INFO).length).to.equal(7);
  });

  it('gives the two sides of a pair the same secrets, which no third key gives, and refuses a low-order key', async function () {
    const [a, b, c] = [21, 22, 23].map((n) => newSeed(seeded(n)));
    const [ka, kb, kc] = [a, b, c].map((s) => deriveIdentityKeys(s).agreement);
    const ab = derivePairKeys(ka.secret, kb.publicKey);
    const ba = derivePairKeys(kb.secret, ka.publicKey);
    const ac = derivePairKeys(ka.secret, kc.publicKey);
    const [ha, hb] = [ka.publicKey, kb.publicKey].map(bytesToHex);
    expect(bytesToHex(ab.macKey)).to.equal(bytesToHex(ba.macKey));
    expect(bytesToHex(ab.tagSecret(ha))).to.equal(bytesToHex(ba.tagSecret(ha)));
    expect(bytesToHex(ab.tagSecret(hb))).to.equal(bytesToHex(ba.tagSecret(hb)));
    // The two directions, the MAC key and another pair's keys all differ.
    const all = [ab.macKey, ab.tagSecret(ha), ab.tagSecret(hb), ac.macKey, ac.tagSecret(ha)].map(bytesToHex);
    expect(new Set(all).size).to.equal(5);
    // Independent oracle: X25519 shared secret through HKDF, as docs/pairs.md says, with WebCrypto.
    const shared = x25519.getSharedSecret(ka.secret, kb.publicKey);
    const [lo, hi] = ha < hb ? [ha, hb] : [hb, ha];
    const hk = async (ikm: Uint8Array, info: string) => {
      const key = await crypto.subtle.importKey('raw', ikm as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits']);
      return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('medtangle/v1'), info: new TextEncoder().encode(info) }, key, 256));
    };
    const pair = await hk(shared, `medtangle/v1/pair/${lo}${hi}`);
    expect(bytesToHex(await hk(pair, 'medtangle/v1/pair/mac'))).to.equal(bytesToHex(ab.macKey));
    expect(bytesToHex(await hk(pair, `medtangle/v1/pair/tag/${hb}`))).to.equal(bytesToHex(ab.tagSecret(hb)));
    expect(() => ab.tagSecret(bytesToHex(kc.publicKey))).to.throw(RangeError, /sender must be one of the pair/);
    // A low-order point (here the all-zero key) would make a shared secret anyone knows.
    expect(() => derivePairKeys(ka.secret, new Uint8Array(32))).to.throw(RangeError, /not a usable X25519 public key/);
    expect(() => derivePairKeys(ka.secret, new Uint8Array(31))).to.throw(RangeError, /counterpart must be a 32-byte/);
  });

  it('gives each relationship its own signing key and tag secret', async function () {
    const doctorA = x25519.getPublicKey(newSeed(seeded(12)));
    const doctorB = x25519.getPublicKey(newSeed(seeded(13)));
    const a = deriveRelationshipKeys(seed, doctorA);
    const b = deriveRelationshipKeys(seed, doctorB);
    expect(bytesToHex(a.tagSecret)).to.equal(bytesToHex(await webHkdf(seed, 'medtangle/v1', KEY_INFO.relationshipTag + bytesToHex(doctorA))));
    expect(bytesToHex(a.signing.secret)).to.equal(bytesToHex(await webHkdf(seed, 'medtangle/v1', KEY_INFO.relationshipSigning + bytesToHex(doctorA))));
    const all = [a.signing.publicKey, b.signing.publicKey, a.tagSecret, b.tagSecret, deriveIdentityKeys(seed).signing.publicKey].map(bytesToHex);
    expect(new Set(all).size, 'nothing shared between relationships or with the identity key').to.equal(5);
    expect(deriveRelationshipKeys(seed, doctorA), 'deterministic').to.deep.equal(a);
    expect(() => deriveRelationshipKeys(seed, new Uint8Array(31))).to.throw(RangeError, /counterpart must be a 32-byte X25519 public key/);
  });

  it('computes relationship tags by HMAC-SHA256 and inbox tags by SHA-256 (WebCrypto as the oracle)', async function () {
    const secret = deriveRelationshipKeys(seed, x25519.getPublicKey(newSeed(seeded(14)))).tagSecret;
    const hkey = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    for (const counter of [0, 1, 41, 0xffffffff]) {
      const msg = new Uint8Array([...utf8ToBytes('medtangle/v1/tag'), counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]);
      expect(bytesToHex(relationshipTag(secret, counter)), String(counter)).to.equal(bytesToHex(new Uint8Array(await crypto.subtle.sign('HMAC', hkey, msg))));
    }
    const doctor = x25519.getPublicKey(newSeed(seeded(15)));
    const day = utcDay(Date.UTC(2026, 11, 4, 13));
    expect(day).to.equal(20791);
    const msg = new Uint8Array([...utf8ToBytes('medtangle/v1/inbox'), ...doctor, 0, 0, day >>> 8, day & 0xff]);
    expect(bytesToHex(inboxTag(doctor, day))).to.equal(bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', msg))));
    expect(bytesToHex(inboxTag(doctor, day))).to.not.equal(bytesToHex(inboxTag(doctor, day + 1)));
    expect(() => relationshipTag(secret, -1)).to.throw(RangeError, /counter must be an integer/);
    expect(() => inboxTag(doctor, 1.5)).to.throw(RangeError, /day must be a whole day number/);
  });
});

describe('identity: the profile and its rules', function () {
  const today = '2026-12-04';

  it('has a rule code for every kind of bad value, per field', function () {
    const cases: [Parameters<typeof fieldProblem>[1], unknown, string | null][] = [
      ['familyName', '', 'required'],
      ['familyName', '   ', 'required'],
      ['familyName', 'x'.repeat(81), 'too-long'],
      ['familyName', 'Shevchenko3', 'characters'],
      ['familyName', '<script>', 'characters'],
      ['familyName', "O'Neil-Kovalenko", null],
      ['givenName', 'Олена', null],
      ['givenName', 'Zoë', null],
      ['birthDate', '04/12/1990', 'date-format'],
      ['birthDate', '1990-02-30', 'date-invalid'],
      ['birthDate', '2027-01-01', 'date-future'],
      ['birthDate', '1899-12-31', 'date-too-old'],
      ['birthDate', '1990-02-28', null],
      ['personId', 'AB 123/45-6', null],
      ['personId', '#123', 'id-format'],
      ['personId', 'x'.repeat(33), 'too-long'],
      ['licence', 'UA-2231', null],
      ['specialty', 'Cardiology', null],
      ['clinic', 'Clinic\u0007', 'characters'],
      ['clinic', 42, 'required'],
    ];
    for (const [field, value, code] of cases) expect(fieldProblem('patient', field, value, today), `${field} ${JSON.stringify(value)}`).to.equal(code);
  });

  it('checks only the role\'s fields, and makes a trimmed profile only when all are valid', function () {
    expect(profileProblems('patient', {}, today)).to.deep.equal({ familyName: 'required', givenName: 'required', birthDate: 'required', personId: 'required' });
    expect(Object.keys(profileProblems('doctor', {}, today))).to.deep.equal(['familyName', 'givenName', 'personId', 'specialty', 'clinic', 'licence']);
    const values = { familyName: ' Shevchenko ', givenName: 'Taras', birthDate: '1990-03-09', personId: 'P-1' };
    expect(toProfile('patient', values, today)).to.deep.equal({ role: 'patient', familyName: 'Shevchenko', givenName: 'Taras', birthDate: '1990-03-09', personId: 'P-1' });
    expect(toProfile('patient', { ...values, birthDate: '' }, today)).to.equal(null);
    expect(Object.keys(profileProblems('clinic', {}, today))).to.deep.equal(['clinic', 'personId', 'familyName', 'givenName']);
    expect(() => profileProblems('nurse' as never, {}, today)).to.throw(RangeError, /role must be/);
  });
});
