/** Metric names as the forecast command takes them, with the words managers use for each. */
const METRIC_PATTERNS: Array<[string, RegExp]> = [
  ['new_customers', /\bnew (?:customers?|clients?|buyers?)\b|\b(?:customer )?acquisitions?\b|\bnew_customers\b/i],
  ['aov', /\baov\b|\baverage (?:order|basket) (?:value|size)\b|\bbasket (?:size|value)\b|\baverage order\b/i],
  ['orders', /\borders?\b|\btransactions?\b|\binvoices?\b|\bpurchases\b/i],
  ['revenue', /\brevenue\b|\bsales\b|\bturnover\b|\bincome\b|\bsell\b/i],
  ['customers', /\bcustomers?\b|\bclients?\b|\bbuyers?\b|\bshoppers?\b/i],
];

/** The first metric, in the order above (specific before general: "new customers" before "customers"). */
export function extractMetric(text: string): string | undefined {
  for (const [metric, pattern] of METRIC_PATTERNS) if (pattern.test(text)) return metric;
  return undefined;
}
