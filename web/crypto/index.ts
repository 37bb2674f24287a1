// The crypto adapter (docs/design.md "Identity, keys and privacy"): Ed25519 verification and X25519
// agreement through WebCrypto when the engine has them and @noble/curves otherwise, behind one
// interface each; signing keys whose secret stays in a closure. The pure core never imports this folder; it receives `verify` injected.
export { verifyEd25519, createEd25519Verifier } from './verify.ts';
export type { Ed25519Backend, Ed25519Verifier, Ed25519VerifierOptions } from './verify.ts';
export { generateSigningKey, signingKeyFromSecret } from './signing.ts';
export type { SigningKey } from './signing.ts';
export { x25519Key } from './x25519.ts';
export type { X25519Backend, X25519Key } from './x25519.ts';
/** S < L (RFC 8032 5.1.7), from the validator's structural checks. Called by tests and import diagnostics. */
export { isCanonicalSignature } from '../core/validate/index.ts';
