import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';
import { DAY_MS, GRANULARITIES, hasWholeBucket, parseIsoDay, type Granularity } from '../src/time/calendar.ts';
import { dayText } from '../src/answers/forecast/dates.ts';
import {
  approximateDays, daysAfterData, DEFAULT_HORIZON, defaultGranularity, describeHorizon, HORIZON_EXAMPLES, MAX_HORIZON_DAYS, parseHorizon, type Horizon,
} from '../src/answers/forecast/horizon.ts';
import type { AccuracyPayload, ForecastPayload } from '../src/answers/forecast/load.ts';
import { metricLabel, metricNames, resolveMetric, type MetricRef } from '../src/answers/forecast/metrics.ts';
import type { CountrySummary, DataSummary, OrdersSummary } from '../src/repos/data-summary.ts';
import { resolveCountry, unknownCountryMessage } from '../src/vocabulary/countries.ts';

const FORECAST_USAGE = 'forecast <metric> [horizon] [by=day|week|month] [country=X]';
const ACCURACY_USAGE = 'forecast accuracy [metric] [by=day|week|month] [country=X]';
/** Both forms; errors of one form show that form's usage only. */
const USAGE = `${FORECAST_USAGE} · ${ACCURACY_USAGE}`;

interface ForecastArgs {
  kind: 'forecast';
  /** Absent: the line started with a horizon (`forecast 8w`, `forecast next month`) or was empty; revenue is forecast. */
  metricWord?: string;
  horizon: Horizon;
  granularity: Granularity;
  granularityGiven: boolean;
  country?: string;
}

function isGranularity(value: string): value is Granularity {
  return (GRANULARITIES as readonly string[]).includes(value);
}

/** A first word that begins a horizon, never a metric: `forecast 8w`, `forecast next quarter`, `forecast Q1`. */
const HORIZON_FIRST_WORD = /^(\d|(next|the|a|an|fortnight|q[1-4])$)/i;

/** `forecast accuracy [metric] [by=] [country=]`: score the stored forecasts. */
interface AccuracyArgs {
  kind: 'accuracy';
  metricWord?: string;
  granularity?: Granularity;
  country?: string;
}

const ACCURACY_WORD = 'accuracy';

const forecastArgs = rawArgs.superRefine(argSchemas.knownNames(['by', 'country'])).transform((raw, ctx): ForecastArgs | AccuracyArgs => {
  const by = raw.named.by?.toLowerCase();
  if (by !== undefined && !isGranularity(by)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `by must be day, week or month, got "${raw.named.by}"` });
    return z.NEVER;
  }
  if (raw.positional[0]?.toLowerCase() === ACCURACY_WORD) {
    if (raw.positional.length > 2) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `forecast accuracy takes one metric at most, got "${raw.positional.slice(1).join(' ')}"` });
      return z.NEVER;
    }
    return { kind: 'accuracy', metricWord: raw.positional[1], granularity: by, country: raw.named.country };
  }
  const startsWithHorizon = raw.positional.length > 0 && HORIZON_FIRST_WORD.test(raw.positional[0]);
  const metricWord = startsWithHorizon ? undefined : raw.positional[0];
  const horizonText = raw.positional.slice(startsWithHorizon ? 0 : 1).join(' ');
  const horizon = horizonText === '' ? DEFAULT_HORIZON : parseHorizon(horizonText);
  if (!horizon) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `I don't understand the horizon "${horizonText}"; try ${HORIZON_EXAMPLES.join(', ')}` });
    return z.NEVER;
  }
  const granularity = by ?? defaultGranularity(horizon);
  if (approximateDays(horizon, granularity) > MAX_HORIZON_DAYS) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `the horizon "${horizon.text}" is too long; forecasts reach at most two years ahead` });
    return z.NEVER;
  }
  return { kind: 'forecast', metricWord, horizon, granularity, granularityGiven: by !== undefined, country: raw.named.country };
});

function findMetric(kpis: string[], word: string, usage = FORECAST_USAGE): MetricRef {
  const metric = resolveMetric(word, kpis);
  if (!metric) throw new UsageError(`I can't forecast "${word}". Metrics: ${metricNames(kpis).join(', ')}.`, usage);
  return metric;
}

function findCountry(orders: OrdersSummary, typed: string, usage = FORECAST_USAGE): CountrySummary {
  const names = orders.countries.map((c) => c.name);
  const name = resolveCountry(typed, names);
  if (!name) throw new UsageError(unknownCountryMessage(typed, names), usage);
  return orders.countries.find((c) => c.name === name)!;
}

/** '12 months', '53 weeks' or '90 days': a span of days in the largest unit that reads naturally. */
function spanText(days: number): string {
  if (days >= 60) return `${Math.floor(days / 30.44)} months`;
  if (days >= 14) return `${Math.floor(days / 7)} weeks`;
  return `${Math.round(days)} days`;
}

/**
 * A forecast reaches no further ahead than the history reaches back: beyond that there is nothing
 * to stand on (not one season of past behaviour at that distance). Refused before anything is queued.
 */
