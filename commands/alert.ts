import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs, type CommandContext } from '../src/core/command.ts';
import type { RawArgs } from '../src/core/args.ts';
import { NotAllowedError, UsageError } from '../src/errors.ts';
import { CONDITION_EXAMPLES, ConditionError, parseCondition, type AlertCondition, type AlertGrain } from '../src/answers/alerts/condition.ts';
import { storedMetric } from '../src/answers/alerts/metric.ts';
import { createdReply, listReply } from '../src/answers/alerts/replies.ts';
import { metricNames, resolveMetric, type MetricRef } from '../src/answers/forecast/metrics.ts';
import { ORDER_METRIC_INFO } from '../src/answers/metric/catalog.ts';
import type { Alert } from '../src/repos/alerts.ts';
import { isValidTimezone } from '../src/scheduler/timing.ts';
import { resolveCountry, unknownCountryMessage } from '../src/vocabulary/countries.ts';

const USAGE = 'alert create <metric> [by=day|week] <condition> [country=X] [tz=Area/City] | alert list | alert pause|resume|delete <id>';

interface CreateArgs {
  action: 'create';
  metricWord: string;
  grain: AlertGrain;
  condition: AlertCondition;
  country?: string;
  timezone?: string;
}

type AlertArgs = CreateArgs | { action: 'list' } | { action: 'pause' | 'resume' | 'delete'; id: number };

const ACTIONS: Record<string, AlertArgs['action']> = {
  create: 'create', add: 'create', new: 'create', set: 'create',
  list: 'list', ls: 'list', show: 'list',
  pause: 'pause', mute: 'pause', snooze: 'pause',
  resume: 'resume', unpause: 'resume', unmute: 'resume',
  delete: 'delete', remove: 'delete', rm: 'delete', cancel: 'delete',
};

/** A first word that begins a condition, so no metric was named: `alert create below 5000`. */
const CONDITION_START = /^(?:below|under|above|over|drops?|falls?|rises?|grows?|anomaly|outside|less|more|<|>)$/i;

const GRAIN_WORDS: Record<string, AlertGrain> = { daily: 'day', weekly: 'week' };

/** Words for a metric of more than one word ("new customers", "average order value"), read as one. */
function metricWordCount(words: string[]): number {
  const joined = (n: number) => words.slice(0, n).join('_').toLowerCase().replace(/-/g, '_');
  for (const n of [3, 2]) {
    if (words.length > n && resolveMetric(joined(n), []) !== undefined) return n;
  }
  return 1;
}

/** Words that may name the unit after a threshold: "above 200 orders", "below 5k revenue". */
function unitWords(metricWord: string): string[] {
  const metric = resolveMetric(metricWord, []);
  if (metric?.source !== 'orders') return [metricWord.toLowerCase()];
  const info = ORDER_METRIC_INFO[metric.name];
  return [metric.name, ...info.aliases, info.label.toLowerCase().replace(/\s+/g, '_')];
}

function parseCreate(raw: RawArgs): CreateArgs {
  let grain: AlertGrain | undefined;
  const by = raw.named.by?.toLowerCase();
  if (by !== undefined) {
    if (by !== 'day' && by !== 'week') throw new UsageError(`by must be day or week, got "${raw.named.by}".`);
    grain = by;
  }
  const words = raw.positional.slice(1).filter((word) => {
    const said = GRAIN_WORDS[word.toLowerCase()];
    if (!said) return true;
    if (grain && grain !== said) throw new UsageError(`"${word}" and by=${grain} disagree: say one of them.`);
    grain = said;
    return false;
  });
  if (words.length === 0 || CONDITION_START.test(words[0])) {
    throw new UsageError(`Say which metric to watch and when to tell you, e.g. \`alert create revenue by=day below 5000\`.`);
  }
  const n = metricWordCount(words);
  const metricWord = words.slice(0, n).join('_');
  const timezone = raw.named.tz ?? raw.named.timezone;
  if (timezone !== undefined && !isValidTimezone(timezone)) {
    throw new UsageError(`"${timezone}" is not a time zone I know: use an IANA name such as Europe/Berlin, America/New_York or UTC.`);
  }
  const finalGrain = grain ?? 'week';
  try {
    const condition = parseCondition(words.slice(n).join(' '), finalGrain, unitWords(metricWord));
    return { action: 'create', metricWord, grain: finalGrain, condition, country: raw.named.country, timezone };
  } catch (err) {
    if (err instanceof ConditionError) throw new UsageError(err.message);
    throw err;
  }
}

