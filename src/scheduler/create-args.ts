import { parseArgs, splitCommandWord, tokenize } from '../core/args.ts';
import { validateArgs } from '../core/command.ts';
import type { CommandRegistry } from '../core/registry.ts';
import { UsageError } from '../errors.ts';
import { isCronField } from './when.ts';

/** What `schedule create` was given, before the time and the inner command are checked. */
export interface CreateRequest {
  when: string;
  /** The command line to run, re-quoted so it parses back to the same arguments. */
  commandText: string;
  timezone?: string;
  channel?: string;
}

const NAMED = /^([A-Za-z_][\w.-]*)=(.*)$/s;
/** Options that belong to the schedule itself, not to the command it runs. */
const SCHEDULE_OPTIONS = ['tz', 'channel'] as const;

/**
 * Splits the words after `create`: the time, tz= and channel= for the schedule, and everything
 * else as the command to run. The time is one quoted phrase, five bare cron fields, or bare words
 * up to the first command name (`create every monday at 9 forecast revenue`).
 */
export function splitCreateTokens(tokens: string[], isCommandWord: (word: string) => boolean): CreateRequest {
  const timeLength = leadingTimeLength(tokens, isCommandWord);
  const when = tokens.slice(0, timeLength).join(' ');
  const options: Record<string, string> = {};
  const commandTokens: string[] = [];
  for (const token of tokens.slice(timeLength)) {
    const match = NAMED.exec(token);
    const key = match?.[1].toLowerCase();
    if (match && key && (SCHEDULE_OPTIONS as readonly string[]).includes(key)) options[key] = match[2];
    else commandTokens.push(token);
  }
  return { when, commandText: joinTokens(commandTokens), timezone: options.tz, channel: options.channel?.replace(/^#/, '') };
}

function leadingTimeLength(tokens: string[], isCommandWord: (word: string) => boolean): number {
  if (tokens.length >= 5 && tokens.slice(0, 5).every(isCronField)) return 5;
  if (/\s/.test(tokens[0] ?? '')) return 1;
  const firstCommand = tokens.findIndex((token, i) => i > 0 && isCommandWord(token));
  return firstCommand > 0 ? firstCommand : 1;
}

/** Parses the text after the command word: "create \"every monday at 9\" forecast revenue 8w tz=Europe/Berlin". */
export function parseCreateText(argText: string, isCommandWord: (word: string) => boolean): CreateRequest {
  const [, ...tokens] = tokenize(argText);
  if (tokens.length === 0) throw new UsageError('Say when and what to run, e.g. schedule create "every monday at 9" forecast revenue 8w.');
  const request = splitCreateTokens(tokens, isCommandWord);
  if (!request.commandText) {
    throw new UsageError(`Say which command to run ${request.when ? `"${request.when}"` : ''}, e.g. schedule create "every monday at 9" forecast revenue 8w.`);
  }
  return request;
}

/** Quotes tokens holding spaces (values too: country="United Kingdom") so tokenize() reads them back unchanged. */
export function joinTokens(tokens: string[]): string {
  return tokens
    .map((token) => {
      if (!/[\s"'“”]/.test(token) && token !== '') return token;
      const match = NAMED.exec(token);
      return match ? `${match[1]}=${quote(match[2])}` : quote(token);
    })
    .join(' ');
}

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/**
 * The scheduled command must exist, be open to everyone, not be `schedule` itself, and accept its
 * arguments now: a bad line is refused at creation instead of failing every week.
 */
export function checkScheduledCommand(commands: CommandRegistry, commandText: string, byAdmin = false): string {
  const { word, rest } = splitCommandWord(commandText);
  const command = commands.find(word);
  if (!command) throw new UsageError(`"${word}" is not a command I know, so I can't schedule it. Type \`help\` for the list.`);
  if (command.adminOnly && !command.adminMaySchedule) throw new UsageError(`\`${command.name}\` is for admins only and cannot be scheduled.`);
  if (command.name === 'schedule') throw new UsageError('A schedule cannot run `schedule` itself.');
  let args: unknown;
  try {
    args = validateArgs(command, parseArgs(rest));
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`The scheduled command is not valid: ${err.message}`, command.usage);
    throw err;
  }
  if (command.adminOnly && !(byAdmin && command.adminMaySchedule?.(args))) {
    throw new UsageError(`\`${command.name}\` is for admins only and cannot be scheduled${byAdmin ? ' like this' : ' (except by an admin)'}.`, command.usage);
  }
  return command.name;
}
