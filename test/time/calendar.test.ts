import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/ml/random.ts';
import { DAY_MS, GRANULARITIES, hasWholeBucket, wholeBuckets } from '../../src/time/calendar.ts';

describe('hasWholeBucket', () => {
  it('says whether wholeBuckets lists anything, for spans from an hour to three years', () => {
    const random = createRandom(3);
    const start = Date.UTC(2023, 0, 1);
    let withBuckets = 0;
    for (let i = 0; i < 2_000; i++) {
      const first = start + Math.floor(random() * 400 * DAY_MS);
      const last = first + Math.floor(random() ** 3 * 3 * 365 * DAY_MS);
      for (const granularity of GRANULARITIES) {
        const listed = wholeBuckets(first, last, granularity).periods.length > 0;
        expect(hasWholeBucket(first, last, granularity), `${new Date(first).toISOString()} … ${new Date(last).toISOString()} by ${granularity}`).toBe(listed);
        if (listed) withBuckets++;
      }
    }
    // Both answers occur, so the comparison is not one-sided.
    expect(withBuckets).toBeGreaterThan(1_000);
    expect(withBuckets).toBeLessThan(2_000 * GRANULARITIES.length);
  });

  it('needs a whole month for by=month: 2 to 30 June is not one, 1 to 30 June is', () => {
    expect(hasWholeBucket(Date.UTC(2026, 5, 2), Date.UTC(2026, 5, 30, 12), 'month')).toBe(false);
    expect(hasWholeBucket(Date.UTC(2026, 5, 1), Date.UTC(2026, 5, 30, 12), 'month')).toBe(true);
  });
});
