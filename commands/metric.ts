import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';
import { availableMetricNames, metricRefLabel, type MetricRef } from '../src/answers/metric/catalog.ts';
import { forPeriod, PERIOD_EXAMPLES, wallClock, type CompareMode } from '../src/answers/metric/period.ts';
import {
  breakdownNames, breakdownProblem, CHANNEL_BREAKDOWN, DEFAULT_TOP, isTimeBreakdown, MAX_SERIES_POINTS, MAX_TOP, parseCompare, readMetricWords, resolvePeriod, seriesPointCount,
  type MetricPayload,
} from '../src/answers/metric/request.ts';
import type { DataSummary } from '../src/repos/data-summary.ts';
import { resolveCountry, unknownCountryMessage } from '../src/vocabulary/countries.ts';
import { inSentence } from '../src/answers/wording.ts';

const USAGE = 'metric <name> [period] [by=<dimension>] [vs=previous|last_year|none] [top=N] [country=X]';

interface MetricArgs {
  positional: string[];
  by?: string;
  vs?: string;
  top?: number;
  country?: string;
}

const metricArgs = rawArgs
  .superRefine(argSchemas.knownNames(['by', 'vs', 'top', 'country']))
  .pipe(
    z.object({
      positional: z.array(z.string()),
      named: z.object({
        by: z.string().trim().min(1, 'by must not be empty').optional(),
        vs: z.string().trim().min(1, 'vs must not be empty').optional(),
        top: argSchemas.intInRange('top', 1, MAX_TOP).optional(),
        country: z.string().trim().min(1, 'country must not be empty').optional(),
      }),
    }),
  )
  .transform(({ positional, named }): MetricArgs => ({ positional, ...named }));

/** Plurals and adjectives people write after by=. */
const BY_ALIASES: Record<string, string> = {
  countries: 'country',
  customers: 'customer',
  segments: 'segment',
  channels: 'channel',
  daily: 'day',
  days: 'day',
  weekly: 'week',
  weeks: 'week',
  monthly: 'month',
  months: 'month',
};

function normaliseBy(by: string): string {
  const lower = by.trim().toLowerCase();
  return BY_ALIASES[lower] ?? lower;
}

const COMPARE_WORDS: Record<CompareMode, string> = {
  previous: 'vs the previous period',
  last_year: 'vs the same period last year',
  none: 'without comparison',
};

/**
 * Checks a request against the data summary (no scan of orders, customers or spend) and builds the
 * job payload; every problem is a UsageError listing what is valid, so nothing is queued.
 */
export function buildMetricPayload(summary: DataSummary, args: MetricArgs, nowMs: number, timeZone: string): MetricPayload {
  const now = wallClock(nowMs, timeZone);
  const countries = summary.orders?.countries.map((c) => c.name) ?? [];
  const words = readMetricWords(args.positional, summary.kpis, countries, now);
  const available = { kpis: summary.kpis, hasSpend: summary.spend !== null };
  if (!words.metric) throw new UsageError(`I don't know the metric "${words.metricWord}". Metrics: ${availableMetricNames(available).join(', ')}.`, USAGE);
  const metric: MetricRef = words.metric;
  checkData(summary, metric);

  if (args.by !== undefined && words.by !== undefined && normaliseBy(args.by) !== normaliseBy(words.by)) throw new UsageError(`Two breakdowns given (by ${words.by} and by=${args.by}); give one.`, USAGE);
  const by = args.by ?? words.by;
  const dimension = by === undefined ? undefined : normaliseBy(by);
  if (dimension !== undefined && !breakdownNames().includes(dimension)) {
    throw new UsageError(`I can't break figures down by "${by}". by= takes ${breakdownNames().join(', ')}.`, USAGE);
  }
  const problem = dimension === undefined ? undefined : breakdownProblem(metric, dimension);
  if (problem) throw new UsageError(`${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`, USAGE);

  const vsText = args.vs ?? words.vs;
  const compare = vsText === undefined ? 'previous' : parseCompare(vsText);
  if (!compare) throw new UsageError(`I can't compare with "${vsText}". vs= takes previous (the period before, the default), last_year or none.`, USAGE);

  const topText = words.top;
  const top = args.top ?? (topText === undefined ? undefined : Number(topText));
  if (top !== undefined && (!Number.isInteger(top) || top < 1 || top > MAX_TOP)) throw new UsageError(`top must be a whole number from 1 to ${MAX_TOP}, got "${topText}"`, USAGE);
  if (top !== undefined && (dimension === undefined || isTimeBreakdown(dimension))) {
    throw new UsageError(`top= picks the largest rows of a breakdown: add by=${breakdownNames().filter((b) => !isTimeBreakdown(b) && !breakdownProblem(metric, b)).join('|') || 'country'}.`, USAGE);
  }

  const countryText = args.country ?? words.country;
  let country: string | undefined;
  if (countryText !== undefined) {
    if (metric.source !== 'orders') throw new UsageError(`${metricRefLabel(metric)} has no countries (spend and imported KPIs come per week only); leave country= out.`, USAGE);
    country = resolveCountry(countryText, countries);
    if (!country) throw new UsageError(unknownCountryMessage(countryText, countries), USAGE);
  }

  const parsed = resolvePeriod(words.periodText, dimension, now);
  if (!parsed) throw new UsageError(`I don't understand the period "${words.periodText}". Periods: ${PERIOD_EXAMPLES.join(', ')}.`, USAGE);
  if (!parsed.ok) throw new UsageError(`${parsed.message.charAt(0).toUpperCase()}${parsed.message.slice(1)}.`, USAGE);
  const period = parsed.period;
  if (isTimeBreakdown(dimension)) {
    const span = summary.orders && metric.source === 'orders' ? { from: summary.orders.firstOrderAt, to: summary.orders.lastOrderAt + 1 } : undefined;
    const points = period.kind === 'all' && !span ? 0 : seriesPointCount(period, dimension, span);
    if (points > MAX_SERIES_POINTS) {
      throw new UsageError(`${period.name} by=${dimension} would be ${points} points; at most ${MAX_SERIES_POINTS}. Use a coarser by= (week, month) or a shorter period.`, USAGE);
    }
  }
  return {
    metric,
    metricWord: words.metricWord ?? metric.name,
    period,
    periodDefaulted: words.periodText === '',
    compare,
    ...(dimension !== undefined ? { by: dimension } : {}),
    top: top ?? DEFAULT_TOP,
    ...(country !== undefined ? { country } : {}),
    now,
  };
}

