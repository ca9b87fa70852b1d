import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { AlertScheduler } from '../../src/scheduler/alert-scheduler.ts';
import { days, importDays, ordersCsv } from '../support/alert-orders.ts';
import { say, startBotApp } from '../support/bot.ts';
import type { TestAppHandle } from '../support/app.ts';

const channel: Conversation = { adapter: 'test', channelId: 'CALERTS', userId: 'UALICE' };

describe('alert checks', () => {
  let handle: TestAppHandle;
  let posts: Array<{ conversation: Conversation; reply: Reply }>;
  let alerts: AlertScheduler;

  beforeEach(async () => {
    ({ handle } = await startBotApp({ ADMIN_USER_IDS: 'UADMIN' }));
    posts = [];
    alerts = new AlertScheduler({
      alerts: handle.app.repos.alerts,
      queue: handle.app.queue,
      logger: handle.app.logger,
      deliver: async (conversation, reply) => void posts.push({ conversation, reply }),
    });
    await alerts.start();
  });
  afterEach(async () => {
    alerts.stop();
    await handle.cleanup();
  });

  const load = (rows: Parameters<typeof importDays>[3]) => importDays(handle.app.database.db, handle.app.repos, handle.dir, rows);

  async function create(text: string): Promise<number> {
    const reply = await say(handle, text, channel);
    expect(reply.isError, reply.text).toBeUndefined();
    return (await handle.app.repos.alerts.listForChannel(channel.channelId)).at(-1)!.id;
  }

  /** Checks every alert as of `asOf` and waits for the posts. */
  async function check(asOf: number, key: string): Promise<void> {
    const queued = await alerts.checkAll('manual', key, new Date(asOf));
    await handle.app.queue.whenIdle();
    expect((await handle.app.repos.jobRuns.get(queued.jobId))?.status).toBe('completed');
  }

  it('posts a breach once with a chart, stays quiet while breached, then says back to normal once', async () => {
    // 30 days at 8,000 a day, then two days at 3,000, then back at 8,000.
    await load(days('2026-01-01', 30, () => 8000));
    const id = await create('alert create revenue by=day below 5k');
    await check(Date.parse('2026-01-31T06:00:00Z'), 'a');
    expect(posts).toEqual([]);

    await load(days('2026-01-31', 2, () => 3000));
    await check(Date.parse('2026-02-01T06:00:00Z'), 'b');
    expect(posts).toHaveLength(1);
    expect(posts[0].conversation).toEqual({ adapter: 'test', channelId: 'CALERTS', userId: 'UALICE' });
    expect(posts[0].reply.text).toContain(`*Alert #${id}*`);
    expect(posts[0].reply.text).toContain('3,000');
    expect(posts[0].reply.text).toContain('31 Jan 2026');
    expect(posts[0].reply.text).toMatch(/below the threshold of 5,000/);
    expect(posts[0].reply.charts).toHaveLength(1);
    expect(existsSync(posts[0].reply.charts![0].path)).toBe(true);

    // The next day is still below: no second post. Checking the same data again: nothing either.
    await check(Date.parse('2026-02-02T06:00:00Z'), 'c');
    await check(Date.parse('2026-02-02T07:00:00Z'), 'd');
    expect(posts).toHaveLength(1);

    await load(days('2026-02-02', 2, () => 8000));
    await check(Date.parse('2026-02-03T06:00:00Z'), 'e');
    expect(posts).toHaveLength(2);
    expect(posts[1].reply.text).toMatch(new RegExp(`^\\*Alert #${id}\\* is back to normal: daily revenue was 8,000 in 2 Feb 2026`));
    await check(Date.parse('2026-02-04T06:00:00Z'), 'f');
    expect(posts).toHaveLength(2);

    const events = await handle.app.repos.alerts.events(id);
    expect(events.map((e) => [e.kind, e.periodStart])).toEqual([
      ['breach', '2026-01-31'],
      ['recovery', '2026-02-02'],
    ]);
    expect((await handle.app.repos.alerts.get(id))!.state).toBe('normal');
  });

  it('change alerts compare with the previous week; a paused alert is not checked', async () => {
    // Mondays 2026-01-05 … : six weeks at 7 × 1,000, then a week at 7 × 700 (−30 %).
    await load(days('2026-01-05', 42, () => 1000));
    await load(days('2026-02-16', 7, () => 700));
    const drop = await create('alert create revenue by=week drops more than 20 % vs the previous week');
    const rise = await create('alert create orders weekly rises more than 10 %');
    const paused = await create('alert create revenue by=week below 100000');
    await say(handle, `alert pause ${paused}`, channel);
    await check(Date.parse('2026-02-23T08:00:00Z'), 'w');
    expect(posts.map((p) => p.reply.text.split(':')[0])).toEqual([`*Alert #${drop}*`]);
    expect(posts[0].reply.text).toContain('down 30.0 % from 7,000 in the week of 9 Feb 2026');
    const states = Object.fromEntries((await handle.app.repos.alerts.listForChannel(channel.channelId)).map((a) => [a.id, [a.state, a.lastPeriod]]));
    expect(states).toEqual({ [drop]: ['breached', '2026-02-16'], [rise]: ['normal', '2026-02-16'], [paused]: ['normal', null] });
  });

  it('anomaly alerts hold the period against the forecast from the history before it', async () => {
    // A weekly rhythm (weekends lower) with small noise, then a day at a third of its usual value.
    const rhythm = [1.1, 1.05, 1, 1, 0.95, 0.7, 0.8];
    const noise = (i: number) => 1 + 0.03 * Math.sin(i * 1.7);
    await load(days('2026-01-05', 84, (i) => Math.round(5000 * rhythm[i % 7] * noise(i))));
    const id = await create('alert create revenue by=day anomaly');
    await check(Date.parse('2026-03-30T00:00:00Z'), 'normal-stretch');
    expect(posts).toEqual([]);
    expect((await handle.app.repos.alerts.get(id))!.lastPeriod).toBe('2026-03-29');

    await load([{ day: '2026-03-30', revenue: 1700 }]);
    await check(Date.parse('2026-03-31T00:00:00Z'), 'anomaly');
    expect(posts).toHaveLength(1);
    expect(posts[0].reply.text).toMatch(/was \*1,700\* in 30 Mar 2026, below the forecast's 95 % range of [\d,]+ – [\d,]+ \(expected [\d,]+\)/);
  });

  it('two checks of the same period post the breach once', async () => {
    await load(days('2026-01-01', 10, (i) => (i === 9 ? 100 : 9000)));
    await create('alert create revenue by=day below 5000');
    const asOf = Date.parse('2026-01-11T06:00:00Z');
    await Promise.all([alerts.checkAll('manual', 'one', new Date(asOf)), alerts.checkAll('import', 'two', new Date(asOf))]);
    await handle.app.queue.whenIdle();
    expect(posts).toHaveLength(1);
  });

  it('runs the checks after every import', async () => {
    await load(days('2026-01-01', 10, () => 9000));
    await create('alert create revenue by=day below 5000');
    const file = ordersCsv(handle.dir, days('2026-01-11', 1, () => 10));
    const [reply] = await handle.app.bot.handle({ text: `import orders ${file}`, conversation: { ...channel, userId: 'UADMIN' }, via: 'console' });
    expect(reply.job?.name, reply.text).toBe('import');
    // The import, then the check it triggers.
    await handle.app.queue.whenIdle();
    await handle.app.queue.whenIdle();
    expect(posts).toHaveLength(1);
    expect(posts[0].reply.text).toContain('11 Jan 2026');
  });

});
