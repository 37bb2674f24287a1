// The vault record's byte format, version 1 (internal to web/vault; docs/vault.md). One record per
// identity, stored whole as one value, so that "a byte of the stored vault" has one meaning:
//
//   magic "MTV1" (4) | id (16) | role (1: 1 patient, 2 doctor, 3 clinic) | created at (8, u64 ms, BE)
//   | label length (1) | label (UTF-8) | N as log2 (1) | r (1) | p (1) | salt (16)          = header
//   | wrapped vault key: nonce (24) | ciphertext + tag (32 + 16)
//   | field count (1) | per field: name length (1) | name (ASCII) | nonce (24) | length (4, BE) | box
//   | checksum: SHA-256 of every byte before it (32)
//
// The vault key is wrapped under scrypt(passphrase, salt, N, r, p) with the header as AD; each
// field is sealed under the vault key with the identity id and the field name as AD. So any changed
// byte of the header refuses the unlock, and of a field refuses that field; the checksum tells a damaged
// record (a disk fault) from a wrong passphrase, which it cannot tell apart from the AEAD alone.
import { sha256 } from '@noble/hashes/sha2.js';

export const _MAGIC = Uint8Array.of(0x4d, 0x54, 0x56, 0x31);
export const _ID_BYTES = 16;
export const _SALT_BYTES = 16;
export const _NONCE_BYTES = 24;
export const _KEY_BYTES = 32;
export const _TAG_BYTES = 16;
const _ROLES = ['patient', 'doctor', 'clinic'] as const;
export type _Role = (typeof _ROLES)[number];

/** Scrypt's parameters, as the header keeps them so that they can be raised later. */
export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** A sealed value: nonce and ciphertext with its tag. */
export interface _Box {
  nonce: Uint8Array;
  box: Uint8Array;
}

/** A parsed vault record. */
export interface _Record {
  id: Uint8Array;
  role: _Role;
  createdAt: number;
  label: string;
  kdf: KdfParams;
  salt: Uint8Array;
  /** The header's bytes (the AD of the wrap and, with a field's name, of each field). */
  header: Uint8Array;
  wrappedKey: _Box;
  fields: Map<string, _Box>;
}

/** Why a stored record cannot be read: it is not a vault record, or a byte of it changed. */
export class _Damaged extends Error {}

class _Writer {
  parts: Uint8Array[] = [];
  bytes(b: Uint8Array): void {
    this.parts.push(b.slice());
  }
  u8(v: number): void {
    this.parts.push(Uint8Array.of(v));
  }
  u32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, false);
    this.parts.push(b);
  }
  u64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), false);
    this.parts.push(b);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** The header bytes for these clear fields. */
export function _header(r: Pick<_Record, 'id' | 'role' | 'createdAt' | 'label' | 'kdf' | 'salt'>): Uint8Array {
  const w = new _Writer();
  w.bytes(_MAGIC);
  w.bytes(r.id);
  w.u8(_ROLES.indexOf(r.role) + 1);
  w.u64(r.createdAt);
  const label = new TextEncoder().encode(r.label);
  if (label.length > 255) throw new RangeError('label must be at most 255 bytes of UTF-8');
  w.u8(label.length);
  w.bytes(label);
  w.u8(Math.log2(r.kdf.N));
  w.u8(r.kdf.r);
  w.u8(r.kdf.p);
  w.bytes(r.salt);
  return w.done();
}

/** The whole stored record. */
export function _encode(r: _Record): Uint8Array {
  const w = new _Writer();
  w.bytes(r.header);
  w.bytes(r.wrappedKey.nonce);
  w.bytes(r.wrappedKey.box);
  w.u8(r.fields.size);
  for (const [name, f] of r.fields) {
    w.u8(name.length);
    w.bytes(new TextEncoder().encode(name));
    w.bytes(f.nonce);
    w.u32(f.box.length);
    w.bytes(f.box);
  }
  const body = w.done();
  const out = new Uint8Array(body.length + 32);
  out.set(body);
  out.set(sha256(body), body.length);
  return out;
}

/** Reads a stored record; throws _Damaged when it is not one or its checksum fails. */
export function _decode(bytes: Uint8Array): _Record {
  if (!(bytes instanceof Uint8Array) || bytes.length < 32 + _MAGIC.length) throw new _Damaged('too short to be a vault record');
  const body = bytes.subarray(0, bytes.length - 32);
  const sum = sha256(body);
  for (let i = 0; i < 32; i++) if (sum[i] !== bytes[body.length + i]) throw new _Damaged('its checksum does not match: a byte of it changed');
  let at = 0;
  const take = (n: number) => {
    if (at + n > body.length) throw new _Damaged('it ends too early');
    const b = body.subarray(at, at + n);
    at += n;
    return b;
  };
  const magic = take(4);
  if (magic.some((b, i) => b !== _MAGIC[i])) throw new _Damaged('it is not a vault record of format 1');
  const id = take(_ID_BYTES).slice();
  const roleByte = take(1)[0];
  const role = _ROLES[roleByte - 1];
  if (!role) throw new _Damaged(`its role ${roleByte} is unknown`);
  const createdAt = Number(new DataView(take(8).slice().buffer).getBigUint64(0, false));
  const label = new TextDecoder('utf-8', { fatal: false }).decode(take(take(1)[0]));
  const [logN, r, p] = take(3);
  if (logN < 1 || logN > 30 || r < 1 || p < 1) throw new _Damaged('its key-derivation parameters are out of range');
  const salt = take(_SALT_BYTES).slice();
  const header = body.slice(0, at);
  const wrappedKey = { nonce: take(_NONCE_BYTES).slice(), box: take(_KEY_BYTES + _TAG_BYTES).slice() };
  const fields = new Map<string, _Box>();
  const count = take(1)[0];
  for (let k = 0; k < count; k++) {
    const name = String.fromCharCode(...take(take(1)[0]));
    const nonce = take(_NONCE_BYTES).slice();
    const length = new DataView(take(4).slice().buffer).getUint32(0, false);
    fields.set(name, { nonce, box: take(length).slice() });
  }
  if (at !== body.length) throw new _Damaged('it has bytes after its last field');
  return { id, role, createdAt, label, kdf: { N: 2 ** logN, r, p }, salt, header, wrappedKey, fields };
}
