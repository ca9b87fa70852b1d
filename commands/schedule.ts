import { z } from 'zod';
import { defineCommand, rawArgs, type CommandContext } from '../src/core/command.ts';
import type { RawArgs } from '../src/core/args.ts';
import type { CommandRegistry } from '../src/core/registry.ts';
import { NotAllowedError, UsageError } from '../src/errors.ts';
import { checkScheduledCommand, parseCreateText } from '../src/scheduler/create-args.ts';
import { createdReply, deletedReply, listReply } from '../src/scheduler/replies.ts';
import { isValidTimezone } from '../src/scheduler/timing.ts';
import { parseWhen, type ParsedWhen } from '../src/scheduler/when.ts';

const USAGE = 'schedule create "<when>" <command> [tz=<IANA zone>] | schedule list | schedule delete <id>';

type ScheduleArgs =
  | { action: 'create'; text: string }
  | { action: 'list' }
  | { action: 'delete'; id: number };

const ACTIONS: Record<string, ScheduleArgs['action']> = {
  create: 'create', add: 'create', new: 'create',
  list: 'list', ls: 'list',
  delete: 'delete', remove: 'delete', rm: 'delete', cancel: 'delete',
};

function parseScheduleArgs(raw: RawArgs): ScheduleArgs {
  const word = raw.positional[0]?.toLowerCase();
  const action = word === undefined ? 'list' : ACTIONS[word];
  if (!action) throw new UsageError(`"${word}" is not something schedule does: use create, list or delete.`);
  if (action === 'list') return { action };
  if (action === 'delete') {
    const id = raw.positional[1]?.replace(/^#/, '');
    if (!id || !/^\d+$/.test(id)) throw new UsageError('Say which schedule to delete by its number, e.g. `schedule delete 3` (see `schedule list`).');
    return { action, id: Number(id) };
  }
  // Splitting the time from the command needs the command names, so create is read in run().
  return { action, text: raw.text };
}

/** Input problems become zod issues, so the reply carries the usage line like every other command's. */
const scheduleArgs = rawArgs.transform((raw, ctx): ScheduleArgs => {
  try {
    return parseScheduleArgs(raw);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: err.message });
    return z.NEVER;
  }
});

interface CheckedCreate {
  when: ParsedWhen;
  commandText: string;
  timezone?: string;
  channel?: string;
}

/** Every problem with a create is the person's to fix: reported with the usage line, nothing stored. */
function checkCreate(text: string, commands: CommandRegistry, byAdmin: boolean): CheckedCreate {
  try {
    const request = parseCreateText(text, (word) => commands.find(word) !== undefined);
    const when = parseWhen(request.when);
    const timezone = request.timezone ?? when.timezone;
    if (timezone !== undefined && !isValidTimezone(timezone)) {
      throw new UsageError(`"${timezone}" is not a timezone I know: use an IANA name such as Europe/Berlin or America/New_York.`);
    }
    checkScheduledCommand(commands, request.commandText, byAdmin);
    return { when, commandText: request.commandText, timezone, channel: request.channel };
  } catch (err) {
    if (err instanceof UsageError && !err.usage) throw new UsageError(err.message, USAGE);
    throw err;
  }
}

async function create(ctx: CommandContext<Extract<ScheduleArgs, { action: 'create' }>>) {
  const { args, message, repos, config, commands, isAdmin } = ctx;
  const checked = checkCreate(args.text, commands, isAdmin);
  const schedule = await repos.schedules.create({
    commandText: checked.commandText,
    cron: checked.when.cron,
    timezone: checked.timezone ?? config.defaultTimezone,
    channelId: checked.channel ?? message.conversation.channelId,
    adapter: message.conversation.adapter,
    createdBy: message.conversation.userId,
  });
  return { reply: createdReply(schedule, new Date()) };
}

async function remove(ctx: CommandContext<Extract<ScheduleArgs, { action: 'delete' }>>) {
  const { args, repos, message, isAdmin } = ctx;
  const schedule = await repos.schedules.get(args.id);
  if (!schedule || !schedule.active) throw new UsageError(`There is no schedule #${args.id}. See \`schedule list\` for this channel's schedules.`);
  if (schedule.createdBy !== message.conversation.userId && !isAdmin) {
    throw new NotAllowedError(`Schedule #${args.id} belongs to ${schedule.createdBy}: only they or an admin can delete it.`);
  }
  await repos.schedules.deactivate(schedule.id);
  return { reply: deletedReply(schedule) };
}

export const scheduleCommand = defineCommand({
  name: 'schedule',
  aliases: ['schedules'],
  summary: 'Run a command on a schedule and post its result here (digests)',
  usage: USAGE,
  examples: [
    'schedule create "every monday at 9" forecast revenue 8w',
    'schedule create "0 9 * * 1" segment',
    'schedule create "weekdays 7:30" segment tz=Europe/Berlin',
    'schedule list',
    'schedule delete 3',
  ],
  intents: ['schedule.create', 'schedule.list', 'schedule.delete'],
  args: scheduleArgs,
  makesLastingChange: (args) => args.action !== 'list',
  async run(ctx) {
    const { args } = ctx;
    if (args.action === 'create') return create({ ...ctx, args });
    if (args.action === 'delete') return remove({ ...ctx, args });
    return { reply: listReply(await ctx.repos.schedules.listActive(ctx.message.conversation.channelId), new Date()) };
  },
});
