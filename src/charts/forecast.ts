import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, FORMATS, OKABE_ITO, chartConfig, withUnit } from './theme.ts';

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
  history: { date: ChartDate; value: number }[];
  forecast: ForecastPoint[];
  title?: string;
}

/** History shown: the last max(4 × horizon, 28) points, enough context without squashing the forecast. */
export function recentHistoryLength(horizon: number): number {
  return Math.max(4 * horizon, 28);
}

const SERIES = { actual: 'Actual', forecast: 'Forecast' } as const;

function isoDate(date: ChartDate): string {
  return typeof date === 'string' ? date : date.toISOString();
}

function lineRows(input: ForecastChartInput) {
  const history = input.history.slice(-recentHistoryLength(input.forecast.length));
  const actual = history.map((point) => ({ date: isoDate(point.date), value: point.value, series: SERIES.actual }));
  const predicted = input.forecast.map((point) => ({ date: isoDate(point.date), value: point.value, series: SERIES.forecast }));
  // Start the forecast line at the last actual point so the two lines join.
  const join = actual.length > 0 ? [{ ...actual[actual.length - 1], series: SERIES.forecast }] : [];
  return [...actual, ...join, ...predicted];
}

interface ValueAxis {
  title: string;
  scale: { zero: false };
  axis: { format: string };
}

function bandLayer(lower: 'lower80' | 'lower95', upper: 'upper80' | 'upper95', opacity: number, valueAxis: ValueAxis) {
  return {
    mark: { type: 'area' as const, color: OKABE_ITO.orange, opacity },
    encoding: {
      y: { field: lower, type: 'quantitative' as const, ...valueAxis },
      y2: { field: upper },
    },
  };
}

/** Recent history, then the forecast (dashed) inside its 95 % (light) and 80 % (darker) bands. */
export function forecastSpec(input: ForecastChartInput): TopLevelSpec {
  const isCurrency = input.unit === 'currency';
  const { currency } = input;
  const valueAxis: ValueAxis = {
    title: withUnit(input.metric, isCurrency ? currency : 'count'),
    scale: { zero: false },
    axis: { format: isCurrency ? FORMATS.currency : FORMATS.count },
  };
  const bands = input.forecast.map((point) => ({ ...point, date: isoDate(point.date) }));
  const x = { field: 'date', type: 'temporal' as const, title: 'Date (UTC)', scale: { type: 'utc' as const }, axis: { format: '%d %b' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: input.title ?? `${input.metric}: ${input.forecast.length}-period forecast`,
      subtitle: 'Shaded: 80 % (darker) and 95 % (lighter) prediction intervals',
    },
    config: chartConfig(currency),
    width: CHART_WIDTH - 100,
    height: 280,
    encoding: { x },
    layer: [
      { data: { values: bands }, layer: [bandLayer('lower95', 'upper95', 0.18, valueAxis), bandLayer('lower80', 'upper80', 0.35, valueAxis)] },
      {
        data: { values: lineRows(input) },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          y: { field: 'value', type: 'quantitative', ...valueAxis },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: [SERIES.actual, SERIES.forecast], range: [OKABE_ITO.blue, OKABE_ITO.vermillion] },
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: [SERIES.actual, SERIES.forecast], range: [[1, 0], [6, 4]] },
          },
        },
      },
    ],
  };
}
