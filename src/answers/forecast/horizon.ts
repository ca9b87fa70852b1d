import { z } from 'zod';
import { addBuckets, DAY_MS, type Granularity } from '../../time/calendar.ts';
import { monthText, rangeText } from './dates.ts';

/**
 * How far ahead to forecast, as the person wrote it. Durations ('8w', '90d', '3m') count from the
 * first period not yet complete in the data. Calendar targets name calendar periods: 'next month'
 * is the first calendar month that starts after the data ends, 'next quarter' (also '1q', 'a
 * quarter') the first calendar quarter that does, '2 quarters' the first two, 'Q1' the first Q1.
 * Quarters are always calendar quarters, whoever asks (the chat slot parser writes 'next quarter'
 * as '1q').
 */
export const horizonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('duration'), unit: z.enum(['day', 'week', 'month']), count: z.number().int().positive(), text: z.string() }),
  z.object({ kind: z.literal('periods'), count: z.number().int().positive(), text: z.string() }),
  z.object({ kind: z.literal('next-month'), text: z.string() }),
  z.object({ kind: z.literal('quarters'), count: z.number().int().positive(), text: z.string() }),
  /** Payloads queued before 'quarters' existed: the same as one quarter. */
  z.object({ kind: z.literal('next-quarter'), text: z.string() }),
  z.object({ kind: z.literal('quarter'), quarter: z.number().int().min(1).max(4), text: z.string() }),
]);

export type Horizon = z.infer<typeof horizonSchema>;

export const DEFAULT_HORIZON: Horizon = { kind: 'duration', unit: 'week', count: 8, text: '8 weeks' };

export const HORIZON_EXAMPLES = ['8w', '90d', '3m', '13 weeks', 'fortnight', 'next month', 'next quarter', 'Q1'];

/** The longest horizon accepted, in days: two years. */
export const MAX_HORIZON_DAYS = 731;

const UNIT_WORDS: Array<{ pattern: RegExp; unit: 'day' | 'week' | 'month' | 'quarter'; multiplier: number }> = [
  { pattern: /^(d|days?)$/, unit: 'day', multiplier: 1 },
  { pattern: /^(w|wks?|weeks?)$/, unit: 'week', multiplier: 1 },
  { pattern: /^(fortnights?)$/, unit: 'week', multiplier: 2 },
  { pattern: /^(m|mo|mths?|months?)$/, unit: 'month', multiplier: 1 },
  { pattern: /^(q|qtrs?|quarters?)$/, unit: 'quarter', multiplier: 1 },
  { pattern: /^(y|yrs?|years?)$/, unit: 'month', multiplier: 12 },
];

/** Parses '8w', '90d', '3m', '13 weeks', 'fortnight', 'next month', 'next quarter', '2q', 'Q1'; undefined if not understood. */
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
  if (unitWord.unit === 'quarter') return { kind: 'quarters', count, text: input.trim() };
  return { kind: 'duration', unit: unitWord.unit, count, text: input.trim() };
}

function parseCalendarTarget(text: string): Horizon | undefined {
  if (text === 'next month') return { kind: 'next-month', text: 'next month' };
  const quarter = /^(next )?q([1-4])$/.exec(text);
  if (quarter) return { kind: 'quarter', quarter: Number(quarter[2]), text: `Q${quarter[2]}` };
  return undefined;
}

/** A calendar period a horizon names, once the end of the data is known. */
export interface CalendarTarget {
  /** First moment of the period (ms, UTC). */
  startMs: number;
  /** First moment after it. */
  endMs: number;
  /** 'January 2012', 'Q1 2012', 'Q1 – Q2 2012'. */
  name: string;
}

type CalendarHorizon = Extract<Horizon, { kind: 'next-month' | 'quarters' | 'next-quarter' | 'quarter' }>;

export function isCalendarHorizon(horizon: Horizon): horizon is CalendarHorizon {
  return horizon.kind !== 'duration' && horizon.kind !== 'periods';
}

