import type { Granularity } from '../time/calendar.ts';

/**
 * SQLite expressions for the first day (ISO date) of the bucket holding a millisecond timestamp: the
 * same buckets as `bucketStart` in src/time/calendar.ts (UTC days, ISO weeks from Monday, calendar
 * months); test/repos/calendar-sql.test.ts checks that they agree. `weekday 0` moves to the next
 * Sunday (or stays on one), and six days back is that week's Monday.
 */
export const BUCKET_SQL: Record<Granularity, (column: string) => string> = {
  day: (c) => `date(${c} / 1000, 'unixepoch')`,
  week: (c) => `date(${c} / 1000, 'unixepoch', 'weekday 0', '-6 days')`,
  month: (c) => `date(${c} / 1000, 'unixepoch', 'start of month')`,
};
