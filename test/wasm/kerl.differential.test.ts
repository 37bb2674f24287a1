// The WASM core's Kerl against the official legacy JS Kerl (@iota/kerl, bundled into
// build/vendor/iota-kerl.js by `node scripts/vendor-test-peers.mjs`), on random inputs.
// The seed is a constant so a failure reproduces; it is printed in the test name and the error.
import { loadCore } from '../../web/wasm/index.ts';
import { kerlDifferentialSuite } from '../shared/kerl-suite.ts';

const SEED = 0x4b65726c; // "Kerl"

describe('WASM core', function () {
  kerlDifferentialSuite(
    async () => {
      const core = await loadCore();
      return { name: 'WASM core', createKerl: () => core.createKerl() };
    },
    { seed: SEED, numRuns: 1000 },
  );
});
