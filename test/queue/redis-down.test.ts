import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectDatabase } from '../../src/db/client.ts';
import { QueueUnavailableError } from '../../src/errors.ts';
import { BullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { BullmqWorker } from '../../src/queue/bullmq-worker.ts';
import type { JobEvent } from '../../src/queue/queue.ts';
import { RedisMonitor, redisAnswers } from '../../src/queue/redis.ts';
import { createRepositories } from '../../src/repos/index.ts';
import { testConfigOnBackEnd } from '../support/app.ts';
import { testDialect } from '../support/database.ts';
import { testJobsModule } from '../support/test-jobs.ts';

/** A Redis of our own on a free port, so the test can take it away and bring it back. */
const redisServer = existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
const haveRedisServer = !spawnSync(redisServer, ['--version']).error;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(redisServer, ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await redisAnswers(url, 200)); i++) await sleep(50);
  return redis;
}

async function stopRedis(redis: ChildProcess): Promise<void> {
  if (redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis.once('exit', resolve));
  redis.kill('SIGKILL');
  await exited;
}

async function enqueueOnceBack<T>(enqueue: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await enqueue();
    } catch (err) {
      if (!(err instanceof QueueUnavailableError) || performance.now() > deadline) throw err;
      await sleep(100);
    }
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}

