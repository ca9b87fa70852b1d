import { and, asc, desc, eq, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Dialect, Tables } from '../db/sql-client.ts';
import type { forecastRuns } from '../db/schema.ts';

/** One forecast period as stored: the point forecast and its 80 % and 95 % ranges. */
export interface StoredForecastPoint {
  /** ISO date of the period's first day. */
  periodStart: string;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export type ForecastRun = Omit<typeof forecastRuns.$inferSelect, 'points'> & { points: StoredForecastPoint[] };
export type NewForecastRun = Omit<typeof forecastRuns.$inferInsert, 'id' | 'createdAt' | 'points'> & { points: StoredForecastPoint[] };

/** Which forecasts: one metric (as stored: `revenue`, `kpi:visits`), one grain, one country (null: the whole business). */
export interface ForecastRunFilter {
  metric?: string;
  grain?: string;
  /** undefined: any; null: forecasts without a country. */
  country?: string | null;
}

type ForecastRunsTable = Tables['forecastRuns'];

/** The first stored period, for "has this forecast's first period got data yet?" without reading every row's JSON in JS. */
const FIRST_PERIOD: Record<Dialect, (f: ForecastRunsTable) => SQL<string>> = {
  sqlite: (f) => sql<string>`json_extract(${f.points}, '$[0].periodStart')`,
  postgres: (f) => sql<string>`(${f.points} -> 0 ->> 'periodStart')`,
};

function countryIs(f: ForecastRunsTable, country: string | null): SQL {
  return country === null ? isNull(f.country) : eq(f.country, country);
}

/** Every forecast Pulse posted, with its points and ranges, so it can be scored once the data arrives. */
export class ForecastRunRepository {
  constructor(private readonly db: Db) {}

  /** Idempotent per job: a retried job gets the run its first attempt stored. */
  async save(run: NewForecastRun): Promise<ForecastRun> {
    return this.db.transaction(async (tx) => {
      if (run.jobRunId) {
        const jobRunId = run.jobRunId;
        const [stored] = await tx.query((orm, { forecastRuns: f }) => orm.select().from(f).where(eq(f.jobRunId, jobRunId)));
        if (stored) return stored as ForecastRun;
      }
      const [saved] = await tx.query((orm, { forecastRuns: f }) => orm.insert(f).values(run).returning());
      return saved as ForecastRun;
    });
  }

  async get(id: number): Promise<ForecastRun | undefined> {
    const [row] = await this.db.query((orm, { forecastRuns: f }) => orm.select().from(f).where(eq(f.id, id)));
    return row as ForecastRun | undefined;
  }

  /** Stored forecasts matching the filter, oldest first. */
  async list(filter: ForecastRunFilter = {}): Promise<ForecastRun[]> {
    const rows = await this.db.query((orm, { forecastRuns: f }) => {
      const conditions = [
        filter.metric === undefined ? undefined : eq(f.metric, filter.metric),
        filter.grain === undefined ? undefined : eq(f.grain, filter.grain),
        filter.country === undefined ? undefined : countryIs(f, filter.country),
      ].filter((c): c is SQL => c !== undefined);
      return orm.select().from(f).where(and(...conditions)).orderBy(asc(f.id));
    });
    return rows as ForecastRun[];
  }

  /**
   * The newest forecast of this metric, grain and country posted in `channelId` whose first period
   * starts on or before `lastCoveredPeriod` (the last period the data now covers whole): the
   * forecast a new one in that channel can report on.
   */
  async latestScoreable(key: { channelId: string; metric: string; grain: string; country: string | null; lastCoveredPeriod: string }): Promise<ForecastRun | undefined> {
    const firstPeriod = FIRST_PERIOD[this.db.dialect];
    const [row] = await this.db.query((orm, { forecastRuns: f }) =>
      orm
        .select()
        .from(f)
        .where(
          and(
            eq(f.metric, key.metric),
            eq(f.grain, key.grain),
            countryIs(f, key.country),
            eq(f.channelId, key.channelId),
            lte(firstPeriod(f), key.lastCoveredPeriod),
          ),
        )
        .orderBy(desc(f.id))
        .limit(1),
    );
    return row as ForecastRun | undefined;
  }
}
