// The identity's seed and its backup as 24 words (docs/design.md "Identity, keys and privacy": 256 bits,
// shown once as a 24-word BIP-39 mnemonic). The seed is the BIP-39 entropy itself: every key is
// derived from it by HKDF (./keys.ts), so the 24 words restore everything. @scure/bip39 does the
// word list and the checksum; this file adds what a person restoring by hand needs: an error that
// names the position of the fault.
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';

/** Bytes of a seed: 256 bits. */
export const SEED_BYTES = 32;
/** Words of a seed's backup: 256 bits of entropy + 8 checksum bits, 11 bits a word. */
export const SEED_WORDS = 24;

/** Fills `n` random bytes; the app passes crypto.getRandomValues, tests a seeded source. */
export type RandomBytes = (n: number) => Uint8Array;

/** A fresh seed. Called by onboarding in the identity worker. */
export function newSeed(random: RandomBytes): Uint8Array {
  const seed = random(SEED_BYTES);
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) throw new RangeError(`random(${SEED_BYTES}) must return ${SEED_BYTES} bytes`);
  return seed;
}

/** The 24 words of a seed, in order. Called by onboarding to show them once. */
export function seedToWords(seed: Uint8Array): string[] {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) throw new RangeError(`seed must be ${SEED_BYTES} bytes`);
  return entropyToMnemonic(seed, wordlist).split(' ');
}

/** Why typed words are not a seed: the app says each in words, with the position. */
export type WordsProblem =
  | { kind: 'count'; count: number }
  | { kind: 'unknown-word'; position: number; word: string }
  | { kind: 'checksum'; position: number };

/** Splits what a person typed or pasted into words: any spacing, any case, numbering like "3." dropped. */
export function splitWords(text: string): string[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  return text
    .toLowerCase()
    .normalize('NFKD')
    .split(/[\s,;]+/)
    .map((w) => w.replace(/^\d+[.)]?$/, ''))
    .filter((w) => w !== '');
}

/**
 * The seed of 24 typed words, or what is wrong, with the 1-based position of the fault: a word
 * not in the list names its own position; a count other than 24 says how many there are; a
 * checksum that fails names position 24, the word that carries the checksum (one of the words, or
 * their order, is wrong). Called by restore.
 */
export function wordsToSeed(words: readonly string[]): { seed: Uint8Array } | { problem: WordsProblem } {
  if (!Array.isArray(words)) throw new TypeError('words must be an array of strings');
  if (words.length !== SEED_WORDS) return { problem: { kind: 'count', count: words.length } };
  for (let i = 0; i < words.length; i++) {
    const w = String(words[i]).toLowerCase();
    if (!_index().has(w)) return { problem: { kind: 'unknown-word', position: i + 1, word: w } };
  }
  try {
    return { seed: mnemonicToEntropy(words.map((w) => w.toLowerCase()).join(' '), wordlist) };
  } catch {
    return { problem: { kind: 'checksum', position: SEED_WORDS } };
  }
}

let _words: Set<string> | null = null;
function _index(): Set<string> {
  return (_words ??= new Set(wordlist));
}

/**
 * `count` distinct positions (1..SEED_WORDS, ascending) for the backup check, drawn without bias:
 * each draw rejects bytes past the largest multiple of the range (no modulo bias). Called by
 * onboarding.
 */
export function backupCheckPositions(random: RandomBytes, count = 4): number[] {
  if (!Number.isInteger(count) || count < 1 || count > SEED_WORDS) throw new RangeError(`count must be 1 to ${SEED_WORDS}, got ${String(count)}`);
  const chosen = new Set<number>();
  const limit = 256 - (256 % SEED_WORDS); // 240: bytes at or past it are drawn again
  while (chosen.size < count) {
    for (const b of random(16)) {
      if (b >= limit) continue;
      chosen.add((b % SEED_WORDS) + 1);
      if (chosen.size === count) break;
    }
  }
  return [...chosen].sort((a, b) => a - b);
}
