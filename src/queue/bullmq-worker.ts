import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { BadInputError } from '../errors.ts';
import type { JobRunRepository } from '../repos/job-runs.ts';
import type { JobExecutor } from './executor.ts';
import type { JobEnvelope } from './job.ts';
import { createRedis } from './redis.ts';
import { runTracked } from './tracked.ts';

export interface BullmqWorkerOptions {
  redisUrl: string;
  queueName: string;
  concurrency: number;
  executor: JobExecutor;
  jobRuns: JobRunRepository;
}

/**
 * Consumer side: takes jobs from Redis and runs them through the executor. Several of these,
 * in one process or many, share one queue. Bad input fails at once (UnrecoverableError).
 */
export class BullmqWorker {
  private readonly connection: Redis;
  private readonly worker: Worker;

  constructor(options: BullmqWorkerOptions) {
    this.connection = createRedis(options.redisUrl);
    this.worker = new Worker(
      options.queueName,
      async (job) => {
        // Progress goes out in order and before the result; a lost update must not fail the job.
        let progressSent = Promise.resolve();
        try {
          const result = await runTracked(
            { executor: options.executor, jobRuns: options.jobRuns },
            {
              jobId: job.id!,
              name: job.name,
              envelope: job.data as JobEnvelope,
              attempt: job.attemptsMade + 1,
              maxAttempts: job.opts.attempts ?? 1,
            },
            (progress) => {
              progressSent = progressSent.then(() => job.updateProgress(progress as unknown as object)).catch(() => {});
            },
          );
          await progressSent;
          return result;
        } catch (err) {
          await progressSent;
          if (err instanceof BadInputError) throw new UnrecoverableError(err.message);
          throw err;
        }
      },
      { connection: this.connection, concurrency: options.concurrency },
    );
    this.worker.on('error', () => {}); // connection errors are retried by ioredis; failures reach QueueEvents
  }

  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async close(): Promise<void> {
    await this.worker.close();
    this.connection.disconnect();
  }
}
