import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { QueueUnavailableError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { BullmqWorker } from '../queue/bullmq-worker.ts';
import { redisAnswers } from '../queue/redis.ts';
import { ThreadExecutor } from '../queue/thread-executor.ts';
import { createRepositories } from '../repos/index.ts';
import { onShutdownSignal } from './shared.ts';

const jobsModule = new URL('../../jobs/index.ts', import.meta.url).href;

/** `pulse worker`: takes jobs from Redis until SIGINT/SIGTERM, then lets running ones finish. */
export async function workerCommand(config: Config, concurrency = config.workerConcurrency): Promise<void> {
  const logger = createLogger(config, { name: 'pulse-worker' });
  if (!(await redisAnswers(config.redisUrl))) {
    throw new QueueUnavailableError(`pulse worker needs Redis, which does not answer at ${config.redisUrl}. Start Redis or fix REDIS_URL.`);
  }
  const database = openDatabase(config.databasePath);
  const executor = new ThreadExecutor({ size: concurrency, config, jobsModule });
  const worker = new BullmqWorker({
    redisUrl: config.redisUrl,
    queueName: config.queueName,
    concurrency,
    executor,
    jobRuns: createRepositories(database.db).jobRuns,
  });
  await worker.ready();
  logger.info({ queue: config.queueName, concurrency }, 'worker ready');
  onShutdownSignal(async () => {
    await worker.close();
    await executor.close();
    database.close();
  });
  await new Promise(() => {}); // runs until a signal
}
