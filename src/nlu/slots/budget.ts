import { parseDecimal } from '../numbers.ts';
import type { Budget, MaskedText } from './types.ts';

const CURRENCY_BY_WORD: Array<[RegExp, string]> = [
  [/^(?:€|eur|euros?)$/i, 'EUR'],
  [/^(?:\$|usd|dollars?|bucks)$/i, 'USD'],
  [/^(?:£|gbp|pounds?|quid)$/i, 'GBP'],
  [/^chf$/i, 'CHF'],
];

const SCALE_FACTOR: Record<string, number> = {
  k: 1e3, thousand: 1e3, grand: 1e3, m: 1e6, mn: 1e6, mil: 1e6, million: 1e6, bn: 1e9, billion: 1e9,
};

const NUMBER = String.raw`\d{1,3}(?:[ \u00a0]\d{3})+(?![\d.,])|\d[\d.,]*`;
const SCALE = 'k|thousand|grand|mn|mil|million|bn|billion|m';
const CURRENCY_WORD = 'eur|euros?|usd|dollars?|bucks|gbp|pounds?|quid|chf';

/**
 * "$50k", "75k euros", "€20k", "50 000 EUR", "100,000", "1.2m". Without a currency or a scale a
 * number counts only from 1,000 up; "3m" without a currency is millions only in a sentence about
 * spending ("we have 3m to spend"), otherwise three months for the horizon reader; "1.2m" and
 * "$3m" are always millions. Values after "=" are options
 * ("min.search=5000"), not the budget.
 */
const AMOUNT = new RegExp(
  String.raw`(?<![=\w.])([$€£])?\s?(${NUMBER})\s?(${SCALE})?\b\s?(${CURRENCY_WORD})?\b`,
  'gi',
);

function currencyOf(symbol?: string, word?: string): string | undefined {
  const marker = symbol ?? word;
  if (!marker) return undefined;
  return CURRENCY_BY_WORD.find(([pattern]) => pattern.test(marker))?.[1];
}

/** Words that make a bare "3m" read as money rather than as three months. */
const SPENDING_WORDS = /\b(?:budget|spend|spending|invest|allocat\w*|split|media|mix|channels?)\b/i;
/** A target amount: "hit 1m in revenue", "reach 2m of sales", "beat 1.5m" (money, not months). */
const TARGET_BEFORE = /\b(?:hit|reach|make|beat|cross|pass|exceed|top|break|surpass|over)\s*$/i;
const TARGET_AFTER = /^\s*(?:(?:in|of|worth\s+of)\s+)?(?:revenue|sales|turnover|income)\b/i;

function isTarget(match: RegExpExecArray, text: string): boolean {
  const start = match.index ?? 0;
  return TARGET_BEFORE.test(text.slice(0, start)) || TARGET_AFTER.test(text.slice(start + match[0].length));
}

/** A year or a date rather than money: "Q4 2011", "in 2011", "nov 2011", "2011-11-01". */
function isYearOrDate(match: RegExpExecArray, text: string): boolean {
  const [whole, symbol, digits, scaleWord, currencyWord] = match;
  if (symbol || scaleWord || currencyWord) return false;
  const start = match.index ?? 0;
  const after = text.slice(start + whole.length, start + whole.length + 1);
  if (/^\d{4}$/.test(digits.trim()) && after === '-') return true;
  if (!/^(?:19|20)\d{2}$/.test(digits.trim())) return false;
  const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
  return /(?:\bq[1-4]|\b(?:in|since|during|from|until)|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|[-/.])\s*$/.test(before) || text.charAt(start - 1) === '-';
}

function readAmount(match: RegExpExecArray, text: string): Budget | undefined {
  if (isYearOrDate(match, text)) return undefined;
  const [, symbol, digits, scaleWord, currencyWord] = match;
  const value = parseDecimal(digits);
  if (value === undefined) return undefined;
  const scale = scaleWord?.toLowerCase();
  const currency = currencyOf(symbol, currencyWord);
  const isDecimal = /[.,]\d{1,2}$/.test(digits.trim());
  if (scale === 'm' && !currency && !isDecimal && !SPENDING_WORDS.test(text) && !isTarget(match, text)) return undefined;
  const amount = value * (scale ? SCALE_FACTOR[scale] : 1);
  if (!currency && !scale && amount < 1000) return undefined;
  return currency ? { amount: Math.round(amount * 100) / 100, currency } : { amount: Math.round(amount * 100) / 100 };
}

export function extractBudget(masked: MaskedText): Budget | undefined {
  for (const match of masked.text.matchAll(AMOUNT)) {
    const budget = readAmount(match, masked.text);
    if (budget) {
      masked.consume(match.index ?? 0, match[0].length);
      return budget;
    }
  }
  return undefined;
}
