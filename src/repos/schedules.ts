import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { schedules } from '../db/schema.ts';

export type Schedule = typeof schedules.$inferSelect;
export type NewSchedule = Pick<typeof schedules.$inferInsert, 'commandText' | 'cron' | 'timezone' | 'channelId' | 'adapter' | 'createdBy'>;

export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  create(schedule: NewSchedule): Schedule {
    return this.db.insert(schedules).values(schedule).returning().get();
  }

  get(id: number): Schedule | undefined {
    return this.db.select().from(schedules).where(eq(schedules.id, id)).get();
  }

  listActive(channelId?: string): Schedule[] {
    const where = channelId ? and(eq(schedules.active, true), eq(schedules.channelId, channelId)) : eq(schedules.active, true);
    return this.db.select().from(schedules).where(where).orderBy(asc(schedules.id)).all();
  }

  deactivate(id: number): void {
    this.db.update(schedules).set({ active: false }).where(eq(schedules.id, id)).run();
  }

  markRun(id: number, at: number): void {
    this.db.update(schedules).set({ lastRunAt: at }).where(eq(schedules.id, id)).run();
  }
}
