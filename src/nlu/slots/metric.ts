import { ORDER_METRICS } from '../../answers/forecast/metrics.ts';
import { readMetricName } from './report.ts';

/** Metrics of the `metric` command that `forecast` has under another name. */
const FORECAST_NAME: Record<string, string> = { returning_customers: 'customers' };

/**
 * The metric as the forecast command takes it: the `metric` command's reader (report.ts), kept
 * when forecast has that metric (revenue, orders, customers, new_customers, aov, an imported KPI).
 */
export function extractMetric(text: string): string | undefined {
  const name = readMetricName(text);
  const forecastName = name === undefined ? undefined : (FORECAST_NAME[name] ?? name);
  return forecastName !== undefined && ((ORDER_METRICS as readonly string[]).includes(forecastName) || forecastName.startsWith('kpi:')) ? forecastName : undefined;
}
