import { asc, count, eq, sql } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { channelSpend, kpi } from '../db/schema.ts';

/** Spend on one channel in one period (`periodStart` is an ISO date, YYYY-MM-DD). */
export interface NewChannelSpend {
  periodStart: string;
  channel: string;
  spend: number;
  impressions: number | null;
  importId: number | null;
}

/** A weekly business figure: the outcome (revenue, conversions, y, ...) or a control (events, competitor sales). */
export interface NewKpiValue {
  periodStart: string;
  metric: string;
  value: number;
  importId: number | null;
}

/** Media spend per channel and period, and the KPI series a marketing-mix model explains. */
export class MarketingRepository {
  private statements?: { insertSpend: Statement; insertKpi: Statement };

  constructor(private readonly db: Db) {}

  async insertSpend(rows: readonly NewChannelSpend[]): Promise<void> {
    const { insertSpend } = this.prepared();
    for (const r of rows) insertSpend.run(r.periodStart, r.channel, r.spend, r.impressions, r.importId);
  }

  async insertKpiValues(rows: readonly NewKpiValue[]): Promise<void> {
    const { insertKpi } = this.prepared();
    for (const r of rows) insertKpi.run(r.periodStart, r.metric, r.value, r.importId);
  }

  async countSpendRows(): Promise<number> {
    return this.db.select({ n: count() }).from(channelSpend).get()?.n ?? 0;
  }

  async countKpiRows(): Promise<number> {
    return this.db.select({ n: count() }).from(kpi).get()?.n ?? 0;
  }

  async listChannels(): Promise<string[]> {
    return this.db
      .selectDistinct({ channel: channelSpend.channel })
      .from(channelSpend)
      .orderBy(asc(channelSpend.channel))
      .all()
      .map((r) => r.channel);
  }

  async listMetrics(): Promise<string[]> {
    return this.db
      .selectDistinct({ metric: kpi.metric })
      .from(kpi)
      .orderBy(asc(kpi.metric))
      .all()
      .map((r) => r.metric);
  }

  /** Total spend per channel over all periods. */
  async totalSpendByChannel(): Promise<Record<string, number>> {
    const rows = this.db
      .select({ channel: channelSpend.channel, total: sql<number>`sum(${channelSpend.spend})` })
      .from(channelSpend)
      .groupBy(channelSpend.channel)
      .all();
    return Object.fromEntries(rows.map((r) => [r.channel, r.total]));
  }

  /** Spend per (period, channel), rows of the same period and channel (e.g. one per geo) summed; oldest first. */
  async spendByPeriodAndChannel(): Promise<{ periodStart: string; channel: string; spend: number }[]> {
    return this.db
      .select({ periodStart: channelSpend.periodStart, channel: channelSpend.channel, spend: sql<number>`sum(${channelSpend.spend})` })
      .from(channelSpend)
      .groupBy(channelSpend.periodStart, channelSpend.channel)
      .orderBy(asc(channelSpend.periodStart), asc(channelSpend.channel))
      .all();
  }

  /** One metric per period, rows of the same period summed; oldest first. */
  async kpiByPeriod(metric: string): Promise<{ periodStart: string; value: number }[]> {
    return this.db
      .select({ periodStart: kpi.periodStart, value: sql<number>`sum(${kpi.value})` })
      .from(kpi)
      .where(eq(kpi.metric, metric))
      .groupBy(kpi.periodStart)
      .orderBy(asc(kpi.periodStart))
      .all();
  }

  private prepared() {
    if (!this.statements) {
      const sqlite = this.db.$client;
      this.statements = {
        insertSpend: sqlite.prepare(
          'INSERT INTO channel_spend (period_start, channel, spend, impressions, import_id) VALUES (?, ?, ?, ?, ?)',
        ),
        insertKpi: sqlite.prepare('INSERT INTO kpi (period_start, metric, value, import_id) VALUES (?, ?, ?, ?)'),
      };
    }
    return this.statements;
  }
}
