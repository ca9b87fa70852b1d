import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobRuns } from '../db/schema.ts';

export type JobRun = typeof jobRuns.$inferSelect;

export class JobRunRepository {
  constructor(private readonly db: Db) {}

  /** Records a queued job; a second call with the same id (an idempotent re-enqueue) is ignored. */
  async recordQueued(run: { id: string; kind: string; args: unknown; requester?: string; channel?: string }): Promise<void> {
    this.db
      .insert(jobRuns)
      .values({ id: run.id, kind: run.kind, args: run.args ?? {}, status: 'queued', requester: run.requester, channel: run.channel })
      .onConflictDoNothing()
      .run();
  }

  async markRunning(id: string, attempt: number, fallback: { kind: string; args: unknown }): Promise<void> {
    this.db
      .insert(jobRuns)
      .values({ id, kind: fallback.kind, args: fallback.args ?? {}, status: 'running', attempts: attempt, startedAt: Date.now() })
      .onConflictDoUpdate({ target: jobRuns.id, set: { status: 'running', attempts: attempt, startedAt: Date.now(), error: null } })
      .run();
  }

  async markProgress(id: string, progress: number): Promise<void> {
    this.db.update(jobRuns).set({ progress: Math.round(progress) }).where(eq(jobRuns.id, id)).run();
  }

  async markCompleted(id: string, summary: string): Promise<void> {
    this.db
      .update(jobRuns)
      .set({ status: 'completed', progress: 100, resultSummary: summary, finishedAt: Date.now(), error: null })
      .where(eq(jobRuns.id, id))
      .run();
  }

  /** `final` false means a retry follows: the row goes back to queued with the error kept. */
  async markFailed(id: string, error: string, final: boolean): Promise<void> {
    this.db
      .update(jobRuns)
      .set({ status: final ? 'failed' : 'queued', error, finishedAt: final ? Date.now() : null })
      .where(eq(jobRuns.id, id))
      .run();
  }

  async get(id: string): Promise<JobRun | undefined> {
    return this.db.select().from(jobRuns).where(eq(jobRuns.id, id)).get();
  }

  async latest(options: { kind?: string; status?: JobRun['status']; limit?: number } = {}): Promise<JobRun[]> {
    const conditions = [
      options.kind ? eq(jobRuns.kind, options.kind) : undefined,
      options.status ? eq(jobRuns.status, options.status) : undefined,
    ].filter((c) => c !== undefined);
    return this.db
      .select()
      .from(jobRuns)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(jobRuns.createdAt))
      .limit(options.limit ?? 10)
      .all();
  }
}
