import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { createFileFetcher } from '../adapters/files.ts';
import { connectDatabase } from '../db/client.ts';
import { createRepositories } from '../repos/index.ts';
import { InProcessExecutor, serializeError, type JobProgress, type JobTask, type SerializedError } from './executor.ts';
import type { JobRegistry, JobResult } from './job.ts';

export type ThreadMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; result: JobResult }
  | { type: 'error'; error: SerializedError };

const { config, jobsModule } = workerData as { config: Config; jobsModule: string };
const { jobRegistry } = (await import(jobsModule)) as { jobRegistry: JobRegistry };
const handle = await connectDatabase(config, { migrate: false });
const executor = new InProcessExecutor(jobRegistry, { db: handle.db, repos: createRepositories(handle.db), config, files: createFileFetcher(config) });
const port = parentPort!;

port.on('message', async (message: { type: 'run'; task: JobTask }) => {
  const send = (reply: ThreadMessage) => port.postMessage(reply);
  try {
    const result = await executor.execute(message.task, (progress) => send({ type: 'progress', progress }));
    send({ type: 'done', result });
  } catch (err) {
    send({ type: 'error', error: serializeError(err) });
  }
});
