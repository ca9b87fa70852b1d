import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** Remembers platform event ids so that a retried delivery is acted on once. */
export class ProcessedEventRepository {
  constructor(private readonly client: Db) {}

  /** True the first time an id is seen, false for every repeat. */
  async claim(eventId: string): Promise<boolean> {
    const claimed = await this.client.query((orm, { processedEvents: e }) => orm.insert(e).values({ eventId }).onConflictDoNothing().returning({ eventId: e.eventId }));
    return claimed.length > 0;
  }

  async forgetOlderThan(ms: number): Promise<void> {
    await this.client.query((orm, { processedEvents: e }) => orm.delete(e).where(lt(e.receivedAt, Date.now() - ms)));
  }
}
