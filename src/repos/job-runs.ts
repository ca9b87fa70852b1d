import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { jobRuns } from '../db/schema.ts';
import { writeOffLoop } from '../db/sqlite-writer.ts';
import { insertStatements } from './bulk-insert.ts';
import { WriteBatch } from './write-batch.ts';

export type JobRun = typeof jobRuns.$inferSelect;

type QueuedRun = { id: string; kind: string; args: unknown; requester?: string; channel?: string };

const QUEUED_COLUMNS = ['id', 'kind', 'args', 'status', 'requester', 'channel'] as const;

export class JobRunRepository {
  /** Jobs queued in one event-loop turn are recorded together (a burst of commands: one INSERT), off the event loop. */
  private readonly queued: WriteBatch<QueuedRun>;

  constructor(private readonly client: Db) {
    this.queued = new WriteBatch((runs) =>
      writeOffLoop(client, insertStatements('job_runs', QUEUED_COLUMNS, runs.length, (i) => queuedRow(runs[i]), 'ON CONFLICT (id) DO NOTHING')),
    );
  }

  /**
   * Records a queued job; a second call with the same id (an idempotent re-enqueue) is ignored.
   * Resolves once stored, at the end of the current event-loop turn; retries while the database is busy.
   */
  recordQueued(run: QueuedRun): Promise<void> {
    return this.queued.add(run);
  }

  async markRunning(id: string, attempt: number, fallback: { kind: string; args: unknown }): Promise<void> {
    await this.client.query((orm, { jobRuns: r }) =>
      orm
        .insert(r)
        .values({ id, kind: fallback.kind, args: fallback.args ?? {}, status: 'running', attempts: attempt, startedAt: Date.now() })
        .onConflictDoUpdate({ target: r.id, set: { status: 'running', attempts: attempt, startedAt: Date.now(), error: null } }),
    );
  }

  async markProgress(id: string, progress: number): Promise<void> {
    await this.client.query((orm, { jobRuns: r }) => orm.update(r).set({ progress: Math.round(progress) }).where(eq(r.id, id)));
  }

  async markCompleted(id: string, summary: string): Promise<void> {
    await this.client.query((orm, { jobRuns: r }) =>
      orm.update(r).set({ status: 'completed', progress: 100, resultSummary: summary, finishedAt: Date.now(), error: null }).where(eq(r.id, id)),
    );
  }

  /** `final` false means a retry follows: the row goes back to queued with the error kept. */
  async markFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.client.query((orm, { jobRuns: r }) =>
      orm.update(r).set({ status: final ? 'failed' : 'queued', error, finishedAt: final ? Date.now() : null }).where(eq(r.id, id)),
    );
  }

  async get(id: string): Promise<JobRun | undefined> {
    const [row] = await this.client.query((orm, { jobRuns: r }) => orm.select().from(r).where(eq(r.id, id)));
    return row;
  }

  async latest(options: { kind?: string; status?: JobRun['status']; limit?: number } = {}): Promise<JobRun[]> {
    return this.client.query((orm, { jobRuns: r }) => {
      const conditions = [options.kind ? eq(r.kind, options.kind) : undefined, options.status ? eq(r.status, options.status) : undefined].filter((c) => c !== undefined);
      return orm
        .select()
        .from(r)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(r.createdAt), desc(r.id))
        .limit(options.limit ?? 10);
    });
  }
}

function queuedRow(run: QueuedRun): unknown[] {
  return [run.id, run.kind, JSON.stringify(run.args ?? {}), 'queued', run.requester ?? null, run.channel ?? null];
}
