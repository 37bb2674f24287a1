// Writes assembly/keccak_f.ts: every Keccak-f[1600] permutation of the core, from one definition of
// the round: the general one (the Keccak-384 sponge, keccak.ts) and the two specialised for one
// Kerl-PoW block (pow.ts). Run by `npm run build:wasm` before asc; the output is committed so that
// it can be read and reviewed, and this script rewrites it only when its text changes.
//
// Why generated: the same 24 rounds are written out four ways (general, PoW scalar, and a 2-way
// v128 stream interleaved statement by statement with a scalar stream), which is error-prone by
// hand. The round follows the Keccak reference (keccak.team, "The Keccak
// reference" 3.0, section 1.2): theta, rho, pi, chi, iota.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../assembly/keccak_f.ts', import.meta.url));

/** rho offsets r[x][y], Keccak reference table 2. */
const RHO = [
  [0, 36, 3, 41, 18],
  [1, 44, 10, 45, 2],
  [62, 6, 43, 15, 61],
  [28, 55, 25, 21, 56],
  [27, 20, 39, 8, 14],
];
/** pi moves lane (x, y) to (y, 2x + 3y): PI_SOURCE[b] is the (x, y) that lands on lane b. */
const PI_SOURCE = [];
for (let x = 0; x < 5; x++) {
  for (let y = 0; y < 5; y++) PI_SOURCE[y + 5 * ((2 * x + 3 * y) % 5)] = [x, y];
}
/** The digest lanes 0..5 come from chi on planes 0 and 1, which read b0..b9; b8 and b9 are not needed. */
const LAST_B = 8;
const DIGEST_LANES = 6;

// One emitter per lane type: the scalar one uses u64 and rotl, the SIMD one i64x2 with a
// shift pair (WebAssembly SIMD has no 64-bit rotate), and v128.andnot for chi.
const scalar = {
  xor: (a, b) => `${a} ^ ${b}`,
  rot: (a, n) => (n === 0 ? a : `rotl<u64>(${a}, ${n})`),
  chi: (b0, b1, b2) => `${b0} ^ (~${b1} & ${b2})`,
  iota: (a, round) => `(${a}) ^ load<u64>(RC_PTR + (<usize>${round} << 3))`,
  lane: (i, input) => (i < 6 ? input(i) : i === 6 ? '<u64>1' : i === 12 ? '<u64>0x8000000000000000' : '<u64>0'),
  store: (ptr, e, lane, base) => `store<u64>(${ptr}, ${e}, ${base + 8 * lane});`,
};
const simd = {
  xor: (a, b) => `v128.xor(${a}, ${b})`,
  rot: (a, n) => (n === 0 ? a : `v128.or(i64x2.shl(${a}, ${n}), i64x2.shr_u(${a}, ${64 - n}))`),
  chi: (b0, b1, b2) => `v128.xor(${b0}, v128.andnot(${b2}, ${b1}))`,
  iota: (a, round) => `v128.xor(${a}, i64x2.splat(load<u64>(RC_PTR + (<usize>${round} << 3))))`,
  lane: (i, input) =>
    i < 6 ? input(i) : i === 6 ? 'i64x2.splat(1)' : i === 12 ? 'i64x2.splat(0x8000000000000000)' : 'i64x2.splat(0)',
  store: (ptr, e, lane, base) => `v128.store(${ptr}, ${e}, ${base + 16 * lane});`,
};

/** theta's column parities and D values, as `const` statements (prefix p names the stream). */
function theta(em, p, xorInto) {
  const out = [];
  for (let x = 0; x < 5; x++) {
    let e = `${p}a${x}`;
    for (let y = 1; y < 5; y++) e = em.xor(e, `${p}a${x + 5 * y}`);
    out.push(`const ${p}c${x} = ${e};`);
  }
  for (let x = 0; x < 5; x++) {
    out.push(`const ${p}d${x} = ${em.xor(`${p}c${(x + 4) % 5}`, em.rot(`${p}c${(x + 1) % 5}`, 1))};`);
  }
  if (xorInto) {
    for (let i = 0; i < 25; i++) out.push(`${p}a${i} = ${em.xor(`${p}a${i}`, `${p}d${i % 5}`)};`);
  }
  return out;
}

