// The transaction layout, version 1: one fixed-size binary record (docs/design.md "The ledger",
// "Transactions and bundles"). Every field is an OFFSET/LENGTH pair, each offset derived from the
// previous field, and the total falls out at the end (as iota.js legacy transaction.ts does).
// Integers are little-endian. Timestamps are milliseconds since the Unix epoch.
//
//   part        field            offset  length  notes
//   essence     VERSION               0       1  u8, = TX_VERSION (1)
//               KIND                  1       1  u8, one of TX_KINDS
//               INDEX                 2       2  u16, position in the bundle
//               LAST_INDEX            4       2  u16, index of the bundle's head (< MAX_BUNDLE_TXS)
//               ISSUER                6      32  Ed25519 public key of the issuer
//               TAG                  38      32  masked address (opaque here; docs/design.md "Masking")
//               ISSUED_AT            70       8  u64 ms
//               PAYLOAD_LENGTH       78       2  u16, <= MAX_PAYLOAD
//               PAYLOAD              80    1024  payload, zero-padded (padding must be zero)
//               BUNDLE             1104      32  bundle hash (the last essence field)
//   attachment  TRUNK              1136      32  id of the approved tx (tx i+1, or tip A for the head)
//               BRANCH             1168      32  id of the approved tx (tip B)
//               ATTACHED_AT        1200       8  u64 ms
//   signature   SIGNATURE          1208      64  Ed25519 over the bundle hash; tail only, else zero
//   nonce       NONCE              1272       8  u64, the LAST field (Kerl-PoW v1 covers [0, NONCE_OFFSET))
//   total       TX_SIZE            1280
//
// The bundle hash covers each member's bytes [0, BUNDLE_OFFSET); the PoW digest covers
// [0, NONCE_OFFSET); the tx id covers all TX_SIZE bytes (docs/design.md "Proof of work", "Transactions").

/** The only layout version this code reads and writes. Used by encodeTx, decodeTx and validation. */
export const TX_VERSION = 1;

/** Largest payload of one tx; larger records span several txs of a bundle. Used by encode/decode, bundles and validation. */
export const MAX_PAYLOAD = 1024;
/** Most txs in one bundle (indices 0..254, so LAST_INDEX < 255). Used by splitPayload and validation. */
export const MAX_BUNDLE_TXS = 255;
/** Bytes of a tx id, a bundle hash, an issuer key and a tag. Used by every 32-byte field check. */
export const HASH_LENGTH = 32;

// Field offsets and lengths, as in the table above. Used by the codec, the readers, bundleHash,
// the validator and the layout tests.
export const VERSION_OFFSET = 0;
export const VERSION_LENGTH = 1;
export const KIND_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
export const KIND_LENGTH = 1;
export const INDEX_OFFSET = KIND_OFFSET + KIND_LENGTH;
export const INDEX_LENGTH = 2;
export const LAST_INDEX_OFFSET = INDEX_OFFSET + INDEX_LENGTH;
export const LAST_INDEX_LENGTH = 2;
export const ISSUER_OFFSET = LAST_INDEX_OFFSET + LAST_INDEX_LENGTH;
export const ISSUER_LENGTH = HASH_LENGTH;
export const TAG_OFFSET = ISSUER_OFFSET + ISSUER_LENGTH;
export const TAG_LENGTH = HASH_LENGTH;
export const ISSUED_AT_OFFSET = TAG_OFFSET + TAG_LENGTH;
export const ISSUED_AT_LENGTH = 8;
export const PAYLOAD_LENGTH_OFFSET = ISSUED_AT_OFFSET + ISSUED_AT_LENGTH;
export const PAYLOAD_LENGTH_LENGTH = 2;
export const PAYLOAD_OFFSET = PAYLOAD_LENGTH_OFFSET + PAYLOAD_LENGTH_LENGTH;
export const PAYLOAD_LENGTH = MAX_PAYLOAD;
export const BUNDLE_OFFSET = PAYLOAD_OFFSET + PAYLOAD_LENGTH;
export const BUNDLE_LENGTH = HASH_LENGTH;
/** End of the essence: what the bundle hash and the issuer's signature stand for. Used by bundleHash and tests. */
export const ESSENCE_LENGTH = BUNDLE_OFFSET + BUNDLE_LENGTH;

