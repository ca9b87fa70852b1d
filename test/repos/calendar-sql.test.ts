import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BUCKET_SQL } from '../../src/repos/calendar-sql.ts';
import { bucketStart, DAY_MS, GRANULARITIES, isoDay } from '../../src/time/calendar.ts';

describe('calendar buckets in SQL and TypeScript', () => {
  it('agree on every day, week and month start over six years, at any time of day', () => {
    const sqlite = new Database(':memory:');
    const instants: number[] = [];
    const start = Date.UTC(2019, 11, 25);
    for (let day = 0; day < 6 * 366; day++) {
      for (const ms of [0, 1, 12 * 3600_000 + 17, DAY_MS - 1]) instants.push(start + day * DAY_MS + ms);
    }
    for (const granularity of GRANULARITIES) {
      const query = sqlite.prepare(`SELECT ${BUCKET_SQL[granularity]('?')} AS bucket`).pluck();
      const mismatches = instants.filter((ms) => query.get(ms) !== isoDay(bucketStart(ms, granularity)));
      expect(mismatches.map((ms) => new Date(ms).toISOString()), granularity).toEqual([]);
    }
    sqlite.close();
  });

  it('start weeks on Monday, also across a year boundary (ISO week 1 of 2026 starts on 2025-12-29)', () => {
    expect(isoDay(bucketStart(Date.UTC(2026, 0, 1), 'week'))).toBe('2025-12-29');
    expect(isoDay(bucketStart(Date.UTC(2026, 0, 4, 23, 59), 'week'))).toBe('2025-12-29');
    expect(isoDay(bucketStart(Date.UTC(2026, 0, 5), 'week'))).toBe('2026-01-05');
  });
});
