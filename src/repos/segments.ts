import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { segmentAssignments, segmentRuns } from '../db/schema.ts';

export type SegmentRun = typeof segmentRuns.$inferSelect;
export type SegmentAssignment = Omit<typeof segmentAssignments.$inferSelect, 'runId'>;
export type NewSegmentRun = Omit<typeof segmentRuns.$inferInsert, 'id' | 'createdAt'>;

/** Segmentation runs and every customer's assignment, so runs can be compared and reused. */
export class SegmentRepository {
  constructor(private readonly db: Db) {}

  /** Stores a run and all its assignments in one transaction. */
  async saveRun(run: NewSegmentRun, assignments: SegmentAssignment[]): Promise<SegmentRun> {
    return this.db.transaction((tx) => {
      const saved = tx.insert(segmentRuns).values(run).returning().get();
      const batchSize = 500;
      for (let i = 0; i < assignments.length; i += batchSize) {
        tx.insert(segmentAssignments)
          .values(assignments.slice(i, i + batchSize).map((a) => ({ ...a, runId: saved.id })))
          .run();
      }
      return saved;
    });
  }

  async latest(): Promise<SegmentRun | undefined> {
    return this.db.select().from(segmentRuns).orderBy(desc(segmentRuns.id)).limit(1).get();
  }

  /** The newest run with the same comparable key, older than `beforeRunId` when given. */
  async previousComparable(comparableKey: string, beforeRunId?: number): Promise<SegmentRun | undefined> {
    const where = beforeRunId
      ? and(eq(segmentRuns.comparableKey, comparableKey), lt(segmentRuns.id, beforeRunId))
      : eq(segmentRuns.comparableKey, comparableKey);
    return this.db.select().from(segmentRuns).where(where).orderBy(desc(segmentRuns.id)).limit(1).get();
  }

  async assignments(runId: number): Promise<SegmentAssignment[]> {
    return this.db
      .select({
        customerId: segmentAssignments.customerId,
        cluster: segmentAssignments.cluster,
        segment: segmentAssignments.segment,
        recencyDays: segmentAssignments.recencyDays,
        frequency: segmentAssignments.frequency,
        monetary: segmentAssignments.monetary,
      })
      .from(segmentAssignments)
      .where(eq(segmentAssignments.runId, runId))
      .all();
  }
}
