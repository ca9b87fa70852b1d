import { and, asc, eq } from 'drizzle-orm';
import type { AlertCondition, AlertGrain } from '../answers/alerts/condition.ts';
import type { Db } from '../db/client.ts';
import { alertEvents, alerts } from '../db/schema.ts';

export type Alert = Omit<typeof alerts.$inferSelect, 'condition' | 'grain'> & { condition: AlertCondition; grain: AlertGrain };
export type NewAlert = Pick<Alert, 'channelId' | 'adapter' | 'createdBy' | 'metric' | 'grain' | 'condition' | 'timezone'> & { country?: string };
export type AlertEventKind = 'breach' | 'recovery';

/** A breach or recovery to record: the state the alert leaves and the one it enters go with it. */
export interface Transition {
  alertId: number;
  kind: AlertEventKind;
  periodStart: string;
  details: Record<string, unknown>;
}

const toAlert = (row: typeof alerts.$inferSelect): Alert => row as Alert;

/** Alerts per channel, their state, and the breaches and recoveries posted (each once: see `transition`). */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  async create(alert: NewAlert): Promise<Alert> {
    return toAlert(this.db.insert(alerts).values({ ...alert, country: alert.country ?? null }).returning().get());
  }

  async get(id: number): Promise<Alert | undefined> {
    const row = this.db.select().from(alerts).where(eq(alerts.id, id)).get();
    return row ? toAlert(row) : undefined;
  }

  /** A channel's alerts (paused ones included), oldest first. */
  async listForChannel(channelId: string): Promise<Alert[]> {
    return this.db.select().from(alerts).where(eq(alerts.channelId, channelId)).orderBy(asc(alerts.id)).all().map(toAlert);
  }

  /** Alerts that are not paused, of one adapter when given, oldest first. */
  async listActive(adapter?: string): Promise<Alert[]> {
    const where = adapter === undefined ? eq(alerts.paused, false) : and(eq(alerts.paused, false), eq(alerts.adapter, adapter));
    return this.db.select().from(alerts).where(where).orderBy(asc(alerts.id)).all().map(toAlert);
  }

  async setPaused(id: number, paused: boolean): Promise<void> {
    this.db.update(alerts).set({ paused }).where(eq(alerts.id, id)).run();
  }

  /** Deletes the alert and (cascade) its events. */
  async delete(id: number): Promise<void> {
    this.db.delete(alerts).where(eq(alerts.id, id)).run();
  }

  /** Remembers the last period checked when nothing was posted. */
  async markChecked(id: number, periodStart: string): Promise<void> {
    this.db.update(alerts).set({ lastPeriod: periodStart }).where(eq(alerts.id, id)).run();
  }

  /**
   * Records a breach (normal → breached) or a recovery (breached → normal) for one period, in one
   * transaction: the state moves only from the state expected, and (alert, period, kind) is unique,
   * so of two processes checking the same alert at once exactly one gets true and posts.
   */
  async transition(t: Transition): Promise<boolean> {
    const [from, to] = t.kind === 'breach' ? (['normal', 'breached'] as const) : (['breached', 'normal'] as const);
    const run = this.db.$client.transaction((): boolean => {
      const moved = this.db
        .update(alerts)
        .set({ state: to, lastPeriod: t.periodStart })
        .where(and(eq(alerts.id, t.alertId), eq(alerts.state, from)))
        .run();
      if (moved.changes === 0) return false;
      const inserted = this.db.insert(alertEvents).values(t).onConflictDoNothing().run();
      if (inserted.changes === 0) throw new AlreadyPosted();
      return true;
    });
    try {
      return run.immediate();
    } catch (err) {
      if (err instanceof AlreadyPosted) return false;
      throw err;
    }
  }

  /** An alert's breaches and recoveries, oldest first. */
  async events(alertId: number): Promise<Array<typeof alertEvents.$inferSelect>> {
    return this.db.select().from(alertEvents).where(eq(alertEvents.alertId, alertId)).orderBy(asc(alertEvents.id)).all();
  }
}

/** Rolls the transaction back: this (alert, period, kind) was posted before. */
class AlreadyPosted extends Error {}
