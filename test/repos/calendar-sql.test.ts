import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectSql } from '../../src/repos/calendar-sql.ts';
import { addBuckets, bucketStart, DAY_MS, GRANULARITIES, isoDay } from '../../src/time/calendar.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

/** Every day of six years, at midnight, just after it, at noon and at the last millisecond. */
function instants(): number[] {
  const out: number[] = [];
  const start = Date.UTC(2019, 11, 25);
  for (let day = 0; day < 6 * 366; day++) {
    for (const ms of [0, 1, 12 * 3600_000 + 17, DAY_MS - 1]) out.push(start + day * DAY_MS + ms);
  }
  return out;
}

describe('calendar buckets in SQL and TypeScript', () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(() => handle?.close());

  /** Each instant with its bucket start and the next bucket's start, as the database computes them (1,000 instants a statement). */
  async function inSql(granularity: (typeof GRANULARITIES)[number], all: number[]): Promise<Array<{ ms: number; bucket: string; next: number }>> {
    const sql = dialectSql(handle.db.dialect);
    const rows: Array<{ ms: number; bucket: string; next: number }> = [];
    for (let i = 0; i < all.length; i += 1000) {
      const chunk = all.slice(i, i + 1000);
      const values = chunk.map(() => '(CAST(? AS BIGINT))').join(', ');
      rows.push(
        ...(await handle.db.all<{ ms: number; bucket: string; next: number }>(
          `WITH v(ms) AS (VALUES ${values}) SELECT v.ms AS ms, ${sql.bucket[granularity]('v.ms')} AS bucket, ${sql.nextBucket[granularity]('v.ms')} AS next FROM v`,
          chunk,
        )),
      );
    }
    return rows;
  }

  it('agree on every day, week and month start over six years, at any time of day', async () => {
    const all = instants();
    for (const granularity of GRANULARITIES) {
      const rows = await inSql(granularity, all);
      expect(rows.map((r) => r.ms).sort((a, b) => a - b), granularity).toEqual(all);
      const mismatches = rows.filter((r) => r.bucket !== isoDay(bucketStart(r.ms, granularity)));
      expect(mismatches.map((r) => `${new Date(r.ms).toISOString()} → ${r.bucket}`), granularity).toEqual([]);
      const wrongNext = rows.filter((r) => r.next !== addBuckets(bucketStart(r.ms, granularity), 1, granularity));
      expect(wrongNext.map((r) => `${new Date(r.ms).toISOString()} → ${new Date(r.next).toISOString()}`), granularity).toEqual([]);
    }
  });

  it('start weeks on Monday, also across a year boundary (ISO week 1 of 2026 starts on 2025-12-29)', () => {
    expect(isoDay(bucketStart(Date.UTC(2026, 0, 1), 'week'))).toBe('2025-12-29');
    expect(isoDay(bucketStart(Date.UTC(2026, 0, 4, 23, 59), 'week'))).toBe('2025-12-29');
    expect(isoDay(bucketStart(Date.UTC(2026, 0, 5), 'week'))).toBe('2026-01-05');
  });
});