/** The data a metric needs is there (from the summary: no scan). */
function checkData(summary: DataSummary, metric: MetricRef): void {
  if (metric.source === 'orders' && (!summary.orders || summary.orders.lines === 0)) {
    throw new UsageError('There are no orders yet. Import orders first (`pulse import orders <file>`) or seed the demo data.', USAGE);
  }
  if ((metric.source === 'spend' || metric.source === 'roas') && !summary.spend) {
    throw new UsageError(`${metric.source === 'spend' ? 'Spend' : 'ROAS'} needs spend data: import a spend file first (\`pulse import spend <file>\`).`, USAGE);
  }
  if (metric.source === 'roas' && !summary.orders && !summary.kpis.some((k) => k.toLowerCase() === 'revenue')) {
    throw new UsageError('ROAS needs revenue: import orders, or a spend file with a revenue column.', USAGE);
  }
}

function describeRequest(payload: MetricPayload): string {
  const by = payload.by === undefined ? '' : payload.by === CHANNEL_BREAKDOWN || !isTimeBreakdown(payload.by) ? ` by ${payload.by}` : ` per ${payload.by}`;
  const where = payload.country ? ` in ${payload.country}` : '';
  const vs = payload.period.kind === 'all' ? '' : `, ${COMPARE_WORDS[payload.compare]}`;
  return `${inSentence(metricRefLabel(payload.metric))}${by}${where} ${forPeriod(payload.period)}${vs}`;
}

/**
 * `metric <name> [period] [by=] [vs=] [top=N] [country=]`: what a metric was, compared with the
 * previous period or last year, broken down by country, customer, segment, channel (spend) or over
 * time. Words work too: `metric revenue by country top 5 last month vs last year`.
 */
export const metricCommand = defineCommand({
  name: 'metric',
  aliases: ['kpi', 'report'],
  summary: 'What revenue, orders, customers, spend or a KPI was in a period, compared, broken down or over time',
  usage: USAGE,
  examples: [
    'metric revenue last week',
    'metric revenue yesterday',
    'metric orders by=country this month',
    'metric new_customers november',
    'metric customers last 30 days',
    'metric returning_customers this quarter',
    'metric aov last month vs=last_year',
    'metric revenue by=customer top=5 this quarter',
    'metric revenue by=segment last quarter',
    'metric orders by=country vs=last_year',
    'metric revenue this year by=month vs=last_year',
    'metric revenue last 90 days by=week',
    'metric units last 7 days country=Germany',
    'metric returns last month by=country',
    'metric spend last month by=channel',
    'metric roas last quarter by=week',
    'metric kpi:revenue last 13 weeks by=week',
    'metric revenue 2025-11-01..2025-11-30 vs=none',
    'metric orders Q4 2025 by=country top=3',
  ],
  intents: ['metric'],
  args: metricArgs,
  async run({ args, repos, config }) {
    const payload = buildMetricPayload(await repos.dataSummary.get(), args, Date.now(), config.defaultTimezone);
    return { enqueue: { job: 'metric', payload, ack: `Looking up ${describeRequest(payload)}; I'll post the result here.` } };
  },
});
