import type { ForecastChartInput } from '../../charts/index.ts';
import type { Reply, Table } from '../../core/reply.ts';
import type { ForecastResult } from '../../ml/forecast/index.ts';
import type { MetricSeries } from '../../repos/metric-series.ts';
import type { Granularity } from '../../time/calendar.ts';
import { compareWithHistory, describeModel, formatChange, formatValue, horizonTotal, percentChange, type HorizonTotal } from './summary.ts';

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
  unit: 'currency' | 'count';
  /** ISO code for money metrics (CURRENCY); absent: no symbol. */
  currency?: string;
  additive: boolean;
  horizonText: string;
  country?: string;
  series: MetricSeries;
  /** ISO start of each forecast period. */
  forecastPeriods: string[];
  result: ForecastResult;
  /** Buckets in a year, for "same period last year". */
  yearLag: number;
  /** Non-blocking remarks on the series (classifySeries warnings). */
  notes: string[];
}

const PERIOD_WORD: Record<Granularity, [string, string]> = { day: ['day', 'days'], week: ['week', 'weeks'], month: ['month', 'months'] };
const GRANULARITY_WORD: Record<Granularity, string> = { day: 'daily', week: 'weekly', month: 'monthly' };

export function forecastPoints(view: Pick<ForecastView, 'forecastPeriods' | 'result'>): ForecastPointData[] {
  const { result } = view;
  return view.forecastPeriods.map((period, h) => ({
    period,
    value: result.point[h],
    lower80: result.lower80[h],
    upper80: result.upper80[h],
    lower95: result.lower95[h],
    upper95: result.upper95[h],
  }));
}

export function totalOf(view: ForecastView): HorizonTotal {
  return horizonTotal(view.result, view.additive);
}

function periodCount(count: number, granularity: Granularity): string {
  const [one, many] = PERIOD_WORD[granularity];
  return `${count} ${count === 1 ? one : many}`;
}

function heading(view: ForecastView): string {
  const { granularity } = view.series;
  const first = view.forecastPeriods[0];
  const last = view.forecastPeriods[view.forecastPeriods.length - 1];
  const where = view.country ? `, ${view.country}` : '';
  return `*${view.label} forecast${where}, ${view.horizonText}* (${view.forecastPeriods.length} ${GRANULARITY_WORD[granularity]} values, ${first} to the ${PERIOD_WORD[granularity][0]} starting ${last})`;
}

/** Amounts in sentences carry the currency symbol; table cells do not (the column header names it). */
function amount(view: ForecastView): (x: number) => string {
  return (x) => formatValue(x, view.unit, view.currency);
}

function totalLine(view: ForecastView, total: HorizonTotal): string {
  const f = amount(view);
  const what = total.kind === 'sum' ? 'Expected total' : 'Expected average per period';
  return `${what}: *${f(total.total)}* (80 % range ${f(total.lower80)} – ${f(total.upper80)}).`;
}

function comparisonLine(view: ForecastView, total: HorizonTotal): string | undefined {
  const steps = view.forecastPeriods.length;
  const history = compareWithHistory(view.series.values, steps, view.yearLag, view.additive);
  const span = periodCount(steps, view.series.granularity);
  const parts = [
    history.previous !== undefined ? `${formatChange(percentChange(total.total, history.previous)) ?? 'n/a'} vs the previous ${span} (${amount(view)(history.previous)})` : undefined,
    history.lastYear !== undefined ? `${formatChange(percentChange(total.total, history.lastYear)) ?? 'n/a'} vs the same ${span} last year (${amount(view)(history.lastYear)})` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `Change: ${parts.join(' · ')}.` : undefined;
}

function droppedLine(series: MetricSeries): string | undefined {
  const [one] = PERIOD_WORD[series.granularity];
  const dropped = [
    series.droppedPartial.first ? `the first ${one} (${series.droppedPartial.first})` : undefined,
    series.droppedPartial.last ? `the last ${one} (${series.droppedPartial.last})` : undefined,
  ].filter((d): d is string => d !== undefined);
  return dropped.length > 0 ? `Left out because the data covers only part of it: ${dropped.join(' and ')}.` : undefined;
}

export function summaryText(view: ForecastView): string {
  const total = totalOf(view);
  return [heading(view), totalLine(view, total), comparisonLine(view, total), describeModel(view.result), droppedLine(view.series), ...view.notes]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

export function summaryLine(view: ForecastView): string {
  const total = totalOf(view);
  const f = amount(view);
  return `${view.label}, ${view.horizonText}: ${f(total.total)} (80 %: ${f(total.lower80)}–${f(total.upper80)}), ${view.result.model}`;
}

export function forecastTable(view: ForecastView): Table {
  const f = (x: number) => formatValue(x, view.unit);
  return {
    title: `${view.label} forecast per ${PERIOD_WORD[view.series.granularity][0]}${view.unit === 'currency' && view.currency ? ` (${view.currency})` : ''}`,
    columns: ['Period starting', 'Forecast', '80 % range', '95 % range'],
    rows: forecastPoints(view).map((p) => [p.period, f(p.value), `${f(p.lower80)} – ${f(p.upper80)}`, `${f(p.lower95)} – ${f(p.upper95)}`]),
    align: ['left', 'right', 'right', 'right'],
  };
}

function chartTitle(view: ForecastView): string {
  return `${view.label}${view.country ? ` (${view.country})` : ''}: ${view.horizonText} forecast`;
}

/** Chart input: observed history (undefined buckets left out) and the forecast with its bands. */
export function chartInput(view: ForecastView): ForecastChartInput {
  const history = view.series.periods
    .map((period, t) => ({ date: period, value: view.series.values[t] }))
    .filter((p): p is { date: string; value: number } => p.value !== null);
  return {
    metric: view.label,
    unit: view.unit,
    currency: view.currency,
    history,
    forecast: forecastPoints(view).map(({ period, ...bands }) => ({ date: period, ...bands })),
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
  return `Line chart of ${view.label.toLowerCase()} up to ${last} and its forecast for ${view.horizonText}, total ${amount(view)(total.total)}, with 80 % and 95 % bands.`;
}
