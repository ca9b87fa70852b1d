import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { schedules } from '../db/schema.ts';
import { storableText } from './storable-text.ts';

export type Schedule = typeof schedules.$inferSelect;
export type NewSchedule = Pick<typeof schedules.$inferInsert, 'commandText' | 'cron' | 'timezone' | 'channelId' | 'adapter' | 'createdBy'>;

export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  async create(schedule: NewSchedule): Promise<Schedule> {
    const [row] = await this.db.query((orm, { schedules: s }) => orm.insert(s).values({ ...schedule, commandText: storableText(schedule.commandText) }).returning());
    return row!;
  }

  async get(id: number): Promise<Schedule | undefined> {
    const [row] = await this.db.query((orm, { schedules: s }) => orm.select().from(s).where(eq(s.id, id)));
    return row;
  }

  async listActive(channelId?: string): Promise<Schedule[]> {
    return this.db.query((orm, { schedules: s }) => {
      const where = channelId ? and(eq(s.active, true), eq(s.channelId, channelId)) : eq(s.active, true);
      return orm.select().from(s).where(where).orderBy(asc(s.id));
    });
  }

  async deactivate(id: number): Promise<void> {
    await this.db.query((orm, { schedules: s }) => orm.update(s).set({ active: false }).where(eq(s.id, id)));
  }

  async markRun(id: number, at: number): Promise<void> {
    await this.db.query((orm, { schedules: s }) => orm.update(s).set({ lastRunAt: at }).where(eq(s.id, id)));
  }
}
