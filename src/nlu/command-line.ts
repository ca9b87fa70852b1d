import { DEFAULT_HORIZON, defaultGranularity, parseHorizon } from '../answers/forecast/horizon.ts';
import type { Intent } from './intents.ts';
import { extractAlert } from './slots/alert.ts';
import { extractReport } from './slots/report.ts';
import { withoutRecurrence } from './slots/schedule.ts';
import { extractTimezone } from './slots/timezone.ts';
import { MaskedText } from './slots/types.ts';
import type { Horizon, Slots } from './slots/index.ts';

/** A slot value as one word of a command line, quoted when it holds spaces. */
function word(value: string | number): string {
  const text = String(value);
  return /[\s"]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}

type SlotInput = Omit<Slots, 'horizon' | 'budget'> & {
  horizon?: Horizon | string;
  budget?: Slots['budget'] | number;
  currency?: string;
};

/** A named quarter ("Q1") stays named: the forecast command reads it as the next such quarter. */
const horizonLabel = (horizon?: Horizon | string) =>
  typeof horizon === 'string' ? horizon : horizon?.quarter ? `Q${horizon.quarter}` : horizon?.label;

const option = (key: string, value: string | number | undefined) => (value === undefined ? undefined : `${key}=${word(value)}`);

/** Breakdowns that top= can pick rows of (not the time series). */
const RANKED_BREAKDOWNS = new Set(['country', 'product', 'customer', 'segment', 'channel']);

/**
 * Intent + slots → the bot's command syntax (positional words, then key=value):
 * forecast revenue 8w · metric orders this month by=country vs=previous · clv horizon=6m top=20 ·
 * allocate 75000 · allocate roi · segment k=5 country=UK · segment show at risk ·
 * schedule create "0 9 * * 1" forecast · schedule delete 3. Returns undefined for out_of_scope,
 * which has no command.
 */
export function toCommandLine(intent: Intent, slots: SlotInput = {}, innerCommand?: string): string | undefined {
  const parts: Array<string | undefined> = [];
  switch (intent) {
    case 'segment':
      parts.push(...segmentParts(slots));
      break;
    case 'metric': {
      // top= picks rows of a breakdown; without one the command would refuse it.
      const ranked = slots.by !== undefined && RANKED_BREAKDOWNS.has(slots.by);
      parts.push('metric', slots.metricName ?? 'revenue', slots.period, option('by', slots.by), option('vs', slots.compare), ranked ? option('top', slots.top) : undefined, option('country', slots.country));
      break;
    }
    case 'clv':
      if (slots.export) parts.push('clv export');
      else parts.push('clv', option('horizon', slots.lookahead), option('top', slots.top ?? slots.members), option('country', slots.country), option('as_of', slots.asOf), option('discount', slots.discount));
      break;
    case 'forecast':
      if (slots.accuracy) {
        parts.push('forecast accuracy', slots.metric, option('by', granularityOf(slots.by)), option('country', slots.country));
        break;
      }
      parts.push('forecast', slots.metric, horizonLabel(slots.horizon), option('by', forecastGranularity(slots)), slots.country ? `country=${word(slots.country)}` : undefined);
      break;
    case 'allocate': {
      const amount = typeof slots.budget === 'number' ? slots.budget : slots.budget?.amount;
      // The currency the sentence named ("£120k"): the answer is written in it.
      const currency = typeof slots.budget === 'object' ? slots.budget.currency : slots.currency;
      const period = option('period', slots.allocationPeriod);
      if (amount === undefined && slots.roi) {
        parts.push('allocate roi', period);
        break;
      }
      parts.push('allocate', amount !== undefined ? String(amount) : undefined, amount !== undefined ? currency : undefined, period);
      // In the order of the usage line: bounds, locked channels, then the channels to split over.
      const bounds = [...(slots.bounds ?? [])].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'min' ? -1 : 1));
      for (const bound of bounds) parts.push(`${bound.kind}.${bound.channel}=${bound.amount}`);
      const locked = slots.locked?.filter((c) => !bounds.some((b) => b.channel === c)) ?? [];
      if (locked.length > 0) parts.push(`lock=${locked.join(',')}`);
      const free = (slots.channels ?? []).filter((c) => !locked.includes(c) && !bounds.some((b) => b.channel === c));
      // One channel named is a question about it ("how much should go to tv"), not a restriction:
      // a budget split over one channel has nothing to decide.
      if (free.length >= 2) parts.push(`channels=${free.join(',')}`);
      break;
    }
    case 'schedule.create':
      parts.push('schedule create', slots.schedule ? word(slots.schedule.cron) : undefined, innerCommand);
      if (slots.timezone) parts.push(`tz=${slots.timezone}`);
      if (slots.slackChannel) parts.push(`channel=${slots.slackChannel.id ?? slots.slackChannel.name}`);
      break;
    case 'schedule.list':
      parts.push('schedule list');
      break;
    case 'schedule.delete':
      parts.push('schedule delete', slots.scheduleId !== undefined ? String(slots.scheduleId) : undefined);
      break;
    case 'retrain':
      parts.push('retrain intents', slots.force ? 'force' : undefined);
      break;
    case 'alert':
      parts.push('alert list');
      break;
    case 'help':
      parts.push(intent, slots.helpTopic);
      break;
    case 'out_of_scope':
      return undefined;
  }
  return parts.filter((part): part is string => Boolean(part)).join(' ');
}

