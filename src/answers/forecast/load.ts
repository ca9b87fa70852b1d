import { z } from 'zod';
import type { MetricSeries, MetricSeriesRepository } from '../../repos/metric-series.ts';
import { addBuckets, isoDay, parseIsoDay, GRANULARITIES } from '../../time/calendar.ts';
import { horizonSchema, resolveHorizon } from './horizon.ts';
import { ORDER_METRICS, type MetricRef } from './metrics.ts';

/** What the forecast command enqueues. */
export const forecastPayloadSchema = z.object({
  metric: z.discriminatedUnion('source', [
    z.object({ source: z.literal('orders'), name: z.enum(ORDER_METRICS) }),
    z.object({ source: z.literal('kpi'), name: z.string().min(1) }),
  ]),
  horizon: horizonSchema,
  granularity: z.enum(GRANULARITIES as ['day', 'week', 'month']),
  country: z.string().optional(),
});

export type ForecastPayload = z.infer<typeof forecastPayloadSchema>;

export function loadSeries(repo: MetricSeriesRepository, payload: ForecastPayload): Promise<MetricSeries> {
  const metric: MetricRef = payload.metric;
  return metric.source === 'orders' ? repo.orderSeries(metric.name, payload.granularity, payload.country) : repo.kpiSeries(metric.name);
}

/** The forecast's periods: the buckets right after the series' last one, as far as the horizon reaches. */
export function forecastPeriods(series: MetricSeries, payload: ForecastPayload): string[] {
  const lastObserved = parseIsoDay(series.periods[series.periods.length - 1]);
  const start = addBuckets(lastObserved, 1, series.granularity);
  const { steps } = resolveHorizon(payload.horizon, start, series.granularity);
  return Array.from({ length: steps }, (_, k) => isoDay(addBuckets(start, k, series.granularity)));
}
