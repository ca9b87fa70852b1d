/**
 * Every metric Pulse can report, in one place: names, aliases, labels and units, shared by `metric`
 * and `forecast` (src/answers/forecast/metrics.ts picks the order metrics it can forecast from here).
 * The SQL of each order metric is in src/repos/metrics.ts (ORDER_METRIC_SQL); the README section
 * "Metrics" states the definitions once for both commands.
 */
export const ORDER_METRIC_NAMES = ['revenue', 'orders', 'customers', 'new_customers', 'returning_customers', 'aov', 'units', 'returns'] as const;
export type OrderMetricName = (typeof ORDER_METRIC_NAMES)[number];

/**
 * What one unit of a metric counts, which decides whether the rows of a breakdown add up to the
 * total: a sum over order lines always does; a count of invoices does when each key holds whole
 * invoices; a count of customers when each key holds whole customers; a ratio never does.
 */
export type Grain = 'lines' | 'invoices' | 'customers' | 'ratio';

export interface OrderMetricInfo {
  label: string;
  unit: 'currency' | 'count';
  grain: Grain;
  /** Other words for it (underscores stand for spaces and hyphens). */
  aliases: string[];
  /** One line, for help and the README. */
  definition: string;
}

export const ORDER_METRIC_INFO: Record<OrderMetricName, OrderMetricInfo> = {
  revenue: {
    label: 'Revenue',
    unit: 'currency',
    grain: 'lines',
    aliases: ['sales', 'net_sales', 'net_revenue', 'turnover'],
    definition: 'sum of line amounts, returns included (negative), so net of returns; a return counts when it happens',
  },
  orders: {
    label: 'Orders',
    unit: 'count',
    grain: 'invoices',
    aliases: ['invoices', 'transactions'],
    definition: 'distinct purchase invoices (returns are not orders)',
  },
  customers: {
    label: 'Active customers',
    unit: 'count',
    grain: 'customers',
    aliases: ['active_customers', 'buyers'],
    definition: 'distinct customers with at least one purchase',
  },
  new_customers: {
    label: 'New customers',
    unit: 'count',
    grain: 'customers',
    aliases: ['new-customers', 'newcustomers', 'new_buyers', 'first_time_customers'],
    definition: 'customers whose first purchase in the data (within the country filter) falls in the period',
  },
  returning_customers: {
    label: 'Returning customers',
    unit: 'count',
    grain: 'customers',
    aliases: ['repeat_customers', 'existing_customers'],
    definition: 'active customers who had bought before the period (active = new + returning)',
  },
  aov: {
    label: 'Average order value',
    unit: 'currency',
    grain: 'ratio',
    aliases: ['average_order_value', 'avg_order_value', 'basket_value'],
    definition: 'purchase amount / purchase invoices, returns left out; undefined without purchases',
  },
  units: {
    label: 'Units sold',
    unit: 'count',
    grain: 'lines',
    aliases: ['units_sold', 'quantity', 'items_sold'],
    definition: 'sum of quantities of purchase lines (returns left out)',
  },
  returns: {
    label: 'Returns',
    unit: 'currency',
    grain: 'lines',
    aliases: ['refunds', 'returned'],
    definition: 'value of return lines (a positive amount), and its share of gross sales (purchase amounts)',
  },
};

export const SPEND_METRIC = 'spend';
export const ROAS_METRIC = 'roas';
const SPEND_ALIASES = ['ad_spend', 'marketing_spend', 'media_spend', 'cost'];
const ROAS_ALIASES = ['return_on_ad_spend'];

// spend: media spend; each weekly row is spread evenly over the 7 days from its period start (src/answers/metric/weekly.ts).
// roas: revenue / spend over the same days (without orders: the imported KPI named revenue). KPIs: summed, spread like spend.

/** Written before a KPI name that is also the name of a built-in metric: `kpi:revenue`. */
export const KPI_PREFIX = 'kpi:';

export type MetricRef =
  | { source: 'orders'; name: OrderMetricName }
  | { source: 'kpi'; name: string }
  | { source: 'spend'; name: typeof SPEND_METRIC }
  | { source: 'roas'; name: typeof ROAS_METRIC };

