import { and, asc, eq } from 'drizzle-orm';
import type { AlertCondition, AlertGrain } from '../answers/alerts/condition.ts';
import type { Db } from '../db/client.ts';
import type { alertEvents, alerts } from '../db/schema.ts';

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
    const [row] = await this.db.query((orm, { alerts: a }) => orm.insert(a).values({ ...alert, country: alert.country ?? null }).returning());
    return toAlert(row!);
  }

  async get(id: number): Promise<Alert | undefined> {
    const [row] = await this.db.query((orm, { alerts: a }) => orm.select().from(a).where(eq(a.id, id)));
    return row ? toAlert(row) : undefined;
  }

  /** A channel's alerts (paused ones included), oldest first. */
  async listForChannel(channelId: string): Promise<Alert[]> {
    const rows = await this.db.query((orm, { alerts: a }) => orm.select().from(a).where(eq(a.channelId, channelId)).orderBy(asc(a.id)));
    return rows.map(toAlert);
  }

  /** Alerts that are not paused, of one adapter when given, oldest first. */
  async listActive(adapter?: string): Promise<Alert[]> {
    const rows = await this.db.query((orm, { alerts: a }) => {
      const where = adapter === undefined ? eq(a.paused, false) : and(eq(a.paused, false), eq(a.adapter, adapter));
      return orm.select().from(a).where(where).orderBy(asc(a.id));
    });
    return rows.map(toAlert);
  }

  async setPaused(id: number, paused: boolean): Promise<void> {
    await this.db.query((orm, { alerts: a }) => orm.update(a).set({ paused }).where(eq(a.id, id)));
  }

  /** Deletes the alert and (cascade) its events. */
  async delete(id: number): Promise<void> {
    await this.db.query((orm, { alerts: a }) => orm.delete(a).where(eq(a.id, id)));
  }

  /** Remembers the last period checked when nothing was posted. */
  async markChecked(id: number, periodStart: string): Promise<void> {
    await this.db.query((orm, { alerts: a }) => orm.update(a).set({ lastPeriod: periodStart }).where(eq(a.id, id)));
  }

  /**
   * Records a breach (normal → breached) or a recovery (breached → normal) for one period, in one
   * transaction: the state moves only from the state expected, and (alert, period, kind) is unique,
   * so of two processes checking the same alert at once exactly one gets true and posts.
   */
  async transition(t: Transition): Promise<boolean> {
    const [from, to] = t.kind === 'breach' ? (['normal', 'breached'] as const) : (['breached', 'normal'] as const);
    try {
      return await this.db.transaction(async (tx) => {
        const moved = await tx.query((orm, { alerts: a }) =>
          orm
            .update(a)
            .set({ state: to, lastPeriod: t.periodStart })
            .where(and(eq(a.id, t.alertId), eq(a.state, from)))
            .returning({ id: a.id }),
        );
        if (moved.length === 0) return false;
        const inserted = await tx.query((orm, { alertEvents: e }) => orm.insert(e).values(t).onConflictDoNothing().returning({ id: e.id }));
        if (inserted.length === 0) throw new AlreadyPosted();
        return true;
      });
    } catch (err) {
      if (err instanceof AlreadyPosted) return false;
      throw err;
    }
  }

  /** An alert's breaches and recoveries, oldest first. */
  async events(alertId: number): Promise<Array<typeof alertEvents.$inferSelect>> {
    return this.db.query((orm, { alertEvents: e }) => orm.select().from(e).where(eq(e.alertId, alertId)).orderBy(asc(e.id)));
  }
}

/** Rolls the transaction back: this (alert, period, kind) was posted before. */
class AlreadyPosted extends Error {}
