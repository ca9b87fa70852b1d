import type { FeatureFilter } from '../../repos/customer-features.ts';

/** What the segment command sends to the job (dates as ms UTC). */
export interface SegmentRequest extends FeatureFilter {
  method?: 'rfm' | 'kmeans';
  k?: number;
}

/** Runs of one method over the same population (country, since) are comparable; k and as_of may differ. */
export function comparableKey({ country, since, method }: FeatureFilter & { method?: string }): string {
  return JSON.stringify({ country: country ?? null, since: since ?? null, method: method ?? 'rfm' });
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "United Kingdom, since 2011-01-01" or "all customers". */
export function describePopulation({ country, since, asOf }: FeatureFilter): string {
  const parts = [country ?? 'all countries'];
  if (since !== undefined) parts.push(`since ${isoDay(since)}`);
  if (asOf !== undefined) parts.push(`as of ${isoDay(asOf)}`);
  return parts.join(', ');
}
