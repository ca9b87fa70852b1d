import type { ForecastResult } from '../../ml/forecast/index.ts';
import type { MetricSeries } from '../../repos/metric-series.ts';
import { addBuckets, DAY_MS, isoDay, parseIsoDay, type Granularity } from '../../time/calendar.ts';

/**
 * What a forecast is read against (pure): what is already booked in a period under way, the same
 * periods a year earlier, and the windows the total is compared with.
 */

/** A period the data covers only in part: what is booked in it, and how its total is expected. */
export interface BookedSoFar {
  /** ISO start of the period (the first forecast period). */
  period: string;
  booked: number;
  /** ISO day of the last day with data. */
  throughDay: string;
  elapsedDays: number;
  periodDays: number;
  /** Share of a whole period's value that its first `elapsedDays` days usually hold (0..1). */
  share: number;
  /**
   * How the share was found: the same period a year earlier (its first `elapsedDays` days over its
   * total), else the average day of the week in the data, else the share of days.
   */
  shareRule: { kind: 'last-year'; period: string } | { kind: 'weekdays' } | { kind: 'days' };
  /** The model's forecast of the whole period, before what is booked was counted. */
  wholePeriodForecast: number;
}

/**
 * What is booked in the first forecast period when the data stops inside it. `daily` is the same
 * metric per day (additive metrics only: a day's values must add up to the period's). The rest of
 * the period is expected to bring (1 − share) of a whole period's forecast.
 */
export function bookedSoFar(daily: MetricSeries, periodStart: string, granularity: Granularity, yearLag: number): Omit<BookedSoFar, 'wholePeriodForecast'> | undefined {
  if (granularity === 'day' || daily.periods.length === 0) return undefined;
  const start = parseIsoDay(periodStart);
  const end = addBuckets(start, 1, granularity);
  const firstDay = parseIsoDay(daily.periods[0]);
  const dataEnd = parseIsoDay(daily.periods[daily.periods.length - 1]) + DAY_MS;
  if (!(dataEnd > start && dataEnd < end)) return undefined;
  const valueOn = (ms: number): number | null => {
    const i = Math.round((ms - firstDay) / DAY_MS);
    return i >= 0 && i < daily.values.length ? daily.values[i] : null;
  };
  const sum = (from: number, to: number): number | undefined => {
    let total = 0;
    for (let at = from; at < to; at += DAY_MS) {
      const v = valueOn(at);
      if (v === null || !Number.isFinite(v)) return undefined;
      total += v;
    }
    return total;
  };
  const booked = sum(Math.max(start, firstDay), dataEnd);
  if (booked === undefined) return undefined;
  const elapsedDays = Math.round((dataEnd - start) / DAY_MS);
  const periodDays = Math.round((end - start) / DAY_MS);
  const base = { period: periodStart, booked, throughDay: isoDay(dataEnd - DAY_MS), elapsedDays, periodDays };

  const lastYearStart = addBuckets(start, -yearLag, granularity);
  const lastYearEnd = addBuckets(lastYearStart, 1, granularity);
  if (lastYearStart >= firstDay) {
    const whole = sum(lastYearStart, lastYearEnd);
    const early = sum(lastYearStart, lastYearStart + elapsedDays * DAY_MS);
    if (whole !== undefined && early !== undefined && whole > 0 && early >= 0) {
      return { ...base, share: Math.min(1, early / whole), shareRule: { kind: 'last-year', period: isoDay(lastYearStart) } };
    }
  }
  const weights = weekdayMeans(daily);
  const weightOf = (from: number, to: number) => {
    let w = 0;
    for (let at = from; at < to; at += DAY_MS) w += weights[new Date(at).getUTCDay()];
    return w;
  };
  const all = weightOf(start, end);
  if (all > 0) return { ...base, share: Math.min(1, weightOf(start, dataEnd) / all), shareRule: { kind: 'weekdays' } };
  return { ...base, share: elapsedDays / periodDays, shareRule: { kind: 'days' } };
}

/** Mean value per day of the week (0 = Sunday) over the daily series, floored at 0. */
function weekdayMeans(daily: MetricSeries): number[] {
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  const first = parseIsoDay(daily.periods[0]);
  daily.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const weekday = new Date(first + i * DAY_MS).getUTCDay();
    sums[weekday] += v;
    counts[weekday]++;
  });
  return sums.map((s, d) => (counts[d] > 0 ? Math.max(0, s / counts[d]) : 0));
}

/** The first period's forecast and bounds become booked + (1 − share) × the whole-period figure. */
export function withBooked(result: ForecastResult, booked: Omit<BookedSoFar, 'wholePeriodForecast'>): { result: ForecastResult; booked: BookedSoFar } {
  const rest = 1 - booked.share;
  const first = (values: number[]) => values.map((v, h) => (h === 0 ? booked.booked + rest * v : v));
  return {
    result: {
      ...result,
      point: first(result.point),
      lower80: first(result.lower80),
      upper80: first(result.upper80),
      lower95: first(result.lower95),
      upper95: first(result.upper95),
    },
    booked: { ...booked, wholePeriodForecast: result.point[0] },
  };
}

/** One forecast period next to the same period a year earlier. */
export interface LastYearPoint {
  period: string;
  lastYearPeriod: string;
  /** null: not in the data (before it starts, or undefined there). */
  value: number | null;
}

/** The value `yearLag` buckets before each forecast period (forecast step k is series index n + k). */
export function lastYearSame(series: MetricSeries, forecastPeriods: readonly string[], yearLag: number): LastYearPoint[] {
  const n = series.periods.length;
  return forecastPeriods.map((period, k) => {
    const i = n + k - yearLag;
    const lastYearPeriod = isoDay(addBuckets(parseIsoDay(period), -yearLag, series.granularity));
    return { period, lastYearPeriod, value: i >= 0 && i < n ? series.values[i] : null };
  });
}

/** A window of history the forecast total is compared with. */
export interface HistoryWindow {
  /** Series index of its first bucket. */
  first: number;
  steps: number;
  /** Sum (additive metrics) or mean of its values. */
  value: number;
}

export interface Comparison {
  /** The `steps` periods just before the forecast. */
  previous?: HistoryWindow;
  /** The compared periods `yearLag` buckets earlier. */
  lastYear?: HistoryWindow;
}

/**
 * Actual totals to compare the forecast with; a comparison is left out when the history does not
 * fully cover it. The forecast periods compared are steps offset … offset + steps − 1 (step k is
 * series index n + k). `yearLag` is the number of buckets in a year (52 weeks, 12 months, 364 days).
 * Missing history values (null) make the comparison unavailable.
 */
export function compareWithHistory(history: ReadonlyArray<number | null>, steps: number, yearLag: number, additive: boolean, offset = 0): Comparison {
  const n = history.length;
  const window = (first: number): HistoryWindow | undefined => {
    if (first < 0 || first + steps > n) return undefined;
    const slice = history.slice(first, first + steps);
    if (slice.some((v) => v === null || !Number.isFinite(v))) return undefined;
    const sum = (slice as number[]).reduce((a, b) => a + b, 0);
    return { first, steps, value: additive ? sum : sum / steps };
  };
  return { previous: window(n - steps), lastYear: window(n + offset - yearLag) };
}

/** Buckets at the start of the data where every customer is new (nobody had a chance to buy before): a quarter of a year. */
export const WARM_UP_BUCKETS: Record<Granularity, number> = { day: 91, week: 13, month: 3 };
