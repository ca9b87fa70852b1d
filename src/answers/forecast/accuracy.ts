import { median } from '../../ml/cluster-metrics.ts';
import type { MetricSeries } from '../../repos/metric-series.ts';
import type { ForecastRun, StoredForecastPoint } from '../../repos/forecast-runs.ts';
import { addBuckets, parseIsoDay, type Granularity } from '../../time/calendar.ts';

/**
 * Stored forecasts against what happened (pure). A forecast period is scored once the data covers
 * it whole (it is one of the series' periods) and the metric has a value there; the actual comes
 * from the same series the forecast job fits on (src/repos/metric-series.ts), so both count alike.
 */

/** Where an actual fell against a forecast's ranges. */
export type RangePosition = 'inside 80' | 'above 80' | 'below 80' | 'above 95' | 'below 95';

export interface ScoredPeriod {
  runId: number;
  /** When the forecast was posted (ms). */
  madeAt: number;
  /** End of the history it was fitted on (ms). */
  dataEnd: number;
  periodStart: string;
  /** 1 for the forecast's first period, 2 for the next … */
  step: number;
  forecast: StoredForecastPoint;
  actual: number;
  /** actual − forecast. */
  error: number;
  /** |error| / |actual| × 100; undefined when the actual is 0. */
  absPercentError?: number;
  inside80: boolean;
  inside95: boolean;
  position: RangePosition;
}

export function scorePoint(point: StoredForecastPoint, actual: number): Pick<ScoredPeriod, 'actual' | 'error' | 'absPercentError' | 'inside80' | 'inside95' | 'position'> {
  const error = actual - point.value;
  const inside80 = actual >= point.lower80 && actual <= point.upper80;
  const inside95 = actual >= point.lower95 && actual <= point.upper95;
  const above = actual > point.value;
  const position: RangePosition = inside80 ? 'inside 80' : inside95 ? (above ? 'above 80' : 'below 80') : above ? 'above 95' : 'below 95';
  return { actual, error, ...(actual !== 0 ? { absPercentError: (Math.abs(error) / Math.abs(actual)) * 100 } : {}), inside80, inside95, position };
}

/** The actual of an ISO period, when the series covers it whole and has a value there. */
export function actualOf(series: Pick<MetricSeries, 'periods' | 'values'>, periodStart: string): number | undefined {
  const index = series.periods.indexOf(periodStart);
  const value = index < 0 ? null : series.values[index];
  return value === null || !Number.isFinite(value) ? undefined : value;
}

/** Every period of a run that the series now covers. */
export function scoreRun(run: ForecastRun, series: Pick<MetricSeries, 'periods' | 'values'>): ScoredPeriod[] {
  return run.points.flatMap((point, h) => {
    const actual = actualOf(series, point.periodStart);
    if (actual === undefined) return [];
    return [{ runId: run.id, madeAt: run.createdAt, dataEnd: run.dataEnd, periodStart: point.periodStart, step: h + 1, forecast: point, ...scorePoint(point, actual) }];
  });
}

/** A run's first period, scored; undefined until the series covers it and has a value there. */
export function scoreFirstPeriod(run: ForecastRun, series: Pick<MetricSeries, 'periods' | 'values'>): ScoredPeriod | undefined {
  const first = run.points[0];
  return first && scoreRun({ ...run, points: [first] }, series)[0];
}

/**
 * Forecasts made on the same data (the same end of history) are the same forecast asked again:
 * each of their periods is scored once, from the newest, so repeats do not weigh a period twice.
 * Runs must be of one metric, grain and country. Returns the scored periods, oldest forecast first.
 */
export function scoreRuns(runs: readonly ForecastRun[], series: Pick<MetricSeries, 'periods' | 'values'>): { scored: ScoredPeriod[]; repeats: number } {
  const newestFirst = [...runs].sort((a, b) => b.id - a.id);
  const seen = new Set<string>();
  const scored: ScoredPeriod[] = [];
  let repeats = 0;
  for (const run of newestFirst) {
    for (const period of scoreRun(run, series)) {
      const key = `${run.dataEnd}|${period.periodStart}`;
      if (seen.has(key)) {
        repeats++;
        continue;
      }
      seen.add(key);
      scored.push(period);
    }
  }
  scored.sort((a, b) => a.runId - b.runId || a.step - b.step);
  return { scored, repeats };
}

