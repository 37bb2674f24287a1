// Bundles (docs/design.md "Transactions and bundles"): the atomic unit of the ledger. Splitting a record
// over txs, the bundle hash, building (signing once, on the tail) and attaching (head to tail, PoW
// injected). Pure TypeScript, no I/O: signing and PoW arrive as functions.
export { MAX_BUNDLE_PAYLOAD, splitPayload, joinPayload, bundlePayload } from './payload.ts';
export { bundleHash } from './hash.ts';
export { buildBundle } from './build.ts';
export type { BundleSpec, SignFn } from './build.ts';
export { attachBundle } from './attach.ts';
export type { AttachOptions, AttachProgress, PowFn } from './attach.ts';
