import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { BullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { BullmqWorker } from '../../src/queue/bullmq-worker.ts';
import type { JobEvent } from '../../src/queue/queue.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { testConfig } from '../support/app.ts';
import { hasRedis } from '../support/redis.ts';
import { testJobsModule } from '../support/test-jobs.ts';

/**
 * Several bot processes share one queue: QueueEvents shows each of them every job, yet each result
 * must be posted once, by the process that enqueued it, or by another one when that process is gone.
 * Each "process" here is a BullmqQueue with its own Redis connections and listener.
 */
let config: Config;
let dir: string;
let database: DatabaseHandle;
let repos: Repositories;
let queueName: string;
let worker: BullmqWorker | undefined;
const queues: BullmqQueue[] = [];
const timings = { heartbeatMs: 250, ownerTtlMs: 1000 };

async function botProcess(): Promise<{ queue: BullmqQueue; events: JobEvent[] }> {
  const queue = new BullmqQueue({ redisUrl: config.redisUrl, queueName, jobRuns: repos.jobRuns, retry: { attempts: 2, backoffMs: 10 }, delivery: timings });
  queues.push(queue);
  await queue.ready();
  const events: JobEvent[] = [];
  queue.onEvent((event) => events.push(event));
  return { queue, events };
}

async function startWorker(concurrency = 2): Promise<void> {
  worker = new BullmqWorker({ redisUrl: config.redisUrl, queueName, concurrency, config, jobsModule: testJobsModule, jobRuns: repos.jobRuns });
  await worker.ready();
}

const finals = (events: JobEvent[]) => events.filter((e) => e.type !== 'progress');

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}

function enqueueFrom(queue: BullmqQueue, conversation: Conversation, name: string, payload: unknown) {
  return queue.enqueue({ name, envelope: { payload, conversation } });
}

