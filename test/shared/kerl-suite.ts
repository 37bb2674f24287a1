// One vector suite for every implementation of the ternary core: the plain TypeScript reference
// (web/core/ternary + web/core/pow) and the WASM core (web/wasm). Each vector file in test/vectors
// records its source; every entry that applies to our API is checked here, and the entries that do
// not apply are named in a comment with the reason. Expected values are computed by small helpers
// below that read only the vector files, never the implementation under test. The spec is docs/design.md
// "Proof of work (Kerl-PoW v1)".
//
// Also exported: kerlDifferentialSuite, the random comparison against the legacy @iota/kerl package,
// so that the same property runs against both implementations too.
import { expect } from 'chai';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { powDigest, powHashRef, powInputTrits, tritWeight } from '../../web/core/pow/index.ts';
import { vectorTally } from './vector-tally.ts';

export interface KerlSponge {
  reset(): void;
  absorb(trits: Int8Array): void;
  squeeze(length: number): Int8Array;
}

export interface TernaryImpl {
  name: string;
  createKerl(): KerlSponge;
  keccak384(bytes: Uint8Array): Uint8Array; // raw Keccak-384 (pad 0x01), for the "Message" vector
  tritsToBytes(trits: Int8Array): Uint8Array; // 243 -> 48
  bytesToTrits(bytes: Uint8Array): Int8Array; // 48 -> 243
  trytesToTrits(trytes: string): Int8Array;
  tritsToTrytes(trits: Int8Array): string;
  b1t6Encode(bytes: Uint8Array): Int8Array;
  b1t6Decode(trits: Int8Array): Uint8Array; // throws RangeError on invalid input
  powHash(digest: Uint8Array, nonce: bigint): Int8Array; // 243 trits
  powWeight(digest: Uint8Array, nonce: bigint): number;
}

// ---------------------------------------------------------------------------------------------
// Vector files (fetched once; top-level await, so the tests can be registered synchronously).

interface TrytesVectors {
  alphabet: string;
  tryte_table: { char: string; index: number; trits_le: number[] }[];
  vectors: {
    fn: string;
    value?: number;
    length?: number;
    trytes?: string;
    trits_le?: number[];
    trits?: number[];
  }[];
}
interface B1t6Vectors {
  rfc_examples: { bytes_hex: string; trytes: string }[];
  valid: { name: string; bytes_hex: string; trytes: string }[];
  invalid: { name: string; trytes: string; decoded_prefix_hex: string; error: string }[];
}
interface KerlVectors {
  vectors: {
    trytes: { name: string; in_trytes: string; out_trytes: string; squeezes: number }[];
    bytes: { name: string; in_hex: string; out_hex: string }[];
    sum: { name: string; in_hex: string; out_hex: string }[];
  };
}
interface KerlIotaJsVectors {
  vectors: { file: string; in_trytes: string; out_trytes: string; squeeze_trits: number }[];
}
interface KerlSpecVectors {
  keccak_384_check: { in_ascii: string; out_hex: string };
  vectors: { name: string; in_trytes: string; squeeze_trits: number; out_trytes: string }[];
}
interface KerlConvertVectors {
  vectors: {
    function: string;
    name: string;
    in_hex?: string;
    in_trytes?: string;
    in_expr?: string;
    out_hex?: string;
    out_trytes?: string;
    out_expr?: string;
    expect?: string;
  }[];
}
type BulkRow = Record<string, string>;
interface KerlBulkVectors {
  vectors: Record<string, { header: string[]; total_rows: number; first_rows: BulkRow[] }>;
}
interface PowVectors {
  rfc_example: {
    message_hex: string;
    pow_digest_hex: string;
    nonce_hex_le: string;
    nonce_decimal: string;
    curl_input_trytes: string;
  };
  perform_pow_vectors: { vectors: { pow_digest_hex: string }[] };
}

