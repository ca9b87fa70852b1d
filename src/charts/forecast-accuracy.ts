import type { TopLevelSpec } from 'vega-lite';
import { crossesYear } from './forecast.ts';
import { CHART_WIDTH, FORMATS, OKABE_ITO, chartConfig, withUnit } from './theme.ts';

/** One stored forecast of one period: where it put the period, and its ranges. */
export interface StoredForecastMark {
  /** ISO start of the period. */
  date: string;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  inside80: boolean;
  inside95: boolean;
}

export interface ForecastAccuracyChartInput {
  title: string;
  metric: string;
  unit: 'currency' | 'count';
  currency?: string;
  granularity: 'day' | 'week' | 'month';
  /** What happened, per scored period. */
  actual: { date: string; value: number }[];
  forecasts: StoredForecastMark[];
}

/**
 * Actuals (blue line) over every stored forecast's ranges at the periods it forecast: a thick
 * orange bar for the 80 % range, a thin one for the 95 % range, a tick at the forecast. Several
 * forecasts of one period overlap and look darker, so the eye sees at once whether the line runs
 * through the bars. Money axes start at zero, as in the forecast chart.
 */
export function forecastAccuracySpec(input: ForecastAccuracyChartInput): TopLevelSpec {
  const isCurrency = input.unit === 'currency';
  const y = { type: 'quantitative' as const, title: withUnit(input.metric, isCurrency ? input.currency : 'count'), scale: { zero: isCurrency }, axis: { format: isCurrency ? FORMATS.currency : FORMATS.count } };
  const monthly = input.granularity === 'month';
  const format = crossesYear(input.actual.map((a) => a.date)) ? (monthly ? '%b %Y' : '%d %b %Y') : monthly ? '%b' : '%d %b';
  const x = { field: 'date', type: 'temporal' as const, title: 'Period starting (UTC)', scale: { type: 'utc' as const, padding: 16 }, axis: { format, labelOverlap: true } };
  const several = new Set(input.forecasts.map((f) => f.date)).size < input.forecasts.length;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: input.title,
      subtitle: [
        'Orange: each stored forecast\u2019s 80 % range (thick bar), 95 % range (thin bar)',
        'and forecast (tick); blue: what happened',
        ...(several ? ['Periods forecast more than once show overlapping, darker bars'] : []),
      ],
    },
    config: chartConfig(input.currency),
    width: CHART_WIDTH - 100,
    height: 280,
    encoding: { x },
    layer: [
      {
        data: { values: input.forecasts },
        layer: [
          { mark: { type: 'rule', color: OKABE_ITO.orange, opacity: 0.45, strokeWidth: 2 }, encoding: { y: { field: 'lower95', ...y }, y2: { field: 'upper95' } } },
          { mark: { type: 'rule', color: OKABE_ITO.orange, opacity: 0.45, strokeWidth: 7 }, encoding: { y: { field: 'lower80', ...y }, y2: { field: 'upper80' } } },
          { mark: { type: 'tick', color: OKABE_ITO.vermillion, thickness: 2, size: 14, orient: 'horizontal' }, encoding: { y: { field: 'value', ...y } } },
        ],
      },
      {
        data: { values: input.actual },
        mark: { type: 'line', color: OKABE_ITO.blue, strokeWidth: 2, point: { filled: true, size: 36, color: OKABE_ITO.blue } },
        encoding: { y: { field: 'value', ...y } },
      },
    ],
  };
}
