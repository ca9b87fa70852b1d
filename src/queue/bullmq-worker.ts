import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { isPrivateMemoryDatabase, type Config } from '../config.ts';
import { errorMessage } from '../errors.ts';
import type { JobRunRepository } from '../repos/job-runs.ts';
import { createRedis, RedisMonitor } from './redis.ts';
import type { SandboxData } from './sandbox-main.ts';

export interface BullmqWorkerOptions {
  redisUrl: string;
  queueName: string;
  /** Jobs at once, each on its own worker thread (threads are started on demand and reused). */
  concurrency: number;
  /** Handed to each job thread: the database file, chart folder and the rest. */
  config: Config;
  /** URL of the module exporting `jobRegistry` that each job thread loads (tests swap it). */
  jobsModule: string;
  /** Records failures of jobs whose thread died; the threads record everything else. */
  jobRuns: JobRunRepository;
  /** One per process and Redis URL, shared with the queue: an outage is logged once. */
  monitor?: RedisMonitor;
}

const processorFile = new URL('./sandbox-processor.mjs', import.meta.url);

/**
 * How fast a job whose worker died is run again. A worker holds a lock on each running job and renews
 * it every lockDuration / 2 from its main thread (jobs run on worker threads, so a busy job never
 * starves the renewal); every stalledInterval each worker moves jobs whose lock has lapsed back to the
 * queue. A SIGKILLed worker's job is so back within lockDuration + stalledInterval (15 s; BullMQ's
 * defaults, 30 s + 30 s, took about a minute). A job may stall twice (a worker killed, then a machine paused)
 * before it fails for good, so a stall is never the end of a job that a retry would finish.
 */
export const WORKER_TIMINGS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 2 } as const;

/**
 * Consumer side: takes jobs from Redis and runs each in a BullMQ sandbox (a worker thread that
 * loads `sandbox-processor.mjs`, keeps its own database connection and is reused for the next
 * job), so a job's CPU work never runs on this process's event loop. Several of these, in one
 * process or many, share one queue. Bad input fails at once (UnrecoverableError, thrown in the thread).
 */
export class BullmqWorker {
  private readonly connection: Redis;
  private readonly worker: Worker;

  constructor(options: BullmqWorkerOptions) {
    if (isPrivateMemoryDatabase(options.config)) {
      throw new Error('BullMQ job threads need a database file; a :memory: database works only with QUEUE=inline.');
    }
    const monitor = options.monitor ?? new RedisMonitor(options.redisUrl);
    this.connection = createRedis(options.redisUrl, {}, monitor);
    const workerData: SandboxData = { config: options.config, jobsModule: options.jobsModule };
    this.worker = new Worker(options.queueName, processorFile, {
      connection: this.connection,
      concurrency: options.concurrency,
      useWorkerThreads: true,
      workerThreadsOptions: { workerData },
      ...WORKER_TIMINGS,
    });
    monitor.watchErrors(this.worker);
    // A thread that dies mid-job cannot write its job_runs row; do it here.
    this.worker.on('failed', async (job, err) => {
      if (!job?.id || !/^Unexpected exit code/.test(errorMessage(err))) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      try {
        await options.jobRuns.markFailed(job.id, `The job's thread stopped unexpectedly (${errorMessage(err)}).`, final);
      } catch {
        // the row stays "running"; nothing else to do from here
      }
    });
  }

  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Stops taking jobs, waits for the running ones to finish, then stops the threads. */
  async close(): Promise<void> {
    await this.worker.close();
    this.connection.disconnect();
  }
}
