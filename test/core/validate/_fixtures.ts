// Shared builders for the validation tests (not a test file): validly worked txs and bundles at a
// small MWM, a Map-backed replica lookup keyed by hex id, and helpers to corrupt a field and redo
// the PoW, so that the check under test (not POW) is what fails.
import { bytesToHex } from '@noble/hashes/utils.js';
import { attachBundle, buildBundle } from '../../../web/core/bundle/index.ts';
import { powDigest } from '../../../web/core/pow/index.ts';
import {
  GENESIS_ID,
  TX_KINDS,
  powEssence,
  readAttachedAt,
  readBranch,
  readTrunk,
  txId,
  withAttachment,
} from '../../../web/core/tx/index.ts';
import { IngestPipeline, type IngestContext, type ReplicaLookup } from '../../../web/core/validate/index.ts';
import { signingKeyFromSecret, verifyEd25519, type SigningKey } from '../../../web/crypto/index.ts';
import { loadCore } from '../../../web/wasm/index.ts';

export type Core = Awaited<ReturnType<typeof loadCore>>;

export const MWM = 2;
export const NOW = Date.UTC(2025, 5, 1, 12);
export const ISSUED = NOW - 60_000;
export const ATTACHED = NOW - 30_000;
export const TAG = new Uint8Array(32).fill(0x42);
export const alice: SigningKey = signingKeyFromSecret(new Uint8Array(32).fill(0xa1));
export const mallory: SigningKey = signingKeyFromSecret(new Uint8Array(32).fill(0x0d));

let _core: Promise<Core> | undefined;
/** The WASM core, loaded once for all validation tests. */
export function core(): Promise<Core> {
  _core ??= loadCore();
  return _core;
}

/** A tiny PoW search with the WASM core. */
export async function search(digest: Uint8Array, mwm: number): Promise<bigint> {
  const r = (await core()).powSearch(digest, 0n, 2 ** 32 - 1, mwm);
  if (r.nonce === null) throw new Error('no nonce found');
  return r.nonce;
}

export const hex = bytesToHex;

/** A Map-backed replica: hex id -> attachedAt. */
export class MapLookup implements ReplicaLookup {
  readonly map = new Map<string, number>();
  has(id: Uint8Array): boolean {
    return this.map.has(bytesToHex(id));
  }
  attachedAt(id: Uint8Array): number | undefined {
    return this.map.get(bytesToHex(id));
  }
  /** Stores accepted bundles, as the replica would. */
  store(txs: Uint8Array[]): void {
    for (const t of txs) this.map.set(bytesToHex(txId(t)), readAttachedAt(t));
  }
}

/** A pipeline with the real WASM weight and the real Ed25519 adapter. */
export async function pipeline(lookup = new MapLookup(), extra: Partial<IngestContext> = {}): Promise<{ p: IngestPipeline; lookup: MapLookup }> {
  const c = await core();
  const p = new IngestPipeline({
    mwm: MWM,
    now: () => NOW,
    powWeight: (d, n) => c.powWeight(d, n),
    verify: verifyEd25519,
    lookup,
    ...extra,
  });
  return { p, lookup };
}

export interface BundleOptions {
  size?: number; // number of txs
  key?: SigningKey;
  issuer?: Uint8Array;
  issuedAt?: number;
  attachedAt?: number;
  trunk?: Uint8Array;
  branch?: Uint8Array;
  kind?: number;
  salt?: number;
  /** Changes the unattached txs before attaching (then the chain is still right). */
  tamper?: (txs: Uint8Array[]) => void;
  sign?: (m: Uint8Array) => Promise<Uint8Array>;
}

/** Signed, unattached txs of `size` txs (payload 1024 * (size - 1) + 10 bytes), after `tamper`. */
export async function build(o: BundleOptions = {}): Promise<Uint8Array[]> {
  const size = o.size ?? 1;
  const key = o.key ?? alice;
  const payload = Uint8Array.from({ length: 1024 * (size - 1) + 10 }, (_, i) => (i + (o.salt ?? 0)) & 0xff);
  const txs = await buildBundle(
    { kind: o.kind ?? TX_KINDS.record, issuer: o.issuer ?? key.publicKey, tag: TAG, issuedAt: o.issuedAt ?? ISSUED, payload },
    o.sign ?? key.sign,
  );
  o.tamper?.(txs);
  return txs;
}

/** Attaches unattached txs with the small-MWM search. */
export function attach(txs: Uint8Array[], o: BundleOptions = {}): Promise<Uint8Array[]> {
  return attachBundle(txs, {
    trunk: o.trunk ?? GENESIS_ID,
    branch: o.branch ?? GENESIS_ID,
    attachedAt: o.attachedAt ?? Math.max(ATTACHED, o.issuedAt ?? ISSUED),
    mwm: MWM,
    pow: search,
  });
}

/** A signed, attached, worked bundle. */
export async function bundle(o: BundleOptions = {}): Promise<Uint8Array[]> {
  return attach(await build(o), o);
}

/** A copy of `tx` with `patch(bytes)` applied and the PoW redone (the attachment fields kept). */
export async function rework(tx: Uint8Array, patch: (b: Uint8Array) => void): Promise<Uint8Array> {
  const b = tx.slice();
  patch(b);
  const nonce = await search(powDigest(powEssence(b)), MWM);
  return withAttachment(b, { trunk: readTrunk(b), branch: readBranch(b), attachedAt: readAttachedAt(b), nonce });
}

/** A copy of `tx` whose nonce has weight below MWM. */
export async function unworked(tx: Uint8Array): Promise<Uint8Array> {
  const c = await core();
  const digest = powDigest(powEssence(tx));
  let nonce = 0n;
  while (c.powWeight(digest, nonce) >= MWM) nonce++;
  return withAttachment(tx, { trunk: readTrunk(tx), branch: readBranch(tx), attachedAt: readAttachedAt(tx), nonce });
}

/** Records as an archive or a peer would send them: with their claimed ids. */
export function records(...txs: Uint8Array[]): { id: Uint8Array; bytes: Uint8Array }[] {
  return txs.map((bytes) => ({ id: txId(bytes), bytes }));
}
