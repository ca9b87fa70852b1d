import { eq } from 'drizzle-orm';
import { retryWhenBusy } from '../db/busy.ts';
import type { Db } from '../db/client.ts';
import { deepFreeze } from '../freeze.ts';

/** A country in the orders: how many customers bought there and when. */
export interface CountrySummary {
  name: string;
  customers: number;
  firstOrderAt: number;
  lastOrderAt: number;
}

export interface OrdersSummary {
  lines: number;
  /** Customers with at least one purchase (not only returns). */
  purchasers: number;
  firstOrderAt: number;
  lastOrderAt: number;
  /** Most customers first. */
  countries: CountrySummary[];
}

export interface SpendSummary {
  /** Channel names as stored, sorted, with their mean weekly spend over the last `recentWeeks` weeks of spend data. */
  channels: Array<{ name: string; recentWeeklySpend: number }>;
  recentWeeks: number;
  firstWeek: string;
  lastWeek: string;
}

/**
 * What commands need to know about the data before they answer: kept up to date by every import and
 * the demo seed, so that no acknowledgement scans orders, customers or spend (its size does not matter).
 */
export interface DataSummary {
  orders: OrdersSummary | null;
  spend: SpendSummary | null;
  /** KPI names imported with spend files, sorted. */
  kpis: string[];
  refreshedAt: number;
  /** The newest row ids of orders, spend and KPIs when it was computed (see `dataVersion`). */
  version: string;
}

const KEY = 'current';
/** Weeks of spend that make "current spend" (the marketing-mix fit uses the same window). */
export const RECENT_SPEND_WEEKS = 13;

export const EMPTY_SUMMARY: DataSummary = { orders: null, spend: null, kpis: [], refreshedAt: 0, version: '0:0:0' };

/** What changes whenever the summary may have: its row's write time and the data version. */
const STAMP = `SELECT (SELECT updated_at FROM data_summary WHERE key = ?) AS u,
  (SELECT max(id) FROM orders) AS o, (SELECT max(id) FROM channel_spend) AS s, (SELECT max(id) FROM kpi) AS k`;

export class DataSummaryRepository {
  /** The last summary read, kept (frozen) while its stamp holds: most commands ask before their ack. */
  private cached?: { stamp: string; summary: DataSummary };

  constructor(private readonly client: Db) {}

  /**
   * One row by primary key plus three index look-ups: cheap whatever the size of the data. Writers
   * refresh the summary; should one not have (an older Pulse, a hand-made change), the stale summary
   * is recomputed here once rather than answered from.
   */
  async get(): Promise<DataSummary> {
    const stamp = await this.stamp();
    if (this.cached?.stamp === stamp) return this.cached.summary;
    const [row] = await this.client.query((orm, { dataSummary: d }) => orm.select({ value: d.value }).from(d).where(eq(d.key, KEY)));
    const stored = row?.value as DataSummary | undefined;
    if (!stored || stored.version !== (await this.dataVersion())) return this.refresh();
    this.cached = { stamp, summary: deepFreeze(stored) };
    return stored;
  }

  private async stamp(): Promise<string> {
    const row = await this.client.get<{ u: number | null; o: number | null; s: number | null; k: number | null }>(STAMP, [KEY]);
    return `${row?.u ?? 0}:${row?.o ?? 0}:${row?.s ?? 0}:${row?.k ?? 0}`;
  }

  /** The newest ids of orders, spend and KPI rows (AUTOINCREMENT, so any insert changes it): max(id) reads one b-tree end. */
  private async dataVersion(): Promise<string> {
    const row = await this.client.get<{ o: number | null; s: number | null; k: number | null }>(
      'SELECT (SELECT max(id) FROM orders) AS o, (SELECT max(id) FROM channel_spend) AS s, (SELECT max(id) FROM kpi) AS k',
    );
    return `${row?.o ?? 0}:${row?.s ?? 0}:${row?.k ?? 0}`;
  }

  /** Recomputes the summary from the data (a scan: call it from imports, seeds and start-up, never before an ack). */
  async refresh(now = Date.now()): Promise<DataSummary> {
    this.cached = undefined;
    const version = await this.dataVersion();
    const summary: DataSummary = { orders: await this.ordersSummary(), spend: await this.spendSummary(), kpis: await this.kpiNames(), refreshedAt: now, version };
    // One statement, so it can wait its turn behind another connection's write (a large import's index build).
    await retryWhenBusy(() =>
      this.client.query((orm, { dataSummary: d }) =>
        orm
          .insert(d)
          .values({ key: KEY, value: summary, updatedAt: now })
          .onConflictDoUpdate({ target: d.key, set: { value: summary, updatedAt: now } }),
      ),
    );
    return summary;
  }

  private async ordersSummary(): Promise<OrdersSummary | null> {
    const totals = (await this.client.get<{ lines: number; firstOrderAt: number | null; lastOrderAt: number | null; purchasers: number }>(
      `SELECT count(*) AS lines, min(ordered_at) AS "firstOrderAt", max(ordered_at) AS "lastOrderAt",
              count(DISTINCT CASE WHEN is_return = 0 THEN customer_id END) AS purchasers
       FROM orders`,
    ))!;
    if (totals.lines === 0 || totals.firstOrderAt === null || totals.lastOrderAt === null) return null;
    const countries = await this.client.all<CountrySummary>(
      `SELECT country AS name, count(DISTINCT customer_id) AS customers, min(ordered_at) AS "firstOrderAt", max(ordered_at) AS "lastOrderAt"
       FROM orders WHERE country IS NOT NULL AND is_return = 0
       GROUP BY country ORDER BY customers DESC, country`,
    );
    return { lines: totals.lines, purchasers: totals.purchasers, firstOrderAt: totals.firstOrderAt, lastOrderAt: totals.lastOrderAt, countries };
  }

  private async spendSummary(): Promise<SpendSummary | null> {
    const rows = await this.client.all<{ week: string; channel: string; spend: number }>(
      'SELECT period_start AS week, channel, sum(spend) AS spend FROM channel_spend GROUP BY period_start, channel ORDER BY period_start, channel',
    );
    if (rows.length === 0) return null;
    const weeks = [...new Set(rows.map((r) => r.week))];
    const recent = new Set(weeks.slice(-RECENT_SPEND_WEEKS));
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(row.channel, (totals.get(row.channel) ?? 0) + (recent.has(row.week) ? row.spend : 0));
    const channels = [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, total]) => ({ name, recentWeeklySpend: total / recent.size }));
    return { channels, recentWeeks: recent.size, firstWeek: weeks[0], lastWeek: weeks[weeks.length - 1] };
  }

  private async kpiNames(): Promise<string[]> {
    return (await this.client.all<{ metric: string }>('SELECT DISTINCT metric FROM kpi ORDER BY metric')).map((r) => r.metric);
  }
}
