/**
 * Typo correction against the training vocabulary, SymSpell-style at edit distance 1:
 * every known word is indexed under itself and each of its single-character deletions; an
 * unknown word is looked up the same way. Two words that share a deletion variant are at most
 * one insertion, deletion, substitution or adjacent transposition apart
 * ("forcast" ← "forecast", "segmnet" ↔ "segment", "hlep" ↔ "help").
 */
const MIN_LENGTH = 4;

function deletions(word: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < word.length; i++) variants.push(word.slice(0, i) + word.slice(i + 1));
  return variants;
}

export class SpellingCorrector {
  private readonly known: Set<string>;
  private readonly byVariant = new Map<string, string>();

  /**
   * `words` in order of preference: on ties the most frequent training word should come first.
   * Words shorter than `minLength` are neither corrected nor corrections.
   */
  constructor(
    words: string[],
    private readonly minLength = MIN_LENGTH,
  ) {
    this.known = new Set(words);
    for (const word of words) {
      if (word.length < minLength || word.startsWith('<')) continue;
      for (const variant of [word, ...deletions(word)]) {
        if (!this.byVariant.has(variant)) this.byVariant.set(variant, word);
      }
    }
  }

  knows(word: string): boolean {
    return this.known.has(word);
  }

  /** The word itself when known, else the known word one edit away, else undefined. */
  correct(word: string): string | undefined {
    if (this.known.has(word)) return word;
    if (word.length < this.minLength) return undefined;
    for (const variant of [word, ...deletions(word)]) {
      const match = this.byVariant.get(variant);
      if (match) return match;
    }
    return undefined;
  }
}

/** Distinct words seen at least `minCount` times, most frequent first, so corrections prefer common words. */
export function vocabularyByFrequency(tokenLists: string[][], minCount = 1): string[] {
  const counts = new Map<string, number>();
  for (const tokens of tokenLists) for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return [...counts.entries()].filter(([, count]) => count >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
}

/**
 * A letter left out ("wek", "revnue") or two letters swapped ("qaurter"). A letter too many or a
 * different letter is as likely another word as a typo ("least" is not "last", "reach" not "each",
 * "pays" not "days"), so those are left alone.
 */
export function isOmissionOrSwap(word: string, fixed: string): boolean {
  if (fixed.length === word.length + 1) return true;
  if (fixed.length !== word.length) return false;
  const differ = [...word].flatMap((letter, i) => (letter === fixed[i] ? [] : [i]));
  return differ.length === 2 && differ[1] === differ[0] + 1 && word[differ[0]] === fixed[differ[1]] && word[differ[1]] === fixed[differ[0]];
}