/**
 * `segment show <name>` when one segment is named and no run was asked for (k, "into N groups");
 * `segment export [<name>]` when a file is asked for; otherwise a segmentation run.
 */
function segmentParts(slots: SlotInput): Array<string | undefined> {
  // Lower case and unquoted as people type it ("segment show at risk"); quoted when it holds an
  // apostrophe, which would otherwise open a quote ("segment show \"can't lose them\"").
  const lower = slots.segmentName?.toLowerCase();
  const name = lower === undefined ? undefined : /['’]/.test(lower) ? `"${lower}"` : lower;
  if (slots.export) return ['segment export', name];
  if (name !== undefined && slots.k === undefined) return ['segment show', name, option('top', slots.top ?? slots.members)];
  return ['segment', option('method', slots.kmeans ? 'kmeans' : undefined), option('k', slots.k), option('country', slots.country), option('since', slots.since), option('as_of', slots.asOf)];
}

/**
 * What a schedule should run: the report the text names, with the slots that belong to it. The
 * report's own slots are read again without the recurrence ("daily at 9 send revenue today" is not
 * revenue by day). A figure of the past, a breakdown or a metric alone is a `metric` report; with
 * nothing named, the forecast.
 */
function scheduledCommand(text: string, slots: Slots): string {
  const { schedule: _schedule, timezone: _timezone, slackChannel: _channel, metricName: _m, period: _p, by: _b, compare: _c, top: _t, ...rest } = slots;
  const report = extractReport(withoutRecurrence(text));
  // A segment's name alone is the segment ("champions list every monday"), unless a figure of a
  // period is asked ("new customers from yesterday" is a metric).
  const namedSegment = rest.segmentName !== undefined && (rest.export === true || report.period === undefined);
  // "revenue by segment" is a figure broken down by segment, not a segmentation.
  const inner: Intent = /segment|cluster|rfm|persona/i.test(text) && !(report.by === 'segment' && report.metricName !== undefined)
    ? 'segment'
    : /\bchurn|\bclv\b|\bltv\b|lifetime value/i.test(text)
      ? 'clv'
      : /forecast|predict|project|outlook|expect/i.test(text)
        ? 'forecast'
        : namedSegment
          ? 'segment'
          : /budget|allocat|split/i.test(text) || rest.budget !== undefined || (rest.roi && report.period === undefined)
          ? 'allocate'
          : report.period !== undefined || report.by !== undefined || report.top !== undefined || report.metricName !== undefined
            ? 'metric'
            : 'forecast';
  // A weekly or monthly report of a figure with no period reports the week or month just gone
  // ("a weekly aov report every monday"), not the command's default last 30 days.
  const period = inner === 'metric' && report.period === undefined && !isTimeBreakdown(report.by) ? periodOfRecurrence(slots.schedule?.cron) : undefined;
  return toCommandLine(inner, { ...rest, ...report, ...(period ? { period } : {}) }) ?? inner;
}

const isTimeBreakdown = (by?: string) => by === 'day' || by === 'week' || by === 'month';

/** "last week" for a cron on given weekdays, "last month" for one on a day of the month; nothing for a daily one. */
function periodOfRecurrence(cron?: string): string | undefined {
  const [, , dayOfMonth, month, dayOfWeek] = cron?.split(' ') ?? [];
  if (month !== '*' || dayOfMonth === undefined) return undefined;
  if (dayOfMonth !== '*' && dayOfWeek === '*') return 'last month';
  if (dayOfMonth === '*' && /^\d$/.test(dayOfWeek ?? '')) return 'last week';
  return undefined;
}

const granularityOf = (by?: string) => (by === 'day' || by === 'week' || by === 'month' ? by : undefined);

/** `by=` for a forecast only when it is not what the command would choose for the horizon anyway. */
function forecastGranularity(slots: SlotInput): string | undefined {
  const by = granularityOf(slots.by);
  if (by === undefined) return undefined;
  const label = horizonLabel(slots.horizon);
  const horizon = (label ? parseHorizon(label) : undefined) ?? DEFAULT_HORIZON;
  return by === defaultGranularity(horizon) ? undefined : by;
}

/** Going back to the model version before: "roll back the intent model", "revert to the old one", "undo the last retrain". */
const ROLLBACK = /\broll(?:[\s-]?back\b|(?:\s+\w+){1,3}?\s+back\b)|\brestore\b|\brevert\b|\bundo\b|\b(?:go(?:ing)?|switch(?:ing)?|change|revert(?:ing)?)\s+back\b|\b(?:we|i)\s+had\s+before\b|\b(?:previous|old|older|earlier|last)\s+(?:\w+\s+)?(?:model|version)\b/i;

/** Intent + slots + the words themselves → a line in the real command syntax (what the bot runs). */
export function commandLineFor(intent: Intent, slots: Slots, text: string): string {
  if (intent === 'retrain' && ROLLBACK.test(text)) return 'retrain rollback intents';
  if (intent === 'schedule.delete' && slots.scheduleId === undefined) return toCommandLine(intent, { ...slots, scheduleId: loneNumber(text) }) ?? 'schedule delete';
  if (intent === 'alert') return alertCommandLine(slots, text);
  if (intent === 'schedule.create') return toCommandLine(intent, slots, scheduledCommand(text, slots)) ?? 'schedule create';
  return toCommandLine(intent, slots) ?? 'help';
}

/** The one whole number of a sentence that names a schedule to delete without a keyword ("unschedule 6", "cancel 10"). */
function loneNumber(text: string): number | undefined {
  const numbers = text.match(/(?<![\w.:])\d{1,6}(?![\w.:%])/g) ?? [];
  return numbers.length === 1 ? Number(numbers[0]) : undefined;
}

/**
 * `alert create <metric> [by=] <condition> [country=]`, or `alert list|pause|resume|delete [<id>]`. A
 * metric or condition the sentence does not name is left out: the command then asks for it, rather
 * than an alert on a guess being offered ("tell me if bitcoin goes above 100k" names no metric of ours).
 */
function alertCommandLine(slots: Slots, text: string): string {
  const request = extractAlert(text);
  if (request.action !== 'create') return ['alert', request.action, request.id].filter((p) => p !== undefined).join(' ');
  const metric = slots.metricName ?? slots.metric;
  // Only a zone the sentence names: the alert command has its own default.
  const zone = extractTimezone(new MaskedText(text));
  return ['alert create', metric, option('by', request.grain), request.condition, option('country', slots.country), option('tz', zone)].filter(Boolean).join(' ');
}
