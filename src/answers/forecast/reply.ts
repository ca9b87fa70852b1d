import type { ForecastChartInput } from '../../charts/index.ts';
import type { Reply, Table } from '../../core/reply.ts';
import type { ForecastResult } from '../../ml/forecast/index.ts';
import { ONE_SEASON_LABEL } from '../../ml/forecast/one-season.ts';
import type { MetricSeries } from '../../repos/metric-series.ts';
import { addBuckets, DAY_MS, parseIsoDay, type Granularity } from '../../time/calendar.ts';
import type { ScoredPeriod } from './accuracy.ts';
import { previousForecastLine } from './accuracy-reply.ts';
import { compareWithHistory, WARM_UP_BUCKETS, type BookedSoFar, type HistoryWindow, type LastYearPoint } from './context.ts';
import { bucketText, dayText, monthText, rangeText } from './dates.ts';
import type { ForecastPlan } from './load.ts';
import { describeModel, formatChange, formatValue, horizonTotal, percentChange, type HorizonTotal } from './summary.ts';

/** One forecast period, as in `--json` output. */
export interface ForecastPointData {
  period: string;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface ForecastView {
  label: string;
  /** The metric's name ('revenue', 'new_customers', or the KPI's). */
  metricName: string;
  unit: 'currency' | 'count';
  /** ISO code for money metrics (CURRENCY); absent: no symbol. */
  currency?: string;
  additive: boolean;
  country?: string;
  series: MetricSeries;
  plan: ForecastPlan;
  /** The forecast, with what is booked already counted in a period under way. */
  result: ForecastResult;
  /** Buckets in a year, for "same period last year". */
  yearLag: number;
  /** Set when the first forecast period is under way and what is booked in it was counted. */
  booked?: BookedSoFar;
  /** The same periods a year earlier; set when the history is under two years, so the yearly season is not modelled. */
  lastYear?: LastYearPoint[];
  /** Non-blocking remarks on the series (classifySeries warnings). */
  notes: string[];
  /** The previous forecast posted in the same channel, scored on its first period: the reply opens with it. */
  previous?: { scored: ScoredPeriod; timeZone: string };
}

const PERIOD_WORD: Record<Granularity, [string, string]> = { day: ['day', 'days'], week: ['week', 'weeks'], month: ['month', 'months'] };
const GRANULARITY_WORD: Record<Granularity, string> = { day: 'daily', week: 'weekly', month: 'monthly' };
/** The year lag in words: a 364-day lag keeps the days of the week aligned. */
const LAG_WORDS: Record<Granularity, string> = { day: '364 days earlier, same weekdays', week: '52 weeks = 364 days earlier, same weekdays', month: '12 months earlier' };
/** At most this many periods are listed in a sentence. */
const MAX_LISTED = 6;

export function forecastPoints(view: Pick<ForecastView, 'plan' | 'result'>): ForecastPointData[] {
  const { result } = view;
  return view.plan.periods.map((period, h) => ({
    period,
    value: result.point[h],
    lower80: result.lower80[h],
    upper80: result.upper80[h],
    lower95: result.lower95[h],
    upper95: result.upper95[h],
  }));
}

/** The first forecast step counted in the total: a calendar target's first, else 0. */
export function countedFrom(view: Pick<ForecastView, 'plan'>): number {
  return view.plan.resolved.target?.firstStep ?? 0;
}

export function totalOf(view: ForecastView): HorizonTotal {
  return horizonTotal(view.result, view.additive, countedFrom(view));
}

function periodCount(count: number, granularity: Granularity): string {
  const [one, many] = PERIOD_WORD[granularity];
  return `${count} ${count === 1 ? one : many}`;
}

/** 'month' for one, '3 months' for more: after 'the previous' or 'the same'. */
function spanWords(count: number, granularity: Granularity): string {
  return count === 1 ? PERIOD_WORD[granularity][0] : periodCount(count, granularity);
}

/** The periods from series index `first`, `steps` of them, as dates: '29 Aug – 27 Nov 2011'. */
function windowDates(series: MetricSeries, first: number, steps: number): string {
  const start = parseIsoDay(series.periods[0]);
  const from = addBuckets(start, first, series.granularity);
  const to = addBuckets(start, first + steps, series.granularity);
  if (series.granularity === 'month') return steps === 1 ? monthText(from) : `${monthText(from)} – ${monthText(to - DAY_MS)}`;
  return rangeText(from, to);
}

function heading(view: ForecastView): string {
  const { granularity } = view.series;
  const where = view.country ? `, ${view.country}` : '';
  const counted = view.plan.periods.slice(countedFrom(view)).map(parseIsoDay);
  const name = (ms: number) => (granularity === 'month' ? monthText(ms) : dayText(ms));
  const which =
    counted.length === 1
      ? `the ${PERIOD_WORD[granularity][0]} ${granularity === 'month' ? '' : 'starting '}${name(counted[0])}`
      : `the ${PERIOD_WORD[granularity][1]} ${granularity === 'month' ? '' : 'starting '}${name(counted[0])} to ${name(counted[counted.length - 1])}`;
  const target = view.plan.resolved.target;
  const thursday = target && granularity === 'week' ? `; a week counts in ${target.name} when its Thursday does` : '';
  return `*${view.label} forecast${where}, ${view.plan.horizonText}*: ${counted.length} ${GRANULARITY_WORD[granularity]} value${counted.length === 1 ? '' : 's'}, ${which}${thursday}.`;
}

/** Amounts in sentences carry the currency symbol; table cells do not (the column header names it). */
function amount(view: ForecastView): (x: number) => string {
  return (x) => formatValue(x, view.unit, view.currency);
}

function cappedLine(view: ForecastView): string | undefined {
  const { capped } = view.plan;
  if (!capped) return undefined;
  const g = view.series.granularity;
  return (
    `Shortened to ${periodCount(capped.steps, g)} (you asked for ${periodCount(capped.requestedSteps, g)}): the history has only ` +
    `${periodCount(view.series.periods.length, g)}, and Pulse forecasts no further ahead than the data reaches back.`
  );
}

function bookedLine(view: ForecastView): string | undefined {
  const { booked } = view;
  if (!booked) return undefined;
  const f = amount(view);
  const g = view.series.granularity;
  const start = parseIsoDay(booked.period);
  const name = bucketText(start, g);
  const upTo = rangeText(start, parseIsoDay(booked.throughDay) + DAY_MS);
  const rule =
    booked.shareRule.kind === 'last-year'
      ? `the share ${bucketText(parseIsoDay(booked.shareRule.period), g)} took after its first ${booked.elapsedDays} days`
      : booked.shareRule.kind === 'weekdays'
        ? `from the average day of the week in the data`
        : 'in proportion to its days';
  const p = forecastPoints(view)[0];
  return (
    `${name[0].toUpperCase()}${name.slice(1)} is under way (data to ${dayText(parseIsoDay(booked.throughDay))}): ` +
    `so far *${f(booked.booked)}* (${upTo}); expected total *${f(p.value)}* (80 % range ${f(p.lower80)} – ${f(p.upper80)}). ` +
    `The rest of it is forecast as ${Math.round((1 - booked.share) * 100)} % of a whole ${PERIOD_WORD[g][0]}, ${rule}.`
  );
}

function roughNote(result: ForecastResult): string {
  const rough = result.roughIntervals;
  if (!rough) return '';
  return ` The ranges are rough: the backtest left only ${rough.fewestErrors} error${rough.fewestErrors === 1 ? '' : 's'} per period to judge them by, so they were widened by a fixed rule rather than measured.`;
}

function totalLine(view: ForecastView, total: HorizonTotal): string {
  const f = amount(view);
  const target = view.plan.resolved.target;
  const what = total.kind === 'sum' ? `Expected total${target ? ` for ${target.name}` : ''}` : `Expected average per ${PERIOD_WORD[view.series.granularity][0]}${target ? ` in ${target.name}` : ''}`;
  return `${what}: *${f(total.total)}* (80 % range ${f(total.lower80)} – ${f(total.upper80)}).${roughNote(view.result)}`;
}

/** For a calendar target: the periods forecast before it, which its total leaves out. */
function leadInLine(view: ForecastView): string | undefined {
  const from = countedFrom(view);
  if (from === 0) return undefined;
  const lead = horizonTotal({ point: view.result.point.slice(0, from), lower80: view.result.lower80.slice(0, from), upper80: view.result.upper80.slice(0, from) }, view.additive);
  const g = view.series.granularity;
  const what = lead.kind === 'sum' ? (from === 1 ? '' : 'together ') : 'on average ';
  const verb = from === 1 ? 'is' : 'are';
  return `Before ${view.plan.resolved.target!.name}, ${periodCount(from, g)} from ${dayText(parseIsoDay(view.plan.periods[0]))} ${verb} forecast too: in the table and chart, not in this total (${what}${amount(view)(lead.total)}).`;
}

function comparisons(view: ForecastView) {
  const from = countedFrom(view);
  return compareWithHistory(view.series.values, view.plan.periods.length - from, view.yearLag, view.additive, from);
}

function comparisonLine(view: ForecastView, total: HorizonTotal): string | undefined {
  const { previous, lastYear } = comparisons(view);
  const g = view.series.granularity;
  const f = amount(view);
  const describe = (w: HistoryWindow, what: string) =>
    `${formatChange(percentChange(total.total, w.value)) ?? 'n/a'} vs ${what} (${windowDates(view.series, w.first, w.steps)}: ${f(w.value)})`;
  const parts = [
    previous ? describe(previous, `the previous ${spanWords(previous.steps, g)}`) : undefined,
    lastYear ? `${describe(lastYear, `the same ${spanWords(lastYear.steps, g)} a year earlier`).replace(/\)$/, `; ${LAG_WORDS[g]})`)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `Change: ${parts.join(' · ')}.` : undefined;
}

/**
 * New customers are inflated at the start of any data set: nobody had a chance to buy before, so
 * everyone is new. A comparison window inside the first quarter-year of data says so.
 */
function warmUpLine(view: ForecastView): string | undefined {
  if (view.metricName !== 'new_customers') return undefined;
  const { previous, lastYear } = comparisons(view);
  const g = view.series.granularity;
  const early = [previous, lastYear].filter((w): w is HistoryWindow => w !== undefined && w.first < WARM_UP_BUCKETS[g]);
  if (early.length === 0) return undefined;
  const dataStart = view.series.droppedPartial.first ?? view.series.periods[0];
  const windows = early.map((w) => windowDates(view.series, w.first, w.steps)).join(' and ');
  return (
    `Careful: ${windows} ${early.length === 1 ? 'is' : 'are'} in the first ${periodCount(WARM_UP_BUCKETS[g], g)} of the data (which starts ${dayText(parseIsoDay(dataStart))}), ` +
    'where every customer looks new because nobody could have bought before; that comparison says little.'
  );
}

/** Last year's same periods, and a warning when they fall outside the forecast's 80 % range. */
function lastYearLines(view: ForecastView): string[] {
  const { lastYear } = view;
  if (!lastYear || lastYear.every((p) => p.value === null)) return [];
  const g = view.series.granularity;
  const f = amount(view);
  const points = forecastPoints(view);
  const when = (iso: string) => (g === 'month' ? monthText(parseIsoDay(iso)) : dayText(parseIsoDay(iso)));
  const known = lastYear.map((p, h) => ({ ...p, h })).filter((p): p is LastYearPoint & { h: number; value: number } => p.value !== null);
  const listed = known.slice(0, MAX_LISTED).map((p) => `${when(p.lastYearPeriod)} ${f(p.value)}`);
  const more = known.length > MAX_LISTED ? ` and ${known.length - MAX_LISTED} more in the table` : '';
  const lag = g === 'month' ? '' : ` (${LAG_WORDS[g]})`;
  const lines = [`Same ${PERIOD_WORD[g][1]} a year earlier${lag}: ${listed.join(' · ')}${more}.`];
  // Furthest outside first (relative to the forecast), so the periods that differ most are named.
  const distance = (p: { h: number; value: number }) => {
    const point = points[p.h];
    const gap = p.value < point.lower80 ? point.lower80 - p.value : p.value - point.upper80;
    return gap / Math.max(Math.abs(point.value), Number.MIN_VALUE);
  };
  const outside = known.filter((p) => p.value < points[p.h].lower80 || p.value > points[p.h].upper80).sort((a, b) => distance(b) - distance(a));
  if (outside.length > 0) {
    const which = outside
      .slice(0, MAX_LISTED)
      .map((p) => `${g === 'week' ? 'week of ' : ''}${when(p.period)}: ${f(points[p.h].lower80)} – ${f(points[p.h].upper80)}, against ${f(p.value)} a year earlier`)
      .join('; ');
    const extra = outside.length > MAX_LISTED ? `; and ${outside.length - MAX_LISTED} more` : '';
    const oneSeason = view.result.members.filter((m) => m.model.endsWith(ONE_SEASON_LABEL)).reduce((s, m) => s + m.weight, 0);
    const season =
      oneSeason > 0
        ? `With ${periodCount(view.series.periods.length, g)} of history the yearly season is only roughly modelled (${Math.round(oneSeason * 100)} % of the forecast leans on last year's weeks, damped)`
        : `With ${periodCount(view.series.periods.length, g)} of history the yearly season is not modelled`;
    lines.push(
      `:warning: Last year's value falls outside the forecast's 80 % range in ${outside.length} of ${known.length} ${PERIOD_WORD[g][1]} (furthest first): ${which}${extra}. ` +
        `${season}: if last year's pattern repeats, this forecast will miss it.`,
    );
  }
  return lines;
}

function droppedLine(series: MetricSeries, booked: BookedSoFar | undefined): string | undefined {
  const [one] = PERIOD_WORD[series.granularity];
  const { first, last } = series.droppedPartial;
  const dropped = [first ? `the first ${one} (${first})` : undefined, last && !booked ? `the last ${one} (${last})` : undefined].filter((d): d is string => d !== undefined);
  return dropped.length > 0 ? `Left out of the history because the data covers only part of it: ${dropped.join(' and ')}.` : undefined;
}

export function summaryText(view: ForecastView): string {
  const total = totalOf(view);
  return [
    view.previous ? previousForecastLine(view.previous.scored, view.series.granularity, view.unit, view.currency, view.previous.timeZone) : undefined,
    heading(view),
    cappedLine(view),
    bookedLine(view),
    totalLine(view, total),
    leadInLine(view),
    comparisonLine(view, total),
    warmUpLine(view),
    ...lastYearLines(view),
    describeModel(view.result),
    droppedLine(view.series, view.booked),
    ...view.notes,
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

export function summaryLine(view: ForecastView): string {
  const total = totalOf(view);
  const f = amount(view);
  return `${view.label}, ${view.plan.horizonText}: ${f(total.total)} (80 %: ${f(total.lower80)}–${f(total.upper80)}), ${view.result.model}`;
}

export function forecastTable(view: ForecastView): Table {
  const f = (x: number) => formatValue(x, view.unit);
  const g = view.series.granularity;
  const from = countedFrom(view);
  const target = view.plan.resolved.target;
  const label = (period: string, h: number) => {
    const marks = [h === 0 && view.booked ? `so far ${f(view.booked.booked)}` : undefined, h < from && target ? `before ${target.name}` : undefined].filter(Boolean);
    return marks.length > 0 ? `${period} (${marks.join('; ')})` : period;
  };
  const withLastYear = view.lastYear !== undefined && view.lastYear.some((p) => p.value !== null);
  return {
    title: `${view.label} forecast per ${PERIOD_WORD[g][0]}${view.unit === 'currency' && view.currency ? ` (${view.currency})` : ''}`,
    columns: ['Period starting', 'Forecast', '80 % range', '95 % range', ...(withLastYear ? [`Same ${PERIOD_WORD[g][0]} last year`] : [])],
    rows: forecastPoints(view).map((p, h) => [
      label(p.period, h),
      f(p.value),
      `${f(p.lower80)} – ${f(p.upper80)}`,
      `${f(p.lower95)} – ${f(p.upper95)}`,
      ...(withLastYear ? [view.lastYear![h].value === null ? '–' : f(view.lastYear![h].value!)] : []),
    ]),
    align: ['left', 'right', 'right', 'right', ...(withLastYear ? (['right'] as const) : [])],
  };
}

function chartTitle(view: ForecastView): string {
  return `${view.label}${view.country ? ` (${view.country})` : ''}: ${view.plan.shortText} forecast`;
}

/** Chart input: observed history (undefined buckets left out), the forecast with its bands, and last year's same periods. */
export function chartInput(view: ForecastView): ForecastChartInput {
  const history = view.series.periods
    .map((period, t) => ({ date: period, value: view.series.values[t] }))
    .filter((p): p is { date: string; value: number } => p.value !== null);
  const lastYear = view.lastYear
    ?.filter((p): p is LastYearPoint & { value: number } => p.value !== null)
    .map((p) => ({ date: p.period, value: p.value }));
  return {
    metric: view.label,
    unit: view.unit,
    currency: view.currency,
    granularity: view.series.granularity,
    history,
    forecast: forecastPoints(view).map(({ period, ...bands }) => ({ date: period, ...bands })),
    ...(lastYear && lastYear.length > 0 ? { lastYear, lastYearLabel: `Same ${PERIOD_WORD[view.series.granularity][0]} last year` } : {}),
    ...(view.result.roughIntervals ? { roughIntervals: true } : {}),
    title: chartTitle(view),
  };
}

export function buildReply(view: ForecastView, chartPath: string): Reply {
  return {
    text: summaryText(view),
    tables: [forecastTable(view)],
    charts: [{ title: chartTitle(view), path: chartPath, altText: altText(view) }],
  };
}

function altText(view: ForecastView): string {
  const total = totalOf(view);
  const last = view.series.periods[view.series.periods.length - 1];
  const lastYear = view.lastYear?.some((p) => p.value !== null) ? ', and a faint line of the same periods a year earlier' : '';
  return `Line chart of ${view.label.toLowerCase()} up to ${last} and its forecast for ${view.plan.horizonText}, total ${amount(view)(total.total)}, with 80 % and 95 % bands${lastYear}.`;
}
