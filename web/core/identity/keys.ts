// Every key of an identity, derived from its seed with HKDF-SHA256 (RFC 5869), one info string per
// use, so no two uses ever share key material (docs/design.md "Identity, keys and privacy"). The
// relationship keys are derived per counterpart, so the issuer key and the tags of one patient's
// records with one doctor say nothing about that patient's records with another.
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { SEED_BYTES } from './seed.ts';

/** HKDF's salt for every key of format 1. */
const SALT = utf8ToBytes('medtangle/v1');
/** The info strings, one per use; never reuse one for another purpose. */
export const KEY_INFO = Object.freeze({
  identitySigning: 'medtangle/v1/identity/signing',
  identityAgreement: 'medtangle/v1/identity/agreement',
  relationshipSigning: 'medtangle/v1/relationship/signing/',
  relationshipTag: 'medtangle/v1/relationship/tag/',
  pair: 'medtangle/v1/pair/',
  pairTag: 'medtangle/v1/pair/tag/',
  pairMac: 'medtangle/v1/pair/mac',
});
const TAG_LABEL = utf8ToBytes('medtangle/v1/tag');
const INBOX_LABEL = utf8ToBytes('medtangle/v1/inbox');

/** A key pair: the 32-byte secret and its public key. */
export interface KeyPair {
  secret: Uint8Array;
  publicKey: Uint8Array;
}

/** The identity's own keys: Ed25519 for signing, X25519 for agreement (a doctor publishes this one). */
export interface IdentityKeys {
  signing: KeyPair;
  agreement: KeyPair;
}

/** The keys of one relationship (a patient and one doctor): a signing key and a tag secret of its own. */
export interface RelationshipKeys {
  signing: KeyPair;
  tagSecret: Uint8Array;
}

function _seed(seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) throw new RangeError(`seed must be ${SEED_BYTES} bytes`);
  return seed;
}

function _derive(seed: Uint8Array, info: string): Uint8Array {
  return hkdf(sha256, _seed(seed), SALT, utf8ToBytes(info), 32);
}

function _signing(secret: Uint8Array): KeyPair {
  return { secret, publicKey: ed25519.getPublicKey(secret) };
}

function _counterpart(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) throw new RangeError('counterpart must be a 32-byte X25519 public key');
  return bytesToHex(publicKey);
}

/** The identity's signing and agreement keys. Called when an identity is made or restored. */
export function deriveIdentityKeys(seed: Uint8Array): IdentityKeys {
  const agreement = _derive(seed, KEY_INFO.identityAgreement);
  return {
    signing: _signing(_derive(seed, KEY_INFO.identitySigning)),
    agreement: { secret: agreement, publicKey: x25519.getPublicKey(agreement) },
  };
}

/** The keys of this identity's relationship with the holder of `counterpart` (their X25519 public key). */
export function deriveRelationshipKeys(seed: Uint8Array, counterpart: Uint8Array): RelationshipKeys {
  const who = _counterpart(counterpart);
  return {
    signing: _signing(_derive(seed, KEY_INFO.relationshipSigning + who)),
    tagSecret: _derive(seed, KEY_INFO.relationshipTag + who),
  };
}

/**
 * What both parties of a relationship share, and only they (docs/pairs.md): each computes it from
 * its own agreement secret and the other's public key (X25519, RFC 7748 §6.1), so a doctor can
 * answer a patient under tags that the patient finds, and each side can tell the other's messages
 * from anyone else's. `tagSecret(sender)` gives the tags of one direction, `macKey` authenticates
 * a message as one of the two parties'. Called by the identity service, once per counterpart.
 */
export interface PairKeys {
  /** The tag secret of the messages sent by the holder of `senderAgreementKey` (hex), one of the two. */
  tagSecret(senderAgreementKey: string): Uint8Array;
  macKey: Uint8Array;
}

/** The pair keys of `mySecret` (X25519 secret) with `theirPublic`; throws RangeError on a key that gives no shared secret. */
export function derivePairKeys(mySecret: Uint8Array, theirPublic: Uint8Array): PairKeys {
  const them = _counterpart(theirPublic);
  const me = bytesToHex(x25519.getPublicKey(mySecret));
  let shared: Uint8Array;
  try {
    // noble refuses a low-order point (an all-zero shared secret), which would make the pair's
    // secret public (RFC 7748 §6.1: check for the all-zero value).
    shared = x25519.getSharedSecret(mySecret, theirPublic);
  } catch {
    throw new RangeError('counterpart is not a usable X25519 public key');
  }
  // Both sides name the pair the same way: the two public keys in a fixed order.
  const [a, b] = me < them ? [me, them] : [them, me];
  const pair = hkdf(sha256, shared, SALT, utf8ToBytes(KEY_INFO.pair + a + b), 32);
  shared.fill(0);
  return {
    tagSecret: (sender) => {
      if (sender !== a && sender !== b) throw new RangeError('sender must be one of the pair\'s two agreement keys');
      return hkdf(sha256, pair, SALT, utf8ToBytes(KEY_INFO.pairTag + sender), 32);
    },
    macKey: hkdf(sha256, pair, SALT, utf8ToBytes(KEY_INFO.pairMac), 32),
  };
}

/** The tag of the relationship's `counter`-th record: only the two parties can compute it. */
export function relationshipTag(tagSecret: Uint8Array, counter: number): Uint8Array {
  if (!(tagSecret instanceof Uint8Array) || tagSecret.length !== 32) throw new RangeError('tagSecret must be 32 bytes');
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) throw new RangeError(`counter must be an integer from 0 to 2^32 - 1, got ${String(counter)}`);
  const message = new Uint8Array(TAG_LABEL.length + 4);
  message.set(TAG_LABEL);
  new DataView(message.buffer).setUint32(TAG_LABEL.length, counter, false);
  return hmac(sha256, tagSecret, message);
}

/** The UTC day (days since 1970-01-01) of a time in ms. */
export function utcDay(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`ms must be a finite number, got ${String(ms)}`);
  return Math.floor(ms / 86_400_000);
}

/**
 * A doctor's inbox tag for a UTC day: anyone with the doctor's published agreement key can compute
 * it, so a first contact is findable by the doctor, and an outsider learns only that the doctor got
 * a request that day, not from whom.
 */
export function inboxTag(doctorAgreementKey: Uint8Array, day: number): Uint8Array {
  if (!(doctorAgreementKey instanceof Uint8Array) || doctorAgreementKey.length !== 32) throw new RangeError('doctorAgreementKey must be 32 bytes');
  if (!Number.isInteger(day) || day < 0 || day > 0xffffffff) throw new RangeError(`day must be a whole day number, got ${String(day)}`);
  const message = new Uint8Array(INBOX_LABEL.length + 32 + 4);
  message.set(INBOX_LABEL);
  message.set(doctorAgreementKey, INBOX_LABEL.length);
  new DataView(message.buffer).setUint32(INBOX_LABEL.length + 32, day, false);
  return sha256(message);
}
