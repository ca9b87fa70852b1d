import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { schedules } from '../db/schema.ts';

export type Schedule = typeof schedules.$inferSelect;
export type NewSchedule = Pick<typeof schedules.$inferInsert, 'commandText' | 'cron' | 'timezone' | 'channelId' | 'adapter' | 'createdBy'>;

export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  async create(schedule: NewSchedule): Promise<Schedule> {
    return this.db.insert(schedules).values(schedule).returning().get();
  }

  async get(id: number): Promise<Schedule | undefined> {
    return this.db.select().from(schedules).where(eq(schedules.id, id)).get();
  }

  async listActive(channelId?: string): Promise<Schedule[]> {
    const where = channelId ? and(eq(schedules.active, true), eq(schedules.channelId, channelId)) : eq(schedules.active, true);
    return this.db.select().from(schedules).where(where).orderBy(asc(schedules.id)).all();
  }

  async deactivate(id: number): Promise<void> {
    this.db.update(schedules).set({ active: false }).where(eq(schedules.id, id)).run();
  }

  async markRun(id: number, at: number): Promise<void> {
    this.db.update(schedules).set({ lastRunAt: at }).where(eq(schedules.id, id)).run();
  }
}
