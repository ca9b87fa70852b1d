import type { Config } from '../config.ts';
import { connectDatabase } from '../db/client.ts';
import { QueueUnavailableError, UsageError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { BullmqWorker } from '../queue/bullmq-worker.ts';
import { RedisMonitor, redisAnswers } from '../queue/redis.ts';
import { createRepositories } from '../repos/index.ts';
import { onShutdownSignal } from './shared.ts';

const jobsModule = new URL('../../jobs/index.ts', import.meta.url).href;

/** `pulse worker`: takes jobs from Redis until SIGINT/SIGTERM, then lets running ones finish. */
export async function workerCommand(config: Config, concurrency = config.workerConcurrency, jobs = jobsModule): Promise<void> {
  const logger = createLogger(config, { name: 'pulse-worker' });
  if (concurrency < 1) {
    throw new UsageError('WORKER_CONCURRENCY=0 means no workers (it is meant for the bot process); give pulse worker --concurrency N (1 or more).');
  }
  if (!(await redisAnswers(config.redisUrl))) {
    throw new QueueUnavailableError(`pulse worker needs Redis, which does not answer at ${config.redisUrl}. Start Redis or fix REDIS_URL.`);
  }
  // Applies pending migrations before any job thread opens the file.
  const database = await connectDatabase(config);
  const worker = new BullmqWorker({
    redisUrl: config.redisUrl,
    queueName: config.queueName,
    concurrency,
    config,
    jobsModule: jobs,
    jobRuns: createRepositories(database.db).jobRuns,
    monitor: new RedisMonitor(config.redisUrl, logger),
  });
  await worker.ready();
  logger.info({ queue: config.queueName, concurrency }, 'worker ready');
  onShutdownSignal(async () => {
    await worker.close();
    await database.close();
  });
  await new Promise(() => {}); // runs until a signal
}
