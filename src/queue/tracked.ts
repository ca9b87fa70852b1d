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
 */
export async function runTracked(
  deps: { executor: JobExecutor; jobRuns: JobRunRepository },
  run: TrackedRun,
  onProgress: (progress: JobProgress) => void,
): Promise<JobResult> {
  const { jobRuns, executor } = deps;
  jobRuns.markRunning(run.jobId, run.attempt, { kind: run.name, args: run.envelope.payload });
  try {
    const result = await executor.execute(
      { jobId: run.jobId, name: run.name, payload: run.envelope.payload, requestedBy: run.envelope.conversation.userId },
      (progress) => {
        jobRuns.markProgress(run.jobId, progress.percent);
        onProgress(progress);
      },
    );
    jobRuns.markCompleted(run.jobId, result.summary);
    return result;
  } catch (err) {
    const final = err instanceof BadInputError || run.attempt >= run.maxAttempts;
    jobRuns.markFailed(run.jobId, errorMessage(err), final);
    throw err;
  }
}
