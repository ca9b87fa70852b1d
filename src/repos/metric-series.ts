import type { Db } from '../db/client.ts';
import { DAY_MS, isoDay, parseIsoDay, wholeBuckets, type Granularity } from '../time/calendar.ts';
import type { OrderMetric } from '../answers/forecast/metrics.ts';
import { dialectSql, type DialectSql } from './calendar-sql.ts';
import { ORDER_METRIC_SQL } from './metrics.ts';

/** A metric per calendar bucket, oldest first, with no gaps in `periods`. */
export interface MetricSeries {
  granularity: Granularity;
  /** ISO date of each bucket's first day. */
  periods: string[];
  /** null: undefined for that bucket (an average with no orders, a KPI week not imported). */
  values: Array<number | null>;
  /** Partial first/last buckets left out because the data covers only part of them (ISO bucket starts). */
  droppedPartial: { first?: string; last?: string };
}

/**
 * Per-bucket SQL for each order metric: the aggregates of ORDER_METRIC_SQL (src/repos/metrics.ts),
 * shared with `metric`, so both commands count the same way. Definitions:
 * - revenue: SUM(amount) over every line, returns included (their amounts are negative), so it is
 *   revenue net of returns, a return counting in the bucket where it happened;
 * - orders: distinct purchase invoices (returns are not orders);
 * - customers: distinct customers with at least one purchase in the bucket;
 * - new_customers: customers whose first purchase (in the data, within the country filter) is in the bucket;
 * - aov: purchase amount / purchase invoices (returns left out); null in a bucket with no purchase.
 */
function metricQuery(dialect: DialectSql, metric: OrderMetric, granularity: Granularity, countryFilter: string): string {
  const bucket = dialect.bucket[granularity];
  const from = `FROM orders o WHERE 1 = 1 ${countryFilter}`;
  if (metric === 'new_customers') {
    return `SELECT ${bucket('first_at')} AS period, COUNT(*) AS value
            FROM (SELECT o.customer_id, MIN(o.ordered_at) AS first_at ${from} AND o.is_return = 0 GROUP BY o.customer_id) f
            GROUP BY period`;
  }
  return `SELECT ${bucket('o.ordered_at')} AS period, ${ORDER_METRIC_SQL[metric]} AS value ${from} GROUP BY period`;
}

/** Metrics over time for forecasting: order metrics per day/week/month, and imported KPIs per week. */
export class MetricSeriesRepository {
  private readonly dialect: DialectSql;

  constructor(private readonly db: Db) {
    this.dialect = dialectSql(db.dialect);
  }

  /** Countries present in orders, sorted. */
  async listCountries(): Promise<string[]> {
    const rows = await this.db.all<{ country: string }>('SELECT DISTINCT country FROM orders WHERE country IS NOT NULL ORDER BY country');
    return rows.map((r) => r.country);
  }

  /** KPI names in the kpi table (imported with spend files), sorted. */
  async listKpiMetrics(): Promise<string[]> {
    const rows = await this.db.all<{ metric: string }>('SELECT DISTINCT metric FROM kpi ORDER BY metric');
    return rows.map((r) => r.metric);
  }

  /** Whether there is any purchase (not a return), optionally in one country. */
  async hasPurchases(country?: string): Promise<boolean> {
    const where = country === undefined ? '' : 'AND country = ?';
    const row = await this.db.get(`SELECT 1 AS found FROM orders WHERE is_return = 0 ${where} LIMIT 1`, country === undefined ? [] : [country]);
    return row !== undefined;
  }

  /** The buckets the orders cover whole, from the first and last order times only (cheap: indexed). */
  async coveredPeriods(granularity: Granularity, country?: string): Promise<Pick<MetricSeries, 'periods' | 'droppedPartial'>> {
    const params = country === undefined ? [] : [country];
    const span = await this.db.get<{ first: number | null; last: number | null }>(`SELECT MIN(ordered_at) AS first, MAX(ordered_at) AS last FROM orders ${country === undefined ? '' : 'WHERE country = ?'}`, params);
    if (!span || span.first === null || span.last === null) return { periods: [], droppedPartial: {} };
    return wholeBuckets(span.first, span.last, granularity);
  }

  /**
   * One order metric per bucket from the first to the last bucket with any order line; buckets
   * without orders are 0 (a day with no sale sold nothing), except aov which is then null. A first
   * or last bucket only partly covered by the data is dropped (see `droppedPartial`).
   */
  async orderSeries(metric: OrderMetric, granularity: Granularity, country?: string): Promise<MetricSeries> {
    const covered = await this.coveredPeriods(granularity, country);
    if (covered.periods.length === 0) return { granularity, values: [], ...covered };
    const params = country === undefined ? [] : [country];
    const countryFilter = country === undefined ? '' : 'AND o.country = ?';
    const rows = await this.db.all<{ period: string; value: number | null }>(metricQuery(this.dialect, metric, granularity, countryFilter), params);
    const byPeriod = new Map(rows.map((r) => [r.period, r.value]));
    const emptyValue = metric === 'aov' ? null : 0;
    return {
      granularity,
      periods: covered.periods,
      values: covered.periods.map((p) => byPeriod.get(p) ?? emptyValue),
      droppedPartial: covered.droppedPartial,
    };
  }

  /**
   * An imported KPI per week: values summed per period_start, weeks counted from the first
   * period_start. A week missing from the import is null (missing data, not a zero).
   */
  async kpiSeries(metric: string): Promise<MetricSeries> {
    const rows = await this.db.all<{ period: string; value: number }>('SELECT period_start AS period, SUM(value) AS value FROM kpi WHERE metric = ? GROUP BY period_start ORDER BY period_start', [metric]);
    if (rows.length === 0) return { granularity: 'week', periods: [], values: [], droppedPartial: {} };
    const first = parseIsoDay(rows[0].period);
    const weeks = Math.floor((parseIsoDay(rows[rows.length - 1].period) - first) / (7 * DAY_MS)) + 1;
    const values: Array<number | null> = new Array(weeks).fill(null);
    for (const row of rows) {
      const week = Math.floor((parseIsoDay(row.period) - first) / (7 * DAY_MS));
      values[week] = (values[week] ?? 0) + row.value;
    }
    return { granularity: 'week', periods: values.map((_, w) => isoDay(first + w * 7 * DAY_MS)), values, droppedPartial: {} };
  }
}
