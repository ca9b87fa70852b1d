import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';
import type { Horizon, HorizonUnit, MaskedText } from './types.ts';

const UNIT_WORDS: Array<[RegExp, HorizonUnit, number]> = [
  [/^(?:d|days?)$/, 'd', 1],
  [/^(?:w|wks?|weeks?)$/, 'w', 1],
  [/^fortnights?$/, 'w', 2],
  [/^(?:m|mo|mos|months?)$/, 'm', 1],
  [/^(?:q|qtrs?|quarters?)$/, 'q', 1],
  [/^(?:y|yrs?|years?)$/, 'm', 12],
];

const UNIT = 'days?|d|weeks?|wks?|w|fortnights?|months?|mos?|m|quarters?|qtrs?|q|years?|yrs?|y';
const COUNTED = new RegExp(String.raw`\b(\d+|${NUMBER_WORD_PATTERN})[\s-]?(${UNIT})\b`, 'i');
const NEXT_UNIT = new RegExp(String.raw`\b(?:next|coming|following|upcoming|this)[\s-]+(week|fortnight|month|quarter|year)(?:'?s|’s)?\b`, 'i');
const BARE_FORTNIGHT = /\bfortnight\b/i;
const HALF_YEAR = /\bhalf[\s-](?:a[\s-])?year\b/i;
const NAMED_QUARTER = /\bq([1-4])\b/i;

function horizon(amount: number, unitWord: string, text: string): Horizon | undefined {
  const entry = UNIT_WORDS.find(([pattern]) => pattern.test(unitWord.toLowerCase()));
  if (!entry || amount <= 0) return undefined;
  const [, unit, factor] = entry;
  const total = amount * factor;
  return { amount: total, unit, label: `${total}${unit}`, text: text.trim() };
}

/** "next 8 weeks", "8w", "90 days", "six months", "3m", "fortnight", "half a year", "next quarter", "Q1". */
export function extractHorizon(masked: MaskedText): Horizon | undefined {
  const counted = COUNTED.exec(masked.text);
  if (counted) {
    const amount = parseCount(counted[1]);
    const found = amount === undefined ? undefined : horizon(amount, counted[2], counted[0]);
    if (found) {
      masked.consume(counted.index, counted[0].length);
      return found;
    }
  }
  const quarter = NAMED_QUARTER.exec(masked.text);
  if (quarter) {
    const number = Number(quarter[1]) as 1 | 2 | 3 | 4;
    return { amount: 1, unit: 'q', label: '1q', text: quarter[0], quarter: number };
  }
  const half = HALF_YEAR.exec(masked.text);
  if (half) {
    masked.consume(half.index, half[0].length);
    return horizon(6, 'months', half[0]);
  }
  const next = NEXT_UNIT.exec(masked.text) ?? BARE_FORTNIGHT.exec(masked.text);
  const found = next ? horizon(1, next[1] ?? next[0], next[0]) : undefined;
  // "next month" is the calendar month to the forecast command, not the next 30 days.
  return found && /^(?:next|coming|following|upcoming)\s+month/i.test(next![0]) ? { ...found, label: 'next month' } : found;
}