/** 'New customers', 'new-customers' and 'new_customers' are the same word. */
export function normaliseMetricWord(word: string): string {
  return word.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function isOrderMetricName(word: string): word is OrderMetricName {
  return (ORDER_METRIC_NAMES as readonly string[]).includes(word);
}

/** Alias → order metric, for the metrics given (forecast passes the ones it can forecast). */
export function orderMetricAliases(names: readonly OrderMetricName[] = ORDER_METRIC_NAMES): Record<string, OrderMetricName> {
  const out: Record<string, OrderMetricName> = {};
  for (const name of names) for (const alias of ORDER_METRIC_INFO[name].aliases) out[alias] = name;
  return out;
}

const ALL_ORDER_ALIASES = orderMetricAliases();

/** Whether a word names a built-in metric (an order metric, spend or ROAS), so a KPI of that name needs `kpi:`. */
function isBuiltInWord(word: string): boolean {
  const w = normaliseMetricWord(word);
  return isOrderMetricName(w) || w in ALL_ORDER_ALIASES || w === SPEND_METRIC || SPEND_ALIASES.includes(w) || w === ROAS_METRIC || ROAS_ALIASES.includes(w);
}

export interface MetricAvailability {
  /** KPI names in the kpi table. */
  kpis: readonly string[];
  hasSpend: boolean;
}

/**
 * The metric a word names: an order metric or alias first, then spend and ROAS, then an imported KPI
 * (`kpi:<name>` always means the KPI). Undefined when it names none; spend and ROAS are recognised
 * even without spend data (the command says what is missing).
 */
export function resolveMetricWord(word: string, kpis: readonly string[]): MetricRef | undefined {
  const trimmed = word.trim();
  const lower = trimmed.toLowerCase();
  const findKpi = (name: string) => kpis.find((k) => k.toLowerCase() === name) ?? kpis.find((k) => normaliseMetricWord(k) === normaliseMetricWord(name));
  if (lower.startsWith(KPI_PREFIX)) {
    const kpi = findKpi(lower.slice(KPI_PREFIX.length));
    return kpi === undefined ? undefined : { source: 'kpi', name: kpi };
  }
  const w = normaliseMetricWord(trimmed);
  if (isOrderMetricName(w)) return { source: 'orders', name: w };
  if (w in ALL_ORDER_ALIASES) return { source: 'orders', name: ALL_ORDER_ALIASES[w] };
  if (w === SPEND_METRIC || SPEND_ALIASES.includes(w)) return { source: 'spend', name: SPEND_METRIC };
  if (w === ROAS_METRIC || ROAS_ALIASES.includes(w)) return { source: 'roas', name: ROAS_METRIC };
  const kpi = findKpi(lower);
  return kpi === undefined ? undefined : { source: 'kpi', name: kpi };
}

/** Every metric name a person can type given the data, for messages and help. */
export function availableMetricNames(available: MetricAvailability): string[] {
  const kpiNames = available.kpis.map((k) => (isBuiltInWord(k) ? `${KPI_PREFIX}${k}` : k));
  return [...ORDER_METRIC_NAMES, ...(available.hasSpend ? [SPEND_METRIC, ROAS_METRIC] : []), ...kpiNames];
}

export function metricRefLabel(metric: MetricRef): string {
  switch (metric.source) {
    case 'orders':
      return ORDER_METRIC_INFO[metric.name].label;
    case 'spend':
      return 'Spend';
    case 'roas':
      return 'ROAS';
    case 'kpi':
      return `${metric.name} (imported KPI)`;
  }
}

/** How values are printed: money, counts, or a ratio (ROAS, "4.2×"). */
export type MetricUnit = 'currency' | 'count' | 'ratio';

export function metricRefUnit(metric: MetricRef): MetricUnit {
  switch (metric.source) {
    case 'orders':
      return ORDER_METRIC_INFO[metric.name].unit;
    case 'spend':
      return 'currency';
    case 'roas':
      return 'ratio';
    case 'kpi':
      return /revenue|sales|spend|value/i.test(metric.name) ? 'currency' : 'count';
  }
}

/** The grain of a metric (see Grain): spend and KPIs are sums of rows; ROAS is a ratio. */
export function metricGrain(metric: MetricRef): Grain {
  if (metric.source === 'orders') return ORDER_METRIC_INFO[metric.name].grain;
  return metric.source === 'roas' ? 'ratio' : 'lines';
}
