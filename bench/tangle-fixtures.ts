// Inputs of the replica metrics, made in the page before anything is timed and never cached on disk:
// valid signed, attached bundles for `replica.ingest_tx_per_s`, a replica database of the graph
// columns of a grown graph for `replica.cold_load_ms.n1e5`, and a replica of 10^5 txs that holds one
// identity's records for `replica.find_tagged_ms.n1e5` and `records.scan_ms.n1e5`.

import { attachBundle, buildBundle, bundlePayload } from '../web/core/bundle/index.ts';
import { GENESIS_ID, MAX_PAYLOAD, NONCE_OFFSET, TX_KINDS, TX_SIZE, TX_VERSION, encodeTx, readIssuedAt, txId, withAttachment } from '../web/core/tx/index.ts';
import { encodeArchive } from '../web/core/validate/index.ts';
import { generateSigningKey } from '../web/crypto/index.ts';
import type { Replica } from '../web/ledger/index.ts';
import { IdbReplicaStore, DEFAULT_SEGMENT_TXS } from '../web/storage/index.ts';
import type { Core, TangleGraph } from '../web/wasm/index.ts';
import { mulberry32 } from './naive-cw.ts';

/** Fills `out` with random bytes (getRandomValues gives at most 65,536 bytes per call). */
export function randomBytes(out: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  for (let off = 0; off < out.length; off += 65536) crypto.getRandomValues(out.subarray(off, Math.min(out.length, off + 65536)));
  return out;
}

/** Bundles approve the tails of the most recent bundles: a tangle of about this many tips. */
const RECENT_TAILS = 8;

/**
 * `bundles` bundles of `bundleTxs` txs each, signed by `keys` keys in turn, attached in a valid DAG:
 * bundle b's head approves (trunk) and all its txs approve (branch) tails of bundles chosen at random
 * among the RECENT_TAILS before it (the genesis for the first). Issued and attached at increasing
 * times within the last hours. PoW with the core at `mwm`. Returned as archives of `archiveTxs` txs
 * (whole bundles, parents always in an earlier archive or earlier in the same one).
 */
export async function makeIngestArchives(
  core: Core,
  o: { txs: number; bundleTxs: number; keys: number; archiveTxs: number; mwm: number },
  progress: (done: number) => void,
): Promise<Uint8Array[]> {
  if (o.txs % o.bundleTxs !== 0 || o.archiveTxs % o.bundleTxs !== 0) throw new Error('txs and archiveTxs must be multiples of bundleTxs');
  const keys = await Promise.all(Array.from({ length: o.keys }, () => generateSigningKey()));
  const bundles = o.txs / o.bundleTxs;
  const pow = async (digest: Uint8Array, mwm: number): Promise<bigint> => {
    const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
    if (r.nonce === null) throw new Error('the PoW search found no nonce');
    return r.nonce;
  };
  // The record spans bundleTxs txs: full payloads and a half-full head.
  const payload = new Uint8Array((o.bundleTxs - 1) * MAX_PAYLOAD + MAX_PAYLOAD / 2);
  const tag = new Uint8Array(32);
  const rng = mulberry32(0x1e57);
  const t0 = Date.now() - 3 * 3600_000 - bundles;
  const tails: Uint8Array[] = [];
  const archives: Uint8Array[] = [];
  let records: { id: Uint8Array; bytes: Uint8Array }[] = [];
  const pick = (b: number) => (b === 0 ? GENESIS_ID : tails[b - 1 - Math.floor(rng() * Math.min(b, RECENT_TAILS))]);
  for (let b = 0; b < bundles; b++) {
    const key = keys[b % keys.length];
    randomBytes(payload);
    randomBytes(tag);
    const issuedAt = t0 + b;
    const txs = await buildBundle({ kind: TX_KINDS.record, issuer: key.publicKey, tag, issuedAt, payload }, (m) => key.sign(m));
    if (txs.length !== o.bundleTxs) throw new Error(`a bundle came out with ${txs.length} txs, not ${o.bundleTxs}`);
    const attached = await attachBundle(txs, { trunk: pick(b), branch: pick(b), attachedAt: issuedAt, mwm: o.mwm, pow });
    for (const bytes of attached) {
      if (bytes.length !== TX_SIZE) throw new Error('an attached tx has the wrong size');
      records.push({ id: txId(bytes), bytes });
    }
    tails.push(records[records.length - o.bundleTxs].id);
    if (records.length === o.archiveTxs) {
      archives.push(encodeArchive(records));
      records = [];
    }
    if (b % 250 === 249) progress((b + 1) * o.bundleTxs);
  }
  if (records.length > 0) archives.push(encodeArchive(records));
  return archives;
}

