// Building a bundle from a record (docs/design.md "Transactions and bundles"): split the payload, encode
// unattached txs 0..last, fill in the bundle hash, and let the issuer sign the hash once; the
// signature rides on the tail (index 0). Signing is injected: the key stays with the caller.
import { GENESIS_ID, HASH_LENGTH, SIGNATURE_LENGTH, TX_VERSION, encodeTx, isKnownKind } from '../tx/index.ts';
import { bundleHash } from './hash.ts';
import { splitPayload } from './payload.ts';

/** What a bundle says: the essence fields shared by all its txs, and the record bytes. */
export interface BundleSpec {
  kind: number;
  issuer: Uint8Array;
  tag: Uint8Array;
  issuedAt: number;
  payload: Uint8Array;
}

/** Signs the bundle hash with the issuer's key (web/crypto's SigningKey.sign). */
export type SignFn = (message: Uint8Array) => Promise<Uint8Array>;

/** Unattached txs in index order, bundle hash set, tail signed. Called by the record and consent flows, and tests. */
export async function buildBundle(spec: BundleSpec, sign: SignFn): Promise<Uint8Array[]> {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('spec must be an object');
  if (typeof sign !== 'function') throw new TypeError('sign must be a function');
  if (!isKnownKind(spec.kind)) throw new RangeError(`spec.kind ${String(spec.kind)} is not one of TX_KINDS`);
  const chunks = splitPayload(spec.payload); // checks spec.payload
  const lastIndex = chunks.length - 1;
  const zeroSignature = new Uint8Array(SIGNATURE_LENGTH);
  const encode = (i: number, bundle: Uint8Array, signature: Uint8Array): Uint8Array =>
    encodeTx({
      version: TX_VERSION,
      kind: spec.kind,
      index: i,
      lastIndex,
      issuer: spec.issuer,
      tag: spec.tag,
      issuedAt: spec.issuedAt,
      payload: chunks[i],
      bundle,
      trunk: GENESIS_ID,
      branch: GENESIS_ID,
      attachedAt: 0,
      signature,
      nonce: 0n,
    }); // checks issuer, tag and issuedAt, naming them fields.*
  const draft = chunks.map((_, i) => encode(i, new Uint8Array(HASH_LENGTH), zeroSignature));
  const hash = bundleHash(draft); // the bundle field is outside the hash, so the draft gives the final hash
  const signature = await sign(hash.slice());
  if (!(signature instanceof Uint8Array)) throw new TypeError('sign() must resolve to a Uint8Array');
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new RangeError(`sign() must resolve to ${SIGNATURE_LENGTH} bytes, got ${signature.length}`);
  }
  return chunks.map((_, i) => encode(i, hash, i === 0 ? signature : zeroSignature));
}
