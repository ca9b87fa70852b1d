import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InlineQueue } from '../../src/queue/inline-queue.ts';
import { ThreadExecutor } from '../../src/queue/thread-executor.ts';
import { createRepositories } from '../../src/repos/index.ts';
import { testConfig } from '../support/app.ts';
import { testJobsModule } from '../support/test-jobs.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

describe(`inline queue shutdown (${testDialect})`, () => {
  let database: TestDatabase | undefined;
  afterEach(() => database?.close());

  it('is bounded: a job still spinning after the grace period is ended and its job_runs row says so', async () => {
    const { config } = testConfig();
    database = await openTestDatabase();
    const repos = createRepositories(database.db);
    const executor = new ThreadExecutor({ size: 1, config, jobsModule: testJobsModule });
    const queue = new InlineQueue({ executor, jobRuns: repos.jobRuns, retry: { attempts: 1, backoffMs: 10 } });
    const failed: string[] = [];
    queue.onEvent((event) => void (event.type === 'failed' && failed.push(event.jobId)));
    const { jobId } = await queue.enqueue({
      name: 'spin',
      envelope: { payload: { ms: 600_000 }, conversation: { adapter: 'test', channelId: 'C1', userId: 'U1' } },
      jobId: `spin-${randomUUID()}`,
    });
    while ((await repos.jobRuns.get(jobId))?.status !== 'running') await new Promise((resolve) => setTimeout(resolve, 20));

    const started = Date.now();
    await queue.close(300);
    await executor.close();
    await queue.whenIdle();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await repos.jobRuns.get(jobId)).toMatchObject({ status: 'failed', error: expect.stringContaining('Stopped by a shutdown') });
    expect(failed).toEqual([jobId]);
    await expect(queue.enqueue({ name: 'spin', envelope: { payload: { ms: 1 }, conversation: { adapter: 'test', channelId: 'C1', userId: 'U1' } } })).rejects.toThrow(/shutting down/);
  });
});