describe.skipIf(!hasRedis())('job results with several bot processes on one queue', () => {
  beforeAll(() => {
    ({ config, dir } = testConfig({ QUEUE: 'bullmq' }));
    database = openDatabase(config.databasePath);
    repos = createRepositories(database.db);
  });
  afterAll(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    for (const queue of queues.splice(0)) await queue.close();
    const cleanup = new BullmqQueue({ redisUrl: config.redisUrl, queueName, jobRuns: repos.jobRuns });
    await cleanup.ready();
    await cleanup.obliterate();
    await cleanup.close();
  });

  it('delivers each completion and failure once, to the process that enqueued it, progress too', async () => {
    queueName = `test-${randomUUID()}`;
    const a = await botProcess();
    const b = await botProcess();
    await startWorker();
    const N = 6;
    const mine = { a: new Set<string>(), b: new Set<string>() };
    for (let i = 0; i < N; i++) {
      for (const [label, bot] of [['a', a], ['b', b]] as const) {
        const conversation = { adapter: 'test', channelId: `C-${label}`, userId: `U-${label}` };
        // Every third job fails (bad input: at once, no retry); the rest report progress and complete.
        const { jobId } = i % 3 === 2 ? await enqueueFrom(bot.queue, conversation, 'reject', {}) : await enqueueFrom(bot.queue, conversation, 'spin', { ms: 40 });
        mine[label].add(jobId);
      }
    }
    await until(() => finals(a.events).length + finals(b.events).length >= 2 * N, 30_000);
    await sleep(4 * timings.heartbeatMs); // room for a duplicate (event or sweep) to show up

    for (const [label, bot] of [['a', a], ['b', b]] as const) {
      const delivered = finals(bot.events).map((e) => e.jobId);
      expect(delivered.sort()).toEqual([...mine[label]].sort()); // each of its own jobs, once, and nothing else
      expect(finals(bot.events).filter((e) => e.type === 'failed')).toHaveLength(N / 3);
      expect(bot.events.every((e) => e.envelope.conversation.channelId === `C-${label}`)).toBe(true); // progress included
      expect(bot.events.some((e) => e.type === 'progress')).toBe(true);
    }
    await Promise.all([a.queue.whenIdle(), b.queue.whenIdle()]);
  });

  it('delivers once, from one of the others, the results of a process that closed before its jobs finished', async () => {
    queueName = `test-${randomUUID()}`;
    const a = await botProcess();
    const b = await botProcess();
    const c = await botProcess();
    const conversation = { adapter: 'test', channelId: 'C-a', userId: 'U-a' };
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++) ids.add((await enqueueFrom(a.queue, conversation, 'spin', { ms: 100 })).jobId);
    ids.add((await enqueueFrom(a.queue, conversation, 'reject', {})).jobId);
    await a.queue.close(); // before any worker has taken a job
    await startWorker();

    await until(() => finals(b.events).length + finals(c.events).length >= ids.size, 30_000);
    await sleep(4 * timings.heartbeatMs);
    const delivered = [...finals(b.events), ...finals(c.events)].map((e) => e.jobId);
    expect(delivered.sort()).toEqual([...ids].sort());
    expect([...b.events, ...c.events].filter((e) => e.type === 'progress')).toHaveLength(0); // progress only to the enqueuer
    expect(a.events).toHaveLength(0);
  });

  it('delivers once, when bot processes start again, a result that finished while none was running', async () => {
    queueName = `test-${randomUUID()}`;
    const a = await botProcess();
    await startWorker();
    const { jobId } = await enqueueFrom(a.queue, { adapter: 'test', channelId: 'C-a', userId: 'U-a' }, 'spin', { ms: 300 });
    await a.queue.close(); // "restart": the job completes while no bot listens
    const run = async () => (await repos.jobRuns.get(jobId))?.status;
    const deadline = Date.now() + 30_000;
    while ((await run()) !== 'completed' && Date.now() < deadline) await sleep(50);
    expect(await run()).toBe('completed');

    const restarted = await botProcess(); // after a heartbeat, looks for results nobody delivered
    const other = await botProcess();
    await until(() => finals(restarted.events).length + finals(other.events).length > 0, 10_000);
    await sleep(4 * timings.heartbeatMs);
    const delivered = [...finals(restarted.events), ...finals(other.events)];
    expect(delivered.map((e) => e.jobId)).toEqual([jobId]);
    expect(delivered[0]).toMatchObject({ type: 'completed', name: 'spin', envelope: { conversation: { channelId: 'C-a' } } });
    expect((delivered[0] as { result: { reply: { text: string } } }).result.reply.text).toBe('Spun for 300 ms.');
  });

  it('delivers once the results of a process that was killed while its jobs ran (its liveness key expires)', async () => {
    queueName = `test-${randomUUID()}`;
    const b = await botProcess();
    const c = await botProcess();
    await startWorker();
    const warm = await enqueueFrom(b.queue, { adapter: 'test', channelId: 'C-b', userId: 'U-b' }, 'spin', { ms: 10 });
    await until(() => finals(b.events).some((e) => e.jobId === warm.jobId), 30_000); // job threads started
    b.events.length = 0;

    const ownerTtlMs = 3000;
    const fixture = fileURLToPath(new URL('./fixtures/enqueue-then-hang.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, config.redisUrl, queueName, config.databasePath, '3', '1500', String(ownerTtlMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // The child prints its job ids, then each result it delivered itself: on a loaded machine its
    // first job can finish before the last is queued, and that result is the child's to deliver.
    const lines: string[] = [];
    const ids = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const complete = out.split('\n');
        out = complete.pop() ?? '';
        lines.push(...complete);
        if (lines.length > 0) resolve(JSON.parse(lines[0]));
      });
      child.on('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    const killedAt = Date.now();
    child.kill('SIGKILL'); // no close: its liveness key stays until it expires, after the jobs finish
    await new Promise((resolve) => child.on('close', resolve)); // its output read to the end
    const byChild = lines.slice(1).map((line) => JSON.parse(line).delivered as string);
    const left = ids.filter((id) => !byChild.includes(id));
    expect(left.length).toBeGreaterThan(0); // jobs of 1.5 s on two worker slots: the third cannot have finished

    await until(() => finals(b.events).length + finals(c.events).length >= left.length, 60_000); // 3 s when the machine is quiet
    const deliveredAfterMs = Date.now() - killedAt;
    await sleep(4 * timings.heartbeatMs);
    const delivered = [...finals(b.events), ...finals(c.events)];
    expect(delivered.map((e) => e.jobId).sort()).toEqual([...left].sort()); // each once, none the child delivered
    expect(delivered.every((e) => e.type === 'completed' && e.envelope.conversation.channelId === 'C-dead')).toBe(true);
    // The results waited for the owner to be known gone.
    expect(deliveredAfterMs).toBeGreaterThan(ownerTtlMs - 1000);
  }, 90_000); // a child process to start, then waits of up to 60 s: more than the default 30 s on a loaded machine
});
