import { z } from 'zod';
import { ORDER_DIMENSIONS, orderDimension, type OrderDimension } from '../../repos/metrics.ts';
import { DAY_MS, type Granularity } from '../../time/calendar.ts';
import { ORDER_METRIC_NAMES, ROAS_METRIC, SPEND_METRIC, resolveMetricWord, type MetricRef } from './catalog.ts';
import { parsePeriod, periodWindow, type CompareMode, type Period, type PeriodParse } from './period.ts';

/** What `metric` enqueues: everything resolved against the request time, so the job needs no clock. */
export const periodSchema = z.object({
  text: z.string(),
  name: z.string(),
  kind: z.enum(['calendar', 'days', 'range', 'all']),
  unit: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
  count: z.number().int().positive().optional(),
  start: z.string(),
  end: z.string(),
});

export const metricPayloadSchema = z.object({
  metric: z.discriminatedUnion('source', [
    z.object({ source: z.literal('orders'), name: z.enum(ORDER_METRIC_NAMES) }),
    z.object({ source: z.literal('kpi'), name: z.string().min(1) }),
    z.object({ source: z.literal('spend'), name: z.literal(SPEND_METRIC) }),
    z.object({ source: z.literal('roas'), name: z.literal(ROAS_METRIC) }),
  ]),
  /** The metric as the person wrote it, for suggestions ("try `metric sales 2011-11`"). */
  metricWord: z.string(),
  period: periodSchema,
  /** The period was not given: the default was used. */
  periodDefaulted: z.boolean().default(false),
  compare: z.enum(['previous', 'last_year', 'none']),
  by: z.string().optional(),
  top: z.number().int().min(1).max(100),
  country: z.string().optional(),
  /** The request time on the DEFAULT_TIMEZONE wall clock (see period.ts). */
  now: z.number(),
});

export type MetricPayload = z.infer<typeof metricPayloadSchema>;

export const TIME_BREAKDOWNS: readonly Granularity[] = ['day', 'week', 'month'];
export const CHANNEL_BREAKDOWN = 'channel';
export const DEFAULT_TOP = 10;
export const MAX_TOP = 100;
/** Points of a time series at most (a table and a line stay readable; by=day over a year fits). */
export const MAX_SERIES_POINTS = 400;

/** Every by= value, for messages. */
export function breakdownNames(): string[] {
  return [...Object.keys(ORDER_DIMENSIONS), CHANNEL_BREAKDOWN, ...TIME_BREAKDOWNS];
}

export function isTimeBreakdown(by: string | undefined): by is Granularity {
  return by !== undefined && (TIME_BREAKDOWNS as readonly string[]).includes(by);
}

/** The breakdowns a metric allows, and why the others are impossible (undefined: allowed). */
export function breakdownProblem(metric: MetricRef, by: string): string | undefined {
  const weekly = weeklyWords(metric);
  if (isTimeBreakdown(by)) {
    return weekly && by === 'day' ? `${weekly.what} weekly figures, so by=day would only spread each week evenly; use by=week or by=month` : undefined;
  }
  if (by === CHANNEL_BREAKDOWN) {
    if (metric.source === 'spend') return undefined;
    if (metric.source === 'orders') {
      return `orders carry no marketing channel, so ${metric.name} cannot be split by channel. \`metric spend by=channel\` gives spend per channel, and \`allocate\` estimates what each channel brings`;
    }
    if (metric.source === 'roas') return "revenue is not attributed to channels, so there is no ROAS per channel here; `allocate` estimates each channel's return from a marketing-mix model";
    return `${metric.name} is an imported KPI with no channels; use by=week or by=month`;
  }
  const dimension = orderDimension(by);
  if (!dimension) return undefined;
  if (weekly) return `${weekly.what} weekly figures${metric.source === 'spend' ? ' per channel' : ''}, not per ${by}; use by=${weekly.allowed}`;
  if (metric.source === 'orders' && dimension.unsupported?.metrics.includes(metric.name)) return `${metric.name} by=${by} is not possible: ${dimension.unsupported.why}`;
  if (metric.source === 'orders' && (metric.name === 'new_customers' || metric.name === 'returning_customers') && !dimension.customerKey) {
    return `${metric.name} by=${by} is not possible: a new customer counts once, under one ${by}, and a customer has no single ${by}`;
  }
  return undefined;
}

/** Spend, ROAS and KPIs come per week: how to say so, and the breakdowns they allow. */
function weeklyWords(metric: MetricRef): { what: string; allowed: string } | undefined {
  if (metric.source === 'spend') return { what: 'spend is imported as', allowed: 'channel, week or month' };
  if (metric.source === 'roas') return { what: 'ROAS uses spend, imported as', allowed: 'week or month' };
  if (metric.source === 'kpi') return { what: `${metric.name} is an imported KPI:`, allowed: 'week or month' };
  return undefined;
}

/** The dimension entry of an order breakdown (country, customer, segment, ...). */
export function breakdownDimension(by: string | undefined): OrderDimension | undefined {
  return by === undefined ? undefined : orderDimension(by);
}

/** Words of the command line, sorted into their slots (see `readMetricWords`). */
export interface MetricWords {
  metricWord?: string;
  metric?: MetricRef;
  periodText: string;
  by?: string;
  vs?: string;
  top?: string;
  country?: string;
}

