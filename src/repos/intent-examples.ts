import { asc } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { intentExamples } from '../db/schema.ts';

export type IntentExample = typeof intentExamples.$inferSelect;

/** Labelled examples gathered from feedback, used by the next retrain. */
export class IntentExampleRepository {
  constructor(private readonly db: Db) {}

  async add(example: { text: string; intent: string; predictedIntent?: string; createdBy?: string; source?: 'feedback' | 'admin' }): Promise<IntentExample> {
    return this.db.insert(intentExamples).values(example).returning().get();
  }

  async all(): Promise<IntentExample[]> {
    return this.db.select().from(intentExamples).orderBy(asc(intentExamples.id)).all();
  }
}
