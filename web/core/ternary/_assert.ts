// Boundary checks shared by the ternary reference modules (internal: not exported from index.ts).
// Each check names the caller's argument, so a bad call says which value was wrong.

/** Throws TypeError unless `value` is an Int8Array. */
export function _assertInt8Array(value: unknown, name: string): asserts value is Int8Array {
  if (!(value instanceof Int8Array)) {
    throw new TypeError(`${name} must be an Int8Array of trits, got ${_describe(value)}`);
  }
}

/** Throws TypeError unless `value` is a Uint8Array. */
export function _assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a Uint8Array, got ${_describe(value)}`);
  }
}

/** Throws RangeError at the first element that is not a balanced trit (-1, 0 or 1). */
export function _assertTritValues(trits: Int8Array, name: string): void {
  for (let i = 0; i < trits.length; i++) {
    const t = trits[i];
    if (t < -1 || t > 1) throw new RangeError(`${name}[${i}] = ${t} is not a trit (-1, 0 or 1)`);
  }
}

/** Throws RangeError unless `length` is exactly `expected`. */
export function _assertLength(length: number, expected: number, name: string): void {
  if (length !== expected) {
    throw new RangeError(`${name} must have length ${expected}, got ${length}`);
  }
}

function _describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
