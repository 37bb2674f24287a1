// The WASM core's Kerl on inputs longer than its 64-block trit buffer, against the legacy JS Kerl
// (@iota/kerl, bundled into build/vendor/iota-kerl.js by `node scripts/vendor-test-peers.mjs`):
// absorb and squeeze go through the wrapper's chunking, split at random call boundaries, with
// trit 242 of every block set. Every build runs it, as the vector suite does (kerl.vectors.test.ts).
import { loadCore } from '../../web/wasm/index.ts';
import { kerlLongDifferentialSuite } from '../shared/kerl-suite.ts';

const SEED = 0x4b65726d; // "Kerm": one past the short differential's seed
const CASES = 40;

for (const variant of ['release', 'compat', 'debug'] as const) {
  describe(`WASM core (${variant})`, function () {
    kerlLongDifferentialSuite(
      async () => {
        const core = await loadCore({ variant });
        return { name: `WASM core (${variant})`, createKerl: () => core.createKerl() };
      },
      { seed: SEED, cases: CASES },
    );
  });
}
