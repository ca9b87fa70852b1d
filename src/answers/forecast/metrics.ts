/**
 * The metrics `forecast` knows. Order metrics are computed from the orders table (see
 * MetricSeriesRepository for their exact definitions); any KPI imported with a spend file
 * (the kpi table) can be forecast too, weekly. When a name exists in both, the order metric
 * wins; write `kpi:<name>` to get the imported KPI.
 */
export const ORDER_METRICS = ['revenue', 'orders', 'customers', 'new_customers', 'aov'] as const;
export type OrderMetric = (typeof ORDER_METRICS)[number];

const ORDER_METRIC_ALIASES: Record<string, OrderMetric> = {
  sales: 'revenue',
  'new-customers': 'new_customers',
  newcustomers: 'new_customers',
  active_customers: 'customers',
  average_order_value: 'aov',
};

export const KPI_PREFIX = 'kpi:';

export type MetricRef = { source: 'orders'; name: OrderMetric } | { source: 'kpi'; name: string };

const ORDER_METRIC_LABELS: Record<OrderMetric, string> = {
  revenue: 'Revenue',
  orders: 'Orders',
  customers: 'Active customers',
  new_customers: 'New customers',
  aov: 'Average order value',
};

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
  if (metric.source === 'orders') return metric.name === 'revenue' || metric.name === 'aov' ? 'currency' : 'count';
  return /revenue|sales|spend|value/i.test(metric.name) ? 'currency' : 'count';
}

/** Additive metrics have a meaningful total over the horizon; an average order value does not. */
export function isAdditive(metric: MetricRef): boolean {
  return !(metric.source === 'orders' && (metric.name === 'aov' || metric.name === 'customers'));
}
