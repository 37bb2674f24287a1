// Little-endian field access and boundary checks for the tx layout (internal: not exported from
// index.ts). Plain byte arithmetic, no DataView: the readers run on the validator's and the
// replica's hot paths (docs/design.md "Validation of everything that arrives").
import { TX_SIZE } from './layout.ts';

const TWO_32 = 2 ** 32;

export function _u16(b: Uint8Array, off: number): number {
  return b[off] | (b[off + 1] << 8);
}

export function _u32(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

/** A u64 as a number: exact up to 2^53 - 1, the nearest double beyond (far in the future for ms). */
export function _u64Number(b: Uint8Array, off: number): number {
  return _u32(b, off + 4) * TWO_32 + _u32(b, off);
}

export function _u64BigInt(b: Uint8Array, off: number): bigint {
  return (BigInt(_u32(b, off + 4)) << 32n) | BigInt(_u32(b, off));
}

export function _putU16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
}

export function _putU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}

/** Writes a safe non-negative integer as a u64. */
export function _putU64Number(b: Uint8Array, off: number, v: number): void {
  _putU32(b, off, v % TWO_32);
  _putU32(b, off + 4, Math.floor(v / TWO_32));
}

export function _putU64BigInt(b: Uint8Array, off: number, v: bigint): void {
  _putU32(b, off, Number(v & 0xffffffffn));
  _putU32(b, off + 4, Number((v >> 32n) & 0xffffffffn));
}

export function _isZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/** Throws TypeError/RangeError unless `bytes` is a whole tx (exactly TX_SIZE bytes). */
export function _assertTx(bytes: unknown, name = 'bytes'): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (bytes.length !== TX_SIZE) throw new RangeError(`${name} must be a tx of ${TX_SIZE} bytes, got ${bytes.length}`);
}

export function _assertBytes(value: unknown, length: number, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (value.length !== length) throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
}

export function _assertUint(value: unknown, max: number, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in 0..${max}, got ${String(value)}`);
  }
}

/** A timestamp in ms: a safe non-negative integer (a u64 that a number holds exactly). */
export function _assertTime(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer of ms, got ${String(value)}`);
  }
}

export function _assertNonce(value: unknown, name = 'nonce'): asserts value is bigint {
  if (typeof value !== 'bigint') throw new TypeError(`${name} must be a bigint, got ${typeof value}`);
  if (value < 0n || value > 0xffffffffffffffffn) throw new RangeError(`${name} must be in 0..2^64-1, got ${value}`);
}