function parseAlertArgs(raw: RawArgs): AlertArgs {
  const word = raw.positional[0]?.toLowerCase();
  const action = word === undefined ? 'list' : ACTIONS[word];
  if (!action) throw new UsageError(`"${word}" is not something alert does: use create, list, pause, resume or delete.`);
  if (action === 'list') return { action };
  if (action === 'create') return parseCreate(raw);
  const id = raw.positional[1]?.replace(/^#/, '');
  if (!id || !/^\d+$/.test(id)) throw new UsageError(`Say which alert by its number, e.g. \`alert ${action} 3\` (see \`alert list\`).`);
  return { action, id: Number(id) };
}

/** Input problems become zod issues, so the reply carries the usage line like every other command's. */
const alertArgs = rawArgs.superRefine(argSchemas.knownNames(['by', 'country', 'tz', 'timezone'])).transform((raw, ctx): AlertArgs => {
  try {
    return parseAlertArgs(raw);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: err.message });
    return z.NEVER;
  }
});

/** The metric and country checked against the data summary (no scan); every problem is the person's to fix. */
async function create(ctx: CommandContext<CreateArgs>) {
  const { args, repos, config, message } = ctx;
  const summary = await repos.dataSummary.get();
  const metric: MetricRef | undefined = resolveMetric(args.metricWord, summary.kpis);
  if (!metric) {
    throw new UsageError(`I can't watch "${args.metricWord.replace(/_/g, ' ')}". Metrics: ${metricNames(summary.kpis).join(', ')}. Conditions: ${CONDITION_EXAMPLES.join(', ')}.`, USAGE);
  }
  let country: string | undefined;
  if (metric.source === 'kpi') {
    if (args.grain === 'day') throw new UsageError(`${metric.name} is an imported weekly KPI: only by=week is possible.`, USAGE);
    if (args.country) throw new UsageError(`${metric.name} is an imported weekly KPI: it has no countries.`, USAGE);
  } else {
    if (!summary.orders || summary.orders.purchasers === 0) throw new UsageError('There are no orders to watch yet. Import orders first (`pulse import orders <file>`) or seed the demo data.', USAGE);
    if (args.country !== undefined) {
      const names = summary.orders.countries.map((c) => c.name);
      country = resolveCountry(args.country, names);
      if (!country) throw new UsageError(unknownCountryMessage(args.country, names), USAGE);
    }
  }
  const alert = await repos.alerts.create({
    channelId: message.conversation.channelId,
    adapter: message.conversation.adapter,
    createdBy: message.conversation.userId,
    metric: storedMetric(metric),
    grain: args.grain,
    condition: args.condition,
    timezone: args.timezone ?? config.defaultTimezone,
    ...(country ? { country } : {}),
  });
  return { reply: createdReply(alert, config.currency) };
}

/** An alert of this channel that the speaker may change: its creator or an admin. */
async function ownAlert(ctx: CommandContext<{ id: number }>, verb: string): Promise<Alert> {
  const { args, repos, message, isAdmin } = ctx;
  const alert = await repos.alerts.get(args.id);
  if (!alert || alert.channelId !== message.conversation.channelId) {
    throw new UsageError(`There is no alert #${args.id} in this channel. See \`alert list\`.`);
  }
  if (alert.createdBy !== message.conversation.userId && !isAdmin) {
    throw new NotAllowedError(`Alert #${args.id} belongs to ${alert.createdBy}: only they or an admin can ${verb} it.`);
  }
  return alert;
}

async function change(ctx: CommandContext<Extract<AlertArgs, { id: number }>>) {
  const { args, repos } = ctx;
  const alert = await ownAlert(ctx, args.action);
  if (args.action === 'delete') {
    await repos.alerts.delete(alert.id);
    return { reply: { text: `Deleted alert *#${alert.id}*.` } };
  }
  const paused = args.action === 'pause';
  if (alert.paused === paused) return { reply: { text: `Alert *#${alert.id}* is already ${paused ? 'paused' : 'running'}.` } };
  await repos.alerts.setPaused(alert.id, paused);
  return {
    reply: { text: paused ? `Paused alert *#${alert.id}*: it is not checked until \`alert resume ${alert.id}\`.` : `Alert *#${alert.id}* runs again from its next check.` },
  };
}

export const alertCommand = defineCommand({
  name: 'alert',
  aliases: ['alerts'],
  summary: 'Tell this channel when a metric crosses a threshold, changes sharply or leaves its forecast range',
  usage: USAGE,
  examples: [
    'alert create revenue by=day below 5000',
    'alert create orders by=week above 200',
    'alert create revenue drops more than 20 % vs the previous week',
    'alert create revenue by=week anomaly tz=Europe/Berlin',
    'alert list',
    'alert pause 1',
    'alert delete 1',
  ],
  intents: ['alert'],
  args: alertArgs,
  makesLastingChange: (args) => args.action !== 'list',
  async run(ctx) {
    const { args } = ctx;
    if (args.action === 'create') return create({ ...ctx, args });
    if (args.action === 'list') return { reply: listReply(await ctx.repos.alerts.listForChannel(ctx.message.conversation.channelId), ctx.config.currency) };
    return change({ ...ctx, args });
  },
});
