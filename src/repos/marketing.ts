import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

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

const INSERT_SPEND_SQL = 'INSERT INTO channel_spend (period_start, channel, spend, impressions, import_id) VALUES (?, ?, ?, ?, ?)';
const INSERT_KPI_SQL = 'INSERT INTO kpi (period_start, metric, value, import_id) VALUES (?, ?, ?, ?)';

/** Media spend per channel and period, and the KPI series a marketing-mix model explains. */
export class MarketingRepository {
  constructor(private readonly db: Db) {}

  async insertSpend(rows: readonly NewChannelSpend[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const r of rows) await tx.run(INSERT_SPEND_SQL, [r.periodStart, r.channel, r.spend, r.impressions, r.importId]);
    });
  }

  async insertKpiValues(rows: readonly NewKpiValue[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const r of rows) await tx.run(INSERT_KPI_SQL, [r.periodStart, r.metric, r.value, r.importId]);
    });
  }

  async countSpendRows(): Promise<number> {
    const rows = await this.db.query((orm, t) => orm.select({ n: count() }).from(t.channelSpend));
    return rows[0]?.n ?? 0;
  }

  async countKpiRows(): Promise<number> {
    const rows = await this.db.query((orm, t) => orm.select({ n: count() }).from(t.kpi));
    return rows[0]?.n ?? 0;
  }

  async listChannels(): Promise<string[]> {
    const rows = await this.db.query((orm, t) => orm.selectDistinct({ channel: t.channelSpend.channel }).from(t.channelSpend).orderBy(asc(t.channelSpend.channel)));
    return rows.map((r) => r.channel);
  }

  async listMetrics(): Promise<string[]> {
    const rows = await this.db.query((orm, t) => orm.selectDistinct({ metric: t.kpi.metric }).from(t.kpi).orderBy(asc(t.kpi.metric)));
    return rows.map((r) => r.metric);
  }

  /** Total spend per channel over all periods. */
  async totalSpendByChannel(): Promise<Record<string, number>> {
    const rows = await this.db.query((orm, t) =>
      orm
        .select({ channel: t.channelSpend.channel, total: sql<number>`sum(${t.channelSpend.spend})` })
        .from(t.channelSpend)
        .groupBy(t.channelSpend.channel),
    );
    return Object.fromEntries(rows.map((r) => [r.channel, r.total]));
  }

  /** Spend per (period, channel), rows of the same period and channel (e.g. one per geo) summed; oldest first. */
  async spendByPeriodAndChannel(): Promise<{ periodStart: string; channel: string; spend: number }[]> {
    return this.db.query((orm, t) =>
      orm
        .select({ periodStart: t.channelSpend.periodStart, channel: t.channelSpend.channel, spend: sql<number>`sum(${t.channelSpend.spend})` })
        .from(t.channelSpend)
        .groupBy(t.channelSpend.periodStart, t.channelSpend.channel)
        .orderBy(asc(t.channelSpend.periodStart), asc(t.channelSpend.channel)),
    );
  }

  /** One metric per period, rows of the same period summed; oldest first. */
  async kpiByPeriod(metric: string): Promise<{ periodStart: string; value: number }[]> {
    return this.db.query((orm, t) =>
      orm
        .select({ periodStart: t.kpi.periodStart, value: sql<number>`sum(${t.kpi.value})` })
        .from(t.kpi)
        .where(eq(t.kpi.metric, metric))
        .groupBy(t.kpi.periodStart)
        .orderBy(asc(t.kpi.periodStart)),
    );
  }
}
