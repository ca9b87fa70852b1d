import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, NEUTRAL_GREY, OKABE_ITO, chartConfig } from './theme.ts';

/** Charts of `metric` answers: bars per key (with the comparison beside), and a line over time with the comparison overlaid. */

export interface MetricBarsInput {
  title: string;
  subtitle?: string;
  /** Heading of the keys: 'Country'. */
  dimensionLabel: string;
  /** Should name the unit: 'Revenue (GBP)'. */
  valueLabel: string;
  /** In the order to show, largest first. */
  rows: { label: string; value: number; compare?: number }[];
  /** Legend names of the two periods: 'Nov 2011', 'Oct 2011'. */
  currentName: string;
  compareName?: string;
  /** d3-format for the axis and the labels ('$,.0f', ',.0f', '.2f'). */
  valueFormat: string;
  currency?: string;
}

/** Labels longer than this are cut with an ellipsis. */
const LABEL_LIMIT = 150;

/** Horizontal bars, one row per key in the given order; with a comparison, a grey bar under each. */
export function metricBarsSpec(input: MetricBarsInput): TopLevelSpec {
  const compared = input.compareName !== undefined && input.rows.some((r) => r.compare !== undefined);
  const series = compared ? [input.currentName, input.compareName as string] : [input.currentName];
  const values = input.rows.flatMap((row, rank) => [
    { label: row.label, rank, series: input.currentName, value: row.value },
    ...(compared && row.compare !== undefined ? [{ label: row.label, rank, series: input.compareName, value: row.compare }] : []),
  ]);
  const barHeight = compared ? 11 : 16;
  const height = Math.max(60, input.rows.length * (compared ? 2 * barHeight + 8 : barHeight + 8));
  const y = { field: 'label', type: 'nominal' as const, sort: input.rows.map((r) => r.label), title: input.dimensionLabel, axis: { labelLimit: LABEL_LIMIT } };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: series, range: compared ? [OKABE_ITO.blue, '#b8b8b8'] : [OKABE_ITO.blue] },
    legend: compared ? {} : null,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: input.subtitle ? { text: input.title, subtitle: input.subtitle } : input.title,
    config: chartConfig(input.currency),
    width: CHART_WIDTH - 220,
    height,
    data: { values },
    encoding: {
      y,
      ...(compared ? { yOffset: { field: 'series', type: 'nominal' as const, sort: series } } : {}),
      x: { field: 'value', type: 'quantitative' as const, title: input.valueLabel, axis: { format: input.valueFormat, tickCount: 5 } },
      color,
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2, height: barHeight } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#333333' },
        encoding: { text: { field: 'value', type: 'quantitative', format: input.valueFormat }, color: { value: '#333333' } },
      },
    ],
  };
}

export interface MetricLineInput {
  title: string;
  subtitle?: string;
  valueLabel: string;
  valueFormat: string;
  currency?: string;
  granularity: 'day' | 'week' | 'month';
  /** Per bucket of the current period (ISO dates); `compare` is the comparison bucket in the same position. */
  points: { date: string; value: number | null; compare?: number | null }[];
  currentName: string;
  compareName?: string;
}

/** The current period as a solid line; the comparison period, shifted onto the same dates, dashed grey. */
export function metricLineSpec(input: MetricLineInput): TopLevelSpec {
  const compared = input.compareName !== undefined && input.points.some((p) => p.compare !== undefined && p.compare !== null);
  const series = compared ? [input.currentName, input.compareName as string] : [input.currentName];
  const values = input.points.flatMap((p) => [
    ...(p.value !== null ? [{ date: p.date, series: input.currentName, value: p.value }] : []),
    ...(compared && p.compare !== undefined && p.compare !== null ? [{ date: p.date, series: input.compareName, value: p.compare }] : []),
  ]);
  const format = input.granularity === 'month' ? '%b %Y' : '%d %b';
  const showPoints = input.points.length <= 40;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: input.title, subtitle: [input.subtitle, compared ? `Dashed: ${input.compareName}, drawn on the same ${input.granularity}s` : undefined].filter((s): s is string => Boolean(s)) },
    config: chartConfig(input.currency),
    width: CHART_WIDTH - 100,
    height: 260,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, point: showPoints ? { size: 24 } : false },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, scale: { type: 'utc' }, axis: { format, labelAngle: 0, tickCount: Math.min(8, input.points.length) } },
      y: { field: 'value', type: 'quantitative', title: input.valueLabel, axis: { format: input.valueFormat } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: [OKABE_ITO.blue, NEUTRAL_GREY] }, legend: compared ? {} : null },
      strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: [[1, 0], [5, 4]] }, legend: compared ? {} : null },
    },
  };
}
