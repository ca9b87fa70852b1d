import type { Config } from '../config.ts';
import type { FileFetcher } from '../core/files.ts';
import type { Db } from '../db/client.ts';
import { whenIndexesBuilt } from '../db/declared-indexes.ts';
import { SqliteClient } from '../db/sqlite-client.ts';
import { BadInputError, PulseError } from '../errors.ts';
import type { Repositories } from '../repos/index.ts';
import type { JobRegistry, JobResult } from './job.ts';

export interface JobTask {
  jobId: string;
  name: string;
  payload: unknown;
  requestedBy?: string;
}

export interface JobProgress {
  percent: number;
  note?: string;
}

/** Runs a job function somewhere: in this thread, or in a worker thread. */
export interface JobExecutor {
  execute(task: JobTask, onProgress: (progress: JobProgress) => void): Promise<JobResult>;
  close(): Promise<void>;
}

export interface JobServices {
  db: Db;
  repos: Repositories;
  config: Config;
  /** Default: none (a job that needs a shared file then says so). */
  files?: FileFetcher;
}

const noFiles: FileFetcher = {
  fetch: async (file) => {
    throw new BadInputError(`This process cannot read shared files, so ${file.name} was not imported.`);
  },
};

/** Runs jobs on the calling thread: for `pulse run`, tests, and inside worker threads. */
export class InProcessExecutor implements JobExecutor {
  constructor(
    private readonly registry: JobRegistry,
    private readonly services: JobServices,
  ) {}

  async execute(task: JobTask, onProgress: (progress: JobProgress) => void): Promise<JobResult> {
    const definition = this.registry.get(task.name);
    if (!definition) throw new BadInputError(`There is no job called "${task.name}".`);
    const parsed = definition.payload.safeParse(task.payload);
    if (!parsed.success) {
      throw new BadInputError(`Invalid ${task.name} job payload: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    }
    // A large import builds some indexes after its commit; the job's queries need them.
    if (this.services.db instanceof SqliteClient) await whenIndexesBuilt(this.services.db.sqlite);
    return definition.run(parsed.data, {
      jobId: task.jobId,
      requestedBy: task.requestedBy,
      ...this.services,
      files: this.services.files ?? noFiles,
      progress: async (percent, note) => onProgress({ percent: Math.max(0, Math.min(100, percent)), note }),
    });
  }

  async close(): Promise<void> {}
}

/** Errors cross thread and Redis boundaries as plain data; this keeps their class. */
export interface SerializedError {
  name: string;
  code?: string;
  message: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof PulseError) return { name: err.name, code: err.code, message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

export function deserializeError(data: SerializedError): Error {
  if (data.code === 'E_BAD_INPUT') return new BadInputError(data.message);
  const err = new Error(data.message);
  err.name = data.name;
  return err;
}
