// How the app wires a replica to its engines: PoW weights and BLAKE2b from the WASM core, Ed25519
// from web/crypto (WebCrypto). One definition, used by the tangle worker and the benchmarks, so
// what is measured is what runs.
import { NONCE_OFFSET } from '../core/tx/index.ts';
import { verifyEd25519 } from '../crypto/index.ts';
import type { Core } from '../wasm/index.ts';
import type { ReplicaOptions } from './replica.ts';

/** The engine parts of ReplicaOptions for a core instance. */
export function coreServices(core: Core): Pick<ReplicaOptions, 'powWeight' | 'txHashes' | 'blake2b256' | 'verify'> {
  return {
    powWeight: (digest, nonce) => core.powWeight(digest, nonce),
    txHashes: (tx) => core.txHashes(tx, NONCE_OFFSET),
    blake2b256: (data) => core.blake2b256(data),
    verify: verifyEd25519,
  };
}