function checkReach(args: ForecastArgs, granularity: Granularity, firstMs: number, endMs: number): void {
  const historyDays = (endMs - firstMs) / DAY_MS;
  const ahead = daysAfterData(args.horizon, granularity, endMs);
  if (ahead <= historyDays + 1) return;
  throw new UsageError(
    `"${args.horizon.text}" reaches about ${spanText(ahead)} past the end of the data, but the data covers only ${spanText(historyDays)} ` +
      `(${dayText(firstMs)} – ${dayText(endMs - DAY_MS)}). Pulse forecasts no further ahead than the history reaches back: ask for at most ${spanText(historyDays)}.`,
    FORECAST_USAGE,
  );
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** Checks the request against the data summary (no scan); every problem is a UsageError, so nothing is enqueued. */
function buildPayload(summary: DataSummary, args: ForecastArgs): ForecastPayload {
  const metric = findMetric(summary.kpis, args.metricWord ?? 'revenue');
  if (metric.source === 'kpi') {
    if (args.country) throw new UsageError(`${metric.name} is an imported weekly KPI: it has no countries.`, FORECAST_USAGE);
    if (args.granularityGiven && args.granularity !== 'week') throw new UsageError(`${metric.name} is an imported weekly KPI: only by=week is possible.`, FORECAST_USAGE);
    if (summary.spend) checkReach(args, 'week', parseIsoDay(summary.spend.firstWeek), parseIsoDay(summary.spend.lastWeek) + 7 * DAY_MS);
    return { metric, horizon: args.horizon, granularity: 'week' };
  }
  const orders = summary.orders;
  if (!orders || orders.purchasers === 0) {
    throw new UsageError('There are no orders to forecast from yet. Import orders first (`pulse import orders <file>`) or seed the demo data.', FORECAST_USAGE);
  }
  const country = args.country === undefined ? undefined : findCountry(orders, args.country);
  const span = country ?? orders;
  if (!hasWholeBucket(span.firstOrderAt, span.lastOrderAt, args.granularity)) {
    throw new UsageError(`The orders cover less than one whole ${args.granularity}; try a finer by= (day, week, month).`, FORECAST_USAGE);
  }
  const dayAfter = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
  checkReach(args, args.granularity, Math.floor(span.firstOrderAt / DAY_MS) * DAY_MS, dayAfter(span.lastOrderAt));
  return { metric, horizon: args.horizon, granularity: args.granularity, ...(country ? { country: country.name } : {}) };
}

/**
 * `forecast accuracy [metric] [by=] [country=]`: checks names against the data summary only; the
 * job reads the stored forecasts and the actuals. Without a metric, every stored forecast is scored.
 */
function buildAccuracyPayload(summary: DataSummary, args: AccuracyArgs): AccuracyPayload {
  const metric = args.metricWord === undefined ? undefined : findMetric(summary.kpis, args.metricWord, ACCURACY_USAGE);
  if (metric?.source === 'kpi' && args.country) throw new UsageError(`${metric.name} is an imported weekly KPI: its forecasts have no countries.`, ACCURACY_USAGE);
  let country: string | undefined;
  if (args.country !== undefined) {
    if (!summary.orders) throw new UsageError('There are no orders yet, so no forecast by country.', ACCURACY_USAGE);
    country = findCountry(summary.orders, args.country, ACCURACY_USAGE).name;
  }
  return { ...(metric ? { metric } : {}), ...(args.granularity ? { granularity: args.granularity } : {}), ...(country ? { country } : {}) };
}

function accuracyAck(payload: AccuracyPayload): string {
  const what = payload.metric ? `${lowerFirst(metricLabel(payload.metric))} forecasts` : 'forecasts';
  const filters = [payload.granularity ? `by ${payload.granularity}` : undefined, payload.country ? `in ${payload.country}` : undefined].filter(Boolean).join(' ');
  return `Scoring the stored ${what}${filters ? ` ${filters}` : ''} against the data that has arrived since; I'll post the result here.`;
}

/**
 * `forecast <metric> [horizon] [by=] [country=]`. Metrics: revenue (alias sales, net of returns),
 * orders, customers (active per period), new_customers, aov, or a KPI imported with a spend file
 * (`kpi:<name>` when an order metric has the same name; the order metric wins otherwise).
 * Default: 8 weeks, weekly; a horizon of at most 31 days written in days is forecast daily.
 * `forecast accuracy …` scores the stored forecasts instead (a KPI named "accuracy" is `kpi:accuracy`).
 */
export const forecastCommand = defineCommand({
  name: 'forecast',
  summary: 'Forecast revenue, orders, customers or an imported KPI, with 80 % and 95 % ranges; `forecast accuracy`: how past forecasts did',
  usage: USAGE,
  examples: [
    'forecast revenue',
    'forecast orders 13 weeks',
    'forecast revenue next quarter country=Germany',
    'forecast customers 90d by=month',
    'forecast new_customers 14d',
    'forecast accuracy',
    'forecast accuracy revenue country=Germany',
  ],
  intents: ['forecast'],
  args: forecastArgs,
  async run({ args, repos, message }) {
    if (args.kind === 'accuracy') {
      const payload = buildAccuracyPayload(await repos.dataSummary.get(), args);
      return { enqueue: { job: 'forecast-accuracy', payload, ack: accuracyAck(payload) } };
    }
    const origin = { channelId: message.conversation.channelId, ...(message.scheduleId !== undefined ? { scheduleId: message.scheduleId } : {}) };
    const payload: ForecastPayload = { ...buildPayload(await repos.dataSummary.get(), args), origin };
    const where = payload.country ? ` in ${payload.country}` : '';
    return {
      enqueue: {
        job: 'forecast',
        payload,
        ack: `Forecasting ${lowerFirst(metricLabel(payload.metric))}${where}, ${describeHorizon(payload.horizon, payload.granularity)} (by ${payload.granularity}); I'll post the result here.`,
      },
    };
  },
});
