import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { openDatabase, type SqliteHandle } from '../../src/db/client.ts';
import type { IncomingMessage } from '../../src/core/conversation.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';

const DAY = 86_400_000;

/** The digest scheduler (node-cron in each schedule's time zone) on vitest's fake clock, firing into a recording bot. */
describe('scheduled digests keep their local time across DST changes', () => {
  let handle: SqliteHandle;
  let repos: Repositories;
  let scheduler: Scheduler | undefined;
  let fired: Array<{ at: string; message: IncomingMessage }>;

  beforeEach(() => {
    handle = openDatabase(':memory:');
    repos = createRepositories(handle.db);
    fired = [];
  });
  afterEach(() => {
    scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
    handle.close();
  });

  it('makes up a run that fell between the schedule being created and being read, once', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-02T02:17:40Z'), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    scheduler = new Scheduler({
      repos,
      bot: { handle: async (message) => (fired.push({ at: new Date().toISOString().slice(0, 16), message }), []) },
      logger: pino({ level: 'silent' }),
      syncIntervalMs: 30_000,
    });
    await scheduler.start();
    await repos.schedules.create({ commandText: 'segment', cron: '18 2 * * *', timezone: 'UTC', channelId: 'C1', adapter: 'test', createdBy: 'U1' });
    // The database stamps rows with the real clock; this one was created at the fake 02:17:40.
    handle.sqlite.prepare('UPDATE schedules SET created_at = ?').run(Date.now());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fired.map((f) => [f.at, f.message.eventId])).toEqual([['2026-12-02T02:18', expect.stringMatching(/^schedule-\d+-202612020218$/)]]);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(fired.map((f) => f.at)).toEqual(['2026-12-02T02:18', '2026-12-03T02:18']);
  });

  it.each([
    ['Europe/Berlin', '0 9 * * *', '2026-03-27T12:00:00Z', ['2026-03-28T08:00', '2026-03-29T07:00', '2026-03-30T07:00']],
    ['Europe/Berlin', '0 9 * * *', '2026-10-23T12:00:00Z', ['2026-10-24T07:00', '2026-10-25T08:00', '2026-10-26T08:00']],
    ['America/New_York', '0 9 * * *', '2026-03-06T18:00:00Z', ['2026-03-07T14:00', '2026-03-08T13:00', '2026-03-09T13:00']],
    ['America/New_York', '0 9 * * *', '2026-10-30T18:00:00Z', ['2026-10-31T13:00', '2026-11-01T14:00', '2026-11-02T14:00']],
  ])('%s, %s from %s fires at 09:00 local time', async (timezone, cron, start, expected) => {
    await repos.schedules.create({ commandText: 'forecast revenue 4w', cron, timezone, channelId: 'C1', adapter: 'test', createdBy: 'U1' });
    vi.useFakeTimers({ now: Date.parse(start), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    scheduler = new Scheduler({
      repos,
      bot: { handle: async (message) => (fired.push({ at: new Date().toISOString().slice(0, 16), message }), []) },
      logger: pino({ level: 'silent' }),
      syncIntervalMs: 20 * DAY,
    });
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(fired.map((f) => f.at)).toEqual(expected);
    expect(fired.every((f) => f.message.via === 'schedule' && f.message.text === 'forecast revenue 4w')).toBe(true);
  });
});
