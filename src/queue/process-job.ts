import { createRequire } from 'node:module';
import type { UnrecoverableError as BullmqUnrecoverableError } from 'bullmq';
import { BadInputError } from '../errors.ts';
import type { JobFileRepository } from '../repos/job-files.ts';
import type { JobRunRepository } from '../repos/job-runs.ts';
import type { JobExecutor, JobProgress } from './executor.ts';
import type { JobEnvelope, JobResult } from './job.ts';
import { runTracked } from './tracked.ts';

/**
 * BullMQ's UnrecoverableError without loading all of BullMQ and ioredis into every job thread
 * (about 17 MB each). The error crosses to the worker as JSON and BullMQ recognises it by name,
 * so a same-named class serves if BullMQ ever moves the file.
 */
const UnrecoverableError: typeof BullmqUnrecoverableError = (() => {
  try {
    return (createRequire(import.meta.url)('bullmq/dist/cjs/classes/errors/unrecoverable-error.js') as { UnrecoverableError: typeof BullmqUnrecoverableError })
      .UnrecoverableError;
  } catch {
    return class UnrecoverableError extends Error {
      override name = 'UnrecoverableError';
    };
  }
})();

/** What a BullMQ processor needs of a job; a sandboxed job (worker thread) provides it. */
export interface QueuedJob {
  id?: string;
  name: string;
  data: JobEnvelope;
  /** Attempts that ended (failed); a run cut short by a dead worker (stalled) is not among them. */
  attemptsMade: number;
  /** Every time the job was started, this one included (BullMQ 5); stalled runs count. */
  attemptsStarted?: number;
  opts: { attempts?: number };
  updateProgress(progress: object): Promise<void>;
}

/**
 * One attempt of a BullMQ job: the job_runs row follows it (queued → running → completed or
 * failed, with attempts), progress goes to BullMQ in order and before the result, and bad input
 * becomes UnrecoverableError so BullMQ does not retry it.
 */
export async function processQueuedJob(deps: { executor: JobExecutor; jobRuns: JobRunRepository; jobFiles?: JobFileRepository }, job: QueuedJob): Promise<JobResult> {
  const envelope = job.data;
  const jobId = job.id!;
  // The enqueuing process writes this row once Redis has the job; a fast worker may get here
  // first, so write it too (a second write changes nothing) and keep who asked and where.
  await deps.jobRuns.recordQueued({
    id: jobId,
    kind: job.name,
    args: envelope.payload,
    requester: envelope.conversation.userId,
    channel: envelope.conversation.channelId,
  });
  // A lost progress update must not fail the job.
  let progressSent = Promise.resolve();
  const sendProgress = (progress: JobProgress) => {
    progressSent = progressSent.then(() => job.updateProgress(progress)).catch(() => {});
  };
  try {
    const result = await runTracked(
      deps,
      {
        jobId,
        name: job.name,
        envelope,
        // job_runs counts every start, runs of a killed worker included; BullMQ retries by ended attempts.
        attempt: Math.max(job.attemptsStarted ?? 0, job.attemptsMade + 1),
        maxAttempts: job.opts.attempts ?? 1,
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      },
      sendProgress,
    );
    await progressSent;
    return result;
  } catch (err) {
    await progressSent;
    if (err instanceof BadInputError) throw new UnrecoverableError(err.message);
    throw err;
  }
}