async function _load<T>(file: string): Promise<T> {
  const url = new URL(`../vectors/${file}`, import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load vector file ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const [TRYTES, B1T6, KERL, KERL_IOTAJS, KERL_SPEC, KERL_CONVERT, KERL_BULK, POW] = await Promise.all([
  _load<TrytesVectors>('trytes.json'),
  _load<B1t6Vectors>('b1t6.json'),
  _load<KerlVectors>('kerl.json'),
  _load<KerlIotaJsVectors>('kerl-iotajs.json'),
  _load<KerlSpecVectors>('kerl-spec.json'),
  _load<KerlConvertVectors>('kerl-convert.json'),
  _load<KerlBulkVectors>('kerl-bulk-sample.json'),
  _load<PowVectors>('pow-rfc0024.json'),
]);

// How many vectors each part of the suite runs: the entries of each file as committed (copied
// from the project's shared official vectors), less those a comment below names as not applicable.
// A file cut short or emptied then fails its `ran all N …` test instead of running fewer in silence.
const VECTOR_COUNTS = {
  tryteTable: 27, // trytes.json tryte_table: the whole alphabet
  trytes: 19, // trytes.json vectors: 21, less the 2 TrailingZeros (run in test/core/pow/pow.test.ts)
  b1t6Valid: 14, // b1t6.json: 11 valid + 3 rfc_examples
  b1t6Invalid: 9, // b1t6.json invalid
  kerlConvert: 44, // kerl-convert.json vectors
  kerlSpec: 3, // kerl-spec.json vectors (plus its one keccak_384_check)
  kerlTrytes: 7, // kerl.json vectors.trytes
  kerlBytes: 5, // kerl.json vectors.bytes
  kerlSum: 4, // kerl.json vectors.sum
  kerlIotajs: 3, // kerl-iotajs.json vectors
  bulkRows: 75, // kerl-bulk-sample.json: 25 first_rows of each of the three Kerl tables
  powDigests: 2, // pow-rfc0024.json: the distinct digests of rfc_example and perform_pow_vectors
} as const;

// ---------------------------------------------------------------------------------------------
// Independent helpers: built from trytes.json's alphabet and plain bigint arithmetic, so expected
// values never come from the implementation under test. Their own correctness is checked against
// trytes.json (the "helper" tests below).

const HASH_TRITS = 243;
const HASH_TRYTES = 81;
const HASH_BYTES = 48;
const ALPHABET = TRYTES.alphabet;

/** Trytes -> trits, from the vector alphabet. */
function vTrits(trytes: string): Int8Array {
  const out = new Int8Array(trytes.length * 3);
  for (let i = 0; i < trytes.length; i++) {
    const index = ALPHABET.indexOf(trytes[i]);
    if (index < 0) throw new Error(`test helper: ${JSON.stringify(trytes[i])} is not a tryte`);
    let v = index > 13 ? index - 27 : index;
    for (let j = 0; j < 3; j++) {
      const t = [0, 1, -1][((v % 3) + 3) % 3];
      out[i * 3 + j] = t;
      v = (v - t) / 3;
    }
  }
  return out;
}

/** Trits -> trytes for messages and comparisons; marks invalid trits or a ragged tail with '?'. */
function vTrytes(trits: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < trits.length; i += 3) {
    const group = [trits[i], trits[i + 1], trits[i + 2]];
    if (group.some((t) => t !== -1 && t !== 0 && t !== 1)) {
      out += '?';
      continue;
    }
    const v = group[0] + 3 * group[1] + 9 * group[2];
    out += ALPHABET[v < 0 ? v + 27 : v];
  }
  return out;
}

/** Balanced ternary of `value` in exactly `length` trits (iota.go IntToTrits with a padded size). */
function vIntToTrits(value: bigint, length: number): Int8Array {
  const out = new Int8Array(length);
  let rest = value;
  for (let i = 0; i < length; i++) {
    const t = [0n, 1n, -1n][Number(((rest % 3n) + 3n) % 3n)];
    out[i] = Number(t);
    rest = (rest - t) / 3n;
  }
  if (rest !== 0n) throw new Error(`test helper: ${value} does not fit in ${length} trits`);
  return out;
}

/** iota.go MinTrits: the fewest balanced trits that hold `value` (at least 1). */
function vMinTrits(value: bigint): number {
  const magnitude = value < 0n ? -value : value;
  let n = 1;
  while ((3n ** BigInt(n) - 1n) / 2n < magnitude) n++;
  return n;
}

function vTritsToInt(trits: ArrayLike<number>): bigint {
  let value = 0n;
  for (let i = trits.length - 1; i >= 0; i--) value = value * 3n + BigInt(trits[i]);
  return value;
}

function vHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

function vFlip(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => ~b & 0xff);
}

/** A Go test expression from kerl-convert.json, evaluated to the value it builds. */
type GoValue = { kind: 'trits'; trits: Int8Array } | { kind: 'trytes'; trytes: string } | { kind: 'bytes'; bytes: Uint8Array };

function vGoInt(text: string): bigint {
  const t = text.trim();
  return t.startsWith('-') ? -BigInt(t.slice(1)) : BigInt(t); // BigInt accepts "0x..."
}

function vGoList(text: string): number[] {
  return text.trim() === '' ? [] : text.split(',').map((s) => Number(vGoInt(s)));
}

function evalGoExpr(expr: string): GoValue {
  let m: RegExpMatchArray | null;
  if (expr === 'make(Trits, HashTrinarySize)') return { kind: 'trits', trits: new Int8Array(HASH_TRITS) };
  if ((m = expr.match(/^PadTrits\(Trits\{([^}]*)\}, HashTrinarySize\)$/))) {
    const trits = new Int8Array(HASH_TRITS);
    trits.set(vGoList(m[1]));
    return { kind: 'trits', trits };
  }
  if ((m = expr.match(/^IntToTrits\(([-0-9a-fx]+), HashTrinarySize\)$/i))) {
    return { kind: 'trits', trits: vIntToTrits(vGoInt(m[1]), HASH_TRITS) };
  }
  if ((m = expr.match(/^IntToTrytes\(([-0-9a-fx]+), HashTrytesSize\)$/i))) {
    return { kind: 'trytes', trytes: vTrytes(vIntToTrits(vGoInt(m[1]), HASH_TRYTES * 3)) };
  }
  if ((m = expr.match(/^Trits\{([^}]*)\}$/))) return { kind: 'trits', trits: Int8Array.from(vGoList(m[1])) };
  if ((m = expr.match(/^\[\]byte\{([^}]*)\}$/))) return { kind: 'bytes', bytes: Uint8Array.from(vGoList(m[1])) };
  if ((m = expr.match(/^"([^"]*)"$/))) return { kind: 'trytes', trytes: m[1] };
  throw new Error(`test helper: unknown Go expression ${JSON.stringify(expr)}`);
}

