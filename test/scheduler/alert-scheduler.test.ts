import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { AlertScheduler } from '../../src/scheduler/alert-scheduler.ts';
import { days, importDays } from '../support/alert-orders.ts';
import { say, startBotApp } from '../support/bot.ts';
import type { TestAppHandle } from '../support/app.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const channel: Conversation = { adapter: 'test', channelId: 'CSCHED', userId: 'UALICE' };

/** node-cron and the scheduler run on vitest's fake clock; jobs run on the inline queue against real SQLite. */
describe('alert scheduler on a fake clock', () => {
  let handle: TestAppHandle;
  let scheduler: AlertScheduler | undefined;
  let posts: Array<{ conversation: Conversation; reply: Reply }>;

  beforeEach(async () => {
    // No intent model: its refresh timer would tick on the fake clock too.
    ({ handle } = await startBotApp({}, { intents: false }));
    await importDays(handle.app.database.db, handle.app.repos, handle.dir, days('2026-01-01', 20, () => 9000));
    posts = [];
  });
  afterEach(async () => {
    scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
    await handle.cleanup();
  });

  /** Starts the scheduler with the clock at `now`; the alerts table is read once (sync every 20 days: Node timers reach 24.8 days at most). */
  async function startAt(now: string): Promise<void> {
    vi.useFakeTimers({ now: Date.parse(now), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    scheduler = new AlertScheduler({
      alerts: handle.app.repos.alerts,
      queue: handle.app.queue,
      logger: handle.app.logger,
      deliver: async (conversation, reply) => void posts.push({ conversation, reply }),
      syncIntervalMs: 20 * DAY,
    });
    await scheduler.start();
  }

  async function advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    await handle.app.queue.whenIdle();
  }

  /** When each alert's checks were queued (the `asOf` of its alert-check jobs), in UTC. */
  function checkTimes(): Record<number, string[]> {
    const rows = handle.app.database.sqlite!.prepare("SELECT args FROM job_runs WHERE kind = 'alert-check' ORDER BY created_at, id").all() as Array<{ args: string }>;
    const out: Record<number, string[]> = {};
    for (const { args } of rows) {
      const payload = JSON.parse(args) as { alertIds: number[]; asOf: number };
      for (const id of payload.alertIds) (out[id] ??= []).push(new Date(payload.asOf).toISOString().slice(0, 16));
    }
    return out;
  }

  async function create(text: string): Promise<number> {
    const reply = await say(handle, text, channel);
    expect(reply.isError, reply.text).toBeUndefined();
    return (await handle.app.repos.alerts.listForChannel(channel.channelId)).at(-1)!.id;
  }

  it.each([
    ['Europe/Berlin', 'spring', '2026-03-27T12:00:00Z', ['2026-03-28T07:00', '2026-03-29T06:00', '2026-03-30T06:00']],
    ['Europe/Berlin', 'autumn', '2026-10-23T12:00:00Z', ['2026-10-24T06:00', '2026-10-25T07:00', '2026-10-26T07:00']],
    ['America/New_York', 'spring', '2026-03-06T18:00:00Z', ['2026-03-07T13:00', '2026-03-08T12:00', '2026-03-09T12:00']],
    ['America/New_York', 'autumn', '2026-10-30T18:00:00Z', ['2026-10-31T12:00', '2026-11-01T13:00', '2026-11-02T13:00']],
  ])('daily checks stay at 08:00 in %s across the %s DST change', async (zone, _season, start, expected) => {
    const id = await create(`alert create revenue by=day below 5000 tz=${zone}`);
    await startAt(start);
    await advance(3 * DAY);
    expect(checkTimes()).toEqual({ [id]: expected });
  });

  it('weekly checks run on Monday 08:00 local time, before and after the change', async () => {
    const id = await create('alert create revenue by=week below 5000 tz=America/New_York');
    await startAt('2026-02-25T00:00:00Z');
    await advance(21 * DAY);
    expect(checkTimes()).toEqual({ [id]: ['2026-03-02T13:00', '2026-03-09T12:00', '2026-03-16T12:00'] });
  });

  it('posts once per breach and once per recovery as the days go by', async () => {
    const id = await create('alert create revenue by=day below 5000 tz=UTC');
    await startAt('2026-01-21T00:00:00Z');
    const load = (day: string, revenue: number) => importDays(handle.app.database.db, handle.app.repos, handle.dir, [{ day, revenue }]);

    await advance(DAY); // 21 Jan 08:00: 20 Jan was normal
    expect(posts).toEqual([]);
    await load('2026-01-21', 1200);
    await advance(DAY); // 22 Jan: 21 Jan breached
    expect(posts.map((p) => p.reply.text.split(':')[0])).toEqual([`*Alert #${id}*`]);
    await advance(DAY); // 23 Jan: no new data, the same period
    await load('2026-01-23', 900);
    await advance(DAY); // 24 Jan: 23 Jan still low
    expect(posts).toHaveLength(1);
    await load('2026-01-24', 8800);
    await advance(DAY); // 25 Jan: 24 Jan normal again
    await advance(2 * DAY);
    expect(posts.map((p) => p.reply.text.split(':')[0])).toEqual([`*Alert #${id}*`, `*Alert #${id}* is back to normal`]);
    expect(posts[1].reply.text).toContain('24 Jan 2026');
    expect(checkTimes()[id]).toHaveLength(7);
  });

  it('a paused or deleted alert is no longer scheduled once the table is read again', async () => {
    const kept = await create('alert create revenue by=day below 5000');
    const paused = await create('alert create orders by=day below 5');
    const deleted = await create('alert create orders by=week below 5');
    await startAt('2026-05-01T00:00:00Z');
    expect(scheduler!.scheduledIds()).toEqual([kept, paused, deleted]);
    await say(handle, `alert pause ${paused}`, channel);
    await say(handle, `alert delete ${deleted}`, channel);
    expect(await scheduler!.sync()).toEqual([kept]);
  });
});
