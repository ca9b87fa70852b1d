import type { Logger } from 'pino';
import { commandRegistry } from '../commands/index.ts';
import { jobRegistry } from '../jobs/index.ts';
import { isPrivateMemoryDatabase, type Config } from './config.ts';
import { Bot } from './core/bot.ts';
import type { IntentService } from './core/intents.ts';
import type { CommandRegistry } from './core/registry.ts';
import { createFileFetcher } from './adapters/files.ts';
import { waitBrieflyWhenBusy } from './db/busy.ts';
import { connectDatabase, type DatabaseHandle } from './db/client.ts';
import { QueueUnavailableError } from './errors.ts';
import { BullmqQueue } from './queue/bullmq-queue.ts';
import { BullmqWorker } from './queue/bullmq-worker.ts';
import { InProcessExecutor, type JobExecutor } from './queue/executor.ts';
import { InlineQueue } from './queue/inline-queue.ts';
import type { JobRegistry } from './queue/job.ts';
import type { JobQueue, RetryPolicy } from './queue/queue.ts';
import { RedisMonitor, redisAnswers } from './queue/redis.ts';
import { ThreadExecutor } from './queue/thread-executor.ts';
import { createRepositories, type Repositories } from './repos/index.ts';
import { createIntentService } from './nlu/service.ts';

export interface AppOptions {
  logger: Logger;
  /** Run BullMQ workers inside this process (the default for the bot). */
  inProcessWorkers?: boolean;
  /** Module exporting `jobRegistry`, loaded by worker threads (tests swap it). */
  jobsModule?: string;
  jobs?: JobRegistry;
  commands?: CommandRegistry;
  /** Plain-language understanding; `false` turns it off (tests of the pipeline alone). Default: the stored intent model. */
  intents?: IntentService | false;
  retry?: RetryPolicy;
  /** 'thread' keeps CPU-heavy jobs off the event loop; 'in-process' is for :memory: and one-shot runs. */
  executor?: 'thread' | 'in-process';
}

export interface App {
  config: Config;
  database: DatabaseHandle;
  repos: Repositories;
  queue: JobQueue;
  bot: Bot;
  intents?: IntentService;
  logger: Logger;
  close(): Promise<void>;
}

const defaultJobsModule = new URL('../jobs/index.ts', import.meta.url).href;

/** Composition root for a bot process: database, queue, workers, bot. The caller owns start and stop. */
export async function buildApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const database = await connectDatabase(config);
  const repos = createRepositories(database.db);
  // Executor threads serve the inline queue only; BullMQ jobs run in BullMQ's sandboxed threads.
  let executor: JobExecutor | undefined;
  const executorFor = () => (executor ??= createExecutor(config, options, database, repos));
  const monitor = new RedisMonitor(config.redisUrl, logger);
  let worker: BullmqWorker | undefined;
  let created: JobQueue | undefined;
  try {
    created = await createQueue(config, { logger, executor: executorFor, repos, retry: options.retry, monitor });
    if (created instanceof BullmqQueue) {
      if (options.inProcessWorkers !== false && config.workerConcurrency > 0) {
        worker = new BullmqWorker({
          redisUrl: config.redisUrl,
          queueName: config.queueName,
          concurrency: config.workerConcurrency,
          config,
          jobsModule: options.jobsModule ?? defaultJobsModule,
          jobRuns: repos.jobRuns,
          monitor,
        });
        await worker.ready();
      } else {
        logger.info(`No job workers in this process: jobs on queue "${config.queueName}" run in \`pulse worker\` processes.`);
      }
    }
  } catch (err) {
    await worker?.close().catch(() => {});
    await created?.close().catch(() => {});
    await executor?.close();
    await database.close();
    throw err;
  }
  const queue: JobQueue = created;
  const commands = options.commands ?? commandRegistry;
  // The service follows the active model version itself, so a retrain in any worker reaches every bot.
  const intents = options.intents === false ? undefined : (options.intents ?? (await createIntentService({ repos, commands, config })));
  const bot = new Bot({ commands, queue, repos, config, logger, intents });
  // From here on this connection serves the event loop; start-up writes (migrations, the first intent model) could wait.
  if (database.sqlite) waitBrieflyWhenBusy(database.sqlite);
  return {
    config,
    database,
    repos,
    queue,
    bot,
    intents,
    logger,
    async close() {
      await worker?.close();
      await queue.close();
      await executor?.close();
      await database.close();
    },
  };
}

/**
 * For the inline queue: job threads in this process, or the calling thread for :memory: and tests.
 * Without Redis there are no other workers, so WORKER_CONCURRENCY=0 (or --no-workers) still gets one thread.
 */
function createExecutor(config: Config, options: AppOptions, database: DatabaseHandle, repos: Repositories): JobExecutor {
  const inProcess = options.executor === 'in-process' || isPrivateMemoryDatabase(config);
  if (inProcess) return new InProcessExecutor(options.jobs ?? jobRegistry, { db: database.db, repos, config, files: createFileFetcher(config) });
  if (config.workerConcurrency === 0 || options.inProcessWorkers === false) {
    options.logger.warn('No job workers were asked for (WORKER_CONCURRENCY=0 or --no-workers), but without Redis jobs can only run in this process: using 1 job thread.');
  }
  return new ThreadExecutor({ size: Math.max(1, config.workerConcurrency), config, jobsModule: options.jobsModule ?? defaultJobsModule });
}

/**
 * QUEUE=auto uses BullMQ when Redis answers, else runs jobs in-process with a one-line warning.
 * `executor` may be a factory, called only when the inline queue is chosen. A :memory: database
 * cannot be shared with job threads or `pulse worker` processes, so it always gets the inline queue.
 */
export async function createQueue(
  config: Config,
  deps: { logger: Logger; executor: JobExecutor | (() => JobExecutor); repos: Repositories; retry?: RetryPolicy; monitor?: RedisMonitor },
): Promise<JobQueue> {
  const inline = () =>
    new InlineQueue({ executor: typeof deps.executor === 'function' ? deps.executor() : deps.executor, jobRuns: deps.repos.jobRuns, retry: deps.retry });
  if (config.queueMode === 'inline') return inline();
  if (isPrivateMemoryDatabase(config)) {
    if (config.queueMode === 'bullmq') {
      throw new QueueUnavailableError('QUEUE=bullmq needs a database file that workers can open; DATABASE_PATH=:memory: works only with QUEUE=inline.');
    }
    return inline();
  }
  if (!(await redisAnswers(config.redisUrl))) {
    if (config.queueMode === 'bullmq') {
      throw new QueueUnavailableError(
        `QUEUE=bullmq but Redis does not answer at ${config.redisUrl}. Start Redis (redis-server), fix REDIS_URL, or set QUEUE=inline.`,
      );
    }
    deps.logger.warn(`Redis does not answer at ${config.redisUrl}: running jobs in this process (set QUEUE=inline to silence this).`);
    return inline();
  }
  const queue = new BullmqQueue({
    redisUrl: config.redisUrl,
    queueName: config.queueName,
    jobRuns: deps.repos.jobRuns,
    retry: deps.retry,
    monitor: deps.monitor ?? new RedisMonitor(config.redisUrl, deps.logger),
    logger: deps.logger,
  });
  try {
    await queue.ready();
  } catch (err) {
    await queue.close().catch(() => {});
    throw err;
  }
  return queue;
}