function evalTrits(v: GoValue, where: string): Int8Array {
  if (v.kind === 'trits') return v.trits;
  if (v.kind === 'trytes') return vTrits(v.trytes);
  throw new Error(`${where}: expected trits, got ${v.kind}`);
}

// ---------------------------------------------------------------------------------------------
// Kerl call shapes used by several vector files.

/** Absorb `input` (all at once or one block per call), then squeeze in calls of `squeezeCalls` trits. */
function kerlRun(impl: TernaryImpl, input: Int8Array, squeezeCalls: number[], absorbPerBlock = false): string {
  const kerl = impl.createKerl();
  if (absorbPerBlock) {
    for (let o = 0; o < input.length; o += HASH_TRITS) kerl.absorb(input.slice(o, o + HASH_TRITS));
  } else {
    kerl.absorb(input);
  }
  let out = '';
  for (const length of squeezeCalls) {
    const trits = kerl.squeeze(length);
    expect(trits, `${impl.name}: squeeze(${length}) must return an Int8Array`).to.be.instanceOf(Int8Array);
    expect(trits.length, `${impl.name}: squeeze(${length}) length`).to.equal(length);
    out += vTrytes(trits);
  }
  return out;
}

/**
 * iota.go's byte interface of Kerl (kerl.json "bytes"/"sum"): Write() feeds raw bytes to
 * Keccak-384; each 48-byte Read() chunk is the digest after KerlBytesZeroLastTrit (= bytesToTrits
 * then tritsToBytes); the next chunk hashes the flipped RAW digest.
 */
function kerlBytesRead(impl: TernaryImpl, input: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let message = input;
  for (let o = 0; o < length; o += HASH_BYTES) {
    const raw = Uint8Array.from(impl.keccak384(message));
    const adjusted = impl.tritsToBytes(impl.bytesToTrits(raw));
    out.set(adjusted.subarray(0, Math.min(HASH_BYTES, length - o)), o);
    message = vFlip(raw);
  }
  return out;
}

function blocks(n: number): number[] {
  return Array.from({ length: n }, () => HASH_TRITS);
}

// ---------------------------------------------------------------------------------------------
// The suite.

