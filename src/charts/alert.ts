import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, NEUTRAL_GREY, OKABE_ITO, chartConfig } from './theme.ts';

/** The chart posted with an alert: the recent series, the threshold or the forecast's band, and the period checked. */
export interface AlertChartInput {
  title: string;
  subtitle?: string;
  valueLabel: string;
  /** d3-format for the axis ('$,.0f', ',.0f'). */
  valueFormat: string;
  currency?: string;
  granularity: 'day' | 'week';
  /** The recent periods, oldest first, ending with the one checked (ISO dates). */
  points: { date: string; value: number | null }[];
  /** The period checked: red when it breaches, green when it is back to normal. */
  checked: { date: string; value: number; breached: boolean };
  threshold?: number;
  /** The forecast's range and point for the checked period (anomaly alerts). */
  band?: { lower: number; upper: number; point: number; level: number };
  /** The period compared with (change alerts). */
  base?: { date: string; value: number };
}

export function alertSpec(input: AlertChartInput): TopLevelSpec {
  const x = {
    field: 'date',
    type: 'temporal' as const,
    title: null,
    scale: { type: 'utc' as const },
    axis: { format: '%d %b', labelAngle: 0, tickCount: Math.min(8, input.points.length) },
  };
  const y = { field: 'value', type: 'quantitative' as const, title: input.valueLabel, axis: { format: input.valueFormat } };
  const checkedColor = input.checked.breached ? OKABE_ITO.vermillion : OKABE_ITO.bluishGreen;
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      data: { values: input.points.filter((p) => p.value !== null) },
      mark: { type: 'line', strokeWidth: 2, strokeJoin: 'round', color: OKABE_ITO.blue, point: { size: 20, color: OKABE_ITO.blue } },
      encoding: { x, y },
    },
  ];
  if (input.threshold !== undefined) {
    layers.push({
      data: { values: [{ value: input.threshold, label: 'threshold' }] },
      mark: { type: 'rule', color: OKABE_ITO.black, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y },
    });
  }
  if (input.band) {
    const band = { date: input.checked.date, lower: input.band.lower, upper: input.band.upper, value: input.band.point };
    layers.push(
      {
        data: { values: [band] },
        mark: { type: 'rule', color: NEUTRAL_GREY, strokeWidth: 10, opacity: 0.3 },
        encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
      },
      {
        data: { values: [band] },
        mark: { type: 'tick', color: NEUTRAL_GREY, thickness: 2, size: 18 },
        encoding: { x, y },
      },
    );
  }
  if (input.base) {
    layers.push({
      data: { values: [input.base] },
      mark: { type: 'point', filled: true, size: 90, color: NEUTRAL_GREY },
      encoding: { x, y },
    });
  }
  layers.push({
    data: { values: [input.checked] },
    mark: { type: 'point', filled: true, size: 160, opacity: 1, color: checkedColor, stroke: 'white', strokeWidth: 1.5 },
    encoding: { x, y },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: input.title, subtitle: [input.subtitle, legendLine(input)].filter((s): s is string => Boolean(s)) },
    config: chartConfig(input.currency),
    width: CHART_WIDTH - 100,
    height: 240,
    layer: layers,
  };
}

/** What the marks mean, in words (one legend for layers of different kinds). */
function legendLine(input: AlertChartInput): string {
  const parts = [input.checked.breached ? 'Red dot: the period that breached' : 'Green dot: back to normal'];
  if (input.threshold !== undefined) parts.push('dashed line: the threshold');
  if (input.band) parts.push(`grey bar: the forecast's ${input.band.level} % range (tick: expected)`);
  if (input.base) parts.push('grey dot: the period compared with');
  return parts.join('; ');
}