/** One full round (rounds 0..22) on the stream `p`. */
function fullRound(em, p) {
  const out = theta(em, p, true);
  for (let b = 0; b < 25; b++) {
    const [x, y] = PI_SOURCE[b];
    out.push(`const ${p}b${b} = ${em.rot(`${p}a${x + 5 * y}`, RHO[x][y])};`);
  }
  for (let i = 0; i < 25; i++) {
    const x = i % 5;
    const y5 = i - x;
    let e = em.chi(`${p}b${i}`, `${p}b${y5 + ((x + 1) % 5)}`, `${p}b${y5 + ((x + 2) % 5)}`);
    if (i === 0) e = em.iota(e, 'round');
    out.push(`${p}a${i} = ${e};`);
  }
  return out;
}

/** Round 23, computing only the digest lanes, stored at ptr + base. */
function lastRound(em, p, ptr, base) {
  const out = theta(em, p, false);
  for (let b = 0; b < LAST_B; b++) {
    const [x, y] = PI_SOURCE[b];
    out.push(`const ${p}b${b} = ${em.rot(em.xor(`${p}a${x + 5 * y}`, `${p}d${x}`), RHO[x][y])};`);
  }
  for (let i = 0; i < DIGEST_LANES; i++) {
    const x = i % 5;
    const y5 = i - x;
    let e = em.chi(`${p}b${i}`, `${p}b${y5 + ((x + 1) % 5)}`, `${p}b${y5 + ((x + 2) % 5)}`);
    if (i === 0) e = em.iota(e, 23);
    out.push(em.store(ptr, e, i, base));
  }
  return out;
}

/**
 * Merges two statement lists in proportion, so that the CPU always has independent work from both
 * streams in its window: the vector units run the v128 stream while the integer units run the
 * scalar one.
 */
function interleave(a, b) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && i * b.length <= j * a.length)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

const indent = (lines, n) => lines.map((l) => ' '.repeat(n) + l);

/**
 * The 24 iota round constants, derived as the Keccak reference (section 1.2) defines them: bit
 * 2^j - 1 of RC[i] is rc(j + 7i), where rc(t) is the output of the LFSR x^8 + x^6 + x^5 + x^4 + 1
 * after t steps.
 */
function roundConstants() {
  const rc = (t) => {
    let r = 1;
    for (let i = 0; i < t % 255; i++) {
      r <<= 1;
      if (r & 0x100) r ^= 0x171;
    }
    return r & 1;
  };
  const out = [];
  for (let i = 0; i < 24; i++) {
    let c = 0n;
    for (let j = 0; j < 7; j++) if (rc(j + 7 * i)) c |= 1n << BigInt(2 ** j - 1);
    out.push(`0x${c.toString(16).toUpperCase().padStart(16, '0')}`);
  }
  return out;
}

function constants() {
  const rcs = roundConstants();
  const rows = [];
  for (let i = 0; i < rcs.length; i += 4) rows.push(`  ${rcs.slice(i, i + 4).join(', ')},`);
  return ['/** The iota round constants, derived from the Keccak reference\'s LFSR by the generator. */', 'export const RC_PTR: usize = memory.data<u64>([', ...rows, ']);'];
}

function permuteGeneral() {
  const lines = [];
  for (let i = 0; i < 25; i++) lines.push(`let a${i} = load<u64>(s, ${8 * i});`);
  const stores = [];
  for (let i = 0; i < 25; i++) stores.push(`store<u64>(s, a${i}, ${8 * i});`);
  return [
    '/**',
    ' * Keccak-f[1600] on the 25 lanes at `s` (lane x + 5y at byte offset 8(x + 5y), little-endian).',
    ' * Lanes live in locals for all 24 rounds: memory is touched only at entry and exit. Called by the',
    ' * Keccak-384 sponge (keccak.ts).',
    ' */',
    'export function keccakF(s: usize): void {',
    ...indent(lines, 2),
    '  for (let round = 0; round < 24; round++) {',
    ...indent(fullRound(scalar, ''), 4),
    '  }',
    ...indent(stores, 2),
    '}',
  ];
}


