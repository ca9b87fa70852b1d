import { asc } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { intentExamples } from '../db/schema.ts';
import { storableText } from './storable-text.ts';

export type IntentExample = typeof intentExamples.$inferSelect;

/** Labelled examples gathered from feedback, used by the next retrain. */
export class IntentExampleRepository {
  constructor(private readonly db: Db) {}

  async add(example: { text: string; intent: string; predictedIntent?: string; createdBy?: string; source?: 'feedback' | 'admin' }): Promise<IntentExample> {
    const [row] = await this.db.query((orm, t) => orm.insert(t.intentExamples).values({ ...example, text: storableText(example.text) }).returning());
    return row!;
  }

  async all(): Promise<IntentExample[]> {
    return this.db.query((orm, t) => orm.select().from(t.intentExamples).orderBy(asc(t.intentExamples.id)));
  }
}