/**
 * Writes `g`'s txs 1 .. g.size - 1 into a fresh replica database `name` with store.append, in
 * batches of one segment: the graph columns are g's (trunks, branches; attachedAt increasing). Each
 * tx is a one-tx bundle that passes every check a replica makes when it opens (id, PoW at `mwm`,
 * format, parents and time as the columns say): a replica reads a sample of its txs back at open
 * (web/ledger/_open-checks.ts) and refuses random bytes. Its issuer, tag and signature bytes are
 * random (the Ed25519 check runs only at import, never at open); its payload is empty.
 */
export async function fillColdStore(name: string, g: TangleGraph, core: Core, mwm: number): Promise<number> {
  const n = g.size - 1;
  const store = await IdbReplicaStore.open(name);
  try {
    const t0 = Date.now() - 3 * 3600_000 - n;
    const seg = DEFAULT_SEGMENT_TXS;
    const allIds = new Uint8Array((n + 1) * 32); // row 0: the genesis, all zero
    const idOf = (i: number) => allIds.subarray(i * 32, (i + 1) * 32);
    const random = randomBytes(new Uint8Array(seg * 160));
    for (let first = 1; first <= n; first += seg) {
      const count = Math.min(seg, n - first + 1);
      const trunks = new Uint32Array(count);
      const branches = new Uint32Array(count);
      const attachedAt = new Float64Array(count);
      const txs = new Uint8Array(count * TX_SIZE);
      randomBytes(random);
      for (let k = 0; k < count; k++) {
        const i = first + k;
        trunks[k] = g.trunk(i);
        branches[k] = g.branch(i);
        attachedAt[k] = t0 + i;
        const r = random.subarray(k * 160, (k + 1) * 160);
        const unworked = encodeTx({
          version: TX_VERSION,
          kind: TX_KINDS.test,
          index: 0,
          lastIndex: 0,
          issuer: r.subarray(0, 32),
          tag: r.subarray(32, 64),
          issuedAt: attachedAt[k],
          payload: new Uint8Array(0),
          bundle: r.subarray(64, 96),
          trunk: idOf(trunks[k]),
          branch: idOf(branches[k]),
          attachedAt: attachedAt[k],
          signature: r.subarray(96, 160),
          nonce: 0n,
        });
        const found = core.powSearch(core.txHashes(unworked, NONCE_OFFSET).digest, 0n, 2 ** 32 - 1, mwm);
        if (found.nonce === null) throw new Error(`cold load: no nonce for tx ${i}`);
        const tx = withAttachment(unworked, { trunk: idOf(trunks[k]), branch: idOf(branches[k]), attachedAt: attachedAt[k], nonce: found.nonce });
        allIds.set(core.txHashes(tx, NONCE_OFFSET).id, i * 32);
        txs.set(tx, k * TX_SIZE);
      }
      const ids = allIds.slice(first * 32, (first + count) * 32);
      const tags = new Uint8Array(count * 32);
      for (let k = 0; k < count; k++) tags.set(random.subarray(k * 160 + 32, k * 160 + 64), k * 32);
      const { first: at } = await store.append({ txs, ids, tags, trunks, branches, attachedAt });
      if (at !== first) throw new Error(`the store put batch ${first} at index ${at}`);
    }
    const s = await store.stats();
    if (s.txCount !== n) throw new Error(`the cold-load store holds ${s.txCount} txs, not ${n}`);
    return n;
  } finally {
    store.close();
  }
}

/** What fillTaggedReplica made: the identity's bundles, as they were stored. */
export interface TaggedReplica {
  /** The identity's bundles in the order stored (the k-th is the k-th given): tail id (hex) and the payload it carries. */
  mine: { tailId: string; payload: Uint8Array }[];
  /** Txs of each of the identity's bundles. */
  recordTxs: number;
  txs: number;
  bundles: number;
}