function permute1() {
  const p = ''; // lanes a0..a24
  const lines = [];
  for (let i = 0; i < 25; i++) lines.push(`let ${p}a${i} = ${scalar.lane(i, (k) => `x${k}`)};`);
  return [
    '/** One block: digest lanes 0..5 to `out` (6 u64). Called by the scalar PoW search. */',
    'export function powPermute1(x0: u64, x1: u64, x2: u64, x3: u64, x4: u64, x5: u64, out: usize): void {',
    ...indent(lines, 2),
    '  for (let round = 0; round < 23; round++) {',
    ...indent(fullRound(scalar, p), 4),
    '  }',
    '  // round 23: only the digest lanes 0..5, which need b0..b7 (planes 0 and 1 of chi)',
    ...indent(lastRound(scalar, p, 'out', 0), 2),
    '}',
  ];
}

function permute3() {
  const v = 'v';
  const s = 's';
  const lines = [];
  for (let i = 0; i < 25; i++) lines.push(`let ${v}a${i} = ${simd.lane(i, (k) => `v128.load(src, ${16 * k})`)};`);
  for (let i = 0; i < 25; i++) lines.push(`let ${s}a${i} = ${scalar.lane(i, (k) => `load<u64>(src, ${96 + 8 * k})`)};`);
  return [
    '/**',
    ' * Three blocks at once: two in the 64-bit halves of a v128 stream and a third in a scalar u64',
    ' * stream, their statements interleaved. Input lanes 0..5 of blocks A and B at `src` (6 v128, A in',
    ' * the low half), of block C at `src` + 96 (6 u64); the digest lanes go to `out` in the same layout.',
    ' * Called by the SIMD search. (Pointers, not v128 arguments: not every embedding can pass v128',
    ' * values across calls.)',
    ' */',
    'export function powPermute3(src: usize, out: usize): void {',
    ...indent(lines, 2),
    '  for (let round = 0; round < 23; round++) {',
    ...indent(interleave(fullRound(simd, v), fullRound(scalar, s)), 4),
    '  }',
    '  // round 23: only the digest lanes 0..5, which need b0..b7 (planes 0 and 1 of chi)',
    ...indent(interleave(lastRound(simd, v, 'out', 0), lastRound(scalar, s, 'out', 96)), 2),
    '}',
  ];
}

const header = `// GENERATED by scripts/gen-keccak-f.mjs: edit the generator, not this file.
//
// keccakF is the general Keccak-f[1600] permutation (the sponge in keccak.ts). The others are
// specialised for one Kerl-PoW block (assembly/pow.ts): the 48 input bytes fill lanes 0..5, the Keccak pad puts 0x01 in lane 6 and 0x80 at the top of lane 12 (byte 103, the
// last of the 104-byte rate), every other lane starts at zero, and only lanes 0..5 (the 48-byte
// digest) are kept. Taking the input directly saves the 25 loads and 25 stores of the general
// permutation, and the last round computes only the six digest lanes (8 of its 25 rho-pi lanes and
// 6 of its 25 chi lanes).
//
// powPermute3 runs three blocks at once. Measured in Chromium 156 on the 2-core AMD EPYC used for
// bench/ (attempts per second, one thread): scalar 3.65M, 2-way v128 alone 5.36M, 2-way v128 plus
// 2-way v128 5.66M, 2-way v128 interleaved with one scalar stream 7.1M. The vector units and the
// integer units work side by side; more streams than that spill registers and gain nothing.
`;

const text = [header, ...constants(), '', ...permuteGeneral(), '', ...permute1(), '', ...permute3(), ''].join('\n');
let old = '';
try {
  old = readFileSync(target, 'utf8');
} catch {
  // first run
}
if (old !== text) {
  writeFileSync(target, text);
  console.log('wrote assembly/keccak_f.ts');
}
