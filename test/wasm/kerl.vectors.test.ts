// Runs the shared Kerl/ternary vector suite (test/shared/kerl-suite.ts) against the WASM core
// (web/wasm, built with `npm run build:wasm`).
import { loadCore } from '../../web/wasm/index.ts';
import { kerlVectorSuite, type TernaryImpl } from '../shared/kerl-suite.ts';

type Core = Awaited<ReturnType<typeof loadCore>>;

// Core is a class: bind each method explicitly (spreading an instance would drop its methods).
function wasmImpl(core: Core): TernaryImpl {
  return {
    name: 'WASM core',
    createKerl: () => core.createKerl(),
    keccak384: (bytes) => core.keccak384(bytes),
    tritsToBytes: (trits) => core.tritsToBytes(trits),
    bytesToTrits: (bytes) => core.bytesToTrits(bytes),
    trytesToTrits: (trytes) => core.trytesToTrits(trytes),
    tritsToTrytes: (trits) => core.tritsToTrytes(trits),
    b1t6Encode: (bytes) => core.b1t6Encode(bytes),
    b1t6Decode: (trits) => core.b1t6Decode(trits),
    powHash: (digest, nonce) => core.powHash(digest, nonce),
    powWeight: (digest, nonce) => core.powWeight(digest, nonce),
  };
}

// Every build that ships runs the whole suite: the SIMD release, the scalar compat and the debug build.
for (const variant of ['release', 'compat', 'debug'] as const) {
  describe(`WASM core (${variant})`, function () {
    kerlVectorSuite(async () => wasmImpl(await loadCore({ variant })));
  });
}
