import { z } from 'zod';
import type { Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import type { Repositories } from '../repos/index.ts';
import type { RawArgs } from './args.ts';
import type { IncomingMessage } from './conversation.ts';
import type { Reply } from './reply.ts';
import type { IntentService } from './intents.ts';
import type { CommandRegistry } from './registry.ts';

/** Everything a command handler may use: one args object, as in bolt-js listeners. */
export interface CommandContext<A> {
  args: A;
  message: IncomingMessage;
  isAdmin: boolean;
  repos: Repositories;
  config: Config;
  commands: CommandRegistry;
  intents?: IntentService;
}

export interface JobRequest {
  job: string;
  payload: unknown;
  /** First answer, sent at once (Slack's 3-second rule). */
  ack: string;
  /** Idempotency: the same id never runs twice while the first is kept. */
  jobId?: string;
}

export type CommandOutcome = { reply: Reply } | { enqueue: JobRequest };

export type ArgsSchema<A> = z.ZodType<A, z.ZodTypeDef, RawArgs>;

export interface CommandDefinition<A = any> {
  name: string;
  aliases?: string[];
  summary: string;
  usage: string;
  examples: string[];
  adminOnly?: boolean;
  /** Intent names (NLU) that map to this command. */
  intents?: string[];
  /**
   * True when these arguments create, change or delete something lasting (a schedule, an alert, a
   * model): understood from plain language, the bot then shows the command and asks for a yes first.
   */
  makesLastingChange?(args: A): boolean;
  /**
   * Admin-only commands are not scheduled, except when this says yes for the arguments and an admin
   * creates the schedule (an import from a named source: nothing to share, no person needed).
   */
  adminMaySchedule?(args: A): boolean;
  args: ArgsSchema<A>;
  run(ctx: CommandContext<A>): Promise<CommandOutcome> | CommandOutcome;
}

export function defineCommand<A>(definition: CommandDefinition<A>): CommandDefinition<A> {
  return definition;
}

/** Validates raw arguments against a command's schema; every problem in one UsageError. */
export function validateArgs<A>(command: CommandDefinition<A>, raw: RawArgs): A {
  const parsed = command.args.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.filter((p) => p !== 'named' && p !== 'positional').join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  throw new UsageError(problems.join('; '), command.usage);
}

/** The shape every command's argument schema starts from. */
export const rawArgs = z.object({
  positional: z.array(z.string()),
  named: z.record(z.string()),
  text: z.string(),
});

/** Schema helpers shared by commands. */
export const argSchemas = {
  /** Rejects key=value names a command does not know, listing the ones it does. */
  knownNames(allowed: string[], prefixes: string[] = []) {
    return (raw: RawArgs, ctx: z.RefinementCtx) => {
      for (const key of Object.keys(raw.named)) {
        if (allowed.includes(key) || prefixes.some((p) => key.startsWith(`${p}.`))) continue;
        const known = [...allowed, ...prefixes.map((p) => `${p}.<name>`)].join(', ') || 'none';
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown option "${key}" (known: ${known})` });
      }
    };
  },
  intInRange(name: string, min: number, max: number) {
    return z
      .string()
      .transform((v, ctx) => {
        const n = Number(v);
        if (!/^-?\d+$/.test(v.trim()) || n < min || n > max) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${name} must be a whole number from ${min} to ${max}, got "${v}"` });
          return z.NEVER;
        }
        return n;
      });
  },
  isoDate(name: string) {
    return z.string().transform((v, ctx) => {
      const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
      if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(ms)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${name} must be a date like 2011-06-30, got "${v}"` });
        return z.NEVER;
      }
      return ms;
    });
  },
};
