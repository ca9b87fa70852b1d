import { and, asc, desc, eq, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { forecastRuns } from '../db/schema.ts';

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

/** The first stored period, for "has this forecast's first period got data yet?" without reading every row's JSON in JS. */
const FIRST_PERIOD = sql<string>`json_extract(${forecastRuns.points}, '$[0].periodStart')`;

function countryIs(country: string | null): SQL {
  return country === null ? isNull(forecastRuns.country) : eq(forecastRuns.country, country);
}

/** Every forecast Pulse posted, with its points and ranges, so it can be scored once the data arrives. */
export class ForecastRunRepository {
  constructor(private readonly db: Db) {}

  /** Idempotent per job: a retried job gets the run its first attempt stored. */
  async save(run: NewForecastRun): Promise<ForecastRun> {
    return this.db.transaction((tx) => {
      const stored = run.jobRunId ? tx.select().from(forecastRuns).where(eq(forecastRuns.jobRunId, run.jobRunId)).get() : undefined;
      return (stored ?? tx.insert(forecastRuns).values(run).returning().get()) as ForecastRun;
    });
  }

  async get(id: number): Promise<ForecastRun | undefined> {
    return this.db.select().from(forecastRuns).where(eq(forecastRuns.id, id)).get() as ForecastRun | undefined;
  }

  /** Stored forecasts matching the filter, oldest first. */
  async list(filter: ForecastRunFilter = {}): Promise<ForecastRun[]> {
    const conditions = [
      filter.metric === undefined ? undefined : eq(forecastRuns.metric, filter.metric),
      filter.grain === undefined ? undefined : eq(forecastRuns.grain, filter.grain),
      filter.country === undefined ? undefined : countryIs(filter.country),
    ].filter((c): c is SQL => c !== undefined);
    return this.db.select().from(forecastRuns).where(and(...conditions)).orderBy(asc(forecastRuns.id)).all() as ForecastRun[];
  }

  /**
   * The newest forecast of this metric, grain and country posted in `channelId` whose first period
   * starts on or before `lastCoveredPeriod` (the last period the data now covers whole): the
   * forecast a new one in that channel can report on.
   */
  async latestScoreable(key: { channelId: string; metric: string; grain: string; country: string | null; lastCoveredPeriod: string }): Promise<ForecastRun | undefined> {
    return this.db
      .select()
      .from(forecastRuns)
      .where(
        and(
          eq(forecastRuns.metric, key.metric),
          eq(forecastRuns.grain, key.grain),
          countryIs(key.country),
          eq(forecastRuns.channelId, key.channelId),
          lte(FIRST_PERIOD, key.lastCoveredPeriod),
        ),
      )
      .orderBy(desc(forecastRuns.id))
      .limit(1)
      .get() as ForecastRun | undefined;
  }
}
