import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, FORMATS, NEUTRAL_GREY, OKABE_ITO, chartConfig, withUnit } from './theme.ts';

/** A day or timestamp: ISO-8601 text ('2011-12-09') or a Date; both are read as UTC. */
export type ChartDate = string | Date;

export interface ForecastPoint {
  date: ChartDate;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface ForecastChartInput {
  metric: string;
  unit?: 'currency' | 'count';
  /** ISO code printed by currency formats; absent: amounts without a symbol. */
  currency?: string;
  /** Bucket size, for the date labels ('Dec 2011' for months). Default: day. */
  granularity?: 'day' | 'week' | 'month';
  history: { date: ChartDate; value: number }[];
  forecast: ForecastPoint[];
  /** The same periods a year earlier, drawn at the forecast's dates as a faint line. */
  lastYear?: { date: ChartDate; value: number }[];
  /** Legend name of that line. Default 'Same period last year'. */
  lastYearLabel?: string;
  /** The bands were widened by rule (too few backtest errors): the subtitle says they are rough. */
  roughIntervals?: boolean;
  title?: string;
}

/** History shown: the last max(4 × horizon, 28) points, enough context without squashing the forecast. */
export function recentHistoryLength(horizon: number): number {
  return Math.max(4 * horizon, 28);
}

const SERIES = { actual: 'Actual', forecast: 'Forecast' } as const;

/**
 * Counts whose lowest value shown is above this share of the highest get an axis that does not
 * start at zero (their movement would be flattened otherwise); the subtitle says so. Money axes
 * always start at zero.
 */
const ZERO_AXIS_MIN_SHARE = 0.5;

function isoDate(date: ChartDate): string {
  return typeof date === 'string' ? date : date.toISOString();
}

function shownHistory(input: ForecastChartInput) {
  return input.history.slice(-recentHistoryLength(input.forecast.length));
}

function lineRows(input: ForecastChartInput) {
  const actual = shownHistory(input).map((point) => ({ date: isoDate(point.date), value: point.value, series: SERIES.actual }));
  const predicted = input.forecast.map((point) => ({ date: isoDate(point.date), value: point.value, series: SERIES.forecast }));
  // Start the forecast line at the last actual point so the two lines join.
  const join = actual.length > 0 ? [{ ...actual[actual.length - 1], series: SERIES.forecast }] : [];
  return [...actual, ...join, ...predicted];
}

/** Whether the dates shown fall in more than one calendar year (then every label carries its year). */
export function crossesYear(dates: ChartDate[]): boolean {
  const years = new Set(dates.map((d) => new Date(typeof d === 'string' ? (d.length === 10 ? `${d}T00:00:00Z` : d) : d).getUTCFullYear()));
  return years.size > 1;
}

/** Whether the value axis starts at zero: always for money, for counts unless they sit far from it. */
export function valueAxisFromZero(input: ForecastChartInput): boolean {
  if (input.unit === 'currency') return true;
  const values = [...shownHistory(input).map((p) => p.value), ...input.forecast.flatMap((p) => [p.lower95, p.upper95]), ...(input.lastYear ?? []).map((p) => p.value)];
  const low = Math.min(...values);
  const high = Math.max(...values);
  return !(low > 0 && low > ZERO_AXIS_MIN_SHARE * high);
}

interface ValueAxis {
  title: string;
  scale: { zero: boolean };
  axis: { format: string };
}

function bandLayer(lower: 'lower80' | 'lower95', upper: 'upper80' | 'upper95', opacity: number, valueAxis: ValueAxis) {
  return {
    mark: { type: 'area' as const, color: OKABE_ITO.orange, opacity, clip: true },
    encoding: {
      y: { field: lower, type: 'quantitative' as const, ...valueAxis },
      y2: { field: upper },
    },
  };
}

function subtitle(input: ForecastChartInput, fromZero: boolean): string[] {
  const lines = ['Shaded: 80 % (darker) and 95 % (lighter) prediction intervals'];
  if (input.roughIntervals) lines.push('The ranges are rough: too few backtest errors to measure them');
  if (input.lastYear?.length) lines.push(`Faint grey line: ${(input.lastYearLabel ?? 'Same period last year').toLowerCase()}`);
  if (!fromZero) lines.push('The value axis does not start at zero');
  return lines;
}

/**
 * Recent history, then the forecast (dashed) inside its 95 % (light) and 80 % (darker) bands, and
 * last year's same periods when given. Dates carry the year whenever the range crosses one. Lines
 * are clipped to the plot and drawn with round joins, so a value of zero never dips below the axis.
 */
export function forecastSpec(input: ForecastChartInput): TopLevelSpec {
  const isCurrency = input.unit === 'currency';
  const { currency } = input;
  const fromZero = valueAxisFromZero(input);
  const valueAxis: ValueAxis = {
    title: withUnit(input.metric, isCurrency ? currency : 'count'),
    scale: { zero: fromZero },
    axis: { format: isCurrency ? FORMATS.currency : FORMATS.count },
  };
  const bands = input.forecast.map((point) => ({ ...point, date: isoDate(point.date) }));
  const dates = [...shownHistory(input).map((p) => p.date), ...input.forecast.map((p) => p.date)];
  const monthly = input.granularity === 'month';
  const format = crossesYear(dates) ? (monthly ? '%b %Y' : '%d %b %Y') : monthly ? '%b' : '%d %b';
  const x = { field: 'date', type: 'temporal' as const, title: 'Date (UTC)', scale: { type: 'utc' as const }, axis: { format, labelOverlap: true } };
  const domain = [SERIES.actual, SERIES.forecast];
  // Last year's line is faint and out of the legend (the subtitle names it), so it never competes with the forecast.
  const lastYear = input.lastYear?.length
    ? [
        {
          data: { values: input.lastYear.map((point) => ({ date: isoDate(point.date), value: point.value })) },
          mark: { type: 'line' as const, clip: true, color: NEUTRAL_GREY, opacity: 0.6, strokeWidth: 1.5, strokeDash: [2, 2], strokeJoin: 'round' as const, point: { filled: true, size: 14, color: NEUTRAL_GREY, opacity: 0.6 } },
          encoding: { y: { field: 'value', type: 'quantitative' as const, ...valueAxis } },
        },
      ]
    : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: input.title ?? `${input.metric}: ${input.forecast.length}-period forecast`,
      subtitle: subtitle(input, fromZero),
    },
    config: chartConfig(currency),
    width: CHART_WIDTH - 100,
    height: 280,
    encoding: { x },
    layer: [
      { data: { values: bands }, layer: [bandLayer('lower95', 'upper95', 0.18, valueAxis), bandLayer('lower80', 'upper80', 0.35, valueAxis)] },
      {
        data: { values: lineRows(input) },
        mark: { type: 'line', clip: true, strokeWidth: 2, strokeJoin: 'round', strokeCap: 'round' },
        encoding: {
          y: { field: 'value', type: 'quantitative', ...valueAxis },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain, range: [OKABE_ITO.blue, OKABE_ITO.vermillion] },
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain, range: [[1, 0], [6, 4]] },
          },
        },
      },
      ...lastYear,
    ],
  };
}
