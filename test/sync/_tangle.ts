// A seeded valid Tangle for the sync tests (not a test file): bundles of 1..3 txs by the fuzz
// campaign's test keys, each approving two earlier txs (or the genesis), attached at rising times
// with PoW at the fuzz network's small MWM, built the way test/fuzz/_tx.ts builds honest bundles.
// Also: forged copies (a payload byte changed after signing, PoW redone, so the tx is well formed and
// only its bundle hash or signature gives it away), and replicas on the in-memory store.
import { Replica, coreServices } from '../../web/ledger/index.ts';
import { MemoryReplicaStore, type ReplicaStore } from '../../web/storage/index.ts';
import { loadCore, loadGraph, type Core, type TangleGraph } from '../../web/wasm/index.ts';
import { encodeArchive } from '../../web/core/validate/index.ts';
import { MAX_PAYLOAD, PAYLOAD_OFFSET, TX_KINDS } from '../../web/core/tx/layout.ts';
import { FUZZ_NETWORK, MWM } from '../fuzz/_format.ts';
import { NOW } from '../fuzz/_gen.ts';
import { Rng } from '../fuzz/_rng.ts';
import { KEYS, attach, essences, hex, idOf, seal, sign } from '../fuzz/_tx.ts';

export { FUZZ_NETWORK, NOW, hex };

let _core: Promise<Core> | undefined;
/** The WASM core, loaded once. */
export function core(): Promise<Core> {
  _core ??= loadCore();
  return _core;
}

function _pow(c: Core) {
  return (digest: Uint8Array, mwm: number): bigint => {
    const r = c.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
    if (r.nonce === null) throw new Error('no nonce found');
    return r.nonce;
  };
}

/** One tx of a generated Tangle: its bytes, id (hex) and the index of its bundle. */
export interface TangleTx {
  bytes: Uint8Array;
  id: string;
  bundle: number;
}

/**
 * A valid Tangle of about `txs` txs (whole bundles), in attachment order (parents first), from
 * `seed`. Attachment times rise by 0..2 s per bundle and end before NOW.
 */
export async function tangle(seed: number, txs: number): Promise<TangleTx[][]> {
  const rng = new Rng(seed);
  const pow = _pow(await core());
  const bundles: TangleTx[][] = [];
  const ids: Uint8Array[] = [];
  let count = 0;
  let t = NOW - 3600_000 - txs * 2000;
  while (count < txs) {
    const key = rng.pick(KEYS);
    const size = Math.min(rng.range(1, 3), txs - count);
    const pick = () => (ids.length === 0 ? new Uint8Array(32) : ids[ids.length - 1 - rng.int(Math.min(ids.length, 30))]);
    t += rng.int(2000);
    const raw = essences({
      kind: TX_KINDS.record,
      issuer: key.publicKey,
      tag: rng.bytes(32),
      issuedAt: t,
      payloads: Array.from({ length: size }, () => rng.bytes(rng.int(Math.min(MAX_PAYLOAD, 64) + 1))),
    });
    const attached = attach(seal(raw, (m) => sign(key, m)), pow, MWM, { trunk: pick(), branch: pick(), attachedAt: t });
    // Attached head to tail: the head (last index) approves the chosen trunk; the tail is index 0.
    const b = attached.map((bytes) => ({ bytes, id: hex(idOf(bytes)), bundle: bundles.length })).reverse();
    bundles.push(b);
    for (const x of b) ids.push(idOf(x.bytes));
    count += size;
  }
  return bundles;
}

/**
 * A forged copy of a bundle (given head first): a payload byte of the tail changed after signing,
 * then attached again on the same parents with fresh PoW, so ids chain and only the bundle hash
 * gives it away. Returned head first.
 */
export async function forge(bundle: TangleTx[], salt: number): Promise<TangleTx[]> {
  const pow = _pow(await core());
  const txs = bundle.map((x) => x.bytes.slice()).reverse();
  txs[0][PAYLOAD_OFFSET] ^= 1 + (salt & 0x7f);
  return attach(txs, pow, MWM)
    .map((bytes) => ({ bytes, id: hex(idOf(bytes)), bundle: bundle[0].bundle }))
    .reverse();
}

/** The archive of `txs` for the fuzz network. */
export function archive(txs: readonly TangleTx[]): Uint8Array {
  return encodeArchive(txs.map((x) => ({ id: idOf(x.bytes), bytes: x.bytes })), FUZZ_NETWORK);
}

/** A replica of the fuzz network on `store` (the in-memory one by default), with the clock at NOW. */
export async function replica(store: ReplicaStore = new MemoryReplicaStore(), graph?: TangleGraph): Promise<Replica> {
  return Replica.open({ store, graph: graph ?? (await loadGraph()), ...coreServices(await core()), network: FUZZ_NETWORK, now: () => NOW });
}

/** The stored ids of a replica, sorted hex. */
export async function storedIds(r: Replica): Promise<string[]> {
  const { ids } = await r.syncItems();
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 32) out.push(hex(ids.subarray(i, i + 32)));
  return out.sort();
}
