// A PoW worker: one WASM core instance with its own memory, exposed over comlink. It holds no
// loop of its own: the pool hands it one bounded chunk of nonces at a time, so a chunk is the most
// work that can outlive a cancel, and terminating the worker stops even that.

import * as Comlink from 'comlink';
import { loadCore, type Core } from '../wasm/index.ts';
import type { PowWorkerApi } from './pow-api.ts';

let core: Core | null = null;

const api: PowWorkerApi = {
  async init(module) {
    core ??= await loadCore({ module });
  },
  search(digest, start, count, mwm) {
    if (!core) throw new Error('PoW worker used before init');
    return core.powSearch(digest, start, count, mwm);
  },
};

Comlink.expose(api);
