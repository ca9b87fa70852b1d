import type { Logger } from 'pino';
import { commandRegistry } from '../commands/index.ts';
import { jobRegistry } from '../jobs/index.ts';
import type { Config } from './config.ts';
import { Bot } from './core/bot.ts';
import type { IntentService } from './core/intents.ts';
import type { CommandRegistry } from './core/registry.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { QueueUnavailableError } from './errors.ts';
import { BullmqQueue } from './queue/bullmq-queue.ts';
import { BullmqWorker } from './queue/bullmq-worker.ts';
import { InProcessExecutor, type JobExecutor } from './queue/executor.ts';
import { InlineQueue } from './queue/inline-queue.ts';
import type { JobRegistry } from './queue/job.ts';
import type { JobQueue, RetryPolicy } from './queue/queue.ts';
import { redisAnswers } from './queue/redis.ts';
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
  const database = openDatabase(config.databasePath);
  const repos = createRepositories(database.db);
  const executor = createExecutor(config, options, database, repos);
  let worker: BullmqWorker | undefined;
  let queue: JobQueue;
  try {
    queue = await createQueue(config, { logger, executor, repos, retry: options.retry });
    if (queue instanceof BullmqQueue && options.inProcessWorkers !== false) {
      worker = new BullmqWorker({
        redisUrl: config.redisUrl,
        queueName: config.queueName,
        concurrency: config.workerConcurrency,
        executor,
        jobRuns: repos.jobRuns,
      });
      await worker.ready();
    }
  } catch (err) {
    await executor.close();
    database.close();
    throw err;
  }
  const commands = options.commands ?? commandRegistry;
  const intents = options.intents === false ? undefined : (options.intents ?? createIntentService({ repos, commands, config }));
  if (intents && 'reload' in intents) {
    // A retrain runs in a worker and stores a new active version: pick it up here.
    queue.onEvent((event) => {
      if (event.type === 'completed' && event.name === 'retrain') (intents as { reload(): void }).reload();
    });
  }
  const bot = new Bot({ commands, queue, repos, config, logger, intents });
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
      await executor.close();
      database.close();
    },
  };
}

function createExecutor(config: Config, options: AppOptions, database: DatabaseHandle, repos: Repositories): JobExecutor {
  const inProcess = options.executor === 'in-process' || config.databasePath === ':memory:';
  if (inProcess) return new InProcessExecutor(options.jobs ?? jobRegistry, { db: database.db, repos, config });
  return new ThreadExecutor({ size: config.workerConcurrency, config, jobsModule: options.jobsModule ?? defaultJobsModule });
}

/** QUEUE=auto uses BullMQ when Redis answers, else runs jobs in-process with a one-line warning. */
export async function createQueue(
  config: Config,
  deps: { logger: Logger; executor: JobExecutor; repos: Repositories; retry?: RetryPolicy },
): Promise<JobQueue> {
  const inline = () => new InlineQueue({ executor: deps.executor, jobRuns: deps.repos.jobRuns, retry: deps.retry });
  if (config.queueMode === 'inline') return inline();
  if (!(await redisAnswers(config.redisUrl))) {
    if (config.queueMode === 'bullmq') {
      throw new QueueUnavailableError(
        `QUEUE=bullmq but Redis does not answer at ${config.redisUrl}. Start Redis (redis-server), fix REDIS_URL, or set QUEUE=inline.`,
      );
    }
    deps.logger.warn(`Redis does not answer at ${config.redisUrl}: running jobs in this process (set QUEUE=inline to silence this).`);
    return inline();
  }
  const queue = new BullmqQueue({ redisUrl: config.redisUrl, queueName: config.queueName, jobRuns: deps.repos.jobRuns, retry: deps.retry });
  await queue.ready();
  return queue;
}
