// The reference Kerl against the official legacy JS Kerl (@iota/kerl, bundled into
// build/vendor/iota-kerl.js by `node scripts/vendor-test-peers.mjs`), on random inputs.
// The seed is a constant so a failure reproduces; it is printed in the test name and the error.
import { Kerl } from '../../../web/core/ternary/index.ts';
import { kerlDifferentialSuite } from '../../shared/kerl-suite.ts';

const SEED = 0x4b65726c; // "Kerl"

describe('TS reference', function () {
  kerlDifferentialSuite(async () => ({ name: 'TS reference', createKerl: () => new Kerl() }), { seed: SEED, numRuns: 1000 });
});