/** Registers every vector test against the implementation that `load` resolves to. */
export function kerlVectorSuite(load: () => Promise<TernaryImpl>): void {
  describe('Kerl and ternary vectors', function () {
    let impl: TernaryImpl;
    before(async function () {
      impl = await load();
    });

    describe('trytes.json', function () {
      const table = vectorTally('tryte table entries', VECTOR_COUNTS.tryteTable);
      const vectors = vectorTally('trytes.json vectors that apply', VECTOR_COUNTS.trytes);
      it('has all 27 trytes in the table, in alphabet order', function () {
        expect(TRYTES.tryte_table.map((e) => e.char).join(''), 'trytes.json tryte_table').to.equal(ALPHABET);
      });

      for (const e of TRYTES.tryte_table) {
        it(`tryte ${e.char} <-> [${e.trits_le}]`, function () {
          table.ran();
          expect(Array.from(impl.trytesToTrits(e.char)), `${impl.name}: trytesToTrits(${e.char})`).to.deep.equal(e.trits_le);
          expect(impl.tritsToTrytes(Int8Array.from(e.trits_le)), `${impl.name}: tritsToTrytes([${e.trits_le}])`).to.equal(e.char);
          expect(ALPHABET.indexOf(e.char), `trytes.json index of ${e.char}`).to.equal(e.index);
        });
      }

      // TrailingZeros counts from the END of the trits; our weight counts from trit 0, so these
      // vectors are checked (mirrored) against tritWeight in test/core/pow/pow.test.ts instead.
      // t5b1 and ascii: encodings we do not build.
      TRYTES.vectors.forEach((v, i) => {
        const label = `#${i} ${v.fn} ${v.trytes ?? v.value ?? ''}`;
        if (v.fn === 'TrailingZeros') return;
        it(label, function () {
          vectors.ran();
          const msg = `${impl.name}: trytes.json ${label}`;
          switch (v.fn) {
            case 'IntToTrits(v, MinTrits(v))': {
              // Checks this suite's own helper, which kerl-convert.json's IntToTrits expressions use.
              const value = BigInt(v.value!);
              expect(Array.from(vIntToTrits(value, vMinTrits(value))), `helper ${msg}`).to.deep.equal(v.trits_le);
              break;
            }
            case 'TritsToInt':
              expect(vTritsToInt(v.trits_le!), `helper ${msg}`).to.equal(BigInt(v.value!));
              break;
            case 'IntToTrytes':
              expect(impl.tritsToTrytes(vIntToTrits(BigInt(v.value!), v.length! * 3)), msg).to.equal(v.trytes);
              break;
            case 'TrytesToInt':
              expect(vTritsToInt(impl.trytesToTrits(v.trytes!)), msg).to.equal(BigInt(v.value!));
              break;
            case 'TrytesToTrits':
              expect(Array.from(impl.trytesToTrits(v.trytes!)), msg).to.deep.equal(v.trits_le);
              break;
            case 'TritsToTrytes':
              expect(impl.tritsToTrytes(Int8Array.from(v.trits_le!)), msg).to.equal(v.trytes);
              break;
            default:
              expect.fail(`${msg}: vector kind not handled by the suite`);
          }
        });
      });
      table.check();
      vectors.check();
    });

    describe('b1t6.json (TIP-5)', function () {
      const validTally = vectorTally('valid b1t6 vectors', VECTOR_COUNTS.b1t6Valid);
      const invalidTally = vectorTally('invalid b1t6 vectors', VECTOR_COUNTS.b1t6Invalid);
      const valid = [
        ...B1T6.valid.map((v) => ({ label: `valid "${v.name}"`, ...v })),
        ...B1T6.rfc_examples.map((v, i) => ({ label: `rfc_examples[${i}]`, ...v })),
      ];
      for (const v of valid) {
        it(`${v.label}: ${v.bytes_hex || '(empty)'} <-> ${v.trytes || '(empty)'}`, function () {
          validTally.ran();
          const msg = `${impl.name}: b1t6 ${v.label} bytes=${v.bytes_hex}`;
          expect(vTrytes(impl.b1t6Encode(hexToBytes(v.bytes_hex))), `${msg} encode`).to.equal(v.trytes);
          expect(vHex(impl.b1t6Decode(vTrits(v.trytes))), `${msg} decode`).to.equal(v.bytes_hex);
        });
      }
      for (const v of B1T6.invalid) {
        it(`invalid "${v.name}" (${v.trytes}) throws RangeError`, function () {
          invalidTally.ran();
          const msg = `${impl.name}: b1t6Decode of invalid "${v.name}" trytes=${v.trytes} (${v.error})`;
          expect(() => impl.b1t6Decode(vTrits(v.trytes)), msg).to.throw(RangeError);
          // iota.go returns the bytes decoded before the error; the whole groups before it are valid.
          const prefix = hexToBytes(v.decoded_prefix_hex);
          const head = vTrits(v.trytes).slice(0, prefix.length * 6);
          expect(vHex(impl.b1t6Decode(head)), `${msg}: valid prefix`).to.equal(v.decoded_prefix_hex);
        });
      }
      validTally.check();
      invalidTally.check();
    });

    describe('kerl-convert.json (243 trits <-> 48 bytes)', function () {
      const tally = vectorTally('kerl-convert.json vectors', VECTOR_COUNTS.kerlConvert);
      KERL_CONVERT.vectors.forEach((v, i) => {
        const label = `#${i} ${v.function} ${v.name}`;
        it(label, function () {
          tally.ran();
          const msg = `${impl.name}: kerl-convert ${label} in=${v.in_hex ?? v.in_trytes ?? v.in_expr}`;
          const input: GoValue = v.in_hex !== undefined
            ? { kind: 'bytes', bytes: hexToBytes(v.in_hex) }
            : v.in_trytes !== undefined
              ? { kind: 'trytes', trytes: v.in_trytes }
              : evalGoExpr(v.in_expr!);
          const expectedTrits = v.out_trytes !== undefined
            ? vTrits(v.out_trytes)
            : v.out_expr !== undefined
              ? evalTrits(evalGoExpr(v.out_expr), label)
              : undefined;
          const asBytes = (): Uint8Array => {
            if (input.kind !== 'bytes') throw new Error(`${label}: expected bytes input`);
            return input.bytes;
          };
          let run: () => string;
          switch (v.function) {
            case 'KerlBytesZeroLastTrit()':
              run = () => vHex(impl.tritsToBytes(impl.bytesToTrits(asBytes())));
              break;
            case 'KerlTritsToBytes()':
              run = () => vHex(impl.tritsToBytes(evalTrits(input, label)));
              break;
            case 'KerlTrytesToBytes()':
              run = () => {
                if (input.kind !== 'trytes') throw new Error(`${label}: expected trytes input`);
                return vHex(impl.tritsToBytes(impl.trytesToTrits(input.trytes)));
              };
              break;
            case 'KerlBytesToTrits()':
              run = () => vTrytes(impl.bytesToTrits(asBytes()));
              break;
            case 'KerlBytesToTrytes()':
              run = () => impl.tritsToTrytes(impl.bytesToTrits(asBytes()));
              break;
            default:
              expect.fail(`${msg}: function not handled by the suite`);
          }
          if (v.expect === 'error') {
            expect(run, `${msg}: must throw`).to.throw();
          } else if (v.out_hex !== undefined) {
            expect(run(), msg).to.equal(v.out_hex);
          } else {
            expect(expectedTrits, `${label}: vector has no expected output`).to.not.equal(undefined);
            expect(run(), msg).to.equal(vTrytes(expectedTrits!));
          }
        });
      });
      tally.check();
    });

    describe('kerl-spec.json (IOTA-Kerl-spec.md)', function () {
      const check = KERL_SPEC.keccak_384_check;
      it(`keccak_384("${check.in_ascii}") is original Keccak (pad 0x01), not SHA3-384`, function () {
        const out = impl.keccak384(new TextEncoder().encode(check.in_ascii));
        expect(vHex(out), `${impl.name}: keccak384("${check.in_ascii}")`).to.equal(check.out_hex);
      });
      // The spec's inputs end in 'H' (trit 242 = +1): absorb must ignore trit 242.
      const tally = vectorTally('kerl-spec.json vectors', VECTOR_COUNTS.kerlSpec);
      for (const v of KERL_SPEC.vectors) {
        it(`${v.name}: absorb ${v.in_trytes.length / 81} block(s), squeeze ${v.squeeze_trits}`, function () {
          tally.ran();
          const msg = `${impl.name}: kerl-spec "${v.name}" in=${v.in_trytes}`;
          expect(kerlRun(impl, vTrits(v.in_trytes), [v.squeeze_trits]), msg).to.equal(v.out_trytes);
        });
      }
      tally.check();
    });

    describe('kerl.json (iota.go kerl_test.go)', function () {
      const trytesTally = vectorTally('kerl.json trytes vectors', VECTOR_COUNTS.kerlTrytes);
      const bytesTally = vectorTally('kerl.json bytes vectors', VECTOR_COUNTS.kerlBytes);
      const sumTally = vectorTally('kerl.json sum vectors', VECTOR_COUNTS.kerlSum);
      for (const v of KERL.vectors.trytes) {
        it(`trytes "${v.name}": one absorb, ${v.squeezes} squeeze(s), as one call and per block`, function () {
          trytesTally.ran();
          const msg = `${impl.name}: kerl.json trytes "${v.name}" in=${v.in_trytes}`;
          const input = vTrits(v.in_trytes);
          const outTrits = v.out_trytes.length * 3;
          expect(kerlRun(impl, input, [outTrits]), `${msg} (one squeeze call)`).to.equal(v.out_trytes);
          expect(kerlRun(impl, input, blocks(outTrits / HASH_TRITS), true), `${msg} (per-block calls)`).to.equal(v.out_trytes);
        });
      }
      for (const v of KERL.vectors.bytes) {
        it(`bytes "${v.name}": Write ${v.in_hex.length / 2} bytes, Read ${v.out_hex.length / 2}`, function () {
          bytesTally.ran();
          const msg = `${impl.name}: kerl.json bytes "${v.name}" in=${v.in_hex}`;
          expect(vHex(kerlBytesRead(impl, hexToBytes(v.in_hex), v.out_hex.length / 2)), msg).to.equal(v.out_hex);
        });
      }
      for (const v of KERL.vectors.sum) {
        it(`sum "${v.name}": first 48 output bytes`, function () {
          sumTally.ran();
          const msg = `${impl.name}: kerl.json sum "${v.name}" in=${v.in_hex}`;
          expect(vHex(kerlBytesRead(impl, hexToBytes(v.in_hex), HASH_BYTES)), msg).to.equal(v.out_hex);
        });
      }
      trytesTally.check();
      bytesTally.check();
      sumTally.check();
    });

    describe('kerl-iotajs.json (iota.js legacy tests)', function () {
      // The multi-squeeze input ends in 'H': iota.js ignores trit 242 on absorb, and so must we.
      const tally = vectorTally('kerl-iotajs.json vectors', VECTOR_COUNTS.kerlIotajs);
      for (const v of KERL_IOTAJS.vectors) {
        it(`${v.file}: squeeze ${v.squeeze_trits}`, function () {
          tally.ran();
          const msg = `${impl.name}: kerl-iotajs ${v.file} in=${v.in_trytes}`;
          expect(kerlRun(impl, vTrits(v.in_trytes), [v.squeeze_trits]), msg).to.equal(v.out_trytes);
        });
      }
      tally.check();
    });

    describe('kerl-bulk-sample.json (iotaledger/kerl test_vectors)', function () {
      const sets = KERL_BULK.vectors;
      const tally = vectorTally('kerl-bulk-sample.json rows of the three Kerl tables', VECTOR_COUNTS.bulkRows);
      it('has the three Kerl tables (and the address table we skip)', function () {
        expect(Object.keys(sets).sort(), 'kerl-bulk-sample.json tables').to.deep.equal(
          ['generateMultiTrytesAndHash', 'generateNAddressesForSeed', 'generateTrytesAndHashes', 'generateTrytesAndMultiSqueeze'],
        );
      });
      // generateNAddressesForSeed is skipped: addresses need the WOTS key derivation, which this
      // project does not build (we sign with Ed25519, docs/design.md "Identity, keys and privacy").
      sets.generateTrytesAndHashes.first_rows.forEach((row, i) => {
        it(`generateTrytesAndHashes row ${i}`, function () {
          tally.ran();
          const msg = `${impl.name}: generateTrytesAndHashes row ${i} in=${row.trytes}`;
          expect(kerlRun(impl, vTrits(row.trytes), [HASH_TRITS]), msg).to.equal(row.Kerl_hash);
        });
      });
      sets.generateMultiTrytesAndHash.first_rows.forEach((row, i) => {
        it(`generateMultiTrytesAndHash row ${i} (${row.multiTrytes.length / 81} blocks)`, function () {
          tally.ran();
          const msg = `${impl.name}: generateMultiTrytesAndHash row ${i} in=${row.multiTrytes}`;
          const input = vTrits(row.multiTrytes);
          expect(kerlRun(impl, input, [HASH_TRITS]), `${msg} (one absorb call)`).to.equal(row.Kerl_hash);
          expect(kerlRun(impl, input, [HASH_TRITS], true), `${msg} (per-block absorb)`).to.equal(row.Kerl_hash);
        });
      });
      sets.generateTrytesAndMultiSqueeze.first_rows.forEach((row, i) => {
        it(`generateTrytesAndMultiSqueeze row ${i} (3 squeezes)`, function () {
          tally.ran();
          const msg = `${impl.name}: generateTrytesAndMultiSqueeze row ${i} in=${row.trytes}`;
          const expected = row.Kerl_squeeze1 + row.Kerl_squeeze2 + row.Kerl_squeeze3;
          expect(kerlRun(impl, vTrits(row.trytes), blocks(3)), `${msg} (3 calls)`).to.equal(expected);
          expect(kerlRun(impl, vTrits(row.trytes), [3 * HASH_TRITS]), `${msg} (one call)`).to.equal(expected);
        });
      });
      tally.check();
    });

    describe('pow-rfc0024.json (TIP-12 layout, Kerl in place of Curl)', function () {
      // The Curl-P-81 values in this file (pow_hash_trytes, trailing_zeros, score, score_vectors,
      // perform_pow_vectors, target_zeros_vectors) do not apply to Kerl-PoW v1: it hashes the same
      // layout with Kerl and counts zeros from trit 0. What carries over is the digest and the
      // 243-trit layout, checked here on the TS spec module (web/core/pow), and then the
      // implementation's hash is checked against the reference Kerl over that same input.
      const ex = POW.rfc_example;
      const message = hexToBytes(ex.message_hex);
      const digest = hexToBytes(ex.pow_digest_hex);
      const nonceBytes = message.slice(message.length - 8);
      const nonce = nonceBytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);

      it('spec: BLAKE2b-256(message[0:len-8]) equals pow_digest_hex', function () {
        expect(vHex(powDigest(message.slice(0, message.length - 8))), `powDigest of ${ex.message_hex}`).to.equal(ex.pow_digest_hex);
      });
      it('spec: nonce is message[len-8:] little-endian', function () {
        expect(vHex(nonceBytes), 'nonce bytes').to.equal(ex.nonce_hex_le);
        expect(nonce, 'nonce value').to.equal(BigInt(ex.nonce_decimal));
      });
      it('spec: powInputTrits(digest, nonce) as trytes equals curl_input_trytes', function () {
        expect(vTrytes(powInputTrits(digest, nonce)), `powInputTrits(${ex.pow_digest_hex}, ${nonce})`).to.equal(ex.curl_input_trytes);
      });

      const digests = [ex.pow_digest_hex, ...POW.perform_pow_vectors.vectors.map((v) => v.pow_digest_hex)];
      const nonces = [nonce, 0n, 1n, 255n, 256n, 65535n, 65536n, (1n << 32n) - 1n, (1n << 64n) - 1n];
      const tally = vectorTally('distinct pow-rfc0024.json digests', VECTOR_COUNTS.powDigests);
      for (const digestHex of [...new Set(digests)]) {
        it(`powHash/powWeight equal the reference Kerl over the layout, digest ${digestHex.slice(0, 16)}…`, function () {
          tally.ran();
          const d = hexToBytes(digestHex);
          for (const n of nonces) {
            const msg = `${impl.name}: powHash(${digestHex}, ${n})`;
            const expected = powHashRef(d, n);
            const actual = impl.powHash(d, n);
            expect(actual.length, `${msg} length`).to.equal(HASH_TRITS);
            expect(vTrytes(actual), msg).to.equal(vTrytes(expected));
            expect(impl.powWeight(d, n), `${impl.name}: powWeight(${digestHex}, ${n})`).to.equal(tritWeight(expected));
          }
        });
      }
      tally.check();
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Differential property against the legacy JS Kerl (@iota/kerl, bundled by
// scripts/vendor-test-peers.mjs into build/vendor/iota-kerl.js).

interface IotaKerl {
  initialize(): void;
  reset(): void;
  absorb(trits: Int8Array, offset: number, length: number): void;
  squeeze(trits: Int8Array, offset: number, length: number): void;
}

const IOTA_KERL_URL = '/build/vendor/iota-kerl.js';

async function loadIotaKerl(): Promise<new () => IotaKerl> {
  const url: string = IOTA_KERL_URL; // a variable, so tsc does not try to resolve the file
  const mod = (await import(/* @vite-ignore */ url)) as { Kerl?: new () => IotaKerl };
  if (typeof mod.Kerl !== 'function') {
    throw new Error(`${IOTA_KERL_URL} does not export Kerl; run \`node scripts/vendor-test-peers.mjs\``);
  }
  return mod.Kerl;
}

interface KerlShape {
  blocks: number[][]; // each 243 trits, trit 242 = 0
  absorbPerBlock: boolean;
  squeezeBlocks: number[]; // blocks per squeeze call
}

// 1-4 blocks of random trits with trit 242 = 0 (iota.js ignores it anyway), absorbed in one call or
// one block per call, then 1-3 squeeze calls of one or two blocks each.
const kerlShape: fc.Arbitrary<KerlShape> = fc.record({
  blocks: fc.array(
    fc.array(fc.integer({ min: -1, max: 1 }), { minLength: HASH_TRITS - 1, maxLength: HASH_TRITS - 1 }).map((t) => [...t, 0]),
    { minLength: 1, maxLength: 4 },
  ),
  absorbPerBlock: fc.boolean(),
  squeezeBlocks: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 3 }),
});

function runIota(IotaKerlClass: new () => IotaKerl, shape: KerlShape): string {
  const k = new IotaKerlClass();
  k.initialize();
  const input = Int8Array.from(shape.blocks.flat());
  if (shape.absorbPerBlock) {
    for (let o = 0; o < input.length; o += HASH_TRITS) k.absorb(input, o, HASH_TRITS);
  } else {
    k.absorb(input, 0, input.length);
  }
  let out = '';
  for (const n of shape.squeezeBlocks) {
    const trits = new Int8Array(n * HASH_TRITS);
    k.squeeze(trits, 0, trits.length);
    out += vTrytes(trits);
  }
  return out;
}

function runSponge(sponge: KerlSponge, shape: KerlShape): string {
  const input = Int8Array.from(shape.blocks.flat());
  if (shape.absorbPerBlock) {
    for (let o = 0; o < input.length; o += HASH_TRITS) sponge.absorb(input.slice(o, o + HASH_TRITS));
  } else {
    sponge.absorb(input);
  }
  let out = '';
  for (const n of shape.squeezeBlocks) out += vTrytes(sponge.squeeze(n * HASH_TRITS));
  return out;
}

/**
 * Registers a fast-check property: `load`'s Kerl equals @iota/kerl on random absorb/squeeze
 * shapes. The seed is fixed by the caller and printed in the test name and any failure.
 */
export function kerlDifferentialSuite(
  load: () => Promise<Pick<TernaryImpl, 'name' | 'createKerl'>>,
  options: { seed: number; numRuns: number },
): void {
  const { seed, numRuns } = options;
  describe('Kerl differential against @iota/kerl', function () {
    it(`agrees on ${numRuns} random absorb/squeeze shapes (fast-check seed ${seed})`, async function () {
      this.timeout(600_000);
      const [impl, IotaKerlClass] = await Promise.all([load(), loadIotaKerl()]);
      const property = fc.property(kerlShape, (shape) => {
        const expected = runIota(IotaKerlClass, shape);
        const actual = runSponge(impl.createKerl(), shape);
        const input = vTrytes(shape.blocks.flat());
        expect(actual, `${impl.name} vs @iota/kerl (seed ${seed}): input=${input} absorbPerBlock=${shape.absorbPerBlock} squeezeBlocks=[${shape.squeezeBlocks}]`).to.equal(expected);
      });
      try {
        fc.assert(property, { seed, numRuns });
      } catch (error) {
        throw new Error(`Kerl differential failed with fast-check seed ${seed}: ${(error as Error).message}`);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Long inputs against @iota/kerl: past the WASM core's trit buffer (TRITS_CAP, 64 blocks), so
// absorb and squeeze run through the wrapper's chunking (web/wasm/core.ts), with call boundaries
// anywhere, and trit 242 of every block set to +1 or -1 (Kerl ignores it in the conversion to
// bytes; both sides must).

/** Blocks the WASM core takes per call (assembly/layout.ts TRITS_CAP / 243). */
const CORE_BUFFER_BLOCKS = 64;

interface LongKerlCase {
  /** Blocks of 243 trits, trit 242 of each +1 or -1. */
  input: Int8Array;
  /** Blocks per absorb call, in order; they sum to input.length / 243. */
  absorbCalls: number[];
  /** Blocks per squeeze call, in order. */
  squeezeCalls: number[];
}

/** Splits `total` blocks at the given cut points (1 .. total - 1, any order, repeats allowed). */
function _splitAt(total: number, cuts: number[]): number[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < total))].sort((a, b) => a - b);
  const sizes: number[] = [];
  let last = 0;
  for (const p of [...points, total]) {
    sizes.push(p - last);
    last = p;
  }
  return sizes;
}

/** Cut points: anywhere, or at and around multiples of the core's buffer. */
const _cuts = (total: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof(fc.integer({ min: 1, max: Math.max(1, total - 1) }), fc.constantFrom(1, 63, 64, 65, 127, 128, 129)), { maxLength: 8 });

// 65-200 blocks: random trits, or (1 block in 8) the first 242 all -1, all 0 or all +1 (all -1
// is a special case of @iota/kerl's conversion). Absorbed in 1-9 calls split anywhere, then
// 1-150 blocks squeezed in 1-9 calls.
const longKerlCase: fc.Arbitrary<LongKerlCase> = fc
  .record({ blocks: fc.integer({ min: CORE_BUFFER_BLOCKS + 1, max: 200 }), squeezed: fc.integer({ min: 1, max: 150 }) })
  .chain(({ blocks, squeezed }) =>
    fc.record({
      bytes: fc.uint8Array({ minLength: blocks * HASH_TRITS, maxLength: blocks * HASH_TRITS }),
      kinds: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: blocks, maxLength: blocks }),
      last: fc.array(fc.constantFrom(-1, 1), { minLength: blocks, maxLength: blocks }),
      absorbCuts: _cuts(blocks),
      squeezeCuts: _cuts(squeezed),
    }).map(({ bytes, kinds, last, absorbCuts, squeezeCuts }) => {
      const input = new Int8Array(blocks * HASH_TRITS);
      for (let b = 0; b < blocks; b++) {
        const o = b * HASH_TRITS;
        for (let i = 0; i < HASH_TRITS - 1; i++) input[o + i] = kinds[b] < 3 ? kinds[b] - 1 : (bytes[o + i] % 3) - 1;
        input[o + HASH_TRITS - 1] = last[b];
      }
      return { input, absorbCalls: _splitAt(blocks, absorbCuts), squeezeCalls: _splitAt(squeezed, squeezeCuts) };
    }),
  );

/** @iota/kerl's outputs for the cases of one seed, kept for the next implementation run on them. */
const _longExpected = new Map<string, Int8Array>();

/** @iota/kerl's output: one absorb of everything, one squeeze of every block. */
function _iotaLong(IotaKerlClass: new () => IotaKerl, input: Int8Array, squeezeBlocks: number): Int8Array {
  const k = new IotaKerlClass();
  k.initialize();
  k.absorb(input, 0, input.length);
  const out = new Int8Array(squeezeBlocks * HASH_TRITS);
  k.squeeze(out, 0, out.length);
  return out;
}

/**
 * Registers the long-input comparison: `cases` random cases (fast-check seed `seed`, printed in
 * the test name and any failure) of `load`'s Kerl, absorbed and squeezed in the case's calls,
 * against @iota/kerl. Asserts that every case ran and that the cases cross the core's buffer.
 */
export function kerlLongDifferentialSuite(
  load: () => Promise<Pick<TernaryImpl, 'name' | 'createKerl'>>,
  options: { seed: number; cases: number },
): void {
  const { seed, cases } = options;
  describe('Kerl differential against @iota/kerl, inputs longer than 64 blocks', function () {
    it(`agrees on ${cases} inputs of 65-200 blocks with trit 242 set, split anywhere (seed ${seed})`, async function () {
      this.timeout(600_000);
      const [impl, IotaKerlClass] = await Promise.all([load(), loadIotaKerl()]);
      const samples = fc.sample(longKerlCase, { seed, numRuns: cases });
      let ran = 0;
      let longAbsorbCalls = 0;
      let longSqueezeCalls = 0;
      let offBufferCuts = 0;
      for (const [n, c] of samples.entries()) {
        const blocks = c.input.length / HASH_TRITS;
        const squeezed = c.squeezeCalls.reduce((a, b) => a + b, 0);
        const where = `${impl.name} vs @iota/kerl, seed ${seed}, case ${n}: ${blocks} blocks absorbed as [${c.absorbCalls}], ${squeezed} squeezed as [${c.squeezeCalls}]`;
        let expected = _longExpected.get(`${seed}/${cases}/${n}`);
        if (!expected) {
          expected = _iotaLong(IotaKerlClass, c.input, squeezed);
          // The oracle itself ignores trit 242: the same input with every trit 242 zeroed gives the same.
          const zeroed = c.input.slice();
          for (let o = HASH_TRITS - 1; o < zeroed.length; o += HASH_TRITS) zeroed[o] = 0;
          expect(vTrytes(_iotaLong(IotaKerlClass, zeroed, squeezed)), `${where}: @iota/kerl with trit 242 zeroed`).to.equal(vTrytes(expected));
          _longExpected.set(`${seed}/${cases}/${n}`, expected);
        }

        const sponge = impl.createKerl();
        let at = 0;
        for (const k of c.absorbCalls) {
          sponge.absorb(c.input.slice(at * HASH_TRITS, (at + k) * HASH_TRITS));
          at += k;
        }
        const actual = new Int8Array(squeezed * HASH_TRITS);
        at = 0;
        for (const k of c.squeezeCalls) {
          const out = sponge.squeeze(k * HASH_TRITS);
          expect(out.length, `${where}: squeeze(${k * HASH_TRITS}) length`).to.equal(k * HASH_TRITS);
          actual.set(out, at * HASH_TRITS);
          at += k;
        }
        if (vTrytes(actual) !== vTrytes(expected)) {
          let first = 0;
          while (vTrytes(actual.subarray(first * HASH_TRITS, (first + 1) * HASH_TRITS)) === vTrytes(expected.subarray(first * HASH_TRITS, (first + 1) * HASH_TRITS))) first++;
          expect.fail(`${where}: the output differs from squeezed block ${first} on`);
        }
        ran++;
        if (c.absorbCalls.some((k) => k > CORE_BUFFER_BLOCKS)) longAbsorbCalls++;
        if (c.squeezeCalls.some((k) => k > CORE_BUFFER_BLOCKS)) longSqueezeCalls++;
        let edge = 0;
        for (const k of c.absorbCalls.slice(0, -1)) {
          edge += k;
          if (edge % CORE_BUFFER_BLOCKS !== 0) offBufferCuts++;
        }
      }
      expect(ran, `cases run (seed ${seed})`).to.equal(cases);
      // The cases must reach what they are for: single calls past the buffer, on both sides, and
      // calls that end inside a buffer's worth of blocks.
      expect(longAbsorbCalls, `cases with an absorb call over ${CORE_BUFFER_BLOCKS} blocks (seed ${seed})`).to.be.at.least(cases / 4);
      expect(longSqueezeCalls, `cases with a squeeze call over ${CORE_BUFFER_BLOCKS} blocks (seed ${seed})`).to.be.at.least(cases / 8);
      expect(offBufferCuts, `absorb call boundaries off a multiple of ${CORE_BUFFER_BLOCKS} blocks (seed ${seed})`).to.be.at.least(cases);
    });
  });
}