// Skips with vitest's usual notice when redis-server is not installed.
describe.skipIf(!haveRedisServer)(`when Redis goes away (${testDialect})`, () => {
  let redis: ChildProcess | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (redis) await stopRedis(redis);
  });

  it('enqueue fails within 3 s with a clear message and records nothing; one log line each way; works again after', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const { config, cleanup } = await testConfigOnBackEnd({ QUEUE: 'bullmq', REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_NAME: `test-${randomUUID()}` });
    const database = await connectDatabase(config);
    const repos = createRepositories(database.db);
    cleanups.push(async () => {
      await database.close();
      await cleanup();
    });
    const logs: Array<{ level: 'warn' | 'info'; msg: string }> = [];
    const monitor = new RedisMonitor(config.redisUrl, {
      warn: (_o, msg) => void logs.push({ level: 'warn', msg }),
      info: (_o, msg) => void logs.push({ level: 'info', msg }),
    });
    const consoleErrors = vi.spyOn(console, 'error');
    const queue = new BullmqQueue({ redisUrl: config.redisUrl, queueName: config.queueName, jobRuns: repos.jobRuns, monitor });
    await queue.ready();
    const worker = new BullmqWorker({ redisUrl: config.redisUrl, queueName: config.queueName, concurrency: 1, config, jobsModule: testJobsModule, jobRuns: repos.jobRuns, monitor });
    await worker.ready();
    cleanups.push(async () => {
      await worker.close();
      await queue.close();
    });
    const events: JobEvent[] = [];
    queue.onEvent((event) => events.push(event));
    const finished = (jobId: string) => events.some((e) => e.jobId === jobId && e.type === 'completed');
    const envelope = { payload: { ms: 10 }, conversation: { adapter: 'test', channelId: 'C1', userId: 'U1' } };

    const before = await queue.enqueue({ name: 'spin', envelope });
    await until(() => finished(before.jobId), 30_000);

    await stopRedis(redis);
    await sleep(300);
    for (const jobId of ['down-1', 'down-2']) {
      const started = performance.now();
      const attempt = queue.enqueue({ name: 'spin', envelope, jobId });
      await expect(attempt).rejects.toThrow(QueueUnavailableError);
      await expect(attempt).rejects.toThrow('The job queue is not reachable right now; try again in a minute.');
      expect(performance.now() - started).toBeLessThan(3000);
      expect(await repos.jobRuns.get(jobId)).toBeUndefined();
    }
    // A generated id too: still only the first job has a row.
    await expect(queue.enqueue({ name: 'spin', envelope })).rejects.toThrow(QueueUnavailableError);
    expect(await repos.jobRuns.latest({ limit: 10 })).toHaveLength(1);

    await sleep(3000); // ioredis retries several times meanwhile, on every connection
    expect(logs.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(logs[0].msg).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+/);
    expect(consoleErrors.mock.calls.filter((args) => String(args[0]).includes('Unhandled error event'))).toHaveLength(0);

    redis = await startRedis(port);
    await until(() => logs.some((l) => l.level === 'info'), 15_000);
    // The queue's own connection comes back on ioredis' retry schedule (up to 2 s apart), so it may be
    // a moment behind the monitor's: until then enqueue still says "try again", and records nothing.
    const after = await enqueueOnceBack(() => queue.enqueue({ name: 'spin', envelope, jobId: 'down-1' }), 15_000);
    expect(logs.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(logs[1].msg).toMatch(/Redis is reachable again/);
    expect(after).toEqual({ jobId: 'down-1', duplicate: false });
    await until(() => finished('down-1'), 30_000);
    expect(await repos.jobRuns.get('down-1')).toMatchObject({ status: 'completed', requester: 'U1', channel: 'C1' });
    expect(consoleErrors.mock.calls.filter((args) => String(args[0]).includes('Unhandled error event'))).toHaveLength(0);
    consoleErrors.mockRestore();
  });

  it('enqueue fails within 3 s when Redis stops answering without closing the connection', async () => {
    const port = await freePort();
    const stalled = await startRedis(port);
    cleanups.push(() => stopRedis(stalled));
    const { config, cleanup } = await testConfigOnBackEnd({ QUEUE: 'bullmq', REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_NAME: `test-${randomUUID()}` });
    const database = await connectDatabase(config);
    const repos = createRepositories(database.db);
    const queue = new BullmqQueue({ redisUrl: config.redisUrl, queueName: config.queueName, jobRuns: repos.jobRuns, monitor: new RedisMonitor(config.redisUrl, { warn() {}, info() {} }) });
    await queue.ready();
    cleanups.push(async () => {
      await queue.close();
      await database.close();
      await cleanup();
    });
    const envelope = { payload: { ms: 10 }, conversation: { adapter: 'test', channelId: 'C1', userId: 'U1' } };

    stalled.kill('SIGSTOP'); // the socket stays open; nothing answers
    try {
      const started = performance.now();
      await expect(queue.enqueue({ name: 'spin', envelope, jobId: 'stalled-1' })).rejects.toThrow('The job queue is not reachable right now; try again in a minute.');
      expect(performance.now() - started).toBeLessThan(3000);
      expect(await repos.jobRuns.get('stalled-1')).toBeUndefined();
    } finally {
      stalled.kill('SIGCONT');
    }
    // Redis answers again: the add that came too late was taken out again (no worker runs here).
    const inspect = new Redis(config.redisUrl);
    cleanups.push(() => void inspect.disconnect());
    await sleep(1000);
    expect(await inspect.exists(`bull:${config.queueName}:stalled-1`)).toBe(0);
    expect(await inspect.zscore(`pulse:${config.queueName}:undelivered`, 'stalled-1')).toBeNull();
    expect(await queue.enqueue({ name: 'spin', envelope, jobId: 'stalled-2' })).toEqual({ jobId: 'stalled-2', duplicate: false });
    expect(await repos.jobRuns.get('stalled-1')).toBeUndefined();
    await queue.obliterate();
  });

  it('answers as failed, once, a job that Redis lost while it restarted without its data', async () => {
    const port = await freePort();
    let lossy = await startRedis(port);
    cleanups.push(() => stopRedis(lossy));
    const { config, cleanup } = await testConfigOnBackEnd({ QUEUE: 'bullmq', REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_NAME: `test-${randomUUID()}` });
    const database = await connectDatabase(config);
    const repos = createRepositories(database.db);
    const queue = new BullmqQueue({
      redisUrl: config.redisUrl,
      queueName: config.queueName,
      jobRuns: repos.jobRuns,
      monitor: new RedisMonitor(config.redisUrl, { warn() {}, info() {} }),
      delivery: { heartbeatMs: 250, ownerTtlMs: 1000 },
    });
    await queue.ready();
    cleanups.push(async () => {
      await queue.close();
      await database.close();
      await cleanup();
    });
    const events: JobEvent[] = [];
    queue.onEvent((event) => events.push(event));
    // No worker: the job waits in Redis, then Redis goes away with it.
    const { jobId } = await queue.enqueue({ name: 'spin', envelope: { payload: { ms: 10 }, conversation: { adapter: 'test', channelId: 'C1', userId: 'U1' } } });
    await stopRedis(lossy);
    lossy = await startRedis(port);
    await queue.whenIdle();
    expect(events).toEqual([expect.objectContaining({ type: 'failed', jobId, error: expect.stringContaining('lost this job') })]);
    expect(await repos.jobRuns.get(jobId)).toMatchObject({ status: 'failed' });
  });
});
