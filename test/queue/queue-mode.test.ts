import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../../src/app.ts';
import { QueueUnavailableError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { BullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { createRepositories } from '../../src/repos/index.ts';
import { testConfig } from '../support/app.ts';
import { hasRedis } from '../support/redis.ts';
import { jobRegistry } from '../support/test-jobs.ts';
import { openTestDatabase, testDialect } from '../support/database.ts';

const downRedis = 'redis://127.0.0.1:1'; // nothing listens on port 1

async function queueFor(env: Record<string, string>) {
  const { config, dir } = testConfig(env);
  const database = await openTestDatabase();
  const repos = createRepositories(database.db);
  const warnings: string[] = [];
  const logger = createLogger(config);
  logger.warn = ((msg: string) => void warnings.push(msg)) as typeof logger.warn;
  const executor = new InProcessExecutor(jobRegistry, { db: database.db, repos, config });
  const cleanup = async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    return { queue: await createQueue(config, { logger, executor, repos }), warnings, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

describe(`queue mode (${testDialect})`, () => {
  it('QUEUE=auto falls back to in-process jobs with one warning when Redis is down', async () => {
    const { queue, warnings, cleanup } = await queueFor({ QUEUE: 'auto', REDIS_URL: downRedis });
    expect(queue.kind).toBe('inline');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Redis does not answer at redis://127.0.0.1:1');
    await queue.close();
    await cleanup();
  });

  it('QUEUE=bullmq fails clearly when Redis is down', async () => {
    await expect(queueFor({ QUEUE: 'bullmq', REDIS_URL: downRedis })).rejects.toThrow(QueueUnavailableError);
    await expect(queueFor({ QUEUE: 'bullmq', REDIS_URL: downRedis })).rejects.toThrow(/set QUEUE=inline/);
  });

  it.skipIf(!hasRedis())('QUEUE=auto uses BullMQ when Redis answers, QUEUE=inline never does', async () => {
    const auto = await queueFor({ QUEUE: 'auto' });
    expect(auto.queue.kind).toBe('bullmq');
    await (auto.queue as BullmqQueue).obliterate();
    await auto.queue.close();
    await auto.cleanup();
    const inline = await queueFor({ QUEUE: 'inline' });
    expect(inline.queue.kind).toBe('inline');
    expect(inline.warnings).toHaveLength(0);
    await inline.queue.close();
    await inline.cleanup();
  });
});