/**
 * The calendar period a calendar horizon names: the first such period that starts on or after
 * `dataEndMs` (the first moment with no data: the day after the last day with orders). With data
 * to 9 Dec 2011, 'next month' is January 2012 and 'next quarter' Q1 2012, whatever the granularity.
 */
export function calendarTarget(horizon: CalendarHorizon, dataEndMs: number): CalendarTarget {
  const date = new Date(dataEndMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const firstOnOrAfter = (candidate: number, stride: number) => {
    let m = candidate;
    while (Date.UTC(year, m, 1) < dataEndMs) m += stride;
    return m;
  };
  switch (horizon.kind) {
    case 'next-month': {
      const m = firstOnOrAfter(month, 1);
      return { startMs: Date.UTC(year, m, 1), endMs: Date.UTC(year, m + 1, 1), name: monthText(Date.UTC(year, m, 1)) };
    }
    case 'quarters':
    case 'next-quarter': {
      const count = horizon.kind === 'quarters' ? horizon.count : 1;
      const m = firstOnOrAfter(Math.floor(month / 3) * 3, 3);
      return { startMs: Date.UTC(year, m, 1), endMs: Date.UTC(year, m + 3 * count, 1), name: quarterSpan(Date.UTC(year, m, 1), count) };
    }
    case 'quarter': {
      const m = firstOnOrAfter((horizon.quarter - 1) * 3, 12);
      return { startMs: Date.UTC(year, m, 1), endMs: Date.UTC(year, m + 3, 1), name: quarterSpan(Date.UTC(year, m, 1), 1) };
    }
  }
}

/** 'Q1 2012', 'Q1 – Q2 2012', 'Q4 2011 – Q1 2012'. */
function quarterSpan(startMs: number, count: number): string {
  const first = new Date(startMs);
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 3 * (count - 1), 1));
  const q = (d: Date) => `Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  if (count === 1) return `${q(first)} ${first.getUTCFullYear()}`;
  if (first.getUTCFullYear() === last.getUTCFullYear()) return `${q(first)} – ${q(last)} ${first.getUTCFullYear()}`;
  return `${q(first)} ${first.getUTCFullYear()} – ${q(last)} ${last.getUTCFullYear()}`;
}

/**
 * Whether the bucket starting at `startMs` counts in a calendar target. Days and months exactly;
 * a week counts in the period that holds its Thursday (the ISO 8601 rule for weeks across a year
 * end): at least four of its seven days are in it.
 */
export function bucketInTarget(startMs: number, granularity: Granularity, target: Pick<CalendarTarget, 'startMs' | 'endMs'>): boolean {
  const anchor = granularity === 'week' ? startMs + 3 * DAY_MS : startMs;
  return anchor >= target.startMs && anchor < target.endMs;
}

/** A horizon's approximate length in days from the end of the data, for limits and for choosing the default granularity. */
export function approximateDays(horizon: Horizon, granularity: Granularity): number {
  switch (horizon.kind) {
    case 'duration':
      return horizon.count * { day: 1, week: 7, month: 30.44 }[horizon.unit];
    case 'periods':
      return horizon.count * { day: 1, week: 7, month: 30.44 }[granularity];
    case 'next-month':
      return 62;
    case 'quarters':
      return 91 * (horizon.count + 1);
    case 'next-quarter':
      return 182;
    case 'quarter':
      return 456;
  }
}

/**
 * Days from the end of the data (`dataEndMs`, the first moment without data) to the end of the
 * horizon: exact for calendar targets, approximate for durations.
 */
export function daysAfterData(horizon: Horizon, granularity: Granularity, dataEndMs: number): number {
  if (isCalendarHorizon(horizon)) return (calendarTarget(horizon, dataEndMs).endMs - dataEndMs) / DAY_MS;
  return approximateDays(horizon, granularity);
}

/**
 * Default granularity: days for a horizon written in days of at most 31 days ('14d', '30 days'),
 * weeks otherwise (months only when asked with by=month).
 */
export function defaultGranularity(horizon: Horizon): Granularity {
  return horizon.kind === 'duration' && horizon.unit === 'day' && horizon.count <= 31 ? 'day' : 'week';
}

export interface ResolvedHorizon {
  /** Number of buckets forecast, from the first bucket after the data's last whole one. */
  steps: number;
  /** First moment after the horizon (ms, UTC): the end of the last bucket forecast. */
  endMs: number;
  /**
   * For calendar targets: the period named and the first step that counts in it. Steps before it
   * (the rest of the period under way, and any period between) are forecast too but are not part
   * of the target's total. A week counts where its Thursday is (bucketInTarget).
   */
  target?: CalendarTarget & { firstStep: number };
}

/**
 * Turns a horizon into buckets after `forecastStart` (a bucket start). Durations: every bucket
 * starting before the duration ends. Calendar targets: every bucket up to the last one that counts
 * in the target (see calendarTarget for which period that is; `dataEndMs` defaults to forecastStart).
 */
export function resolveHorizon(horizon: Horizon, forecastStart: number, granularity: Granularity, dataEndMs = forecastStart): ResolvedHorizon {
  if (horizon.kind === 'periods') return { steps: horizon.count, endMs: addBuckets(forecastStart, horizon.count, granularity) };
  if (isCalendarHorizon(horizon)) {
    const target = calendarTarget(horizon, dataEndMs);
    let firstStep = -1;
    let steps = 0;
    for (let k = 0; addBuckets(forecastStart, k, granularity) < target.endMs; k++) {
      if (!bucketInTarget(addBuckets(forecastStart, k, granularity), granularity, target)) continue;
      if (firstStep < 0) firstStep = k;
      steps = k + 1;
    }
    if (firstStep < 0) return { steps: 1, endMs: addBuckets(forecastStart, 1, granularity) };
    return { steps, endMs: addBuckets(forecastStart, steps, granularity), target: { ...target, firstStep } };
  }
  const endMs = durationEnd(horizon, forecastStart);
  let steps = 0;
  while (addBuckets(forecastStart, steps, granularity) < endMs) steps++;
  return { steps: Math.max(1, steps), endMs: addBuckets(forecastStart, Math.max(1, steps), granularity) };
}

function durationEnd(horizon: Extract<Horizon, { kind: 'duration' }>, start: number): number {
  const date = new Date(start);
  if (horizon.unit === 'day') return start + horizon.count * DAY_MS;
  if (horizon.unit === 'week') return start + horizon.count * 7 * DAY_MS;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + horizon.count, date.getUTCDate());
}

/** The horizon in words before the data is read (acks): 'next 8 weeks', 'next calendar month', 'next calendar quarter', 'the next Q1'. */
export function describeHorizon(horizon: Horizon, granularity: Granularity): string {
  switch (horizon.kind) {
    case 'duration':
      return `next ${horizon.count} ${horizon.unit}${horizon.count === 1 ? '' : 's'}`;
    case 'periods':
      return `next ${horizon.count} ${granularity}${horizon.count === 1 ? '' : 's'}`;
    case 'next-month':
      return 'next calendar month';
    case 'quarters':
      return horizon.count === 1 ? 'next calendar quarter' : `next ${horizon.count} calendar quarters`;
    case 'next-quarter':
      return 'next calendar quarter';
    case 'quarter':
      return `the next Q${horizon.quarter}`;
  }
}

/**
 * The horizon in words once resolved, with its dates: 'Q1 2012 (next quarter, 1 Jan – 31 Mar 2012)',
 * 'January 2012 (next month, 1 – 31 Jan 2012)', 'next 8 weeks (5 Dec 2011 – 29 Jan 2012)'.
 */
export function describeResolved(horizon: Horizon, granularity: Granularity, resolved: ResolvedHorizon, forecastStart: number): string {
  if (resolved.target) {
    const asked = horizon.kind === 'quarter' ? '' : `${describeHorizon(horizon, granularity).replace(' calendar', '')}, `;
    return `${resolved.target.name} (${asked}${rangeText(resolved.target.startMs, resolved.target.endMs)})`;
  }
  return `${describeHorizon(horizon, granularity)} (${rangeText(forecastStart, resolved.endMs)})`;
}