const VS_WORDS: Array<[RegExp, CompareMode]> = [
  [/^(last[_ ]?year|ly|yoy|year[_ ]?over[_ ]?year|(the )?same (period|time|dates|days) last year|a year (ago|earlier|before)|year|years?[_ ]?ago|previous[_ ]year|prior[_ ]year)$/, 'last_year'],
  [/^(previous|prev|prior|before|the previous period|previous[_ ]period|prior[_ ]period|last[_ ]period|period|last (day|week|month|quarter)|the (day|week|month|quarter) before|pop)$/, 'previous'],
  [/^(none|no|nothing|off|false|0)$/, 'none'],
];

/** 'last year', 'ly', 'yoy' → last_year; 'previous', 'last month' → previous; 'none' → none. */
export function parseCompare(text: string): CompareMode | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return VS_WORDS.find(([pattern]) => pattern.test(t))?.[1];
}

const COMPARE_LEAD = /^(vs\.?|versus|against|compared|compare)$/i;

/** "revenue monthly", "orders per week": a time series. */
const SERIES_ADJECTIVES: Record<string, Granularity> = { daily: 'day', weekly: 'week', monthly: 'month' };
const SERIES_UNITS: Record<string, Granularity> = { day: 'day', week: 'week', month: 'month' };

/**
 * Splits the positional words: the metric (one to four words: "new customers", "average order
 * value"), then anywhere after it "by <dimension>", "top <N>", "vs <last year|previous|none>",
 * "in <country>" (a country in the data), and the rest as the period. A first word that is no metric
 * but the whole line reads as a period means revenue ("metric last month").
 */
export function readMetricWords(positional: readonly string[], kpis: readonly string[], countries: readonly string[], now: number): MetricWords {
  const words = [...positional];
  const out: MetricWords = { periodText: '' };
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    const candidate = words.slice(0, n).join(' ');
    const metric = resolveMetricWord(candidate, kpis);
    if (metric) {
      out.metric = metric;
      out.metricWord = candidate;
      words.splice(0, n);
      break;
    }
  }
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i].toLowerCase();
    if (word === 'by' && words[i + 1] !== undefined && !/^(the|a)$/i.test(words[i + 1])) {
      out.by = words[++i];
      continue;
    }
    if (SERIES_ADJECTIVES[word] && out.by === undefined) {
      out.by = SERIES_ADJECTIVES[word];
      continue;
    }
    if ((word === 'per' || word === 'each') && SERIES_UNITS[words[i + 1]?.toLowerCase() ?? ''] && out.by === undefined) {
      out.by = SERIES_UNITS[words[++i].toLowerCase()];
      continue;
    }
    if (word === 'top' && /^\d+$/.test(words[i + 1] ?? '')) {
      out.top = words[++i];
      continue;
    }
    if (COMPARE_LEAD.test(word)) {
      // "compared to last year", "vs previous", "versus the same period last year"
      let j = i + 1;
      if (/^(to|with)$/i.test(words[j] ?? '')) j++;
      for (let n = Math.min(5, words.length - j); n >= 1; n--) {
        const phrase = words.slice(j, j + n).join(' ');
        if (parseCompare(phrase)) {
          out.vs = phrase;
          i = j + n - 1;
          break;
        }
      }
      if (out.vs !== undefined) continue;
      out.vs = words.slice(j).join(' ') || word;
      break;
    }
    if (word === 'in' && countries.length > 0) {
      const country = longestCountry(words.slice(i + 1), countries);
      if (country) {
        out.country = country.name;
        i += country.words;
        continue;
      }
    }
    rest.push(words[i]);
  }
  out.periodText = rest.join(' ');
  if (!out.metric && rest.length > 0 && parsePeriod(out.periodText, now)?.ok) {
    out.metric = { source: 'orders', name: 'revenue' };
    out.metricWord = 'revenue';
  } else if (!out.metric && rest.length > 0) {
    out.metricWord = rest[0];
  } else if (!out.metric) {
    out.metric = { source: 'orders', name: 'revenue' };
    out.metricWord = 'revenue';
  }
  return out;
}

function longestCountry(words: string[], countries: readonly string[]): { name: string; words: number } | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  for (let n = Math.min(5, words.length); n >= 1; n--) {
    const phrase = norm(words.slice(0, n).join(' '));
    const name = countries.find((c) => norm(c) === phrase);
    if (name) return { name, words: n };
  }
  return undefined;
}

/** The period when none is given: enough buckets for a time series, else the last 30 days. */
export function defaultPeriodText(by: string | undefined): string {
  if (by === 'week') return 'last 13 weeks';
  if (by === 'month') return 'last 12 months';
  return 'last 30 days';
}

export function resolvePeriod(text: string, by: string | undefined, now: number): PeriodParse | undefined {
  return parsePeriod(text === '' ? defaultPeriodText(by) : text, now);
}

/** Buckets a series over the period would have (approximate for 'all', given the data's span). */
export function seriesPointCount(period: Period, granularity: Granularity, span?: { from: number; to: number }): number {
  if (period.kind === 'all' && !span) return 0;
  const { from, to } = periodWindow(period, span);
  const days = (to - from) / DAY_MS;
  return Math.ceil(granularity === 'day' ? days : granularity === 'week' ? days / 7 + 1 : days / 28 + 1);
}
