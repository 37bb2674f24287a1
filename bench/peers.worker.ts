// The peers worker: times single-block hashes back to back in a dedicated module worker, so that
// the main thread's UI plays no part and the figures compare with the PoW worker's (which also runs
// alone in a worker). Each call hashes ONE block: 48 bytes for Keccak-384, 243 trits for Kerl, and
// changes the input before every call so that nothing can be cached.

import * as Comlink from 'comlink';
import { createKeccak, type IHasher } from 'hash-wasm';
import { keccak_384 } from '@noble/hashes/sha3.js';
import { Kerl as IotaKerl } from '@bench/iota-kerl';
import { loadCore, type KerlSponge } from '../web/wasm/index.ts';
import type { PeerMetric, PeersApi, RoundResult } from './peers-api.ts';

const TRITS = 243;
/** Calls between two reads of the clock: small next to a ~1 s round even for the slowest peer. */
const BATCH = 32;

type Step = (i: number) => number;

let steps: Record<PeerMetric, Step> | null = null;

/** 48 bytes whose first byte changes on every call. */
function bytesStep(hash: (data: Uint8Array) => Uint8Array): Step {
  const data = new Uint8Array(48);
  crypto.getRandomValues(data);
  return (i) => {
    data[0] = i;
    return hash(data)[0];
  };
}

/** 243 random trits (trit 242 zero, as Kerl ignores it); one trit steps through -1, 0, 1 per call. */
function tritsStep(hash: (trits: Int8Array) => Int8Array): Step {
  const trits = new Int8Array(TRITS);
  for (let j = 0; j < TRITS - 1; j++) trits[j] = ((Math.random() * 3) | 0) - 1;
  return (i) => {
    const p = i % (TRITS - 1);
    trits[p] = trits[p] === 1 ? -1 : trits[p] + 1;
    return hash(trits)[0];
  };
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const api: PeersApi = {
  async init() {
    if (steps) return;
    const hw: IHasher = await createKeccak(384);
    const core = await loadCore();
    const coreKerl: KerlSponge = core.createKerl();
    const iota = new IotaKerl();
    iota.initialize();
    const iotaOut = new Int8Array(TRITS);

    const hashwasm = (data: Uint8Array) => {
      hw.init();
      hw.update(data);
      return hw.digest('binary');
    };
    // initialize() is empty in @iota/kerl; reset() gives each call a fresh sponge, as a new hash.
    const iotajs = (trits: Int8Array) => {
      iota.reset();
      iota.absorb(trits, 0, TRITS);
      iota.squeeze(iotaOut, 0, TRITS);
      return iotaOut;
    };
    const wasmKerl = (trits: Int8Array) => {
      coreKerl.reset();
      coreKerl.absorb(trits);
      return coreKerl.squeeze(TRITS);
    };

    // Never time something broken: the peers must agree with each other on one input.
    const bytes = crypto.getRandomValues(new Uint8Array(48));
    const a = hex(hashwasm(bytes));
    const b = hex(keccak_384(bytes));
    if (a !== b) throw new Error(`hash-wasm and noble disagree on keccak-384: ${a} vs ${b}`);
    const trits = new Int8Array(TRITS);
    for (let j = 0; j < TRITS - 1; j++) trits[j] = ((Math.random() * 3) | 0) - 1;
    const c = iotajs(trits).join(',');
    const d = wasmKerl(trits).join(',');
    if (c !== d) throw new Error('the WASM core Kerl and @iota/kerl disagree on one block');

    steps = {
      'peer.hashwasm.keccak384_per_s': bytesStep(hashwasm),
      'peer.noble.keccak384_per_s': bytesStep(keccak_384),
      'peer.iotajs.kerl_per_s': tritsStep(iotajs),
      'core.kerl_per_s': tritsStep(wasmKerl),
    };
  },

  round(metric, durationMs): RoundResult {
    if (!steps) throw new Error('peers worker used before init');
    const step = steps[metric];
    let calls = 0;
    let sink = 0;
    const t0 = performance.now();
    const end = t0 + durationMs;
    let t = t0;
    do {
      for (let j = 0; j < BATCH; j++) sink ^= step(calls++);
      t = performance.now();
    } while (t < end);
    return { calls, elapsedMs: t - t0, sink };
  },
};

Comlink.expose(api);
