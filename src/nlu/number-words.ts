/**
 * Amounts spelt out, written as digits before a message is read: "forty thousand" → 40000,
 * "eighty-five thousand pounds" → 85000 pounds, "one hundred and fifty thousand" → 150000, "two
 * million" → 2000000, "a quarter of a million" → 250000, "half a million" → 500000. Only with a scale
 * word, so counts ("two weeks", "five customers") are left to the readers that know them.
 */
const ONES: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALE: Record<string, number> = { thousand: 1e3, grand: 1e3, million: 1e6 };

const ONE = `(?:${Object.keys(ONES).join('|')})`;
const TEN = `(?:${Object.keys(TENS).join('|')})`;
const UNDER_HUNDRED = `(?:${TEN}(?:[\\s-]+${ONE})?|${ONE})`;
const SPELT = new RegExp(String.raw`\b((?:(?:a|${ONE})\s+hundred(?:\s+and)?(?:\s+${UNDER_HUNDRED})?)|${UNDER_HUNDRED})\s+(thousand|grand|million)\b`, 'gi');
const FRACTION_OF_MILLION = /\b(?:(a\s+quarter|three\s+quarters|half)\s+(?:of\s+)?a\s+million|a\s+million)\b/gi;

/** "one hundred and fifty" → 150, "eighty-five" → 85. */
function valueOf(words: string): number {
  let value = 0;
  for (const word of words.toLowerCase().split(/[\s-]+/)) {
    if (word === 'a') value += 1;
    else if (word === 'hundred') value *= 100;
    else value += ONES[word] ?? TENS[word] ?? 0;
  }
  return value;
}

export function digitsForSpeltAmounts(text: string): string {
  if (!/thousand|grand|million/i.test(text)) return text;
  return text
    .replace(SPELT, (_, words: string, scale: string) => String(valueOf(words) * SCALE[scale.toLowerCase()]!))
    .replace(FRACTION_OF_MILLION, (_, fraction: string | undefined) => {
      const share = fraction === undefined ? 1 : /^half/i.test(fraction) ? 0.5 : /^three/i.test(fraction) ? 0.75 : 0.25;
      return String(share * 1e6);
    });
}
