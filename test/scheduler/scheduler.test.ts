import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleCommand } from '../../commands/schedule.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { jobRegistry, testCommands } from '../support/test-jobs.ts';

const commands = new CommandRegistry([scheduleCommand, ...testCommands.commands]);
const alice: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UALICE' };

describe('Scheduler', () => {
  let handle: TestAppHandle;
  let scheduler: Scheduler;
  let delivered: Array<{ conversation: Conversation; reply: Reply }>;
  let jobUpdates: JobUpdate[];

  beforeEach(async () => {
    handle = await createTestApp({ QUEUE: 'inline' }, { commands, jobs: jobRegistry, executor: 'in-process' });
    delivered = [];
    jobUpdates = [];
    handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void jobUpdates.push(update) });
    scheduler = new Scheduler({
      repos: handle.app.repos,
      bot: handle.app.bot,
      logger: handle.app.logger,
      deliver: async (conversation, reply) => void delivered.push({ conversation, reply }),
    });
  });
  afterEach(async () => {
    scheduler.stop();
    await handle.cleanup();
  });

  async function createSchedule(text: string): Promise<number> {
    const [reply] = await handle.app.bot.handle({ text, conversation: alice, via: 'command' });
    expect(reply.isError).toBeUndefined();
    return (await handle.app.repos.schedules.listActive()).at(-1)!.id;
  }

  it('stores a command carrying NUL, which PostgreSQL text cannot hold, with U+FFFD in its place', async () => {
    const id = await createSchedule('schedule create "0 9 * * 1" help spin\u0000');
    expect((await handle.app.repos.schedules.get(id))!.commandText).toBe('help spin\uFFFD');
  });

  it('fires a schedule as its creator in its channel, delivers the direct reply and marks the run', async () => {
    const id = await createSchedule('schedule create "0 9 * * 1" help spin');
    const at = new Date('2026-11-30T09:00:00Z');
    const replies = await scheduler.fire(id, at);
    expect(replies).toHaveLength(1);
    expect(delivered).toEqual([{ conversation: alice, reply: replies[0] }]);
    expect(replies[0].text).toContain('spin');
    expect((await handle.app.repos.schedules.get(id))!.lastRunAt).toBe(at.getTime());
    const audit = await handle.app.database.db.all("select source, text from audit_log where source = 'test:schedule'");
    expect(audit).toEqual([{ source: 'test:schedule', text: 'help spin' }]);
  });

  it('runs the same minute once, however often it is fired', async () => {
    const id = await createSchedule('schedule create "0 9 * * 1" help');
    expect(await scheduler.fire(id, new Date('2026-11-30T09:00:00.000Z'))).toHaveLength(1);
    expect(await scheduler.fire(id, new Date('2026-11-30T09:00:59.999Z'))).toEqual([]);
    expect(delivered).toHaveLength(1);
    expect(await scheduler.fire(id, new Date('2026-12-07T09:00:00Z'))).toHaveLength(1);
    expect(delivered).toHaveLength(2);
  });

  it('queues job commands without posting the acknowledgement; the result reaches the adapter', async () => {
    const id = await createSchedule('schedule create "every monday at 9" spin 5');
    const [ack] = await scheduler.fire(id, new Date('2026-11-30T09:00:00Z'));
    expect(ack.job?.name).toBe('spin');
    await handle.app.queue.whenIdle();
    expect(delivered).toEqual([]);
    expect(jobUpdates.find((u) => u.status === 'completed')).toMatchObject({ jobId: ack.job!.id, name: 'spin' });
  });

  it('does not fire deleted schedules', async () => {
    const id = await createSchedule('schedule create "0 9 * * 1" help');
    await handle.app.bot.handle({ text: `schedule delete ${id}`, conversation: alice, via: 'command' });
    expect(await scheduler.fire(id, new Date('2026-11-30T09:00:00Z'))).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it('start registers a task per active schedule and sync follows creates and deletes', async () => {
    const first = await createSchedule('schedule create "0 9 * * 1" help');
    await scheduler.start();
    expect(scheduler.scheduledIds()).toEqual([first]);
    const second = await createSchedule('schedule create "weekdays 7:30" help tz=Asia/Tokyo');
    expect(await scheduler.sync()).toEqual([first, second]);
    await handle.app.bot.handle({ text: `schedule delete ${first}`, conversation: alice, via: 'command' });
    expect(await scheduler.sync()).toEqual([second]);
    scheduler.stop();
    expect(scheduler.scheduledIds()).toEqual([]);
  });

  it('runs only the schedules of its own adapter when given one', async () => {
    const id = await createSchedule('schedule create "0 9 * * 1" help');
    const slackOnly = new Scheduler({ repos: handle.app.repos, bot: handle.app.bot, logger: handle.app.logger, adapter: 'slack' });
    const testOnly = new Scheduler({ repos: handle.app.repos, bot: handle.app.bot, logger: handle.app.logger, adapter: 'test' });
    expect(await slackOnly.sync()).toEqual([]);
    expect(await testOnly.sync()).toEqual([id]);
    testOnly.stop();
  });
});
