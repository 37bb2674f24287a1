// How the directory compares words: accent- and case-insensitive, the same for what is indexed and
// what the patient types, so that each finds the other.
//
// foldText: lower case (String.prototype.toLowerCase: Unicode's default case mapping, the same in
// every locale), then NFD, then every combining mark (\p{M}) removed, then apostrophes removed (so
// "O'Brien" is one word, "obrien", and so is Ukrainian "здоров’я"). Lower case goes first so that a
// capital whose lower case carries a mark loses it too ("İ" → "i̇" → "i").
// Ukrainian й and ї decompose under NFD (и + U+0306, і + U+0308) and so fold to и and і, as é folds
// to e: typing "Сергии" finds "Сергій", and typing "Сергій" still finds it (both sides fold alike).
// The cost is that a query with и also finds names with й; we accept it, as for e and é, rather
// than make Ukrainian the one script whose marks count. Latin i and Cyrillic і stay different
// letters (NFD does not join scripts).
// wordsOf: the folded text cut at every character that is not a letter or a digit.

/** The folded form of a text. Used by the directory's index and by the search bar (to highlight what matched). */
export function foldText(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/['’ʼ`]/g, '');
}

/** The folded words of a text, in order. Used by the directory's index. */
export function wordsOf(s: string): string[] {
  return foldText(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}
