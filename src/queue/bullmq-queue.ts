import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobRunRepository } from '../repos/job-runs.ts';
import type { JobProgress } from './executor.ts';
import type { JobEnvelope, JobResult } from './job.ts';
import { defaultRetryPolicy, type EnqueueRequest, type JobEvent, type JobEventListener, type JobQueue, type RetryPolicy } from './queue.ts';
import { createRedis } from './redis.ts';

export interface BullmqQueueOptions {
  redisUrl: string;
  queueName: string;
  jobRuns: JobRunRepository;
  retry?: RetryPolicy;
}

/**
 * Producer side of BullMQ: adds jobs (idempotent by custom jobId) and turns QueueEvents into
 * JobEvents for the bot. Workers may live in this process or in `pulse worker` processes.
 */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly eventsConnection: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly listeners: JobEventListener[] = [];
  /** Jobs this process enqueued and has not seen finish (for whenIdle). */
  private readonly pending = new Map<string, { name: string; envelope: JobEnvelope }>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: BullmqQueueOptions) {
    const retry = options.retry ?? defaultRetryPolicy;
    this.connection = createRedis(options.redisUrl);
    this.eventsConnection = createRedis(options.redisUrl);
    this.queue = new Queue(options.queueName, {
      connection: this.connection,
      defaultJobOptions: {
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        removeOnComplete: { count: 500, age: 7 * 24 * 3600 },
        removeOnFail: { count: 1000, age: 30 * 24 * 3600 },
      },
    });
    this.events = new QueueEvents(options.queueName, { connection: this.eventsConnection });
    this.events.on('progress', ({ jobId, data }) => void this.relay(jobId, (j) => ({ type: 'progress', ...j, progress: toProgress(data) })));
    this.events.on('completed', ({ jobId, returnvalue }) =>
      void this.relay(jobId, (j) => ({ type: 'completed', ...j, result: parseResult(returnvalue) }), true),
    );
    this.events.on('failed', ({ jobId, failedReason }) =>
      void this.relay(jobId, (j) => ({ type: 'failed', ...j, error: failedReason }), true),
    );
  }

  /** Resolves once QueueEvents listens, so no event of a job added afterwards is missed. */
  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
  }

  onEvent(listener: JobEventListener): void {
    this.listeners.push(listener);
  }

  async enqueue(request: EnqueueRequest): Promise<{ jobId: string; duplicate: boolean }> {
    const jobId = request.jobId ?? randomUUID();
    if (request.jobId && (await this.queue.getJob(jobId))) return { jobId, duplicate: true };
    this.options.jobRuns.recordQueued({
      id: jobId,
      kind: request.name,
      args: request.envelope.payload,
      requester: request.envelope.conversation.userId,
      channel: request.envelope.conversation.channelId,
    });
    this.pending.set(jobId, { name: request.name, envelope: request.envelope });
    await this.queue.add(request.name, request.envelope, { jobId });
    return { jobId, duplicate: false };
  }

  private async relay(
    jobId: string,
    build: (job: { jobId: string; name: string; envelope: JobEnvelope }) => JobEvent,
    finished = false,
  ): Promise<void> {
    const known = this.pending.get(jobId) ?? (await this.lookup(jobId));
    if (!known) return;
    const event = build({ jobId, ...known });
    for (const listener of this.listeners) listener(event);
    if (finished && this.pending.delete(jobId) && this.pending.size === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async lookup(jobId: string): Promise<{ name: string; envelope: JobEnvelope } | undefined> {
    const job: Job | undefined = await this.queue.getJob(jobId);
    return job ? { name: job.name, envelope: job.data as JobEnvelope } : undefined;
  }

  whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Test and maintenance helper: removes every job and key of this queue. */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    this.connection.disconnect();
    this.eventsConnection.disconnect();
  }
}

function toProgress(data: unknown): JobProgress {
  if (typeof data === 'number') return { percent: data };
  if (data && typeof data === 'object' && 'percent' in data) return data as JobProgress;
  return { percent: 0 };
}

function parseResult(value: unknown): JobResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as JobResult;
}
