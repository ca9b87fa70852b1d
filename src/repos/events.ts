import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { processedEvents } from '../db/schema.ts';

/** Remembers platform event ids so that a retried delivery is acted on once. */
export class ProcessedEventRepository {
  constructor(private readonly db: Db) {}

  /** True the first time an id is seen, false for every repeat. */
  async claim(eventId: string): Promise<boolean> {
    const result = this.db.insert(processedEvents).values({ eventId }).onConflictDoNothing().run();
    return result.changes > 0;
  }

  async forgetOlderThan(ms: number): Promise<void> {
    this.db.delete(processedEvents).where(lt(processedEvents.receivedAt, Date.now() - ms)).run();
  }
}
