import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BadInputError, errorMessage } from '../errors.ts';
import type { JobRunRepository } from '../repos/job-runs.ts';
import type { JobExecutor } from './executor.ts';
import { defaultRetryPolicy, queuedRun, type EnqueueRequest, type JobEventListener, type JobQueue, type RetryPolicy } from './queue.ts';
import { runTracked } from './tracked.ts';

/** How long a shutdown waits for running jobs before it ends them. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The same job functions without Redis: runs them in this process (through the executor, so
 * CPU-heavy work still leaves the event loop), with the same retry policy and events as BullMQ.
 */
export class InlineQueue implements JobQueue {
  readonly kind = 'inline' as const;
  private readonly listeners: JobEventListener[] = [];
  private readonly known = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly deps: { executor: JobExecutor; jobRuns: JobRunRepository; retry?: RetryPolicy },
  ) {}

  onEvent(listener: JobEventListener): void {
    this.listeners.push(listener);
  }

  async enqueue(request: EnqueueRequest): Promise<{ jobId: string; duplicate: boolean }> {
    if (this.closed) throw new Error('The queue is shutting down.');
    const jobId = request.jobId ?? randomUUID();
    if (this.known.has(jobId)) return { jobId, duplicate: true };
    this.known.add(jobId);
    // Running (for whenIdle) from now: recording the queued row may take until the end of this turn.
    const recorded = this.deps.jobRuns.recordQueued(queuedRun(jobId, request));
    const done: Promise<void> = recorded.then(() => this.process(jobId, request), () => undefined).finally(() => this.running.delete(done));
    this.running.add(done);
    try {
      await recorded;
    } catch (err) {
      this.known.delete(jobId);
      throw err;
    }
    return { jobId, duplicate: false };
  }

  private async process(jobId: string, { name, envelope }: EnqueueRequest): Promise<void> {
    const retry = this.deps.retry ?? defaultRetryPolicy;
    for (let attempt = 1; ; attempt++) {
      await Promise.resolve(); // let the caller send its acknowledgement first
      try {
        const result = await runTracked(this.deps, { jobId, name, envelope, attempt, maxAttempts: retry.attempts }, (progress) =>
          this.emit({ type: 'progress', jobId, name, envelope, progress }),
        );
        this.emit({ type: 'completed', jobId, name, envelope, result });
        return;
      } catch (err) {
        if (err instanceof BadInputError || attempt >= retry.attempts || this.closed) {
          this.emit({ type: 'failed', jobId, name, envelope, error: errorMessage(err) });
          return;
        }
        await sleep(retry.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private emit(event: Parameters<JobEventListener>[0]): void {
    for (const listener of this.listeners) listener(event);
  }

  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /**
   * Lets running jobs finish for up to `graceMs`, then returns anyway: the executor's close ends what
   * still runs (job threads are terminated) and their job_runs rows say so.
   */
  async close(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    this.closed = true;
    await Promise.race([this.whenIdle(), sleep(graceMs, undefined, { ref: false })]);
  }
}
