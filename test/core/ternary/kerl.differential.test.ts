// The reference Kerl against the official legacy JS Kerl (@iota/kerl, bundled into
// build/vendor/iota-kerl.js by `node scripts/vendor-test-peers.mjs`), on random inputs, short and
// longer than 64 blocks.
// The seed is a constant so a failure reproduces; it is printed in the test name and the error.
import { Kerl } from '../../../web/core/ternary/index.ts';
import { kerlDifferentialSuite, kerlLongDifferentialSuite } from '../../shared/kerl-suite.ts';

const SEED = 0x4b65726c; // "Kerl"

describe('TS reference', function () {
  kerlDifferentialSuite(async () => ({ name: 'TS reference', createKerl: () => new Kerl() }), { seed: SEED, numRuns: 1000 });
  // The long inputs of the WASM core's test (test/wasm/kerl.long.test.ts), same seed and cases.
  kerlLongDifferentialSuite(async () => ({ name: 'TS reference', createKerl: () => new Kerl() }), { seed: SEED + 1, cases: 40 });
});
