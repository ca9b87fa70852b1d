/**
 * Money amounts as people type them: `50000`, `50k`, `$1.2m`, `100,000`, `€20k`, `75k EUR`
 * (the code may come as a separate word), `1.5 million`.
 */
export interface Amount {
  amount: number;
  /** ISO 4217 code when the text named one (by symbol or code). */
  currency?: string;
}

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  mio: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

// sign? symbol? number (with thousands commas) multiplier? then an optional 3-letter code.
const AMOUNT = /^(-)?\s*([$€£¥₹])?\s*([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]*\.?[0-9]+)\s*([a-z]*)\s*([a-z]{3})?$/i;

/** Parses one amount (a leading minus is kept, for callers to reject); undefined when the text is not an amount. */
export function parseAmount(text: string): Amount | undefined {
  const match = AMOUNT.exec(text.trim());
  if (!match) return undefined;
  const [, minus, symbol, digits, suffix, code] = match;
  let multiplier = MULTIPLIERS[suffix.toLowerCase()];
  let currency = code?.toUpperCase();
  if (multiplier === undefined) {
    // "20 eur": the letters after the number are the code, not a multiplier.
    if (code !== undefined || suffix.length !== 3) return undefined;
    multiplier = 1;
    currency = suffix.toUpperCase();
  }
  const symbolCurrency = symbol ? SYMBOLS[symbol] : undefined;
  if (symbolCurrency && currency && symbolCurrency !== currency) return undefined;
  const amount = (minus ? -1 : 1) * Number(digits.replace(/,/g, '')) * multiplier;
  if (!Number.isFinite(amount)) return undefined;
  const resolved = symbolCurrency ?? currency;
  return resolved ? { amount, currency: resolved } : { amount };
}

/**
 * The budget from the positional words: `50k`, or `75k EUR` / `$ 50k` split over two words.
 * Returns the amount and how many words it used.
 */
export function parseAmountWords(words: string[]): { value: Amount; wordsUsed: number } | undefined {
  if (words.length >= 2) {
    const joined = parseAmount(`${words[0]} ${words[1]}`);
    if (joined) return { value: joined, wordsUsed: 2 };
  }
  const single = words.length >= 1 ? parseAmount(words[0]) : undefined;
  return single ? { value: single, wordsUsed: 1 } : undefined;
}
