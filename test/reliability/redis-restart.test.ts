import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Reply } from '../../src/core/reply.ts';
import { QUEUE_UNAVAILABLE_MESSAGE } from '../../src/queue/bullmq-queue.ts';
import { freePort } from '../adapters/slack/support.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { spawnScript, type PulseProcess } from '../support/fake-slack-process.ts';
import { testCommands, testJobsModule } from '../support/test-jobs.ts';
import { haveRedisServer, OwnRedis } from './redis-server.ts';

const WORKER = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));
const ACCEPTED = 12;

/**
 * A bot (no workers) and a `pulse worker` process on a Redis of the test's own (AOF on). Jobs are
 * queued and running when Redis is killed; while it is down the bot answers help and refuses queued
 * work with "try again in a minute" (no phantom job); after the restart every accepted job completes
 * and is delivered once.
 */
describe.skipIf(!haveRedisServer)('Redis killed and restarted under load', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-redis-restart-'));
  let redis: OwnRedis | undefined;
  let handle: TestAppHandle | undefined;
  let worker: PulseProcess | undefined;
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await handle?.cleanup().catch(() => {});
    await redis?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering, refuses clearly while down, and completes every job accepted before', async () => {
    redis = new OwnRedis(await freePort(), dir);
    await redis.start();
    handle = await createTestApp({ QUEUE: 'bullmq', WORKER_CONCURRENCY: '0', REDIS_URL: redis.url }, { commands: testCommands, jobsModule: testJobsModule, intents: false, inProcessWorkers: false });
    const updates: JobUpdate[] = [];
    handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
    worker = spawnScript(WORKER, [], { DATABASE_PATH: handle.config.databasePath, CHART_DIR: handle.config.chartDir, QUEUE_NAME: handle.config.queueName, REDIS_URL: redis.url, WORKER_CONCURRENCY: '2' }, handle.dir);
    await worker.waitForLog(/worker ready/, 60_000);
    const say = async (text: string): Promise<{ reply: Reply; ms: number }> => {
      const started = performance.now();
      const [reply] = await handle!.app.bot.handle({ text, conversation: { adapter: 'test', channelId: 'C1', userId: 'U1' }, via: 'command' });
      return { reply, ms: performance.now() - started };
    };

    const accepted: string[] = [];
    for (let i = 0; i < ACCEPTED; i++) {
      const { reply } = await say('spin 700');
      expect(reply.job).toBeDefined();
      accepted.push(reply.job!.id);
    }
    // Some are running, most still wait in Redis.
    while (!(await handle.app.repos.jobRuns.latest({ status: 'running' })).length) await sleep(20);
    await redis.kill('SIGKILL');

    const whileDown: Array<{ text: string; reply: Reply; ms: number }> = [];
    const downUntil = Date.now() + 4_000;
    while (Date.now() < downUntil) {
      for (const text of ['help', 'spin 100']) whileDown.push({ text, ...(await say(text)) });
      await sleep(100);
    }
    const runsBefore = (await handle.app.repos.jobRuns.latest({ limit: 1000 })).length;
    await redis.start();

    await handle.app.queue.whenIdle();
    await sleep(1_500); // room for a second delivery
    const finals = updates.filter((u) => u.status !== 'progress');
    expect(finals.filter((u) => u.status === 'completed').map((u) => u.jobId).sort()).toEqual([...accepted].sort()); // each once
    expect(finals).toHaveLength(ACCEPTED);
    const runs = await handle.app.repos.jobRuns.latest({ limit: 1000 });
    expect(runs).toHaveLength(ACCEPTED); // no phantom job from the refused commands
    expect(runsBefore).toBe(ACCEPTED);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);

    const helps = whileDown.filter((d) => d.text === 'help');
    const refused = whileDown.filter((d) => d.text !== 'help');
    expect(helps.length).toBeGreaterThan(3);
    expect(helps.every((d) => !d.reply.isError && /Pulse/.test(d.reply.text))).toBe(true);
    expect(refused.every((d) => d.reply.isError && d.reply.text === QUEUE_UNAVAILABLE_MESSAGE && !d.reply.job)).toBe(true);
    const slowest = Math.max(...whileDown.map((d) => d.ms));
    expect(slowest).toBeLessThan(3_000);

    const after = await say('spin 50'); // works again
    expect(after.reply.job).toBeDefined();
    await handle.app.queue.whenIdle();
    expect(worker.alive()).toBe(true);
    const attempts = runs.map((r) => r.attempts);
    console.info(
      `Redis restart: ${ACCEPTED} jobs accepted before, all completed and delivered once (attempts ${Math.min(...attempts)}–${Math.max(...attempts)}); while down ${helps.length} help answered, ${refused.length} refused, slowest reply ${Math.round(slowest)} ms, 0 phantom jobs`,
    );
  }, 120_000);
});