export interface AccuracySummary {
  periods: number;
  forecasts: number;
  inside80: number;
  inside95: number;
  /** Actuals above / below the 80 % range. */
  above80: number;
  below80: number;
  /** Median of |actual − forecast| / |actual| in %; undefined when every actual was 0. */
  medianAbsPercentError?: number;
  /** Median of |actual − forecast|. */
  medianAbsError: number;
}

export function summarize(scored: readonly ScoredPeriod[]): AccuracySummary {
  const percents = scored.map((s) => s.absPercentError).filter((p): p is number => p !== undefined);
  const medianPercent = median(percents);
  return {
    periods: scored.length,
    forecasts: new Set(scored.map((s) => s.runId)).size,
    inside80: scored.filter((s) => s.inside80).length,
    inside95: scored.filter((s) => s.inside95).length,
    above80: scored.filter((s) => !s.inside80 && s.error > 0).length,
    below80: scored.filter((s) => !s.inside80 && s.error < 0).length,
    ...(Number.isNaN(medianPercent) ? {} : { medianAbsPercentError: medianPercent }),
    medianAbsError: median(scored.map((s) => Math.abs(s.error))),
  };
}

export interface NextScoreable {
  run: ForecastRun;
  periodStart: string;
  /** The first moment after that period: the data must reach it. */
  periodEndMs: number;
}

/** The earliest stored period after the end of the series, over all runs: when the next score becomes possible. */
export function nextScoreable(runs: readonly ForecastRun[], granularity: Granularity, series: Pick<MetricSeries, 'periods'>): NextScoreable | undefined {
  const lastCovered = series.periods[series.periods.length - 1] ?? '';
  let best: NextScoreable | undefined;
  for (const run of runs) {
    const open = run.points.find((p) => p.periodStart > lastCovered);
    if (!open) continue;
    const periodEndMs = addBuckets(parseIsoDay(open.periodStart), 1, granularity);
    if (!best || periodEndMs < best.periodEndMs) best = { run, periodStart: open.periodStart, periodEndMs };
  }
  return best;
}

/**
 * The counts out of `n` that a range holding a share `p` of outcomes lands between in `mass` of
 * samples by chance alone (the central interval of Binomial(n, p)): how far a small sample's
 * coverage may stray from 80 % or 95 % without the ranges being wrong. Log-space pmf, so large n
 * does not underflow.
 */
export function chanceRange(n: number, p: number, mass = 0.9): { low: number; high: number } {
  const logPmf: number[] = [n * Math.log(1 - p)];
  for (let k = 0; k < n; k++) logPmf.push(logPmf[k] + Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p)));
  const tail = (1 - mass) / 2;
  let cumulative = 0;
  let low = 0;
  while (low < n && cumulative + Math.exp(logPmf[low]) <= tail) cumulative += Math.exp(logPmf[low++]);
  cumulative = 0;
  let high = n;
  while (high > 0 && cumulative + Math.exp(logPmf[high]) <= tail) cumulative += Math.exp(logPmf[high--]);
  return { low, high };
}

export interface RunGroup {
  metric: string;
  grain: Granularity;
  country: string | null;
  runs: ForecastRun[];
}

/** Runs per series (metric, grain, country), ordered by metric, grain, then country (the whole business first). */
export function groupRuns(runs: readonly ForecastRun[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const run of runs) {
    const key = JSON.stringify([run.metric, run.grain, run.country]);
    const group = groups.get(key) ?? { metric: run.metric, grain: run.grain as Granularity, country: run.country, runs: [] };
    group.runs.push(run);
    groups.set(key, group);
  }
  const grainOrder = ['day', 'week', 'month'];
  return [...groups.values()].sort(
    (a, b) => a.metric.localeCompare(b.metric) || grainOrder.indexOf(a.grain) - grainOrder.indexOf(b.grain) || (a.country ?? '').localeCompare(b.country ?? ''),
  );
}
