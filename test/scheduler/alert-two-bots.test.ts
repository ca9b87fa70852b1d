import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { AlertScheduler } from '../../src/scheduler/alert-scheduler.ts';
import { days, importDays } from '../support/alert-orders.ts';
import { createTestApp, sameDatabaseEnv, testConfigOnBackEnd, type TestAppHandle } from '../support/app.ts';
import { testDialect } from '../support/database.ts';
import { hasRedis } from '../support/redis.ts';

const channel: Conversation = { adapter: 'test', channelId: 'CTWO', userId: 'UALICE' };

interface BotProcess {
  handle: TestAppHandle;
  alerts: AlertScheduler;
}

/** Every post of either bot, in the order they were made, with the bot that made it. */
const posted: Array<{ bot: number; conversation: Conversation; reply: Reply }> = [];

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Two bot processes (each with its BullMQ producer, workers and alert scheduler) on one Redis queue and one database. */
describe.skipIf(!hasRedis())(`two bots on one Redis and database (${testDialect})`, () => {
  let shared: Awaited<ReturnType<typeof testConfigOnBackEnd>>;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    shared = await testConfigOnBackEnd();
    const env = {
      QUEUE: 'bullmq',
      ...sameDatabaseEnv(shared.config),
      CHART_DIR: shared.config.chartDir,
      QUEUE_NAME: `test-alerts-${randomUUID()}`,
      WORKER_CONCURRENCY: '1',
    };
    for (let i = 0; i < 2; i++) {
      const handle = await createTestApp(env, { intents: false });
      const alerts = new AlertScheduler({
        alerts: handle.app.repos.alerts,
        queue: handle.app.queue,
        logger: handle.app.logger,
        adapter: 'test',
        deliver: async (conversation, reply) => void posted.push({ bot: i, conversation, reply }),
      });
      await alerts.start();
      bots.push({ handle, alerts });
    }
  }, 60_000);
  afterAll(async () => {
    for (const bot of bots) bot.alerts.stop();
    // The queue and its Redis keys go with the first; the second only closes.
    await bots[1]?.handle.app.close();
    await bots[0]?.handle.cleanup();
    await shared?.cleanup();
  });

  const allPosts = () => posted;
  const finished = async (kind: string) => (await bots[0].handle.app.database.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM job_runs WHERE kind = ? AND status IN ('completed', 'failed')", [kind]))!;

  it('post each breach and each recovery once, whoever ticks and whichever checks find them', async () => {
    const [a, b] = bots;
    await importDays(a.handle.app.database.db, a.handle.app.repos, shared.dir, days('2026-01-01', 10, (i) => (i === 9 ? 100 : 9000)));
    const [created] = await a.handle.app.bot.handle({ text: 'alert create revenue by=day below 5000', conversation: channel, via: 'command' });
    expect(created.isError, created.text).toBeUndefined();
    const id = (await b.handle.app.repos.alerts.listActive('test'))[0].id;
    expect(await a.alerts.sync()).toEqual([id]);
    expect(await b.alerts.sync()).toEqual([id]);

    // The same cron tick in both processes: one job. An import seen by each: two more checks of the same period.
    const tick = new Date('2026-01-11T08:00:00Z');
    const [fromA, fromB] = await Promise.all([a.alerts.fire(id, tick), b.alerts.fire(id, tick)]);
    expect([fromA.duplicate, fromB.duplicate].sort()).toEqual([false, true]);
    await Promise.all([a.alerts.checkAll('import', 'import-1', tick), b.alerts.checkAll('import', 'import-2', tick)]);
    await until(async () => (await finished('alert-check')).n === 3, 30_000);
    await until(() => allPosts().length >= 1, 10_000);
    await sleep(500);
    expect(allPosts()).toHaveLength(1);
    expect(allPosts()[0].reply.text).toContain(`*Alert #${id}*: daily revenue was *100* in 10 Jan 2026`);

    await importDays(a.handle.app.database.db, a.handle.app.repos, shared.dir, [{ day: '2026-01-11', revenue: 9000 }]);
    const next = new Date('2026-01-12T08:00:00Z');
    await Promise.all([a.alerts.fire(id, next), b.alerts.fire(id, next), a.alerts.checkAll('import', 'import-3', next), b.alerts.checkAll('import', 'import-4', next)]);
    await until(async () => (await finished('alert-check')).n === 6, 30_000);
    await until(() => allPosts().length >= 2, 10_000);
    await sleep(500);
    expect(allPosts().map((p) => p.reply.text.split(':')[0])).toEqual([`*Alert #${id}*`, `*Alert #${id}* is back to normal`]);
    expect((await a.handle.app.repos.alerts.events(id)).map((e) => e.kind)).toEqual(['breach', 'recovery']);
  }, 90_000);
});
