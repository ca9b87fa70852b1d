import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src/core/adapter.ts';
import { WORKER_TIMINGS } from '../../src/queue/bullmq-worker.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { spawnScript, type PulseProcess } from '../support/fake-slack-process.ts';
import { hasRedis } from '../support/redis.ts';
import { testCommands, testJobsModule } from '../support/test-jobs.ts';

const WORKER = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));
const conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * A bot without workers (in this test process) and `pulse worker` processes on one Redis and database.
 * The worker running a job is SIGKILLed half-way: another worker runs it again once its lock lapses.
 */
describe.skipIf(!hasRedis())('a pulse worker SIGKILLed in the middle of a job', () => {
  let handle: TestAppHandle | undefined;
  const workers: PulseProcess[] = [];
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop('SIGKILL');
    await handle?.cleanup();
    handle = undefined;
  });

  const startWorker = async () => {
    const worker = spawnScript(WORKER, [], {
      DATABASE_PATH: handle!.config.databasePath,
      CHART_DIR: handle!.config.chartDir,
      QUEUE_NAME: handle!.config.queueName,
      REDIS_URL: handle!.config.redisUrl,
      WORKER_CONCURRENCY: '1',
    }, handle!.dir);
    workers.push(worker);
    await worker.waitForLog(/worker ready/, 60_000);
    return worker;
  };

  it('is run again by another worker within 30 s, completes once, and job_runs counts 2 attempts', async () => {
    handle = await createTestApp({ QUEUE: 'bullmq', WORKER_CONCURRENCY: '0' }, { commands: testCommands, jobsModule: testJobsModule, intents: false, inProcessWorkers: false });
    const updates: JobUpdate[] = [];
    handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
    const repos = handle.app.repos;
    const [first, second] = await Promise.all([startWorker(), startWorker()]);

    second.child.kill('SIGSTOP'); // so the first one takes the job
    const [ack] = await handle.app.bot.handle({ text: 'spin 5000', conversation, via: 'command' });
    const jobId = ack.job!.id;
    await until(async () => ((await repos.jobRuns.get(jobId))?.progress ?? 0) >= 25, 30_000, 'the job reports progress');
    second.child.kill('SIGCONT'); // idle, ready to take over
    const progressBeforeKill = (await repos.jobRuns.get(jobId))!.progress;
    const killedAt = Date.now();
    await first.stop('SIGKILL');

    const rerun = await until(async () => {
      const run = await repos.jobRuns.get(jobId);
      return run?.attempts === 2 && run.status === 'running' ? Date.now() : undefined;
    }, 40_000, 'the job runs again').catch(async (err: Error) => {
      const queue = new Queue(handle!.config.queueName, { connection: { url: handle!.config.redisUrl } });
      const job = await queue.getJob(jobId);
      const state = { row: await repos.jobRuns.get(jobId), bullmq: await job?.getState(), stalledCounter: job?.stalledCounter, worker: second.logs.slice(-5) };
      await queue.close();
      throw new Error(`${err.message}: ${JSON.stringify(state)}`);
    });
    await handle.app.queue.whenIdle();
    const completedAt = Date.now();
    await sleep(1000); // room for a second delivery

    const pickedUpMs = rerun - killedAt;
    expect(pickedUpMs).toBeLessThan(30_000);
    expect(pickedUpMs).toBeLessThanOrEqual(WORKER_TIMINGS.lockDuration + WORKER_TIMINGS.stalledInterval + 5_000);
    const finals = updates.filter((u) => u.jobId === jobId && u.status !== 'progress');
    expect(finals).toEqual([expect.objectContaining({ status: 'completed' })]); // once, and it replaces the progress message
    expect(updates.filter((u) => u.status !== 'progress').map((u) => u.jobId)).toEqual([jobId]);
    expect(await repos.jobRuns.get(jobId)).toMatchObject({ status: 'completed', attempts: 2, progress: 100 });
    expect(second.alive()).toBe(true);

    const queue = new Queue(handle.config.queueName, { connection: { url: handle.config.redisUrl } });
    const job = await queue.getJob(jobId);
    expect(await job?.getState()).toBe('completed');
    await queue.close();
    console.info(`worker SIGKILL at ${progressBeforeKill} %: job running again after ${(pickedUpMs / 1000).toFixed(1)} s, completed ${((completedAt - killedAt) / 1000).toFixed(1)} s after the kill, delivered once, attempts 2`);
  }, 120_000);
});
