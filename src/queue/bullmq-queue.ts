import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { retryWhenBusy } from '../db/busy.ts';
import { errorMessage, QueueUnavailableError } from '../errors.ts';
import type { JobRunRepository } from '../repos/job-runs.ts';
import type { JobProgress } from './executor.ts';
import type { JobEnvelope, JobResult } from './job.ts';
import { defaultRetryPolicy, queuedRun, type EnqueueRequest, type JobEvent, type JobEventListener, type JobQueue, type RetryPolicy } from './queue.ts';
import { createProducerRedis, createRedis, isConnectionError, RedisMonitor } from './redis.ts';

export const QUEUE_UNAVAILABLE_MESSAGE = 'The job queue is not reachable right now; try again in a minute.';

export interface DeliveryTimings {
  /** How often this process renews its liveness key and looks for results nobody delivered. */
  heartbeatMs: number;
  /** A process whose liveness key is older than this is gone; others deliver its results. */
  ownerTtlMs: number;
}

export interface BullmqQueueOptions {
  redisUrl: string;
  queueName: string;
  jobRuns: JobRunRepository;
  retry?: RetryPolicy;
  /** One per process and Redis URL, shared with the workers: an outage is logged once. */
  monitor?: RedisMonitor;
  logger?: { warn(obj: object, msg: string): void };
  delivery?: Partial<DeliveryTimings>;
  /** Longest an enqueue waits for Redis before failing with QueueUnavailableError. */
  enqueueTimeoutMs?: number;
}

type Known = { name: string; envelope: JobEnvelope };
type Pending = Known & { enqueuedAt: number };
type Outcome = { type: 'completed'; result: JobResult } | { type: 'failed'; error: string };

/** Longest an enqueue waits for the job's job_runs row (written off the event loop) while the database is busy. */
const RECORD_WAIT_MS = 1000;

/** BullMQ's reason for a job that stalled more than maxStalledCount times. */
const STALLED_TOO_OFTEN = /stalled more than allowable limit/;

/** Days a job's delivery record lives: longer than BullMQ keeps failed jobs (30 days). */
const RECORD_TTL_SECONDS = 31 * 24 * 3600;