/**
 * Fills `replica` (fresh) with o.txs valid txs through importTransactions, as a replica that synced
 * them: bundles of o.otherTxs txs (3.5 KB records of other people, random tags, signed in turn by 4
 * keys) and, spread evenly among them, the identity's bundles `o.mine` (signed, unattached txs as
 * the identity service's sealRecord gives them, all of one length, each issued before the fill
 * starts). Bundles approve tails of the 8 bundles before them; attached at increasing times; PoW at
 * o.mwm; imported in archives of about o.archiveTxs txs (whole bundles), each of which must be
 * stored whole.
 */
export async function fillTaggedReplica(
  core: Core,
  replica: Replica,
  o: { txs: number; mine: Uint8Array[][]; otherTxs: number; archiveTxs: number; mwm: number },
  progress: (done: number) => void,
): Promise<TaggedReplica> {
  const mineTxs = o.mine[0]?.length ?? 0;
  if (o.mine.some((b) => b.length !== mineTxs)) throw new Error('the identity\'s bundles must all have the same number of txs');
  const others = (o.txs - o.mine.length * mineTxs) / o.otherTxs;
  if (!Number.isInteger(others) || others < 0) throw new Error('txs - the identity\'s txs must be a multiple of otherTxs');
  const bundles = others + o.mine.length;
  const keys = await Promise.all(Array.from({ length: 4 }, () => generateSigningKey()));
  // The identity's k-th record is bundle ⌊(k + ½) · bundles / mine⌋: spread over the whole replica,
  // so its reads touch every segment.
  const mineAt = new Map<number, number>();
  for (let k = 0; k < o.mine.length; k++) mineAt.set(Math.floor(((k + 0.5) * bundles) / o.mine.length), k);
  const pow = async (digest: Uint8Array, mwm: number): Promise<bigint> => {
    const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
    if (r.nonce === null) throw new Error('the PoW search found no nonce');
    return r.nonce;
  };
  const rng = mulberry32(0x7a95);
  const t0 = Date.now() - 3 * 3600_000 - bundles;
  const issuedBefore = Math.min(...o.mine.map((b) => readIssuedAt(b[0])));
  if (issuedBefore > t0) throw new Error('the identity\'s records must be issued before the fill\'s first attachment');
  const tails: Uint8Array[] = [];
  const mine: TaggedReplica['mine'] = [];
  let records: { id: Uint8Array; bytes: Uint8Array }[] = [];
  let stored = 0;
  const flush = async () => {
    if (records.length === 0) return;
    const report = await replica.importTransactions(encodeArchive(records));
    if (report.accepted !== records.length) {
      throw new Error(`find tagged: stored ${report.accepted} of ${records.length} txs (${JSON.stringify(report.counts)})`);
    }
    stored += records.length;
    records = [];
    progress(stored);
  };
  const pick = (b: number) => (b === 0 ? GENESIS_ID : tails[b - 1 - Math.floor(rng() * Math.min(b, 8))]);
  for (let b = 0; b < bundles; b++) {
    const k = mineAt.get(b);
    let unattached: Uint8Array[];
    if (k !== undefined) {
      unattached = o.mine[k];
    } else {
      const key = keys[b % keys.length];
      const payload = randomBytes(new Uint8Array((o.otherTxs - 1) * MAX_PAYLOAD + MAX_PAYLOAD / 2));
      const tag = randomBytes(new Uint8Array(32));
      unattached = await buildBundle({ kind: TX_KINDS.record, issuer: key.publicKey, tag, issuedAt: t0 + b, payload }, (m) => key.sign(m));
      if (unattached.length !== o.otherTxs) throw new Error(`a bundle came out with ${unattached.length} txs, not ${o.otherTxs}`);
    }
    const attached = await attachBundle(unattached, { trunk: pick(b), branch: pick(b), attachedAt: t0 + b, mwm: o.mwm, pow });
    const ids = attached.map((bytes) => core.txHashes(bytes, NONCE_OFFSET).id);
    // Head first, as an exporter writes a bundle.
    for (let i = attached.length - 1; i >= 0; i--) records.push({ id: ids[i], bytes: attached[i] });
    tails.push(ids[0]);
    if (k !== undefined) mine.push({ tailId: Array.from(ids[0], (x) => x.toString(16).padStart(2, '0')).join(''), payload: bundlePayload(unattached) });
    if (records.length >= o.archiveTxs) await flush();
  }
  await flush();
  if (stored !== o.txs || replica.txCount !== o.txs) throw new Error(`find tagged: the replica holds ${replica.txCount} txs, not ${o.txs}`);
  return { mine, recordTxs: mineTxs, txs: stored, bundles };
}
