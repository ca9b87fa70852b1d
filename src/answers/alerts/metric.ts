import { KPI_PREFIX, metricLabel, metricUnit, type MetricRef, type OrderMetric } from '../forecast/metrics.ts';
import type { MetricSeries, MetricSeriesRepository } from '../../repos/metric-series.ts';
import type { AlertGrain } from './condition.ts';

/**
 * Alerts watch the metrics `forecast` knows (an anomaly alert forecasts them): revenue, orders,
 * customers, new_customers, aov per day or week, and imported KPIs per week. Definitions are the
 * shared ones (src/repos/metrics.ts ORDER_METRIC_SQL, per bucket in src/repos/metric-series.ts).
 */

/** `alerts.metric`: the order metric's name, or `kpi:<name>` for an imported KPI. */
export function storedMetric(metric: MetricRef): string {
  return metric.source === 'orders' ? metric.name : `${KPI_PREFIX}${metric.name}`;
}

export function metricOfAlert(stored: string): MetricRef {
  return stored.startsWith(KPI_PREFIX) ? { source: 'kpi', name: stored.slice(KPI_PREFIX.length) } : { source: 'orders', name: stored as OrderMetric };
}

/** The metric per day or week over the whole history, as the forecast job reads it (whole periods only). */
export function loadAlertSeries(repo: MetricSeriesRepository, metric: MetricRef, grain: AlertGrain, country?: string): Promise<MetricSeries> {
  return metric.source === 'orders' ? repo.orderSeries(metric.name, grain, country) : repo.kpiSeries(metric.name);
}

export { metricLabel, metricUnit };