export const TRUNK_OFFSET = ESSENCE_LENGTH;
export const TRUNK_LENGTH = HASH_LENGTH;
export const BRANCH_OFFSET = TRUNK_OFFSET + TRUNK_LENGTH;
export const BRANCH_LENGTH = HASH_LENGTH;
export const ATTACHED_AT_OFFSET = BRANCH_OFFSET + BRANCH_LENGTH;
export const ATTACHED_AT_LENGTH = 8;

export const SIGNATURE_OFFSET = ATTACHED_AT_OFFSET + ATTACHED_AT_LENGTH;
export const SIGNATURE_LENGTH = 64;

export const NONCE_OFFSET = SIGNATURE_OFFSET + SIGNATURE_LENGTH;
export const NONCE_LENGTH = 8;

/** Size of every v1 tx: 1280 bytes. Used everywhere a tx is sized, framed or checked. */
export const TX_SIZE = NONCE_OFFSET + NONCE_LENGTH;

/** One row of the layout table. */
export interface TxFieldLayout {
  readonly name: string;
  readonly part: 'essence' | 'attachment' | 'signature' | 'nonce';
  readonly offset: number;
  readonly length: number;
}

/** The layout as data, in byte order. Used by the layout tests and by diagnostic views. */
export const TX_LAYOUT: readonly TxFieldLayout[] = Object.freeze([
  { name: 'VERSION', part: 'essence', offset: VERSION_OFFSET, length: VERSION_LENGTH },
  { name: 'KIND', part: 'essence', offset: KIND_OFFSET, length: KIND_LENGTH },
  { name: 'INDEX', part: 'essence', offset: INDEX_OFFSET, length: INDEX_LENGTH },
  { name: 'LAST_INDEX', part: 'essence', offset: LAST_INDEX_OFFSET, length: LAST_INDEX_LENGTH },
  { name: 'ISSUER', part: 'essence', offset: ISSUER_OFFSET, length: ISSUER_LENGTH },
  { name: 'TAG', part: 'essence', offset: TAG_OFFSET, length: TAG_LENGTH },
  { name: 'ISSUED_AT', part: 'essence', offset: ISSUED_AT_OFFSET, length: ISSUED_AT_LENGTH },
  { name: 'PAYLOAD_LENGTH', part: 'essence', offset: PAYLOAD_LENGTH_OFFSET, length: PAYLOAD_LENGTH_LENGTH },
  { name: 'PAYLOAD', part: 'essence', offset: PAYLOAD_OFFSET, length: PAYLOAD_LENGTH },
  { name: 'BUNDLE', part: 'essence', offset: BUNDLE_OFFSET, length: BUNDLE_LENGTH },
  { name: 'TRUNK', part: 'attachment', offset: TRUNK_OFFSET, length: TRUNK_LENGTH },
  { name: 'BRANCH', part: 'attachment', offset: BRANCH_OFFSET, length: BRANCH_LENGTH },
  { name: 'ATTACHED_AT', part: 'attachment', offset: ATTACHED_AT_OFFSET, length: ATTACHED_AT_LENGTH },
  { name: 'SIGNATURE', part: 'signature', offset: SIGNATURE_OFFSET, length: SIGNATURE_LENGTH },
  { name: 'NONCE', part: 'nonce', offset: NONCE_OFFSET, length: NONCE_LENGTH },
] as const);

if (TX_SIZE !== 1280) throw new Error(`tx layout v1 must be 1280 bytes, the table gives ${TX_SIZE}`);

/** The id of the genesis: 32 zero bytes. Trunk or branch = GENESIS_ID approves the genesis. Used by attach, validation and the replica. */
export const GENESIS_ID: Uint8Array = new Uint8Array(HASH_LENGTH);

/** Transaction kinds (the KIND byte). Unknown kinds are rejected by validation. Used by records, consent and validation. */
export const TX_KINDS = Object.freeze({ record: 1, profile: 2, consent: 3, audit: 4, test: 9 } as const);
/** A kind's name. */
export type TxKindName = keyof typeof TX_KINDS;
/** A known kind byte. */
export type TxKind = (typeof TX_KINDS)[TxKindName];

const _KNOWN_KINDS = new Set<number>(Object.values(TX_KINDS));

/** Whether `kind` is a known KIND byte. Called by validation and buildBundle. */
export function isKnownKind(kind: number): kind is TxKind {
  return _KNOWN_KINDS.has(kind);
}
