// Runs the shared Kerl/ternary vector suite (test/shared/kerl-suite.ts) against the plain TypeScript
// reference: web/core/ternary plus the Kerl-PoW v1 spec module web/core/pow.
import { keccak_384 } from '@noble/hashes/sha3.js';
import * as ternary from '../../../web/core/ternary/index.ts';
import { powHashRef, powWeightRef } from '../../../web/core/pow/index.ts';
import { kerlVectorSuite, type TernaryImpl } from '../../shared/kerl-suite.ts';

const reference: TernaryImpl = {
  name: 'TS reference',
  createKerl: () => new ternary.Kerl(),
  keccak384: (bytes) => keccak_384(bytes),
  tritsToBytes: ternary.tritsToBytes,
  bytesToTrits: ternary.bytesToTrits,
  trytesToTrits: ternary.trytesToTrits,
  tritsToTrytes: ternary.tritsToTrytes,
  b1t6Encode: ternary.b1t6Encode,
  b1t6Decode: ternary.b1t6Decode,
  powHash: powHashRef,
  powWeight: powWeightRef,
};

describe('TS reference', function () {
  kerlVectorSuite(async () => reference);
});
