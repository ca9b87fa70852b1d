import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { BullmqWorker } from '../../src/queue/bullmq-worker.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { hasRedis } from '../support/redis.ts';
import { testCommands, testJobsModule } from '../support/test-jobs.ts';

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

describe('a bot without job workers (WORKER_CONCURRENCY=0 or --no-workers)', () => {
  let handle: TestAppHandle | undefined;
  let worker: BullmqWorker | undefined;
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await handle?.cleanup();
    handle = undefined;
  });

  it('accepts WORKER_CONCURRENCY=0 and still refuses negative or fractional values', () => {
    expect(loadConfig({ WORKER_CONCURRENCY: '0' }, { ignoreDotenv: true }).workerConcurrency).toBe(0);
    expect(() => loadConfig({ WORKER_CONCURRENCY: '-1' }, { ignoreDotenv: true })).toThrow(/WORKER_CONCURRENCY: must be a whole number, 0 or more/);
    expect(() => loadConfig({ WORKER_CONCURRENCY: '1.5' }, { ignoreDotenv: true })).toThrow(/WORKER_CONCURRENCY/);
  });

  for (const [label, env, options] of [
    ['WORKER_CONCURRENCY=0', { WORKER_CONCURRENCY: '0' }, {}],
    ['--no-workers', {}, { inProcessWorkers: false }],
  ] as const) {
    it.skipIf(!hasRedis())(`${label}: queues jobs for a separate \`pulse worker\`, and relays its results`, async () => {
      handle = await createTestApp({ QUEUE: 'bullmq', ...env }, { commands: testCommands, jobsModule: testJobsModule, intents: false, ...options });
      const updates: JobUpdate[] = [];
      handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, u) => void updates.push(u) });
      const [ack] = await handle.app.bot.handle({ text: 'spin 50', conversation, via: 'command' });
      const jobId = ack.job!.id;
      await sleep(500);
      expect((await handle.app.repos.jobRuns.get(jobId))?.status).toBe('queued'); // nobody runs it here

      // What `pulse worker` does, in another process or machine sharing Redis and the database.
      worker = new BullmqWorker({ redisUrl: handle.config.redisUrl, queueName: handle.config.queueName, concurrency: 1, config: handle.config, jobsModule: testJobsModule, jobRuns: handle.app.repos.jobRuns });
      await worker.ready();
      await handle.app.queue.whenIdle();
      expect(updates.filter((u) => u.status !== 'progress')).toEqual([expect.objectContaining({ jobId, status: 'completed' })]);
      expect(await handle.app.repos.jobRuns.get(jobId)).toMatchObject({ status: 'completed', requester: 'U1' });
    });
  }
});