/** Claims a job id for this owner and lists it as undelivered, atomically; 0 when the id is taken. */
const REGISTER = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  return 1
end
return 0`;

/**
 * Producer side of BullMQ: adds jobs (idempotent by custom jobId) and turns QueueEvents into
 * JobEvents for the bot. Workers may live in this process or in `pulse worker` processes.
 *
 * Exactly one bot process delivers each result. QueueEvents shows every process every job of
 * the queue, so delivery is claimed in Redis: at enqueue the job is listed in
 * `pulse:<queue>:undelivered` and `pulse:<queue>:job:<id>` names its owner (this process);
 * whoever removes the id from the undelivered set (ZREM returns 1 to exactly one caller)
 * delivers. The owner claims as soon as it sees the result. Another process claims only when the
 * owner is gone: its liveness key `pulse:<queue>:owner:<id>` (renewed every heartbeat, deleted on
 * close) has expired. A periodic sweep delivers results that finished while their owner was gone
 * and no process saw the event (a bot restarting during a scheduled job). Progress goes only to
 * the owner, which holds the message being edited.
 */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  /** This process's identity as an owner of results. */
  readonly owner = randomUUID();
  private readonly connection: Redis;
  private readonly eventsConnection: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly monitor: RedisMonitor;
  private readonly timings: DeliveryTimings;
  private readonly listeners: JobEventListener[] = [];
  /** Jobs this process enqueued and has not seen finish (for whenIdle and ownership). */
  private readonly pending = new Map<string, Pending>();
  /** Own results seen while Redis could not be asked for the claim: retried by the sweep. */
  private readonly unclaimed = new Map<string, Known & Outcome>();
  private idleWaiters: Array<() => void> = [];
  private heartbeat?: NodeJS.Timeout;
  /** Others' results are taken over only from then on: the adapters have attached to the bot by then. */
  private takeoverFrom = Infinity;
  private sweeping?: Promise<void>;
  private closed = false;

  constructor(private readonly options: BullmqQueueOptions) {
    const retry = options.retry ?? defaultRetryPolicy;
    this.timings = { heartbeatMs: 5000, ownerTtlMs: 15000, ...options.delivery };
    this.monitor = options.monitor ?? new RedisMonitor(options.redisUrl);
    this.connection = createProducerRedis(options.redisUrl, this.monitor);
    this.connection.on('ready', () => void this.beat());
    // QueueEvents duplicates the connection it is given (blocking reads need their own): this
    // one only carries the options and never connects itself.
    this.eventsConnection = createRedis(options.redisUrl, { lazyConnect: true }, this.monitor);
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
    this.monitor.watchErrors(this.queue);
    this.monitor.watchErrors(this.events);
    this.events.on('progress', ({ jobId, data }) => this.onProgress(jobId, data));
    this.events.on('completed', ({ jobId, returnvalue }) => void this.onFinished(jobId, { type: 'completed', result: parseResult(returnvalue) }));
    this.events.on('failed', ({ jobId, failedReason }) => void this.onFinished(jobId, { type: 'failed', error: failedReason }));
  }

  private key(...parts: string[]): string {
    return ['pulse', this.options.queueName, ...parts].join(':');
  }

  /**
   * Resolves once QueueEvents listens, so no event of a job added afterwards is missed, and this
   * process is announced as an owner. Results left by owners that are gone are taken over from
   * one heartbeat later (by then the bot and its adapters listen), at each heartbeat.
   */
  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    await this.beat();
    this.takeoverFrom = Date.now() + this.timings.heartbeatMs;
    this.heartbeat = setInterval(() => {
      void this.beat();
      void this.sweep();
    }, this.timings.heartbeatMs);
    this.heartbeat.unref();
  }

  private takingOver(): boolean {
    return this.listeners.length > 0 && Date.now() >= this.takeoverFrom;
  }

  onEvent(listener: JobEventListener): void {
    this.listeners.push(listener);
  }

  /**
   * Adds the job, or fails within `enqueueTimeoutMs` (2.5 s) with QueueUnavailableError when
   * Redis is unreachable. The job_runs row is written only once the job is in Redis.
   */
  async enqueue(request: EnqueueRequest): Promise<{ jobId: string; duplicate: boolean }> {
    if (this.closed) throw new Error('The queue is shutting down.');
    const jobId = request.jobId ?? randomUUID();
    if (this.connection.status !== 'ready') throw new QueueUnavailableError(QUEUE_UNAVAILABLE_MESSAGE);
    const adding = this.add(jobId, request);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailableError(QUEUE_UNAVAILABLE_MESSAGE)), this.options.enqueueTimeoutMs ?? 2500);
    });
    let outcome: 'added' | 'duplicate';
    try {
      outcome = await Promise.race([adding, deadline]);
    } catch (err) {
      // Too late is as good as failed: if Redis takes the job after all, take it out again.
      adding.then((late) => (late === 'added' ? this.withdraw(jobId) : undefined)).catch(() => {});
      if (err instanceof QueueUnavailableError || this.connection.status !== 'ready' || isConnectionError(err)) {
        throw new QueueUnavailableError(QUEUE_UNAVAILABLE_MESSAGE);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (outcome === 'duplicate') return { jobId, duplicate: true };
    // The job is queued and its worker writes the row too: a lost row must not hide the job, and
    // a busy database must not hold the acknowledgement (the write goes on retrying meanwhile).
    const recording = this.options.jobRuns.recordQueued(queuedRun(jobId, request)).catch((err: unknown) => {
      this.options.logger?.warn({ jobId, err: errorMessage(err) }, 'could not record the queued job');
    });
    await Promise.race([recording, new Promise((resolve) => setTimeout(resolve, RECORD_WAIT_MS).unref())]);
    return { jobId, duplicate: false };
  }

  private async add(jobId: string, { name, envelope, jobId: custom }: EnqueueRequest): Promise<'added' | 'duplicate'> {
    if (custom && (await this.queue.getJob(jobId))) return 'duplicate';
    const registered = await this.connection.eval(
      REGISTER,
      2,
      this.key('job', jobId),
      this.key('undelivered'),
      this.owner,
      RECORD_TTL_SECONDS,
      Date.now(),
      jobId,
    );
    if (registered !== 1) return 'duplicate';
    this.pending.set(jobId, { name, envelope, enqueuedAt: Date.now() });
    try {
      await this.queue.add(name, envelope, { jobId });
      return 'added';
    } catch (err) {
      this.forget(jobId);
      this.unregister(jobId);
      throw err;
    }
  }

  /** A job Redis accepted after the caller was told it failed: remove it unless a worker has it. */
  private async withdraw(jobId: string): Promise<void> {
    if ((await this.queue.remove(jobId)) === 1) {
      this.forget(jobId);
      this.unregister(jobId);
    }
  }

  private unregister(jobId: string): void {
    this.connection
      .multi()
      .del(this.key('job', jobId))
      .zrem(this.key('undelivered'), jobId)
      .exec()
      .catch(() => {});
  }

  private onProgress(jobId: string, data: unknown): void {
    const known = this.pending.get(jobId);
    if (known) this.emit({ type: 'progress', jobId, name: known.name, envelope: known.envelope, progress: toProgress(data) });
  }

  private async onFinished(jobId: string, outcome: Outcome): Promise<void> {
    const mine = this.pending.get(jobId);
    if (outcome.type === 'failed' && STALLED_TOO_OFTEN.test(outcome.error)) {
      // BullMQ failed it in Redis (its workers kept dying); no worker is left to write the row.
      const error = 'The workers running this job stopped (killed or restarted) too many times; please ask again.';
      outcome = { type: 'failed', error };
      await retryWhenBusy(() => this.options.jobRuns.markFailed(jobId, error, true)).catch(() => {});
    }
    try {
      if (mine) {
        if (await this.claim(jobId)) this.emit({ jobId, name: mine.name, envelope: mine.envelope, ...outcome });
      } else if (this.takingOver() && (await this.ownerGone(jobId))) {
        const job = await this.queue.getJob(jobId);
        if (job && (await this.claim(jobId))) this.emit({ jobId, name: job.name, envelope: job.data as JobEnvelope, ...outcome });
      }
    } catch (err) {
      if (mine) this.unclaimed.set(jobId, { name: mine.name, envelope: mine.envelope, ...outcome });
      this.options.logger?.warn({ jobId, err: errorMessage(err) }, 'could not claim a job result; will retry');
    } finally {
      if (mine) this.forget(jobId);
    }
  }

  /** True for exactly one caller across every process. */
  private async claim(jobId: string): Promise<boolean> {
    return (await this.connection.zrem(this.key('undelivered'), jobId)) === 1;
  }

  /** Another process enqueued the job and is no longer there to deliver it. */
  private async ownerGone(jobId: string): Promise<boolean> {
    const owner = await this.connection.get(this.key('job', jobId));
    if (!owner || owner === this.owner) return false;
    return (await this.connection.exists(this.key('owner', owner))) === 0;
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    await this.connection.set(this.key('owner', this.owner), '1', 'PX', this.timings.ownerTtlMs).catch(() => {});
  }

  /** Delivers results nobody delivered: own claims that failed, own jobs Redis lost, and jobs of owners that are gone. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((err) => this.options.logger?.warn({ err: errorMessage(err) }, 'could not look for undelivered job results'))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    if (this.closed || this.connection.status !== 'ready') return;
    for (const [jobId, { name, envelope, ...outcome }] of this.unclaimed) {
      this.unclaimed.delete(jobId);
      if (await this.claim(jobId)) this.emit({ jobId, name, envelope, ...outcome } as JobEvent);
    }
    await this.failLostJobs();
    if (!this.takingOver()) return;
    const ids = await this.connection.zrange(this.key('undelivered'), 0, 999);
    if (ids.length === 0) return;
    const owners = await this.connection.mget(ids.map((id) => this.key('job', id)));
    const others = [...new Set(owners.filter((o): o is string => o !== null && o !== this.owner))];
    const alive = new Set<string>();
    for (const owner of others) {
      if ((await this.connection.exists(this.key('owner', owner))) === 1) alive.add(owner);
    }
    for (const [i, jobId] of ids.entries()) {
      const owner = owners[i];
      if (owner === this.owner || (owner && alive.has(owner))) continue;
      const job: Job | undefined = await this.queue.getJob(jobId);
      if (!job || !owner) {
        await this.claim(jobId); // removed by BullMQ, or its record expired: nothing to deliver
        continue;
      }
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') continue;
      if (!(await this.claim(jobId))) continue;
      const known = { jobId, name: job.name, envelope: job.data as JobEnvelope };
      this.emit(
        state === 'completed'
          ? { type: 'completed', ...known, result: parseResult(job.returnvalue) }
          : { type: 'failed', ...known, error: job.failedReason },
      );
    }
  }

  /**
   * Own jobs that are no longer in Redis and were never delivered (Redis restarted without its
   * data): answer them as failed instead of leaving the person waiting.
   */
  private async failLostJobs(): Promise<void> {
    const old = [...this.pending].filter(([, p]) => Date.now() - p.enqueuedAt > this.timings.ownerTtlMs);
    if (old.length === 0) return;
    const pipeline = this.connection.pipeline();
    for (const [jobId] of old) pipeline.exists(this.queue.toKey(jobId)).exists(this.key('job', jobId));
    const found = ((await pipeline.exec()) ?? []).map(([err, n]) => (err ? 1 : Number(n)));
    for (const [i, [jobId, known]] of old.entries()) {
      const [job, record] = [found[2 * i], found[2 * i + 1]];
      if (job === 1 || !this.pending.has(jobId)) continue;
      // A record without the job: BullMQ removed it after it finished; whoever claims delivers.
      if (record === 1 && !(await this.claim(jobId))) {
        this.forget(jobId);
        continue;
      }
      const error = 'The job queue lost this job before its result came back (Redis restarted without its data?); please ask again.';
      try {
        await this.options.jobRuns.markFailed(jobId, error, true);
      } catch (err) {
        this.options.logger?.warn({ jobId, err: errorMessage(err) }, 'could not record a lost job');
      }
      this.emit({ type: 'failed', jobId, name: known.name, envelope: known.envelope, error });
      this.forget(jobId);
    }
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.options.logger?.warn({ jobId: event.jobId, err: errorMessage(err) }, 'a job event listener failed');
      }
    }
  }

  private forget(jobId: string): void {
    if (this.pending.delete(jobId) && this.pending.size === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Test and maintenance helper: removes every job and key of this queue, delivery records included. */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
    let cursor = '0';
    do {
      const [next, keys] = await this.connection.scan(cursor, 'MATCH', this.key('*'), 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.connection.del(...keys);
    } while (cursor !== '0');
    await this.beat();
  }

  /**
   * Stops relaying. Results of jobs still running are then delivered by another bot process, or
   * by this one's successor at start.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.heartbeat);
    await this.sweeping;
    this.closed = true;
    if (this.connection.status === 'ready') await this.connection.del(this.key('owner', this.owner)).catch(() => {});
    await this.events.close();
    await this.queue.close();
    this.connection.disconnect();
    this.eventsConnection.disconnect();
    this.pending.clear();
    for (const wake of this.idleWaiters.splice(0)) wake();
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
