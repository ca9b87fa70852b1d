import { KPI_PREFIX, ORDER_METRIC_INFO, metricRefUnit, orderMetricAliases } from '../metric/catalog.ts';

/**
 * The metrics `forecast` knows. Order metrics are computed from the orders table (see
 * MetricSeriesRepository for their exact definitions); any KPI imported with a spend file
 * (the kpi table) can be forecast too, weekly. When a name exists in both, the order metric
 * wins; write `kpi:<name>` to get the imported KPI.
 */
export const ORDER_METRICS = ['revenue', 'orders', 'customers', 'new_customers', 'aov'] as const;
export type OrderMetric = (typeof ORDER_METRICS)[number];

/** Aliases and labels come from the metric catalogue (src/answers/metric/catalog.ts), shared with `metric`. */
const ORDER_METRIC_ALIASES = orderMetricAliases(ORDER_METRICS) as Record<string, OrderMetric>;

export { KPI_PREFIX };

export type MetricRef = { source: 'orders'; name: OrderMetric } | { source: 'kpi'; name: string };

const ORDER_METRIC_LABELS = Object.fromEntries(ORDER_METRICS.map((m) => [m, ORDER_METRIC_INFO[m].label])) as Record<OrderMetric, string>;

function isOrderMetric(word: string): word is OrderMetric {
  return (ORDER_METRICS as readonly string[]).includes(word);
}

/** Finds the metric a word names, given the KPI names in the kpi table; undefined when none. */
export function resolveMetric(word: string, kpiMetrics: readonly string[]): MetricRef | undefined {
  const lower = word.trim().toLowerCase();
  const findKpi = (name: string) => kpiMetrics.find((k) => k.toLowerCase() === name);
  if (lower.startsWith(KPI_PREFIX)) {
    const kpi = findKpi(lower.slice(KPI_PREFIX.length));
    return kpi === undefined ? undefined : { source: 'kpi', name: kpi };
  }
  const orderMetric = isOrderMetric(lower) ? lower : ORDER_METRIC_ALIASES[lower];
  if (orderMetric) return { source: 'orders', name: orderMetric };
  const kpi = findKpi(lower);
  return kpi === undefined ? undefined : { source: 'kpi', name: kpi };
}

/** Every metric name a person can type, for error messages and help. */
export function metricNames(kpiMetrics: readonly string[]): string[] {
  const kpiNames = kpiMetrics.map((k) => (isOrderMetric(k.toLowerCase()) || k.toLowerCase() in ORDER_METRIC_ALIASES ? `${KPI_PREFIX}${k}` : k));
  return [...ORDER_METRICS, ...kpiNames];
}

export function metricLabel(metric: MetricRef): string {
  return metric.source === 'orders' ? ORDER_METRIC_LABELS[metric.name] : `${metric.name} (imported KPI)`;
}

/** Money metrics are shown with a currency format; the rest are counts. */
export function metricUnit(metric: MetricRef): 'currency' | 'count' {
  return metricRefUnit(metric) === 'currency' ? 'currency' : 'count';
}

/** Additive metrics have a meaningful total over the horizon; an average order value does not. */
export function isAdditive(metric: MetricRef): boolean {
  return !(metric.source === 'orders' && (metric.name === 'aov' || metric.name === 'customers'));
}

/** How a metric is stored with a forecast (forecast_runs.metric): the order metric's name, or `kpi:<name>`. */
export function metricKey(metric: MetricRef): string {
  return metric.source === 'kpi' ? `${KPI_PREFIX}${metric.name}` : metric.name;
}

/** The metric a stored key names; undefined for a key no version of Pulse wrote. */
export function metricFromKey(key: string): MetricRef | undefined {
  if (key.startsWith(KPI_PREFIX)) return { source: 'kpi', name: key.slice(KPI_PREFIX.length) };
  return isOrderMetric(key) ? { source: 'orders', name: key } : undefined;
}
