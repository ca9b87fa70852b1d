import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { helpCommand } from '../../commands/help.ts';
import { scheduleCommand } from '../../commands/schedule.ts';
import { defineCommand, rawArgs } from '../../src/core/command.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';

/** A stand-in admin-only command: only its adminOnly flag matters here. */
const purgeCommand = defineCommand({
  name: 'purge',
  summary: 'admin-only test command',
  usage: 'purge',
  examples: ['purge'],
  adminOnly: true,
  args: rawArgs,
  run: () => ({ reply: { text: 'purged' } }),
});

const commands = new CommandRegistry([scheduleCommand, helpCommand, purgeCommand]);
const alice: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UALICE' };
const bob: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UBOB' };
const admin: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UADMIN' };

describe('schedule command', () => {
  let handle: TestAppHandle;
  beforeEach(async () => {
    handle = await createTestApp(
      { QUEUE: 'inline', ADMIN_USER_IDS: 'UADMIN', DEFAULT_TIMEZONE: 'America/New_York' },
      { commands, executor: 'in-process' },
    );
  });
  afterEach(async () => handle.cleanup());

  const say = async (conversation: Conversation, text: string) => {
    const [reply] = await handle.app.bot.handle({ text, conversation, via: 'command' });
    return reply;
  };
  const stored = () => handle.app.repos.schedules.listActive();

  it('creates a schedule from a cron, with the default timezone, and replies with id, description and next run', async () => {
    const reply = await say(alice, 'schedule create "0 9 * * 1" help');
    expect(reply.isError).toBeUndefined();
    const [schedule] = (await stored());
    expect(schedule).toMatchObject({ cron: '0 9 * * 1', commandText: 'help', timezone: 'America/New_York', channelId: 'C1', adapter: 'test', createdBy: 'UALICE' });
    expect(reply.text).toContain(`#${schedule.id}`);
    expect(reply.text).toContain('at 09:00, only on Monday');
    expect(reply.text).toMatch(/Next run: \*Mon \d+ \w+ \d{4}, 09:00 America\/New_York\*/);
  });

  it('creates a schedule from a phrase with tz=, keeping the inner command arguments', async () => {
    await say(alice, 'schedule create "weekdays 7:30" help forecast tz=Europe/Berlin');
    expect((await stored())).toMatchObject([{ cron: '30 7 * * 1-5', timezone: 'Europe/Berlin', commandText: 'help forecast' }]);
  });

  it('reads an unquoted phrase up to the command, and a timezone named in the phrase', async () => {
    await say(alice, 'schedule create first of the month at 8 London time help');
    expect((await stored())).toMatchObject([{ cron: '0 8 1 * *', timezone: 'Europe/London', commandText: 'help' }]);
  });

  it('rejects a bad cron, an unreadable phrase or an unknown timezone, storing nothing', async () => {
    for (const [text, problem] of [
      ['schedule create "61 9 * * *" help', /not a valid cron/],
      ['schedule create "whenever you like" help', /can't read "whenever you like"/],
      ['schedule create "every monday at 9" help tz=Mars/Olympus', /"Mars\/Olympus" is not a timezone/],
    ] as const) {
      const reply = await say(alice, text);
      expect(reply.isError).toBe(true);
      expect(reply.text).toMatch(problem);
      expect(reply.text).toContain('Usage: schedule create');
    }
    expect((await stored())).toEqual([]);
  });

  it('rejects an unknown, admin-only or badly argued inner command at creation', async () => {
    expect((await say(alice, 'schedule create "0 9 * * 1" frobnicate')).text).toMatch(/"frobnicate" is not a command I know/);
    expect((await say(admin, 'schedule create "0 9 * * 1" purge')).text).toMatch(/admins only and cannot be scheduled/);
    const badArgs = await say(alice, 'schedule create "0 9 * * 1" help forecast segment');
    expect(badArgs.text).toMatch(/scheduled command is not valid: help takes at most one command name/);
    expect(badArgs.text).toContain('Usage: help [command]');
    expect((await stored())).toEqual([]);
  });

  it("lists this channel's active schedules", async () => {
    await say(alice, 'schedule create "every monday at 9" help');
    await say(bob, 'schedule create "0 18 * * 5" help schedule tz=Asia/Tokyo');
    await say({ ...alice, channelId: 'C2' }, 'schedule create "0 9 * * *" help');
    const reply = await say(bob, 'schedule list');
    const table = reply.tables![0];
    expect(table.columns).toEqual(['id', 'when', 'timezone', 'command', 'created by', 'next run']);
    expect(table.rows.map((row) => row.slice(1, 5))).toEqual([
      ['At 09:00, only on Monday', 'America/New_York', 'help', 'UALICE'],
      ['At 18:00, only on Friday', 'Asia/Tokyo', 'help schedule', 'UBOB'],
    ]);
    expect(String(table.rows[1][5])).toMatch(/^Fri .* 18:00 Asia\/Tokyo$/);
  });

  it('deletes own schedules, refuses others, lets admins delete any, and names unknown ids', async () => {
    await say(alice, 'schedule create "0 9 * * 1" help');
    await say(alice, 'schedule create "0 10 * * 1" help');
    const [first, second] = (await stored());

    const refused = await say(bob, `schedule delete ${first.id}`);
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/only they or an admin can delete it/);
    expect((await stored())).toHaveLength(2);

    expect((await say(alice, `schedule delete ${first.id}`)).text).toContain(`Deleted schedule *#${first.id}*`);
    expect((await say(admin, `schedule delete ${second.id}`)).text).toContain(`Deleted schedule *#${second.id}*`);
    expect((await stored())).toEqual([]);

    expect((await say(alice, `schedule delete ${first.id}`)).text).toMatch(new RegExp(`no schedule #${first.id}`));
    expect((await say(alice, 'schedule delete 999')).text).toMatch(/no schedule #999/);
    expect((await say(alice, 'schedule delete soon')).text).toMatch(/by its number/);
  });
});
