import type { Dialect } from '../db/sql-client.ts';
import type { Granularity } from '../time/calendar.ts';

/**
 * The SQL that SQLite and PostgreSQL spell differently, said once per dialect; repositories pick
 * theirs with `dialectSql(db.dialect)` and write everything else once for both.
 */
export interface DialectSql {
  /**
   * The first day (ISO date text) of the bucket holding a millisecond timestamp: the same buckets as
   * `bucketStart` in src/time/calendar.ts (UTC days, ISO weeks from Monday, calendar months);
   * test/repos/calendar-sql.test.ts checks that they agree.
   */
  bucket: Record<Granularity, (ms: string) => string>;
  /** The start (integer ms) of the bucket after the one holding a millisecond timestamp. */
  nextBucket: Record<Granularity, (ms: string) => string>;
  /** A double rounded to two decimals, as a number. */
  round2(value: string): string;
  /** A table read whole rather than through an index: SQLite would otherwise look rows up through one. */
  fullScan(table: string): string;
  /** `column` in a JSON array of texts bound as one parameter (one statement, however many values). */
  inJsonList(column: string, parameter?: string): string;
}

/**
 * SQLite: `weekday 0` moves to the next Sunday (or stays on one), and six days back is that week's
 * Monday. unixepoch() of a date is its midnight in seconds.
 */
const sqliteBucket: DialectSql['bucket'] = {
  day: (ms) => `date(${ms} / 1000, 'unixepoch')`,
  week: (ms) => `date(${ms} / 1000, 'unixepoch', 'weekday 0', '-6 days')`,
  month: (ms) => `date(${ms} / 1000, 'unixepoch', 'start of month')`,
};
const SQLITE_STEP: Record<Granularity, string> = { day: '+1 day', week: '+7 days', month: '+1 month' };

const SQLITE: DialectSql = {
  bucket: sqliteBucket,
  nextBucket: perGranularity((g) => (ms) => `(unixepoch(${sqliteBucket[g](ms)}, '${SQLITE_STEP[g]}') * 1000)`),
  round2: (value) => `round(${value}, 2)`,
  fullScan: (table) => `${table} NOT INDEXED`,
  inJsonList: (column, parameter = '?') => `${column} IN (SELECT value FROM json_each(${parameter}))`,
};

/**
 * PostgreSQL: the timestamp as UTC wall time; date_trunc('week') starts weeks on Monday (ISO).
 * The next bucket's start is cast to bigint so that comparing it with ordered_at can use an index.
 */
const utc = (ms: string) => `(to_timestamp(${ms} / 1000.0) AT TIME ZONE 'UTC')`;
const PG_STEP: Record<Granularity, string> = { day: '1 day', week: '7 days', month: '1 month' };

const POSTGRES: DialectSql = {
  bucket: perGranularity((g) => (ms) => `to_char(date_trunc('${g}', ${utc(ms)}), 'YYYY-MM-DD')`),
  nextBucket: perGranularity((g) => (ms) => `CAST(extract(epoch FROM date_trunc('${g}', ${utc(ms)}) + interval '${PG_STEP[g]}') * 1000 AS bigint)`),
  round2: (value) => `round(CAST(${value} AS numeric), 2)`,
  fullScan: (table) => table,
  inJsonList: (column, parameter = '?') => `${column} IN (SELECT json_array_elements_text(CAST(${parameter} AS json)))`,
};

export function dialectSql(dialect: Dialect): DialectSql {
  return dialect === 'postgres' ? POSTGRES : SQLITE;
}

function perGranularity<T>(make: (granularity: Granularity) => T): Record<Granularity, T> {
  return { day: make('day'), week: make('week'), month: make('month') };
}
