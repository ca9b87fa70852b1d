import { retryWhenBusy } from '../db/busy.ts';
import { BadInputError, errorMessage } from '../errors.ts';
import type { JobFileRepository } from '../repos/job-files.ts';
import type { JobRunRepository } from '../repos/job-runs.ts';
import { storeReplyFiles } from './reply-files.ts';
import type { JobExecutor, JobProgress } from './executor.ts';
import type { JobEnvelope, JobResult } from './job.ts';

export interface TrackedRun {
  jobId: string;
  name: string;
  envelope: JobEnvelope;
  /** This attempt's number, counting runs that a dead worker cut short. */
  attempt: number;
  maxAttempts: number;
  /** No retry follows a failure of this attempt; default: attempt ≥ maxAttempts. */
  lastAttempt?: boolean;
}

/**
 * Runs one attempt of a job while its job_runs row follows along:
 * running → completed (with summary) | queued again (retry) | failed (final, with error).
 * Progress is written in order and before the final status. With `jobFiles` (jobs run by workers,
 * whose results another process may post), the reply's charts and files are stored before completion.
 */
export async function runTracked(
  deps: { executor: JobExecutor; jobRuns: JobRunRepository; jobFiles?: JobFileRepository },
  run: TrackedRun,
  onProgress: (progress: JobProgress) => void,
): Promise<JobResult> {
  const { jobRuns, executor } = deps;
  await retryWhenBusy(() => jobRuns.markRunning(run.jobId, run.attempt, { kind: run.name, args: run.envelope.payload }));
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
    const stored = deps.jobFiles ? { ...result, reply: await storeReplyFiles(result.reply, run.jobId, deps.jobFiles) } : result;
    await retryWhenBusy(() => jobRuns.markCompleted(run.jobId, result.summary));
    return stored;
  } catch (caught) {
    const err = folderError(caught) ?? caught;
    await progressWritten;
    const final = err instanceof BadInputError || (run.lastAttempt ?? run.attempt >= run.maxAttempts);
    await retryWhenBusy(() => jobRuns.markFailed(run.jobId, errorMessage(err), final));
    throw err;
  }
}

/** Filesystem refusals that a retry will not fix. */
const FOLDER_CODES: Record<string, string> = {
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/**
 * A job that cannot write its chart or export (CHART_DIR missing, read-only, full) fails at once with a
 * message an admin can act on, instead of `ENOTDIR: not a directory, mkdir '…'` after three tries.
 */
function folderError(err: unknown): BadInputError | undefined {
  const { code, path } = (err ?? {}) as NodeJS.ErrnoException;
  const reason = code ? FOLDER_CODES[code] : undefined;
  if (!reason || !path) return undefined;
  return new BadInputError(`I could not write ${path} (${reason}). An admin should check that CHART_DIR is a folder Pulse can write to, with room left.`);
}
