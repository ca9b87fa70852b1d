/**
 * Calendar buckets for metric series, all in UTC: days, ISO weeks (starting Monday) and calendar
 * months. A bucket is named by the ISO date of its first day ('2025-12-29').
 */
export type Granularity = 'day' | 'week' | 'month';

export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];

export const DAY_MS = 86_400_000;

/** Seasonal period handed to the forecast engine: a week of days, a year of weeks or of months. */
export const SEASONAL_PERIOD: Record<Granularity, number> = { day: 7, week: 52, month: 12 };

/** Buckets back to "the same period last year": 364 days keeps weekdays aligned. */
export const YEAR_LAG: Record<Granularity, number> = { day: 364, week: 52, month: 12 };

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIsoDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Start (ms) of the bucket containing `ms`. */
export function bucketStart(ms: number, granularity: Granularity): number {
  const date = new Date(ms);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (granularity === 'day') return day;
  if (granularity === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  return day - daysSinceMonday * DAY_MS;
}

/** Start of the bucket `steps` buckets after the one starting at `start` (which must be a bucket start). */
export function addBuckets(start: number, steps: number, granularity: Granularity): number {
  if (granularity === 'day') return start + steps * DAY_MS;
  if (granularity === 'week') return start + steps * 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + steps, 1);
}

/** Every bucket start from `first` to `last` inclusive, as ISO days. */
export function bucketRange(first: number, last: number, granularity: Granularity): string[] {
  const out: string[] = [];
  for (let at = first; at <= last; at = addBuckets(at, 1, granularity)) out.push(isoDay(at));
  return out;
}

/** The buckets from the one holding `firstMs` to the one holding `lastMs`, without partly covered ends. */
export function wholeBuckets(firstMs: number, lastMs: number, granularity: Granularity): { periods: string[]; droppedPartial: { first?: string; last?: string } } {
  const { first, last, droppedPartial } = wholeBucketBounds(firstMs, lastMs, granularity);
  return { periods: first <= last ? bucketRange(first, last, granularity) : [], droppedPartial };
}

/** Whether `wholeBuckets` would list any bucket, without listing them (one per day of the data otherwise). */
export function hasWholeBucket(firstMs: number, lastMs: number, granularity: Granularity): boolean {
  const { first, last } = wholeBucketBounds(firstMs, lastMs, granularity);
  return first <= last;
}

/** Starts of the first and last whole buckets (first > last when there is none), and the partly covered ends left out. */
function wholeBucketBounds(firstMs: number, lastMs: number, granularity: Granularity): { first: number; last: number; droppedPartial: { first?: string; last?: string } } {
  let first = bucketStart(firstMs, granularity);
  let last = bucketStart(lastMs, granularity);
  const droppedPartial: { first?: string; last?: string } = {};
  const firstDay = bucketStart(firstMs, 'day');
  const lastDay = bucketStart(lastMs, 'day');
  if (firstDay > first) {
    droppedPartial.first = isoDay(first);
    first = addBuckets(first, 1, granularity);
  }
  if (lastDay + DAY_MS < addBuckets(last, 1, granularity)) {
    droppedPartial.last = isoDay(last);
    last = addBuckets(last, -1, granularity);
  }
  return { first, last, droppedPartial };
}
