import type { WeeklyRow } from '../../repos/metrics.ts';
import { WEEKLY_ROW_DAYS } from '../../repos/metrics.ts';
import { DAY_MS, parseIsoDay } from '../../time/calendar.ts';
import type { Window } from './period.ts';

/**
 * Spend and imported KPIs come as one value per week (period_start and the 6 days after it). A
 * period gets the days of each week it overlaps: value × overlap / 7 days, so a month holds its
 * own days of the weeks that straddle its ends, and a week-aligned period gets whole weeks.
 * `groupOf` names the group each day's share goes to (a channel, a calendar bucket); the result
 * sums per group.
 */
export function spreadWeekly(rows: readonly WeeklyRow[], window: Window, groupOf: (row: WeeklyRow, dayStart: number) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const start = parseIsoDay(row.periodStart);
    for (let d = 0; d < WEEKLY_ROW_DAYS; d++) {
      const dayStart = start + d * DAY_MS;
      const overlap = Math.min(window.to, dayStart + DAY_MS) - Math.max(window.from, dayStart);
      if (overlap <= 0) continue;
      const key = groupOf(row, dayStart);
      out.set(key, (out.get(key) ?? 0) + (row.value / WEEKLY_ROW_DAYS) * (overlap / DAY_MS));
    }
  }
  return out;
}

/** The spread total over the window. */
export function weeklyTotal(rows: readonly WeeklyRow[], window: Window): number {
  return spreadWeekly(rows, window, () => '').get('') ?? 0;
}
