import { z } from 'zod';
import { addBuckets, DAY_MS, type Granularity } from '../../time/calendar.ts';

/**
 * How far ahead to forecast, as the person wrote it. Durations count from the first period not yet
 * in the data; calendar targets ('next month', 'Q1', 'next quarter') run from there to the end of
 * the first such calendar period that starts on or after it.
 */
export const horizonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('duration'), unit: z.enum(['day', 'week', 'month']), count: z.number().int().positive(), text: z.string() }),
  z.object({ kind: z.literal('periods'), count: z.number().int().positive(), text: z.string() }),
  z.object({ kind: z.literal('next-month'), text: z.string() }),
  z.object({ kind: z.literal('next-quarter'), text: z.string() }),
  z.object({ kind: z.literal('quarter'), quarter: z.number().int().min(1).max(4), text: z.string() }),
]);

export type Horizon = z.infer<typeof horizonSchema>;

export const DEFAULT_HORIZON: Horizon = { kind: 'duration', unit: 'week', count: 8, text: '8 weeks' };

export const HORIZON_EXAMPLES = ['8w', '90d', '3m', '13 weeks', 'fortnight', 'next month', 'next quarter', 'Q1'];

/** The longest horizon accepted, in days: two years. */
export const MAX_HORIZON_DAYS = 731;

const UNIT_WORDS: Array<{ pattern: RegExp; unit: 'day' | 'week' | 'month'; multiplier: number }> = [
  { pattern: /^(d|days?)$/, unit: 'day', multiplier: 1 },
  { pattern: /^(w|wks?|weeks?)$/, unit: 'week', multiplier: 1 },
  { pattern: /^(fortnights?)$/, unit: 'week', multiplier: 2 },
  { pattern: /^(m|mo|mths?|months?)$/, unit: 'month', multiplier: 1 },
  { pattern: /^(q|qtrs?|quarters?)$/, unit: 'month', multiplier: 3 },
  { pattern: /^(y|yrs?|years?)$/, unit: 'month', multiplier: 12 },
];

/** Parses '8w', '90d', '3m', '13 weeks', 'fortnight', 'next month', 'next quarter', 'Q1'; undefined if not understood. */
export function parseHorizon(input: string): Horizon | undefined {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const calendar = parseCalendarTarget(text);
  if (calendar) return calendar;
  const withoutNext = text.replace(/^(the )?next /, '').replace(/^an? /, '1 ');
  if (/^\d+$/.test(withoutNext)) return { kind: 'periods', count: Number(withoutNext), text: input.trim() };
  const match = /^(\d+)? ?([a-z]+)$/.exec(withoutNext);
  if (!match) return undefined;
  const unitWord = UNIT_WORDS.find((u) => u.pattern.test(match[2]));
  if (!unitWord) return undefined;
  const count = (match[1] === undefined ? 1 : Number(match[1])) * unitWord.multiplier;
  if (count < 1) return undefined;
  return { kind: 'duration', unit: unitWord.unit, count, text: input.trim() };
}

function parseCalendarTarget(text: string): Horizon | undefined {
  if (text === 'next month') return { kind: 'next-month', text: 'next month' };
  if (text === 'next quarter') return { kind: 'next-quarter', text: 'next quarter' };
  const quarter = /^(next )?q([1-4])$/.exec(text);
  if (quarter) return { kind: 'quarter', quarter: Number(quarter[2]), text: `Q${quarter[2]}` };
  return undefined;
}

/** A horizon's approximate length in days, for limits and for choosing the default granularity. */
export function approximateDays(horizon: Horizon, granularity: Granularity): number {
  switch (horizon.kind) {
    case 'duration':
      return horizon.count * { day: 1, week: 7, month: 30.44 }[horizon.unit];
    case 'periods':
      return horizon.count * { day: 1, week: 7, month: 30.44 }[granularity];
    case 'next-month':
      return 62;
    default:
      return 183;
  }
}

/**
 * Default granularity: days for a horizon written in days of at most 31 days ('14d', '30 days'),
 * weeks otherwise (months only when asked with by=month).
 */
export function defaultGranularity(horizon: Horizon): Granularity {
  return horizon.kind === 'duration' && horizon.unit === 'day' && horizon.count <= 31 ? 'day' : 'week';
}

export interface ResolvedHorizon {
  /** Number of buckets forecast. */
  steps: number;
  /** First moment after the horizon (ms, UTC). */
  endMs: number;
}

/** Turns a horizon into a number of buckets after `forecastStart` (a bucket start): every bucket starting before its end. */
export function resolveHorizon(horizon: Horizon, forecastStart: number, granularity: Granularity): ResolvedHorizon {
  if (horizon.kind === 'periods') return { steps: horizon.count, endMs: addBuckets(forecastStart, horizon.count, granularity) };
  const endMs = horizonEnd(horizon, forecastStart);
  let steps = 0;
  while (addBuckets(forecastStart, steps, granularity) < endMs) steps++;
  return { steps: Math.max(1, steps), endMs };
}

function horizonEnd(horizon: Exclude<Horizon, { kind: 'periods' }>, start: number): number {
  const date = new Date(start);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (horizon.kind) {
    case 'duration':
      if (horizon.unit === 'day') return start + horizon.count * DAY_MS;
      if (horizon.unit === 'week') return start + horizon.count * 7 * DAY_MS;
      return Date.UTC(year, month + horizon.count, date.getUTCDate());
    case 'next-month':
      return Date.UTC(year, firstMonthOnOrAfter(start, month, 1) + 1, 1);
    case 'next-quarter':
      return Date.UTC(year, firstMonthOnOrAfter(start, Math.ceil(month / 3) * 3, 3) + 3, 1);
    case 'quarter':
      return Date.UTC(year, firstMonthOnOrAfter(start, (horizon.quarter - 1) * 3, 12) + 3, 1);
  }
}

/**
 * Month index (relative to January of start's year, may exceed 11) of the first month starting on
 * or after `start` among candidate, candidate + stride, ...
 */
function firstMonthOnOrAfter(start: number, candidate: number, stride: number): number {
  const year = new Date(start).getUTCFullYear();
  let month = candidate;
  while (Date.UTC(year, month, 1) < start) month += stride;
  return month;
}

/** The horizon in words for replies: 'next 8 weeks', 'next month', 'Q1'. */
export function describeHorizon(horizon: Horizon, granularity: Granularity): string {
  switch (horizon.kind) {
    case 'duration':
      return `next ${horizon.count} ${horizon.unit}${horizon.count === 1 ? '' : 's'}`;
    case 'periods':
      return `next ${horizon.count} ${granularity}${horizon.count === 1 ? '' : 's'}`;
    case 'next-month':
      return 'next month';
    case 'next-quarter':
      return 'next quarter';
    case 'quarter':
      return `to the end of Q${horizon.quarter}`;
  }
}
