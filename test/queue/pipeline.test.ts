import { afterEach, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { hasRedis } from '../support/redis.ts';
import { jobRegistry, testCommands, testJobsModule } from '../support/test-jobs.ts';

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

/** Collects what the bot would send to an adapter. */
function recordUpdates(handle: TestAppHandle) {
  const updates: JobUpdate[] = [];
  const finished = new Map<string, (u: JobUpdate) => void>();
  handle.app.bot.attach('test', {
    send: async () => {},
    jobUpdate: async (_c, update) => {
      updates.push(update);
      if (update.status !== 'progress') finished.get(update.jobId)?.(update);
    },
  });
  const done = (jobId: string) =>
    new Promise<JobUpdate>((resolve) => {
      const already = updates.find((u) => u.jobId === jobId && u.status !== 'progress');
      if (already) resolve(already);
      else finished.set(jobId, resolve);
    });
  return { updates, done };
}

for (const queueMode of ['inline', 'bullmq'] as const) {
  describe.skipIf(queueMode === 'bullmq' && !hasRedis())(`job pipeline (${queueMode})`, () => {
    let handle: TestAppHandle;
    afterEach(async () => handle?.cleanup());

    it('runs a queued job, relays progress and the result, and tracks job_runs', async () => {
      handle = await createTestApp(
        { QUEUE: queueMode },
        { commands: testCommands, jobs: jobRegistry, jobsModule: testJobsModule, executor: 'in-process', retry: { attempts: 3, backoffMs: 10 } },
      );
      expect(handle.app.queue.kind).toBe(queueMode);
      const { updates, done } = recordUpdates(handle);
      const [ack] = await handle.app.bot.handle({ text: 'spin 300', conversation, via: 'command' });
      expect(ack.text).toContain('Spinning for 300 ms');
      const jobId = ack.job!.id;
      const final = await done(jobId);
      expect(final.status).toBe('completed');
      expect(final.status === 'completed' && final.reply.text).toBe('Spun for 300 ms.');
      expect(updates.some((u) => u.jobId === jobId && u.status === 'progress' && u.percent >= 25)).toBe(true);
      const run = (await handle.app.repos.jobRuns.get(jobId))!;
      expect(run).toMatchObject({ kind: 'spin', status: 'completed', requester: 'U1', channel: 'C1', progress: 100 });
      expect(run.resultSummary).toMatch(/^spun \d+ times$/);
      expect(run.finishedAt).toBeGreaterThanOrEqual(run.startedAt!);
    });

    it('retries transient failures with backoff, and fails bad input at once', async () => {
      handle = await createTestApp(
        { QUEUE: queueMode },
        { commands: testCommands, jobs: jobRegistry, jobsModule: testJobsModule, executor: 'in-process', retry: { attempts: 3, backoffMs: 10 } },
      );
      const { done } = recordUpdates(handle);
      const envelope = (payload: unknown) => ({ payload, conversation });
      const flaky = await handle.app.queue.enqueue({ name: 'flaky', envelope: envelope({ failures: 2 }) });
      const rejected = await handle.app.queue.enqueue({ name: 'reject', envelope: envelope({}) });
      expect((await done(flaky.jobId)).status).toBe('completed');
      const failure = await done(rejected.jobId);
      expect(failure.status === 'failed' && failure.error).toContain('the input cannot work');
      expect(await handle.app.repos.jobRuns.get(flaky.jobId)).toMatchObject({ status: 'completed', attempts: 3 });
      expect(await handle.app.repos.jobRuns.get(rejected.jobId)).toMatchObject({ status: 'failed', attempts: 1, error: 'the input cannot work' });
    });

    if (queueMode === 'bullmq') {
      it('fails, after its retries, a job whose thread dies, and keeps running the next jobs', async () => {
        handle = await createTestApp(
          { QUEUE: queueMode, WORKER_CONCURRENCY: '1' },
          { commands: testCommands, jobsModule: testJobsModule, retry: { attempts: 2, backoffMs: 10 } },
        );
        const { done } = recordUpdates(handle);
        const envelope = (payload: unknown) => ({ payload, conversation });
        const crashed = await handle.app.queue.enqueue({ name: 'crash', envelope: envelope({}) });
        const failure = await done(crashed.jobId);
        expect(failure.status === 'failed' && failure.error).toMatch(/Unexpected exit code: 3/);
        expect(await handle.app.repos.jobRuns.get(crashed.jobId)).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringContaining('stopped unexpectedly') });
        const next = await handle.app.queue.enqueue({ name: 'spin', envelope: envelope({ ms: 10 }) });
        expect((await done(next.jobId)).status).toBe('completed');
      });
    }

    it('runs a job once per custom job id', async () => {
      handle = await createTestApp(
        { QUEUE: queueMode },
        { commands: testCommands, jobs: jobRegistry, jobsModule: testJobsModule, executor: 'in-process' },
      );
      const { done } = recordUpdates(handle);
      const request = { name: 'spin', envelope: { payload: { ms: 50 }, conversation }, jobId: 'event-Ev123' };
      const first = await handle.app.queue.enqueue(request);
      const second = await handle.app.queue.enqueue(request);
      expect(first).toEqual({ jobId: 'event-Ev123', duplicate: false });
      expect(second).toEqual({ jobId: 'event-Ev123', duplicate: true });
      await done('event-Ev123');
      await handle.app.queue.whenIdle();
      expect(await handle.app.repos.jobRuns.latest({ kind: 'spin' })).toHaveLength(1);
    });
  });
}
