/** Number words and numeric strings as managers write them ("four", "1,200", "50 000", "1.2"). */

const UNITS: Record<string, number> = {
  zero: 0, one: 1, a: 1, an: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, couple: 2, few: 3, dozen: 12,
};

/** Number words that may stand for a count, as a regex alternation ("a"/"an" excluded: too ambiguous alone). */
export const NUMBER_WORD_PATTERN = Object.keys(UNITS)
  .filter((word) => !['a', 'an', 'couple', 'few', 'hundred'].includes(word))
  .sort((a, b) => b.length - a.length)
  .join('|');

/** A count written in digits or as a number word; undefined when it is neither. */
export function parseCount(token: string): number | undefined {
  const word = token.toLowerCase();
  if (/^\d+$/.test(word)) return Number(word);
  return UNITS[word];
}

/**
 * A decimal written with thousands separators: "100,000", "50 000", "1.200.000" (European), "1.2".
 * A single dot or comma followed by exactly three digits is read as a thousands separator.
 */
export function parseDecimal(raw: string): number | undefined {
  const compact = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(compact)) return undefined;
  const groups = compact.split(/[.,]/);
  if (groups.length === 1) return Number(compact);
  const allThousands = groups.slice(1).every((group) => group.length === 3);
  if (allThousands && groups[0].length <= 3) return Number(groups.join(''));
  const lastSeparator = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
  const integerPart = compact.slice(0, lastSeparator).replace(/[.,]/g, '');
  const value = Number(`${integerPart}.${compact.slice(lastSeparator + 1)}`);
  return Number.isFinite(value) ? value : undefined;
}

const SCALES: Record<string, number> = { k: 1e3, thousand: 1e3, grand: 1e3, m: 1e6, mn: 1e6, mil: 1e6, million: 1e6 };
/** The scale words `scaledAmount` reads after a number ("20k", "1.5 million"). */
export const SCALE_WORDS = 'k|thousand|grand|mn|mil|million|m';

/** "20" with "k" → 20000, "1.5" with "million" → 1500000 (to the cent); a trailing separator is ignored ("5k."). */
export function scaledAmount(digits: string, scale?: string): number | undefined {
  const value = parseDecimal(digits.replace(/[.,]$/, ''));
  if (value === undefined) return undefined;
  return Math.round(value * (scale ? (SCALES[scale.toLowerCase()] ?? 1) : 1) * 100) / 100;
}
