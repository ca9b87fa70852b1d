import { BadInputError, errorMessage } from '../errors.ts';
import type { JobRunRepository } from '../repos/job-runs.ts';
import type { JobExecutor, JobProgress } from './executor.ts';
import type { JobEnvelope, JobResult } from './job.ts';

export interface TrackedRun {
  jobId: string;
  name: string;
  envelope: JobEnvelope;
  attempt: number;
  maxAttempts: number;
}

/**
 * Runs one attempt of a job while its job_runs row follows along:
 * running → completed (with summary) | queued again (retry) | failed (final, with error).
 * Progress is written in order and before the final status.
 */
export async function runTracked(
  deps: { executor: JobExecutor; jobRuns: JobRunRepository },
  run: TrackedRun,
  onProgress: (progress: JobProgress) => void,
): Promise<JobResult> {
  const { jobRuns, executor } = deps;
  await jobRuns.markRunning(run.jobId, run.attempt, { kind: run.name, args: run.envelope.payload });
  let progressWritten = Promise.resolve();
  try {
    const result = await executor.execute(
      { jobId: run.jobId, name: run.name, payload: run.envelope.payload, requestedBy: run.envelope.conversation.userId },
      (progress) => {
        // A lost progress figure must not fail the job.
        progressWritten = progressWritten.then(() => jobRuns.markProgress(run.jobId, progress.percent)).catch(() => {});
        onProgress(progress);
      },
    );
    await progressWritten;
    await jobRuns.markCompleted(run.jobId, result.summary);
    return result;
  } catch (err) {
    await progressWritten;
    const final = err instanceof BadInputError || run.attempt >= run.maxAttempts;
    await jobRuns.markFailed(run.jobId, errorMessage(err), final);
    throw err;
  }
}
