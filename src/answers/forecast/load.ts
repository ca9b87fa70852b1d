import { z } from 'zod';
import type { ForecastRunRepository } from '../../repos/forecast-runs.ts';
import type { MetricSeries, MetricSeriesRepository } from '../../repos/metric-series.ts';
import { addBuckets, DAY_MS, isoDay, parseIsoDay, GRANULARITIES } from '../../time/calendar.ts';
import { describeHorizon, describeResolved, horizonSchema, resolveHorizon, type ResolvedHorizon } from './horizon.ts';
import { scoreFirstPeriod, type ScoredPeriod } from './accuracy.ts';
import { metricKey, ORDER_METRICS, type MetricRef } from './metrics.ts';

const metricRefSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('orders'), name: z.enum(ORDER_METRICS) }),
  z.object({ source: z.literal('kpi'), name: z.string().min(1) }),
]);
const granularitySchema = z.enum(GRANULARITIES as ['day', 'week', 'month']);

/** What the forecast command enqueues. */
export const forecastPayloadSchema = z.object({
  metric: metricRefSchema,
  horizon: horizonSchema,
  granularity: granularitySchema,
  country: z.string().optional(),
  /** Where the forecast is posted: stored with it, so the next forecast there can say how this one did. */
  origin: z.object({ channelId: z.string(), scheduleId: z.number().int().optional() }).optional(),
});

export type ForecastPayload = z.infer<typeof forecastPayloadSchema>;

/** What `forecast accuracy` enqueues: which stored forecasts to score (absent: all). */
export const accuracyPayloadSchema = z.object({
  metric: metricRefSchema.optional(),
  granularity: granularitySchema.optional(),
  country: z.string().optional(),
});

export type AccuracyPayload = z.infer<typeof accuracyPayloadSchema>;

/** The series a forecast is fitted on, and the one its periods are later scored against. */
export type SeriesKey = Pick<ForecastPayload, 'metric' | 'granularity' | 'country'>;

export function loadSeries(repo: MetricSeriesRepository, payload: SeriesKey): Promise<MetricSeries> {
  const metric: MetricRef = payload.metric;
  return metric.source === 'orders' ? repo.orderSeries(metric.name, payload.granularity, payload.country) : repo.kpiSeries(metric.name);
}

/**
 * The first moment without data: the day after the last day with orders (in the country), or the
 * end of the last imported KPI week.
 */
export async function dataEnd(repo: MetricSeriesRepository, payload: ForecastPayload, series: MetricSeries): Promise<number> {
  if (payload.metric.source === 'kpi') return addBuckets(parseIsoDay(series.periods[series.periods.length - 1]), 1, 'week');
  const days = await repo.coveredPeriods('day', payload.country);
  return parseIsoDay(days.periods[days.periods.length - 1]) + DAY_MS;
}

export interface ForecastPlan {
  /** ISO start of each forecast period: the buckets right after the series' last one. */
  periods: string[];
  forecastStartMs: number;
  /** First moment without data. */
  dataEndMs: number;
  /** After any cap; `target` is dropped when the cap cuts into it. */
  resolved: ResolvedHorizon;
  /** The horizon in words, with its dates. */
  horizonText: string;
  /** The same without dates, for chart titles: 'January 2012', 'next 8 weeks'. */
  shortText: string;
  /** Set when the horizon reached further ahead than the history reaches back and was shortened. */
  capped?: { requestedSteps: number; steps: number };
}

/**
 * The forecast's periods, as far as the horizon reaches, but never more periods ahead than the
 * history has: a forecast further out than the data goes back has nothing to stand on (the command
 * refuses such requests; this catches the rest, e.g. a country or granularity with fewer whole periods).
 */
export function planForecast(series: MetricSeries, payload: ForecastPayload, dataEndMs: number): ForecastPlan {
  const { granularity } = series;
  const lastObserved = parseIsoDay(series.periods[series.periods.length - 1]);
  const forecastStartMs = addBuckets(lastObserved, 1, granularity);
  const requested = resolveHorizon(payload.horizon, forecastStartMs, granularity, dataEndMs);
  const maxSteps = Math.max(1, series.periods.length);
  const capped = requested.steps > maxSteps ? { requestedSteps: requested.steps, steps: maxSteps } : undefined;
  const resolved: ResolvedHorizon = capped ? { steps: maxSteps, endMs: addBuckets(forecastStartMs, maxSteps, granularity) } : requested;
  return {
    periods: Array.from({ length: resolved.steps }, (_, k) => isoDay(addBuckets(forecastStartMs, k, granularity))),
    forecastStartMs,
    dataEndMs,
    resolved,
    horizonText: describeResolved(payload.horizon, granularity, resolved, forecastStartMs),
    shortText: resolved.target?.name ?? describeHorizon(payload.horizon, granularity),
    ...(capped ? { capped } : {}),
  };
}

/**
 * The forecast a new one reports on first: the newest stored forecast of the same metric, grain
 * and country posted in the same channel whose first period the series now covers, scored against
 * it. Undefined outside a channel, before any such forecast, or when that period has no value.
 */
export async function previousForecast(repo: ForecastRunRepository, payload: ForecastPayload, series: MetricSeries): Promise<ScoredPeriod | undefined> {
  const lastCoveredPeriod = series.periods[series.periods.length - 1];
  if (!payload.origin || lastCoveredPeriod === undefined) return undefined;
  const run = await repo.latestScoreable({
    channelId: payload.origin.channelId,
    metric: metricKey(payload.metric),
    grain: series.granularity,
    country: payload.country ?? null,
    lastCoveredPeriod,
  });
  return run && scoreFirstPeriod(run, series);
}
