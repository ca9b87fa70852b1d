import { workerData } from 'node:worker_threads';
import type { SandboxedJob } from 'bullmq';
import type { Config } from '../config.ts';
import { createFileFetcher } from '../adapters/files.ts';
import { connectDatabase } from '../db/client.ts';
import { createRepositories } from '../repos/index.ts';
import { InProcessExecutor } from './executor.ts';
import type { JobEnvelope, JobRegistry, JobResult } from './job.ts';
import { processQueuedJob } from './process-job.ts';

/** What BullmqWorker hands each job thread. */
export interface SandboxData {
  config: Config;
  /** URL of a module exporting `jobRegistry`. */
  jobsModule: string;
}

// Once per thread: the job functions and this thread's own database connection (the file;
// the bot process applied the migrations).
const { config, jobsModule } = workerData as SandboxData;
const { jobRegistry } = (await import(jobsModule)) as { jobRegistry: JobRegistry };
const database = await connectDatabase(config, { migrate: false });
const repos = createRepositories(database.db);
const executor = new InProcessExecutor(jobRegistry, { db: database.db, repos, config, files: createFileFetcher(config) });

/** Runs one attempt of a job on this thread. */
export function processJob(job: SandboxedJob<JobEnvelope, JobResult>): Promise<JobResult> {
  return processQueuedJob({ executor, jobRuns: repos.jobRuns, jobFiles: repos.jobFiles }, job);
}
